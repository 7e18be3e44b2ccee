import { performance } from 'node:perf_hooks';
import { abortedError, type Clock } from '@drkit/core';

/** Options for {@link VirtualClock}. */
export interface VirtualClockOptions {
  /** Virtual start time, ms since the epoch or an ISO string. Default `2026-11-22T03:00:00Z` (a Sunday, the plan's weekly restore-test slot). */
  start?: number | string;
  /**
   * Skip time automatically when everything waits on the clock (default true). With `false`,
   * time moves only through {@link VirtualClock.advance} / {@link VirtualClock.advanceTo}.
   */
  autoAdvance?: boolean;
  /**
   * How many event-loop turns must pass with no new timer, no fired timer and no hold before
   * time skips ahead. Real I/O on loopback (the Atlas emulator, a local redis-server) completes
   * within a few turns; raise this if your own real I/O is slower. Default 12.
   */
  idleTurns?: number;
  /** Minimum wall-clock quiet time (ms) before a skip, on top of `idleTurns`. Default 0. */
  quietMs?: number;
}

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

/**
 * A {@link Clock} whose time is virtual. When all pending work waits on the clock (no timer
 * was added or fired and nothing is held for a number of event-loop turns), time jumps to the
 * next deadline. A 40-minute restore followed by a 60-second DNS propagation completes in
 * milliseconds of wall time, and `now()` reports 40 min + 60 s later.
 *
 * Real I/O that must finish before time moves on (an HTTP request to the Atlas emulator, for
 * instance) can be protected with {@link VirtualClock.track} or {@link VirtualClock.hold}.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock({ start: '2026-11-22T03:00:00Z' });
 * const t0 = clock.now();
 * await clock.sleep(40 * 60_000); // returns at once in wall time
 * clock.now() - t0; // 2_400_000
 * ```
 */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];
  #holds = 0;
  #activity = 0;
  #scheduled = false;
  #auto: boolean;
  readonly #idleTurns: number;
  readonly #quietMs: number;

  constructor(options: VirtualClockOptions = {}) {
    const start = options.start ?? '2026-11-22T03:00:00Z';
    this.#now = typeof start === 'number' ? start : Date.parse(start);
    if (!Number.isFinite(this.#now)) throw new RangeError(`invalid start time: ${String(start)}`);
    this.#auto = options.autoAdvance ?? true;
    this.#idleTurns = options.idleTurns ?? 12;
    this.#quietMs = options.quietMs ?? 0;
  }

  /** Current virtual time in ms since the epoch. */
  now(): number {
    return this.#now;
  }

  /** Current virtual time as a `Date`. */
  date(): Date {
    return new Date(this.#now);
  }

  /** Number of sleeps and scheduled callbacks not yet fired. */
  get pending(): number {
    return this.#timers.length;
  }

  /** Resolves after `ms` of virtual time; rejects with `Aborted` if the signal fires first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
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

  /**
   * Runs `callback` when virtual time reaches `at` (at once on the next skip if it already has).
   * Returns a function that cancels it.
   */
  at(at: number, callback: () => void): () => void {
    const timer: Timer = { at, seq: this.#seq++, fire: callback };
    this.#insert(timer);
    return () => this.#remove(timer);
  }

  /**
   * Keeps time from skipping until the returned release function is called. Use around real
   * I/O whose duration should not count as idle.
   */
  hold(): () => void {
    this.#holds++;
    this.#activity++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds--;
      this.#activity++;
      this.#schedule();
    };
  }

  /** Holds the clock while `promise` is pending; returns the same promise. */
  track<T>(promise: Promise<T>): Promise<T> {
    const release = this.hold();
    return promise.finally(release);
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in order. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.#now + ms);
  }

  /** Moves time forward to `target`, firing every timer due on the way, in order. */
  async advanceTo(target: number): Promise<void> {
    for (;;) {
      const next = this.#timers[0];
      if (!next || next.at > target) break;
      this.#fireNext();
      // Let the woken code run (and perhaps add earlier timers) before the next one fires.
      await new Promise<void>((r) => setImmediate(r));
    }
    if (target > this.#now) this.#now = target;
  }

  /** Turns automatic time skipping on or off. */
  setAutoAdvance(on: boolean): void {
    this.#auto = on;
    if (on) this.#schedule();
  }

  #insert(timer: Timer): void {
    // Keep timers sorted by (at, seq): binary search for the insertion point.
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
    if (timer.at > this.#now) this.#now = timer.at;
    this.#activity++;
    timer.fire();
  }

  #schedule(): void {
    if (!this.#auto || this.#scheduled || this.#timers.length === 0) return;
    this.#scheduled = true;
    let seen = this.#activity;
    let turns = 0;
    let quietSince = performance.now();
    const tick = () => {
      if (!this.#auto || this.#timers.length === 0) {
        this.#scheduled = false;
        return;
      }
      if (this.#holds > 0 || this.#activity !== seen) {
        seen = this.#activity;
        turns = 0;
        quietSince = performance.now();
        setImmediate(tick);
        return;
      }
      turns++;
      if (turns < this.#idleTurns || performance.now() - quietSince < this.#quietMs) {
        setImmediate(tick);
        return;
      }
      // Idle: fire every timer due at the earliest deadline, then watch again.
      const at = this.#timers[0]!.at;
      while (this.#timers.length > 0 && this.#timers[0]!.at === at) this.#fireNext();
      seen = this.#activity;
      turns = 0;
      quietSince = performance.now();
      setImmediate(tick);
    };
    setImmediate(tick);
  }
}
