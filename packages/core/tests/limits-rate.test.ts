import { describe, expect, it } from 'vitest';
import { createRateLimiter, RateLimiterRegistry, type RateLimiter } from '../src/index';
import { TestClock, seededRandom } from './support/TestClock';

/** The most grants found in any closed window [t, t + windowMs] of sorted grant times. */
function busiestWindow(grants: readonly number[], windowMs: number): number {
  let most = 0;
  let j = 0;
  for (let i = 0; i < grants.length; i++) {
    while (j < grants.length && grants[j]! <= grants[i]! + windowMs) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

function limiter(options: { ratePerSecond: number; burst?: number; clock?: TestClock }): RateLimiter {
  return createRateLimiter(options)._unsafeUnwrap();
}

describe('createRateLimiter', () => {
  it('never exceeds rate × window + burst over 10,000 acquisitions by competing callers', async () => {
    // Prepare: 5 per second, burst 5; 8 callers with seeded random pauses, so the bucket both
    // drains (callers queue) and refills (quiet spells).
    const clock = new TestClock();
    const limit = limiter({ ratePerSecond: 5, burst: 5, clock });
    const random = seededRandom(2026);
    const grants: number[] = [];
    const caller = async (count: number) => {
      for (let i = 0; i < count; i++) {
        if (random() < 0.05) await clock.sleep(Math.floor(random() * 20_000));
        (await limit.acquire({ clock }))._unsafeUnwrap();
        grants.push(clock.elapsed());
      }
    };

    // Act
    await Promise.all(Array.from({ length: 8 }, () => caller(1_250)));

    // Assess
    expect(grants).toHaveLength(10_000);
    for (const windowMs of [0, 200, 1_000, 10_000, 60_000, 600_000]) {
      expect(busiestWindow(grants, windowMs)).toBeLessThanOrEqual(5 + (5 * windowMs) / 1000);
    }
    // …and it does not starve callers: a busy minute really gets close to the full rate.
    expect(busiestWindow(grants, 60_000)).toBeGreaterThanOrEqual(300);
  });

  it('serves a saturated stream at exactly the rate after the burst', async () => {
    const clock = new TestClock();
    const limit = limiter({ ratePerSecond: 5, burst: 5, clock });
    const grants: number[] = [];
    await Promise.all(
      Array.from({ length: 1_000 }, () => limit.acquire({ clock }).map(() => void grants.push(clock.elapsed()))),
    );
    expect(grants.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(grants.at(-1)).toBe(995 * 200);
  });

  it('serves waiters first come, first served', async () => {
    const clock = new TestClock();
    const limit = limiter({ ratePerSecond: 1, burst: 3, clock });
    const order: string[] = [];
    const take = (name: string, tokens: number) => limit.acquire({ clock }, tokens).map(() => void order.push(name));
    await Promise.all([take('a', 3), take('b', 2), take('c', 1), take('d', 3)]);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(clock.elapsed()).toBe(6_000);
  });

  it('tryAcquire takes the burst at once, then only what has refilled, and never jumps the queue', async () => {
    // Prepare
    const clock = new TestClock({ autoAdvance: false });
    const limit = limiter({ ratePerSecond: 2, burst: 4, clock });

    // Act / Assess
    expect([1, 2, 3, 4, 5].map(() => limit.tryAcquire())).toEqual([true, true, true, true, false]);
    await clock.advance(500);
    expect(limit.tryAcquire()).toBe(true);
    expect(limit.tryAcquire()).toBe(false);
    const waiting = limit.acquire({ clock });
    await clock.advance(500); // one token refilled, but it belongs to the waiter
    expect(limit.tryAcquire()).toBe(false);
    expect((await waiting).isOk()).toBe(true);
  });

  it('lets a waiter leave with Aborted, passing its turn to the next one', async () => {
    // Prepare
    const clock = new TestClock();
    const limit = limiter({ ratePerSecond: 1, burst: 1, clock });
    limit.tryAcquire();
    const controller = new AbortController();
    clock.at(clock.now() + 100, () => controller.abort(new Error('shutting down')));

    // Act
    const [gaveUp, served] = await Promise.all([
      limit.acquire({ clock, signal: controller.signal }),
      limit.acquire({ clock }).map(() => clock.elapsed()),
    ]);

    // Assess
    expect(gaveUp._unsafeUnwrapErr().kind).toBe('Aborted');
    expect(served._unsafeUnwrap()).toBe(1_000);
  });

  it('follows the clock of the acquiring context when none is pinned', async () => {
    const clock = new TestClock();
    const limit = limiter({ ratePerSecond: 10, burst: 1 });
    for (let i = 0; i < 11; i++) (await limit.acquire({ clock }))._unsafeUnwrap();
    expect(clock.elapsed()).toBe(1_000);
  });

  it('rejects a request for more tokens than the burst, which could never be served', async () => {
    const limit = limiter({ ratePerSecond: 5, burst: 5, clock: new TestClock() });
    const result = await limit.acquire({}, 6);
    expect(result._unsafeUnwrapErr().kind).toBe('InvalidInput');
    expect(limit.tryAcquire(6)).toBe(false);
  });

  it('reports every bad option at once', () => {
    const result = createRateLimiter({ ratePerSecond: 0, burst: 0.5, clock: {} as TestClock });
    const error = result._unsafeUnwrapErr();
    expect(error.problems.map((p) => p.path)).toEqual(['ratePerSecond', 'burst', 'clock']);
  });
});

describe('RateLimiterRegistry', () => {
  it('hands out one limiter per service, region and account', () => {
    const registry = new RateLimiterRegistry();
    const backupEu = registry.for({ service: 'backup', region: 'eu-west-1', account: '111122223333' });
    expect(registry.for({ service: 'backup', region: 'eu-west-1', account: '111122223333' })).toBe(backupEu);
    expect(registry.for({ service: 'backup', region: 'eu-central-1', account: '111122223333' })).not.toBe(backupEu);
    expect(registry.for({ service: 'backup', region: 'eu-west-1', account: '444455556666' })).not.toBe(backupEu);
    expect(registry.for({ service: 'route53', region: 'eu-west-1', account: '111122223333' })).not.toBe(backupEu);
    expect(registry.size).toBe(4);
  });

  it('shares one budget between call sites of the same API', () => {
    const clock = new TestClock();
    const registry = new RateLimiterRegistry({ clock, services: { route53: { ratePerSecond: 5, burst: 2 } } });
    const key = { service: 'route53', account: '111122223333' };
    expect(registry.for(key).tryAcquire()).toBe(true);
    expect(registry.for(key).tryAcquire()).toBe(true);
    expect(registry.for(key).tryAcquire()).toBe(false);
    expect(registry.for({ ...key, account: '444455556666' }).tryAcquire()).toBe(true);
  });

  it('applies per-call settings, then service settings, then defaults, on first use of a key', () => {
    const registry = new RateLimiterRegistry({
      ratePerSecond: 1,
      burst: 1,
      clock: new TestClock(),
      services: { backup: { ratePerSecond: 3, burst: 3 } },
    });
    const burstOf = (l: RateLimiter) => {
      let n = 0;
      while (l.tryAcquire()) n++;
      return n;
    };
    expect(burstOf(registry.for({ service: 'ssm' }, { ratePerSecond: 7, burst: 7 }))).toBe(7);
    expect(burstOf(registry.for({ service: 'backup' }))).toBe(3);
    expect(burstOf(registry.for({ service: 'elasticache' }))).toBe(1);
  });

  it('surfaces invalid settings at the call instead of throwing', async () => {
    const registry = new RateLimiterRegistry({ clock: new TestClock() });
    const broken = registry.for({ service: 'atlas' }, { ratePerSecond: -1 });
    const result = await broken.acquire();
    expect(result._unsafeUnwrapErr().kind).toBe('InvalidInput');
    expect(result._unsafeUnwrapErr().message).toContain('atlas');
    expect(broken.tryAcquire()).toBe(false);
  });
});
