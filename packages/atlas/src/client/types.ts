/**
 * The parts of Atlas Administration API v2 responses drkit reads. Field names are Atlas's;
 * every field is optional because drkit checks what it uses (Atlas adds fields freely).
 */

/** Node counts and size of one node type in one region (`HardwareSpec20240805`). */
export interface AtlasHardwareSpec {
  readonly instanceSize?: string;
  readonly nodeCount?: number;
  readonly diskSizeGB?: number;
  readonly ebsVolumeType?: string;
}

/** One region of a replication spec (`CloudRegionConfig20240805`). */
export interface AtlasRegionConfig {
  readonly providerName?: string;
  readonly regionName: string;
  /** Election priority: 7 for the preferred region, lower for the others, 0 without electable nodes. */
  readonly priority: number;
  readonly electableSpecs?: AtlasHardwareSpec;
  readonly readOnlySpecs?: AtlasHardwareSpec;
  readonly analyticsSpecs?: AtlasHardwareSpec;
  readonly [field: string]: unknown;
}

/** One replication spec (a shard, or the only one of a replica set). */
export interface AtlasReplicationSpec {
  readonly id?: string;
  readonly zoneId?: string;
  readonly zoneName?: string;
  readonly regionConfigs: readonly AtlasRegionConfig[];
  readonly [field: string]: unknown;
}

/** A cluster (`ClusterDescription20240805`), as `GET /groups/{groupId}/clusters/{name}` returns it. */
export interface AtlasCluster {
  readonly id?: string;
  readonly name: string;
  readonly groupId?: string;
  /** `IDLE`, `CREATING`, `UPDATING`, `DELETING`, `REPAIRING`. */
  readonly stateName: string;
  readonly paused?: boolean;
  readonly clusterType?: string;
  readonly backupEnabled?: boolean;
  /** Continuous cloud backup (point-in-time restores). */
  readonly pitEnabled?: boolean;
  readonly mongoDBMajorVersion?: string;
  readonly mongoDBVersion?: string;
  readonly terminationProtectionEnabled?: boolean;
  /** Without credentials: `standardSrv` is `mongodb+srv://<host>`. */
  readonly connectionStrings?: { readonly standard?: string; readonly standardSrv?: string };
  readonly replicationSpecs?: readonly AtlasReplicationSpec[];
  readonly tags?: readonly { readonly key: string; readonly value: string }[];
  readonly createDate?: string;
}

/** `GET …/clusters/{name}/status`. */
export interface AtlasClusterStatus {
  /** `PENDING` while a configuration change is being applied, then `APPLIED`. */
  readonly changeStatus: string;
}

/** A Cloud Backup snapshot of a replica set (`DiskBackupReplicaSet`). */
export interface AtlasSnapshot {
  readonly id: string;
  readonly createdAt: string;
  readonly expiresAt?: string;
  /** `queued`, `inProgress`, `completed`, `failed`. */
  readonly status: string;
  readonly frequencyType?: string;
  readonly snapshotType?: string;
  readonly storageSizeBytes?: number;
  readonly mongodVersion?: string;
  readonly replicaSetName?: string;
  readonly type?: string;
}

/** A restore job (`DiskBackupSnapshotRestoreJob`). */
export interface AtlasRestoreJob {
  readonly id: string;
  /** `automated`, `pointInTime`, `download`. */
  readonly deliveryType: string;
  readonly snapshotId?: string;
  readonly pointInTimeUTCSeconds?: number;
  readonly oplogTs?: number;
  readonly oplogInc?: number;
  readonly targetClusterName?: string;
  readonly targetGroupId?: string;
  /** When the restore finished (ISO), absent while it runs. */
  readonly finishedAt?: string;
  readonly cancelled?: boolean;
  readonly failed?: boolean;
  readonly expired?: boolean;
  /** The moment whose data is restored (ISO). */
  readonly timestamp?: string;
  readonly desiredTimestamp?: { readonly date?: string; readonly increment?: number };
}

/** A backup schedule (`DiskBackupSnapshotSchedule20240805`). */
export interface AtlasBackupSchedule {
  readonly clusterName?: string;
  /** Days of continuous backup kept: the point-in-time window. */
  readonly restoreWindowDays?: number;
  readonly nextSnapshot?: string;
  readonly referenceHourOfDay?: number;
  readonly referenceMinuteOfHour?: number;
  readonly policies?: readonly {
    readonly id?: string;
    readonly policyItems?: readonly {
      readonly frequencyType?: string;
      readonly frequencyInterval?: number;
      readonly retentionUnit?: string;
      readonly retentionValue?: number;
    }[];
  }[];
}

/** Phases of an outage simulation, in order. */
export type AtlasOutageSimulationState =
  'START_REQUESTED' | 'STARTING' | 'SIMULATING' | 'RECOVERY_REQUESTED' | 'RECOVERING' | 'COMPLETE';

/** A regional outage simulation (`ClusterOutageSimulation`). */
export interface AtlasOutageSimulation {
  readonly id?: string;
  readonly clusterName: string;
  /** An {@link AtlasOutageSimulationState} (Atlas may add phases). */
  readonly state: string;
  readonly outageFilters?: readonly {
    readonly cloudProvider?: string;
    readonly regionName: string;
    readonly type?: string;
  }[];
  readonly startRequestDate?: string;
}

/** The body of `POST …/backup/restoreJobs` for the delivery types drkit starts. */
export type AtlasRestoreJobRequest =
  | {
      readonly deliveryType: 'automated';
      readonly snapshotId: string;
      readonly targetClusterName: string;
      readonly targetGroupId: string;
    }
  | {
      readonly deliveryType: 'pointInTime';
      readonly pointInTimeUTCSeconds: number;
      readonly targetClusterName: string;
      readonly targetGroupId: string;
    };

/** The paginated envelope of list endpoints. */
export interface AtlasPage<T> {
  readonly results: readonly T[];
  readonly totalCount?: number;
  readonly links?: readonly { readonly rel: string; readonly href: string }[];
}
