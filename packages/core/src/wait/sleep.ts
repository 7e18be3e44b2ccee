import { ResultAsync, err, ok, type Result } from 'neverthrow';
import { isDrError, toDrError, type DrError } from '../errors/DrError';
import { abortedError, systemClock, type Clock } from '../time/Clock';
import { parseDuration, type Duration } from '../time/duration';
import type { DrContextInput } from '../context/DrContext';

/**
 * Sleeps on the context clock, cancellable by the context signal: `ok` after the duration,
 * `Aborted` if the signal fires first (or already has), `InvalidInput` for a bad duration.
 *
 * @example
 * ```ts
 * // Bake between two traffic steps; a VirtualClock makes this instant in tests.
 * const baked = await sleep('5m', ctx);
 * if (baked.isErr()) return err(baked.error); // Aborted
 * ```
 */
export function sleep(duration: Duration, ctx: DrContextInput = {}): ResultAsync<void, DrError> {
  const ms = parseDuration(duration, 'duration');
  if (ms.isErr()) return new ResultAsync(Promise.resolve(err(ms.error)));
  return new ResultAsync(sleepOnClock(ctx.clock ?? systemClock, ms.value, ctx.signal));
}

/**
 * Sleeps `ms` on `clock` and never rejects: resolves `err(Aborted)` when the signal fires.
 * Internal building block of waitFor, retry and the limiters.
 */
export async function sleepOnClock(clock: Clock, ms: number, signal?: AbortSignal): Promise<Result<void, DrError>> {
  if (signal?.aborted) return err(abortedError(signal));
  try {
    await clock.sleep(Math.max(0, ms), signal);
    return ok(undefined);
  } catch (thrown) {
    if (isDrError(thrown)) return err(thrown);
    return err(signal?.aborted ? abortedError(signal) : toDrError(thrown, { provider: 'clock', operation: 'sleep' }));
  }
}
