import { ResultAsync, err, type Result } from 'neverthrow';
import { toDrError, type DrError, type InvalidInputError } from '../errors/DrError';
import { Problems } from '../errors/problems';
import type { DrContextInput } from '../context/DrContext';
import { abortedError } from '../time/Clock';

/**
 * Runs at most `max` operations at once; the rest wait their turn, first come, first served.
 */
export interface ConcurrencyLimiter {
  /**
   * Runs `fn` as soon as fewer than `max` operations are running and everyone queued before it
   * has started. A queued call whose `ctx.signal` fires leaves the queue with `Aborted`
   * (a running one is up to `fn`). A throwing `fn` still frees its slot.
   */
  run<T>(fn: () => ResultAsync<T, DrError>, ctx?: DrContextInput): ResultAsync<T, DrError>;
  /** Operations running now. */
  readonly active: number;
  /** Operations waiting for a slot. */
  readonly queued: number;
  /** The most operations run at once. */
  readonly max: number;
}

interface Queued {
  start: () => void;
}

class Slots implements ConcurrencyLimiter {
  readonly max: number;
  #active = 0;
  readonly #queue: Queued[] = [];

  constructor(max: number) {
    this.max = max;
  }

  get active(): number {
    return this.#active;
  }

  get queued(): number {
    return this.#queue.length;
  }

  run<T>(fn: () => ResultAsync<T, DrError>, ctx: DrContextInput = {}): ResultAsync<T, DrError> {
    const signal = ctx.signal;
    if (typeof fn !== 'function') {
      return new ResultAsync(
        Promise.resolve(new Problems().add('fn', 'must be a function').result(undefined as never)),
      );
    }
    if (signal?.aborted) return new ResultAsync(Promise.resolve(err(abortedError(signal))));
    if (this.#active < this.max && this.#queue.length === 0) {
      this.#active++;
      return new ResultAsync(this.#runInSlot(fn));
    }
    // Wait for a slot (or an abort), then run: a queued entry resolves with the abort error, if any.
    // The slot is taken synchronously in start(), so #next never hands out more than max.
    const turn = new Promise<DrError | undefined>((resolve) => {
      const entry: Queued = {
        start: () => {
          this.#active++;
          signal?.removeEventListener('abort', onAbort);
          resolve(undefined);
        },
      };
      const onAbort = () => {
        const i = this.#queue.indexOf(entry);
        if (i < 0) return;
        this.#queue.splice(i, 1);
        resolve(abortedError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(entry);
    });
    return new ResultAsync(turn.then((aborted) => (aborted ? err(aborted) : this.#runInSlot(fn))));
  }

  /** Runs `fn` in a slot already counted in `#active`, and frees it afterwards. */
  async #runInSlot<T>(fn: () => ResultAsync<T, DrError>): Promise<Result<T, DrError>> {
    try {
      return await fn();
    } catch (thrown) {
      return err(toDrError(thrown, { provider: 'concurrencyLimiter', operation: 'run' }));
    } finally {
      this.#active--;
      this.#next();
    }
  }

  #next(): void {
    while (this.#active < this.max && this.#queue.length > 0) this.#queue.shift()!.start();
  }
}

/**
 * Makes a {@link ConcurrencyLimiter}. `InvalidInput` unless `max` is a whole number of at least 1.
 *
 * @example
 * ```ts
 * const restores = createConcurrencyLimiter(3)._unsafeUnwrap(); // AWS Backup: a few restores at a time
 * const results = await Promise.all(points.map((p) => restores.run(() => restorePoint(source, { point: p }, ctx))));
 * ```
 */
export function createConcurrencyLimiter(max: number): Result<ConcurrencyLimiter, InvalidInputError> {
  const problems = new Problems();
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) {
    problems.add('max', `must be a whole number of at least 1, got ${String(max)}`);
  }
  return problems.result(undefined).map(() => new Slots(max) as ConcurrencyLimiter);
}
