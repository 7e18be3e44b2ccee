import { awsError, type SimServiceDefinition, type SimState, type SimWorld } from '../kernel/SimService';
import type { SimResource } from '../kernel/SimResources';
import type { SeededRandom } from '../../time/SeededRandom';
import { corruptRedisData, redisAppData } from '../../app/redisData';
import { REDIS_INSTALL_HINT } from '../../redis/findRedisServer';
import type { RedisServer } from '../../redis/RedisServerPool';
import { redisCommands } from '../../redis/resp';
import { globalDatastores, GlobalDatastores, type SimGlobalDatastore } from './GlobalDatastores';
import {
  automaticSnapshotName,
  elasticacheArn,
  endpointNames,
  globalDatastoreArn,
  globalDatastorePrefix,
  hhmm,
  keyedDraw,
  parseWindow,
  replicationGroupIdProblem,
} from './names';
import {
  resolveElastiCacheOptions,
  type ElastiCacheDurationRange,
  type ElastiCacheSimOptions,
  type ElastiCacheSimOptionsInput,
} from './options';
import { redisPool } from './redisBacking';

const DAY = 86_400_000;

/** One node of a node group. */
export interface SimNodeMember {
  /** The member cache cluster (`jobs-cache-001`, or `jobs-cache-0001-001` in cluster mode). */
  readonly clusterId: string;
  readonly nodeId: string;
  az: string;
  role: 'primary' | 'replica';
}

/** One node group (shard). */
export interface SimNodeGroup {
  /** `0001`, `0002`… */
  readonly id: string;
  /** Hash slots, cluster mode only (`0-8191`). */
  readonly slots?: string;
  readonly members: SimNodeMember[];
}

/**
 * Where a replication group's data comes from:
 * - `app`: the live application writes to it (or, for a Global Datastore secondary, to its
 *   primary, which replicates here); writes stop while the writing region is down, and for
 *   good at `frozenAt` (a secondary that left its Global Datastore).
 * - `fixed`: fixed keys (restored from a snapshot or RDB file, or an empty new cache).
 */
export type GroupDataSource = { kind: 'app'; frozenAt?: number } | { kind: 'fixed'; data: Record<string, string> };

/** How a group's endpoint is served. */
export interface RedisBacking {
  /**
   * `none`: simulated endpoint, no backing wanted; `starting`: a redis-server is starting;
   * `real`: a loopback redis-server answers at the endpoint; `simulated`: backing was wanted
   * but is not possible (see `note`); `failed`: the server could not start (see `note`).
   */
  mode: 'none' | 'starting' | 'real' | 'simulated' | 'failed';
  server?: RedisServer;
  note?: string;
  /** Settles when a `starting` server is ready (or failed). */
  ready?: Promise<void>;
}

/** A simulated replication group. Every state change is a timestamp; status is derived. */
export interface SimReplicationGroup {
  readonly id: string;
  readonly arn: string;
  readonly region: string;
  description: string;
  readonly createdAt: number;
  /** When `creating` ends (`Infinity` while a `stuck:elasticache:restore` fault holds it). */
  availableAt: number;
  /** Set when creation failed (`create-failed`). */
  failedAt?: number;
  failure?: string;
  deleteAt?: number;
  goneAt?: number;
  modifyingUntil?: number;
  readonly clusterMode: boolean;
  readonly nodeGroups: SimNodeGroup[];
  readonly port: number;
  readonly engine: string;
  readonly engineVersion: string;
  readonly cacheNodeType: string;
  automaticFailover: boolean;
  multiAz: boolean;
  snapshotRetentionLimit: number;
  snapshotWindow: string;
  readonly transitEncryption: boolean;
  readonly atRestEncryption: boolean;
  /** The AUTH token; never part of any output or record. */
  readonly authToken?: string;
  readonly tags: Array<{ Key: string; Value: string }>;
  /** `restore` (from a snapshot or RDB file), `api` (other API calls), `topology`, or a caller label. */
  readonly createdBy: string;
  readonly fromSnapshot?: string;
  source: GroupDataSource;
  /** Whether a `corrupt:restore` fault damaged its data when it was restored. */
  readonly corrupt: boolean;
  readonly backing: RedisBacking;
  resource: SimResource;
  /** UTC days (ms at midnight) already considered for an automatic snapshot. */
  readonly autoSnapshotDays: Set<number>;
  /** TestFailover promotions not yet applied. */
  readonly pendingFailovers: Array<{ nodeGroupId: string; at: number }>;
}

/** What a snapshot remembers of its replication group. */
export interface SnapshotConfig {
  readonly description: string;
  readonly cacheNodeType: string;
  readonly engine: string;
  readonly engineVersion: string;
  readonly port: number;
  readonly automaticFailover: boolean;
  readonly clusterMode: boolean;
  readonly snapshotRetentionLimit: number;
  readonly snapshotWindow: string;
  readonly groupCreatedAt: number;
  readonly nodeGroups: ReadonlyArray<{
    id: string;
    slots?: string;
    replicaCount: number;
    primaryAz: string;
    replicaAzs: string[];
  }>;
}

/** A simulated snapshot (backup). */
export interface SimSnapshot {
  readonly name: string;
  readonly arn: string;
  readonly region: string;
  readonly groupId: string;
  readonly source: 'manual' | 'automated';
  readonly startedAt: number;
  readonly completeAt: number;
  /** The application data as of `dataAt`. */
  readonly data: Readonly<Record<string, string>>;
  readonly dataAt: number;
  readonly config: SnapshotConfig;
  readonly tags: Array<{ Key: string; Value: string }>;
  /** The snapshot this one was copied from (`CopySnapshot`, or `region:name` for a cross-region copy). */
  readonly copiedFrom?: string;
  copyingUntil?: number;
  deleteAt?: number;
  goneAt?: number;
}

/** An RDB file exported to S3 (`CopySnapshot` with `TargetBucket`), usable as `SnapshotArns` to seed a group. */
export interface SimRdbExport {
  /** `arn:aws:s3:::bucket/key`. */
  readonly arn: string;
  readonly bucket: string;
  readonly key: string;
  /** Region of the bucket. */
  readonly region: string;
  readonly availableAt: number;
  readonly data: Readonly<Record<string, string>>;
  readonly dataAt: number;
  readonly config: SnapshotConfig;
  readonly sourceSnapshot: string;
}

/** Options of {@link ElastiCacheState.createReplicationGroup}: the API's fields, plus simulation controls. */
export interface CreateReplicationGroupOptions {
  id: string;
  description?: string;
  /** Cluster mode disabled: nodes in the single node group (1-6). */
  numCacheClusters?: number;
  /** Cluster mode: shards (default 1). */
  numNodeGroups?: number;
  /** Replicas per shard (0-5). */
  replicasPerNodeGroup?: number;
  clusterMode?: boolean;
  automaticFailover?: boolean;
  multiAz?: boolean;
  /** AZs of the nodes, primary first (cluster mode disabled). */
  preferredAzs?: string[];
  cacheNodeType?: string;
  engine?: string;
  engineVersion?: string;
  port?: number;
  snapshotRetentionLimit?: number;
  snapshotWindow?: string;
  transitEncryption?: boolean;
  atRestEncryption?: boolean;
  authToken?: string;
  tags?: Array<{ Key?: string; Value?: string }>;
  /** Restore from this snapshot (same region). */
  snapshotName?: string;
  /** Seed from these exported RDB files (`arn:aws:s3:::bucket/key`). */
  snapshotArns?: string[];
  /** Join this Global Datastore as a secondary. */
  globalReplicationGroupId?: string;
  /** Default `restore` with a snapshot, else `api`. Topology code passes `topology`. */
  createdBy?: string;
  /**
   * Start `available` (no `creating` phase): topology presets use this. With `createdAt` in
   * the past, automatic snapshots of the days since then already exist.
   */
  available?: boolean;
  /** Creation time (default now); only with `available`. */
  createdAt?: number;
  /** Data of a group not restored from anything: `app` (the live application writes to it; default for topology) or `empty`. */
  data?: 'app' | 'empty';
  /** Back it with a real redis-server regardless of the scope option (still subject to `redisBacking`). */
  redisBacked?: boolean;
}

/**
 * The ElastiCache state of one region: replication groups, snapshots, RDB exports. Global
 * Datastores are shared by all regions ({@link globalDatastores}). Everything is a timestamp;
 * {@link ElastiCacheState.sync} applies what is due (automatic snapshots, expiry, deletions,
 * failovers), so outcomes do not depend on how often the state is looked at.
 *
 * Topology code uses the same methods as the API handlers (they throw the service's own
 * errors, {@link awsError}, on bad input).
 *
 * @example
 * ```ts
 * const ec = cloud.state(elasticacheService, 'us-east-1');
 * ec.createReplicationGroup({ id: 'jobs-cache', numCacheClusters: 2, automaticFailover: true,
 *   snapshotRetentionLimit: 7, snapshotWindow: '05:00-06:00', createdBy: 'topology',
 *   available: true, createdAt: cloud.clock.now() - 10 * 86_400_000 });
 * ec.snapshots().length; // 7 automatic snapshots, one per day
 * ```
 */
export class ElastiCacheState implements SimState {
  readonly region: string;
  readonly world: SimWorld;
  options: ElastiCacheSimOptions;
  readonly groupsById = new Map<string, SimReplicationGroup>();
  readonly snapshotsByName = new Map<string, SimSnapshot>();
  /** TestFailover calls (time, group/node group) for the rolling 24-hour limit. */
  readonly testFailoverLog: Array<{ at: number; target: string }> = [];
  readonly #definition: SimServiceDefinition<ElastiCacheState>;
  readonly #rng: SeededRandom;
  readonly #seed: string;
  /** Per-account-and-region part of endpoint names (`abc123`). */
  readonly endpointHash: string;
  #syncing = false;

  constructor(
    region: string,
    world: SimWorld,
    definition: SimServiceDefinition<ElastiCacheState>,
    options: ElastiCacheSimOptions,
  ) {
    this.region = region;
    this.world = world;
    this.options = options;
    this.#definition = definition;
    this.#rng = world.rng.fork(`elasticache:${region}`);
    this.#seed = this.#rng.hex(16);
    this.endpointHash = this.#rng.hex(6);
  }

  /** Changes options of this region (durations, backing…). */
  configure(input: ElastiCacheSimOptionsInput): void {
    this.options = resolveElastiCacheOptions(input, this.options);
  }

  /** The region's availability zones. */
  zones(): string[] {
    return this.options.zoneLetters.map((l) => `${this.region}${l}`);
  }

  /** The ElastiCache state of another region of the same cloud. */
  other(region: string): ElastiCacheState {
    return region === this.region ? this : this.world.state(this.#definition, region);
  }

  #now(): number {
    return this.world.clock.now();
  }

  /** Draws a duration from a range, scaled by the `latency:elasticache` factor in force. */
  duration(range: ElastiCacheDurationRange): number {
    const [min, max] = range;
    return Math.round(
      (min + (max - min) * this.#rng.next()) * this.world.faults.latencyFactor('elasticache', this.#now()),
    );
  }

  // ---------------------------------------------------------------- lookups and derived state

  /** A replication group that exists (including `deleting`), by id (case-insensitive). Lookups sync the state to now first. */
  group(id: string): SimReplicationGroup | undefined {
    this.sync(this.#now());
    const g = this.groupsById.get(id.toLowerCase());
    return g && (g.goneAt === undefined || g.goneAt > this.#now()) ? g : undefined;
  }

  /** Every existing replication group, in creation order. */
  groups(): SimReplicationGroup[] {
    const now = this.#now();
    this.sync(now);
    return [...this.groupsById.values()].filter((g) => g.goneAt === undefined || g.goneAt > now);
  }

  /** A snapshot that exists (including `deleting`), by name. */
  snapshot(name: string): SimSnapshot | undefined {
    this.sync(this.#now());
    const s = this.snapshotsByName.get(name);
    return s && (s.goneAt === undefined || s.goneAt > this.#now()) ? s : undefined;
  }

  /** Every existing snapshot, oldest first. */
  snapshots(filter: { groupId?: string; source?: 'manual' | 'automated' } = {}): SimSnapshot[] {
    const now = this.#now();
    this.sync(now);
    return [...this.snapshotsByName.values()]
      .filter(
        (s) =>
          (s.goneAt === undefined || s.goneAt > now) &&
          (filter.groupId === undefined || s.groupId === filter.groupId.toLowerCase()) &&
          (filter.source === undefined || s.source === filter.source),
      )
      .sort((a, b) => a.startedAt - b.startedAt || a.name.localeCompare(b.name));
  }

  /** ARN of a member cache cluster. */
  arnOfCluster(clusterId: string): string {
    return elasticacheArn(this.region, this.world.accountId, 'cluster', clusterId);
  }

  /** The group owning a member cache cluster id. */
  groupOfCluster(clusterId: string): SimReplicationGroup | undefined {
    const id = clusterId.toLowerCase();
    return this.groups().find((g) => g.nodeGroups.some((ng) => ng.members.some((m) => m.clusterId === id)));
  }

  /** `creating`, `available`, `modifying`, `deleting`, `create-failed`, `snapshotting`. */
  groupStatus(g: SimReplicationGroup, now = this.#now()): string {
    if (g.deleteAt !== undefined) return 'deleting';
    if (g.failedAt !== undefined && g.failedAt <= now) return 'create-failed';
    if (now < g.availableAt) return 'creating';
    if (g.modifyingUntil !== undefined && now < g.modifyingUntil) return 'modifying';
    if (this.#isSnapshotting(g, now)) return 'snapshotting';
    return 'available';
  }

  #isSnapshotting(g: SimReplicationGroup, now: number): boolean {
    for (const s of this.snapshotsByName.values())
      if (s.groupId === g.id && s.copiedFrom === undefined && s.startedAt <= now && now < s.completeAt) return true;
    return false;
  }

  /** `creating`, `available`, `restoring`, `copying`, `deleting`. */
  snapshotStatus(s: SimSnapshot, now = this.#now()): string {
    if (s.deleteAt !== undefined) return 'deleting';
    if (now < s.completeAt) return 'creating';
    if (s.copyingUntil !== undefined && now < s.copyingUntil) return 'copying';
    for (const g of this.groupsById.values())
      if (g.fromSnapshot === s.name && g.deleteAt === undefined && g.failedAt === undefined && now < g.availableAt)
        return 'restoring';
    return 'available';
  }

  /** The group's Global Datastore membership now, if any. */
  membership(g: SimReplicationGroup, now = this.#now()) {
    return globalDatastores(this.world).membershipOf(this.region, g.id, now);
  }

  /**
   * The application keys the group holds at `at` (default now). Live groups follow the
   * application's writes, which stop while the writing region is down; restored groups hold
   * their snapshot's data (damaged if restored under `corrupt:restore`).
   *
   * @example
   * ```ts
   * ec.dataOf('jobs-cache')['app:last-write-at']; // ISO time of the last write
   * ```
   */
  dataOf(groupOrId: SimReplicationGroup | string, at = this.#now()): Record<string, string> {
    const g = typeof groupOrId === 'string' ? this.groupsById.get(groupOrId.toLowerCase()) : groupOrId;
    if (!g)
      throw awsError(
        'ReplicationGroupNotFoundFault',
        `ReplicationGroup ${typeof groupOrId === 'string' ? groupOrId : groupOrId.id} not found.`,
        {
          status: 404,
        },
      );
    if (g.source.kind === 'fixed') return { ...g.source.data };
    const t = g.source.frozenAt !== undefined ? Math.min(at, g.source.frozenAt - 1) : at;
    let writerRegion = g.region;
    const gm = globalDatastores(this.world).membershipOf(g.region, g.id, t);
    if (gm && gm.member.role === 'SECONDARY') writerRegion = GlobalDatastores.primary(gm.global, t)?.region ?? g.region;
    const down = this.world.faults.regionDownSince(writerRegion, t);
    return redisAppData(down !== undefined ? Math.min(t, down - 1) : t, this.options.app);
  }

  // ---------------------------------------------------------------- sync

  /** Applies everything due at or before `now`. Idempotent. */
  sync(now: number): void {
    if (this.#syncing) return;
    this.#syncing = true;
    try {
      globalDatastores(this.world).sync(now);
      for (const g of this.groupsById.values()) {
        for (const f of [...g.pendingFailovers]) {
          if (f.at > now) continue;
          g.pendingFailovers.splice(g.pendingFailovers.indexOf(f), 1);
          const ng = g.nodeGroups.find((n) => n.id === f.nodeGroupId);
          const primary = ng?.members.find((m) => m.role === 'primary');
          const replica = ng?.members.find((m) => m.role === 'replica');
          if (primary && replica) {
            primary.role = 'replica';
            replica.role = 'primary';
          }
        }
        if (g.goneAt === undefined && g.deleteAt === undefined) this.#automaticSnapshots(g, now);
      }
      for (const g of [...this.groupsById.values()]) {
        if (g.goneAt !== undefined && g.goneAt <= now) {
          this.groupsById.delete(g.id);
          this.world.resources.delete(g.arn, g.goneAt);
          void g.backing.server?.stop();
          // ElastiCache deletes a group's automatic snapshots with it; manual ones stay.
          for (const s of this.snapshotsByName.values())
            if (s.groupId === g.id && s.source === 'automated' && s.deleteAt === undefined) s.goneAt = g.goneAt;
        }
      }
      for (const s of [...this.snapshotsByName.values()]) {
        if (s.source === 'automated' && s.goneAt === undefined) {
          const g = this.groupsById.get(s.groupId);
          const retention = g?.snapshotRetentionLimit ?? s.config.snapshotRetentionLimit;
          const expiresAt = s.startedAt + Math.max(retention, 1) * DAY;
          if (expiresAt <= now) s.goneAt = expiresAt;
        }
        if (s.goneAt !== undefined && s.goneAt <= now) this.snapshotsByName.delete(s.name);
      }
    } finally {
      this.#syncing = false;
    }
  }

  /** Creates the automatic snapshots due for `g` up to `now` (one a day in its window, while retained). */
  #automaticSnapshots(g: SimReplicationGroup, now: number): void {
    if (g.snapshotRetentionLimit <= 0 || g.failedAt !== undefined) return;
    const window = parseWindow(g.snapshotWindow);
    if (!window) return;
    const windowLen = (((window.endMin - window.startMin) % 1440) + 1440) % 1440 || 1440;
    const firstDay = Math.floor(Math.max(g.createdAt, now - (g.snapshotRetentionLimit + 1) * DAY) / DAY) * DAY;
    for (let day = firstDay; day <= now; day += DAY) {
      if (g.autoSnapshotDays.has(day)) continue;
      const key = `${g.id}:${day}`;
      const startedAt = Math.round(
        day + window.startMin * 60_000 + keyedDraw(this.#seed, `start:${key}`) * windowLen * 30_000,
      );
      if (startedAt > now) continue;
      g.autoSnapshotDays.add(day);
      if (startedAt < g.availableAt || startedAt < g.createdAt) continue;
      if (startedAt + g.snapshotRetentionLimit * DAY <= now) continue; // already expired
      if (this.world.faults.isRegionDown(this.region, startedAt)) continue; // no backup that day
      const [min, max] = this.options.durations.snapshotMs;
      const took = Math.round(min + (max - min) * keyedDraw(this.#seed, `took:${key}`));
      const name = automaticSnapshotName(g.id, startedAt);
      if (this.snapshotsByName.has(name)) continue;
      this.#addSnapshot(g, name, 'automated', startedAt, startedAt + took, []);
    }
  }

  /**
   * Seeds a snapshot of `g` as if it had been taken at `startedAt` (ElastiCache has no API to
   * create one in the past): the same record a live `CreateSnapshot` or the automatic window makes.
   *
   * @example
   * ```ts
   * east.seedSnapshot(group, 'jobs-cache-weekly-2026-11-15', 'manual', t, t + 4 * 60_000, [{ Key: 'Schedule', Value: 'weekly' }]);
   * ```
   */
  seedSnapshot(
    g: SimReplicationGroup,
    name: string,
    source: 'manual' | 'automated',
    startedAt: number,
    completeAt: number,
    tags: Array<{ Key: string; Value: string }> = [],
  ): SimSnapshot {
    return this.#addSnapshot(g, name, source, startedAt, completeAt, tags);
  }

  #addSnapshot(
    g: SimReplicationGroup,
    name: string,
    source: 'manual' | 'automated',
    startedAt: number,
    completeAt: number,
    tags: Array<{ Key: string; Value: string }>,
  ): SimSnapshot {
    const snapshot: SimSnapshot = {
      name,
      arn: elasticacheArn(this.region, this.world.accountId, 'snapshot', name),
      region: this.region,
      groupId: g.id,
      source,
      startedAt,
      completeAt,
      data: this.dataOf(g, startedAt),
      dataAt: startedAt,
      config: snapshotConfig(g),
      tags,
    };
    this.snapshotsByName.set(name, snapshot);
    return snapshot;
  }

  // ---------------------------------------------------------------- replication groups

  /**
   * Creates a replication group (the `CreateReplicationGroup` semantics). Validates everything
   * first and throws the service's error for the first problem, before any change.
   */
  createReplicationGroup(o: CreateReplicationGroupOptions): SimReplicationGroup {
    const now = this.#now();
    const id = o.id.toLowerCase();
    const idProblem = replicationGroupIdProblem(o.id);
    if (idProblem) throw invalidValue(`Invalid replication group id ${o.id}: ${idProblem}.`);
    if (this.groupsById.has(id))
      throw awsError('ReplicationGroupAlreadyExistsFault', `Replication group ${id} already exists.`);
    if (o.snapshotName !== undefined && o.snapshotArns?.length)
      throw invalidCombination('SnapshotName and SnapshotArns cannot both be specified.');
    const clusterMode = o.clusterMode ?? (o.numNodeGroups ?? 1) > 1;
    const numNodeGroups = clusterMode ? (o.numNodeGroups ?? 1) : 1;
    if (!clusterMode && (o.numNodeGroups ?? 1) !== 1)
      throw invalidCombination('NumNodeGroups must be 1 for a cluster mode disabled replication group.');
    if (numNodeGroups < 1 || numNodeGroups > 500) throw invalidValue('NumNodeGroups must be between 1 and 500.');
    if (o.replicasPerNodeGroup !== undefined && (o.replicasPerNodeGroup < 0 || o.replicasPerNodeGroup > 5))
      throw invalidValue('ReplicasPerNodeGroup must be between 0 and 5.');
    if (o.numCacheClusters !== undefined && o.replicasPerNodeGroup !== undefined)
      throw invalidCombination('NumCacheClusters and ReplicasPerNodeGroup cannot both be specified.');
    if (clusterMode && o.numCacheClusters !== undefined)
      throw invalidCombination(
        'NumCacheClusters is not used for a cluster mode enabled replication group; use ReplicasPerNodeGroup.',
      );
    const nodesPerGroup = o.numCacheClusters ?? (o.replicasPerNodeGroup ?? (o.automaticFailover ? 1 : 0)) + 1;
    if (nodesPerGroup < 1 || nodesPerGroup > 6) throw invalidValue('NumCacheClusters must be between 1 and 6.');
    const automaticFailover = o.automaticFailover ?? clusterMode;
    if (clusterMode && !automaticFailover)
      throw invalidCombination('AutomaticFailoverEnabled must be true for a cluster mode enabled replication group.');
    if (automaticFailover && !clusterMode && nodesPerGroup < 2)
      throw invalidCombination('Automatic failover needs at least 2 cache clusters (1 primary and 1 replica).');
    if (o.multiAz && !automaticFailover) throw invalidCombination('MultiAZEnabled requires AutomaticFailoverEnabled.');
    const zones = this.zones();
    if (o.preferredAzs) {
      if (o.preferredAzs.length !== nodesPerGroup)
        throw invalidValue(
          `PreferredCacheClusterAZs must list ${nodesPerGroup} availability zones, one per cache cluster.`,
        );
      const unknown = o.preferredAzs.find((az) => !zones.includes(az));
      if (unknown) throw invalidValue(`Availability zone ${unknown} is not in region ${this.region}.`);
    }
    if (o.snapshotRetentionLimit !== undefined && (o.snapshotRetentionLimit < 0 || o.snapshotRetentionLimit > 35))
      throw invalidValue('SnapshotRetentionLimit must be between 0 and 35.');
    if (o.snapshotWindow !== undefined) windowProblem(o.snapshotWindow);
    if (o.authToken !== undefined && !o.transitEncryption)
      throw invalidCombination('AuthToken requires TransitEncryptionEnabled.');
    if (o.authToken !== undefined && !/^[\x21-\x7e]{16,128}$/.test(o.authToken))
      throw invalidValue('AuthToken must be 16 to 128 printable characters.');
    if (o.port !== undefined && (o.port < 1024 || o.port > 65535))
      throw invalidValue('Port must be between 1024 and 65535.');
    if (o.createdAt !== undefined && !o.available)
      throw invalidCombination('createdAt needs available: true (simulation option).');

    // Data source: snapshot, RDB export, Global Datastore, or fresh.
    let snapshot: SimSnapshot | undefined;
    let rdb: SimRdbExport[] = [];
    let global: SimGlobalDatastore | undefined;
    if (o.snapshotName !== undefined) {
      snapshot = this.snapshot(o.snapshotName);
      if (!snapshot) throw awsError('SnapshotNotFoundFault', `Snapshot ${o.snapshotName} not found.`, { status: 404 });
      const status = this.snapshotStatus(snapshot, now);
      if (status !== 'available' && status !== 'restoring')
        throw awsError('InvalidSnapshotStateFault', `Snapshot ${o.snapshotName} is ${status}, not available.`);
    }
    if (o.snapshotArns?.length) {
      rdb = o.snapshotArns.map((arn) => {
        const file = rdbExports(this.world).get(arn);
        if (!file || file.availableAt > now) throw invalidValue(`No RDB file found at ${arn}.`);
        if (file.region !== this.region)
          throw invalidValue(`The S3 bucket ${file.bucket} is outside of the region ${this.region}.`);
        return file;
      });
    }
    if (o.globalReplicationGroupId !== undefined) {
      global = globalDatastores(this.world).byId.get(o.globalReplicationGroupId);
      if (!global || global.goneAt !== undefined)
        throw awsError(
          'GlobalReplicationGroupNotFoundFault',
          `Global datastore ${o.globalReplicationGroupId} not found.`,
          { status: 404 },
        );
      const gStatus = GlobalDatastores.status(global, now);
      if (gStatus !== 'available' && gStatus !== 'primary-only')
        throw awsError('InvalidGlobalReplicationGroupStateFault', `Global datastore ${global.id} is ${gStatus}.`);
      if (global.members.some((m) => m.region === this.region && m.goneAt === undefined))
        throw invalidValue(`Global datastore ${global.id} already has a member in ${this.region}.`);
      if (snapshot || rdb.length)
        throw invalidCombination('A Global Datastore secondary cannot be seeded from a snapshot.');
    }
    const restoring = snapshot !== undefined || rdb.length > 0;
    const createdBy = o.createdBy ?? (restoring ? 'restore' : 'api');
    const wantsBacking =
      o.redisBacked === true || restoring || this.options.redisBackingScope === 'all' || createdBy === 'restore';
    const backing = this.#planBacking(wantsBacking, clusterMode);

    // No more validation below: make the changes.
    const createdAt = o.available && o.createdAt !== undefined ? Math.min(o.createdAt, now) : now;
    const stuck = restoring && this.world.faults.isStuck('elasticache', now);
    const availableAt = o.available
      ? createdAt
      : stuck
        ? Number.POSITIVE_INFINITY
        : now +
          this.duration(
            global
              ? this.options.durations.secondaryCreateMs
              : restoring
                ? this.options.durations.restoreMs
                : this.options.durations.createMs,
          );
    const source: GroupDataSource = snapshot
      ? { kind: 'fixed', data: { ...snapshot.data } }
      : rdb.length
        ? { kind: 'fixed', data: Object.assign({}, ...rdb.map((f) => f.data)) as Record<string, string> }
        : global || o.data === 'app' || (o.data === undefined && createdBy === 'topology')
          ? { kind: 'app' }
          : { kind: 'fixed', data: {} };
    const corrupt = restoring && this.world.faults.isCorrupt(now);
    if (corrupt && source.kind === 'fixed') source.data = corruptRedisData(source.data, () => this.#rng.next());
    const nodeGroups = this.#layout(id, clusterMode, numNodeGroups, nodesPerGroup, o.preferredAzs);
    const window = o.snapshotWindow ?? (snapshot?.config.snapshotWindow || this.#defaultWindow());
    const g: SimReplicationGroup = {
      id,
      arn: elasticacheArn(this.region, this.world.accountId, 'replicationgroup', id),
      region: this.region,
      description: o.description ?? ' ',
      createdAt,
      availableAt,
      clusterMode,
      nodeGroups,
      port: o.port ?? snapshot?.config.port ?? 6379,
      engine: global?.engine ?? o.engine ?? 'redis',
      engineVersion: global?.engineVersion ?? o.engineVersion ?? snapshot?.config.engineVersion ?? '7.1.0',
      cacheNodeType: global?.cacheNodeType ?? o.cacheNodeType ?? snapshot?.config.cacheNodeType ?? 'cache.r7g.large',
      automaticFailover,
      multiAz: o.multiAz ?? false,
      snapshotRetentionLimit: o.snapshotRetentionLimit ?? 0,
      snapshotWindow: window,
      transitEncryption: o.transitEncryption ?? false,
      atRestEncryption: o.atRestEncryption ?? false,
      ...(o.authToken !== undefined ? { authToken: o.authToken } : {}),
      tags: (o.tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' })),
      createdBy,
      ...(snapshot ? { fromSnapshot: snapshot.name } : {}),
      source,
      corrupt,
      backing,
      resource: undefined as unknown as SimResource,
      autoSnapshotDays: new Set(),
      pendingFailovers: [],
    };
    g.resource = this.world.resources.register(this.#resourceOf(g));
    this.groupsById.set(id, g);
    if (global) {
      global.members.push({ groupId: id, region: this.region, role: 'SECONDARY', associatedAt: availableAt });
    }
    if (backing.mode === 'starting') this.#startBacking(g);
    return g;
  }

  #defaultWindow(): string {
    // ElastiCache picks a window when none is given; a 60-minute window at a drawn hour.
    const start = this.#rng.int(0, 23) * 60;
    return `${hhmm(start)}-${hhmm(start + 60)}`;
  }

  #layout(
    id: string,
    clusterMode: boolean,
    numNodeGroups: number,
    nodesPerGroup: number,
    preferred?: string[],
  ): SimNodeGroup[] {
    const zones = this.zones();
    const offset = this.#rng.int(0, zones.length - 1);
    const groups: SimNodeGroup[] = [];
    const slotsPer = Math.floor(16384 / numNodeGroups);
    for (let n = 0; n < numNodeGroups; n++) {
      const ngId = String(n + 1).padStart(4, '0');
      const members: SimNodeMember[] = [];
      for (let i = 0; i < nodesPerGroup; i++) {
        const clusterId = clusterMode
          ? `${id}-${ngId}-${String(i + 1).padStart(3, '0')}`
          : `${id}-${String(i + 1).padStart(3, '0')}`;
        const az = preferred?.[i] ?? zones[(offset + n + i) % zones.length]!;
        members.push({ clusterId, nodeId: '0001', az, role: i === 0 ? 'primary' : 'replica' });
      }
      const lo = n * slotsPer;
      const hi = n === numNodeGroups - 1 ? 16383 : (n + 1) * slotsPer - 1;
      groups.push({ id: ngId, ...(clusterMode ? { slots: `${lo}-${hi}` } : {}), members });
    }
    return groups;
  }

  #planBacking(wanted: boolean, clusterMode: boolean): RedisBacking {
    const mode = this.options.redisBacking;
    if (!wanted || mode === 'off') return { mode: 'none' };
    if (clusterMode) {
      if (mode === 'required')
        throw awsError(
          'DrkitSimulationError',
          'drkit simulation: redisBacking is "required" but cluster mode enabled groups cannot be backed by a single redis-server.',
        );
      return {
        mode: 'simulated',
        note: 'cluster mode enabled groups are not backed by a real redis-server; the endpoint is simulated',
      };
    }
    if (!redisPool(this.world).available) {
      if (mode === 'required')
        throw awsError(
          'DrkitSimulationError',
          `drkit simulation: redisBacking is "required" but ${REDIS_INSTALL_HINT}`,
        );
      warnOnce(`drkit simulated ElastiCache: endpoints are simulated, not real Redis. ${REDIS_INSTALL_HINT}`);
      return { mode: 'simulated', note: `endpoint simulated: ${REDIS_INSTALL_HINT}` };
    }
    return { mode: 'starting' };
  }

  #startBacking(g: SimReplicationGroup): void {
    // Real I/O: keep virtual time from skipping until the server is up and seeded.
    const release = this.world.clock.hold();
    const data = this.dataOf(g, Math.min(this.#now(), g.availableAt));
    g.backing.ready = (async () => {
      const started = await redisPool(this.world).start({
        label: g.id,
        data,
        ...(g.authToken ? { password: g.authToken } : {}),
      });
      if (started.isOk()) {
        if (g.goneAt !== undefined || g.deleteAt !== undefined) {
          await started.value.stop();
          return;
        }
        g.backing.server = started.value;
        g.backing.mode = 'real';
        g.resource.endpoint = { host: started.value.host, port: started.value.port };
        g.resource.tags['drkit:redis-backing'] = 'real';
      } else {
        g.backing.mode = this.options.redisBacking === 'required' ? 'failed' : 'simulated';
        g.backing.note = `redis-server did not start: ${started.error.message}`;
        g.resource.tags['drkit:redis-backing'] = g.backing.note;
        if (this.options.redisBacking === 'required') {
          g.failedAt = this.#now();
          g.failure = g.backing.note;
        }
      }
    })().finally(release);
  }

  /**
   * Rewrites the group's real redis-server with its current data (`dataOf(now)`), for live
   * groups backed under scope `all`. No-op for groups without a real server.
   */
  async refreshRedis(groupId: string): Promise<void> {
    const g = this.group(groupId);
    await g?.backing.ready;
    const server = g?.backing.server;
    if (!g || !server) return;
    const entries = Object.entries(this.dataOf(g));
    const auth = g.authToken ? [['AUTH', g.authToken]] : [];
    await this.world.clock.track(
      redisCommands(server.host, server.port, [...auth, ['FLUSHALL'], ['MSET', ...entries.flat()]]),
    );
  }

  #resourceOf(g: SimReplicationGroup): SimResource {
    const dataNow = () => this.dataOf(g);
    const status = (now: number) => this.groupStatus(g, now);
    const faults = this.world.faults;
    const names = endpointNames(g.id, this.endpointHash, this.region, g.transitEncryption);
    return {
      arn: g.arn,
      id: g.id,
      type: 'ElastiCache',
      region: g.region,
      az: g.nodeGroups[0]?.members[0]?.az,
      dnsName: g.clusterMode ? names.configuration : names.primary,
      createdAt: g.createdAt,
      createdBy: g.createdBy,
      tags: {
        ...Object.fromEntries(g.tags.map((t) => [t.Key, t.Value])),
        ...(g.backing.note ? { 'drkit:redis-backing': g.backing.note } : {}),
      },
      corrupt: g.corrupt,
      get data() {
        return dataNow();
      },
      isHealthy(now: number) {
        if (faults.isRegionDown(g.region, now)) return false;
        if (!['available', 'snapshotting', 'modifying'].includes(status(now))) return false;
        return g.nodeGroups.every((ng) => ng.members.some((m) => !faults.isAzDown(m.az, now)));
      },
    };
  }

  /** Starts deleting a group (`DeleteReplicationGroup`), optionally taking a final snapshot first. */
  deleteReplicationGroup(
    id: string,
    o: { finalSnapshotName?: string; retainPrimaryCluster?: boolean } = {},
  ): SimReplicationGroup {
    const now = this.#now();
    const g = this.#mustGroup(id);
    const status = this.groupStatus(g, now);
    if (!['available', 'create-failed', 'snapshotting'].includes(status))
      throw awsError(
        'InvalidReplicationGroupStateFault',
        `Replication group ${g.id} is ${status}; it can be deleted only when available.`,
      );
    if (this.membership(g, now))
      throw awsError(
        'InvalidReplicationGroupStateFault',
        `Replication group ${g.id} is a member of a Global datastore; disassociate it first.`,
      );
    if (o.retainPrimaryCluster) throw invalidCombination('RetainPrimaryCluster is not supported by the simulation.');
    if (o.finalSnapshotName !== undefined) {
      if (this.snapshot(o.finalSnapshotName))
        throw awsError('SnapshotAlreadyExistsFault', `Snapshot ${o.finalSnapshotName} already exists.`);
      if (status === 'create-failed')
        throw invalidCombination('A replication group that failed to create has no data to snapshot.');
    }
    let goneAt = now + this.duration(this.options.durations.deleteMs);
    if (o.finalSnapshotName !== undefined) {
      const took = this.duration(this.options.durations.snapshotMs);
      this.#addSnapshot(g, o.finalSnapshotName, 'manual', now, now + took, []);
      goneAt += took;
    }
    g.deleteAt = now;
    g.goneAt = goneAt;
    return g;
  }

  /** Applies `ModifyReplicationGroup` changes (description, failover flags, snapshot settings). */
  modifyReplicationGroup(
    id: string,
    o: {
      description?: string;
      automaticFailover?: boolean;
      multiAz?: boolean;
      snapshotRetentionLimit?: number;
      snapshotWindow?: string;
    },
  ): SimReplicationGroup {
    const now = this.#now();
    const g = this.#mustGroup(id);
    const status = this.groupStatus(g, now);
    if (status !== 'available' && status !== 'snapshotting')
      throw awsError('InvalidReplicationGroupStateFault', `Replication group ${g.id} is ${status}, not available.`);
    if (o.snapshotRetentionLimit !== undefined && (o.snapshotRetentionLimit < 0 || o.snapshotRetentionLimit > 35))
      throw invalidValue('SnapshotRetentionLimit must be between 0 and 35.');
    if (o.snapshotWindow !== undefined) windowProblem(o.snapshotWindow);
    const failover = o.automaticFailover ?? g.automaticFailover;
    const multiAz = o.multiAz ?? (o.automaticFailover === false ? false : g.multiAz);
    if (multiAz && !failover) throw invalidCombination('MultiAZEnabled requires AutomaticFailoverEnabled.');
    if (g.clusterMode && !failover) throw invalidCombination('Automatic failover cannot be disabled in cluster mode.');
    if (failover && !g.clusterMode && (g.nodeGroups[0]?.members.length ?? 0) < 2)
      throw invalidCombination('Automatic failover needs at least one replica.');
    const structural = failover !== g.automaticFailover || multiAz !== g.multiAz;
    if (o.description !== undefined) g.description = o.description;
    if (o.snapshotRetentionLimit !== undefined) g.snapshotRetentionLimit = o.snapshotRetentionLimit;
    if (o.snapshotWindow !== undefined) g.snapshotWindow = o.snapshotWindow;
    g.automaticFailover = failover;
    g.multiAz = multiAz;
    if (structural) g.modifyingUntil = now + this.duration(this.options.durations.modifyMs);
    return g;
  }

  /**
   * `TestFailover`: promotes a replica of the node group (after a few seconds) and keeps the
   * group `modifying` until the old primary is replaced.
   */
  testFailover(groupId: string, nodeGroupId: string): SimReplicationGroup {
    const now = this.#now();
    const g = this.#mustGroup(groupId);
    const ng = g.nodeGroups.find((n) => n.id === nodeGroupId);
    if (!ng)
      throw awsError('NodeGroupNotFoundFault', `Node group ${nodeGroupId} not found in replication group ${g.id}.`, {
        status: 404,
      });
    const status = this.groupStatus(g, now);
    if (status !== 'available')
      throw awsError(
        'InvalidReplicationGroupStateFault',
        `Replication group ${g.id} is ${status}; test failover needs it available.`,
      );
    if (!g.automaticFailover)
      throw awsError(
        'InvalidReplicationGroupStateFault',
        `Replication group ${g.id} does not have automatic failover enabled.`,
      );
    if (!ng.members.some((m) => m.role === 'replica'))
      throw awsError('TestFailoverNotAvailableFault', `Node group ${ng.id} of ${g.id} has no replica to fail over to.`);
    const gm = this.membership(g, now);
    if (gm && GlobalDatastores.status(gm.global, now) === 'modifying')
      throw awsError('TestFailoverNotAvailableFault', `Global datastore ${gm.global.id} is modifying.`);
    const recent = this.testFailoverLog.filter((e) => e.at > now - DAY);
    if (recent.length >= this.options.testFailoverLimitPer24h)
      throw awsError(
        'APICallRateForCustomerExceededFault',
        `TestFailover can target at most ${this.options.testFailoverLimitPer24h} node groups in any rolling 24-hour period.`,
      );
    this.testFailoverLog.push({ at: now, target: `${g.id}/${ng.id}` });
    const took = this.duration(this.options.durations.testFailoverMs);
    g.pendingFailovers.push({ nodeGroupId: ng.id, at: now + Math.min(20_000, Math.floor(took / 3)) });
    g.modifyingUntil = now + took;
    return g;
  }

  #mustGroup(id: string): SimReplicationGroup {
    const g = this.group(id);
    if (!g) throw awsError('ReplicationGroupNotFoundFault', `ReplicationGroup ${id} not found.`, { status: 404 });
    return g;
  }

  // ---------------------------------------------------------------- snapshots

  /**
   * Starts a manual snapshot (`CreateSnapshot`) of a group, or of the group of a member
   * cluster. Its data are the group's data at the start.
   */
  createSnapshot(o: {
    name: string;
    groupId?: string;
    clusterId?: string;
    tags?: Array<{ Key?: string; Value?: string }>;
  }): SimSnapshot {
    const now = this.#now();
    if (o.groupId === undefined && o.clusterId === undefined)
      throw invalidCombination('Either ReplicationGroupId or CacheClusterId must be specified.');
    if (o.groupId !== undefined && o.clusterId !== undefined)
      throw invalidCombination('Only one of ReplicationGroupId or CacheClusterId can be specified.');
    if (!o.name || o.name.length > 255) throw invalidValue('SnapshotName must be 1 to 255 characters.');
    if (this.snapshot(o.name)) throw awsError('SnapshotAlreadyExistsFault', `Snapshot ${o.name} already exists.`);
    let g: SimReplicationGroup | undefined;
    if (o.groupId !== undefined) g = this.#mustGroup(o.groupId);
    else {
      g = this.groupOfCluster(o.clusterId!);
      if (!g) throw awsError('CacheClusterNotFoundFault', `CacheCluster ${o.clusterId} not found.`, { status: 404 });
      if (g.clusterMode) throw invalidCombination('Snapshots of a cluster mode enabled group need ReplicationGroupId.');
    }
    const status = this.groupStatus(g, now);
    if (status !== 'available')
      throw awsError(
        'InvalidReplicationGroupStateFault',
        `Replication group ${g.id} is ${status}; snapshots need it available.`,
      );
    const tags = (o.tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
    return this.#addSnapshot(g, o.name, 'manual', now, now + this.duration(this.options.durations.snapshotMs), tags);
  }

  /**
   * `CopySnapshot` in this region; with `targetBucket`, exports the snapshot as an RDB file to
   * that S3 bucket (`arn:aws:s3:::bucket/<target>-0001.rdb`) instead of creating a snapshot.
   */
  copySnapshot(o: {
    source: string;
    target: string;
    targetBucket?: string;
    tags?: Array<{ Key?: string; Value?: string }>;
  }): {
    snapshot: SimSnapshot;
    export?: SimRdbExport;
  } {
    const now = this.#now();
    const source = this.snapshot(o.source);
    if (!source) throw awsError('SnapshotNotFoundFault', `Snapshot ${o.source} not found.`, { status: 404 });
    const status = this.snapshotStatus(source, now);
    if (status !== 'available')
      throw awsError('InvalidSnapshotStateFault', `Snapshot ${o.source} is ${status}, not available.`);
    if (!o.target) throw invalidValue('TargetSnapshotName is required.');
    const took = this.duration(this.options.durations.copySnapshotMs);
    const tags = (o.tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
    if (o.targetBucket !== undefined) {
      if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(o.targetBucket))
        throw invalidValue(`Invalid S3 bucket name ${o.targetBucket}.`);
      const key = `${o.target}-0001.rdb`;
      const arn = `arn:aws:s3:::${o.targetBucket}/${key}`;
      if (rdbExports(this.world).has(arn))
        throw awsError('SnapshotAlreadyExistsFault', `${key} already exists in ${o.targetBucket}.`);
      const file: SimRdbExport = {
        arn,
        bucket: o.targetBucket,
        key,
        region: this.region,
        availableAt: now + took,
        data: source.data,
        dataAt: source.dataAt,
        config: source.config,
        sourceSnapshot: source.name,
      };
      rdbExports(this.world).set(arn, file);
      source.copyingUntil = now + took;
      return { snapshot: source, export: file };
    }
    if (this.snapshot(o.target)) throw awsError('SnapshotAlreadyExistsFault', `Snapshot ${o.target} already exists.`);
    const copy: SimSnapshot = {
      ...source,
      name: o.target,
      arn: elasticacheArn(this.region, this.world.accountId, 'snapshot', o.target),
      source: 'manual',
      startedAt: now,
      completeAt: now + took,
      tags,
      copiedFrom: source.name,
      copyingUntil: undefined,
      deleteAt: undefined,
      goneAt: undefined,
    };
    this.snapshotsByName.set(copy.name, copy);
    source.copyingUntil = now + took;
    return { snapshot: copy };
  }

  /** Adds a snapshot copied from another region (see `copySnapshotToRegion`). */
  importSnapshot(from: SimSnapshot, name: string, startedAt: number, completeAt: number): SimSnapshot {
    if (this.snapshot(name))
      throw awsError('SnapshotAlreadyExistsFault', `Snapshot ${name} already exists in ${this.region}.`);
    const copy: SimSnapshot = {
      name,
      arn: elasticacheArn(this.region, this.world.accountId, 'snapshot', name),
      region: this.region,
      groupId: from.groupId,
      source: 'manual',
      startedAt,
      completeAt,
      data: from.data,
      dataAt: from.dataAt,
      config: from.config,
      tags: [...from.tags],
      copiedFrom: `${from.region}:${from.name}`,
    };
    this.snapshotsByName.set(name, copy);
    return copy;
  }

  /** `DeleteSnapshot`: the snapshot shows `deleting`, then disappears. */
  deleteSnapshot(name: string): SimSnapshot {
    const now = this.#now();
    const s = this.snapshot(name);
    if (!s) throw awsError('SnapshotNotFoundFault', `Snapshot ${name} not found.`, { status: 404 });
    const status = this.snapshotStatus(s, now);
    if (status !== 'available')
      throw awsError(
        'InvalidSnapshotStateFault',
        `Snapshot ${name} is ${status}; only available snapshots can be deleted.`,
      );
    s.deleteAt = now;
    s.goneAt = now + this.duration(this.options.durations.snapshotDeleteMs);
    return s;
  }

  // ---------------------------------------------------------------- Global Datastore

  /**
   * `CreateGlobalReplicationGroup` with a primary group of this region. With `available`
   * (topology), it is created at once.
   */
  createGlobalDatastore(o: {
    suffix: string;
    primaryGroupId: string;
    description?: string;
    available?: boolean;
  }): SimGlobalDatastore {
    const now = this.#now();
    if (!/^[a-zA-Z0-9-]{1,40}$/.test(o.suffix))
      throw invalidValue(`Invalid GlobalReplicationGroupIdSuffix ${o.suffix}.`);
    const g = this.#mustGroup(o.primaryGroupId);
    const status = this.groupStatus(g, now);
    if (status !== 'available')
      throw awsError('InvalidReplicationGroupStateFault', `Replication group ${g.id} is ${status}, not available.`);
    if (this.membership(g, now))
      throw awsError(
        'InvalidReplicationGroupStateFault',
        `Replication group ${g.id} is already in a Global datastore.`,
      );
    const store = globalDatastores(this.world);
    const id = `${globalDatastorePrefix(this.region)}-${o.suffix}`;
    if (store.byId.has(id))
      throw awsError('GlobalReplicationGroupAlreadyExistsFault', `Global datastore ${id} already exists.`);
    const availableAt = o.available ? now : now + this.duration(this.options.durations.globalCreateMs);
    const global: SimGlobalDatastore = {
      id,
      arn: globalDatastoreArn(this.world.accountId, id),
      description: o.description ?? ' ',
      createdAt: now,
      availableAt,
      engine: g.engine,
      engineVersion: g.engineVersion,
      cacheNodeType: g.cacheNodeType,
      clusterEnabled: g.clusterMode,
      transitEncryption: g.transitEncryption,
      atRestEncryption: g.atRestEncryption,
      authTokenEnabled: g.authToken !== undefined,
      members: [{ groupId: g.id, region: this.region, role: 'PRIMARY', associatedAt: availableAt }],
      failovers: [],
    };
    store.byId.set(id, global);
    return global;
  }

  /** The Global Datastore by id, or the service's not-found error. */
  mustGlobal(id: string): SimGlobalDatastore {
    const global = globalDatastores(this.world).byId.get(id);
    if (!global || (global.goneAt !== undefined && global.goneAt <= this.#now()))
      throw awsError('GlobalReplicationGroupNotFoundFault', `Global datastore ${id} not found.`, { status: 404 });
    return global;
  }

  /**
   * `FailoverGlobalReplicationGroup`: promotes the secondary named by region and group id. The
   * datastore must be `available`; it is `modifying` until the roles swap. Works while the old
   * primary's region is down (the secondary stays available for exactly this).
   */
  failoverGlobalDatastore(o: { id: string; primaryRegion: string; primaryGroupId: string }): SimGlobalDatastore {
    const now = this.#now();
    const global = this.mustGlobal(o.id);
    const status = GlobalDatastores.status(global, now);
    if (status !== 'available')
      throw awsError(
        'InvalidGlobalReplicationGroupStateFault',
        `Global datastore ${global.id} is ${status}; failover needs it available.`,
      );
    const target = global.members.find(
      (m) => m.region === o.primaryRegion && m.groupId === o.primaryGroupId.toLowerCase() && m.goneAt === undefined,
    );
    if (!target)
      throw invalidValue(
        `Replication group ${o.primaryGroupId} in ${o.primaryRegion} is not a member of Global datastore ${global.id}.`,
      );
    if (target.role === 'PRIMARY')
      throw invalidValue(
        `Replication group ${o.primaryGroupId} in ${o.primaryRegion} is already the primary of ${global.id}.`,
      );
    if (GlobalDatastores.memberStatus(target, now) !== 'associated')
      throw awsError('InvalidGlobalReplicationGroupStateFault', `Member ${target.groupId} is not associated yet.`);
    const targetState = this.other(target.region);
    const targetGroup = targetState.group(target.groupId);
    const targetStatus = targetGroup ? targetState.groupStatus(targetGroup, now) : 'missing';
    if (targetStatus !== 'available' && targetStatus !== 'snapshotting')
      throw awsError(
        'InvalidGlobalReplicationGroupStateFault',
        `Replication group ${target.groupId} is ${targetStatus}.`,
      );
    global.failover = {
      startedAt: now,
      completeAt: now + this.duration(this.options.durations.globalFailoverMs),
      newPrimary: { region: target.region, groupId: target.groupId },
    };
    return global;
  }

  /** `DisassociateGlobalReplicationGroup`: a secondary leaves and keeps its data as of then. */
  disassociateGlobal(o: { id: string; groupId: string; groupRegion: string }): SimGlobalDatastore {
    const now = this.#now();
    const global = this.mustGlobal(o.id);
    const status = GlobalDatastores.status(global, now);
    if (status !== 'available')
      throw awsError(
        'InvalidGlobalReplicationGroupStateFault',
        `Global datastore ${global.id} is ${status}, not available.`,
      );
    const member = global.members.find(
      (m) => m.region === o.groupRegion && m.groupId === o.groupId.toLowerCase() && m.goneAt === undefined,
    );
    if (!member)
      throw invalidValue(`Replication group ${o.groupId} in ${o.groupRegion} is not a member of ${global.id}.`);
    if (member.role === 'PRIMARY')
      throw invalidValue(`The primary ${o.groupId} cannot be disassociated; fail over first.`);
    member.disassociateAt = now;
    member.goneAt = now + this.duration(this.options.durations.globalDisassociateMs);
    const g = this.other(member.region).group(member.groupId);
    if (g && g.source.kind === 'app') g.source = { kind: 'app', frozenAt: member.goneAt };
    return global;
  }

  /** `DeleteGlobalReplicationGroup`: only with no secondary left; the primary group is kept. */
  deleteGlobal(o: { id: string; retainPrimary: boolean }): SimGlobalDatastore {
    const now = this.#now();
    const global = this.mustGlobal(o.id);
    const status = GlobalDatastores.status(global, now);
    if (status !== 'primary-only')
      throw awsError(
        'InvalidGlobalReplicationGroupStateFault',
        `Global datastore ${global.id} is ${status}; disassociate every secondary first.`,
      );
    if (!o.retainPrimary)
      throw invalidValue(
        'RetainPrimaryReplicationGroup must be true: the primary cluster is never deleted with the Global datastore.',
      );
    global.deleteAt = now;
    global.goneAt = now + this.duration(this.options.durations.globalDeleteMs);
    for (const m of global.members) if (m.goneAt === undefined) m.goneAt = global.goneAt;
    return global;
  }
}

/** A group's configuration as a snapshot records it. */
function snapshotConfig(g: SimReplicationGroup): SnapshotConfig {
  return {
    description: g.description,
    cacheNodeType: g.cacheNodeType,
    engine: g.engine,
    engineVersion: g.engineVersion,
    port: g.port,
    automaticFailover: g.automaticFailover,
    clusterMode: g.clusterMode,
    snapshotRetentionLimit: g.snapshotRetentionLimit,
    snapshotWindow: g.snapshotWindow,
    groupCreatedAt: g.createdAt,
    nodeGroups: g.nodeGroups.map((ng) => ({
      id: ng.id,
      ...(ng.slots ? { slots: ng.slots } : {}),
      replicaCount: ng.members.length - 1,
      primaryAz: ng.members.find((m) => m.role === 'primary')?.az ?? '',
      replicaAzs: ng.members.filter((m) => m.role === 'replica').map((m) => m.az),
    })),
  };
}

function invalidValue(message: string) {
  return awsError('InvalidParameterValueException', message);
}

function invalidCombination(message: string) {
  return awsError('InvalidParameterCombinationException', message);
}

function windowProblem(window: string): void {
  const w = parseWindow(window);
  if (!w) throw invalidValue(`Invalid SnapshotWindow ${window}: use hh24:mi-hh24:mi (UTC).`);
  const len = (((w.endMin - w.startMin) % 1440) + 1440) % 1440;
  if (len < 60) throw invalidValue(`SnapshotWindow ${window} must be at least 60 minutes long.`);
}

const RDB_EXPORTS = new WeakMap<SimWorld, Map<string, SimRdbExport>>();

/**
 * RDB files exported to (simulated) S3 by `CopySnapshot` with `TargetBucket`, by S3 ARN.
 *
 * @example
 * ```ts
 * rdbExports(world).get('arn:aws:s3:::dr-bucket/jobs-0001.rdb')?.data;
 * ```
 */
export function rdbExports(world: SimWorld): Map<string, SimRdbExport> {
  let map = RDB_EXPORTS.get(world);
  if (!map) {
    map = new Map();
    RDB_EXPORTS.set(world, map);
  }
  return map;
}

let warned = false;
function warnOnce(message: string): void {
  if (warned) return;
  warned = true;
  console.warn(message);
}
