import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { invalidInput, type Check, type CheckVerdict, type DrContext, type DrError } from '@drkit/core';
import type { AtlasClient } from '../client/AtlasClient';
import type { AtlasCluster } from '../client/types';
import { REGION_NAME, toAtlasRegion } from '../client/regions';
import { preferredRegion, regionLayoutOf } from '../cluster/regionLayout';

/** What the cluster checks look at: a restored or promoted cluster, named by `id` (a `RestoredResource`). */
export interface AtlasClusterSubject {
  /** The cluster name. */
  readonly id: string;
}

/** Options of {@link clusterStateCheck}. */
export interface ClusterStateCheckOptions {
  readonly client: AtlasClient;
  /** Default `'atlas-cluster-state'`. */
  readonly name?: string;
  /** The `stateName` that passes. Default `'IDLE'`. */
  readonly expectedState?: string;
  readonly required?: boolean;
}

/**
 * A check that the cluster is in the expected state (default `IDLE`) and not paused: a restored
 * cluster still `UPDATING` is not ready for traffic. Evidence: state, paused, MongoDB version and
 * preferred region. A cluster that does not exist fails the check (it is a verdict, not an error).
 *
 * @example
 * ```ts
 * await validateRestore(restored.resource, [clusterStateCheck({ client })], {}, ctx);
 * ```
 */
export function clusterStateCheck(options: ClusterStateCheckOptions): Check<AtlasClusterSubject> {
  const name = options?.name ?? 'atlas-cluster-state';
  const expected = options?.expectedState ?? 'IDLE';
  return {
    name,
    ...(options?.required !== undefined ? { required: options.required } : {}),
    run(subject, ctx) {
      const bad = badSubject(subject, options?.client);
      if (bad) return errAsync(bad);
      const startedAt = ctx.clock.now();
      return readCluster(options.client, subject.id, ctx).map((found): CheckVerdict => {
        const durationMs = ctx.clock.now() - startedAt;
        if (!found)
          return {
            name,
            status: 'failed',
            detail: `cluster ${subject.id} does not exist`,
            evidence: { exists: false },
            durationMs,
          };
        const layout = regionLayoutOf(found);
        const region = layout ? preferredRegion(layout) : undefined;
        const passed = found.stateName === expected && found.paused !== true;
        return {
          name,
          status: passed ? 'passed' : 'failed',
          detail: `${subject.id} is ${found.stateName}${found.paused ? ' (paused)' : ''}${passed ? '' : `, expected ${expected}`}`,
          evidence: {
            stateName: found.stateName,
            paused: found.paused === true,
            ...(found.mongoDBVersion ? { mongoDBVersion: found.mongoDBVersion } : {}),
            ...(region ? { preferredRegion: region } : {}),
          },
          durationMs,
        };
      });
    },
  };
}

/** Where the primary is now, as seen from a MongoDB connection (e.g. `AtlasDataReader.primaryRegion` from `@drkit/atlas/data`). */
export interface PrimaryLocator {
  /** The Atlas region name of the current primary, or undefined when there is none. */
  primaryRegion(ctx: DrContext): ResultAsync<string | undefined, DrError>;
}

/** Options of {@link primaryRegionCheck}. */
export interface PrimaryRegionCheckOptions {
  readonly client: AtlasClient;
  /** The region that must be preferred (and hold the primary): `US_WEST_2` or `us-west-2`. */
  readonly region: string;
  /** Default `'atlas-primary-region'`. */
  readonly name?: string;
  /**
   * Confirms where the primary actually is (the Administration API shows only the configured
   * preference). Without it the check passes on the configuration alone.
   */
  readonly primary?: PrimaryLocator | ((subject: AtlasClusterSubject) => PrimaryLocator);
  readonly required?: boolean;
}

/**
 * A check that the cluster's preferred region (highest election priority among regions with
 * electable nodes) is `region`, and, given a `primary` locator, that the primary really is
 * there. After a promotion to the DR region, this is the check that the failover took.
 *
 * @example
 * ```ts
 * await validateRestore({ id: 'jobs-prod' }, [primaryRegionCheck({ client, region: 'us-west-2', primary: reader })], {}, ctx);
 * ```
 */
export function primaryRegionCheck(options: PrimaryRegionCheckOptions): Check<AtlasClusterSubject> {
  const name = options?.name ?? 'atlas-primary-region';
  const region = typeof options?.region === 'string' ? toAtlasRegion(options.region) : '';
  return {
    name,
    ...(options?.required !== undefined ? { required: options.required } : {}),
    run(subject, ctx) {
      const bad =
        badSubject(subject, options?.client) ??
        (typeof options.region === 'string' && REGION_NAME.test(options.region.trim())
          ? undefined
          : invalidInput([{ path: 'region', message: 'must be an AWS region, e.g. US_WEST_2 or us-west-2' }]));
      if (bad) return errAsync(bad);
      const startedAt = ctx.clock.now();
      return readCluster(options.client, subject.id, ctx).andThen((found) => {
        const done = (v: Omit<CheckVerdict, 'name' | 'durationMs'>): CheckVerdict => ({
          name,
          ...v,
          durationMs: ctx.clock.now() - startedAt,
        });
        if (!found) return okAsync(done({ status: 'failed', detail: `cluster ${subject.id} does not exist` }));
        const layout = regionLayoutOf(found);
        const preferred = layout ? preferredRegion(layout) : undefined;
        const priorities = Object.fromEntries((layout ?? []).map((r) => [r.regionName, r.priority]));
        if (preferred !== region)
          return okAsync(
            done({
              status: 'failed',
              detail: `${subject.id} prefers ${preferred ?? 'no region'}, not ${region}`,
              evidence: { preferredRegion: preferred ?? null, priorities },
            }),
          );
        const locator = typeof options.primary === 'function' ? options.primary(subject) : options.primary;
        if (!locator)
          return okAsync(
            done({
              status: 'passed',
              detail: `${region} is the preferred region of ${subject.id}`,
              evidence: { preferredRegion: region, priorities },
            }),
          );
        return locator.primaryRegion(ctx).map((actual) =>
          done({
            status: actual !== undefined && toAtlasRegion(actual) === region ? 'passed' : 'failed',
            detail:
              actual === undefined
                ? `${region} is preferred, but ${subject.id} has no primary now`
                : `${region} is preferred; the primary is in ${toAtlasRegion(actual)}`,
            evidence: { preferredRegion: region, primaryRegion: actual ?? null, priorities },
          }),
        );
      });
    },
  };
}

function badSubject(subject: unknown, client: unknown): DrError | undefined {
  const problems: { path: string; message: string }[] = [];
  if (typeof (client as AtlasClient | undefined)?.getCluster !== 'function')
    problems.push({ path: 'client', message: 'must be an AtlasClient' });
  if (typeof (subject as AtlasClusterSubject | undefined)?.id !== 'string')
    problems.push({ path: 'subject.id', message: 'must name the cluster' });
  return problems.length > 0 ? invalidInput(problems) : undefined;
}

function readCluster(
  client: AtlasClient,
  name: string,
  ctx: DrContext,
): ResultAsync<AtlasCluster | undefined, DrError> {
  return client
    .getCluster(name, ctx)
    .map((c): AtlasCluster | undefined => c)
    .orElse((e) => (e.kind === 'NotFound' ? okAsync<AtlasCluster | undefined, DrError>(undefined) : errAsync(e)));
}
