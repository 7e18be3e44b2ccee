import { ResultAsync, errAsync, okAsync, type Result } from 'neverthrow';
import {
  Problems,
  drError,
  invalidInput,
  parseDuration,
  type CleanupOutcome,
  type DrContext,
  type DrError,
  type Duration,
  type InputProblem,
  type InvalidInputError,
  type PointInTimeWindow,
  type RecoveryPoint,
  type RecoveryPointQuery,
  type RecoveryPointSource,
  type RecoveryPointStatus,
  type RestoreHandle,
  type RestoredResource,
  type RestoreStatus,
  type RestoreTarget,
  type StartRestoreOptions,
} from '@drkit/core';
import { CLUSTER_NAME, atlasClient, type AtlasClient, type AtlasClientConfig } from '../client/AtlasClient';
import { checkAtlasClientOption, resolveAtlasClient, type AtlasClientOption } from '../client/clientOptions';
import type { AtlasCluster, AtlasRestoreJob, AtlasRestoreJobRequest, AtlasSnapshot } from '../client/types';
import {
  preferredRegion,
  regionConfigsFor,
  regionLayoutOf,
  regionLayoutProblems,
  type RegionLayout,
} from '../cluster/regionLayout';
import { waitForCluster } from '../cluster/waitForCluster';
import { memoryRestoreLedger, type AtlasRestoreLedger } from './ledger';
import { pointInTimeProblems, pointInTimeWindowAt, type PointInTimeSettings } from './pointInTime';

/** Tag key (on clusters drkit creates) naming the run that created it. */
export const ATLAS_RUN_ID_TAG = 'drkit:run-id';
/** Tag key naming the drkit component that created a cluster. */
export const ATLAS_CREATED_BY_TAG = 'drkit:created-by';
/** Tag key naming the idempotency key a cluster was created under. */
export const ATLAS_IDEMPOTENCY_KEY_TAG = 'drkit:idempotency-key';
const CREATED_BY = 'restorePoint:atlas';

/** A new cluster for restores: shaped like the source unless you say otherwise. */
export interface NewTargetCluster {
  /** Default: the idempotency key core derives from run and step (`drkit-…`, unique per run and step). */
  readonly name?: string;
  /** Default: the source cluster's. */
  readonly instanceSize?: string;
  /** Default: the source cluster's region layout. For a DR restore, name the DR region(s). */
  readonly regions?: readonly RegionLayout[];
  /** Default: the source cluster's. */
  readonly mongoDBMajorVersion?: string;
  /** Extra tags; drkit adds its ownership tags. */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Where restores write. A Cloud Backup automated or point-in-time restore **erases the target
 * cluster**, so the default is a new cluster per restore that drkit creates, owns and can clean
 * up. `existingCluster` restores into a cluster you provide (and never deletes it).
 */
export type AtlasRestoreTarget =
  | { readonly newCluster?: NewTargetCluster; readonly existingCluster?: never }
  | { readonly existingCluster: string; readonly newCluster?: never };

/** Options of {@link cloudBackupSource}. */
export type CloudBackupSourceOptions = AtlasClientOption & {
  /** The cluster whose snapshots (or continuous backup) are restored. */
  readonly clusterName: string;
  /** Names the source in reports. Default `atlas:<clusterName>`. */
  readonly name?: string;
  /** Where restores go. Default: a new cluster named after the idempotency key, shaped like the source. */
  readonly target?: AtlasRestoreTarget;
  /**
   * Allow a restore into the source cluster itself, erasing its current data. Default false: a
   * target that is the source is refused as `InvalidInput` before any call.
   */
  readonly allowOverwriteSource?: boolean;
  /**
   * Continuous cloud backup as configured on the cluster (the DR plan's 7-day window). With it
   * the source offers point-in-time restores, validated against this window before any call;
   * without it point-in-time targets are refused.
   */
  readonly pointInTime?: PointInTimeSettings;
  /** How long restores usually take (seeds polling). */
  readonly expectedRestoreTime?: { readonly snapshot?: Duration; readonly pointInTime?: Duration };
  /** How long to wait for the target cluster to be IDLE before the restore starts. Default `'30m'`. */
  readonly targetReadyTimeout?: Duration;
  /** Where started restores and created clusters are recorded for cleanup. Default in memory. */
  readonly ledger?: AtlasRestoreLedger;
};

/** A Cloud Backup {@link RecoveryPointSource}, with its client and a sweep for clusters a failed restore left behind. */
export interface CloudBackupSource extends RecoveryPointSource {
  /** The source cluster. */
  readonly clusterName: string;
  /** The client it calls. */
  readonly client: AtlasClient;
  /**
   * Deletes every target cluster this source created for `ctx.runId` that still exists: the
   * clean-up for a restore that failed or was cancelled (core's `cleanup()` exists only for a
   * completed restore). Clusters created by other runs, and clusters drkit did not create, are
   * never touched.
   */
  cleanupCreatedClusters(ctx: DrContext): ResultAsync<readonly CleanupOutcome[], DrError>;
}

interface Settings {
  readonly name: string;
  readonly clusterName: string;
  readonly target: AtlasRestoreTarget;
  readonly allowOverwriteSource: boolean;
  readonly pointInTime: PointInTimeSettings | undefined;
  readonly expectedSnapshotMs: number | undefined;
  readonly expectedPitMs: number | undefined;
  readonly targetReadyTimeout: Duration;
}

/** What a restore will do, worked out without calling Atlas. */
interface Plan {
  readonly targetCluster: string;
  readonly create: boolean;
  readonly request: AtlasRestoreJobRequest;
  readonly what: string;
}

/**
 * A {@link RecoveryPointSource} over one Atlas cluster's Cloud Backup.
 *
 * - `listPoints` lists the cluster's snapshots (every page): `completed` snapshots are
 *   restorable, `queued`/`inProgress` are `running`.
 * - `pointInTimeWindow` is the declared window (`pointInTime.restoreWindowDays` back from now),
 *   computed without a call; `supportsPointInTime` is true only when it is declared.
 * - `startRestore` first validates without a call: a point-in-time target must be inside the
 *   window and not in the future, and the target cluster must not be the source (unless
 *   `allowOverwriteSource`); every problem is one `InvalidInput`. Atlas has no idempotency
 *   token, so it then looks for a restore job of this run (recorded, or listed with the same
 *   target and snapshot or time) before it creates the target cluster (tagged with the run),
 *   waits until it is IDLE and POSTs the restore job. For a point in time it first checks the
 *   cluster's `pitEnabled` and the schedule's `restoreWindowDays` in Atlas.
 * - `describeRestore` reports the job running until `finishedAt` and the target cluster IDLE;
 *   `failed`, `cancelled` and `expired` jobs fail the restore with Atlas's flags.
 * - `cleanup` deletes the target cluster only if this source created it for this run and it is
 *   the target of the restore job; restoring into an `existingCluster` never deletes it.
 *
 * Bad options make every method return the same `InvalidInput`, before any call.
 *
 * @example
 * ```ts
 * import { restorePoint } from '@drkit/core';
 * import { cloudBackupSource } from '@drkit/atlas';
 *
 * const source = cloudBackupSource({
 *   clientConfig: { projectId, credentials: { apiKey: { publicKey, privateKey } } },
 *   clusterName: 'jobs-prod',
 *   pointInTime: { restoreWindowDays: 7 },
 *   target: { newCluster: { regions: [{ regionName: 'US_WEST_2', priority: 7, electableNodes: 3 }] } },
 * });
 * const restored = await restorePoint(source, { step: 'restore-jobs-db', strategy: { pointInTime: { at: incidentAt - 60_000 } }, incidentAt }, ctx);
 * if (restored.isOk() && !restored.value.dryRun) console.log(restored.value.resource.id, restored.value.achievedRpoMs);
 * ```
 */
export function cloudBackupSource(options: CloudBackupSourceOptions): CloudBackupSource {
  const clusterName = typeof options?.clusterName === 'string' ? options.clusterName : '';
  const name = typeof options?.name === 'string' && options.name.trim() !== '' ? options.name : `atlas:${clusterName}`;
  const checked = checkOptions(options);
  if (checked.isErr()) return refusing(name, clusterName, options, checked.error);
  const client = resolveAtlasClient(options);
  const s: Settings = { ...checked.value, name };
  const ledger = options.ledger ?? memoryRestoreLedger();

  const listPoints = (query: RecoveryPointQuery, ctx: DrContext): ResultAsync<readonly RecoveryPoint[], DrError> => {
    if (query.resourceId !== undefined && query.resourceId !== s.clusterName) return okAsync([]);
    return client.listSnapshots(s.clusterName, ctx).map((snapshots) =>
      snapshots.flatMap((snap) => {
        const point = toRecoveryPoint(snap, s);
        if (!point) return [];
        if (query.after !== undefined && !(point.createdAt > query.after)) return [];
        if (query.before !== undefined && !(point.createdAt <= query.before)) return [];
        return [point];
      }),
    );
  };

  const pointInTimeWindow = (
    query: RecoveryPointQuery,
    ctx: DrContext,
  ): ResultAsync<PointInTimeWindow | undefined, DrError> => {
    if (!s.pointInTime || (query.resourceId !== undefined && query.resourceId !== s.clusterName))
      return okAsync(undefined);
    return okAsync(pointInTimeWindowAt(ctx.clock.now(), s.pointInTime.restoreWindowDays));
  };

  const startRestore = (
    target: RestoreTarget,
    start: StartRestoreOptions,
    ctx: DrContext,
  ): ResultAsync<RestoreHandle, DrError> => {
    const planned = plan(s, client.projectId, target, start, ctx.clock.now());
    if ('problems' in planned) return errAsync(invalidInput(planned.problems));
    const known = ledger.byKey(start.idempotencyKey);
    if (known?.jobId) {
      ctx.logger.info('atlas: restore already started for this key; not starting another', {
        source: s.name,
        jobId: known.jobId,
      });
      return okAsync(handleOf(known.jobId, start, planned, known.targetCreated, true));
    }
    const verified: ResultAsync<void, DrError> =
      planned.request.deliveryType === 'pointInTime' ? verifyPointInTime(client, s, planned, ctx) : okAsync(undefined);
    return verified
      .andThen(() => findJob(client, s.clusterName, planned, ledger, start, ctx))
      .andThen((existing) => {
        if (existing) {
          ledger.record({
            idempotencyKey: start.idempotencyKey,
            runId: start.runId,
            sourceCluster: s.clusterName,
            targetCluster: planned.targetCluster,
            targetCreated: planned.create,
            jobId: existing.id,
          });
          ctx.logger.info('atlas: found this run’s restore job; not starting another', {
            source: s.name,
            jobId: existing.id,
          });
          return okAsync<RestoreHandle, DrError>(handleOf(existing.id, start, planned, planned.create, true));
        }
        return prepareTarget(client, s, planned, start, ledger, ctx)
          .andThen(() => {
            ctx.logger.info('atlas: starting restore job', {
              source: s.name,
              deliveryType: planned.request.deliveryType,
              what: planned.what,
              targetCluster: planned.targetCluster,
            });
            return client.createRestoreJob(s.clusterName, planned.request, ctx);
          })
          .map((job) => {
            ledger.record({
              idempotencyKey: start.idempotencyKey,
              runId: start.runId,
              sourceCluster: s.clusterName,
              targetCluster: planned.targetCluster,
              targetCreated: planned.create,
              jobId: job.id,
            });
            return handleOf(job.id, start, planned, planned.create, false);
          });
      });
  };

  const describeRestore = (handle: RestoreHandle, ctx: DrContext): ResultAsync<RestoreStatus, DrError> =>
    client.getRestoreJob(s.clusterName, handle.jobId, ctx).andThen((job) => {
      const target = job.targetClusterName ?? handle.attributes?.targetCluster ?? '';
      const expected = job.deliveryType === 'pointInTime' ? s.expectedPitMs : s.expectedSnapshotMs;
      const base = expected !== undefined ? { expectedCompletionMs: expected } : {};
      const what = `${job.deliveryType} restore job ${job.id} of ${s.clusterName} into ${target || '(no target)'}`;
      if (job.cancelled)
        return okAsync<RestoreStatus, DrError>({ ...base, state: 'cancelled', detail: `Atlas cancelled ${what}` });
      if (job.failed || job.expired)
        return okAsync<RestoreStatus, DrError>({
          ...base,
          state: 'failed',
          detail: `Atlas reports ${what} ${job.failed ? 'failed' : 'expired'} (failed: ${job.failed === true}, expired: ${job.expired === true}${job.finishedAt ? `, finishedAt: ${job.finishedAt}` : ''})`,
        });
      if (!job.finishedAt)
        return okAsync<RestoreStatus, DrError>({ ...base, state: 'running', detail: `${what} is running` });
      const completedAt = Date.parse(job.finishedAt);
      return client.getCluster(target, ctx).map((cluster): RestoreStatus => {
        if (cluster.stateName !== 'IDLE')
          return {
            ...base,
            state: 'running',
            detail: `restore finished at ${job.finishedAt}; ${target} is ${cluster.stateName}`,
          };
        const owner = ledger.byJob(job.id)?.runId ?? handle.createdByRun;
        return {
          ...base,
          state: 'completed',
          ...(Number.isFinite(completedAt) ? { completedAt } : {}),
          resource: restoredResource(
            cluster,
            job,
            owner,
            s,
            ledger.byJob(job.id)?.targetCreated ?? handle.attributes?.targetCreated === 'true',
          ),
        };
      });
    });

  const cleanup = (resource: RestoredResource, ctx: DrContext): ResultAsync<CleanupOutcome, DrError> =>
    cleanupTarget(client, s, ledger, resource, ctx);

  const cleanupCreatedClusters = (ctx: DrContext): ResultAsync<readonly CleanupOutcome[], DrError> => {
    const mine = ledger.byRun(ctx.runId).filter((r) => r.targetCreated && r.sourceCluster === s.clusterName);
    const names = [...new Set(mine.map((r) => r.targetCluster))];
    const outcomes: CleanupOutcome[] = [];
    const next = (i: number): ResultAsync<readonly CleanupOutcome[], DrError> => {
      if (i >= names.length) return okAsync(outcomes);
      return deleteCluster(client, names[i]!, ctx).andThen((outcome) => {
        outcomes.push({ resourceId: names[i]!, outcome, detail: `created by ${s.name} for run ${ctx.runId}` });
        return next(i + 1);
      });
    };
    return next(0);
  };

  return {
    name: s.name,
    clusterName: s.clusterName,
    client,
    supportsPointInTime: s.pointInTime !== undefined,
    listPoints,
    pointInTimeWindow,
    startRestore,
    describeRestore,
    cleanup,
    cleanupCreatedClusters,
  };
}

function checkOptions(options: CloudBackupSourceOptions): Result<Omit<Settings, 'name'>, InvalidInputError> {
  const problems = new Problems();
  checkAtlasClientOption(problems, options);
  if (typeof options !== 'object' || options === null) return problems.result(undefined as never);
  if (typeof options.clusterName !== 'string' || !CLUSTER_NAME.test(options.clusterName))
    problems.add('clusterName', 'must be an Atlas cluster name (letters, digits and hyphens, at most 64)');
  if (options.allowOverwriteSource !== undefined && typeof options.allowOverwriteSource !== 'boolean')
    problems.add('allowOverwriteSource', 'must be a boolean');
  const target = (options.target ?? {}) as AtlasRestoreTarget & Record<string, unknown>;
  if (typeof target !== 'object' || target === null)
    problems.add('target', 'must be { newCluster } or { existingCluster }');
  else if (target.existingCluster !== undefined && target.newCluster !== undefined)
    problems.add('target', 'pass either newCluster or existingCluster, not both');
  else if (target.existingCluster !== undefined) {
    if (typeof target.existingCluster !== 'string' || !CLUSTER_NAME.test(target.existingCluster))
      problems.add('target.existingCluster', 'must be an Atlas cluster name');
    else if (target.existingCluster === options.clusterName && options.allowOverwriteSource !== true)
      problems.add(
        'target.existingCluster',
        `is the source cluster ${options.clusterName}: a restore erases its target; pass allowOverwriteSource: true to restore onto the source`,
      );
  } else if (target.newCluster !== undefined) {
    const n = target.newCluster;
    if (typeof n !== 'object' || n === null) problems.add('target.newCluster', 'must be an object');
    else {
      if (n.name !== undefined && (typeof n.name !== 'string' || !CLUSTER_NAME.test(n.name)))
        problems.add('target.newCluster.name', 'must be an Atlas cluster name');
      if (n.name === options.clusterName)
        problems.add(
          'target.newCluster.name',
          `is the source cluster ${options.clusterName}; a new cluster needs a new name`,
        );
      if (n.instanceSize !== undefined && (typeof n.instanceSize !== 'string' || !/^M\d+$/.test(n.instanceSize)))
        problems.add('target.newCluster.instanceSize', 'must be an Atlas instance size such as M30');
      if (n.regions !== undefined) {
        if (!Array.isArray(n.regions)) problems.add('target.newCluster.regions', 'must be a list of regions');
        else for (const p of regionLayoutProblems(n.regions)) problems.add('target.newCluster.regions', p);
      }
      if (n.tags !== undefined && (typeof n.tags !== 'object' || n.tags === null))
        problems.add('target.newCluster.tags', 'must be an object of strings');
    }
  }
  if (options.pointInTime !== undefined) {
    const days = (options.pointInTime as { restoreWindowDays?: unknown } | null)?.restoreWindowDays;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1)
      problems.add('pointInTime.restoreWindowDays', 'must be a whole number of days of at least 1');
  }
  const ms = (path: string, value: Duration | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const parsed = parseDuration(value, path);
    if (parsed.isErr()) {
      problems.addAll('', parsed.error.problems);
      return undefined;
    }
    return parsed.value;
  };
  const expectedSnapshotMs = ms('expectedRestoreTime.snapshot', options.expectedRestoreTime?.snapshot);
  const expectedPitMs = ms('expectedRestoreTime.pointInTime', options.expectedRestoreTime?.pointInTime);
  ms('targetReadyTimeout', options.targetReadyTimeout);
  if (options.ledger !== undefined && typeof options.ledger?.record !== 'function')
    problems.add('ledger', 'must be an AtlasRestoreLedger');
  return problems.result({
    clusterName: options.clusterName,
    target: options.target ?? {},
    allowOverwriteSource: options.allowOverwriteSource === true,
    pointInTime: options.pointInTime,
    expectedSnapshotMs,
    expectedPitMs,
    targetReadyTimeout: options.targetReadyTimeout ?? '30m',
  });
}

/** Works out the restore without a call; `problems` when it must not run. */
function plan(
  s: Settings,
  projectId: string,
  target: RestoreTarget,
  start: StartRestoreOptions,
  now: number,
): Plan | { problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const override = start.overrides?.targetClusterName;
  const existing = s.target.existingCluster;
  const targetCluster = override ?? existing ?? s.target.newCluster?.name ?? start.idempotencyKey;
  const create = existing === undefined;
  if (override !== undefined && !CLUSTER_NAME.test(override))
    problems.push({ path: 'overrides.targetClusterName', message: 'must be an Atlas cluster name' });
  if (targetCluster === s.clusterName && !(s.allowOverwriteSource && !create))
    problems.push({
      path: override !== undefined ? 'overrides.targetClusterName' : 'target',
      message: create
        ? `is the source cluster ${s.clusterName}; a new target cluster needs another name`
        : `is the source cluster ${s.clusterName}: a restore erases its target; pass allowOverwriteSource: true to restore onto the source`,
    });
  let request: AtlasRestoreJobRequest | undefined;
  let what = '';
  if (target?.kind === 'point') {
    const point = target.point;
    if (point?.resourceId !== undefined && point.resourceId !== s.clusterName)
      problems.push({
        path: 'target.point.resourceId',
        message: `is ${point.resourceId}, not this source's cluster ${s.clusterName}`,
      });
    if (typeof point?.id !== 'string' || !/^[a-f0-9]{24}$/.test(point.id))
      problems.push({ path: 'target.point.id', message: 'must be an Atlas snapshot id (24 hexadecimal digits)' });
    else {
      request = {
        deliveryType: 'automated',
        snapshotId: point.id,
        targetClusterName: targetCluster,
        targetGroupId: projectId,
      };
      what = `snapshot ${point.id}`;
    }
  } else if (target?.kind === 'pointInTime') {
    if (target.resourceId !== undefined && target.resourceId !== s.clusterName)
      problems.push({
        path: 'target.resourceId',
        message: `is ${target.resourceId}, not this source's cluster ${s.clusterName}`,
      });
    problems.push(...pointInTimeProblems(target.at, now, s.pointInTime, s.clusterName));
    if (typeof target.at === 'number' && Number.isFinite(target.at)) {
      const seconds = Math.floor(target.at / 1000);
      request = {
        deliveryType: 'pointInTime',
        pointInTimeUTCSeconds: seconds,
        targetClusterName: targetCluster,
        targetGroupId: projectId,
      };
      what = `point in time ${new Date(seconds * 1000).toISOString()}`;
    }
  } else problems.push({ path: 'target', message: 'must be a recovery point or a point in time' });
  if (problems.length > 0 || !request) return { problems };
  return { targetCluster, create, request, what };
}

function handleOf(
  jobId: string,
  start: StartRestoreOptions,
  p: Plan,
  targetCreated: boolean,
  reused: boolean,
): RestoreHandle {
  return {
    jobId,
    idempotencyKey: start.idempotencyKey,
    createdByRun: start.runId,
    ...(reused ? { reused: true } : {}),
    attributes: {
      deliveryType: p.request.deliveryType,
      targetCluster: p.targetCluster,
      targetCreated: String(targetCreated),
      ...(p.request.deliveryType === 'automated'
        ? { snapshotId: p.request.snapshotId }
        : { pointInTime: new Date(p.request.pointInTimeUTCSeconds * 1000).toISOString() }),
    },
  };
}

/** Atlas's own view: continuous backup on, and the time inside its `restoreWindowDays`. */
function verifyPointInTime(client: AtlasClient, s: Settings, p: Plan, ctx: DrContext): ResultAsync<void, DrError> {
  if (p.request.deliveryType !== 'pointInTime') return okAsync(undefined);
  const at = p.request.pointInTimeUTCSeconds * 1000;
  return client.getCluster(s.clusterName, ctx).andThen((cluster) => {
    if (cluster.pitEnabled !== true)
      return errAsync<void, DrError>(
        invalidInput([
          { path: 'target', message: `Atlas reports continuous cloud backup (pitEnabled) is off for ${s.clusterName}` },
        ]),
      );
    return client.backupSchedule(s.clusterName, ctx).andThen((schedule) => {
      const days = schedule.restoreWindowDays;
      if (typeof days !== 'number') return okAsync<void, DrError>(undefined);
      const problems = pointInTimeProblems(at, ctx.clock.now(), { restoreWindowDays: days }, s.clusterName);
      return problems.length > 0 ? errAsync<void, DrError>(invalidInput(problems)) : okAsync<void, DrError>(undefined);
    });
  });
}

/** A restore job into the planned target, of the planned snapshot or time, not given up, that this run started. */
function findJob(
  client: AtlasClient,
  clusterName: string,
  p: Plan,
  ledger: AtlasRestoreLedger,
  start: StartRestoreOptions,
  ctx: DrContext,
): ResultAsync<AtlasRestoreJob | undefined, DrError> {
  return client.listRestoreJobs(clusterName, ctx).map((jobs) =>
    jobs.find((j) => {
      if (j.targetClusterName !== p.targetCluster || j.cancelled || j.failed || j.expired) return false;
      if (j.deliveryType !== p.request.deliveryType) return false;
      const same =
        p.request.deliveryType === 'automated'
          ? j.snapshotId === p.request.snapshotId
          : j.pointInTimeUTCSeconds === p.request.pointInTimeUTCSeconds;
      if (!same) return false;
      // A key-named target belongs to this run and step; any other target must be recorded for this run.
      return (
        p.targetCluster === start.idempotencyKey ||
        ledger.byTarget(p.targetCluster).some((r) => r.runId === start.runId)
      );
    }),
  );
}

/** Creates the target cluster (or adopts this run's), or checks the existing one; then waits until it is IDLE. */
function prepareTarget(
  client: AtlasClient,
  s: Settings,
  p: Plan,
  start: StartRestoreOptions,
  ledger: AtlasRestoreLedger,
  ctx: DrContext,
): ResultAsync<AtlasCluster, DrError> {
  const wait = (expected?: Duration) =>
    waitForCluster(client, p.targetCluster, { timeout: s.targetReadyTimeout, ...(expected ? { expected } : {}) }, ctx);
  const found = client
    .getCluster(p.targetCluster, ctx)
    .map((c): AtlasCluster | undefined => c)
    .orElse((e) => (e.kind === 'NotFound' ? okAsync<AtlasCluster | undefined, DrError>(undefined) : errAsync(e)));
  return found.andThen((cluster) => {
    if (!p.create) {
      if (!cluster)
        return errAsync<AtlasCluster, DrError>(
          drError('NotFound', `${s.name}: target cluster ${p.targetCluster} does not exist`, {
            resource: p.targetCluster,
          }),
        );
      return wait();
    }
    if (cluster) {
      const ours =
        p.targetCluster === start.idempotencyKey ||
        ledger.byTarget(p.targetCluster).some((r) => r.runId === start.runId && r.targetCreated) ||
        tagOf(cluster, ATLAS_RUN_ID_TAG) === start.runId;
      if (!ours)
        return errAsync<AtlasCluster, DrError>(
          drError(
            'Conflict',
            `${s.name}: cluster ${p.targetCluster} already exists and was not created by run ${start.runId}; restore into it with target: { existingCluster } (it will be erased) or choose another name`,
          ),
        );
      ledger.record({
        idempotencyKey: start.idempotencyKey,
        runId: start.runId,
        sourceCluster: s.clusterName,
        targetCluster: p.targetCluster,
        targetCreated: true,
      });
      return wait('10m');
    }
    return client
      .getCluster(s.clusterName, ctx)
      .andThen((source) => {
        const body = newClusterBody(source, s, p, start);
        if ('problems' in body) return errAsync<AtlasCluster, DrError>(invalidInput(body.problems));
        ctx.logger.info('atlas: creating restore target cluster', {
          source: s.name,
          targetCluster: p.targetCluster,
        });
        // Recorded before the call: if the answer is lost, a retry adopts the cluster and cleanup can delete it.
        ledger.record({
          idempotencyKey: start.idempotencyKey,
          runId: start.runId,
          sourceCluster: s.clusterName,
          targetCluster: p.targetCluster,
          targetCreated: true,
        });
        return client.createCluster(body.body, ctx);
      })
      .andThen(() => wait('10m'));
  });
}

function newClusterBody(
  source: AtlasCluster,
  s: Settings,
  p: Plan,
  start: StartRestoreOptions,
): { body: Record<string, unknown> } | { problems: InputProblem[] } {
  const spec = s.target.newCluster ?? {};
  const sourceLayout = regionLayoutOf(source);
  const layout = spec.regions ?? sourceLayout;
  const instanceSize =
    spec.instanceSize ?? source.replicationSpecs?.[0]?.regionConfigs?.[0]?.electableSpecs?.instanceSize ?? undefined;
  const problems: InputProblem[] = [];
  if (!layout)
    problems.push({
      path: 'target.newCluster.regions',
      message: `${s.clusterName} is not a replica set with one replication spec; name the regions`,
    });
  if (!instanceSize)
    problems.push({
      path: 'target.newCluster.instanceSize',
      message: `cannot read ${s.clusterName}'s instance size; name one`,
    });
  if (problems.length > 0 || !layout || !instanceSize) return { problems };
  const tags = {
    ...(spec.tags ?? {}),
    ...(start.tags ?? {}),
    [ATLAS_RUN_ID_TAG]: start.runId,
    [ATLAS_CREATED_BY_TAG]: CREATED_BY,
    [ATLAS_IDEMPOTENCY_KEY_TAG]: start.idempotencyKey,
  };
  return {
    body: {
      name: p.targetCluster,
      clusterType: 'REPLICASET',
      ...((spec.mongoDBMajorVersion ?? source.mongoDBMajorVersion)
        ? { mongoDBMajorVersion: spec.mongoDBMajorVersion ?? source.mongoDBMajorVersion }
        : {}),
      // The restored copy is for recovery or validation: it needs no backups of its own.
      backupEnabled: false,
      replicationSpecs: [{ regionConfigs: regionConfigsFor(layout, instanceSize) }],
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    },
  };
}

function tagOf(cluster: AtlasCluster, key: string): string | undefined {
  const tags: AtlasCluster['tags'] = Array.isArray(cluster.tags) ? cluster.tags : [];
  return tags?.find((t) => t.key === key)?.value;
}

function restoredResource(
  cluster: AtlasCluster,
  job: AtlasRestoreJob,
  owner: string,
  s: Settings,
  targetCreated: boolean,
): RestoredResource {
  const layout = regionLayoutOf(cluster);
  const region = layout ? preferredRegion(layout) : undefined;
  const srv = cluster.connectionStrings?.standardSrv;
  // Host only: never a connection string with credentials.
  const host =
    typeof srv === 'string'
      ? srv
          .replace(/^mongodb(\+srv)?:\/\//, '')
          .replace(/^[^@/]*@/, '')
          .split(/[/?]/)[0]
      : undefined;
  const restoredTo = job.timestamp ?? job.desiredTimestamp?.date;
  return {
    id: cluster.name,
    type: 'atlas:cluster',
    ...(region ? { region } : {}),
    createdByRun: owner,
    restoreJobId: job.id,
    ...(host ? { endpoint: host } : {}),
    attributes: {
      sourceCluster: s.clusterName,
      deliveryType: job.deliveryType,
      targetCreated: String(targetCreated),
      ...(job.snapshotId ? { snapshotId: job.snapshotId } : {}),
      ...(restoredTo ? { restoredTo } : {}),
      ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
    },
  };
}

function deleteCluster(
  client: AtlasClient,
  name: string,
  ctx: DrContext,
): ResultAsync<'deleted' | 'already-gone', DrError> {
  return client
    .deleteCluster(name, ctx)
    .map(() => 'deleted' as const)
    .orElse((e) =>
      e.kind === 'NotFound' ? okAsync<'deleted' | 'already-gone', DrError>('already-gone') : errAsync(e),
    );
}

function cleanupTarget(
  client: AtlasClient,
  s: Settings,
  ledger: AtlasRestoreLedger,
  resource: RestoredResource,
  ctx: DrContext,
): ResultAsync<CleanupOutcome, DrError> {
  const refuse = (why: string) =>
    errAsync<CleanupOutcome, DrError>(drError('AccessDenied', `${s.name}: refusing to delete ${resource.id}: ${why}`));
  if (resource.createdByRun !== ctx.runId) return refuse(`it is not marked as created by run ${ctx.runId}`);
  if (!resource.restoreJobId) return refuse('it names no restore job of this source');
  if (resource.id === s.clusterName) return refuse('it is the source cluster');
  const recorded = ledger.byJob(resource.restoreJobId);
  if (recorded && recorded.runId !== ctx.runId)
    return refuse(`restore job ${resource.restoreJobId} was started by run "${recorded.runId}"`);
  if (recorded && !recorded.targetCreated)
    return refuse('the restore wrote into an existing cluster; drkit deletes only clusters it created');
  return client
    .getCluster(resource.id, ctx)
    .map((c): AtlasCluster | undefined => c)
    .orElse((e) => (e.kind === 'NotFound' ? okAsync<AtlasCluster | undefined, DrError>(undefined) : errAsync(e)))
    .andThen((cluster) => {
      if (!cluster) return okAsync<CleanupOutcome, DrError>({ resourceId: resource.id, outcome: 'already-gone' });
      const tagged =
        tagOf(cluster, ATLAS_RUN_ID_TAG) === ctx.runId && tagOf(cluster, ATLAS_CREATED_BY_TAG) === CREATED_BY;
      if (!recorded && !tagged)
        return refuse(
          `this source has no record of creating it for run ${ctx.runId}, and it is not tagged ${ATLAS_RUN_ID_TAG}=${ctx.runId}`,
        );
      return client.getRestoreJob(s.clusterName, resource.restoreJobId!, ctx).andThen((job) => {
        if (job.targetClusterName !== resource.id)
          return refuse(`restore job ${job.id} wrote into ${job.targetClusterName ?? 'nothing'}, not this cluster`);
        return deleteCluster(client, resource.id, ctx).map((outcome): CleanupOutcome => ({
          resourceId: resource.id,
          outcome,
          detail: `restored by Atlas restore job ${job.id}`,
        }));
      });
    });
}

const SNAPSHOT_STATUS: Readonly<Record<string, RecoveryPointStatus>> = {
  completed: 'completed',
  queued: 'running',
  inProgress: 'running',
  failed: 'failed',
};

function toRecoveryPoint(snap: AtlasSnapshot, s: Settings): RecoveryPoint | undefined {
  const createdAt = Date.parse(snap.createdAt);
  if (typeof snap.id !== 'string' || !Number.isFinite(createdAt)) return undefined;
  const attributes: Record<string, string> = {};
  for (const k of ['frequencyType', 'snapshotType', 'mongodVersion', 'expiresAt', 'replicaSetName'] as const) {
    const v = snap[k];
    if (typeof v === 'string') attributes[k] = v;
  }
  return {
    id: snap.id,
    createdAt,
    status: SNAPSHOT_STATUS[snap.status] ?? 'failed',
    resourceId: s.clusterName,
    resourceType: 'Atlas',
    ...(typeof snap.storageSizeBytes === 'number' ? { sizeBytes: snap.storageSizeBytes } : {}),
    ...(s.expectedSnapshotMs !== undefined ? { expectedRestoreMs: s.expectedSnapshotMs } : {}),
    attributes,
  };
}

function refusing(
  name: string,
  clusterName: string,
  options: CloudBackupSourceOptions | undefined,
  e: DrError,
): CloudBackupSource {
  const no = () => errAsync(e);
  return {
    name,
    clusterName,
    // A client that refuses too when the config is what is wrong.
    client: options?.client ?? atlasClient(options?.clientConfig as AtlasClientConfig),
    supportsPointInTime: false,
    listPoints: no,
    pointInTimeWindow: no,
    startRestore: no,
    describeRestore: no,
    cleanup: no,
    cleanupCreatedClusters: no,
  };
}
