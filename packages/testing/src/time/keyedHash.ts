/**
 * 32-bit FNV-1a with a murmur finaliser: fast, well mixed, and good enough for simulation.
 * Lazily computed history (plan runs, job outcomes, metric noise) draws from a hash of
 * (seed, event key) rather than from a shared stream, so it does not depend on how often the
 * state happened to be synced.
 *
 * @example
 * ```ts
 * hash32('backup:plan-1:2026-11-22') === hash32('backup:plan-1:2026-11-22'); // true
 * ```
 */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A uniform number in [0, 1) fixed by its key ({@link hash32} scaled).
 *
 * @example
 * ```ts
 * keyedUnit('us-east-1:latency:2026-11-22T03:00'); // same value on every call
 * ```
 */
export function keyedUnit(key: string): number {
  return hash32(key) / 4294967296;
}
