import {
  drError,
  idempotencyKey,
  type DrContext,
  type DrError,
  type RecoveryPoint,
  type RestoreHandle,
} from '@drkit/core';
import { backupVaultSource, type BackupVaultSource } from '@drkit/aws/backup';
import { memoryLedger, type OwnershipLedger } from '@drkit/aws';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { contextFor, runStoreOf, type RestoreTestDeps } from './deps';
import { parseScheduledEvent } from './events';
import { restoreTestRunId, type RestoreAttempt, type RestoreTestRun } from './runStore';
import { publishRestoreTestMetrics, notifyFailure } from './reporting';

/** What the scheduled handler did. */
export interface ScheduledRestoreResult {
  readonly runId: string;
  /** `started`: a restore job was started; `already-started`: a redelivered event found the run's job; `failed`: no restorable point. */
  readonly status: 'started' | 'already-started' | 'failed';
  readonly jobId?: string;
  readonly recoveryPointArn?: string;
  /** When the restored data is consistent as of (ISO-8601). */
  readonly pointCreatedAt?: string;
  readonly reason?: string;
}

/** The `createdBy` the AWS Backup source records for the restores it starts. */
const CREATED_BY = 'restorePoint:aws-backup';

/** The step name restore attempts are keyed under (with the attempt number). */
export const RESTORE_STEP = 'restore-latest-ec2-point';

/**
 * The idempotency key of a run's `attempt`-th restore job: the same in every delivery of the
 * schedule event and every retry of the handler, so AWS Backup never starts a second job for it.
 *
 * @example
 * ```ts
 * attemptKey('restore-test-2026-11-22', 1); // 'drkit-…'
 * ```
 */
export function attemptKey(runId: string, attempt: number): string {
  return idempotencyKey(runId, RESTORE_STEP, `attempt-${attempt}`);
}

/**
 * The AWS Backup source the restore test uses: the primary vault, restoring into the isolated
 * subnet (the instance gets no route to production), with the run's ownership records so that
 * cleanup deletes only instances this run restored.
 *
 * @example
 * ```ts
 * const source = restoreTestSource(deps, ledgerOf(run));
 * ```
 */
export function restoreTestSource(deps: RestoreTestDeps, ledger: OwnershipLedger): BackupVaultSource {
  const { config } = deps;
  return backupVaultSource({
    client: deps.backup,
    vault: config.vault,
    iamRoleArn: config.iamRoleArn,
    ledger,
    resources: deps.resources,
    expectedRestoreTime: { EC2: '20m' },
    overrides: {
      subnetId: config.isolatedSubnetId,
      securityGroupIds: config.securityGroupIds,
      ...(config.instanceType ? { instanceType: config.instanceType } : {}),
      // The backed-up network interface names the production subnet; replace it, or the
      // instance would come up next to production.
      metadata: {
        NetworkInterfaces: JSON.stringify([
          {
            DeviceIndex: 0,
            SubnetId: config.isolatedSubnetId,
            Groups: config.securityGroupIds,
            DeleteOnTermination: true,
          },
        ]),
      },
    },
  });
}

/**
 * The ownership records of a run's restore jobs, for the AWS Backup source's cleanup check.
 *
 * @example
 * ```ts
 * ledgerOf(run).byJob(jobId)?.runId; // run.runId
 * ```
 */
export function ledgerOf(run: RestoreTestRun): OwnershipLedger {
  const ledger = memoryLedger();
  for (const a of run.attempts)
    ledger.record({ idempotencyKey: a.idempotencyKey, runId: run.runId, jobId: a.jobId, createdBy: CREATED_BY });
  return ledger;
}

/**
 * Starts one restore attempt of a run: the AWS Backup job (idempotent on the attempt's key), then
 * the job index and the run record in Parameter Store.
 *
 * @example
 * ```ts
 * const next = await startAttempt(deps, run, point, 2, ctx);
 * ```
 */
export function startAttempt(
  deps: RestoreTestDeps,
  run: RestoreTestRun,
  point: RecoveryPoint,
  attempt: number,
  ctx: DrContext,
): ResultAsync<{ run: RestoreTestRun; attempt: RestoreAttempt }, DrError> {
  const runs = runStoreOf(deps);
  const key = attemptKey(run.runId, attempt);
  const source = restoreTestSource(deps, ledgerOf(run));
  return source
    .startRestore({ kind: 'point', point }, { idempotencyKey: key, runId: run.runId }, ctx)
    .andThen((job: RestoreHandle) => {
      const started: RestoreAttempt = {
        attempt,
        idempotencyKey: key,
        jobId: job.jobId,
        recoveryPointArn: point.id,
        pointCreatedAt: new Date(point.createdAt).toISOString(),
        startedAt: new Date(job.startedAt ?? ctx.clock.now()).toISOString(),
      };
      const next: RestoreTestRun = {
        ...run,
        attempts: [...run.attempts.filter((a) => a.attempt !== attempt), started],
      };
      // Index first: a completion event that arrives before the run record is written still
      // finds its run (and waits for the record on redelivery).
      return runs
        .indexJob(job.jobId, run.runId, ctx)
        .andThen(() => runs.put(next, ctx))
        .map((saved) => ({ run: saved, attempt: started }));
    });
}

/** The newest completed, stand-alone EC2 point taken at or before `at`. */
function latestPoint(points: readonly RecoveryPoint[], at: number): RecoveryPoint | undefined {
  return points
    .filter((p) => p.status === 'completed' && p.parentId === undefined && p.createdAt <= at)
    .reduce<RecoveryPoint | undefined>(
      (best, p) => (best === undefined || p.createdAt > best.createdAt ? p : best),
      undefined,
    );
}

/**
 * The scheduled half of the weekly restore test (EventBridge, `cron(0 3 ? * SUN *)`): restores
 * the newest EC2 recovery point of the primary vault into the isolated subnet, and records the
 * run. It does not wait for the job — an EC2 restore takes 10-40 minutes, and AWS Backup's
 * `Restore Job State Change` event starts the validating handler when it finishes.
 *
 * A redelivered event finds the run's job and starts nothing. No restorable point is itself a
 * failed test: recorded, measured and notified.
 *
 * @example
 * ```ts
 * const result = await startWeeklyRestore(event, deps);
 * if (result.isOk()) console.log(result.value.jobId);
 * ```
 */
export function startWeeklyRestore(
  event: unknown,
  deps: RestoreTestDeps,
): ResultAsync<ScheduledRestoreResult, DrError> {
  const parsed = parseScheduledEvent(event);
  if (parsed.isErr()) return errAsync(parsed.error);
  const scheduledAt = Date.parse(parsed.value.time);
  const runId = restoreTestRunId(scheduledAt);
  const ctx = contextFor(deps, runId);
  const runs = runStoreOf(deps);
  const { config } = deps;

  return runs.get(runId, ctx).andThen((existing) => {
    const first = existing?.attempts[0];
    if (existing && first) {
      ctx.logger.info('restore test: the run already started its restore; starting nothing', {
        runId,
        jobId: first.jobId,
      });
      return okAsync<ScheduledRestoreResult, DrError>({
        runId,
        status: 'already-started',
        jobId: first.jobId,
        recoveryPointArn: first.recoveryPointArn,
        pointCreatedAt: first.pointCreatedAt,
      });
    }
    const run: RestoreTestRun = existing ?? {
      runId,
      scheduledAt: new Date(scheduledAt).toISOString(),
      vault: config.vault,
      ...(config.resourceArn ? { resourceArn: config.resourceArn } : {}),
      attempts: [],
    };
    const source = restoreTestSource(deps, memoryLedger());
    return source
      .listPoints({ resourceType: 'EC2', ...(config.resourceArn ? { resourceId: config.resourceArn } : {}) }, ctx)
      .andThen((points) => {
        const point = latestPoint(points, scheduledAt);
        if (!point) return noPoint(deps, run, ctx);
        ctx.logger.info('restore test: restoring the newest EC2 recovery point', {
          runId,
          recoveryPointArn: point.id,
          pointCreatedAt: new Date(point.createdAt).toISOString(),
        });
        return startAttempt(deps, run, point, 1, ctx).map(({ attempt }): ScheduledRestoreResult => {
          ctx.metrics.putMetric('RestoreTestStarted', 1, 'Count', { Vault: config.vault });
          deps.metrics.flush?.();
          return {
            runId,
            status: 'started',
            jobId: attempt.jobId,
            recoveryPointArn: attempt.recoveryPointArn,
            pointCreatedAt: attempt.pointCreatedAt,
          };
        });
      });
  });
}

/** No point to restore: the backups themselves are missing, which is what the test is for. */
function noPoint(
  deps: RestoreTestDeps,
  run: RestoreTestRun,
  ctx: DrContext,
): ResultAsync<ScheduledRestoreResult, DrError> {
  const what = deps.config.resourceArn ?? 'any EC2 instance';
  const reason = `no completed EC2 recovery point of ${what} in vault ${deps.config.vault}`;
  const failed: RestoreTestRun = {
    ...run,
    outcome: {
      status: 'failed',
      reason,
      checks: [],
      cleanedUp: true,
      finishedAt: new Date(ctx.clock.now()).toISOString(),
    },
  };
  publishRestoreTestMetrics(deps, failed, ctx);
  return runStoreOf(deps)
    .put(failed, ctx)
    .andThen(() => notifyFailure(deps, failed, ctx))
    .map((): ScheduledRestoreResult => ({ runId: run.runId, status: 'failed', reason }))
    .orElse((e) => errAsync(drError('ProviderError', `${reason}; and recording the failure failed: ${e.message}`)));
}
