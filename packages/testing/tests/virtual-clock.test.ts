import { describe, expect, it } from 'vitest';
import { SeededRandom, VirtualClock } from '../src/index';

describe('VirtualClock', () => {
  it('skips a 40-minute wait and a 60-second wait in milliseconds of wall time', async () => {
    const clock = new VirtualClock({ start: '2026-11-22T03:00:00Z' });
    const wallStart = performance.now();
    const t0 = clock.now();
    await clock.sleep(40 * 60_000);
    await clock.sleep(60_000);
    expect(clock.now() - t0).toBe(41 * 60_000);
    expect(performance.now() - wallStart).toBeLessThan(1_000);
  });

  it('fires concurrent sleeps in deadline order', async () => {
    const clock = new VirtualClock();
    const order: string[] = [];
    await Promise.all([
      clock.sleep(3_000).then(() => order.push(`c@${clock.now()}`)),
      clock.sleep(1_000).then(() => order.push(`a@${clock.now()}`)),
      clock.sleep(2_000).then(() => order.push(`b@${clock.now()}`)),
    ]);
    const t = clock.now() - 3_000;
    expect(order).toEqual([`a@${t + 1_000}`, `b@${t + 2_000}`, `c@${t + 3_000}`]);
  });

  it('does not skip time while work is held', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const release = clock.hold();
    let woke = false;
    void clock.sleep(5_000).then(() => (woke = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(woke).toBe(false);
    expect(clock.now()).toBe(t0);
    release();
    await new Promise((r) => setTimeout(r, 20));
    expect(woke).toBe(true);
  });

  it('rejects an aborted sleep with Aborted and forgets its timer', async () => {
    const clock = new VirtualClock({ autoAdvance: false });
    const controller = new AbortController();
    const sleeping = clock.sleep(10_000, controller.signal);
    expect(clock.pending).toBe(1);
    controller.abort('drill cancelled');
    await expect(sleeping).rejects.toMatchObject({ kind: 'Aborted' });
    expect(clock.pending).toBe(0);
  });

  it('advances manually when auto-advance is off', async () => {
    const clock = new VirtualClock({ autoAdvance: false });
    const t0 = clock.now();
    let fired = 0;
    clock.at(t0 + 100, () => fired++);
    clock.at(t0 + 300, () => fired++);
    await clock.advance(200);
    expect(fired).toBe(1);
    expect(clock.now()).toBe(t0 + 200);
    await clock.advance(100);
    expect(fired).toBe(2);
  });
});

describe('SeededRandom', () => {
  it('is reproducible from its seed and differs across seeds', () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    const c = new SeededRandom(8);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    for (const x of seqA) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});

describe('withVirtualTimers', () => {
  it('puts setTimeout and Date.now on virtual time for code that uses the globals, then restores them', async () => {
    const { withVirtualTimers } = await import('../src/index');
    const clock = new VirtualClock({ start: '2026-11-22T03:00:00Z' });
    const realSetTimeout = globalThis.setTimeout;
    const wall = performance.now();
    const observed = await withVirtualTimers(clock, async () => {
      const before = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 10 * 60_000));
      const cancelled = setTimeout(() => {
        throw new Error('cancelled timer fired');
      }, 1_000);
      clearTimeout(cancelled);
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      return Date.now() - before;
    });
    expect(observed).toBe(10 * 60_000 + 5_000);
    expect(globalThis.setTimeout).toBe(realSetTimeout);
    expect(Math.abs(Date.now() - Date.parse('2026-11-22T03:00:00Z'))).toBeGreaterThan(1_000);
    expect(performance.now() - wall).toBeLessThan(5_000);
  });
});
