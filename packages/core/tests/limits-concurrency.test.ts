import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { createConcurrencyLimiter, drError, type DrError } from '../src/index';
import { TestClock, seededRandom } from './support/TestClock';

describe('createConcurrencyLimiter', () => {
  it('never runs more than max at once, and starts operations in the order they came', async () => {
    // Prepare: 200 operations of seeded random length through 3 slots.
    const clock = new TestClock();
    const slots = createConcurrencyLimiter(3)._unsafeUnwrap();
    const random = seededRandom(11);
    let running = 0;
    let mostRunning = 0;
    const started: number[] = [];
    const operation = (id: number) => () => {
      started.push(id);
      running++;
      mostRunning = Math.max(mostRunning, running, slots.active);
      const done = clock.sleep(Math.floor(random() * 60_000)).then(() => {
        running--;
        return id;
      });
      return ResultAsync.fromSafePromise<number, DrError>(done);
    };

    // Act
    const results = await Promise.all(Array.from({ length: 200 }, (_, id) => slots.run(operation(id))));

    // Assess
    expect(results.map((r) => r._unsafeUnwrap())).toEqual(Array.from({ length: 200 }, (_, id) => id));
    expect(mostRunning).toBe(3);
    expect(started).toEqual(Array.from({ length: 200 }, (_, id) => id));
    expect(slots.active).toBe(0);
    expect(slots.queued).toBe(0);
  });

  it('counts active and queued operations', () => {
    const slots = createConcurrencyLimiter(2)._unsafeUnwrap();
    const forever = () => ResultAsync.fromSafePromise<never, DrError>(new Promise<never>(() => {}));
    for (let i = 0; i < 5; i++) void slots.run(forever);
    expect({ active: slots.active, queued: slots.queued, max: slots.max }).toEqual({ active: 2, queued: 3, max: 2 });
  });

  it('frees the slot of an operation that fails or throws', async () => {
    const slots = createConcurrencyLimiter(1)._unsafeUnwrap();
    const failed = slots.run(() => errAsync(drError('Unavailable', '503')));
    const threw = slots.run(() => {
      throw new Error('boom');
    });
    const next = slots.run(() => okAsync('ran'));
    expect((await failed)._unsafeUnwrapErr().kind).toBe('Unavailable');
    expect((await threw)._unsafeUnwrapErr().kind).toBe('ProviderError');
    expect((await next)._unsafeUnwrap()).toBe('ran');
    expect(slots.active).toBe(0);
  });

  it('lets a queued call leave with Aborted without running it', async () => {
    // Prepare
    const clock = new TestClock();
    const slots = createConcurrencyLimiter(1)._unsafeUnwrap();
    const controller = new AbortController();
    let ran = false;
    const long = slots.run(() => ResultAsync.fromSafePromise<string, DrError>(clock.sleep(10_000).then(() => 'first')));

    // Act
    const cancelled = slots.run(
      () => {
        ran = true;
        return okAsync('never');
      },
      { signal: controller.signal },
    );
    controller.abort();

    // Assess
    expect((await cancelled)._unsafeUnwrapErr().kind).toBe('Aborted');
    expect(slots.queued).toBe(0);
    expect((await long)._unsafeUnwrap()).toBe('first');
    expect(ran).toBe(false);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects max = %s as InvalidInput', (max) => {
    expect(createConcurrencyLimiter(max)._unsafeUnwrapErr().problems[0]!.path).toBe('max');
  });
});
