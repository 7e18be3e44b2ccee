import type { VirtualClock } from './VirtualClock';

interface VirtualTimeout {
  cancel: () => void;
  unref(): VirtualTimeout;
  ref(): VirtualTimeout;
  hasRef(): boolean;
  refresh(): VirtualTimeout;
  [Symbol.toPrimitive](): number;
}

let depth = 0;
let saved: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout; now: () => number } | undefined;

/**
 * Runs `fn` with the global `setTimeout`, `clearTimeout` and `Date.now` served by the virtual
 * clock, so code that sleeps with timers and reads `Date.now` — the AWS SDK's own waiters
 * (`waitUntilResourceRecordSetsChanged`, `waitUntilReplicationGroupAvailable`…), or a runbook
 * written without drkit — runs on virtual time. drkit's own code needs none of this: it reads
 * the context's clock.
 *
 * While patched, every timer is virtual, including timeouts set by real I/O libraries, so keep
 * real network I/O inside `fn` to loopback servers that hold the clock (the Atlas emulator
 * does). Calls may nest; the globals are restored when the outermost call finishes.
 *
 * @example
 * ```ts
 * const result = await withVirtualTimers(cloud.clock, () =>
 *   waitUntilResourceRecordSetsChanged({ client: route53, maxWaitTime: 600 }, { Id: changeId }),
 * );
 * ```
 */
export async function withVirtualTimers<T>(clock: VirtualClock, fn: () => Promise<T>): Promise<T> {
  if (depth++ === 0) {
    saved = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout, now: Date.now };
    let ids = 0;
    globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      const id = ++ids;
      const delay = Math.max(0, Number(ms) || 0);
      // A zero-delay timer moves no time: run it on the next turn, even while the clock is held
      // (the SDK's retry strategy awaits one while the simulation holds virtual time still).
      const cancel =
        delay === 0
          ? (() => {
              const immediate = setImmediate(() => callback(...args));
              return () => clearImmediate(immediate);
            })()
          : clock.at(clock.now() + delay, () => callback(...args));
      const handle: VirtualTimeout = {
        cancel,
        unref: () => handle,
        ref: () => handle,
        hasRef: () => true,
        refresh: () => handle,
        [Symbol.toPrimitive]: () => id,
      };
      return handle;
    }) as unknown as typeof setTimeout;
    globalThis.clearTimeout = (handle: unknown) => {
      if (handle && typeof (handle as VirtualTimeout).cancel === 'function') (handle as VirtualTimeout).cancel();
      else saved?.clearTimeout(handle as Parameters<typeof clearTimeout>[0]);
    };
    Date.now = () => clock.now();
  }
  try {
    return await fn();
  } finally {
    if (--depth === 0 && saved) {
      globalThis.setTimeout = saved.setTimeout;
      globalThis.clearTimeout = saved.clearTimeout;
      Date.now = saved.now;
      saved = undefined;
    }
  }
}
