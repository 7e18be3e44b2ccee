import type {
  BackupJob,
  BackupJobState,
  CopyJob,
  CopyJobState,
  DescribeRecoveryPointOutput,
  DescribeRestoreJobOutput,
  RecoveryPointByBackupVault,
  RecoveryPointByResource,
  RecoveryPointStatus,
  RestoreJobStatus,
} from '@aws-sdk/client-backup';
import type { BackupSimOptions } from './options';
import type { BackupJobRecord, CopyJobRecord, PointRecord, RestoreJobRecord } from './records';

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Read-time views: turn records into the SDK's output shapes, deriving every status from the
 * record's timestamps and the current virtual time.
 */

/** Status of a recovery point at `now`. */
export function pointStatus(p: PointRecord, now: number): RecoveryPointStatus {
  if (p.state !== 'live') return 'DELETING';
  if (now < p.completionMs) return 'CREATING';
  if (p.continuous?.stoppedMs !== undefined && p.continuous.stoppedMs <= now) return 'STOPPED';
  if (p.partial) return 'PARTIAL';
  return 'COMPLETED';
}

/** Whether a recovery point can be restored (or copied) at `now`. */
export function isRestorable(p: PointRecord, now: number): boolean {
  const s = pointStatus(p, now);
  return s === 'COMPLETED' || s === 'AVAILABLE' || s === 'STOPPED';
}

/** The point-in-time window of a continuous recovery point at `now`. */
export function pitrWindow(
  p: PointRecord,
  now: number,
  options: BackupSimOptions,
): { earliestMs: number; latestMs: number } | undefined {
  if (!p.continuous) return undefined;
  const end = Math.min(p.continuous.stoppedMs ?? Infinity, now - options.continuousLagMinutes * MINUTE);
  const earliestMs = Math.max(p.completionMs, now - p.continuous.retentionDays * DAY);
  return { earliestMs, latestMs: Math.max(earliestMs, end) };
}

function lifecycleView(p: PointRecord) {
  if (!p.lifecycle) return {};
  const calc = {
    ...(p.coldAtMs !== undefined ? { MoveToColdStorageAt: new Date(p.coldAtMs) } : {}),
    ...(p.deleteAtMs !== undefined ? { DeleteAt: new Date(p.deleteAtMs) } : {}),
  };
  return { Lifecycle: p.lifecycle, ...(Object.keys(calc).length ? { CalculatedLifecycle: calc } : {}) };
}

function common(p: PointRecord, now: number) {
  const status = pointStatus(p, now);
  return {
    RecoveryPointArn: p.arn,
    BackupVaultName: p.vaultName,
    BackupVaultArn: p.vaultArn,
    ...(p.sourceVaultArn ? { SourceBackupVaultArn: p.sourceVaultArn } : {}),
    ResourceArn: p.resourceArn,
    ResourceType: p.resourceType,
    ...(p.createdBy ? { CreatedBy: p.createdBy } : {}),
    IamRoleArn: p.iamRoleArn,
    Status: status,
    CreationDate: new Date(p.sortMs),
    InitiationDate: new Date(p.initiationMs),
    ...(status !== 'CREATING' ? { CompletionDate: new Date(p.completionMs) } : {}),
    BackupSizeInBytes: p.sizeBytes,
    ...lifecycleView(p),
    EncryptionKeyArn: p.encryptionKeyArn,
    IsEncrypted: true,
    ...(p.lastRestoreMs !== undefined && p.lastRestoreMs <= now ? { LastRestoreTime: new Date(p.lastRestoreMs) } : {}),
    ...(p.parentArn ? { ParentRecoveryPointArn: p.parentArn } : {}),
    ...(p.memberId ? { CompositeMemberIdentifier: p.memberId } : {}),
    IsParent: (p.children?.length ?? 0) > 0,
    ResourceName: p.profile.name,
    VaultType: 'BACKUP_VAULT' as const,
  };
}

/** `ListRecoveryPointsByBackupVault` member. */
export function pointByVault(p: PointRecord, now: number): RecoveryPointByBackupVault {
  return common(p, now);
}

/** `DescribeRecoveryPoint` output. */
export function pointDescribe(p: PointRecord, now: number): DescribeRecoveryPointOutput {
  return {
    ...common(p, now),
    StorageClass: p.state !== 'live' ? 'DELETED' : p.coldAtMs !== undefined && p.coldAtMs <= now ? 'COLD' : 'WARM',
  };
}

/** `ListRecoveryPointsByResource` member. */
export function pointByResource(p: PointRecord, now: number): RecoveryPointByResource {
  const status = pointStatus(p, now);
  return {
    RecoveryPointArn: p.arn,
    CreationDate: new Date(p.sortMs),
    Status: status,
    EncryptionKeyArn: p.encryptionKeyArn,
    BackupSizeBytes: p.sizeBytes,
    BackupVaultName: p.vaultName,
    IsParent: (p.children?.length ?? 0) > 0,
    ...(p.parentArn ? { ParentRecoveryPointArn: p.parentArn } : {}),
    ResourceName: p.profile.name,
    VaultType: 'BACKUP_VAULT',
  };
}

/** State of a backup job at `now`. */
export function backupJobState(j: BackupJobRecord, now: number): BackupJobState {
  if (now >= j.endMs) return j.outcome;
  if (j.outcome === 'EXPIRED' && j.startMs >= j.endMs) return 'CREATED';
  return now < j.startMs ? 'CREATED' : 'RUNNING';
}

/** `ListBackupJobs` member / `DescribeBackupJob` output. */
export function backupJobView(j: BackupJobRecord, now: number, accountId: string): BackupJob {
  const state = backupJobState(j, now);
  const running = state === 'RUNNING';
  const frac = running ? (now - j.startMs) / Math.max(1, j.endMs - j.startMs) : state === 'COMPLETED' ? 1 : 0;
  return {
    AccountId: accountId,
    BackupJobId: j.id,
    BackupVaultName: j.vaultName,
    BackupVaultArn: j.vaultArn,
    VaultType: 'BACKUP_VAULT',
    ...(j.pointArn && state === 'COMPLETED' ? { RecoveryPointArn: j.pointArn } : {}),
    ...(running && j.pointArn ? { RecoveryPointArn: j.pointArn } : {}),
    ...(j.lifecycle ? { RecoveryPointLifecycle: j.lifecycle } : {}),
    ResourceArn: j.resourceArn,
    CreationDate: new Date(j.sortMs),
    ...(now >= j.endMs ? { CompletionDate: new Date(j.endMs) } : {}),
    State: state,
    ...(j.message && now >= j.endMs ? { StatusMessage: j.message } : {}),
    PercentDone: (Math.floor(frac * 1000) / 10).toFixed(1),
    BackupSizeInBytes: state === 'COMPLETED' ? j.sizeBytes : Math.round(j.sizeBytes * frac),
    BytesTransferred: Math.round(j.sizeBytes * frac),
    IamRoleArn: j.iamRoleArn,
    ...(j.createdBy ? { CreatedBy: j.createdBy } : {}),
    ...(running ? { ExpectedCompletionDate: new Date(j.endMs) } : {}),
    StartBy: new Date(j.startByMs),
    ResourceType: j.resourceType,
    BackupType: j.backupType,
    IsParent: false,
    ResourceName: j.resourceName,
    ...(now >= j.startMs && state !== 'CREATED' ? { InitiationDate: new Date(j.startMs) } : {}),
  };
}

/** State of a copy job at `now`. */
export function copyJobState(j: CopyJobRecord, now: number): CopyJobState {
  if (j.outcome && j.endMs !== undefined && now >= j.endMs) return j.outcome;
  return now < j.startMs ? 'CREATED' : 'RUNNING';
}

/** `ListCopyJobs` member / `DescribeCopyJob` output. */
export function copyJobView(j: CopyJobRecord, now: number, accountId: string): CopyJob {
  const state = copyJobState(j, now);
  return {
    AccountId: accountId,
    CopyJobId: j.id,
    SourceBackupVaultArn: j.sourceVaultArn,
    SourceRecoveryPointArn: j.sourcePointArn,
    DestinationBackupVaultArn: j.destVaultArn,
    DestinationVaultType: 'BACKUP_VAULT',
    ...(state === 'COMPLETED' ? { DestinationRecoveryPointArn: j.destPointArn } : {}),
    ...(j.lifecycle ? { DestinationRecoveryPointLifecycle: j.lifecycle } : {}),
    ResourceArn: j.resourceArn,
    CreationDate: new Date(j.sortMs),
    ...(state === 'COMPLETED' || state === 'FAILED' ? { CompletionDate: new Date(j.endMs!) } : {}),
    State: state,
    ...(state === 'FAILED' && j.message ? { StatusMessage: j.message } : {}),
    BackupSizeInBytes: j.sizeBytes,
    IamRoleArn: j.iamRoleArn,
    ...(j.createdBy ? { CreatedBy: j.createdBy } : {}),
    ...(j.createdByBackupJobId ? { CreatedByBackupJobId: j.createdByBackupJobId } : {}),
    ResourceType: j.resourceType,
    IsParent: false,
    ResourceName: j.resourceName,
  };
}

/** Status of a restore job at `now`. */
export function restoreStatus(j: RestoreJobRecord, now: number): RestoreJobStatus {
  if (now < j.startMs) return 'PENDING';
  if (j.stuck || now < j.plannedEndMs) return 'RUNNING';
  return j.outcome;
}

function percent(j: RestoreJobRecord, now: number): string {
  const status = restoreStatus(j, now);
  let frac = 0;
  if (status === 'COMPLETED') frac = 1;
  else if (status === 'RUNNING' || status === 'FAILED') {
    frac = Math.min(1, (now - j.startMs) / Math.max(1, j.plannedEndMs - j.startMs));
    if (j.stuck) frac = Math.min(frac, j.stallAt);
    if (status === 'RUNNING') frac = Math.min(frac, 0.99);
  }
  return `${(Math.floor(frac * 10_000) / 100).toFixed(2)}%`;
}

/** `ListRestoreJobs` member / `DescribeRestoreJob` output. */
export function restoreJobView(j: RestoreJobRecord, now: number, accountId: string): DescribeRestoreJobOutput {
  const status = restoreStatus(j, now);
  const done = status === 'COMPLETED' || status === 'FAILED';
  return {
    AccountId: accountId,
    RestoreJobId: j.id,
    RecoveryPointArn: j.pointArn,
    SourceResourceArn: j.sourceResourceArn,
    BackupVaultArn: j.vaultArn,
    CreationDate: new Date(j.sortMs),
    ...(done ? { CompletionDate: new Date(j.plannedEndMs) } : {}),
    Status: status,
    ...(status === 'FAILED' && j.message ? { StatusMessage: j.message } : {}),
    PercentDone: percent(j, now),
    BackupSizeInBytes: j.sizeBytes,
    IamRoleArn: j.iamRoleArn,
    ExpectedCompletionTimeMinutes: j.expectedMinutes,
    ...(status === 'COMPLETED' && j.created ? { CreatedResourceArn: j.created.arn } : {}),
    ResourceType: j.resourceType,
    RecoveryPointCreationDate: new Date(j.pointCreationMs),
    ...(j.restoreTestingPlanArn ? { CreatedBy: { RestoreTestingPlanArn: j.restoreTestingPlanArn } } : {}),
    ...(j.validation
      ? {
          ValidationStatus: j.validation.status,
          ...(j.validation.message !== undefined ? { ValidationStatusMessage: j.validation.message } : {}),
        }
      : {}),
    IsParent: (j.children?.length ?? 0) > 0,
    ...(j.parentJobId ? { ParentJobId: j.parentJobId } : {}),
  };
}
