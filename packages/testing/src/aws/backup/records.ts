import type {
  AdvancedBackupSetting,
  BackupPlan,
  Condition,
  Conditions,
  CopyAction,
  Lifecycle,
  RecoveryPointCreator,
  RestoreValidationStatus,
} from '@aws-sdk/client-backup';
import type { CronSchedule } from './cron';
import type { ResourceProfile, CreatedResource } from './resourceTypes';
import type { SortedLog, Sorted } from './SortedLog';

/**
 * The records the simulated AWS Backup keeps. Statuses that change with time (a job running,
 * then completed) are not stored: they are derived from the timestamps at read time, so state
 * stays consistent at any virtual time without timers.
 */

/** A backup vault in one region. */
export interface VaultRecord {
  readonly name: string;
  readonly arn: string;
  readonly region: string;
  readonly createdMs: number;
  readonly encryptionKeyArn: string;
  readonly customerManagedKey: boolean;
  readonly creatorRequestId?: string;
  readonly tags: Record<string, string>;
  readonly points: SortedLog<PointRecord>;
  dirty: boolean;
}

/** A recovery point (snapshot, AMI, continuous backup, or a composite parent). */
export interface PointRecord extends Sorted {
  /** CreationDate (ms). For copies, the creation date of the original backup. */
  readonly sortMs: number;
  readonly arn: string;
  readonly region: string;
  readonly vaultName: string;
  readonly vaultArn: string;
  readonly resourceArn: string;
  readonly resourceType: string;
  readonly profile: ResourceProfile;
  readonly sizeBytes: number;
  readonly initiationMs: number;
  /** When it becomes COMPLETED (ms). */
  readonly completionMs: number;
  readonly lifecycle?: Lifecycle;
  readonly deleteAtMs?: number;
  readonly coldAtMs?: number;
  readonly createdBy?: RecoveryPointCreator;
  readonly iamRoleArn: string;
  readonly encryptionKeyArn: string;
  readonly sourceVaultArn?: string;
  readonly tags?: Record<string, string>;
  readonly backupJobId?: string;
  /** Application data of the resource when it was backed up (restored into the new resource). */
  readonly data?: Record<string, string>;
  /** Composite recovery points: the parent's ARN, and the children of a parent. */
  readonly parentArn?: string;
  readonly memberId?: string;
  children?: PointRecord[];
  /** Continuous backups: when the log began and, if stopped, when it stopped. */
  continuous?: { readonly retentionDays: number; stoppedMs?: number };
  /** Explicit restore metadata for this point (else the profile's). */
  readonly restoreMetadata?: Record<string, string>;
  state: 'live' | 'deleting' | 'deleted';
  partial?: boolean;
  lastRestoreMs?: number;
}

/** A compiled backup rule of one plan version. */
export interface RuleRecord {
  readonly ruleId: string;
  readonly name: string;
  readonly vaultName: string;
  readonly cron: CronSchedule;
  readonly startWindowMinutes: number;
  readonly completionWindowMinutes: number;
  readonly lifecycle?: Lifecycle;
  readonly recoveryPointTags?: Record<string, string>;
  readonly copyActions: readonly CopyAction[];
  readonly continuous: boolean;
}

/** One version of a backup plan. */
export interface PlanVersionRecord {
  readonly versionId: string;
  readonly createdMs: number;
  readonly plan: BackupPlan;
  readonly rules: readonly RuleRecord[];
  readonly advanced?: AdvancedBackupSetting[];
  deletedMs?: number;
}

/** A resource assignment of a plan. */
export interface SelectionRecord {
  readonly id: string;
  readonly planId: string;
  readonly name: string;
  readonly iamRoleArn: string;
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly listOfTags: readonly Condition[];
  readonly conditions?: Conditions;
  readonly createdMs: number;
  readonly creatorRequestId?: string;
}

/** A backup plan with its versions, selections and per-rule schedule cursors. */
export interface PlanRecord {
  readonly id: string;
  readonly arn: string;
  readonly region: string;
  readonly createdMs: number;
  readonly creatorRequestId?: string;
  readonly tags: Record<string, string>;
  readonly versions: PlanVersionRecord[];
  current: PlanVersionRecord;
  deletedMs?: number;
  lastExecutionMs?: number;
  readonly selections: Map<string, SelectionRecord>;
  /** Next fire time per rule id. */
  readonly cursors: Map<string, number>;
  /** Fires before this time are a backfill: resources count as existing regardless of createdAt. */
  backfillUntilMs?: number;
}

/** Final outcome of a backup job (`CREATED`/`RUNNING` are derived from time). */
export type BackupOutcome = 'COMPLETED' | 'FAILED' | 'EXPIRED' | 'ABORTED';

/** A backup job, scheduled by a plan or started on demand. */
export interface BackupJobRecord extends Sorted {
  readonly id: string;
  readonly region: string;
  readonly vaultName: string;
  readonly vaultArn: string;
  readonly resourceArn: string;
  readonly resourceType: string;
  readonly resourceName: string;
  readonly iamRoleArn: string;
  readonly createdBy?: RecoveryPointCreator;
  readonly lifecycle?: Lifecycle;
  readonly startByMs: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly outcome: BackupOutcome;
  readonly message?: string;
  readonly pointArn?: string;
  readonly sizeBytes: number;
  readonly backupType: string;
}

/** A copy job. Its outcome is decided when the copy arrives in the destination. */
export interface CopyJobRecord extends Sorted {
  readonly id: string;
  readonly region: string;
  readonly sourceVaultArn: string;
  readonly sourcePointArn: string;
  readonly destVaultArn: string;
  readonly destRegion: string;
  readonly destPointArn: string;
  readonly resourceArn: string;
  readonly resourceType: string;
  readonly resourceName: string;
  readonly iamRoleArn: string;
  readonly createdBy?: RecoveryPointCreator;
  readonly createdByBackupJobId?: string;
  readonly lifecycle?: Lifecycle;
  readonly sizeBytes: number;
  readonly startMs: number;
  readonly nominalEndMs: number;
  readonly willFail: boolean;
  endMs?: number;
  outcome?: 'COMPLETED' | 'FAILED';
  message?: string;
  readonly token?: string;
  readonly paramsHash?: string;
}

/** A restore job. */
export interface RestoreJobRecord extends Sorted {
  readonly id: string;
  readonly region: string;
  readonly pointArn: string;
  readonly pointCreationMs: number;
  readonly vaultArn: string;
  readonly sourceResourceArn: string;
  readonly resourceType: string;
  readonly iamRoleArn: string;
  readonly sizeBytes: number;
  readonly startMs: number;
  /** Planned end (ms) even when stuck; `stuck` jobs never reach it. */
  readonly plannedEndMs: number;
  readonly stuck: boolean;
  /** ExpectedCompletionTimeMinutes: the planned duration from creation, minutes. */
  readonly expectedMinutes: number;
  /** Fraction of progress a stuck job stalls at. */
  readonly stallAt: number;
  readonly outcome: 'COMPLETED' | 'FAILED';
  readonly message?: string;
  readonly created?: CreatedResource;
  readonly corrupt: boolean;
  readonly copyTags: boolean;
  readonly restoreTestingPlanArn?: string;
  readonly parentJobId?: string;
  readonly children?: RestoreJobRecord[];
  readonly token?: string;
  readonly paramsHash: string;
  validation?: { status: RestoreValidationStatus; message?: string };
  materialized: boolean;
}
