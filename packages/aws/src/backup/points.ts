import type { RecoveryPointByBackupVault, RestoreJobStatus } from '@aws-sdk/client-backup';
import type { RecoveryPoint, RecoveryPointStatus, RestoreState } from '@drkit/core';
import { toEpochMs } from '../shared/time';

const POINT_STATUS: Readonly<Record<string, RecoveryPointStatus>> = {
  COMPLETED: 'completed',
  AVAILABLE: 'completed',
  PARTIAL: 'partial',
  CREATING: 'running',
  EXPIRED: 'expired',
  DELETING: 'deleting',
  STOPPED: 'stopped',
};

const RESTORE_STATE: Readonly<Record<RestoreJobStatus, RestoreState>> = {
  PENDING: 'pending',
  RUNNING: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  ABORTED: 'cancelled',
};

/**
 * The drkit state of an AWS Backup restore job status (`ABORTED` is `cancelled`; an unknown
 * status counts as `running`, so the wait goes on rather than mistaking it for an outcome).
 *
 * @example
 * ```ts
 * restoreStateOf('ABORTED'); // 'cancelled'
 * ```
 */
export function restoreStateOf(status: string | undefined): RestoreState {
  return (status && RESTORE_STATE[status as RestoreJobStatus]) || 'running';
}

/**
 * The region in an ARN.
 *
 * @example
 * ```ts
 * regionOfArn('arn:aws:backup:us-west-2:123456789012:backup-vault:dr-vault'); // 'us-west-2'
 * ```
 */
export function regionOfArn(arn: string | undefined): string | undefined {
  const part = arn?.split(':')[3];
  return part ? part : undefined;
}

/**
 * An AWS Backup recovery point as a drkit {@link RecoveryPoint}: `CreationDate` is when the data
 * is consistent as of; `COMPLETED` and `AVAILABLE` are `completed`; composite members carry their
 * `ParentRecoveryPointArn` as `parentId`; copies name the region they came from.
 *
 * @example
 * ```ts
 * const point = toRecoveryPoint(page.RecoveryPoints[0], { expectedRestoreMs: 30 * 60_000 });
 * ```
 */
export function toRecoveryPoint(
  p: RecoveryPointByBackupVault,
  extra: { expectedRestoreMs?: number } = {},
): RecoveryPoint | undefined {
  const createdAt = toEpochMs(p.CreationDate);
  if (!p.RecoveryPointArn || createdAt === undefined) return undefined;
  const here = regionOfArn(p.BackupVaultArn);
  const from = regionOfArn(p.SourceBackupVaultArn);
  const attributes: Record<string, string> = {};
  if (p.BackupVaultName) attributes.backupVaultName = p.BackupVaultName;
  if (p.SourceBackupVaultArn) attributes.sourceBackupVaultArn = p.SourceBackupVaultArn;
  if (p.CompositeMemberIdentifier) attributes.compositeMemberIdentifier = p.CompositeMemberIdentifier;
  if (p.Status) attributes.status = p.Status;
  if (p.StatusMessage) attributes.statusMessage = p.StatusMessage;
  return {
    id: p.RecoveryPointArn,
    createdAt,
    status: (p.Status && POINT_STATUS[p.Status]) || 'running',
    ...(p.ResourceArn ? { resourceId: p.ResourceArn } : {}),
    ...(p.ResourceType ? { resourceType: p.ResourceType } : {}),
    ...(p.BackupSizeInBytes !== undefined ? { sizeBytes: p.BackupSizeInBytes } : {}),
    ...(p.ParentRecoveryPointArn ? { parentId: p.ParentRecoveryPointArn } : {}),
    ...(p.IsParent ? { isParent: true } : {}),
    ...(from && from !== here ? { sourceRegion: from } : {}),
    ...(extra.expectedRestoreMs !== undefined ? { expectedRestoreMs: extra.expectedRestoreMs } : {}),
    attributes,
  };
}
