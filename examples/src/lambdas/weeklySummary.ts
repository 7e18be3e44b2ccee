import { paginateListRestoreJobs, type RestoreJobsListMember } from '@aws-sdk/client-backup';
import { formatDuration, type DrContext, type DrError } from '@drkit/core';
import { awsAttempt, pacedClient, toEpochMs } from '@drkit/aws';
import { ResultAsync, okAsync } from 'neverthrow';
import { contextFor, runStoreOf, type RestoreTestDeps } from './deps';

/** One week's restore test, as AWS Backup recorded its last restore job. */
export interface SummarizedRun {
  readonly runId: string;
  /** The run's last restore job (the one that decided it). */
  readonly jobId: string;
  /** When that job was created (ISO-8601). */
  readonly startedAt: string;
  /** `passed` only when AWS Backup shows the validation `SUCCESSFUL`. */
  readonly status: 'passed' | 'failed' | 'running';
  /** The job's validation status, or why there is none (`restore FAILED`, `not validated`). */
  readonly detail: string;
  /** Creation → completion of the job, seconds (absent for a job that did not complete). */
  readonly restoreSeconds?: number;
  /** Restore jobs the run took (more than 1 after transient failures). */
  readonly attempts: number;
}

/** Restore durations over the period and their trend. */
export interface DurationTrend {
  readonly count: number;
  readonly minSeconds?: number;
  readonly medianSeconds?: number;
  readonly maxSeconds?: number;
  /** Least-squares slope over the runs in order, seconds per week. */
  readonly slopeSecondsPerWeek?: number;
  /** `flat` when the slope is under 5 % of the median per week. */
  readonly direction: 'rising' | 'falling' | 'flat' | 'unknown';
}

/** The weekly summary report of the restore tests. */
export interface RestoreTestSummary {
  readonly from: string;
  readonly to: string;
  /** Oldest first. */
  readonly runs: readonly SummarizedRun[];
  /** Finished runs (running ones are not counted). */
  readonly total: number;
  readonly passed: number;
  /** `passed / total` in percent (100 when there was nothing to count is not claimed: `undefined`). */
  readonly successRatePercent?: number;
  readonly durations: DurationTrend;
  /** What to look at, from the figures. */
  readonly recommendations: readonly string[];
}

const WEEK_MS = 7 * 86_400_000;

/**
 * The summary of restore test runs: success rate, restore durations and their trend, and
 * recommendations. Pure; {@link weeklyRestoreSummary} feeds it from AWS Backup.
 *
 * @example
 * ```ts
 * const s = summarizeRestoreTests(runs, { from, to, rtoSeconds: 3600 });
 * console.log(formatRestoreTestSummary(s));
 * ```
 */
export function summarizeRestoreTests(
  runs: readonly SummarizedRun[],
  options: { from: number; to: number; rtoSeconds?: number },
): RestoreTestSummary {
  const ordered = [...runs].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  const finished = ordered.filter((r) => r.status !== 'running');
  const passed = finished.filter((r) => r.status === 'passed').length;
  const timed = finished.filter((r) => r.restoreSeconds !== undefined);
  const secs = timed.map((r) => r.restoreSeconds!).sort((a, b) => a - b);
  const median =
    secs.length === 0
      ? undefined
      : secs.length % 2
        ? secs[(secs.length - 1) / 2]!
        : (secs[secs.length / 2 - 1]! + secs[secs.length / 2]!) / 2;
  let slope: number | undefined;
  if (timed.length >= 2) {
    const t0 = Date.parse(timed[0]!.startedAt);
    const xs = timed.map((r) => (Date.parse(r.startedAt) - t0) / WEEK_MS);
    const ys = timed.map((r) => r.restoreSeconds!);
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
    slope = sxx === 0 ? 0 : xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0) / sxx;
  }
  const direction: DurationTrend['direction'] =
    slope === undefined || median === undefined
      ? 'unknown'
      : Math.abs(slope) < 0.05 * median
        ? 'flat'
        : slope > 0
          ? 'rising'
          : 'falling';
  const successRatePercent = finished.length === 0 ? undefined : Math.round((passed / finished.length) * 1000) / 10;
  const recommendations: string[] = [];
  if (finished.length === 0)
    recommendations.push('No restore test finished in the period: check the schedule rule and the Lambdas.');
  const failedRuns = finished.filter((r) => r.status === 'failed');
  if (failedRuns.length > 0)
    recommendations.push(
      `Investigate ${failedRuns.map((r) => `${r.runId} (${r.detail})`).join(', ')}; a backup that does not restore is no backup.`,
    );
  if (direction === 'rising' && slope !== undefined)
    recommendations.push(
      `Restore times are rising by ${formatDuration(Math.round(slope * 1000))} a week: check the growth of the instance's volumes; consider EBS fast snapshot restore for the volumes the restore needs.`,
    );
  const rto = options.rtoSeconds;
  if (rto !== undefined && secs.length > 0 && secs[secs.length - 1]! > rto / 2)
    recommendations.push(
      `The slowest restore took ${formatDuration(secs[secs.length - 1]! * 1000)}, over half the ${formatDuration(rto * 1000)} RTO: keep a warm standby rather than relying on restores for this tier.`,
    );
  if (ordered.some((r) => r.attempts > 1))
    recommendations.push(
      'Some runs needed more than one restore attempt: check capacity of the isolated subnet’s zone.',
    );
  return {
    from: new Date(options.from).toISOString(),
    to: new Date(options.to).toISOString(),
    runs: ordered,
    total: finished.length,
    passed,
    ...(successRatePercent !== undefined ? { successRatePercent } : {}),
    durations: {
      count: secs.length,
      ...(secs.length ? { minSeconds: secs[0]!, maxSeconds: secs[secs.length - 1]! } : {}),
      ...(median !== undefined ? { medianSeconds: median } : {}),
      ...(slope !== undefined ? { slopeSecondsPerWeek: Math.round(slope * 10) / 10 } : {}),
      direction,
    },
    recommendations,
  };
}

/**
 * The summary as the text of the weekly report (the SNS message).
 *
 * @example
 * ```ts
 * console.log(formatRestoreTestSummary(summary));
 * ```
 */
export function formatRestoreTestSummary(s: RestoreTestSummary): string {
  const d = s.durations;
  const dur = (sec: number | undefined) => (sec === undefined ? '—' : formatDuration(Math.round(sec) * 1000));
  return [
    `Restore tests ${s.from.slice(0, 10)} – ${s.to.slice(0, 10)}`,
    `Success rate: ${s.successRatePercent === undefined ? '—' : `${s.successRatePercent}%`} (${s.passed} of ${s.total} runs passed)`,
    `Restore duration: min ${dur(d.minSeconds)}, median ${dur(d.medianSeconds)}, max ${dur(d.maxSeconds)}; trend ${d.direction}${d.slopeSecondsPerWeek !== undefined ? ` (${d.slopeSecondsPerWeek >= 0 ? '+' : ''}${d.slopeSecondsPerWeek}s/week)` : ''}`,
    '',
    ...s.runs.map(
      (r) =>
        `  ${r.startedAt.slice(0, 10)}  ${r.status.toUpperCase().padEnd(7)} ${dur(r.restoreSeconds).padStart(8)}  ${r.runId}  ${r.detail}${r.attempts > 1 ? ` (${r.attempts} attempts)` : ''}`,
    ),
    ...(s.recommendations.length ? ['', 'Recommendations:', ...s.recommendations.map((r) => `  - ${r}`)] : []),
  ].join('\n');
}

/** The runs of the weekly test among AWS Backup's restore jobs, judged by their last job. */
function runsFrom(jobs: readonly RestoreJobsListMember[], runOf: ReadonlyMap<string, string>): SummarizedRun[] {
  const byRun = new Map<string, RestoreJobsListMember[]>();
  for (const j of jobs) {
    const runId = j.RestoreJobId ? runOf.get(j.RestoreJobId) : undefined;
    if (runId) byRun.set(runId, [...(byRun.get(runId) ?? []), j]);
  }
  return [...byRun.entries()].map(([runId, list]) => {
    const sorted = list.sort((a, b) => (toEpochMs(a.CreationDate) ?? 0) - (toEpochMs(b.CreationDate) ?? 0));
    const last = sorted[sorted.length - 1]!;
    const created = toEpochMs(last.CreationDate) ?? 0;
    const done = toEpochMs(last.CompletionDate);
    const running =
      last.Status === 'PENDING' ||
      last.Status === 'RUNNING' ||
      (last.Status === 'COMPLETED' && last.ValidationStatus === 'VALIDATING');
    const status: SummarizedRun['status'] = running
      ? 'running'
      : last.ValidationStatus === 'SUCCESSFUL'
        ? 'passed'
        : 'failed';
    const detail =
      last.Status !== 'COMPLETED'
        ? `restore ${last.Status ?? 'unknown'}${last.StatusMessage ? `: ${last.StatusMessage}` : ''}`
        : (last.ValidationStatus ?? 'not validated');
    return {
      runId,
      jobId: last.RestoreJobId ?? '',
      startedAt: new Date(created).toISOString(),
      status,
      detail,
      ...(last.Status === 'COMPLETED' && done !== undefined
        ? { restoreSeconds: Math.round((done - created) / 1000) }
        : {}),
      attempts: sorted.length,
    };
  });
}

/**
 * The weekly summary (a third, scheduled Lambda, or run by hand): reads the restore jobs of the
 * last `config.summaryWeeks` weeks from AWS Backup — their status, validation status and
 * duration are the record — keeps the ones the weekly test started, and reports the success
 * rate and the trend of restore durations as EMF metrics (`RestoreTestSuccessRate`,
 * `RestoreDurationMedianSeconds`, `RestoreDurationTrendSecondsPerWeek`) and one SNS message.
 *
 * @example
 * ```ts
 * const summary = await weeklyRestoreSummary(deps);
 * if (summary.isOk()) console.log(formatRestoreTestSummary(summary.value));
 * ```
 */
export function weeklyRestoreSummary(
  deps: RestoreTestDeps,
  options: { rtoSeconds?: number } = {},
): ResultAsync<RestoreTestSummary, DrError> {
  const ctx: DrContext = contextFor(deps, 'restore-test-summary');
  const to = ctx.clock.now();
  const from = to - deps.config.summaryWeeks * WEEK_MS;
  const paced = pacedClient(deps.backup, { service: 'backup' }, ctx);
  return awsAttempt({ service: 'backup', operation: 'ListRestoreJobs' }, async () => {
    const jobs: RestoreJobsListMember[] = [];
    for await (const page of paginateListRestoreJobs(
      { client: paced, pageSize: 100 },
      { ByResourceType: 'EC2', ByCreatedAfter: new Date(from) },
    ))
      jobs.push(...(page.RestoreJobs ?? []));
    return jobs;
  })
    .andThen((jobs) =>
      runStoreOf(deps)
        .runsOfJobs(
          jobs.flatMap((j) => (j.RestoreJobId ? [j.RestoreJobId] : [])),
          ctx,
        )
        .map((runOf) =>
          summarizeRestoreTests(runsFrom(jobs, runOf), { from, to, rtoSeconds: options.rtoSeconds ?? 3600 }),
        ),
    )
    .andThen((summary) => {
      const dims = { Vault: deps.config.vault };
      if (summary.successRatePercent !== undefined)
        ctx.metrics.putMetric('RestoreTestSuccessRate', summary.successRatePercent, 'Percent', dims);
      if (summary.durations.medianSeconds !== undefined)
        ctx.metrics.putMetric('RestoreDurationMedianSeconds', summary.durations.medianSeconds, 'Seconds', dims);
      if (summary.durations.slopeSecondsPerWeek !== undefined)
        ctx.metrics.putMetric(
          'RestoreDurationTrendSecondsPerWeek',
          summary.durations.slopeSecondsPerWeek,
          'Seconds',
          dims,
        );
      deps.metrics.flush?.();
      const failing = summary.successRatePercent !== undefined && summary.successRatePercent < 100;
      return deps.notifier
        .notify(
          {
            subject: `Weekly restore test summary: ${summary.successRatePercent ?? '—'}% passed, durations ${summary.durations.direction}`,
            message: formatRestoreTestSummary(summary),
            severity: failing ? 'warning' : 'info',
            attributes: { report: 'restore-test-summary' },
          },
          ctx,
        )
        .map(() => summary)
        .orElse((e) => {
          ctx.logger.error('restore test summary: could not publish the report', { kind: e.kind, error: e.message });
          return okAsync<RestoreTestSummary, DrError>(summary);
        });
    });
}
