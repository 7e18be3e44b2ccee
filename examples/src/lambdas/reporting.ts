import type { DrContext, DrError } from '@drkit/core';
import type { ResultAsync } from 'neverthrow';
import type { RestoreTestDeps } from './deps';
import type { RestoreTestRun } from './runStore';

/**
 * Puts a finished run's measurements on the metrics sink (CloudWatch EMF in Lambda) and flushes
 * it: `RestoreTestSucceeded` (1 or 0 — alarm on its minimum), `RestoreDurationSeconds`,
 * `RecoveryPointAgeSeconds`, `RestoreAttempts`, and `RestoreCheckFailed` per failed check.
 *
 * @example
 * ```ts
 * publishRestoreTestMetrics(deps, run, ctx);
 * ```
 */
export function publishRestoreTestMetrics(deps: RestoreTestDeps, run: RestoreTestRun, ctx: DrContext): void {
  const outcome = run.outcome;
  if (!outcome) return;
  const dims = { Vault: run.vault };
  ctx.metrics.putMetric('RestoreTestSucceeded', outcome.status === 'passed' ? 1 : 0, 'Count', dims);
  ctx.metrics.putMetric('RestoreAttempts', run.attempts.length, 'Count', dims);
  if (outcome.restoreSeconds !== undefined)
    ctx.metrics.putMetric('RestoreDurationSeconds', outcome.restoreSeconds, 'Seconds', dims);
  if (outcome.dataAgeSeconds !== undefined)
    ctx.metrics.putMetric('RecoveryPointAgeSeconds', outcome.dataAgeSeconds, 'Seconds', dims);
  for (const c of outcome.checks)
    if (c.status !== 'passed') ctx.metrics.putMetric('RestoreCheckFailed', 1, 'Count', { ...dims, Check: c.name });
  deps.metrics.flush?.();
}

/**
 * Tells the operations team (SNS) that a run failed: why, which checks, which restore jobs, and
 * what was cleaned up. No secrets (no restore metadata, no addresses with credentials).
 *
 * @example
 * ```ts
 * await notifyFailure(deps, run, ctx);
 * ```
 */
export function notifyFailure(
  deps: RestoreTestDeps,
  run: RestoreTestRun,
  ctx: DrContext,
): ResultAsync<{ readonly messageId?: string }, DrError> {
  const outcome = run.outcome;
  const lines = [
    `The weekly restore test ${run.runId} FAILED.`,
    '',
    `Reason: ${outcome?.reason ?? 'unknown'}`,
    `Vault: ${run.vault}${run.resourceArn ? `, instance ${run.resourceArn}` : ''}`,
    `Scheduled: ${run.scheduledAt}`,
    '',
    'Restore jobs:',
    ...run.attempts.map(
      (a) =>
        `  #${a.attempt} ${a.jobId} of ${a.recoveryPointArn} (data as of ${a.pointCreatedAt}): ${a.state ?? 'running'}${a.failure ? ` — ${a.failure}` : ''}`,
    ),
    ...(outcome && outcome.checks.length > 0
      ? [
          '',
          'Checks:',
          ...outcome.checks.map((c) => `  ${c.status.toUpperCase()} ${c.name}${c.detail ? `: ${c.detail}` : ''}`),
        ]
      : []),
    '',
    outcome?.cleanedUp === false
      ? 'The test instance could NOT be deleted: terminate it by hand (it runs in the isolated subnet).'
      : 'The test instance was deleted.',
    outcome?.validationStatus ? `AWS Backup shows the restore job's validation as ${outcome.validationStatus}.` : '',
  ];
  return deps.notifier.notify(
    {
      subject: `Weekly restore test FAILED: ${run.runId}`,
      message: lines.filter((l, i, all) => !(l === '' && all[i - 1] === '')).join('\n'),
      severity: 'critical',
      attributes: { runId: run.runId, vault: run.vault, status: 'failed' },
    },
    ctx,
  );
}
