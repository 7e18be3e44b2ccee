import { err, ok, type Result } from 'neverthrow';
import { invalidInput, type InvalidInputError } from '../errors/DrError';

/**
 * A length of time as a caller writes it: `'90s'`, `'15m'`, `'1h'`, `'7d'`, `'250ms'`,
 * an ISO-8601 duration such as `'PT15M'` or `'P1DT2H'`, or a number of milliseconds.
 */
export type Duration = string | number;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const SHORT = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;
const ISO =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Parses a {@link Duration} into milliseconds. Compound short forms (`'1h30m'`) are accepted;
 * negative, non-finite and unrecognised values are `InvalidInput`.
 *
 * @example
 * ```ts
 * parseDuration('15m'); // ok(900000)
 * parseDuration('PT1H'); // ok(3600000)
 * parseDuration('soon').isErr(); // true
 * ```
 */
export function parseDuration(input: Duration, path = 'duration'): Result<number, InvalidInputError> {
  const bad = (why: string) => err(invalidInput([{ path, message: why }]));
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0)
      return bad(`must be a non-negative finite number of milliseconds, got ${input}`);
    return ok(input);
  }
  if (typeof input !== 'string') return bad(`must be a duration string or milliseconds, got ${typeof input}`);
  const text = input.trim();
  if (text === '') return bad('must not be empty');
  const iso = ISO.exec(text);
  if (iso && text !== 'P' && !text.endsWith('T')) {
    const [, w, d, h, m, s] = iso;
    const ms =
      Number(w ?? 0) * UNIT_MS.w! +
      Number(d ?? 0) * UNIT_MS.d! +
      Number(h ?? 0) * UNIT_MS.h! +
      Number(m ?? 0) * UNIT_MS.m! +
      Number(s ?? 0) * UNIT_MS.s!;
    return ok(Math.round(ms));
  }
  // Compound short form: one or more number+unit parts, largest first or not.
  const parts = text.match(/\d+(?:\.\d+)?(?:ms|s|m|h|d|w)/g);
  if (parts && parts.join('') === text) {
    let total = 0;
    for (const part of parts) {
      const [, n, unit] = SHORT.exec(part)!;
      total += Number(n) * UNIT_MS[unit!]!;
    }
    return ok(Math.round(total));
  }
  return bad(`"${input}" is not a duration (use e.g. '90s', '15m', '1h', '7d', 'PT15M' or milliseconds)`);
}

/**
 * Renders milliseconds as a short human duration: `'1h 2m 3s'`, `'450ms'`.
 *
 * @example
 * ```ts
 * formatDuration(3_723_000); // '1h 2m 3s'
 * ```
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(Math.round(ms));
  if (rest < 1000) return `${sign}${rest}ms`;
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return sign + parts.join(' ');
}
