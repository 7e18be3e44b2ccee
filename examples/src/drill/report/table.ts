import { formatDuration } from '@drkit/core';
import type { DrillReport } from './types';

/** Renders the drill's summary table: measured RTO and RPO against the plan and the objectives. */
export function renderTable(report: DrillReport): string {
  const header = [
    'scenario',
    'status',
    'RTO measured',
    'critical path',
    'RTO objective',
    'RPO measured',
    'RPO objective',
    'plan estimate',
  ];
  const dash = (seconds: number) => (report.dryRun ? '—' : formatDuration(seconds * 1000));
  const rows = report.scenarios.map((s) => [
    s.name,
    s.status === 'failed' ? 'FAILED' : report.dryRun ? 'PLANNED' : 'PASSED',
    dash(s.rto.measuredSeconds),
    dash(s.rto.criticalPathSeconds),
    formatDuration(s.rto.objectiveSeconds * 1000),
    s.rpo.measuredSeconds === null ? '—' : formatDuration(s.rpo.measuredSeconds * 1000),
    formatDuration(s.rpo.objectiveSeconds * 1000),
    s.planEstimate,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  const failed = report.scenarios.filter((s) => s.status === 'failed');
  for (const s of failed) out.push(`  ${s.name}: ${s.reason ?? 'failed'}`);
  const passed = report.scenarios.length - failed.length;
  out.push(
    '',
    report.dryRun
      ? `${passed} planned (dry run: nothing was called), ${failed.length} failed`
      : `${passed} passed, ${failed.length} failed`,
  );
  return out.join('\n');
}
