import type { ApplyBackupPlanReport, BackupStrategy, ComplianceReport } from '@drkit/aws/strategy';

const show = (v: unknown): string => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The strategy as the DR plan's two tables: each plan's rules with their schedule, retention in
 * the primary vault and copy retention in the DR vault, then the cache snapshot policy.
 *
 * @example
 * ```ts
 * console.log(formatStrategy(strategy));
 * ```
 */
export function formatStrategy(strategy: BackupStrategy): string {
  const lines = [
    `Backup strategy of ${strategy.application} (${strategy.regions.primary} → ${strategy.regions.dr}); RPO ${strategy.rpoMs / 60_000} min, restores within ${strategy.restoreTargetMs / 60_000} min`,
    '',
    `  ${'plan / rule'.padEnd(28)} ${'schedule'.padEnd(34)} ${'primary vault'.padEnd(14)} DR vault`,
  ];
  for (const plan of strategy.plans) {
    lines.push(
      `  ${plan.planName} (${plan.resourceType}, ${plan.resources.length} resource${plan.resources.length === 1 ? '' : 's'})`,
    );
    for (const r of plan.rules)
      lines.push(
        `    ${r.ruleName.padEnd(26)} ${(r.continuous ? 'continuous (PITR)' : r.scheduleExpression).padEnd(34)} ${`${r.keepDays} d`.padEnd(14)} ${r.copyToDrDays !== undefined ? `${r.copyToDrDays} d` : '—'}`,
      );
  }
  const c = strategy.cache;
  if (c)
    lines.push(
      `  ElastiCache ${c.replicationGroupId}`,
      `    ${'daily (automatic)'.padEnd(26)} ${`window ${c.daily.window}`.padEnd(34)} ${`${c.daily.keepDays} d`.padEnd(14)} —`,
      `    ${'weekly (manual)'.padEnd(26)} ${`${c.weekly.prefix}YYYY-MM-DD`.padEnd(34)} ${`${c.weekly.keepDays} d`.padEnd(14)} ${c.weekly.copyToDr ? `${c.weekly.keepDays} d` : '—'}`,
    );
  return lines.join('\n');
}

/**
 * What an apply changed (or, in a dry run, would change), one line per difference, and the notes
 * about what no API call can set up.
 *
 * @example
 * ```ts
 * console.log(formatApplyReport(applied));
 * ```
 */
export function formatApplyReport(report: ApplyBackupPlanReport): string {
  const verb = report.dryRun ? 'would make' : 'made';
  const lines = [
    report.changes.length === 0
      ? 'The account already matches the strategy: no change.'
      : `${report.changes.length} change${report.changes.length === 1 ? '' : 's'} ${verb}:`,
    ...report.changes.map(
      (c) =>
        `  ${c.action.padEnd(7)} ${c.resource.padEnd(21)} ${c.name}${c.field ? `  ${c.field}: ${show(c.from)} → ${show(c.to)}` : ''}`,
    ),
  ];
  if (report.notes.length > 0) lines.push('', 'Notes:', ...report.notes.map((n) => `  - ${n}`));
  return lines.join('\n');
}

/**
 * The compliance report: the totals, then one line per resource and control, the
 * non-compliant first.
 *
 * @example
 * ```ts
 * console.log(formatComplianceReport(report));
 * ```
 */
export function formatComplianceReport(report: ComplianceReport): string {
  const order = { NON_COMPLIANT: 0, INSUFFICIENT_DATA: 1, COMPLIANT: 2 } as const;
  const short = (arn: string) => arn.replace(/^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d*:/, '');
  const verdicts = [...report.verdicts].sort(
    (a, b) =>
      order[a.status] - order[b.status] || a.resource.localeCompare(b.resource) || a.control.localeCompare(b.control),
  );
  return [
    `Compliance at ${new Date(report.evaluatedAt).toISOString()}: ${report.compliant ? 'COMPLIANT' : 'NON_COMPLIANT'} — ${report.summary.COMPLIANT} compliant, ${report.summary.NON_COMPLIANT} non-compliant, ${report.summary.INSUFFICIENT_DATA} insufficient data`,
    '',
    ...verdicts.map(
      (v) => `  ${v.status.padEnd(17)} ${v.control.padEnd(31)} ${short(v.resource).padEnd(34)} ${v.detail}`,
    ),
  ].join('\n');
}
