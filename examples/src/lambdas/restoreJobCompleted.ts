import { DescribeRestoreJobCommand, type RestoreValidationStatus } from '@aws-sdk/client-backup';
import {
  cleanupRestored,
  drError,
  sleep,
  validateRestore,
  type DrContext,
  type DrError,
  type RestoredResource,
  type ValidationReport,
} from '@drkit/core';
import { awsSend, toEpochMs } from '@drkit/aws';
import { restoreValidationReporter, validationStatusOf } from '@drkit/aws/backup';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { contextFor, runStoreOf, type RestoreTestDeps } from './deps';
import { parseRestoreJobEvent, type RestoreJobStateChangeEvent } from './events';
import { notifyFailure, publishRestoreTestMetrics } from './reporting';
import { restoreTestChecks, waitUntilServing } from './restoreTestChecks';
import type { RecordedCheck, RestoreAttempt, RestoreTestOutcome, RestoreTestRun } from './runStore';
import { ledgerOf, restoreTestSource, startAttempt } from './scheduledRestore';

/** What the completion handler did with one event. */
export interface RestoreJobHandled {
  readonly jobId: string;
  readonly runId?: string;
  /**
   * `ignored`: not a finished job of the weekly test; `duplicate`: already handled (EventBridge
   * delivers at least once); `retried`: the job failed for a transient reason and another
   * attempt started; `passed` / `failed`: the run's verdict.
   */
  readonly status: 'ignored' | 'duplicate' | 'retried' | 'passed' | 'failed';
  readonly reason?: string;
  /** The next attempt's restore job, when `retried`. */
  readonly nextJobId?: string;
  /** What was recorded on the restore job with `PutRestoreValidationResult`. */
  readonly validationStatus?: RestoreValidationStatus;
  readonly cleanedUp?: boolean;
}

/**
 * Restore job failures worth another attempt: AWS Backup's own "retry" advice, capacity and
 * internal errors. A failure that would repeat (a missing role, a bad subnet) is not retried.
 */
const TRANSIENT_FAILURE =
  /retry|insufficient\w*capacity|capacity|internal error|throttl|timed? ?out|service unavailable/i;

/** Check errors that say "could not decide right now", not "the restore is bad". */
const UNDECIDED = new Set(['Unavailable', 'Throttled', 'Timeout']);

/** Validations per completed job when every failed check was undecided (the network blinked). */
const VALIDATION_ATTEMPTS = 3;

/**
 * The event-driven half of the weekly restore test, triggered by AWS Backup's `Restore Job State
 * Change` event (see `RESTORE_JOB_FINISHED_PATTERN`). For a job the scheduled handler started:
 *
 * - `COMPLETED`: waits for the restored instance to boot, validates it (health, an application
 *   request, data integrity, backup freshness; undecided checks are tried again), records the
 *   verdict on the job with `PutRestoreValidationResult`, publishes the metrics (EMF), notifies
 *   SNS on failure, and deletes the test instance;
 * - `FAILED` / `ABORTED`: starts another attempt from the same recovery point when the reason is
 *   transient (capacity, internal error) and attempts remain; otherwise fails the run, with
 *   metrics and a notification.
 *
 * Jobs it did not start are ignored; a redelivered event changes nothing.
 *
 * @example
 * ```ts
 * const handled = await validateWeeklyRestore(event, deps);
 * if (handled.isOk()) console.log(handled.value.status, handled.value.validationStatus);
 * ```
 */
export function validateWeeklyRestore(event: unknown, deps: RestoreTestDeps): ResultAsync<RestoreJobHandled, DrError> {
  const parsed = parseRestoreJobEvent(event);
  if (parsed.isErr()) return errAsync(parsed.error);
  const { detail } = parsed.value;
  const jobId = detail.restoreJobId;
  if (detail.status !== 'COMPLETED' && detail.status !== 'FAILED' && detail.status !== 'ABORTED')
    return okAsync({ jobId, status: 'ignored', reason: `the job is ${detail.status}, not finished` });
  const runs = runStoreOf(deps);
  const lookup = contextFor(deps, 'restore-test-lookup');
  return runs.runOfJob(jobId, lookup).andThen((runId) => {
    if (runId === undefined)
      return okAsync<RestoreJobHandled, DrError>({
        jobId,
        status: 'ignored',
        reason: 'not a restore job of the weekly restore test',
      });
    const ctx = contextFor(deps, runId);
    return runs.get(runId, ctx).andThen((run) => {
      const attempt = run?.attempts.find((a) => a.jobId === jobId);
      if (!run || !attempt)
        // The scheduled handler indexes the job before it writes the run: retry the event.
        return errAsync<RestoreJobHandled, DrError>(
          drError('Conflict', `run ${runId} has no record of restore job ${jobId} yet`, { retryable: true }),
        );
      if (attempt.state === 'failed' || (attempt.state === 'completed' && run.outcome?.cleanedUp === true))
        return okAsync<RestoreJobHandled, DrError>({ jobId, runId, status: 'duplicate', reason: 'already handled' });
      if (detail.status === 'COMPLETED') return completed(deps, run, attempt, ctx);
      return failed(deps, run, attempt, parsed.value, ctx);
    });
  });
}

function failed(
  deps: RestoreTestDeps,
  run: RestoreTestRun,
  attempt: RestoreAttempt,
  event: RestoreJobStateChangeEvent,
  ctx: DrContext,
): ResultAsync<RestoreJobHandled, DrError> {
  const why = event.detail.statusMessage ?? `the restore job ended ${event.detail.status}`;
  const now = new Date(ctx.clock.now()).toISOString();
  const marked: RestoreTestRun = {
    ...run,
    attempts: run.attempts.map((a) =>
      a.jobId === attempt.jobId ? { ...a, state: 'failed', finishedAt: now, failure: why } : a,
    ),
  };
  const transient = event.detail.status === 'FAILED' && TRANSIENT_FAILURE.test(why);
  const next = Math.max(...run.attempts.map((a) => a.attempt)) + 1;
  if (transient && next <= deps.config.maxAttempts) {
    ctx.logger.warn('restore test: the restore job failed for a transient reason; trying again', {
      runId: run.runId,
      jobId: attempt.jobId,
      attempt: next,
      reason: why,
    });
    const point = {
      id: attempt.recoveryPointArn,
      createdAt: Date.parse(attempt.pointCreatedAt),
      status: 'completed' as const,
      resourceType: 'EC2',
    };
    return startAttempt(deps, marked, point, next, ctx).map(({ attempt: started }): RestoreJobHandled => ({
      jobId: attempt.jobId,
      runId: run.runId,
      status: 'retried',
      reason: why,
      nextJobId: started.jobId,
    }));
  }
  const reason = `restore job ${attempt.jobId} (attempt ${attempt.attempt} of ${deps.config.maxAttempts}) ${event.detail.status}: ${why}`;
  const outcome: RestoreTestOutcome = { status: 'failed', reason, checks: [], cleanedUp: true, finishedAt: now };
  return finish(deps, { ...marked, outcome }, ctx).map((): RestoreJobHandled => ({
    jobId: attempt.jobId,
    runId: run.runId,
    status: 'failed',
    reason,
    cleanedUp: true,
  }));
}

function completed(
  deps: RestoreTestDeps,
  run: RestoreTestRun,
  attempt: RestoreAttempt,
  ctx: DrContext,
): ResultAsync<RestoreJobHandled, DrError> {
  const source = restoreTestSource(deps, ledgerOf(run));
  // A redelivery after validation but before cleanup only cleans up.
  if (run.outcome && attempt.state === 'completed')
    return source.restoredResource(attempt.jobId, ctx).andThen((resource) => cleanUp(deps, run, resource, ctx));

  return awsSend(
    deps.backup,
    new DescribeRestoreJobCommand({ RestoreJobId: attempt.jobId }),
    { service: 'backup' },
    ctx,
  )
    .andThen((job) =>
      source.restoredResource(attempt.jobId, ctx).andThen((resource) =>
        deps.endpointOf(resource, ctx).andThen((baseUrl) => {
          const created = toEpochMs(job.CreationDate);
          const done = toEpochMs(job.CompletionDate);
          const restoreSeconds =
            created !== undefined && done !== undefined ? Math.round((done - created) / 1000) : undefined;
          return validate(deps, run, attempt, resource, baseUrl, ctx).map((v) => ({ ...v, resource, restoreSeconds }));
        }),
      ),
    )
    .andThen(({ report, boot, resource, restoreSeconds }) => {
      const reporter = restoreValidationReporter<RestoredResource>({ client: deps.backup });
      const validationStatus = validationStatusOf(report);
      return reporter(report, resource, ctx)
        .map(() => true)
        .orElse((e) => {
          ctx.logger.error('restore test: could not record the verdict on the restore job', {
            kind: e.kind,
            error: e.message,
          });
          return okAsync<boolean, DrError>(false);
        })
        .andThen((reported) => {
          const scheduledAt = Date.parse(run.scheduledAt);
          const checks: RecordedCheck[] = [
            boot,
            ...report.verdicts.map((v) => ({
              name: v.name,
              status: v.status,
              ...(v.detail ? { detail: v.detail.slice(0, 300) } : {}),
            })),
          ];
          const passed = report.status === 'passed';
          const outcome: RestoreTestOutcome = {
            status: passed ? 'passed' : 'failed',
            ...(passed ? {} : { reason: `validation failed: ${report.failed.join(', ')}` }),
            ...(reported ? { validationStatus } : {}),
            ...(restoreSeconds !== undefined ? { restoreSeconds } : {}),
            dataAgeSeconds: Math.max(0, Math.round((scheduledAt - Date.parse(attempt.pointCreatedAt)) / 1000)),
            checks,
            cleanedUp: false,
            finishedAt: new Date(ctx.clock.now()).toISOString(),
          };
          const next: RestoreTestRun = {
            ...run,
            attempts: run.attempts.map((a) =>
              a.jobId === attempt.jobId ? { ...a, state: 'completed', finishedAt: outcome.finishedAt } : a,
            ),
            outcome,
          };
          // Record the verdict before deleting anything: a crash now leaves a run that only needs cleanup.
          return runStoreOf(deps)
            .put(next, ctx)
            .andThen(() => cleanUp(deps, next, resource, ctx));
        });
    });
}

/** Validates, trying again (with backoff) while every failed check was only undecided. */
function validate(
  deps: RestoreTestDeps,
  run: RestoreTestRun,
  attempt: RestoreAttempt,
  resource: RestoredResource,
  baseUrl: string,
  ctx: DrContext,
): ResultAsync<{ report: ValidationReport; boot: RecordedCheck }, DrError> {
  const { config } = deps;
  const checks = restoreTestChecks({
    baseUrl,
    healthPath: config.healthPath,
    applicationPath: config.applicationPath,
    dataAsOf: Date.parse(attempt.pointCreatedAt),
    referenceAt: Date.parse(run.scheduledAt),
    maxDataAge: config.maxPointAge,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const once = () => validateRestore(resource, checks, { failOnInvalid: false, checkTimeout: '2m' }, ctx);
  const attemptValidation = (n: number): ResultAsync<ValidationReport, DrError> =>
    once().andThen((report) => {
      const undecided =
        report.status === 'failed' &&
        report.verdicts
          .filter((v) => report.failed.includes(v.name))
          .every((v) => v.error && UNDECIDED.has(v.error.kind));
      if (!undecided || n >= VALIDATION_ATTEMPTS) return okAsync(report);
      ctx.logger.warn('restore test: checks could not decide; validating again', {
        failed: report.failed,
        attempt: n + 1,
      });
      return sleep(30_000 * 2 ** (n - 1), ctx).andThen(() => attemptValidation(n + 1));
    });
  return (
    waitUntilServing(`${baseUrl}${config.healthPath}`, config.bootTimeout, ctx, deps.fetch)
      .map((b): RecordedCheck => ({
        name: 'boot',
        status: 'passed',
        detail: `serving ${Math.round(b.servingAfterMs / 1000)}s after the restore completed`,
      }))
      // An instance that never boots still gets validated: the checks then say what is wrong.
      .orElse((e) =>
        okAsync<RecordedCheck, DrError>({ name: 'boot', status: 'failed', detail: e.message.slice(0, 300) }),
      )
      .andThen((boot) => attemptValidation(1).map((report) => ({ report, boot })))
  );
}

/** Deletes the test instance (only one this run restored), then records and reports the run. */
function cleanUp(
  deps: RestoreTestDeps,
  run: RestoreTestRun,
  resource: RestoredResource,
  ctx: DrContext,
): ResultAsync<RestoreJobHandled, DrError> {
  const source = restoreTestSource(deps, ledgerOf(run));
  const outcome = run.outcome!;
  return cleanupRestored(source, resource, ctx)
    .map(() => true)
    .orElse((e) => {
      ctx.logger.error('restore test: could not delete the test instance', {
        resourceId: resource.id,
        kind: e.kind,
        error: e.message,
      });
      return okAsync<boolean, DrError>(false);
    })
    .andThen((cleanedUp) => {
      const reason = cleanedUp
        ? outcome.reason
        : [outcome.reason, `the test instance ${resource.id} could not be deleted`].filter(Boolean).join('; ');
      const final: RestoreTestRun = {
        ...run,
        outcome: {
          ...outcome,
          // A test instance left running is a failure of the test, even when the restore was good.
          status: cleanedUp ? outcome.status : 'failed',
          ...(reason ? { reason } : {}),
          cleanedUp,
        },
      };
      const attempt = run.attempts.find((a) => resource.restoreJobId === a.jobId);
      return finish(deps, final, ctx).map((): RestoreJobHandled => ({
        jobId: attempt?.jobId ?? resource.restoreJobId ?? '',
        runId: run.runId,
        status: final.outcome!.status,
        ...(final.outcome!.reason ? { reason: final.outcome!.reason } : {}),
        ...(final.outcome!.validationStatus ? { validationStatus: final.outcome!.validationStatus } : {}),
        cleanedUp,
      }));
    });
}

/** Records the finished run, publishes its metrics and, when it failed, notifies. */
function finish(deps: RestoreTestDeps, run: RestoreTestRun, ctx: DrContext): ResultAsync<RestoreTestRun, DrError> {
  publishRestoreTestMetrics(deps, run, ctx);
  const saved = runStoreOf(deps).put(run, ctx);
  if (run.outcome?.status !== 'failed') return saved;
  return saved.andThen(() => notifyFailure(deps, run, ctx).map(() => run));
}
