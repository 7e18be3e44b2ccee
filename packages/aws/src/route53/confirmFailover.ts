import {
  Problems,
  invalidInput,
  parseDuration,
  resolveContext,
  waitFor,
  type DrContextInput,
  type DrError,
  type Duration,
  type TrafficRouter,
  type Weights,
} from '@drkit/core';
import { ResultAsync, errAsync } from 'neverthrow';

/** Options of {@link confirmFailover}. */
export interface ConfirmFailoverOptions {
  /** The target that should now answer (the SECONDARY record's `SetIdentifier`). */
  readonly to: string;
  /**
   * How long to wait for it. Default `'15m'`: a health check fails over after
   * `FailureThreshold` × `RequestInterval` (3 × 30 s by default), plus the records' TTL.
   */
  readonly timeout?: Duration;
  /** Typical time until failover, seeds polling. Default `'2m'`. */
  readonly expectedDuration?: Duration;
}

/** What {@link confirmFailover} found. */
export interface FailoverConfirmation {
  readonly router: string;
  readonly to: string;
  /** The routing once confirmed: `to` at 100, the rest at 0 for a failover router. */
  readonly routing: Weights;
  /** When the answer was first seen on `to` (ms epoch, `ctx.clock`). */
  readonly confirmedAt: number;
  /** How long the wait took (0 when it had already happened). */
  readonly waitedMs: number;
  readonly polls: number;
}

/**
 * Confirms that an **automated** failover happened — Route 53's health checks moved the answer
 * to the SECONDARY — without changing anything: polls `router.readRouting` (for a failover
 * router, what `TestDNSAnswer` answers) until `to` serves all the traffic, with the same adaptive
 * wait `shiftTraffic` uses for propagation. `Timeout` when it does not happen in time; then a
 * manual failover (`shiftTraffic` on the same router) is the next step of the runbook.
 *
 * Bad input is `InvalidInput` before any call.
 *
 * @example
 * ```ts
 * const router = route53FailoverRouter({ client, hostedZoneId, recordName: 'api.jobs.example.com' });
 * const confirmed = await confirmFailover(router, { to: 'us-west-2', timeout: '10m' }, ctx);
 * if (confirmed.isErr() && confirmed.error.kind === 'Timeout')
 *   await shiftTraffic(router, { step: 'manual-failover', from: 'us-east-1', to: 'us-west-2', bake: 0, gates: [] }, ctx);
 * ```
 */
export function confirmFailover(
  router: TrafficRouter,
  options: ConfirmFailoverOptions,
  ctxInput?: DrContextInput,
): ResultAsync<FailoverConfirmation, DrError> {
  const problems = new Problems();
  if (typeof router !== 'object' || router === null || typeof router.readRouting !== 'function')
    problems.add('router', 'must be a TrafficRouter');
  if (typeof options !== 'object' || options === null) problems.add('options', 'must be an object');
  else {
    if (typeof options.to !== 'string' || options.to.trim() === '')
      problems.add('to', 'must name the target that should answer');
    for (const key of ['timeout', 'expectedDuration'] as const) {
      const value = options[key];
      if (value === undefined) continue;
      const parsed = parseDuration(value, key);
      if (parsed.isErr()) problems.addAll('', parsed.error.problems);
      else if (parsed.value === 0) problems.add(key, 'must be longer than 0');
    }
  }
  if (problems.any) return errAsync(invalidInput(problems.list));
  const ctx = resolveContext(ctxInput);
  const startedAt = ctx.clock.now();
  return waitFor(
    () =>
      router.readRouting(ctx).map((state) => {
        const entries = Object.entries(state.targets);
        const onTo = state.targets[options.to] ?? 0;
        const others = entries.filter(([id]) => id !== options.to).reduce((sum, [, w]) => sum + w, 0);
        return onTo > 0 && others === 0
          ? { done: true as const, value: state.targets }
          : {
              done: false as const,
              progress: `answering: ${
                entries
                  .filter(([, w]) => w > 0)
                  .map(([id]) => id)
                  .join(', ') || 'none'
              }`,
            };
      }),
    {
      what: `failover of ${router.name} to ${options.to}`,
      timeout: options.timeout ?? '15m',
      expectedDuration: options.expectedDuration ?? '2m',
      minInterval: '5s',
      maxInterval: '30s',
    },
    ctx,
  ).map((outcome) => {
    const confirmedAt = ctx.clock.now();
    ctx.logger.info('route53: failover confirmed', { router: router.name, to: options.to, polls: outcome.polls });
    return {
      router: router.name,
      to: options.to,
      routing: outcome.value,
      confirmedAt,
      waitedMs: confirmedAt - startedAt,
      polls: outcome.polls,
    };
  });
}
