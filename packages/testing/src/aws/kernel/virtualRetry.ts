import { MAXIMUM_RETRY_DELAY } from '@smithy/util-retry';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryToken } from '@smithy/types';
import type { VirtualClock } from '../../time/VirtualClock';
import type { SeededRandom } from '../../time/SeededRandom';

interface BackoffStrategy {
  computeNextBackoffDelay(retryAttempt: number): number;
  setDelayBase?(delay: number): void;
  /** `DefaultRetryBackoffStrategy`'s current delay base. */
  x?: number;
}

interface StrategyWithBackoff {
  retryBackoffStrategy?: BackoffStrategy;
  standardRetryStrategy?: StrategyWithBackoff;
}

const VIRTUALIZED = Symbol.for('drkit.testing.virtualRetry');

/** A client config whose `retryStrategy` provider can be replaced. */
interface RetryConfig {
  retryStrategy?: () => unknown;
}

/**
 * Makes an SDK client's retry back-off consume virtual time instead of wall time. The SDK's own
 * strategy still decides whether to retry (error classification, max attempts, retry quota) and
 * computes the delay with its own formula (full jitter on `base · 2^attempt`, capped at 20 s;
 * the jitter is drawn from the simulation's seeded generator so runs are reproducible); the delay
 * is then slept with `clock.sleep`, and the SDK's retry middleware sees a zero delay.
 * Idempotent. Legacy (v1) retry strategies are left as they are.
 *
 * @example
 * ```ts
 * virtualizeRetries(client.config, cloud.clock, cloud.rng);
 * ```
 */
export function virtualizeRetries(config: RetryConfig, clock: VirtualClock, rng: SeededRandom): void {
  const original = config.retryStrategy;
  if (typeof original !== 'function' || (original as unknown as Record<symbol, unknown>)[VIRTUALIZED]) return;
  let wrapped: Promise<unknown> | undefined;
  const provider = () => (wrapped ??= Promise.resolve(original.call(config)).then((s) => wrap(s, clock, rng)));
  (provider as unknown as Record<symbol, unknown>)[VIRTUALIZED] = true;
  config.retryStrategy = provider;
}

function isV2(s: unknown): s is RetryStrategyV2 {
  const r = s as Partial<RetryStrategyV2> | null;
  return (
    !!r &&
    typeof r.acquireInitialRetryToken === 'function' &&
    typeof r.refreshRetryTokenForRetry === 'function' &&
    typeof r.recordSuccess === 'function'
  );
}

function wrap(strategy: unknown, clock: VirtualClock, rng: SeededRandom): unknown {
  if (!isV2(strategy)) return strategy;
  // Delays computed by the SDK's back-off, in the order the strategy asked for them.
  const pending: number[] = [];
  const holder = strategy as unknown as StrategyWithBackoff;
  const target = holder.retryBackoffStrategy ? holder : holder.standardRetryStrategy;
  const backoff = target?.retryBackoffStrategy;
  if (target && backoff) {
    target.retryBackoffStrategy = {
      setDelayBase: (d: number) => backoff.setDelayBase?.(d),
      computeNextBackoffDelay: (i: number) => {
        const d =
          typeof backoff.x === 'number'
            ? Math.floor(rng.next() * Math.min(backoff.x * 2 ** i, MAXIMUM_RETRY_DELAY))
            : backoff.computeNextBackoffDelay(i);
        pending.push(d);
        return 0;
      },
    };
  }
  const virtual: RetryStrategyV2 & { mode?: string } = {
    mode: (strategy as { mode?: string }).mode,
    acquireInitialRetryToken: (scope) => strategy.acquireInitialRetryToken(scope),
    recordSuccess: (token) => strategy.recordSuccess(token),
    refreshRetryTokenForRetry: async (token: RetryToken, info: RetryErrorInfo) => {
      // The strategy waits a (now zero) real timeout; keep virtual time still meanwhile.
      const release = clock.hold();
      let next: RetryToken;
      try {
        next = await strategy.refreshRetryTokenForRetry(token, info);
      } finally {
        release();
      }
      let delay = pending.shift() ?? 0;
      const own = next.getRetryDelay();
      if (own > 0) {
        // A strategy that hands the delay to the middleware instead of waiting itself.
        delay += own;
        next = Object.assign(Object.create(next) as RetryToken, { getRetryDelay: () => 0 });
      }
      if (delay > 0) await clock.sleep(delay);
      const log = (next as StandardRetryToken & { $retryLog?: { acquisitionDelay: number } }).$retryLog;
      if (log) log.acquisitionDelay = delay;
      return next;
    },
  };
  return virtual;
}
