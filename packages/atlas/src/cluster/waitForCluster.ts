import { ResultAsync, okAsync } from 'neverthrow';
import { resolveContext, waitFor, type DrContextInput, type DrError, type Duration } from '@drkit/core';
import type { AtlasClient } from '../client/AtlasClient';
import type { AtlasCluster } from '../client/types';

/** Options of {@link waitForCluster}. */
export interface WaitForClusterOptions {
  /** Also wait until `GET …/status` says the latest change is `APPLIED`. Default false. */
  readonly applied?: boolean;
  /** Default `'30m'`. */
  readonly timeout?: Duration;
  /** Absolute deadline (ms epoch); the earlier of this and `timeout` wins. */
  readonly deadlineAt?: number;
  /** How long the change usually takes (seeds polling), e.g. `'10m'` for a new cluster. */
  readonly expected?: Duration;
  /** Shortest gap between polls. Default `'10s'`. */
  readonly minInterval?: Duration;
  /** Longest gap between polls. Default `'1m'`. */
  readonly maxInterval?: Duration;
}

/**
 * Polls a cluster on `ctx.clock` until it is `IDLE` (and, with `applied`, its latest change is
 * `APPLIED`), then resolves with the cluster as last read. `Timeout` when the deadline passes,
 * `Aborted` when `ctx.signal` fires; throttling and 5xx answers are tolerated until the deadline.
 *
 * @example
 * ```ts
 * const ready = await waitForCluster(client, 'jobs-prod', { applied: true, timeout: '20m' }, ctx);
 * if (ready.isOk()) console.log(ready.value.stateName); // 'IDLE'
 * ```
 */
export function waitForCluster(
  client: AtlasClient,
  name: string,
  options: WaitForClusterOptions = {},
  ctxInput?: DrContextInput,
): ResultAsync<AtlasCluster, DrError> {
  const ctx = resolveContext(ctxInput);
  return waitFor(
    () =>
      client.getCluster(name, ctx).andThen((cluster) => {
        if (cluster.stateName !== 'IDLE')
          return okAsync({ done: false as const, progress: `cluster ${name} is ${cluster.stateName}` });
        if (!options.applied) return okAsync({ done: true as const, value: cluster });
        return client
          .clusterStatus(name, ctx)
          .map((status) =>
            status.changeStatus === 'APPLIED'
              ? { done: true as const, value: cluster }
              : { done: false as const, progress: `change to ${name} is ${status.changeStatus}` },
          );
      }),
    {
      what: `cluster ${name} to be IDLE${options.applied ? ' with its change APPLIED' : ''}`,
      timeout: options.timeout ?? '30m',
      ...(options.deadlineAt !== undefined ? { deadlineAt: options.deadlineAt } : {}),
      ...(options.expected !== undefined ? { expectedDuration: options.expected } : {}),
      minInterval: options.minInterval ?? '10s',
      maxInterval: options.maxInterval ?? '1m',
    },
    ctx,
  ).map((outcome) => outcome.value);
}
