import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import {
  Problems,
  invalidInput,
  resolveContext,
  waitFor,
  type DrContextInput,
  type DrError,
  type Duration,
} from '@drkit/core';
import { CLUSTER_NAME, type AtlasClient } from '../client/AtlasClient';
import { REGION_NAME, toAtlasRegion } from '../client/regions';
import type { AtlasOutageSimulation } from '../client/types';

/** What {@link testFailover} did. */
export interface FailoverRequested {
  readonly clusterName: string;
  /** When drkit asked Atlas to restart the primary (ms epoch, `ctx.clock`). */
  readonly requestedAt: number;
}

/**
 * Starts a test failover for a drill (`POST …/restartPrimaries`): Atlas restarts the primary,
 * the replica set elects another electable node (in the preferred region when it has another),
 * and clients reconnect. The Administration API does not show the election; watch it from the
 * application side (e.g. `AtlasDataReader.primaryRegion`, or your client's reconnect metrics).
 * `Conflict` while a failover test is already running (`CLUSTER_RESTART_IN_PROGRESS`, retried)
 * or when not every node is healthy (`CLUSTER_RESTART_INVALID`).
 *
 * @example
 * ```ts
 * const drill = await testFailover(client, 'jobs-prod', ctx);
 * if (drill.isOk()) ctx.logger.info('failover requested', { at: drill.value.requestedAt });
 * ```
 */
export function testFailover(
  client: AtlasClient,
  clusterName: string,
  ctxInput?: DrContextInput,
): ResultAsync<FailoverRequested, DrError> {
  if (typeof clusterName !== 'string' || !CLUSTER_NAME.test(clusterName))
    return errAsync(invalidInput([{ path: 'clusterName', message: 'must be an Atlas cluster name' }]));
  const ctx = resolveContext(ctxInput);
  const requestedAt = ctx.clock.now();
  return client.restartPrimaries(clusterName, ctx).map(() => {
    ctx.logger.info('atlas: test failover requested', { clusterName });
    return { clusterName, requestedAt };
  });
}

/** An outage simulation as drkit reports it. */
export interface OutageSimulationStatus {
  readonly clusterName: string;
  readonly id?: string;
  /** An `AtlasOutageSimulationState` (Atlas may add phases). */
  readonly state: string;
  /** Atlas names of the regions taken down. */
  readonly regions: readonly string[];
  readonly startRequestDate?: string;
}

/**
 * Starts a regional outage simulation (`POST …/outageSimulation`): Atlas takes the nodes of the
 * listed regions down (`START_REQUESTED` → `STARTING` → `SIMULATING`), so the cluster elects a
 * primary elsewhere, as it would in a real regional outage. At least one region with electable
 * nodes must stay up (Atlas refuses otherwise). Regions are checked (non-empty, region names)
 * before any call. Follow it with {@link waitForOutageSimulation} and end it with
 * {@link endOutageSimulation}.
 *
 * @example
 * ```ts
 * await startOutageSimulation(client, 'jobs-prod', ['us-east-1'], ctx);
 * await waitForOutageSimulation(client, 'jobs-prod', 'SIMULATING', {}, ctx);
 * ```
 */
export function startOutageSimulation(
  client: AtlasClient,
  clusterName: string,
  regions: readonly string[],
  ctxInput?: DrContextInput,
): ResultAsync<OutageSimulationStatus, DrError> {
  const problems = new Problems();
  if (typeof clusterName !== 'string' || !CLUSTER_NAME.test(clusterName))
    problems.add('clusterName', 'must be an Atlas cluster name');
  if (!Array.isArray(regions) || regions.length === 0) problems.add('regions', 'must name at least one region');
  else
    regions.forEach((r, i) => {
      if (typeof r !== 'string' || !REGION_NAME.test(r.trim())) problems.add(`regions[${i}]`, 'must be an AWS region');
    });
  if (problems.any) return errAsync(invalidInput(problems.list));
  const ctx = resolveContext(ctxInput);
  const atlasRegions = [...new Set(regions.map(toAtlasRegion))];
  ctx.logger.warn('atlas: starting a regional outage simulation', { clusterName, regions: atlasRegions });
  return client.startOutageSimulation(clusterName, atlasRegions, ctx).map((sim) => statusOf(clusterName, sim));
}

/**
 * The current state of a cluster's outage simulation (`NotFound` when there is none).
 *
 * @example
 * ```ts
 * const sim = await outageSimulationStatus(client, 'jobs-prod', ctx); // { state: 'SIMULATING', regions: ['US_EAST_1'], … }
 * ```
 */
export function outageSimulationStatus(
  client: AtlasClient,
  clusterName: string,
  ctxInput?: DrContextInput,
): ResultAsync<OutageSimulationStatus, DrError> {
  return client.getOutageSimulation(clusterName, ctxInput).map((sim) => statusOf(clusterName, sim));
}

/** Options of {@link waitForOutageSimulation}. */
export interface WaitForOutageOptions {
  /** Default `'15m'`. */
  readonly timeout?: Duration;
  /** Shortest gap between polls. Default `'10s'`. */
  readonly minInterval?: Duration;
  /** Longest gap between polls. Default `'1m'`. */
  readonly maxInterval?: Duration;
}

const ORDER: readonly string[] = [
  'START_REQUESTED',
  'STARTING',
  'SIMULATING',
  'RECOVERY_REQUESTED',
  'RECOVERING',
  'COMPLETE',
];

/**
 * Polls the outage simulation on `ctx.clock` until it reaches `state` (or a later phase): e.g.
 * `SIMULATING` (the regions are down) or `COMPLETE` (they are back). `Timeout` past the deadline.
 *
 * @example
 * ```ts
 * const down = await waitForOutageSimulation(client, 'jobs-prod', 'SIMULATING', { timeout: '10m' }, ctx);
 * ```
 */
export function waitForOutageSimulation(
  client: AtlasClient,
  clusterName: string,
  state: 'SIMULATING' | 'COMPLETE',
  options: WaitForOutageOptions = {},
  ctxInput?: DrContextInput,
): ResultAsync<OutageSimulationStatus, DrError> {
  if (state !== 'SIMULATING' && state !== 'COMPLETE')
    return errAsync(invalidInput([{ path: 'state', message: 'must be SIMULATING or COMPLETE' }]));
  const ctx = resolveContext(ctxInput);
  const goal = ORDER.indexOf(state);
  return waitFor(
    () =>
      outageSimulationStatus(client, clusterName, ctx).map((s) =>
        ORDER.indexOf(s.state) >= goal
          ? { done: true as const, value: s }
          : { done: false as const, progress: s.state },
      ),
    {
      what: `outage simulation of ${clusterName} to reach ${state}`,
      timeout: options.timeout ?? '15m',
      minInterval: options.minInterval ?? '10s',
      maxInterval: options.maxInterval ?? '1m',
    },
    ctx,
  ).map((w) => w.value);
}

/**
 * Ends a cluster's outage simulation (`DELETE …/outageSimulation`): Atlas brings the regions
 * back (`RECOVERY_REQUESTED` → `RECOVERING` → `COMPLETE`). With `wait` (default true) it
 * resolves once the simulation is `COMPLETE`. Ending one that is already recovering or complete
 * is not an error: it reports the current state.
 *
 * @example
 * ```ts
 * const back = await endOutageSimulation(client, 'jobs-prod', { wait: true }, ctx);
 * if (back.isOk()) console.log(back.value.state); // 'COMPLETE'
 * ```
 */
export function endOutageSimulation(
  client: AtlasClient,
  clusterName: string,
  options: WaitForOutageOptions & { readonly wait?: boolean } = {},
  ctxInput?: DrContextInput,
): ResultAsync<OutageSimulationStatus, DrError> {
  const ctx = resolveContext(ctxInput);
  const ended = client
    .endOutageSimulation(clusterName, ctx)
    .map((sim) => statusOf(clusterName, sim))
    .orElse((e) =>
      e.kind === 'Conflict'
        ? outageSimulationStatus(client, clusterName, ctx).andThen((s) =>
            ORDER.indexOf(s.state) >= ORDER.indexOf('RECOVERY_REQUESTED')
              ? okAsync(s)
              : errAsync<OutageSimulationStatus, DrError>(e),
          )
        : errAsync(e),
    );
  if (options.wait === false) return ended;
  return ended.andThen(() => waitForOutageSimulation(client, clusterName, 'COMPLETE', options, ctx));
}

function statusOf(clusterName: string, sim: AtlasOutageSimulation): OutageSimulationStatus {
  return {
    clusterName,
    ...(sim.id ? { id: sim.id } : {}),
    state: sim.state,
    regions: (sim.outageFilters ?? []).map((f) => f.regionName),
    ...(sim.startRequestDate ? { startRequestDate: sim.startRequestDate } : {}),
  };
}
