/**
 * Timing and behaviour of the simulated AWS Backup. Every figure can be overridden per cloud
 * (`backupSim(cloud).configure({...})`) or per service definition (`createBackupService({...})`).
 *
 * AWS publishes no SLA for restore or copy times ("Restore times can vary based upon system
 * load and capacity", AWS Backup Developer Guide, "Restore a backup by resource type"), so the
 * defaults below are typical observed figures; each says where it comes from.
 */

/** Duration model of one kind of job: `base + perGiB × size`, clamped, then jittered. */
export interface DurationModel {
  /** Fixed part, minutes. */
  readonly baseMinutes: number;
  /** Size-dependent part, minutes per GiB of backup. */
  readonly minutesPerGiB: number;
  /** Clamp, minutes. */
  readonly minMinutes: number;
  readonly maxMinutes: number;
  /** Relative jitter, drawn from the seeded generator (0.15 = ±15 %). */
  readonly spread: number;
}

/** Everything configurable in the simulated AWS Backup. */
export interface BackupSimOptions {
  /** Restore job duration per AWS Backup resource type (`EC2`, `RDS`, …); `default` for the rest. */
  readonly restore: Readonly<Record<string, DurationModel>>;
  /** Backup job (snapshot) duration per resource type; `default` for the rest. */
  readonly backup: Readonly<Record<string, DurationModel>>;
  /** Copy job duration within one region. */
  readonly copySameRegion: DurationModel;
  /** Copy job duration to another region. */
  readonly copyCrossRegion: DurationModel;
  /** Time a restore job stays PENDING before RUNNING, minutes [min, max]. */
  readonly restoreQueueMinutes: readonly [number, number];
  /** Time a copy job waits after the backup completes before it starts, minutes [min, max]. */
  readonly copyQueueMinutes: readonly [number, number];
  /** Extra restore time for a recovery point in cold storage, minutes. */
  readonly coldStorageExtraMinutes: number;
  /** Extra restore time to replay transaction logs for a point-in-time (continuous) restore, minutes [min, max]. */
  readonly pitrReplayMinutes: readonly [number, number];
  /** How far behind now the latest restorable time of a continuous backup is, minutes. */
  readonly continuousLagMinutes: number;
  /** Backup jobs start this long after the scheduled time at most (uniform), minutes. */
  readonly startDelayMaxMinutes: number;
  /** Defaults of a rule without windows, minutes. */
  readonly defaultStartWindowMinutes: number;
  readonly defaultCompletionWindowMinutes: number;
  /** Share of scheduled backup jobs that fail (no recovery point). */
  readonly backupFailureRate: number;
  /** Share of restore jobs that fail. */
  readonly restoreFailureRate: number;
  /** Share of copy jobs that fail. */
  readonly copyFailureRate: number;
  /** How long a StartRestoreJob / StartCopyJob idempotency token is remembered, minutes. */
  readonly idempotencyWindowMinutes: number;
  /** Time a deleted recovery point shows DELETING before it disappears, minutes. */
  readonly deletionMinutes: number;
  /** Size range of a protected resource per type, GiB [min, max]; each resource gets a fixed size in it. */
  readonly sizeGiB: Readonly<Record<string, readonly [number, number]>>;
  /** Time after a restore completes before the restored resource answers health checks, minutes. */
  readonly readyAfterRestoreMinutes: Readonly<Record<string, number>>;
  /**
   * Accept `PutRestoreValidationResult` only for restore jobs started by a restore testing plan.
   * The API reference does not say AWS requires it ("send your independent self-run restore
   * test validation results"), so the default is false.
   */
  readonly validationRequiresRestoreTestingPlan: boolean;
  /** Maximum number of backup vaults per region (AWS Backup quota: 100). */
  readonly maxVaultsPerRegion: number;
}

const d = (baseMinutes: number, minutesPerGiB: number, minMinutes: number, maxMinutes: number, spread = 0.15) => ({
  baseMinutes,
  minutesPerGiB,
  minMinutes,
  maxMinutes,
  spread,
});

/** The defaults, with where each figure comes from. */
export const DEFAULT_BACKUP_SIM_OPTIONS: BackupSimOptions = {
  restore: {
    // EC2: AWS Backup registers an AMI from the EBS snapshots and launches an instance. Typical
    // observed restores take 10-40 min, growing with the size of the attached volumes (EBS data
    // is then lazy-loaded, so the job does not wait for every block).
    EC2: d(10, 0.12, 10, 40),
    // EBS: a volume created from a snapshot is usable within minutes (lazy loading).
    EBS: d(3, 0.01, 2, 15),
    // RDS instance from snapshot: typical observed 20-40 min, dominated by instance creation.
    RDS: d(20, 0.04, 20, 40),
    // Aurora cluster from cluster snapshot: the cluster volume restores lazily; ~15-35 min.
    Aurora: d(15, 0.01, 12, 35),
    // EFS: data is copied into a new file system; typical observed throughput ~100 MB/s
    // (≈0.17 min/GiB) after a few minutes of setup.
    EFS: d(5, 0.17, 5, 720),
    // DynamoDB: table restores take from ~15 min to hours, roughly proportional to table size.
    DynamoDB: d(15, 0.6, 15, 600),
    // S3: restore time grows with object count and size; tens of minutes to many hours.
    S3: d(10, 0.3, 10, 1440),
    default: d(15, 0.2, 10, 600),
  },
  backup: {
    // EBS-backed snapshots are incremental; typical observed 5-30 min, longer for large volumes.
    EC2: d(5, 0.05, 3, 120),
    EBS: d(4, 0.05, 2, 120),
    // RDS/Aurora snapshots: typical observed 5-20 min.
    RDS: d(8, 0.02, 5, 60),
    Aurora: d(5, 0.01, 3, 45),
    // EFS backups are incremental file-level copies; typical observed 10 min to hours.
    EFS: d(10, 0.1, 5, 600),
    // DynamoDB on-demand backups complete in seconds to minutes regardless of size.
    DynamoDB: d(2, 0.001, 1, 10),
    S3: d(30, 0.05, 10, 1440),
    default: d(10, 0.05, 5, 600),
  },
  // Copies: same-region copies take minutes; cross-region copies typically 15 min to hours
  // (observed ~50 MB/s ≈ 0.3 min/GiB plus setup).
  copySameRegion: d(5, 0.1, 3, 720),
  copyCrossRegion: d(15, 0.3, 10, 1440),
  // Restore jobs are queued briefly before they start running (observed 1-3 min).
  restoreQueueMinutes: [1, 3],
  // Copy jobs start a few minutes after their backup job completes.
  copyQueueMinutes: [1, 10],
  // AWS Backup Developer Guide: "Restoring from cold storage typically takes 4 hours more than
  // restoring from warm storage."
  coldStorageExtraMinutes: 240,
  // Replaying transaction logs on top of the daily snapshot for a PITR restore.
  pitrReplayMinutes: [5, 15],
  // RDS: the latest restorable time is "typically within the last five minutes".
  continuousLagMinutes: 5,
  // Jobs begin within the start window; in practice usually within the first hour.
  startDelayMaxMinutes: 60,
  // StartBackupJob API reference: StartWindowMinutes "default is 8 hours"; the console's default
  // completion window is 7 days.
  defaultStartWindowMinutes: 480,
  defaultCompletionWindowMinutes: 10_080,
  // Small seeded shares of failures, as seen in real accounts (IAM, capacity, resource state).
  backupFailureRate: 0.01,
  restoreFailureRate: 0.01,
  copyFailureRate: 0.005,
  // StartRestoreJob API reference (earlier revisions): "Idempotency tokens time out after one hour."
  idempotencyWindowMinutes: 60,
  deletionMinutes: 2,
  sizeGiB: {
    EC2: [8, 200],
    EBS: [20, 500],
    RDS: [20, 500],
    Aurora: [10, 1000],
    EFS: [1, 500],
    DynamoDB: [0.1, 50],
    S3: [1, 1000],
    default: [10, 100],
  },
  // EC2 instances pass their status checks a few minutes after launch; databases and file
  // systems are usable when the restore job completes.
  readyAfterRestoreMinutes: { EC2: 3, default: 0 },
  validationRequiresRestoreTestingPlan: false,
  // AWS Backup quotas: "Backup vaults per account per Region: 100".
  maxVaultsPerRegion: 100,
};

/** A partial override of {@link BackupSimOptions}; records such as `restore` are merged key by key. */
export type BackupSimOptionsInput = Partial<BackupSimOptions>;

/**
 * Merges overrides into options (records such as `restore` are merged per resource type).
 *
 * @example
 * ```ts
 * const o = mergeBackupOptions(DEFAULT_BACKUP_SIM_OPTIONS, { restoreFailureRate: 0 });
 * ```
 */
export function mergeBackupOptions(base: BackupSimOptions, input: BackupSimOptionsInput = {}): BackupSimOptions {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    const current = out[k];
    const isRecord = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x);
    const nestedRecord = isRecord(current) && isRecord(v) && !('baseMinutes' in (current as object));
    out[k] = nestedRecord ? { ...(current as object), ...(v as object) } : v;
  }
  return out as unknown as BackupSimOptions;
}

/** The model for a resource type, falling back to `default`. */
export function modelFor<T>(table: Readonly<Record<string, T>>, type: string): T {
  return table[type] ?? table['default']!;
}
