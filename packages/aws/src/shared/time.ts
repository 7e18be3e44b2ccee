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

/**
 * Marks real I/O (a socket to Redis, an HTTP request) on the context clock when that clock can be
 * told about it: a time-skipping clock such as `@drkit/testing`'s `VirtualClock` exposes
 * `track(promise)` and does not jump ahead (firing check timeouts) while the I/O is in flight.
 * On the system clock this is the promise itself.
 *
 * @example
 * ```ts
 * const pong = await trackIo(ctx, redis.ping());
 * ```
 */
export function trackIo<T>(ctx: { readonly clock: object }, work: Promise<T>): Promise<T> {
  const clock = ctx.clock as { track?: <U>(p: Promise<U>) => Promise<U> };
  return typeof clock.track === 'function' ? clock.track(work) : work;
}
