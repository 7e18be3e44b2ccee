/**
 * Response bodies, shaped as the Atlas Administration API returns them: the legacy v1.0
 * `cluster` resource, the v2 `ClusterDescription`, `DiskBackupReplicaSet` snapshots,
 * `DiskBackupSnapshotRestoreJob`, `DiskBackupSnapshotSchedule`, `ClusterOutageSimulation`,
 * and the paginated envelope `{ results, totalCount, links }`.
 */
import type { AtlasBackupSchedule } from './backupSchedule';
import { atlasError } from './errors';
import type { AtlasClusterRecord, AtlasRestoreJobRecord, AtlasSnapshotRecord, AtlasState } from './AtlasState';

/** Where a response is rendered: the API flavour and the emulator's base URL (for `links`). */
export interface RenderContext {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly api: 'v1.0' | 'v2';
  /** The v2 resource version from the Accept header. */
  readonly version: string | undefined;
  readonly groupId: string;
}

type Json = Record<string, unknown>;

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** A `links` array with one `self` link. */
export function selfLinks(ctx: RenderContext, path: string): Json[] {
  return [{ href: `${ctx.origin}/api/atlas/${ctx.api}/groups/${ctx.groupId}${path}`, rel: 'self' }];
}

function hosts(state: AtlasState, record: AtlasClusterRecord): string[] {
  return state
    .nodeViews(record)
    .filter((n) => n.kind === 'ELECTABLE')
    .map((n) => `${n.host}:27017`);
}

function connectionStrings(state: AtlasState, record: AtlasClusterRecord): Json {
  const replicaSet = `atlas-${record.hostSuffix}-shard-0`;
  return {
    standard: `mongodb://${hosts(state, record).join(',')}/?ssl=true&authSource=admin&replicaSet=${replicaSet}`,
    standardSrv: `mongodb+srv://${record.name}.${record.hostSuffix}.mongodb.net`,
  };
}

function mongoVersion(record: AtlasClusterRecord): string {
  return (
    { '6.0': '6.0.19', '7.0': '7.0.16', '8.0': '8.0.4' }[record.mongoDBMajorVersion] ??
    `${record.mongoDBMajorVersion}.0`
  );
}

/**
 * A cluster as `GET /clusters/{name}` returns it: the v2 `ClusterDescription` (with
 * `replicationSpecs[].regionConfigs[]`) or the legacy v1.0 cluster (with `regionsConfig`).
 */
export function clusterJson(state: AtlasState, record: AtlasClusterRecord, ctx: RenderContext): Json {
  const common = {
    backupEnabled: ctx.api === 'v2' ? record.backupEnabled : false,
    biConnector: { enabled: false, readPreference: 'secondary' },
    clusterType: 'REPLICASET',
    connectionStrings: connectionStrings(state, record),
    createDate: iso(record.createdAt),
    encryptionAtRestProvider: 'NONE',
    groupId: ctx.groupId,
    id: record.id,
    labels: [],
    mongoDBMajorVersion: record.mongoDBMajorVersion,
    mongoDBVersion: mongoVersion(record),
    name: record.name,
    paused: record.paused,
    pitEnabled: record.pitEnabled,
    rootCertType: 'ISRGROOTX1',
    stateName: state.stateName(record),
    terminationProtectionEnabled: record.terminationProtectionEnabled,
    versionReleaseSystem: 'LTS',
    links: selfLinks(ctx, `/clusters/${record.name}`),
  };
  if (ctx.api === 'v2') {
    const legacyShape = (ctx.version ?? '9999') < '2024-08-05';
    return {
      ...common,
      ...(legacyShape ? { diskSizeGB: record.diskSizeGB } : {}),
      globalClusterSelfManagedSharding: false,
      redactClientLogData: false,
      tags: [],
      replicationSpecs: [
        {
          id: record.replicationSpecId,
          ...(legacyShape ? { numShards: 1 } : {}),
          zoneId: record.zoneId,
          zoneName: 'Zone 1',
          regionConfigs: record.desired.map((r) => ({
            providerName: 'AWS',
            regionName: r.regionName,
            priority: r.priority,
            electableSpecs: {
              instanceSize: record.instanceSize,
              nodeCount: r.electableNodes,
              diskSizeGB: record.diskSizeGB,
              ebsVolumeType: 'STANDARD',
            },
            readOnlySpecs: {
              instanceSize: record.instanceSize,
              nodeCount: r.readOnlyNodes,
              diskSizeGB: record.diskSizeGB,
              ebsVolumeType: 'STANDARD',
            },
            analyticsSpecs: {
              instanceSize: record.instanceSize,
              nodeCount: r.analyticsNodes,
              diskSizeGB: record.diskSizeGB,
              ebsVolumeType: 'STANDARD',
            },
            autoScaling: { compute: { enabled: false, scaleDownEnabled: false }, diskGB: { enabled: true } },
          })),
        },
      ],
    };
  }
  const regionsConfig: Json = {};
  for (const r of record.desired)
    regionsConfig[r.regionName] = {
      analyticsNodes: r.analyticsNodes,
      electableNodes: r.electableNodes,
      priority: r.priority,
      readOnlyNodes: r.readOnlyNodes,
    };
  const top = [...record.desired].sort((a, b) => b.priority - a.priority)[0];
  const cs = connectionStrings(state, record);
  return {
    ...common,
    autoScaling: { compute: { enabled: false, scaleDownEnabled: false }, diskGBEnabled: true },
    diskSizeGB: record.diskSizeGB,
    mongoURI: `mongodb://${hosts(state, record).join(',')}`,
    mongoURIUpdated: iso(record.createdAt),
    mongoURIWithOptions: cs.standard,
    numShards: 1,
    providerBackupEnabled: record.backupEnabled,
    providerSettings: {
      providerName: 'AWS',
      regionName: top?.regionName,
      instanceSizeName: record.instanceSize,
      diskIOPS: 3000,
      encryptEBSVolume: true,
      volumeType: 'STANDARD',
    },
    replicationFactor: record.desired.reduce((n, r) => n + r.electableNodes, 0),
    replicationSpec: regionsConfig,
    replicationSpecs: [{ id: record.replicationSpecId, numShards: 1, zoneName: 'Zone 1', regionsConfig }],
    srvAddress: cs.standardSrv,
  };
}

/** A snapshot (`DiskBackupReplicaSet`). */
export function snapshotJson(snapshot: AtlasSnapshotRecord, ctx: RenderContext): Json {
  return {
    cloudProvider: 'AWS',
    copyRegions: [],
    createdAt: iso(snapshot.createdAt),
    expiresAt: iso(snapshot.expiresAt),
    frequencyType: snapshot.frequencyType,
    id: snapshot.id,
    mongodVersion: snapshot.mongodVersion,
    policyItems: snapshot.policyItems,
    replicaSetName: snapshot.replicaSetName,
    snapshotType: 'scheduled',
    status: snapshot.status,
    storageSizeBytes: snapshot.storageSizeBytes,
    type: 'replicaSet',
    links: selfLinks(ctx, `/clusters/${snapshot.clusterName}/backup/snapshots/${snapshot.id}`),
  };
}

/** A restore job (`DiskBackupSnapshotRestoreJob`). */
export function restoreJobJson(job: AtlasRestoreJobRecord, ctx: RenderContext): Json {
  return {
    cancelled: job.cancelled,
    deliveryType: job.deliveryType,
    deliveryUrl: job.deliveryUrl,
    ...(job.deliveryType === 'pointInTime'
      ? { desiredTimestamp: { date: iso(job.restoredTo), increment: job.oplogInc ?? 0 } }
      : {}),
    expired: job.expired,
    ...(job.expiresAt !== undefined ? { expiresAt: iso(job.expiresAt) } : {}),
    failed: job.failed,
    ...(job.finishedAt !== undefined ? { finishedAt: iso(job.finishedAt) } : {}),
    id: job.id,
    ...(job.oplogInc !== undefined ? { oplogInc: job.oplogInc } : {}),
    ...(job.oplogTs !== undefined ? { oplogTs: job.oplogTs } : {}),
    ...(job.pointInTimeUTCSeconds !== undefined ? { pointInTimeUTCSeconds: job.pointInTimeUTCSeconds } : {}),
    ...(job.snapshotId !== undefined ? { snapshotId: job.snapshotId } : {}),
    ...(job.targetClusterName !== undefined ? { targetClusterName: job.targetClusterName } : {}),
    ...(job.targetGroupId !== undefined ? { targetGroupId: job.targetGroupId } : {}),
    timestamp: iso(job.restoredTo),
    links: selfLinks(ctx, `/clusters/${job.clusterName}/backup/restoreJobs/${job.id}`),
  };
}

/** A backup schedule (`DiskBackupSnapshotSchedule`). */
export function scheduleJson(
  state: AtlasState,
  record: AtlasClusterRecord,
  schedule: AtlasBackupSchedule,
  ctx: RenderContext,
): Json {
  return {
    autoExportEnabled: schedule.autoExportEnabled,
    clusterId: record.id,
    clusterName: record.name,
    copySettings: [],
    extraRetentionSettings: [],
    ...(state.nextSnapshot(record) !== undefined ? { nextSnapshot: iso(state.nextSnapshot(record)) } : {}),
    policies: schedule.policies.map((p) => ({ id: p.id, policyItems: p.policyItems.map((i) => ({ ...i })) })),
    referenceHourOfDay: schedule.referenceHourOfDay,
    referenceMinuteOfHour: schedule.referenceMinuteOfHour,
    restoreWindowDays: schedule.restoreWindowDays,
    useOrgAndGroupNamesInExportPrefix: schedule.useOrgAndGroupNamesInExportPrefix,
    links: selfLinks(ctx, `/clusters/${record.name}/backup/schedule`),
  };
}

/** An outage simulation (`ClusterOutageSimulation`). */
export function outageJson(state: AtlasState, record: AtlasClusterRecord, ctx: RenderContext): Json {
  const sim = state.requireOutage(record);
  return {
    clusterName: record.name,
    expirationDate: iso(sim.expirationDate),
    groupId: ctx.groupId,
    id: sim.id,
    outageFilters: sim.filters,
    startRequestDate: iso(sim.startRequestDate),
    state: state.outageState(sim),
  };
}

/**
 * The paginated envelope of list endpoints: `pageNum` (from 1), `itemsPerPage` (1–500,
 * default 100), `includeCount` (default true) → `{ results, totalCount, links }`.
 */
export function paginate<T>(
  items: readonly T[],
  query: URLSearchParams,
  ctx: RenderContext,
  path: string,
  render: (item: T) => Json,
): Json {
  const pageNum = intParam(query, 'pageNum', 1, 1, Number.MAX_SAFE_INTEGER);
  const itemsPerPage = intParam(query, 'itemsPerPage', 100, 1, 500);
  const includeCount = query.get('includeCount') !== 'false';
  const start = (pageNum - 1) * itemsPerPage;
  const page = items.slice(start, start + itemsPerPage);
  const url = (n: number) =>
    `${ctx.origin}/api/atlas/${ctx.api}/groups/${ctx.groupId}${path}?pageNum=${n}&itemsPerPage=${itemsPerPage}`;
  const links: Json[] = [{ href: url(pageNum), rel: 'self' }];
  if (pageNum > 1) links.push({ href: url(pageNum - 1), rel: 'previous' });
  if (start + itemsPerPage < items.length) links.push({ href: url(pageNum + 1), rel: 'next' });
  return { links, results: page.map(render), ...(includeCount ? { totalCount: items.length } : {}) };
}

function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw atlasError(
      'INVALID_QUERY_PARAMETER',
      `Invalid query parameter ${name} specified: must be an integer from ${min} to ${max}.`,
      {
        parameters: [name],
      },
    );
  return n;
}
