import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import {
  Problems,
  drError,
  invalidInput,
  parseDuration,
  type Demotion,
  type DrContext,
  type DrError,
  type Duration,
  type PromoteOptions,
  type Promotion,
  type Readiness,
  type Standby,
  type StandbyState,
} from '@drkit/core';
import { CLUSTER_NAME, atlasClient, type AtlasClient } from '../client/AtlasClient';
import { checkAtlasClientOption, resolveAtlasClient, type AtlasClientOption } from '../client/clientOptions';
import { REGION_NAME, toAtlasRegion } from '../client/regions';
import type { AtlasCluster } from '../client/types';
import {
  describePriorityChange,
  preferRegion,
  preferredRegion,
  regionLayoutOf,
  regionLayoutProblems,
  withPriorities,
  type RegionLayout,
} from '../cluster/regionLayout';
import { waitForCluster } from '../cluster/waitForCluster';

/** Options of {@link regionPriorityStandby}. */
export type RegionPriorityStandbyOptions = AtlasClientOption & {
  /** The cluster to fail over. */
  readonly clusterName: string;
  /** The DR region to make preferred (`US_WEST_2` or `us-west-2`); it must have electable nodes. */
  readonly region: string;
  /** Names the standby in reports. Default `atlas:<clusterName>:<REGION>`. */
  readonly name?: string;
  /** How long a priority change usually takes to apply (seeds readiness polling). Default `'6m'`. */
  readonly expectedReadyTime?: Duration;
  /** How long `demote` waits for the restored priorities to apply. Default `'30m'`. */
  readonly demoteTimeout?: Duration;
};

/**
 * The `previous` state of a region promotion: the cluster and each region's election priority
 * before it. JSON, no secrets: a runbook journal keeps it for failback.
 */
export interface AtlasRegionPriorities extends StandbyState {
  readonly clusterName: string;
  /** Priority by Atlas region name, e.g. `{ US_EAST_1: 7, US_WEST_2: 6 }`. */
  readonly priorities: Readonly<Record<string, number>>;
}

/** An Atlas region-priority {@link Standby}, with the client it calls. */
export interface RegionPriorityStandby extends Standby {
  readonly clusterName: string;
  /** The Atlas name of the region it promotes. */
  readonly region: string;
  readonly client: AtlasClient;
}

/**
 * A {@link Standby} that fails an Atlas cluster over to its DR region by making that region the
 * preferred one: it rewrites the region priorities by Atlas's rules (the DR region gets 7, the
 * others keep their order below it at 6, 5…; regions without electable nodes stay 0; electable
 * nodes must total 3, 5 or 7) with one PATCH of the cluster, and hands back the previous
 * priorities for failback. Node counts do not change.
 *
 * - `promote` reads the cluster, refuses a region without electable nodes or a layout that would
 *   break the rules (`InvalidInput`, before any PATCH), and PATCHes. Promoting a cluster whose
 *   preferred region already is the DR region changes nothing (`alreadyPromoted`).
 * - `readiness` is ready once the DR region is preferred, the change is `APPLIED` and the
 *   cluster `IDLE` (core's `promoteStandby` polls it).
 * - `demote(previous)` restores exactly the recorded priorities and waits until they are
 *   `APPLIED` and the cluster `IDLE`; repeating it changes nothing.
 *
 * @example
 * ```ts
 * import { promoteStandby, demoteStandby } from '@drkit/core';
 * const dr = regionPriorityStandby({ client, clusterName: 'jobs-prod', region: 'us-west-2' });
 * const promoted = await promoteStandby(dr, { step: 'promote-atlas-us-west-2', readinessTimeout: '20m' }, ctx);
 * // … later, fail back:
 * if (promoted.isOk() && !promoted.value.dryRun) await demoteStandby(dr, promoted.value.previous[dr.name]!, ctx);
 * ```
 */
export function regionPriorityStandby(options: RegionPriorityStandbyOptions): RegionPriorityStandby {
  const problems = new Problems();
  checkAtlasClientOption(problems, options);
  const clusterName = typeof options?.clusterName === 'string' ? options.clusterName : '';
  if (!CLUSTER_NAME.test(clusterName)) problems.add('clusterName', 'must be an Atlas cluster name');
  const region = typeof options?.region === 'string' ? toAtlasRegion(options.region) : '';
  if (typeof options?.region !== 'string' || !REGION_NAME.test(options.region.trim()))
    problems.add('region', 'must be an AWS region, e.g. US_WEST_2 or us-west-2');
  const duration = (path: string, value: Duration | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    const parsed = parseDuration(value, path);
    if (parsed.isErr()) {
      problems.addAll('', parsed.error.problems);
      return fallback;
    }
    return parsed.value;
  };
  const expectedReadyMs = duration('expectedReadyTime', options?.expectedReadyTime, 360_000);
  const demoteTimeoutMs = duration('demoteTimeout', options?.demoteTimeout, 1_800_000);
  const name =
    typeof options?.name === 'string' && options.name !== '' ? options.name : `atlas:${clusterName}:${region}`;
  const client = problems.any ? undefined : resolveAtlasClient(options);
  if (!client) {
    const e = invalidInput(problems.list);
    const no = () => errAsync(e);
    return {
      name,
      clusterName,
      region,
      client: options?.client ?? atlasClient(options?.clientConfig),
      readiness: no,
      promote: no,
      demote: no,
    };
  }
  // Per idempotency key: what the first promote saw, so a repeated call returns the same `previous`.
  const promotions = new Map<string, AtlasRegionPriorities>();

  const layoutOf = (cluster: AtlasCluster): ResultAsync<RegionLayout[], DrError> => {
    const layout = regionLayoutOf(cluster);
    return layout
      ? okAsync(layout)
      : errAsync(
          drError(
            'Conflict',
            `${name}: ${clusterName} is not a replica set with one replication spec; drkit rewrites priorities of replica sets only`,
          ),
        );
  };

  const readiness = (ctx: DrContext): ResultAsync<Readiness, DrError> =>
    client.getCluster(clusterName, ctx).andThen((cluster) =>
      layoutOf(cluster).andThen((layout) => {
        const preferred = preferredRegion(layout);
        if (preferred !== region)
          return okAsync<Readiness, DrError>({
            ready: false,
            detail: `${preferred ?? 'no region'} is preferred, not ${region}`,
          });
        if (cluster.stateName !== 'IDLE')
          return okAsync<Readiness, DrError>({
            ready: false,
            detail: `${region} is preferred; ${clusterName} is ${cluster.stateName}`,
          });
        return client.clusterStatus(clusterName, ctx).map((status): Readiness =>
          status.changeStatus === 'APPLIED'
            ? {
                ready: true,
                detail: `${region} is the preferred region of ${clusterName}; change APPLIED, cluster IDLE`,
              }
            : { ready: false, detail: `${region} is preferred; change ${status.changeStatus}` },
        );
      }),
    );

  const promote = (promote: PromoteOptions, ctx: DrContext): ResultAsync<Promotion, DrError> =>
    client.getCluster(clusterName, ctx).andThen((cluster) =>
      layoutOf(cluster).andThen((layout) => {
        const current: AtlasRegionPriorities = { clusterName, priorities: prioritiesOf(layout) };
        const dr = layout.find((r) => r.regionName === region);
        if (!dr || dr.electableNodes === 0)
          return errAsync<Promotion, DrError>(
            invalidInput([
              {
                path: 'region',
                message: `${region} ${dr ? 'has no electable nodes' : 'is not a region'} of ${clusterName} (regions: ${layout.map((r) => `${r.regionName}×${r.electableNodes}`).join(', ')}); only a region with electable nodes can hold the primary`,
              },
            ]),
          );
        if (preferredRegion(layout) === region) {
          const previous = promotions.get(promote.idempotencyKey) ?? current;
          return okAsync<Promotion, DrError>({
            previous,
            alreadyPromoted: true,
            detail: `${region} is already the preferred region`,
          });
        }
        const next = preferRegion(layout, region);
        const broken = regionLayoutProblems(next);
        if (broken.length > 0)
          return errAsync<Promotion, DrError>(
            invalidInput(broken.map((message) => ({ path: `${clusterName}.regions`, message }))),
          );
        const detail = describePriorityChange(layout, next);
        ctx.logger.info('atlas: making the DR region preferred', { standby: name, clusterName, change: detail });
        promotions.set(promote.idempotencyKey, current);
        return client
          .updateCluster(clusterName, { replicationSpecs: withPriorities(cluster, next) }, ctx)
          .map((): Promotion => ({ previous: current, detail }));
      }),
    );

  const demote = (previous: StandbyState, ctx: DrContext): ResultAsync<Demotion, DrError> => {
    const wanted = checkPrevious(previous, clusterName);
    if (wanted.problems.length > 0) return errAsync(invalidInput(wanted.problems));
    return client.getCluster(clusterName, ctx).andThen((cluster) =>
      layoutOf(cluster).andThen((layout) => {
        const restored = layout.map((r) => ({ ...r, priority: wanted.priorities[r.regionName] ?? r.priority }));
        const missing = layout.filter((r) => wanted.priorities[r.regionName] === undefined).map((r) => r.regionName);
        const broken = regionLayoutProblems(restored);
        if (missing.length > 0 || broken.length > 0)
          return errAsync<Demotion, DrError>(
            invalidInput([
              ...missing.map((r) => ({
                path: `previous.priorities.${r}`,
                message: `${clusterName} has region ${r}, which the recorded state does not`,
              })),
              ...broken.map((message) => ({ path: 'previous.priorities', message })),
            ]),
          );
        const detail = describePriorityChange(layout, restored);
        const unchanged = layout.every((r) => r.priority === wanted.priorities[r.regionName]);
        const patched: ResultAsync<unknown, DrError> = unchanged
          ? okAsync(undefined)
          : client.updateCluster(clusterName, { replicationSpecs: withPriorities(cluster, restored) }, ctx);
        if (!unchanged)
          ctx.logger.info('atlas: restoring region priorities', { standby: name, clusterName, change: detail });
        return patched
          .andThen(() =>
            waitForCluster(
              client,
              clusterName,
              { applied: true, timeout: demoteTimeoutMs, expected: expectedReadyMs },
              ctx,
            ),
          )
          .map((): Demotion => ({
            detail: unchanged ? 'priorities already as recorded' : `${detail}; APPLIED, cluster IDLE`,
          }));
      }),
    );
  };

  return { name, clusterName, region, client, expectedReadyMs, readiness, promote, demote };
}

function prioritiesOf(layout: readonly RegionLayout[]): Record<string, number> {
  return Object.fromEntries(layout.map((r) => [r.regionName, r.priority]));
}

function checkPrevious(
  previous: StandbyState,
  clusterName: string,
): { priorities: Record<string, number>; problems: { path: string; message: string }[] } {
  const problems: { path: string; message: string }[] = [];
  const p = previous as Partial<AtlasRegionPriorities> | null;
  if (typeof p !== 'object' || p === null)
    return { priorities: {}, problems: [{ path: 'previous', message: 'must be the state a promotion returned' }] };
  if (p.clusterName !== clusterName)
    problems.push({ path: 'previous.clusterName', message: `is ${String(p.clusterName)}, not ${clusterName}` });
  const priorities: Record<string, number> = {};
  if (typeof p.priorities !== 'object' || p.priorities === null)
    problems.push({ path: 'previous.priorities', message: 'must map region names to priorities' });
  else
    for (const [region, value] of Object.entries(p.priorities)) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 7)
        problems.push({ path: `previous.priorities.${region}`, message: 'must be a priority from 0 to 7' });
      else priorities[toAtlasRegion(region)] = value;
    }
  return { priorities, problems };
}
