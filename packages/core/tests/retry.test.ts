import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { drError, retry, retryPolicy, silentLogger, type DrError } from '../src/index';
import { TestClock, seededRandom } from './support/TestClock';

/** An operation that fails with the given errors in turn, then succeeds with `value`. */
function flaky<T>(failures: DrError[], value: T) {
  const calls: number[] = [];
  const operation = (attempt: number): ResultAsync<T, DrError> => {
    calls.push(attempt);
    const failure = failures[attempt - 1];
    return failure ? errAsync(failure) : okAsync(value);
  };
  return { operation, calls };
}

const throttled = (retryAfterMs?: number) =>
  drError('Throttled', 'Rate exceeded', retryAfterMs === undefined ? {} : { retryAfterMs });
const unavailable = () => drError('Unavailable', 'Service Unavailable');

describe('retry', () => {
  it('retries retryable errors until the operation succeeds', async () => {
    // Prepare
    const clock = new TestClock();
    const op = flaky([throttled(), unavailable()], 'restore-job-1234');

    // Act
    const result = await retry(op.operation, {}, { clock, logger: silentLogger });

    // Assess
    expect(result._unsafeUnwrap()).toBe('restore-job-1234');
    expect(op.calls).toEqual([1, 2, 3]);
  });

  it('returns an error that is not retryable at once', async () => {
    const clock = new TestClock();
    const denied = drError('AccessDenied', 'not authorized');
    const op = flaky([denied], 'never');
    const result = await retry(op.operation, {}, { clock, logger: silentLogger });
    expect(result._unsafeUnwrapErr()).toBe(denied);
    expect(op.calls).toEqual([1]);
    expect(clock.elapsed()).toBe(0);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const clock = new TestClock();
    const errors = Array.from({ length: 10 }, (_, i) => drError('Unavailable', `outage ${i + 1}`));
    const op = flaky(errors, 'never');
    const result = await retry(op.operation, { maxAttempts: 4 }, { clock, logger: silentLogger });
    expect(result._unsafeUnwrapErr().message).toBe('outage 4');
    expect(op.calls).toEqual([1, 2, 3, 4]);
  });

  it('keeps every backoff delay within [0, min(maxDelay, baseDelay × 2^(n-1))] (full jitter)', async () => {
    // Prepare: many runs with seeded randomness, recording the delays.
    const seen: { attempt: number; delayMs: number }[] = [];
    for (let seed = 1; seed <= 50; seed++) {
      const clock = new TestClock();
      const op = flaky(Array.from({ length: 20 }, unavailable), 'never');

      // Act
      await retry(
        op.operation,
        {
          maxAttempts: 10,
          baseDelay: '100ms',
          maxDelay: '5s',
          onRetry: (_e, attempt, delayMs) => seen.push({ attempt, delayMs }),
        },
        { clock, random: seededRandom(seed), logger: silentLogger },
      );
      expect(clock.sleeps).toEqual(seen.slice(-9).map((s) => s.delayMs));
    }

    // Assess
    expect(seen).toHaveLength(50 * 9);
    for (const { attempt, delayMs } of seen) {
      const cap = Math.min(5_000, 100 * 2 ** (attempt - 1));
      expect(delayMs).toBeGreaterThanOrEqual(0);
      expect(delayMs).toBeLessThanOrEqual(cap);
    }
    // Jitter really spreads: late retries use much of the [0, 5 s] range, not one value.
    const late = seen.filter((s) => s.attempt >= 7).map((s) => s.delayMs);
    expect(Math.min(...late)).toBeLessThan(1_000);
    expect(Math.max(...late)).toBeGreaterThan(4_000);
  });

  it('reaches exactly the cap with the largest random draw and 0 with the smallest', async () => {
    const delays = async (random: () => number) => {
      const clock = new TestClock();
      await retry(
        flaky(Array.from({ length: 5 }, unavailable), 'x').operation,
        { baseDelay: '200ms', maxDelay: '1s' },
        {
          clock,
          random,
          logger: silentLogger,
        },
      );
      return clock.sleeps;
    };
    expect(await delays(() => 0.9999999)).toEqual([200, 400, 800, 1_000]);
    expect(await delays(() => 0)).toEqual([0, 0, 0, 0]);
  });

  it('waits at least the Retry-After a throttled provider asked for', async () => {
    const clock = new TestClock();
    const op = flaky([throttled(12_000), drError('Unavailable', '503', { retryAfterMs: 3_000 })], 'done');
    const result = await retry(
      op.operation,
      { baseDelay: '200ms' },
      { clock, random: () => 0.5, logger: silentLogger },
    );
    expect(result._unsafeUnwrap()).toBe('done');
    expect(clock.sleeps).toEqual([12_000, 3_000]);
  });

  it('starts no attempt after maxElapsed', async () => {
    // Prepare: 1 s between attempts (random draws the top of a 1 s cap), 5.5 s allowed.
    const clock = new TestClock();
    const startedAt: number[] = [];
    const operation = () => {
      startedAt.push(clock.elapsed());
      return errAsync(unavailable());
    };

    // Act
    const result = await retry(
      operation,
      { maxAttempts: 100, maxElapsed: '5500ms', baseDelay: '1s', maxDelay: '1s' },
      { clock, random: () => 0.9999999, logger: silentLogger },
    );

    // Assess
    expect(result._unsafeUnwrapErr().kind).toBe('Unavailable');
    expect(startedAt).toEqual([0, 1_000, 2_000, 3_000, 4_000, 5_000]);
    expect(clock.elapsed()).toBe(5_000);
  });

  it('stops at once when a Retry-After would outlast maxElapsed', async () => {
    const clock = new TestClock();
    const op = flaky([throttled(60_000)], 'never');
    const result = await retry(op.operation, { maxElapsed: '30s' }, { clock, logger: silentLogger });
    expect(result._unsafeUnwrapErr().kind).toBe('Throttled');
    expect(op.calls).toEqual([1]);
    expect(clock.elapsed()).toBe(0);
  });

  it('ends the backoff with Aborted when the signal fires, making no further attempt', async () => {
    // Prepare
    const clock = new TestClock();
    const controller = new AbortController();
    clock.at(clock.now() + 500, () => controller.abort(new Error('drill cancelled')));
    const op = flaky([throttled(10_000), throttled(10_000)], 'never');

    // Act
    const result = await retry(op.operation, {}, { clock, signal: controller.signal, logger: silentLogger });

    // Assess
    const error = result._unsafeUnwrapErr();
    expect(error.kind).toBe('Aborted');
    expect(error.message).toContain('drill cancelled');
    expect(op.calls).toEqual([1]);
    expect(clock.elapsed()).toBe(500);
  });

  it('retries what retryIf accepts, and never an Aborted', async () => {
    const clock = new TestClock();
    const conflict = drError('Conflict', 'change pending');
    const op = flaky([conflict, conflict], 'applied');
    const ok = await retry(op.operation, { retryIf: (e) => e.kind === 'Conflict' }, { clock, logger: silentLogger });
    expect(ok._unsafeUnwrap()).toBe('applied');

    const aborted = flaky([drError('Aborted', 'stopped')], 'never');
    const stopped = await retry(aborted.operation, { retryIf: () => true }, { clock, logger: silentLogger });
    expect(stopped._unsafeUnwrapErr().kind).toBe('Aborted');
    expect(aborted.calls).toEqual([1]);
  });

  it('turns an operation that throws into a ProviderError instead of a rejection', async () => {
    const result = await retry(
      () => {
        throw new Error('boom');
      },
      {},
      { clock: new TestClock(), logger: silentLogger },
    );
    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: 'ProviderError', retryable: false });
  });

  it('reports every bad option at once, before the first attempt', async () => {
    const op = flaky([], 'x');
    const result = await retry(op.operation, {
      maxAttempts: 0,
      baseDelay: '1m',
      maxDelay: '1s',
      maxElapsed: 'forever',
    });
    const error = result._unsafeUnwrapErr();
    expect(error.kind === 'InvalidInput' && error.problems.map((p) => p.path)).toEqual([
      'maxAttempts',
      'maxElapsed',
      'maxDelay',
    ]);
    expect(op.calls).toEqual([]);
  });
});

describe('retryPolicy', () => {
  it('runs many operations under one set of options', async () => {
    const clock = new TestClock();
    const policy = retryPolicy({ maxAttempts: 3, baseDelay: '1s' });
    const first = await policy.execute(flaky([throttled()], 'a').operation, { clock, logger: silentLogger });
    const second = await policy.execute(flaky([throttled(), throttled(), throttled()], 'b').operation, {
      clock,
      logger: silentLogger,
    });
    expect(first._unsafeUnwrap()).toBe('a');
    expect(second._unsafeUnwrapErr().kind).toBe('Throttled');
    expect(policy.options).toEqual({ maxAttempts: 3, baseDelay: '1s' });
  });

  it('refuses to run anything with invalid options', async () => {
    const op = flaky([], 'x');
    const result = await retryPolicy({ maxAttempts: -1 }).execute(op.operation);
    expect(result._unsafeUnwrapErr().kind).toBe('InvalidInput');
    expect(op.calls).toEqual([]);
  });
});
