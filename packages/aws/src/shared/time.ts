/**
 * An SDK timestamp (a `Date`, as SDK v3 deserialises them) as ms since the epoch, or undefined.
 *
 * @example
 * ```ts
 * toEpochMs(job.CompletionDate); // 1795316400000
 * ```
 */
export function toEpochMs(value: Date | string | number | undefined | null): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}
