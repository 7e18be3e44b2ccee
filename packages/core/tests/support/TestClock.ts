import { abortedError, type Clock } from '../../src/index';

/** Options for {@link TestClock}. */
export interface TestClockOptions {
  /** Start time, ms since the epoch. Default `2026-11-22T03:00:00Z`. */
  start?: number;
  /** Skip to the next timer whenever every pending task waits on the clock (default true). */
  autoAdvance?: boolean;
}

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

/**
 * A small virtual clock for core's own tests (core must not depend on `@drkit/testing`).
 *
 * Time only moves when a test calls {@link TestClock.advance} or, with `autoAdvance`, when the
 * program is idle: core's code is promise-only (no real I/O), so once a few `setImmediate` turns
 * pass with no new timer, everything left is waiting on the clock and time jumps to the next timer.
 * Every requested sleep is recorded in {@link TestClock.sleeps}.
 *
 * @example
 * ```ts
 * const clock = new TestClock();
 * await clock.sleep(30 * 60_000); // returns at once in wall time
 * clock.elapsed(); // 1_800_000
 * ```
 */
export class TestClock implements Clock {
  readonly startedAt: number;
  /** Every duration passed to `sleep`, in call order. */
  readonly sleeps: number[] = [];
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];
  #activity = 0;
  #scheduled = false;
  #auto: boolean;

  constructor(options: TestClockOptions = {}) {
    this.#now = options.start ?? Date.parse('2026-11-22T03:00:00Z');
    this.startedAt = this.#now;
    this.#auto = options.autoAdvance ?? true;
  }

  now(): number {
    return this.#now;
  }

  /** Milliseconds of virtual time since the clock was created. */
  elapsed(): number {
    return this.#now - this.startedAt;
  }

  /** Timers not yet fired. */
  get pending(): number {
    return this.#timers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortedError(signal));
        return;
      }
      const timer: Timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fire: () => {} };
      const onAbort = () => {
        this.#remove(timer);
        reject(abortedError(signal));
      };
      timer.fire = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#insert(timer);
    });
  }

  /** Runs `callback` when time reaches `at`. */
  at(at: number, callback: () => void): void {
    this.#insert({ at, seq: this.#seq++, fire: callback });
  }

  /** Moves time forward by `ms`, firing due timers in order and letting woken code run between them. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      await settle();
      const next = this.#timers[0];
      if (!next || next.at > target) break;
      this.#fireNext();
    }
    this.#now = Math.max(this.#now, target);
    await settle();
  }

  #insert(timer: Timer): void {
    let lo = 0;
    let hi = this.#timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const t = this.#timers[mid]!;
      if (t.at < timer.at || (t.at === timer.at && t.seq < timer.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.#timers.splice(lo, 0, timer);
    this.#activity++;
    this.#schedule();
  }

  #remove(timer: Timer): void {
    const i = this.#timers.indexOf(timer);
    if (i >= 0) this.#timers.splice(i, 1);
    this.#activity++;
  }

  #fireNext(): void {
    const timer = this.#timers.shift();
    if (!timer) return;
    this.#now = Math.max(this.#now, timer.at);
    this.#activity++;
    timer.fire();
  }

  #schedule(): void {
    if (!this.#auto || this.#scheduled) return;
    this.#scheduled = true;
    let seen = this.#activity;
    let idle = 0;
    const tick = () => {
      if (this.#timers.length === 0) {
        this.#scheduled = false;
        return;
      }
      if (this.#activity !== seen) {
        seen = this.#activity;
        idle = 0;
      } else if (++idle >= 3) {
        this.#fireNext();
        seen = this.#activity;
        idle = 0;
      }
      setImmediate(tick);
    };
    setImmediate(tick);
  }
}

/** Lets every queued microtask and a few macrotask turns run. */
export async function settle(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
}

/**
 * A seeded uniform generator in [0, 1) (mulberry32), for reproducible jitter in tests.
 *
 * @example
 * ```ts
 * const random = seededRandom(7);
 * random(); // same value for seed 7, every run
 * ```
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
