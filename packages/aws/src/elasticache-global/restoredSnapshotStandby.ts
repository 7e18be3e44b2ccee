import {
  Problems,
  drError,
  invalidInput,
  parseDuration,
  type Demotion,
  type DrContext,
  type DrError,
  type Duration,
  type Promotion,
  type Readiness,
  type RecoveryPoint,
  type RecoveryPointSource,
  type RestoreHandle,
  type RestoredResource,
  type Standby,
  type StandbyState,
} from '@drkit/core';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';

/** Options of {@link restoredSnapshotStandby}. */
export interface RestoredSnapshotStandbyOptions {
  /**
   * Where the snapshots are: e.g. `elasticacheSnapshotSource` from `@drkit/aws/elasticache`
   * with a client in the DR region (over the weekly copies there).
   */
  readonly source: RecoveryPointSource;
  /** Only points of this resource (the production replication group id). */
  readonly resourceId?: string;
  /** Refuse points older than this (`RpoViolated`). Default: take the newest, however old. */
  readonly maxAge?: Duration;
  /** Default `restored:<source.name>`. */
  readonly name?: string;
  /** Typical restore time. Default `'20m'`. */
  readonly expectedReady?: Duration;
}

/** What a restored-snapshot standby records to undo its promotion: the restore it started. */
export type RestoredSnapshotPrevious = {
  readonly restore: RestoreHandle;
  readonly pointId: string;
  readonly pointCreatedAt: number;
};

/** A {@link Standby} that restores a snapshot, and tells you where the restored cache answers. */
export interface RestoredSnapshotStandby extends Standby {
  /** The restored resource once ready (its `endpoint` is what the application's parameter should say). */
  restored(ctx: DrContext): ResultAsync<RestoredResource | undefined, DrError>;
}

/**
 * The fallback when there is no Global Datastore: a {@link Standby} whose promotion restores the
 * newest completed recovery point of `source` (for ElastiCache, the latest snapshot copied to
 * the DR region) as a new resource, ready when the restore completes. `demote(previous)` cleans
 * up what the restore created — only that, through the source's ownership-checked `cleanup`.
 *
 * The restored endpoint differs from production's, so put an SSM parameter standby after it in
 * the promotion plan and give it the endpoint as a function of this standby ({@link RestoredSnapshotStandby.restored}).
 *
 * @example
 * ```ts
 * import { elasticacheSnapshotSource } from '@drkit/aws/elasticache';
 * import { restoredSnapshotStandby } from '@drkit/aws/elasticache-global';
 * import { ssmParametersStandby } from '@drkit/aws/ssm';
 *
 * const cache = restoredSnapshotStandby({
 *   source: elasticacheSnapshotSource({ client: new ElastiCacheClient({ region: 'us-west-2' }) }),
 *   resourceId: 'jobs-api-redis',
 *   maxAge: '8d',
 * });
 * const endpoint = ssmParametersStandby({
 *   client: new SSMClient({ region: 'us-west-2' }),
 *   parameters: { '/jobs-api/redis/endpoint': (ctx) => cache.restored(ctx).map((r) => r?.endpoint ?? '') },
 * });
 * await promoteStandby([cache, endpoint], { step: 'restore-cache' }, ctx);
 * ```
 */
export function restoredSnapshotStandby(options: RestoredSnapshotStandbyOptions): RestoredSnapshotStandby {
  const problems = new Problems();
  const o = (typeof options === 'object' && options !== null ? options : {}) as Partial<RestoredSnapshotStandbyOptions>;
  const source = o.source;
  if (
    typeof source !== 'object' ||
    source === null ||
    typeof source.listPoints !== 'function' ||
    typeof source.startRestore !== 'function' ||
    typeof source.describeRestore !== 'function' ||
    typeof source.cleanup !== 'function'
  )
    problems.add('source', 'must be a RecoveryPointSource');
  let maxAgeMs: number | undefined;
  if (o.maxAge !== undefined) {
    const m = parseDuration(o.maxAge, 'maxAge');
    if (m.isErr()) problems.addAll('', m.error.problems);
    else maxAgeMs = m.value;
  }
  let expectedReadyMs = 1_200_000;
  if (o.expectedReady !== undefined) {
    const e = parseDuration(o.expectedReady, 'expectedReady');
    if (e.isErr()) problems.addAll('', e.error.problems);
    else expectedReadyMs = e.value;
  }
  const name = typeof o.name === 'string' && o.name ? o.name : `restored:${String(source?.name ?? '')}`;
  if (problems.any) {
    const error = invalidInput(problems.list);
    const fail = () => errAsync(error);
    return { name, readiness: fail, promote: fail, demote: fail, restored: fail };
  }
  const src = source!;
  let current: RestoreHandle | undefined;
  const byKey = new Map<string, RestoredSnapshotPrevious>();

  const describe = (handle: RestoreHandle, ctx: DrContext) =>
    src.describeRestore(handle, ctx).andThen((status) =>
      status.state === 'failed' || status.state === 'cancelled'
        ? errAsync(
            drError('ProviderError', `${name}: restore ${handle.jobId} ${status.state}: ${status.detail ?? ''}`, {
              provider: src.name,
              operation: 'describeRestore',
              code: status.state,
            }),
          )
        : okAsync(status),
    );

  return {
    name,
    expectedReadyMs,
    promote(promote, ctx): ResultAsync<Promotion, DrError> {
      const known = byKey.get(promote.idempotencyKey);
      if (known) {
        current = known.restore;
        return okAsync({
          previous: known,
          alreadyPromoted: true,
          detail: `restore ${known.restore.jobId} already started`,
        });
      }
      return src
        .listPoints(o.resourceId ? { resourceId: o.resourceId } : {}, ctx)
        .andThen((points) => {
          const newest = points
            .filter(
              (p) =>
                p.status === 'completed' &&
                (o.resourceId === undefined || p.resourceId === undefined || p.resourceId === o.resourceId),
            )
            .sort((a, b) => b.createdAt - a.createdAt)[0];
          if (!newest)
            return errAsync(
              drError('NotFound', `${name}: no completed recovery point to restore`, {
                resource: o.resourceId ?? src.name,
              }),
            );
          const age = ctx.clock.now() - newest.createdAt;
          if (maxAgeMs !== undefined && age > maxAgeMs)
            return errAsync(
              drError('RpoViolated', `${name}: the newest point ${newest.id} is older than allowed`, {
                objectiveMs: maxAgeMs,
                achievedMs: age,
              }),
            );
          return okAsync(newest);
        })
        .andThen((point: RecoveryPoint) =>
          src
            .startRestore(
              { kind: 'point', point },
              { idempotencyKey: promote.idempotencyKey, runId: promote.runId },
              ctx,
            )
            .map((handle): Promotion => {
              current = handle;
              const previous: RestoredSnapshotPrevious = {
                restore: handle,
                pointId: point.id,
                pointCreatedAt: point.createdAt,
              };
              byKey.set(promote.idempotencyKey, previous);
              return {
                previous,
                detail: `restoring ${point.id} (${Math.round((ctx.clock.now() - point.createdAt) / 60_000)} min old)`,
              };
            }),
        );
    },
    readiness(ctx): ResultAsync<Readiness, DrError> {
      if (!current) return okAsync({ ready: false, detail: 'not promoted yet' });
      return describe(current, ctx).map((status) => ({
        ready: status.state === 'completed' && status.resource !== undefined,
        detail: status.resource?.endpoint ? `restored at ${status.resource.endpoint}` : (status.detail ?? status.state),
        ...(status.completedAt !== undefined ? { readyAt: status.completedAt } : {}),
      }));
    },
    restored(ctx) {
      if (!current) return okAsync(undefined);
      return describe(current, ctx).map((status) => (status.state === 'completed' ? status.resource : undefined));
    },
    demote(previous: StandbyState, ctx): ResultAsync<Demotion, DrError> {
      const p = previous as Partial<RestoredSnapshotPrevious>;
      if (typeof p?.restore?.jobId !== 'string')
        return errAsync(
          invalidInput([{ path: 'previous', message: 'must be the { restore, pointId } a promotion returned' }]),
        );
      return describe(p.restore, ctx).andThen((status) => {
        if (!status.resource) return okAsync({ detail: `restore ${p.restore!.jobId} created nothing to clean up` });
        return src.cleanup(status.resource, ctx).map((out) => ({ detail: `${out.resourceId}: ${out.outcome}` }));
      });
    },
  };
}
