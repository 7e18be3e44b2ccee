import type {
  DeleteRecoveryPointInput,
  DescribeRecoveryPointInput,
  DescribeRecoveryPointOutput,
  GetRecoveryPointRestoreMetadataInput,
  GetRecoveryPointRestoreMetadataOutput,
  ListRecoveryPointsByBackupVaultInput,
  ListRecoveryPointsByBackupVaultOutput,
  ListRecoveryPointsByResourceInput,
  ListRecoveryPointsByResourceOutput,
} from '@aws-sdk/client-backup';
import { awsError } from '../../kernel/SimService';
import { pageSize } from '../SortedLog';
import { pointByResource, pointByVault, pointDescribe, pointStatus } from '../views';
import { ms, nowOf, requirePoint, requireVault, type BackupCtx } from './common';

/**
 * ListRecoveryPointsByBackupVault, newest first, with every documented filter. Pages are
 * cursor-based, so a paginator over 100,000 points stays linear.
 */
export function listRecoveryPointsByBackupVault(
  input: ListRecoveryPointsByBackupVaultInput,
  ctx: BackupCtx,
): ListRecoveryPointsByBackupVaultOutput {
  const vault = requireVault(ctx, input.BackupVaultName!, input.BackupVaultAccountId);
  const now = nowOf(ctx);
  const after = ms(input.ByCreatedAfter);
  const before = ms(input.ByCreatedBefore);
  const page = vault.points.page({
    ...(input.NextToken !== undefined ? { token: input.NextToken } : {}),
    max: pageSize(input.MaxResults),
    visibleUntil: now,
    ...(after !== undefined ? { from: after } : {}),
    ...(before !== undefined ? { to: before } : {}),
    filter: (p) =>
      p.state !== 'deleted' &&
      (input.ByResourceArn === undefined || p.resourceArn === input.ByResourceArn) &&
      (input.ByResourceType === undefined || p.resourceType === input.ByResourceType) &&
      (input.ByBackupPlanId === undefined || p.createdBy?.BackupPlanId === input.ByBackupPlanId) &&
      (input.ByParentRecoveryPointArn === undefined || p.parentArn === input.ByParentRecoveryPointArn),
  });
  return {
    RecoveryPoints: page.items.map((p) => pointByVault(p, now)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}

/** ListRecoveryPointsByResource: the resource's points in every vault of the region, newest first. */
export function listRecoveryPointsByResource(
  input: ListRecoveryPointsByResourceInput,
  ctx: BackupCtx,
): ListRecoveryPointsByResourceOutput {
  const now = nowOf(ctx);
  const log = ctx.state.byResource.get(input.ResourceArn!);
  if (!log) return { RecoveryPoints: [] };
  const page = log.page({
    ...(input.NextToken !== undefined ? { token: input.NextToken } : {}),
    max: pageSize(input.MaxResults),
    visibleUntil: now,
    filter: (p) => p.state !== 'deleted',
  });
  return {
    RecoveryPoints: page.items.map((p) => pointByResource(p, now)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}

/** DescribeRecoveryPoint. */
export function describeRecoveryPoint(input: DescribeRecoveryPointInput, ctx: BackupCtx): DescribeRecoveryPointOutput {
  const vault = requireVault(ctx, input.BackupVaultName!, input.BackupVaultAccountId);
  return pointDescribe(requirePoint(ctx, vault, input.RecoveryPointArn!), nowOf(ctx));
}

/** GetRecoveryPointRestoreMetadata: the configuration recorded when the resource was backed up. */
export function getRecoveryPointRestoreMetadata(
  input: GetRecoveryPointRestoreMetadataInput,
  ctx: BackupCtx,
): GetRecoveryPointRestoreMetadataOutput {
  const vault = requireVault(ctx, input.BackupVaultName!, input.BackupVaultAccountId);
  const p = requirePoint(ctx, vault, input.RecoveryPointArn!);
  return {
    BackupVaultArn: vault.arn,
    RecoveryPointArn: p.arn,
    RestoreMetadata: { ...(p.restoreMetadata ?? p.profile.restoreMetadata) },
    ResourceType: p.resourceType,
  };
}

/**
 * DeleteRecoveryPoint: the point shows DELETING, then disappears. A point still being created
 * cannot be deleted (InvalidResourceStateException). Deleting a continuous point stops it.
 */
export function deleteRecoveryPoint(input: DeleteRecoveryPointInput, ctx: BackupCtx): Record<string, never> {
  const vault = requireVault(ctx, input.BackupVaultName!);
  const p = requirePoint(ctx, vault, input.RecoveryPointArn!);
  const now = nowOf(ctx);
  const status = pointStatus(p, now);
  if (status === 'CREATING' || status === 'DELETING')
    throw awsError('InvalidResourceStateException', `Recovery point ${p.arn} is ${status} and cannot be deleted now.`, {
      extra: { Type: 'Recovery point', Context: p.arn },
    });
  ctx.state.engine.deletePoint(ctx.state, p, now);
  return {};
}
