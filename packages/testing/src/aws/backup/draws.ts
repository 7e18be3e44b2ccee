import { hash32 } from '../../time/keyedHash';
/**
 * Keyed, order-independent randomness. Lazily computed history (plan runs, job outcomes,
 * sizes) must not depend on how often the state happened to be synced, so each event draws
 * from a hash of (simulation seed, event key) instead of from a shared stream.
 */

/**
 * A small generator (mulberry32) seeded from a key, for the handful of draws one event needs.
 *
 * @example
 * ```ts
 * const d = new KeyedDraws('seed', 'rule-1:2026-01-01T05:00Z:arn:aws:ec2:...');
 * d.next(); // always the same for this seed and key
 * ```
 */
export class KeyedDraws {
  #state: number;

  constructor(seed: string, key: string) {
    this.#state = hash32(`${seed}|${key}`);
  }

  /** A uniform number in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) | 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** A uniform integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A value around `mean` with relative spread (uniform in mean·(1±spread)). */
  around(mean: number, spread: number): number {
    return mean * (1 - spread + 2 * spread * this.next());
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Lower-case hex of the given length. */
  hex(length: number): string {
    let s = '';
    while (s.length < length) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }

  /** An RFC 4122-shaped UUID. */
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[Math.floor(this.next() * 4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
