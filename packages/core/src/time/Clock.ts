import { drError, type AbortedError } from '../errors/DrError';

/**
 * The only source of time in drkit. Library code never calls `Date.now()` or `setTimeout`
 * directly: it asks the context's clock, so a simulated cloud can run a 40-minute restore in
 * milliseconds of wall time (see `VirtualClock` in `@drkit/testing`).
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds of this clock's time. Rejects with an `Aborted`
   * {@link DrError} if the signal fires first (and at once if it already has).
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The `Aborted` error a clock rejects with when a sleep is cancelled.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * controller.abort('operator cancelled');
 * abortedError(controller.signal).message; // 'aborted: operator cancelled'
 * ```
 */
export function abortedError(signal?: AbortSignal): AbortedError {
  const reason = signal?.reason as unknown;
  const detail = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'signal aborted';
  return drError('Aborted', `aborted: ${detail}`, { cause: reason });
}

/**
 * The wall clock: `Date.now()` and `setTimeout`.
 *
 * @example
 * ```ts
 * await systemClock.sleep(1000); // one real second
 * ```
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortedError(signal));
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortedError(signal));
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
