import type {
  DescribeBackupJobInput,
  DescribeBackupJobOutput,
  DescribeCopyJobInput,
  DescribeCopyJobOutput,
  ListBackupJobsInput,
  ListBackupJobsOutput,
  ListCopyJobsInput,
  ListCopyJobsOutput,
  StartBackupJobInput,
  StartBackupJobOutput,
  StartCopyJobInput,
  StartCopyJobOutput,
} from '@aws-sdk/client-backup';
import { awsError } from '../../kernel/SimService';
import { paramsHash } from '../BackupEngine';
import { resourceTypeOfArn } from '../resourceTypes';
import { pageSize } from '../SortedLog';
import { backupJobState, backupJobView, copyJobState, copyJobView, isRestorable } from '../views';
import { checkRoleArn, ms, nowOf, parseVaultArn, requirePoint, requireVault, type BackupCtx } from './common';

const MINUTE = 60_000;

function between(t: number | undefined, after: number | undefined, before: number | undefined): boolean {
  if (after === undefined && before === undefined) return true;
  if (t === undefined) return false;
  return (after === undefined || t >= after) && (before === undefined || t <= before);
}

/** ListBackupJobs, newest first, with the documented filters (state is read at the call's time). */
export function listBackupJobs(input: ListBackupJobsInput, ctx: BackupCtx): ListBackupJobsOutput {
  const now = nowOf(ctx);
  const account = ctx.world.accountId;
  if (input.ByAccountId !== undefined && input.ByAccountId !== account) return { BackupJobs: [] };
  const after = ms(input.ByCreatedAfter);
  const before = ms(input.ByCreatedBefore);
  const cAfter = ms(input.ByCompleteAfter);
  const cBefore = ms(input.ByCompleteBefore);
  const page = ctx.state.backupJobs.page({
    ...(input.NextToken !== undefined ? { token: input.NextToken } : {}),
    max: pageSize(input.MaxResults),
    visibleUntil: now,
    ...(after !== undefined ? { from: after } : {}),
    ...(before !== undefined ? { to: before } : {}),
    filter: (j) =>
      (input.ByResourceArn === undefined || j.resourceArn === input.ByResourceArn) &&
      (input.ByState === undefined || backupJobState(j, now) === input.ByState) &&
      (input.ByBackupVaultName === undefined || j.vaultName === input.ByBackupVaultName) &&
      (input.ByResourceType === undefined || j.resourceType === input.ByResourceType) &&
      input.ByParentJobId === undefined &&
      between(j.endMs <= now ? j.endMs : undefined, cAfter, cBefore),
  });
  return {
    BackupJobs: page.items.map((j) => backupJobView(j, now, account)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}

/** DescribeBackupJob. */
export function describeBackupJob(input: DescribeBackupJobInput, ctx: BackupCtx): DescribeBackupJobOutput {
  const job = ctx.state.backupJobsById.get(input.BackupJobId!);
  const now = nowOf(ctx);
  if (!job || job.sortMs > now)
    throw awsError('ResourceNotFoundException', `Backup job ${input.BackupJobId} does not exist.`, {
      extra: { Type: 'Backup job', Context: input.BackupJobId },
    });
  return { ...backupJobView(job, now, ctx.world.accountId), NumberOfChildJobs: 0 };
}

/**
 * StartBackupJob: an on-demand backup that starts within a minute. The same IdempotencyToken
 * within the idempotency window returns the same job.
 */
export function startBackupJob(input: StartBackupJobInput, ctx: BackupCtx): StartBackupJobOutput {
  const now = nowOf(ctx);
  const engine = ctx.state.engine;
  requireVault(ctx, input.BackupVaultName!);
  checkRoleArn(input.IamRoleArn);
  const arn = input.ResourceArn!;
  const type = ctx.world.resources.get(arn)?.type ?? resourceTypeOfArn(arn);
  if (!type)
    throw awsError('InvalidParameterValueException', `Resource ARN ${arn} is not a resource AWS Backup supports.`, {
      extra: { Context: 'ResourceArn' },
    });
  if (input.StartWindowMinutes !== undefined && input.StartWindowMinutes < 60)
    throw awsError('InvalidParameterValueException', 'StartWindowMinutes must be at least 60.');
  const token = input.IdempotencyToken;
  if (token !== undefined) {
    const prior = ctx.state.backupTokens.get(token);
    if (prior && now - prior.atMs < engine.options.idempotencyWindowMinutes * MINUTE)
      return {
        BackupJobId: prior.job.id,
        ...(prior.job.pointArn ? { RecoveryPointArn: prior.job.pointArn } : {}),
        CreationDate: new Date(prior.job.sortMs),
        IsParent: false,
      };
  }
  const job = engine.runBackup({
    region: ctx.state,
    resourceArn: arn,
    resourceType: type,
    vaultName: input.BackupVaultName!,
    scheduledMs: now,
    startWindowMinutes: input.StartWindowMinutes ?? engine.options.defaultStartWindowMinutes,
    completionWindowMinutes: input.CompleteWindowMinutes ?? engine.options.defaultCompletionWindowMinutes,
    iamRoleArn: input.IamRoleArn!,
    ...(input.Lifecycle ? { lifecycle: input.Lifecycle } : {}),
    ...(input.RecoveryPointTags ? { tags: input.RecoveryPointTags } : {}),
    key: `on-demand:${engine.jobId()}`,
    onDemand: true,
  });
  if (token !== undefined) ctx.state.backupTokens.set(token, { job, atMs: now });
  return {
    BackupJobId: job.id,
    ...(job.pointArn ? { RecoveryPointArn: job.pointArn } : {}),
    CreationDate: new Date(job.sortMs),
    IsParent: false,
  };
}

/**
 * StartCopyJob: copies a completed recovery point to a vault in this or another region; the
 * copy appears there when the job completes. Same IdempotencyToken and parameters within the
 * window → the same job; same token with other parameters → InvalidRequestException.
 */
export function startCopyJob(input: StartCopyJobInput, ctx: BackupCtx): StartCopyJobOutput {
  const now = nowOf(ctx);
  const engine = ctx.state.engine;
  const vault = requireVault(ctx, input.SourceBackupVaultName!);
  const point = requirePoint(ctx, vault, input.RecoveryPointArn!);
  checkRoleArn(input.IamRoleArn);
  const dest = parseVaultArn(input.DestinationBackupVaultArn!, 'DestinationBackupVaultArn');
  if (!ctx.world.regions.includes(dest.region) && dest.region !== ctx.region)
    throw awsError('InvalidParameterValueException', `Region ${dest.region} is not available.`, {
      extra: { Context: 'DestinationBackupVaultArn' },
    });
  const hash = paramsHash({
    p: input.RecoveryPointArn,
    s: input.SourceBackupVaultName,
    d: input.DestinationBackupVaultArn,
    r: input.IamRoleArn,
    l: input.Lifecycle,
  });
  const token = input.IdempotencyToken;
  if (token !== undefined) {
    const prior = ctx.state.copyTokens.get(token);
    if (prior && now - prior.sortMs < engine.options.idempotencyWindowMinutes * MINUTE) {
      if (prior.paramsHash !== hash)
        throw awsError(
          'InvalidRequestException',
          'The idempotency token was already used for a copy job with different parameters.',
          { extra: { Context: 'IdempotencyToken' } },
        );
      return { CopyJobId: prior.id, CreationDate: new Date(prior.sortMs), IsParent: false };
    }
  }
  if (!(point.state === 'live' && isRestorable(point, now)))
    throw awsError('InvalidRequestException', `Recovery point ${point.arn} is not in a state that can be copied.`, {
      extra: { Context: point.arn },
    });
  const id = engine.jobId();
  const job = engine.startCopy({
    region: ctx.state,
    source: point,
    destVaultArn: input.DestinationBackupVaultArn!,
    ...(input.Lifecycle ? { lifecycle: input.Lifecycle } : {}),
    iamRoleArn: input.IamRoleArn!,
    createdMs: now,
    key: `copy:${id}`,
    jobId: id,
    ...(token !== undefined ? { token } : {}),
    paramsHash: hash,
  });
  if (token !== undefined) ctx.state.copyTokens.set(token, job);
  return { CopyJobId: job.id, CreationDate: new Date(job.sortMs), IsParent: false };
}

/** DescribeCopyJob. */
export function describeCopyJob(input: DescribeCopyJobInput, ctx: BackupCtx): DescribeCopyJobOutput {
  const job = ctx.state.copyJobsById.get(input.CopyJobId!);
  const now = nowOf(ctx);
  if (!job || job.sortMs > now)
    throw awsError('ResourceNotFoundException', `Copy job ${input.CopyJobId} does not exist.`, {
      extra: { Type: 'Copy job', Context: input.CopyJobId },
    });
  return { CopyJob: { ...copyJobView(job, now, ctx.world.accountId), NumberOfChildJobs: 0 } };
}

/** ListCopyJobs, newest first, with the documented filters. Copy jobs are listed in the source region. */
export function listCopyJobs(input: ListCopyJobsInput, ctx: BackupCtx): ListCopyJobsOutput {
  const now = nowOf(ctx);
  const account = ctx.world.accountId;
  if (input.ByAccountId !== undefined && input.ByAccountId !== account) return { CopyJobs: [] };
  const after = ms(input.ByCreatedAfter);
  const before = ms(input.ByCreatedBefore);
  const cAfter = ms(input.ByCompleteAfter);
  const cBefore = ms(input.ByCompleteBefore);
  const page = ctx.state.copyJobs.page({
    ...(input.NextToken !== undefined ? { token: input.NextToken } : {}),
    max: pageSize(input.MaxResults),
    visibleUntil: now,
    ...(after !== undefined ? { from: after } : {}),
    ...(before !== undefined ? { to: before } : {}),
    filter: (j) => {
      const state = copyJobState(j, now);
      const done = state === 'COMPLETED' || state === 'FAILED';
      return (
        (input.ByResourceArn === undefined || j.resourceArn === input.ByResourceArn) &&
        (input.ByState === undefined || state === input.ByState) &&
        (input.ByResourceType === undefined || j.resourceType === input.ByResourceType) &&
        (input.ByDestinationVaultArn === undefined || j.destVaultArn === input.ByDestinationVaultArn) &&
        (input.BySourceRecoveryPointArn === undefined || j.sourcePointArn === input.BySourceRecoveryPointArn) &&
        input.ByParentJobId === undefined &&
        between(done ? j.endMs : undefined, cAfter, cBefore)
      );
    },
  });
  return {
    CopyJobs: page.items.map((j) => copyJobView(j, now, account)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}
