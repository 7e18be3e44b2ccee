import type {
  DescribeRestoreJobInput,
  DescribeRestoreJobOutput,
  ListRestoreJobsInput,
  ListRestoreJobsOutput,
  PutRestoreValidationResultInput,
  StartRestoreJobInput,
  StartRestoreJobOutput,
} from '@aws-sdk/client-backup';
import { awsError } from '../../kernel/SimService';
import { paramsHash, RESTORE_FAILURES, type BackupRegion } from '../BackupEngine';
import { KeyedDraws } from '../draws';
import { modelFor } from '../options';
import type { PointRecord, RestoreJobRecord } from '../records';
import { checkRestoreMetadata, restoreConflict } from '../resourceTypes';
import { pageSize } from '../SortedLog';
import { isRestorable, pitrWindow, restoreJobView, restoreStatus } from '../views';
import { checkRoleArn, ms, nowOf, type BackupCtx } from './common';

const MINUTE = 60_000;
const GIB = 1024 ** 3;

/** Inputs of {@link startRestore}, as StartRestoreJob takes them plus simulation-only extras. */
export interface StartRestoreParams {
  readonly RecoveryPointArn: string;
  readonly Metadata: Record<string, string>;
  readonly IamRoleArn?: string;
  readonly IdempotencyToken?: string;
  readonly ResourceType?: string;
  readonly CopySourceTagsToRestoredResource?: boolean;
  /** Marks the job as started by a restore testing plan (`CreatedBy.RestoreTestingPlanArn`). */
  readonly restoreTestingPlanArn?: string;
  /** A fixed restore job id (seeding); drawn otherwise. */
  readonly jobId?: string;
}

/**
 * Starts a restore job in a region (shared by the StartRestoreJob handler and the seeding API).
 *
 * Checks, in order, each a service error as AWS answers it: IamRoleArn present and well-formed;
 * an IdempotencyToken seen within the window returns the earlier job when the parameters match
 * and is an InvalidRequestException when they differ; the recovery point exists in this region
 * (ResourceNotFoundException), matches ResourceType and can be restored (InvalidRequestException);
 * the metadata has every key its resource type requires (MissingParameterValueException) with
 * well-formed values (InvalidParameterValueException).
 *
 * Timing: PENDING for the queue time, RUNNING for the resource type's duration (scaled by
 * `latency:backup` faults in force at start), then COMPLETED — or FAILED for a seeded share,
 * a conflict (name in use, subnet of another region) or a queued test failure. A `stuck:backup:restore`
 * fault in force at start keeps it RUNNING forever; `corrupt:restore` corrupts the restored data.
 */
export function startRestore(state: BackupRegion, params: StartRestoreParams, now: number): RestoreJobRecord {
  const engine = state.engine;
  const o = engine.options;
  checkRoleArn(params.IamRoleArn);
  const metadata = { ...params.Metadata };
  const hash = paramsHash({
    p: params.RecoveryPointArn,
    m: metadata,
    r: params.IamRoleArn,
    t: params.ResourceType,
    c: params.CopySourceTagsToRestoredResource === true,
  });
  const token = params.IdempotencyToken;
  if (token !== undefined) {
    const prior = state.restoreTokens.get(token);
    if (prior && now - prior.sortMs < o.idempotencyWindowMinutes * MINUTE) {
      if (prior.paramsHash !== hash)
        throw awsError(
          'InvalidRequestException',
          'The idempotency token was already used for a restore job with different parameters.',
          { extra: { Context: 'IdempotencyToken' } },
        );
      return prior;
    }
  }
  const point = state.points.get(params.RecoveryPointArn);
  if (!point || point.sortMs > now)
    throw awsError(
      'ResourceNotFoundException',
      `Recovery point ${params.RecoveryPointArn} was not found in ${state.name}.`,
      { extra: { Type: 'Recovery point', Context: params.RecoveryPointArn } },
    );
  if (params.ResourceType !== undefined && params.ResourceType !== point.resourceType)
    throw awsError(
      'InvalidParameterValueException',
      `ResourceType ${params.ResourceType} does not match the recovery point's resource type ${point.resourceType}.`,
      { extra: { Context: 'ResourceType' } },
    );
  if (!isRestorable(point, now))
    throw awsError('InvalidRequestException', `Recovery point ${point.arn} is not in a restorable state.`, {
      extra: { Type: 'Recovery point', Context: point.arn },
    });
  const pitr = pitrWindow(point, now, o);
  const problems = checkRestoreMetadata(point.resourceType, metadata, {
    region: state.name,
    profile: point.profile,
    ...(pitr ? { pitr } : {}),
  });
  if (problems.missing.length > 0)
    throw awsError(
      'MissingParameterValueException',
      [`Missing required restore metadata: ${problems.missing.join(', ')}`, ...problems.invalid].join('; '),
      { extra: { Type: 'Metadata', Context: problems.missing.join(',') } },
    );
  if (problems.invalid.length > 0)
    throw awsError('InvalidParameterValueException', problems.invalid.join('; '), { extra: { Type: 'Metadata' } });

  const job = createRestoreJob(state, point, metadata, params, hash, now);
  if (token !== undefined) state.restoreTokens.set(token, job);
  return job;
}

function createRestoreJob(
  state: BackupRegion,
  point: PointRecord,
  metadata: Record<string, string>,
  params: StartRestoreParams,
  hash: string,
  now: number,
  parentJobId?: string,
): RestoreJobRecord {
  const engine = state.engine;
  const world = engine.world;
  const o = engine.options;
  const id = (parentJobId ? undefined : params.jobId) ?? engine.jobId();
  const draws = new KeyedDraws(engine.seed, `restore:${id}`);
  const startMs = now + Math.round(draws.between(o.restoreQueueMinutes[0], o.restoreQueueMinutes[1]) * MINUTE);
  const sizeGiB = point.sizeBytes / GIB;
  let duration = engine.duration(modelFor(o.restore, point.resourceType), sizeGiB, draws);
  if (point.coldAtMs !== undefined && point.coldAtMs <= now) duration += o.coldStorageExtraMinutes * MINUTE;
  if (point.continuous) duration += Math.round(draws.between(o.pitrReplayMinutes[0], o.pitrReplayMinutes[1]) * MINUTE);
  duration = Math.round(duration * world.faults.latencyFactor('backup', now));
  const stuck = world.faults.isStuck('backup', now);
  const corrupt = world.faults.isCorrupt(now);
  const stallAt = draws.between(0.3, 0.95);
  const conflict = restoreConflict(point.resourceType, metadata, state.name, world.resources);
  const seeded =
    draws.next() < o.restoreFailureRate ? draws.pick(modelFor(RESTORE_FAILURES, point.resourceType)) : undefined;
  const injected = conflict === undefined && seeded === undefined ? engine.injectedRestoreFailures.shift() : undefined;
  const failure = conflict ?? injected ?? seeded;
  const expectedMinutes = Math.ceil((startMs + duration - now) / MINUTE);
  let children: RestoreJobRecord[] | undefined;
  if (point.children?.length) {
    children = point.children.map((c) =>
      createRestoreJob(
        state,
        c,
        { ...(c.restoreMetadata ?? c.profile.restoreMetadata) },
        {
          ...params,
          RecoveryPointArn: c.arn,
        },
        hash,
        now,
        id,
      ),
    );
  }
  let plannedEndMs = failure ? startMs + Math.round(duration * draws.between(0.2, 0.8)) : startMs + duration;
  let outcome: RestoreJobRecord['outcome'] = failure ? 'FAILED' : 'COMPLETED';
  let message = failure;
  let anyStuck = stuck;
  if (children) {
    plannedEndMs = Math.max(plannedEndMs, ...children.map((c) => c.plannedEndMs));
    anyStuck = anyStuck || children.some((c) => c.stuck);
    const failed = children.find((c) => c.outcome === 'FAILED');
    if (failed && outcome === 'COMPLETED') {
      outcome = 'FAILED';
      message = `Restore of a nested recovery point failed: ${failed.message ?? ''}`;
    }
  }
  const vault = state.vaults.get(point.vaultName);
  const job: RestoreJobRecord = {
    sortMs: now,
    seq: engine.nextSeq(),
    id,
    region: state.name,
    pointArn: point.arn,
    pointCreationMs: point.sortMs,
    vaultArn: vault?.arn ?? point.vaultArn,
    sourceResourceArn: point.resourceArn,
    resourceType: point.resourceType,
    iamRoleArn: params.IamRoleArn!,
    sizeBytes: point.sizeBytes,
    startMs,
    plannedEndMs,
    stuck: anyStuck,
    expectedMinutes,
    stallAt,
    outcome,
    ...(message ? { message } : {}),
    created: engine.createdFor(point, metadata, state.name, id),
    corrupt,
    copyTags: params.CopySourceTagsToRestoredResource === true,
    ...(params.restoreTestingPlanArn ? { restoreTestingPlanArn: params.restoreTestingPlanArn } : {}),
    ...(parentJobId ? { parentJobId } : {}),
    ...(children ? { children } : {}),
    ...(params.IdempotencyToken !== undefined ? { token: params.IdempotencyToken } : {}),
    paramsHash: hash,
    materialized: false,
  };
  state.restoreJobs.insert(job);
  state.restoreJobsById.set(job.id, job);
  if (!parentJobId) engine.scheduleRestore(job);
  return job;
}

/** StartRestoreJob. */
export function startRestoreJob(input: StartRestoreJobInput, ctx: BackupCtx): StartRestoreJobOutput {
  const job = startRestore(
    ctx.state,
    {
      RecoveryPointArn: input.RecoveryPointArn!,
      Metadata: input.Metadata ?? {},
      ...(input.IamRoleArn !== undefined ? { IamRoleArn: input.IamRoleArn } : {}),
      ...(input.IdempotencyToken !== undefined ? { IdempotencyToken: input.IdempotencyToken } : {}),
      ...(input.ResourceType !== undefined ? { ResourceType: input.ResourceType } : {}),
      ...(input.CopySourceTagsToRestoredResource !== undefined
        ? { CopySourceTagsToRestoredResource: input.CopySourceTagsToRestoredResource }
        : {}),
    },
    nowOf(ctx),
  );
  return { RestoreJobId: job.id };
}

function requireRestoreJob(ctx: BackupCtx, id: string): RestoreJobRecord {
  const job = ctx.state.restoreJobsById.get(id);
  if (!job)
    throw awsError('ResourceNotFoundException', `Restore job ${id} does not exist.`, {
      extra: { Type: 'Restore job', Context: id },
    });
  return job;
}

/** DescribeRestoreJob: status, PercentDone and ExpectedCompletionTimeMinutes at the call's time. */
export function describeRestoreJob(input: DescribeRestoreJobInput, ctx: BackupCtx): DescribeRestoreJobOutput {
  return restoreJobView(requireRestoreJob(ctx, input.RestoreJobId!), nowOf(ctx), ctx.world.accountId);
}

/** ListRestoreJobs, newest first, with the documented filters. */
export function listRestoreJobs(input: ListRestoreJobsInput, ctx: BackupCtx): ListRestoreJobsOutput {
  const now = nowOf(ctx);
  const account = ctx.world.accountId;
  if (input.ByAccountId !== undefined && input.ByAccountId !== account) return { RestoreJobs: [] };
  const after = ms(input.ByCreatedAfter);
  const before = ms(input.ByCreatedBefore);
  const cAfter = ms(input.ByCompleteAfter);
  const cBefore = ms(input.ByCompleteBefore);
  const page = ctx.state.restoreJobs.page({
    ...(input.NextToken !== undefined ? { token: input.NextToken } : {}),
    max: pageSize(input.MaxResults),
    visibleUntil: now,
    ...(after !== undefined ? { from: after } : {}),
    ...(before !== undefined ? { to: before } : {}),
    filter: (j) => {
      const status = restoreStatus(j, now);
      const done = status === 'COMPLETED' || status === 'FAILED';
      const end = done ? j.plannedEndMs : undefined;
      return (
        (input.ByResourceType === undefined || j.resourceType === input.ByResourceType) &&
        (input.ByStatus === undefined || status === input.ByStatus) &&
        (input.ByRestoreTestingPlanArn === undefined || j.restoreTestingPlanArn === input.ByRestoreTestingPlanArn) &&
        (input.ByParentJobId === undefined || j.parentJobId === input.ByParentJobId) &&
        (cAfter === undefined || (end !== undefined && end >= cAfter)) &&
        (cBefore === undefined || (end !== undefined && end <= cBefore))
      );
    },
  });
  return {
    RestoreJobs: page.items.map((j) => restoreJobView(j, now, account)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}

/**
 * PutRestoreValidationResult: records the caller's verdict on a restore, shown by
 * DescribeRestoreJob. Only a COMPLETED restore job can be validated (InvalidRequestException
 * otherwise); with `validationRequiresRestoreTestingPlan`, only jobs of a restore testing plan.
 */
export function putRestoreValidationResult(
  input: PutRestoreValidationResultInput,
  ctx: BackupCtx,
): Record<string, never> {
  const job = requireRestoreJob(ctx, input.RestoreJobId!);
  const status = restoreStatus(job, nowOf(ctx));
  if (status !== 'COMPLETED')
    throw awsError(
      'InvalidRequestException',
      `Restore job ${job.id} is ${status}; a validation result can only be sent for a COMPLETED restore job.`,
      { extra: { Type: 'Restore job', Context: job.id } },
    );
  if (ctx.state.engine.options.validationRequiresRestoreTestingPlan && !job.restoreTestingPlanArn)
    throw awsError('InvalidRequestException', `Restore job ${job.id} was not started by a restore testing plan.`, {
      extra: { Type: 'Restore job', Context: job.id },
    });
  job.validation = {
    status: input.ValidationStatus!,
    ...(input.ValidationStatusMessage !== undefined ? { message: input.ValidationStatusMessage } : {}),
  };
  return {};
}
