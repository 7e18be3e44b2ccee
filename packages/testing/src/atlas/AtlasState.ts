import type { FaultInjector } from '../faults/FaultInjector';
import { SeededRandom } from '../time/SeededRandom';
import {
  atlasAppData,
  corruptAtlasData,
  emptyAtlasData,
  type AtlasAppData,
  type AtlasAppModel,
} from '../app/atlasData';
import {
  defaultBackupSchedule,
  nextScheduledSnapshot,
  scheduledSnapshots,
  stableHexId,
  type AtlasBackupSchedule,
  type AtlasFrequencyType,
  type ScheduleSegment,
} from './backupSchedule';
import { atlasError } from './errors';
import { toAtlasRegion } from './regions';
import type { AtlasClusterSeed, AtlasRegionConfig } from './topology';

/**
 * How long the emulator's operations take, in virtual ms. Each is multiplied by the
 * `latency:atlas:xN` factor in force when the operation starts.
 */
export interface AtlasDurations {
  /** New cluster: CREATING → IDLE. Default 10 min (Atlas quotes 7–10 min for dedicated clusters). */
  readonly clusterCreateMs: number;
  /** PATCH (region priorities, node counts): UPDATING/PENDING → IDLE/APPLIED. Default 6 min. */
  readonly clusterUpdateMs: number;
  /** DELETE: DELETING → gone. Default 5 min. */
  readonly clusterDeleteMs: number;
  /** Automated (snapshot) restore until `finishedAt`. Default 20 min. */
  readonly restoreAutomatedMs: number;
  /** Point-in-time restore until `finishedAt` (snapshot + oplog replay). Default 35 min. */
  readonly restorePointInTimeMs: number;
  /** Download restore until the link is ready. Default 5 min. */
  readonly restoreDownloadMs: number;
  /** How long a download link stays valid before the job shows `expired`. Default 4 h. */
  readonly downloadLinkTtlMs: number;
  /** A scheduled snapshot is `inProgress` this long after its `createdAt`, then `completed`. Default 4 min. */
  readonly snapshotMs: number;
  /** Primary election after `restartPrimaries` (no primary meanwhile). Default 12 s. */
  readonly electionMs: number;
  /** Outage simulation START_REQUESTED → STARTING. Default 30 s. */
  readonly outageStartRequestedMs: number;
  /** Outage simulation STARTING → SIMULATING. Default 2 min. */
  readonly outageStartingMs: number;
  /** Outage simulation RECOVERY_REQUESTED → RECOVERING. Default 30 s. */
  readonly outageRecoveryRequestedMs: number;
  /** Outage simulation RECOVERING → COMPLETE. Default 3 min. */
  readonly outageRecoveringMs: number;
  /** Service-account access tokens live this long. Default 1 h (Atlas's `expires_in: 3600`). */
  readonly tokenTtlMs: number;
}

/** The default {@link AtlasDurations}. */
export const DEFAULT_ATLAS_DURATIONS: AtlasDurations = {
  clusterCreateMs: 10 * 60_000,
  clusterUpdateMs: 6 * 60_000,
  clusterDeleteMs: 5 * 60_000,
  restoreAutomatedMs: 20 * 60_000,
  restorePointInTimeMs: 35 * 60_000,
  restoreDownloadMs: 5 * 60_000,
  downloadLinkTtlMs: 4 * 3_600_000,
  snapshotMs: 4 * 60_000,
  electionMs: 12_000,
  outageStartRequestedMs: 30_000,
  outageStartingMs: 2 * 60_000,
  outageRecoveryRequestedMs: 30_000,
  outageRecoveringMs: 3 * 60_000,
  tokenTtlMs: 3_600_000,
};

/**
 * How a primary is chosen when regions are down.
 * - `priority` (default): the highest-priority region with an electable node up holds the
 *   primary, as the DR runbooks assume when they "fail over to the DR region".
 * - `majority`: as a real replica set, a primary needs a strict majority of electable nodes up;
 *   losing the region that holds most of them leaves the cluster without a primary until its
 *   configuration is changed.
 */
export type AtlasElectionRule = 'priority' | 'majority';

/** Atlas cluster `stateName` values the emulator produces. */
export type AtlasClusterStateName = 'CREATING' | 'IDLE' | 'UPDATING' | 'DELETING';

/** Outage simulation phases, in order. */
export type AtlasOutageSimulationState =
  'START_REQUESTED' | 'STARTING' | 'SIMULATING' | 'RECOVERY_REQUESTED' | 'RECOVERING' | 'COMPLETE';

/** One node of a cluster as the state API shows it. */
export interface AtlasNodeView {
  readonly host: string;
  readonly regionName: string;
  readonly kind: 'ELECTABLE' | 'READ_ONLY' | 'ANALYTICS';
  /** False while its region is down (a `region-outage` fault or an outage simulation). */
  readonly up: boolean;
  readonly role: 'PRIMARY' | 'SECONDARY' | 'DOWN';
}

/** A completed or running failover test. */
export interface AtlasFailoverView {
  readonly startedAt: string;
  readonly electedAt: string;
  readonly fromHost: string | undefined;
  readonly toHost: string | undefined;
}

/** An outage simulation as the state API shows it. */
export interface AtlasOutageSimulationView {
  readonly id: string;
  readonly clusterName: string;
  readonly regions: readonly string[];
  readonly state: AtlasOutageSimulationState;
  readonly startRequestDate: string;
}

/** A cluster as the state API shows it (not an API response: includes nodes and the primary). */
export interface AtlasClusterView {
  readonly id: string;
  readonly name: string;
  readonly stateName: AtlasClusterStateName;
  readonly changeStatus: 'PENDING' | 'APPLIED';
  /** The configuration as last requested (what the API returns). */
  readonly regions: readonly AtlasRegionConfig[];
  /** The configuration actually in effect (differs while an update is pending). */
  readonly appliedRegions: readonly AtlasRegionConfig[];
  readonly nodes: readonly AtlasNodeView[];
  /** The current primary, undefined during an election or when no electable majority/region is up. */
  readonly primary: { readonly host: string; readonly regionName: string } | undefined;
  /** Regions whose nodes are down now (Atlas names). */
  readonly downRegions: readonly string[];
  readonly backupEnabled: boolean;
  readonly pitEnabled: boolean;
  readonly instanceSize: string;
  readonly createdAt: string;
  /** Id of the restore job writing into this cluster, if any. */
  readonly restoringJobId: string | undefined;
  readonly failovers: readonly AtlasFailoverView[];
  readonly outageSimulation: AtlasOutageSimulationView | undefined;
}

/** A snapshot as the emulator computes it. */
export interface AtlasSnapshotRecord {
  readonly id: string;
  readonly clusterName: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly frequencyType: AtlasFrequencyType;
  readonly policyItems: readonly string[];
  readonly status: 'inProgress' | 'completed';
  readonly mongodVersion: string;
  readonly replicaSetName: string;
  readonly storageSizeBytes: number;
}

/** Restore delivery types. */
export type AtlasDeliveryType = 'automated' | 'download' | 'pointInTime';

/** A restore job as the emulator holds it. */
export interface AtlasRestoreJobRecord {
  readonly id: string;
  /** The cluster whose backup is restored. */
  readonly clusterName: string;
  readonly deliveryType: AtlasDeliveryType;
  readonly snapshotId?: string;
  readonly pointInTimeUTCSeconds?: number;
  readonly oplogTs?: number;
  readonly oplogInc?: number;
  readonly targetClusterName?: string;
  readonly targetGroupId?: string;
  /** The moment whose data is restored (snapshot `createdAt` or the point in time), ms. */
  readonly restoredTo: number;
  readonly createdAt: number;
  /** When it will finish; undefined while a `stuck:atlas:restore` fault holds it. */
  readonly dueAt: number | undefined;
  finishedAt: number | undefined;
  cancelled: boolean;
  failed: boolean;
  expired: boolean;
  expiresAt: number | undefined;
  deliveryUrl: string[];
  /** Whether the restored data was damaged by a `corrupt:restore` fault. */
  corrupt: boolean;
}

type DataSegment = { readonly fromMs: number } & (
  { readonly kind: 'live' } | { readonly kind: 'empty' } | { readonly kind: 'fixed'; readonly data: AtlasAppData }
);

interface OutageRecord {
  readonly id: string;
  readonly clusterName: string;
  readonly regions: readonly string[];
  readonly filters: readonly { cloudProvider: string; regionName: string; type: string }[];
  readonly startRequestDate: number;
  readonly startingAt: number;
  readonly simulatingAt: number;
  readonly expirationDate: number;
  recoveryRequestedAt?: number;
  recoveringAt?: number;
  completeAt?: number;
}

interface FailoverRecord {
  readonly startedAt: number;
  readonly electedAt: number;
  readonly fromHost: string | undefined;
  readonly toHost: string | undefined;
}

/** A cluster as the emulator holds it. */
export interface AtlasClusterRecord {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly hostSuffix: string;
  readonly replicationSpecId: string;
  readonly zoneId: string;
  instanceSize: string;
  mongoDBMajorVersion: string;
  diskSizeGB: number;
  backupEnabled: boolean;
  pitEnabled: boolean;
  pitSince: number | undefined;
  paused: boolean;
  terminationProtectionEnabled: boolean;
  desired: AtlasRegionConfig[];
  applied: AtlasRegionConfig[];
  creating: boolean;
  deleting: boolean;
  updating: boolean;
  updateSeq: number;
  restoringJobId: string | undefined;
  backupStart: number | undefined;
  scheduleSegments: ScheduleSegment[];
  data: DataSegment[];
  preferredPrimary: string | undefined;
  failovers: FailoverRecord[];
  outage: OutageRecord | undefined;
}

/** Parameters of {@link AtlasState}. */
export interface AtlasStateOptions {
  readonly now: () => number;
  readonly faults: FaultInjector;
  readonly rng: SeededRandom;
  readonly projectId: string;
  readonly projectName: string;
  readonly durations: AtlasDurations;
  readonly election: AtlasElectionRule;
  readonly appModel: Partial<AtlasAppModel>;
}

const MONGOD_VERSIONS: Record<string, string> = { '6.0': '6.0.19', '7.0': '7.0.16', '8.0': '8.0.4' };

/**
 * The emulator's in-memory Atlas project: clusters, nodes, snapshots, restore jobs, outage
 * simulations, on virtual time. Time-driven changes (an update applying, a restore finishing)
 * are queued with their virtual due time and applied, in order, by {@link AtlasState.sync}
 * before every request and every state read, so nothing keeps the virtual clock busy.
 *
 * Mutating methods throw {@link AtlasApiError} with Atlas's error code; the HTTP layer turns
 * them into responses. Tests use the read-only views through the emulator's state API.
 */
export class AtlasState {
  readonly projectId: string;
  readonly projectName: string;
  readonly durations: AtlasDurations;
  readonly election: AtlasElectionRule;
  readonly appModel: Partial<AtlasAppModel>;
  readonly #clusters = new Map<string, AtlasClusterRecord>();
  readonly #jobs: AtlasRestoreJobRecord[] = [];
  readonly #queue: { at: number; seq: number; run: (at: number) => void }[] = [];
  readonly #now: () => number;
  readonly #faults: FaultInjector;
  readonly #rng: SeededRandom;
  #seq = 0;

  constructor(options: AtlasStateOptions) {
    this.#now = options.now;
    this.#faults = options.faults;
    this.#rng = options.rng;
    this.projectId = options.projectId;
    this.projectName = options.projectName;
    this.durations = options.durations;
    this.election = options.election;
    this.appModel = options.appModel;
  }

  /** Current virtual time. */
  now(): number {
    return this.#now();
  }

  /** A fresh 24-hex id from the seeded generator. */
  newId(): string {
    return this.#rng.hex(24);
  }

  #schedule(at: number, run: (at: number) => void): void {
    const entry = { at, seq: this.#seq++, run };
    let i = this.#queue.length;
    while (
      i > 0 &&
      (this.#queue[i - 1]!.at > at || (this.#queue[i - 1]!.at === at && this.#queue[i - 1]!.seq > entry.seq))
    )
      i--;
    this.#queue.splice(i, 0, entry);
  }

  /** Applies every queued change due at or before now, in time order. */
  sync(): void {
    const now = this.#now();
    while (this.#queue.length > 0 && this.#queue[0]!.at <= now) {
      const next = this.#queue.shift()!;
      next.run(next.at);
    }
  }

  #scaled(ms: number, at: number): number {
    return Math.round(ms * this.#faults.latencyFactor('atlas', at));
  }

  // ---------------------------------------------------------------- clusters

  /** Adds a cluster that already exists (topology seeding): IDLE, with its backup history. */
  seedCluster(seed: AtlasClusterSeed): AtlasClusterRecord {
    const now = this.#now();
    const createdAt = now - (seed.ageMs ?? 400 * 86_400_000);
    const record = this.#newRecord(seed.name, createdAt, {
      instanceSize: seed.instanceSize ?? 'M10',
      mongoDBMajorVersion: seed.mongoDBMajorVersion ?? '7.0',
      diskSizeGB: seed.diskSizeGB ?? 10,
      regions: seed.regions,
      backupEnabled: seed.backupEnabled ?? true,
      pitEnabled: seed.pitEnabled ?? true,
    });
    record.creating = false;
    this.#startBackup(record, createdAt, seed.schedule);
    record.data = [{ fromMs: createdAt, kind: seed.appWrites === false ? 'empty' : 'live' }];
    this.#clusters.set(record.name, record);
    return record;
  }

  #newRecord(
    name: string,
    createdAt: number,
    spec: {
      instanceSize: string;
      mongoDBMajorVersion: string;
      diskSizeGB: number;
      regions: readonly AtlasRegionConfig[];
      backupEnabled: boolean;
      pitEnabled: boolean;
    },
  ): AtlasClusterRecord {
    const id = this.newId();
    const regions = spec.regions.map((r) => ({ ...r, regionName: toAtlasRegion(r.regionName) }));
    return {
      id,
      name,
      createdAt,
      hostSuffix: this.#rng.hex(5),
      replicationSpecId: this.newId(),
      zoneId: this.newId(),
      instanceSize: spec.instanceSize,
      mongoDBMajorVersion: spec.mongoDBMajorVersion,
      diskSizeGB: spec.diskSizeGB,
      backupEnabled: spec.backupEnabled,
      pitEnabled: spec.pitEnabled,
      pitSince: undefined,
      paused: false,
      terminationProtectionEnabled: false,
      desired: regions,
      applied: regions,
      creating: true,
      deleting: false,
      updating: false,
      updateSeq: 0,
      restoringJobId: undefined,
      backupStart: undefined,
      scheduleSegments: [],
      data: [{ fromMs: createdAt, kind: 'empty' }],
      preferredPrimary: undefined,
      failovers: [],
      outage: undefined,
    };
  }

  #startBackup(record: AtlasClusterRecord, at: number, schedule?: AtlasClusterSeed['schedule']): void {
    const base = defaultBackupSchedule(record.id, schedule?.restoreWindowDays ?? 7);
    record.backupStart = at;
    record.pitSince = record.pitEnabled ? at : undefined;
    record.scheduleSegments = [
      { fromMs: at, schedule: { ...base, ...schedule, policies: schedule?.policies ?? base.policies } },
    ];
  }

  /** The live (not yet removed) clusters, in creation order. */
  clusters(): AtlasClusterRecord[] {
    return [...this.#clusters.values()];
  }

  /** The named cluster, or 404 `CLUSTER_NOT_FOUND`. */
  requireCluster(name: string): AtlasClusterRecord {
    const record = this.#clusters.get(name);
    if (!record)
      throw atlasError('CLUSTER_NOT_FOUND', `No cluster named ${name} exists in group ${this.projectId}.`, {
        parameters: [name, this.projectId],
      });
    return record;
  }

  /** The named cluster, if it exists. */
  findCluster(name: string): AtlasClusterRecord | undefined {
    return this.#clusters.get(name);
  }

  /** The cluster's `stateName` now. */
  stateName(record: AtlasClusterRecord): AtlasClusterStateName {
    if (record.deleting) return 'DELETING';
    if (record.creating) return 'CREATING';
    if (record.updating || record.restoringJobId !== undefined) return 'UPDATING';
    return 'IDLE';
  }

  /** Creates a cluster (POST): CREATING, IDLE after `clusterCreateMs`. */
  createCluster(spec: {
    name: string;
    instanceSize: string;
    mongoDBMajorVersion: string;
    diskSizeGB: number;
    regions: readonly AtlasRegionConfig[];
    backupEnabled: boolean;
    pitEnabled: boolean;
  }): AtlasClusterRecord {
    if (this.#clusters.has(spec.name))
      throw atlasError(
        'DUPLICATE_CLUSTER_NAME',
        `A cluster named ${spec.name} is already present in group ${this.projectId}.`,
        {
          parameters: [spec.name, this.projectId],
        },
      );
    const now = this.#now();
    const record = this.#newRecord(spec.name, now, spec);
    this.#clusters.set(record.name, record);
    this.#schedule(now + this.#scaled(this.durations.clusterCreateMs, now), (at) => {
      if (record.deleting) return;
      record.creating = false;
      if (record.backupEnabled) this.#startBackup(record, at);
    });
    return record;
  }

  /** Applies a PATCH: new region configuration and flags; UPDATING until `clusterUpdateMs` passes. */
  updateCluster(
    record: AtlasClusterRecord,
    change: {
      regions?: AtlasRegionConfig[];
      instanceSize?: string;
      backupEnabled?: boolean;
      pitEnabled?: boolean;
      paused?: boolean;
      terminationProtectionEnabled?: boolean;
      mongoDBMajorVersion?: string;
      diskSizeGB?: number;
    },
  ): void {
    if (record.deleting)
      throw atlasError(
        'CLUSTER_ALREADY_REQUESTED_DELETION',
        `The cluster ${record.name} has already been requested for deletion.`,
        {
          status: 400,
          parameters: [record.name],
        },
      );
    if (record.restoringJobId !== undefined)
      throw atlasError(
        'CLUSTER_RESTORE_IN_PROGRESS_CANNOT_UPDATE',
        'The update can not succeed because cluster restore is in progress. Please try again once the restore is finished.',
      );
    const now = this.#now();
    if (change.backupEnabled !== undefined && change.backupEnabled !== record.backupEnabled) {
      record.backupEnabled = change.backupEnabled;
      if (change.backupEnabled && record.backupStart === undefined) this.#startBackup(record, now);
    }
    if (change.pitEnabled !== undefined && change.pitEnabled !== record.pitEnabled) {
      record.pitEnabled = change.pitEnabled;
      record.pitSince = change.pitEnabled ? now : undefined;
    }
    if (change.paused !== undefined) record.paused = change.paused;
    if (change.terminationProtectionEnabled !== undefined)
      record.terminationProtectionEnabled = change.terminationProtectionEnabled;
    if (change.mongoDBMajorVersion !== undefined) record.mongoDBMajorVersion = change.mongoDBMajorVersion;
    if (change.diskSizeGB !== undefined) record.diskSizeGB = change.diskSizeGB;
    if (change.instanceSize !== undefined) record.instanceSize = change.instanceSize;
    const topologyChanged =
      (change.regions !== undefined && JSON.stringify(change.regions) !== JSON.stringify(record.desired)) ||
      change.instanceSize !== undefined ||
      change.diskSizeGB !== undefined ||
      change.mongoDBMajorVersion !== undefined;
    if (!topologyChanged) return;
    if (change.regions) record.desired = change.regions;
    record.updating = true;
    const seq = ++record.updateSeq;
    this.#schedule(now + this.#scaled(this.durations.clusterUpdateMs, now), () => {
      if (record.updateSeq !== seq || record.deleting) return;
      record.applied = record.desired;
      record.updating = false;
    });
  }

  /** Deletes a cluster: DELETING, gone after `clusterDeleteMs`. A restore writing into it fails. */
  deleteCluster(record: AtlasClusterRecord): void {
    if (record.terminationProtectionEnabled)
      throw atlasError('ATLAS_GENERAL_ERROR', `Reason: termination protection is enabled for cluster ${record.name}.`, {
        parameters: [record.name],
      });
    if (record.deleting) return;
    const now = this.#now();
    record.deleting = true;
    const job = this.#jobs.find((j) => j.id === record.restoringJobId);
    if (job && job.finishedAt === undefined && !job.cancelled) job.failed = true;
    record.restoringJobId = undefined;
    this.#schedule(now + this.#scaled(this.durations.clusterDeleteMs, now), () => {
      this.#clusters.delete(record.name);
    });
  }

  // ---------------------------------------------------------------- nodes and elections

  /** Regions of the cluster that are down now: `region-outage` faults and active outage simulations. */
  downRegions(record: AtlasClusterRecord, at = this.#now()): string[] {
    const down = new Set<string>();
    for (const f of this.#faults.active(at))
      if (f.kind === 'region-outage' && (!f.service || f.service === 'atlas' || f.service === '*'))
        down.add(toAtlasRegion(f.region));
    const sim = record.outage;
    if (sim) {
      const state = this.outageState(sim, at);
      if (state !== 'START_REQUESTED' && state !== 'COMPLETE') for (const r of sim.regions) down.add(r);
    }
    return record.applied.map((r) => r.regionName).filter((r) => down.has(r));
  }

  /** Host name of node `index` (0-based, across the cluster). */
  #host(record: AtlasClusterRecord, index: number): string {
    return `${record.name}-shard-00-${String(index).padStart(2, '0')}.${record.hostSuffix}.mongodb.net`;
  }

  /** The nodes in effect, electable ones by region priority first. */
  #nodes(
    record: AtlasClusterRecord,
  ): { host: string; regionName: string; priority: number; kind: AtlasNodeView['kind'] }[] {
    const nodes: { host: string; regionName: string; priority: number; kind: AtlasNodeView['kind'] }[] = [];
    const regions = [...record.applied].sort((a, b) => b.priority - a.priority);
    for (const r of regions)
      for (let i = 0; i < r.electableNodes; i++)
        nodes.push({
          host: this.#host(record, nodes.length),
          regionName: r.regionName,
          priority: r.priority,
          kind: 'ELECTABLE',
        });
    for (const r of regions) {
      for (let i = 0; i < r.readOnlyNodes; i++)
        nodes.push({
          host: this.#host(record, nodes.length),
          regionName: r.regionName,
          priority: 0,
          kind: 'READ_ONLY',
        });
      for (let i = 0; i < r.analyticsNodes; i++)
        nodes.push({
          host: this.#host(record, nodes.length),
          regionName: r.regionName,
          priority: 0,
          kind: 'ANALYTICS',
        });
    }
    return nodes;
  }

  /** The primary's host at `at`, or undefined (creating, electing, or no electable node/majority up). */
  primaryHost(record: AtlasClusterRecord, at = this.#now()): string | undefined {
    if (record.creating || record.paused) return undefined;
    const last = record.failovers[record.failovers.length - 1];
    if (last && at >= last.startedAt && at < last.electedAt) return undefined;
    const down = new Set(this.downRegions(record, at));
    const electable = this.#nodes(record).filter((n) => n.kind === 'ELECTABLE');
    const up = electable.filter((n) => !down.has(n.regionName));
    if (up.length === 0) return undefined;
    if (this.election === 'majority' && up.length * 2 <= electable.length) return undefined;
    const top = Math.max(...up.map((n) => n.priority));
    const candidates = up.filter((n) => n.priority === top);
    return (candidates.find((n) => n.host === record.preferredPrimary) ?? candidates[0])!.host;
  }

  /** The nodes with their current role. */
  nodeViews(record: AtlasClusterRecord, at = this.#now()): AtlasNodeView[] {
    const down = new Set(this.downRegions(record, at));
    const primary = this.primaryHost(record, at);
    return this.#nodes(record).map((n) => ({
      host: n.host,
      regionName: n.regionName,
      kind: n.kind,
      up: !down.has(n.regionName),
      role: down.has(n.regionName) ? 'DOWN' : n.host === primary ? 'PRIMARY' : 'SECONDARY',
    }));
  }

  /**
   * Starts a failover test (`restartPrimaries`): the primary restarts, an election runs for
   * `electionMs`, and another electable node (same region when it has one) becomes primary.
   */
  restartPrimaries(record: AtlasClusterRecord): void {
    const now = this.#now();
    const last = record.failovers[record.failovers.length - 1];
    if (last && now < last.electedAt)
      throw atlasError('CLUSTER_RESTART_IN_PROGRESS', 'A failover test is already in progress.');
    if (
      this.stateName(record) !== 'IDLE' ||
      this.downRegions(record, now).length > 0 ||
      this.primaryHost(record, now) === undefined
    )
      throw atlasError(
        'CLUSTER_RESTART_INVALID',
        'The failover test cannot begin, as not all servers in this cluster are in a healthy state.',
      );
    const from = this.primaryHost(record, now);
    const electable = this.#nodes(record).filter((n) => n.kind === 'ELECTABLE' && n.host !== from);
    const top = Math.max(...electable.map((n) => n.priority));
    const to = electable.find((n) => n.priority === top)?.host;
    record.preferredPrimary = to;
    record.failovers.push({
      startedAt: now,
      electedAt: now + this.#scaled(this.durations.electionMs, now),
      fromHost: from,
      toHost: to,
    });
  }

  // ---------------------------------------------------------------- outage simulation

  /** The phase of an outage simulation at `at`. */
  outageState(sim: OutageRecord, at = this.#now()): AtlasOutageSimulationState {
    if (sim.recoveryRequestedAt !== undefined && at >= sim.recoveryRequestedAt) {
      if (at < sim.recoveringAt!) return 'RECOVERY_REQUESTED';
      if (at < sim.completeAt!) return 'RECOVERING';
      return 'COMPLETE';
    }
    if (at < sim.startingAt) return 'START_REQUESTED';
    if (at < sim.simulatingAt) return 'STARTING';
    return 'SIMULATING';
  }

  /** Starts a regional outage simulation of the listed regions. */
  startOutage(
    record: AtlasClusterRecord,
    filters: { cloudProvider: string; regionName: string; type: string }[],
  ): OutageRecord {
    const now = this.#now();
    if (record.outage && this.outageState(record.outage, now) !== 'COMPLETE')
      throw atlasError(
        'ATLAS_GENERAL_ERROR',
        `Reason: an outage simulation is already running for cluster ${record.name}.`,
        {
          parameters: [record.name],
        },
      );
    if (this.stateName(record) !== 'IDLE')
      throw atlasError(
        'ATLAS_GENERAL_ERROR',
        `Reason: cluster ${record.name} is ${this.stateName(record)}; an outage simulation needs an IDLE cluster.`,
        {
          parameters: [record.name],
        },
      );
    const regions = [...new Set(filters.map((f) => toAtlasRegion(f.regionName)))];
    const clusterRegions = record.applied.filter((r) => r.electableNodes > 0).map((r) => r.regionName);
    const unknown = regions.filter((r) => !record.applied.some((c) => c.regionName === r));
    if (unknown.length > 0)
      throw atlasError(
        'INVALID_ATTRIBUTE',
        `Invalid attribute outageFilters specified: cluster ${record.name} has no nodes in ${unknown.join(', ')}.`,
        {
          parameters: ['outageFilters'],
        },
      );
    if (clusterRegions.every((r) => regions.includes(r)))
      throw atlasError(
        'INVALID_ATTRIBUTE',
        'Invalid attribute outageFilters specified: at least one region with electable nodes must stay up.',
        {
          parameters: ['outageFilters'],
        },
      );
    const startingAt = now + this.#scaled(this.durations.outageStartRequestedMs, now);
    const sim: OutageRecord = {
      id: this.newId(),
      clusterName: record.name,
      regions,
      filters,
      startRequestDate: now,
      startingAt,
      simulatingAt: startingAt + this.#scaled(this.durations.outageStartingMs, now),
      expirationDate: now + 3 * 86_400_000,
    };
    record.outage = sim;
    return sim;
  }

  /** Requests recovery from the running outage simulation (DELETE). */
  endOutage(record: AtlasClusterRecord): OutageRecord {
    const now = this.#now();
    const sim = this.requireOutage(record);
    const state = this.outageState(sim, now);
    if (state === 'RECOVERY_REQUESTED' || state === 'RECOVERING' || state === 'COMPLETE')
      throw atlasError(
        'ATLAS_GENERAL_ERROR',
        `Reason: the outage simulation of cluster ${record.name} is already ${state}.`,
        {
          parameters: [record.name],
        },
      );
    sim.recoveryRequestedAt = now;
    sim.recoveringAt = now + this.#scaled(this.durations.outageRecoveryRequestedMs, now);
    sim.completeAt = sim.recoveringAt + this.#scaled(this.durations.outageRecoveringMs, now);
    return sim;
  }

  /** The cluster's outage simulation, or 404 `RESOURCE_NOT_FOUND`. */
  requireOutage(record: AtlasClusterRecord): OutageRecord {
    if (!record.outage)
      throw atlasError('RESOURCE_NOT_FOUND', `Cannot find resource outage simulation for cluster ${record.name}.`, {
        parameters: [`outageSimulation:${record.name}`],
      });
    return record.outage;
  }

  // ---------------------------------------------------------------- backup

  /** The cluster's current schedule (404-free: every cluster has one, even with backup off). */
  schedule(record: AtlasClusterRecord): AtlasBackupSchedule {
    return record.scheduleSegments[record.scheduleSegments.length - 1]?.schedule ?? defaultBackupSchedule(record.id);
  }

  /** When the schedule takes its next snapshot. */
  nextSnapshot(record: AtlasClusterRecord): number | undefined {
    return record.backupEnabled ? nextScheduledSnapshot(this.schedule(record), this.#now()) : undefined;
  }

  /** Replaces the schedule from now on (snapshots taken earlier keep their retention). */
  updateSchedule(record: AtlasClusterRecord, schedule: AtlasBackupSchedule): void {
    const now = this.#now();
    if (record.backupStart === undefined) record.backupStart = now;
    record.scheduleSegments.push({ fromMs: now, schedule });
  }

  /** Retained scheduled snapshots of the cluster, newest first. */
  snapshots(record: AtlasClusterRecord): AtlasSnapshotRecord[] {
    if (record.backupStart === undefined) return [];
    const now = this.#now();
    const version = MONGOD_VERSIONS[record.mongoDBMajorVersion] ?? `${record.mongoDBMajorVersion}.0`;
    return scheduledSnapshots(record.scheduleSegments, record.backupStart, now).map((s) => ({
      id: stableHexId(`${record.id}:snapshot:${s.createdAt}`),
      clusterName: record.name,
      createdAt: s.createdAt,
      expiresAt: s.expiresAt,
      frequencyType: s.frequencyType,
      policyItems: s.policyItems,
      status: now >= s.createdAt + this.durations.snapshotMs ? 'completed' : 'inProgress',
      mongodVersion: version,
      replicaSetName: `atlas-${record.hostSuffix}-shard-0`,
      storageSizeBytes: 50_000_000 + 4_096 * this.dataAt(record, s.createdAt).collections.matches.count,
    }));
  }

  /** One snapshot, or 404 `SNAPSHOT_NOT_FOUND`. */
  requireSnapshot(record: AtlasClusterRecord, snapshotId: string): AtlasSnapshotRecord {
    const found = this.snapshots(record).find((s) => s.id === snapshotId);
    if (!found)
      throw atlasError('SNAPSHOT_NOT_FOUND', `No snapshot with ID ${snapshotId} exists for cluster ${record.name}.`, {
        parameters: [snapshotId, record.name],
      });
    return found;
  }

  /** The earliest point in time a PIT restore of the cluster may target now (undefined: PIT off). */
  pitWindowStart(record: AtlasClusterRecord): number | undefined {
    if (!record.pitEnabled || record.pitSince === undefined) return undefined;
    const days = this.schedule(record).restoreWindowDays;
    return Math.max(record.pitSince, this.#now() - days * 86_400_000);
  }

  /** The application data of a cluster at time `at`. */
  dataAt(record: AtlasClusterRecord, at: number): AtlasAppData {
    let segment: DataSegment | undefined;
    for (const s of record.data) if (s.fromMs <= at) segment = s;
    if (!segment || segment.kind === 'empty') return emptyAtlasData();
    if (segment.kind === 'fixed') return segment.data;
    return atlasAppData(at, this.appModel);
  }

  /** Restore jobs whose source is the cluster (all when no name), oldest first. */
  restoreJobs(clusterName?: string): AtlasRestoreJobRecord[] {
    return this.#jobs.filter((j) => clusterName === undefined || j.clusterName === clusterName);
  }

  /** One restore job of the cluster, or 404 `RESTORE_JOB_NOT_FOUND`. */
  requireRestoreJob(clusterName: string, jobId: string): AtlasRestoreJobRecord {
    const job = this.#jobs.find((j) => j.id === jobId && j.clusterName === clusterName);
    if (!job)
      throw atlasError('RESTORE_JOB_NOT_FOUND', `No restore job with ID ${jobId} exists for cluster ${clusterName}.`, {
        parameters: [jobId, clusterName],
      });
    return job;
  }

  /**
   * Starts a restore job whose request was validated by the HTTP layer. Automated and
   * point-in-time restores empty the target, hold it UPDATING, and fill it with the source's
   * data as of `restoredTo` when they finish; `stuck:atlas:restore` (in force at the start)
   * keeps them from finishing; `corrupt:restore` (at the start or the finish) damages the data.
   */
  startRestore(
    source: AtlasClusterRecord,
    request: {
      deliveryType: AtlasDeliveryType;
      restoredTo: number;
      snapshotId?: string;
      pointInTimeUTCSeconds?: number;
      oplogTs?: number;
      oplogInc?: number;
      target?: AtlasClusterRecord;
      targetGroupId?: string;
    },
  ): AtlasRestoreJobRecord {
    const now = this.#now();
    const base =
      request.deliveryType === 'download'
        ? this.durations.restoreDownloadMs
        : request.deliveryType === 'pointInTime'
          ? this.durations.restorePointInTimeMs
          : this.durations.restoreAutomatedMs;
    const stuck = this.#faults.isStuck('atlas', now);
    const job: AtlasRestoreJobRecord = {
      id: this.newId(),
      clusterName: source.name,
      deliveryType: request.deliveryType,
      ...(request.snapshotId !== undefined ? { snapshotId: request.snapshotId } : {}),
      ...(request.pointInTimeUTCSeconds !== undefined ? { pointInTimeUTCSeconds: request.pointInTimeUTCSeconds } : {}),
      ...(request.oplogTs !== undefined ? { oplogTs: request.oplogTs } : {}),
      ...(request.oplogInc !== undefined ? { oplogInc: request.oplogInc } : {}),
      ...(request.target
        ? { targetClusterName: request.target.name, targetGroupId: request.targetGroupId ?? this.projectId }
        : {}),
      restoredTo: request.restoredTo,
      createdAt: now,
      dueAt: stuck ? undefined : now + this.#scaled(base, now),
      finishedAt: undefined,
      cancelled: false,
      failed: false,
      expired: false,
      expiresAt: undefined,
      deliveryUrl: [],
      corrupt: this.#faults.isCorrupt(now),
    };
    this.#jobs.push(job);
    // The data as of the restored moment is fixed now (the source may change or vanish later).
    const data = this.dataAt(source, request.restoredTo);
    const target = request.target;
    if (target) {
      target.restoringJobId = job.id;
      target.data.push({ fromMs: now, kind: 'empty' });
    }
    if (job.dueAt === undefined) return job;
    this.#schedule(job.dueAt, (at) => {
      if (job.cancelled || job.failed) return;
      job.finishedAt = at;
      job.corrupt ||= this.#faults.isCorrupt(at);
      if (job.deliveryType === 'download') {
        job.deliveryUrl = [`https://restore-${job.id}.atlas-emulator.invalid/backup/${job.snapshotId ?? 'pit'}.tar.gz`];
        job.expiresAt = at + this.durations.downloadLinkTtlMs;
        this.#schedule(job.expiresAt, () => {
          job.expired = true;
        });
        return;
      }
      if (!target || target.restoringJobId !== job.id) return;
      target.restoringJobId = undefined;
      const draws = new SeededRandom(`corrupt:${job.id}`);
      const restored = job.corrupt ? corruptAtlasData(data, () => draws.next()) : data;
      target.data.push({ fromMs: at, kind: 'fixed', data: restored });
    });
    return job;
  }

  /** Cancels an unfinished restore job (DELETE); its target is left empty and IDLE. */
  cancelRestore(job: AtlasRestoreJobRecord): void {
    if (job.finishedAt !== undefined || job.cancelled || job.failed)
      throw atlasError(
        'ATLAS_GENERAL_ERROR',
        `Reason: restore job ${job.id} has already ${job.cancelled ? 'been cancelled' : 'finished'}.`,
        {
          parameters: [job.id],
        },
      );
    job.cancelled = true;
    const target = job.targetClusterName ? this.#clusters.get(job.targetClusterName) : undefined;
    if (target?.restoringJobId === job.id) target.restoringJobId = undefined;
  }

  /** Marks an unfinished restore job failed (state API, to test failure handling). */
  failRestore(jobId: string): boolean {
    const job = this.#jobs.find((j) => j.id === jobId);
    if (!job || job.finishedAt !== undefined || job.cancelled || job.failed) return false;
    job.failed = true;
    const target = job.targetClusterName ? this.#clusters.get(job.targetClusterName) : undefined;
    if (target?.restoringJobId === job.id) target.restoringJobId = undefined;
    return true;
  }

  /** The state-API view of a cluster. */
  view(record: AtlasClusterRecord): AtlasClusterView {
    const now = this.#now();
    const primary = this.primaryHost(record, now);
    const nodes = this.nodeViews(record, now);
    const sim = record.outage;
    return {
      id: record.id,
      name: record.name,
      stateName: this.stateName(record),
      changeStatus: record.updating ? 'PENDING' : 'APPLIED',
      regions: record.desired,
      appliedRegions: record.applied,
      nodes,
      primary: primary ? { host: primary, regionName: nodes.find((n) => n.host === primary)!.regionName } : undefined,
      downRegions: this.downRegions(record, now),
      backupEnabled: record.backupEnabled,
      pitEnabled: record.pitEnabled,
      instanceSize: record.instanceSize,
      createdAt: new Date(record.createdAt).toISOString(),
      restoringJobId: record.restoringJobId,
      failovers: record.failovers.map((f) => ({
        startedAt: new Date(f.startedAt).toISOString(),
        electedAt: new Date(f.electedAt).toISOString(),
        fromHost: f.fromHost,
        toHost: f.toHost,
      })),
      outageSimulation: sim
        ? {
            id: sim.id,
            clusterName: sim.clusterName,
            regions: sim.regions,
            state: this.outageState(sim, now),
            startRequestDate: new Date(sim.startRequestDate).toISOString(),
          }
        : undefined,
    };
  }
}
