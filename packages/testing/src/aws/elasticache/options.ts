import type { RedisAppModel } from '../../app/redisData';

/** A duration range `[min, max]` in virtual ms; each event draws a value uniformly inside it. */
export type ElastiCacheDurationRange = readonly [number, number];

/**
 * How long simulated ElastiCache takes to do things. AWS publishes no figures for most of
 * these; where none is cited, the value is the typical observed one (console and CLI timings
 * reported for small `cache.r6g`/`cache.t4g` clusters). Every drawn duration is multiplied by
 * the `latency:elasticache:xN` factor in force when the operation starts.
 */
export interface ElastiCacheDurations {
  /** `CreateReplicationGroup` without data, `creating` → `available`. Typical observed 6-12 min. */
  readonly createMs: ElastiCacheDurationRange;
  /**
   * `CreateReplicationGroup` from a snapshot (`SnapshotName`) or an RDB file in S3
   * (`SnapshotArns`), `creating` → `available`. Typical observed 10-20 min for a few GB
   * (node provisioning plus loading the RDB file).
   */
  readonly restoreMs: ElastiCacheDurationRange;
  /**
   * A secondary replication group joining a Global Datastore (`CreateReplicationGroup` with
   * `GlobalReplicationGroupId`): provisioning plus the initial cross-region sync. Typical observed 15-25 min.
   */
  readonly secondaryCreateMs: ElastiCacheDurationRange;
  /** `DeleteReplicationGroup`, `deleting` → gone. Typical observed 3-8 min. */
  readonly deleteMs: ElastiCacheDurationRange;
  /** `ModifyReplicationGroup` changes that are not only metadata, `modifying` → `available`. Typical observed 1-3 min. */
  readonly modifyMs: ElastiCacheDurationRange;
  /** A snapshot (manual, automatic or final), `creating` → `available`. Typical observed 2-6 min for a few GB. */
  readonly snapshotMs: ElastiCacheDurationRange;
  /** `CopySnapshot` in the same region (or export to S3), `creating` → `available`. Typical observed 1-4 min. */
  readonly copySnapshotMs: ElastiCacheDurationRange;
  /** `DeleteSnapshot`, `deleting` → gone. Typical observed under a minute. */
  readonly snapshotDeleteMs: ElastiCacheDurationRange;
  /**
   * `TestFailover`: the replication group stays `modifying` while a replica is promoted and the
   * old primary is replaced. Typical observed 1-3 min (the promotion itself takes seconds).
   */
  readonly testFailoverMs: ElastiCacheDurationRange;
  /** `CreateGlobalReplicationGroup`, `creating` → `primary-only`. Typical observed 1-3 min. */
  readonly globalCreateMs: ElastiCacheDurationRange;
  /**
   * `FailoverGlobalReplicationGroup`, `modifying` → roles swapped. Default 1-2 min: the AWS
   * Disaster Recovery workshop gives Global Datastore an RTO of about 1 minute (RPO under 1 s).
   */
  readonly globalFailoverMs: ElastiCacheDurationRange;
  /** `DisassociateGlobalReplicationGroup`, member `disassociating` → gone. Typical observed 1-3 min. */
  readonly globalDisassociateMs: ElastiCacheDurationRange;
  /** `DeleteGlobalReplicationGroup`, `deleting` → gone. Typical observed 1-2 min. */
  readonly globalDeleteMs: ElastiCacheDurationRange;
}

const MIN = 60_000;

/** The default {@link ElastiCacheDurations}. */
export const DEFAULT_ELASTICACHE_DURATIONS: ElastiCacheDurations = {
  createMs: [6 * MIN, 12 * MIN],
  restoreMs: [10 * MIN, 20 * MIN],
  secondaryCreateMs: [15 * MIN, 25 * MIN],
  deleteMs: [3 * MIN, 8 * MIN],
  modifyMs: [1 * MIN, 3 * MIN],
  snapshotMs: [2 * MIN, 6 * MIN],
  copySnapshotMs: [1 * MIN, 4 * MIN],
  snapshotDeleteMs: [15_000, 45_000],
  testFailoverMs: [1 * MIN, 3 * MIN],
  globalCreateMs: [1 * MIN, 3 * MIN],
  globalFailoverMs: [1 * MIN, 2 * MIN],
  globalDisassociateMs: [1 * MIN, 3 * MIN],
  globalDeleteMs: [1 * MIN, 2 * MIN],
};

/**
 * Whether replication groups get a real loopback `redis-server`:
 * - `off`: never; every endpoint is a simulated DNS name.
 * - `auto` (default): when `redis-server` is installed; otherwise the endpoint is simulated and
 *   the group's resource says why (naming `apt-get install redis-server`).
 * - `required`: always; creating a backed group fails when `redis-server` is missing.
 *
 * Deviation from AWS, on purpose: a backed group's endpoints (primary, reader, every member's
 * read endpoint) all answer `Address: '127.0.0.1'` and the local server's `Port`, where real
 * ElastiCache gives DNS names on port 6379; one server stands for every node of the group.
 * Cluster mode enabled groups are never backed (one server is not a Redis Cluster).
 */
export type RedisBackingMode = 'auto' | 'off' | 'required';

/** Everything configurable in the simulated ElastiCache. */
export interface ElastiCacheSimOptions {
  /** See {@link RedisBackingMode}. Default `auto`. */
  readonly redisBacking: RedisBackingMode;
  /**
   * Which groups a real `redis-server` backs (when backing is on): `restored` (default) — groups
   * created from a snapshot or RDB file, whose data a restore validation reads; `all` — also
   * every other cluster-mode-disabled group (seeded with the application data when it becomes
   * available; refresh with `ElastiCacheState.refreshRedis`).
   */
  readonly redisBackingScope: 'restored' | 'all';
  /** Operation durations. */
  readonly durations: ElastiCacheDurations;
  /** The application's write pattern (what groups and snapshots hold). */
  readonly app: Partial<RedisAppModel>;
  /**
   * Node groups `TestFailover` may target per region in any rolling 24 hours. Default 15 (the
   * `TestFailover` API reference; older versions of it said 5).
   */
  readonly testFailoverLimitPer24h: number;
  /** Availability zone letters of every region. Default `a`, `b`, `c`. */
  readonly zoneLetters: readonly string[];
}

/** The default {@link ElastiCacheSimOptions}. */
export const DEFAULT_ELASTICACHE_OPTIONS: ElastiCacheSimOptions = {
  redisBacking: 'auto',
  redisBackingScope: 'restored',
  durations: DEFAULT_ELASTICACHE_DURATIONS,
  app: {},
  testFailoverLimitPer24h: 15,
  zoneLetters: ['a', 'b', 'c'],
};

/** Options as a caller may give them: any subset, durations merged field by field. */
export type ElastiCacheSimOptionsInput = Partial<Omit<ElastiCacheSimOptions, 'durations'>> & {
  durations?: Partial<ElastiCacheDurations>;
};

/**
 * Merges caller options over the defaults.
 *
 * @example
 * ```ts
 * resolveElastiCacheOptions({ redisBacking: 'off', durations: { restoreMs: [60_000, 60_000] } });
 * ```
 */
export function resolveElastiCacheOptions(
  input: ElastiCacheSimOptionsInput = {},
  base: ElastiCacheSimOptions = DEFAULT_ELASTICACHE_OPTIONS,
): ElastiCacheSimOptions {
  return {
    ...base,
    ...input,
    durations: { ...base.durations, ...(input.durations ?? {}) },
    app: { ...base.app, ...(input.app ?? {}) },
  };
}
