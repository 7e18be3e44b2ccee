/**
 * The Atlas Administration API endpoints the emulator serves, under both `/api/atlas/v1.0`
 * and `/api/atlas/v2`. Each route names its Atlas `operationId`, which fault specs may use
 * (`error:atlas:createBackupRestoreJob:UNEXPECTED_ERROR`) as well as `METHOD /path-template`.
 */
import type { AtlasState, AtlasClusterRecord, AtlasDeliveryType } from './AtlasState';
import { atlasError } from './errors';
import {
  clusterJson,
  outageJson,
  paginate,
  restoreJobJson,
  scheduleJson,
  selfLinks,
  snapshotJson,
  type RenderContext,
} from './json';
import { isObject, regionsFromV1, regionsFromV2, scheduleFromPatch, validateRegions } from './requests';
import type { AtlasRegionConfig } from './topology';

/** What a route handler receives. */
export interface RouteContext {
  readonly state: AtlasState;
  readonly render: RenderContext;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

/** What a route handler returns: status and JSON body (none for 202/204). */
export interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
}

/** One endpoint. `template` is relative to the version prefix (`/groups/{groupId}/clusters`). */
export interface AtlasRoute {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly template: string;
  readonly operationId: string;
  readonly handle: (ctx: RouteContext) => RouteResult;
}

const ok = (body: unknown, status = 200): RouteResult => ({ status, body });

function cluster(ctx: RouteContext): AtlasClusterRecord {
  return ctx.state.requireCluster(ctx.params.clusterName!);
}

function bodyObject(ctx: RouteContext): Record<string, unknown> {
  if (ctx.body === undefined) return {};
  if (!isObject(ctx.body))
    throw atlasError('INVALID_JSON', 'Received JSON does not match expected format.', { status: 400 });
  return ctx.body;
}

function flag(body: Record<string, unknown>, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean')
    throw atlasError('INVALID_ATTRIBUTE', `Invalid attribute ${key} specified.`, { parameters: [key] });
  return v;
}

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]*$/;

function createCluster(ctx: RouteContext): RouteResult {
  const body = bodyObject(ctx);
  const name = body.name;
  if (typeof name !== 'string')
    throw atlasError('MISSING_ATTRIBUTE', 'The required attribute name was not specified.', { parameters: ['name'] });
  if (!NAME.test(name) || name.length > 64)
    throw atlasError(
      'CLUSTER_NAME_INVALID',
      `The cluster name ${name} is invalid. The name can only contain ASCII letters, numbers, and hyphens.`,
      {
        parameters: [name],
      },
    );
  if (body.clusterType !== undefined && body.clusterType !== 'REPLICASET')
    throw atlasError(
      'INVALID_ATTRIBUTE',
      'Invalid attribute clusterType specified. The emulator serves replica sets only.',
      {
        parameters: ['clusterType'],
      },
    );
  let regions: AtlasRegionConfig[] | undefined;
  let instanceSize: string | undefined;
  if (ctx.render.api === 'v2') {
    ({ regions, instanceSize } = regionsFromV2(body.replicationSpecs));
  } else {
    regions = regionsFromV1(body);
    const provider = isObject(body.providerSettings) ? body.providerSettings : undefined;
    if (provider && typeof provider.instanceSizeName === 'string') instanceSize = provider.instanceSizeName;
    if (!regions && provider && typeof provider.regionName === 'string')
      regions = [
        { regionName: provider.regionName, priority: 7, electableNodes: 3, readOnlyNodes: 0, analyticsNodes: 0 },
      ];
    if (!regions)
      throw atlasError('MISSING_ATTRIBUTE', 'The required attribute providerSettings was not specified.', {
        parameters: ['providerSettings'],
      });
  }
  const backupEnabled = flag(body, ctx.render.api === 'v2' ? 'backupEnabled' : 'providerBackupEnabled') ?? false;
  const pitEnabled = flag(body, 'pitEnabled') ?? false;
  if (pitEnabled && !backupEnabled)
    throw atlasError(
      'INVALID_ATTRIBUTE',
      'Invalid attribute pitEnabled specified. Continuous cloud backup needs cloud backup enabled.',
      {
        parameters: ['pitEnabled'],
      },
    );
  const record = ctx.state.createCluster({
    name,
    instanceSize: instanceSize ?? 'M10',
    mongoDBMajorVersion: typeof body.mongoDBMajorVersion === 'string' ? body.mongoDBMajorVersion : '7.0',
    diskSizeGB: typeof body.diskSizeGB === 'number' ? body.diskSizeGB : 10,
    regions: validateRegions(regions),
    backupEnabled,
    pitEnabled,
  });
  return ok(clusterJson(ctx.state, record, ctx.render), 201);
}

function updateCluster(ctx: RouteContext): RouteResult {
  const record = cluster(ctx);
  const body = bodyObject(ctx);
  if (body.name !== undefined && body.name !== record.name)
    throw atlasError('CLUSTER_CANNOT_CHANGE_NAME', 'Cannot change name of cluster during an update.');
  if (body.clusterType !== undefined && body.clusterType !== 'REPLICASET')
    throw atlasError('INVALID_ATTRIBUTE', 'Invalid attribute clusterType specified.', { parameters: ['clusterType'] });
  let regions: AtlasRegionConfig[] | undefined;
  let instanceSize: string | undefined;
  if (ctx.render.api === 'v2') {
    if (body.replicationSpecs !== undefined) ({ regions, instanceSize } = regionsFromV2(body.replicationSpecs));
  } else {
    regions = regionsFromV1(body);
    const provider = isObject(body.providerSettings) ? body.providerSettings : undefined;
    if (provider && typeof provider.instanceSizeName === 'string') instanceSize = provider.instanceSizeName;
  }
  const backupKey = ctx.render.api === 'v2' ? 'backupEnabled' : 'providerBackupEnabled';
  const backupEnabled = flag(body, backupKey);
  const pitEnabled = flag(body, 'pitEnabled');
  if (pitEnabled === true && (backupEnabled ?? record.backupEnabled) === false)
    throw atlasError(
      'INVALID_ATTRIBUTE',
      'Invalid attribute pitEnabled specified. Continuous cloud backup needs cloud backup enabled.',
      {
        parameters: ['pitEnabled'],
      },
    );
  const change = {
    ...(regions ? { regions: validateRegions(regions) } : {}),
    ...(instanceSize !== undefined && instanceSize !== record.instanceSize ? { instanceSize } : {}),
    ...(backupEnabled !== undefined ? { backupEnabled } : {}),
    ...(pitEnabled !== undefined ? { pitEnabled } : {}),
    ...(flag(body, 'paused') !== undefined ? { paused: flag(body, 'paused')! } : {}),
    ...(flag(body, 'terminationProtectionEnabled') !== undefined
      ? { terminationProtectionEnabled: flag(body, 'terminationProtectionEnabled')! }
      : {}),
    ...(typeof body.mongoDBMajorVersion === 'string' && body.mongoDBMajorVersion !== record.mongoDBMajorVersion
      ? { mongoDBMajorVersion: body.mongoDBMajorVersion }
      : {}),
  };
  ctx.state.updateCluster(record, change);
  return ok(clusterJson(ctx.state, record, ctx.render));
}

function startOutage(ctx: RouteContext): RouteResult {
  const record = cluster(ctx);
  const body = bodyObject(ctx);
  const filters = body.outageFilters;
  if (!Array.isArray(filters) || filters.length === 0)
    throw atlasError('MISSING_ATTRIBUTE', 'The required attribute outageFilters was not specified.', {
      parameters: ['outageFilters'],
    });
  const parsed = filters.map((raw: unknown, i) => {
    if (!isObject(raw) || typeof raw.regionName !== 'string')
      throw atlasError(
        'MISSING_ATTRIBUTE',
        `The required attribute outageFilters[${i}].regionName was not specified.`,
        {
          parameters: [`outageFilters[${i}].regionName`],
        },
      );
    if ((raw.type ?? 'REGION') !== 'REGION')
      throw atlasError('INVALID_ENUM_VALUE', `An invalid enumeration value ${String(raw.type)} was specified.`, {
        parameters: [raw.type],
      });
    if ((raw.cloudProvider ?? 'AWS') !== 'AWS')
      throw atlasError(
        'INVALID_ENUM_VALUE',
        `An invalid enumeration value ${String(raw.cloudProvider)} was specified.`,
        {
          parameters: [raw.cloudProvider],
        },
      );
    return { cloudProvider: 'AWS', regionName: raw.regionName, type: 'REGION' };
  });
  ctx.state.startOutage(record, parsed);
  return ok(outageJson(ctx.state, record, ctx.render));
}

function int(body: Record<string, unknown>, key: string): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw atlasError('INVALID_ATTRIBUTE', `Invalid attribute ${key} specified.`, { parameters: [key] });
  return v;
}

const DELIVERY_TYPES: readonly AtlasDeliveryType[] = ['automated', 'download', 'pointInTime'];

function createRestoreJob(ctx: RouteContext): RouteResult {
  const { state } = ctx;
  const source = cluster(ctx);
  const body = bodyObject(ctx);
  const deliveryType = body.deliveryType;
  if (deliveryType === undefined)
    throw atlasError('MISSING_ATTRIBUTE', 'The required attribute deliveryType was not specified.', {
      parameters: ['deliveryType'],
    });
  if (!DELIVERY_TYPES.includes(deliveryType as AtlasDeliveryType))
    throw atlasError(
      'INVALID_ENUM_VALUE',
      `An invalid enumeration value ${JSON.stringify(deliveryType)} was specified.`,
      { parameters: [deliveryType] },
    );
  const type = deliveryType as AtlasDeliveryType;
  const now = state.now();
  let restoredTo: number;
  let snapshotId: string | undefined;
  const pointInTimeUTCSeconds = int(body, 'pointInTimeUTCSeconds');
  const oplogTs = int(body, 'oplogTs');
  const oplogInc = int(body, 'oplogInc');
  if (type === 'pointInTime') {
    if (pointInTimeUTCSeconds === undefined && oplogTs === undefined)
      throw atlasError(
        'MISSING_ONE_OF_ATTRIBUTES',
        'Either the pointInTimeUTCSeconds attribute or the oplogTs attribute must be specified.',
        {
          status: 400,
          parameters: ['pointInTimeUTCSeconds', 'oplogTs'],
        },
      );
    if (pointInTimeUTCSeconds !== undefined && (oplogTs !== undefined || oplogInc !== undefined))
      throw atlasError(
        'INVALID_PIT_RESTORE_TIME',
        'Please provide a valid UTC time or an operation time (ts), not both.',
        {
          parameters: ['pointInTimeUTCSeconds', 'oplogTs'],
        },
      );
    if (oplogTs !== undefined && (oplogInc === undefined || oplogInc < 1))
      throw atlasError(
        'INVALID_PIT_RESTORE_TIME',
        'Please provide a valid UTC time or an operation time (ts): oplogTs needs oplogInc of at least 1.',
        {
          parameters: ['oplogInc'],
        },
      );
    restoredTo = (pointInTimeUTCSeconds ?? oplogTs!) * 1000;
    const windowStart = state.pitWindowStart(source);
    const iso = (ms: number) => new Date(ms).toISOString();
    if (windowStart === undefined)
      throw atlasError(
        'INVALID_PIT_RESTORE_TIME',
        `Please provide a valid UTC time or an operation time (ts): continuous cloud backup is not enabled for cluster ${source.name}.`,
        {
          parameters: [source.name],
        },
      );
    if (restoredTo > now)
      throw atlasError(
        'INVALID_PIT_RESTORE_TIME',
        `Please provide a valid UTC time or an operation time (ts): ${iso(restoredTo)} is in the future (now ${iso(now)}).`,
        {
          parameters: [iso(restoredTo), iso(now)],
        },
      );
    if (restoredTo < windowStart)
      throw atlasError(
        'INVALID_PIT_RESTORE_TIME',
        `Please provide a valid UTC time or an operation time (ts): ${iso(restoredTo)} is outside the restore window ${iso(windowStart)} – ${iso(now)} (restoreWindowDays ${state.schedule(source).restoreWindowDays}).`,
        { parameters: [iso(restoredTo), iso(windowStart), iso(now)] },
      );
    const prior = state.snapshots(source).find((s) => s.status === 'completed' && s.createdAt <= restoredTo);
    if (!prior)
      throw atlasError(
        'UNABLE_T0_FIND_SNAPSHOT_PRIOR_TO_PIT_RESTORE_OPTIME',
        'Unable to find snapshot prior to pit restore optime.',
      );
  } else {
    if (typeof body.snapshotId !== 'string')
      throw atlasError('MISSING_ATTRIBUTE', 'The required attribute snapshotId was not specified.', {
        parameters: ['snapshotId'],
      });
    const snapshot = state.requireSnapshot(source, body.snapshotId);
    if (snapshot.status !== 'completed')
      throw atlasError(
        'CANNOT_START_RESTORE_JOB_FOR_INCOMPLETE_CLUSTER_SNAPSHOT',
        'Cannot start restore job for incomplete cluster snapshot.',
      );
    snapshotId = snapshot.id;
    restoredTo = snapshot.createdAt;
  }
  let target: AtlasClusterRecord | undefined;
  let targetGroupId: string | undefined;
  if (type !== 'download') {
    for (const key of ['targetClusterName', 'targetGroupId'])
      if (typeof body[key] !== 'string')
        throw atlasError('MISSING_ATTRIBUTE', `The required attribute ${key} was not specified.`, {
          parameters: [key],
        });
    targetGroupId = body.targetGroupId as string;
    if (targetGroupId !== state.projectId)
      throw atlasError('GROUP_NOT_FOUND', `No group with ID ${targetGroupId} exists.`, { parameters: [targetGroupId] });
    target = state.requireCluster(body.targetClusterName as string);
    if (target.paused)
      throw atlasError(
        'CLUSTER_PAUSED_CANNOT_RESTORE',
        'Backup restore cannot occur on a paused cluster. Please unpause the target cluster or choose another target cluster.',
      );
    if (target.restoringJobId !== undefined)
      throw atlasError('ATLAS_CLUSTER_RESTORE_IN_PROGRESS', 'Cluster restore already in progress.');
    if (target.creating || target.deleting)
      throw atlasError('ATLAS_GENERAL_ERROR', `Reason: target cluster ${target.name} is ${state.stateName(target)}.`, {
        parameters: [target.name],
      });
  }
  const job = state.startRestore(source, {
    deliveryType: type,
    restoredTo,
    ...(snapshotId !== undefined ? { snapshotId } : {}),
    ...(pointInTimeUTCSeconds !== undefined ? { pointInTimeUTCSeconds } : {}),
    ...(oplogTs !== undefined ? { oplogTs } : {}),
    ...(oplogInc !== undefined ? { oplogInc } : {}),
    ...(target ? { target } : {}),
    ...(targetGroupId !== undefined ? { targetGroupId } : {}),
  });
  return ok(restoreJobJson(job, ctx.render));
}

const C = '/groups/{groupId}/clusters/{clusterName}';

/** Every endpoint the emulator serves. */
export const ATLAS_ROUTES: readonly AtlasRoute[] = [
  {
    method: 'GET',
    template: '/groups/{groupId}',
    operationId: 'getProject',
    handle: (ctx) =>
      ok({
        id: ctx.state.projectId,
        name: ctx.state.projectName,
        clusterCount: ctx.state.clusters().length,
        links: selfLinks(ctx.render, ''),
      }),
  },
  {
    method: 'GET',
    template: '/groups/{groupId}/clusters',
    operationId: 'listClusters',
    handle: (ctx) =>
      ok(
        paginate(ctx.state.clusters(), ctx.query, ctx.render, '/clusters', (c) =>
          clusterJson(ctx.state, c, ctx.render),
        ),
      ),
  },
  { method: 'POST', template: '/groups/{groupId}/clusters', operationId: 'createCluster', handle: createCluster },
  {
    method: 'GET',
    template: C,
    operationId: 'getCluster',
    handle: (ctx) => ok(clusterJson(ctx.state, cluster(ctx), ctx.render)),
  },
  { method: 'PATCH', template: C, operationId: 'updateCluster', handle: updateCluster },
  {
    method: 'DELETE',
    template: C,
    operationId: 'deleteCluster',
    handle: (ctx) => {
      ctx.state.deleteCluster(cluster(ctx));
      return { status: 202 };
    },
  },
  {
    method: 'GET',
    template: `${C}/status`,
    operationId: 'getClusterStatus',
    handle: (ctx) => {
      const record = cluster(ctx);
      return ok({
        changeStatus: record.updating ? 'PENDING' : 'APPLIED',
        links: selfLinks(ctx.render, `/clusters/${record.name}/status`),
      });
    },
  },
  {
    method: 'POST',
    template: `${C}/restartPrimaries`,
    operationId: 'testFailover',
    handle: (ctx) => {
      ctx.state.restartPrimaries(cluster(ctx));
      return { status: 200 };
    },
  },
  { method: 'POST', template: `${C}/outageSimulation`, operationId: 'startOutageSimulation', handle: startOutage },
  {
    method: 'GET',
    template: `${C}/outageSimulation`,
    operationId: 'getOutageSimulation',
    handle: (ctx) => ok(outageJson(ctx.state, cluster(ctx), ctx.render)),
  },
  {
    method: 'DELETE',
    template: `${C}/outageSimulation`,
    operationId: 'endOutageSimulation',
    handle: (ctx) => {
      const record = cluster(ctx);
      ctx.state.endOutage(record);
      return ok(outageJson(ctx.state, record, ctx.render));
    },
  },
  {
    method: 'GET',
    template: `${C}/backup/snapshots`,
    operationId: 'listBackupSnapshots',
    handle: (ctx) => {
      const record = cluster(ctx);
      return ok(
        paginate(ctx.state.snapshots(record), ctx.query, ctx.render, `/clusters/${record.name}/backup/snapshots`, (s) =>
          snapshotJson(s, ctx.render),
        ),
      );
    },
  },
  {
    method: 'GET',
    template: `${C}/backup/snapshots/{snapshotId}`,
    operationId: 'getBackupSnapshot',
    handle: (ctx) => ok(snapshotJson(ctx.state.requireSnapshot(cluster(ctx), ctx.params.snapshotId!), ctx.render)),
  },
  {
    method: 'GET',
    template: `${C}/backup/restoreJobs`,
    operationId: 'listBackupRestoreJobs',
    handle: (ctx) => {
      const record = cluster(ctx);
      const jobs = [...ctx.state.restoreJobs(record.name)].reverse();
      return ok(
        paginate(jobs, ctx.query, ctx.render, `/clusters/${record.name}/backup/restoreJobs`, (j) =>
          restoreJobJson(j, ctx.render),
        ),
      );
    },
  },
  {
    method: 'POST',
    template: `${C}/backup/restoreJobs`,
    operationId: 'createBackupRestoreJob',
    handle: createRestoreJob,
  },
  {
    method: 'GET',
    template: `${C}/backup/restoreJobs/{restoreJobId}`,
    operationId: 'getBackupRestoreJob',
    handle: (ctx) =>
      ok(restoreJobJson(ctx.state.requireRestoreJob(cluster(ctx).name, ctx.params.restoreJobId!), ctx.render)),
  },
  {
    method: 'DELETE',
    template: `${C}/backup/restoreJobs/{restoreJobId}`,
    operationId: 'cancelBackupRestoreJob',
    handle: (ctx) => {
      ctx.state.cancelRestore(ctx.state.requireRestoreJob(cluster(ctx).name, ctx.params.restoreJobId!));
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    template: `${C}/backup/schedule`,
    operationId: 'getBackupSchedule',
    handle: (ctx) => {
      const record = cluster(ctx);
      return ok(scheduleJson(ctx.state, record, ctx.state.schedule(record), ctx.render));
    },
  },
  {
    method: 'PATCH',
    template: `${C}/backup/schedule`,
    operationId: 'updateBackupSchedule',
    handle: (ctx) => {
      const record = cluster(ctx);
      const next = scheduleFromPatch(ctx.state.schedule(record), bodyObject(ctx), () => ctx.state.newId());
      ctx.state.updateSchedule(record, next);
      return ok(scheduleJson(ctx.state, record, next, ctx.render));
    },
  },
];

/** Finds the route for a method and a path relative to the version prefix; fills `params`. */
export function matchRoute(
  method: string,
  path: string,
): { route: AtlasRoute; params: Record<string, string> } | { methodNotAllowed: true } | undefined {
  const parts = path.split('/').filter(Boolean);
  let pathMatched = false;
  for (const route of ATLAS_ROUTES) {
    const tparts = route.template.split('/').filter(Boolean);
    if (tparts.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let matched = true;
    for (let i = 0; i < tparts.length; i++) {
      const t = tparts[i]!;
      if (t.startsWith('{')) params[t.slice(1, -1)] = decodeURIComponent(parts[i]!);
      else if (t !== parts[i]) {
        matched = false;
        break;
      }
    }
    if (!matched) continue;
    pathMatched = true;
    if (route.method === method) return { route, params };
  }
  return pathMatched ? { methodNotAllowed: true } : undefined;
}
