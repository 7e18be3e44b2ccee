/**
 * Marks real I/O (an HTTP request to Atlas, a MongoDB query) on the context clock when that clock
 * can be told about it: a time-skipping clock such as `@drkit/testing`'s `VirtualClock` exposes
 * `track(promise)` and does not jump ahead (firing timeouts) while the I/O is in flight. On the
 * system clock this is the promise itself.
 *
 * @example
 * ```ts
 * const cluster = await trackIo(ctx, fetchCluster());
 * ```
 */
export function trackIo<T>(ctx: { readonly clock: object }, work: Promise<T>): Promise<T> {
  const clock = ctx.clock as { track?: <U>(p: Promise<U>) => Promise<U> };
  return typeof clock.track === 'function' ? clock.track(work) : work;
}
