import { Problems, type InvalidInputError } from '@drkit/core';
import type { Result } from 'neverthrow';

/** The EventBridge schedule of the weekly restore test: Sundays at 03:00 UTC. */
export const WEEKLY_RESTORE_TEST_SCHEDULE = 'cron(0 3 ? * SUN *)';

/**
 * The event an EventBridge schedule rule (`detail-type: Scheduled Event`) delivers. Only `time`
 * matters: it names the run, so a redelivered event finds the run it already started.
 */
export interface ScheduledEvent {
  readonly version?: string;
  readonly id?: string;
  readonly 'detail-type': 'Scheduled Event';
  readonly source: 'aws.events';
  readonly account?: string;
  /** ISO-8601: when the schedule fired. */
  readonly time: string;
  readonly region?: string;
  readonly resources?: readonly string[];
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** AWS Backup restore job states as the event reports them. */
export type RestoreJobEventStatus = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'ABORTED';

/**
 * The `detail` of AWS Backup's `Restore Job State Change` event (source `aws.backup`), as the
 * AWS Backup Developer Guide ("Monitoring AWS Backup events using Amazon EventBridge") shows
 * it. AWS sends the fields it has: a `FAILED` event has `statusMessage` but no
 * `createdResourceArn`; `restoreTestingPlanArn` appears for jobs a restore testing plan started.
 */
export interface RestoreJobStateChangeDetail {
  readonly restoreJobId: string;
  readonly status: RestoreJobEventStatus;
  readonly backupVaultArn?: string;
  readonly recoveryPointArn?: string;
  readonly sourceResourceArn?: string;
  /** A number in a string (`"22548578304"`). */
  readonly backupSizeInBytes?: string;
  readonly creationDate?: string;
  readonly completionDate?: string;
  readonly iamRoleArn?: string;
  readonly percentDone?: number;
  readonly resourceType?: string;
  readonly createdResourceArn?: string;
  readonly statusMessage?: string;
  readonly restoreTestingPlanArn?: string;
}

/** The EventBridge event for a restore job's change of state. */
export interface RestoreJobStateChangeEvent {
  readonly version?: string;
  readonly id?: string;
  readonly 'detail-type': 'Restore Job State Change';
  readonly source: 'aws.backup';
  readonly account?: string;
  readonly time?: string;
  readonly region?: string;
  readonly resources?: readonly string[];
  readonly detail: RestoreJobStateChangeDetail;
}

/**
 * The EventBridge rule pattern that routes finished restore jobs to the validating Lambda. The
 * handler still checks that the job is one the weekly test started (an operator's restore, or
 * one of a restore testing plan, is left alone).
 */
export const RESTORE_JOB_FINISHED_PATTERN = {
  source: ['aws.backup'],
  'detail-type': ['Restore Job State Change'],
  detail: { status: ['COMPLETED', 'FAILED', 'ABORTED'], resourceType: ['EC2'] },
} as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const STATUSES: readonly string[] = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'ABORTED'];

/**
 * Checks that an event is a schedule event with a usable `time`.
 *
 * @example
 * ```ts
 * parseScheduledEvent({ 'detail-type': 'Scheduled Event', source: 'aws.events', time: '2026-11-22T03:00:00Z' });
 * ```
 */
export function parseScheduledEvent(event: unknown): Result<ScheduledEvent, InvalidInputError> {
  const problems = new Problems();
  if (!isObject(event)) return problems.add('event', 'must be an EventBridge event object').result(undefined as never);
  if (event['detail-type'] !== 'Scheduled Event') problems.add('detail-type', 'must be "Scheduled Event"');
  if (event.source !== 'aws.events') problems.add('source', 'must be "aws.events"');
  if (typeof event.time !== 'string' || Number.isNaN(Date.parse(event.time)))
    problems.add('time', 'must be an ISO-8601 time');
  return problems.result(event as unknown as ScheduledEvent);
}

/**
 * Checks that an event is an AWS Backup `Restore Job State Change` with a job id and a status.
 *
 * @example
 * ```ts
 * const parsed = parseRestoreJobEvent(event);
 * if (parsed.isOk() && parsed.value.detail.status === 'COMPLETED') validate(parsed.value.detail.restoreJobId);
 * ```
 */
export function parseRestoreJobEvent(event: unknown): Result<RestoreJobStateChangeEvent, InvalidInputError> {
  const problems = new Problems();
  if (!isObject(event)) return problems.add('event', 'must be an EventBridge event object').result(undefined as never);
  if (event['detail-type'] !== 'Restore Job State Change')
    problems.add('detail-type', 'must be "Restore Job State Change"');
  if (event.source !== 'aws.backup') problems.add('source', 'must be "aws.backup"');
  const detail = event.detail;
  if (!isObject(detail)) problems.add('detail', 'must be an object');
  else {
    if (typeof detail.restoreJobId !== 'string' || detail.restoreJobId === '')
      problems.add('detail.restoreJobId', 'must name the restore job');
    if (typeof detail.status !== 'string' || !STATUSES.includes(detail.status))
      problems.add('detail.status', `must be one of ${STATUSES.join(', ')}`);
  }
  return problems.result(event as unknown as RestoreJobStateChangeEvent);
}

/**
 * The event AWS Backup would send for a restore job, built from `DescribeRestoreJob`'s answer:
 * what a test (or a replay after a lost event) feeds the validating handler.
 *
 * @example
 * ```ts
 * const job = await backup.send(new DescribeRestoreJobCommand({ RestoreJobId: jobId }));
 * await restoreJobCompletedHandler(restoreJobEventOf(job, 'us-east-1'));
 * ```
 */
export function restoreJobEventOf(
  job: {
    readonly RestoreJobId?: string;
    readonly Status?: string;
    readonly AccountId?: string;
    readonly BackupVaultArn?: string;
    readonly RecoveryPointArn?: string;
    readonly SourceResourceArn?: string;
    readonly BackupSizeInBytes?: number;
    readonly CreationDate?: Date;
    readonly CompletionDate?: Date;
    readonly IamRoleArn?: string;
    readonly PercentDone?: string;
    readonly ResourceType?: string;
    readonly CreatedResourceArn?: string;
    readonly StatusMessage?: string;
    readonly CreatedBy?: { readonly RestoreTestingPlanArn?: string };
  },
  region: string,
): RestoreJobStateChangeEvent {
  const iso = (d: Date | undefined) => (d ? d.toISOString() : undefined);
  const detail: Record<string, unknown> = {
    restoreJobId: job.RestoreJobId ?? '',
    status: job.Status ?? 'PENDING',
    backupVaultArn: job.BackupVaultArn,
    recoveryPointArn: job.RecoveryPointArn,
    sourceResourceArn: job.SourceResourceArn,
    backupSizeInBytes: job.BackupSizeInBytes === undefined ? undefined : String(job.BackupSizeInBytes),
    creationDate: iso(job.CreationDate),
    completionDate: iso(job.CompletionDate),
    iamRoleArn: job.IamRoleArn,
    percentDone: job.PercentDone === undefined ? undefined : Number.parseFloat(job.PercentDone),
    resourceType: job.ResourceType,
    createdResourceArn: job.CreatedResourceArn,
    statusMessage: job.StatusMessage,
    restoreTestingPlanArn: job.CreatedBy?.RestoreTestingPlanArn,
  };
  for (const k of Object.keys(detail)) if (detail[k] === undefined) delete detail[k];
  return {
    version: '0',
    id: `drkit-${job.RestoreJobId ?? 'job'}-${job.Status ?? ''}`.toLowerCase(),
    'detail-type': 'Restore Job State Change',
    source: 'aws.backup',
    ...(job.AccountId ? { account: job.AccountId } : {}),
    time: iso(job.CompletionDate) ?? iso(job.CreationDate) ?? new Date(0).toISOString(),
    region,
    resources: job.RecoveryPointArn ? [job.RecoveryPointArn] : [],
    detail: detail as unknown as RestoreJobStateChangeDetail,
  };
}
