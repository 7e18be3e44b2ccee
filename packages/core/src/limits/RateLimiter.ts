import { ResultAsync, err, ok, type Result } from 'neverthrow';
import { drError, invalidInput, type DrError, type InvalidInputError } from '../errors/DrError';
import { Problems } from '../errors/problems';
import type { DrContextInput } from '../context/DrContext';
import { abortedError, systemClock, type Clock } from '../time/Clock';
import { sleepOnClock } from '../wait/sleep';

/**
 * A token bucket: calls take tokens, tokens come back at a steady rate up to a burst. Over any
 * window of `w` seconds at most `ratePerSecond × w + burst` tokens are handed out.
 */
export interface RateLimiter {
  /**
   * Waits on the clock until `tokens` (default 1) are available, then takes them. Waiters are
   * served first come, first served. `Aborted` if `ctx.signal` fires while waiting;
   * `InvalidInput` if `tokens` is not a positive number no larger than the burst.
   */
  acquire(ctx?: DrContextInput, tokens?: number): ResultAsync<void, DrError>;
  /** Takes `tokens` (default 1) if available now and nobody is waiting; never waits. */
  tryAcquire(tokens?: number): boolean;
}

/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Steady rate at which tokens come back. */
  ratePerSecond: number;
  /** Bucket size: how many calls may go at once after a quiet spell. Default `ceil(ratePerSecond)` (at least 1). */
  burst?: number;
  /**
   * The clock the bucket runs on. Without one, the limiter follows the clock of the context
   * passed to `acquire` (so a VirtualClock in tests drives it), else the system clock.
   */
  clock?: Clock;
}

interface Waiter {
  tokens: number;
  clock: Clock;
  resolve: (aborted?: DrError) => void;
}

/** Float slack so that waiting exactly the computed time always yields the token. */
const EPSILON = 1e-9;

class TokenBucket implements RateLimiter {
  readonly #rate: number;
  readonly #burst: number;
  readonly #pinned: Clock | undefined;
  #clock: Clock;
  #tokens: number;
  #refilledAt: number;
  readonly #queue: Waiter[] = [];
  #pumping = false;
  #wake: AbortController | undefined;

  constructor(rate: number, burst: number, clock: Clock | undefined) {
    this.#rate = rate;
    this.#burst = burst;
    this.#pinned = clock;
    this.#clock = clock ?? systemClock;
    this.#tokens = burst;
    this.#refilledAt = this.#clock.now();
  }

  acquire(ctx: DrContextInput = {}, tokens = 1): ResultAsync<void, DrError> {
    const invalid = this.#checkTokens(tokens);
    if (invalid) return new ResultAsync(Promise.resolve(err(invalid)));
    const signal = ctx.signal;
    if (signal?.aborted) return new ResultAsync(Promise.resolve(err(abortedError(signal))));
    const clock = this.#pinned ?? ctx.clock ?? this.#clock;
    this.#use(clock);
    if (this.#queue.length === 0 && this.#take(tokens)) return new ResultAsync(Promise.resolve(ok(undefined)));
    // A waiter resolves with the abort error if it gave up, else with nothing once served.
    const served = new Promise<DrError | undefined>((resolve) => {
      const waiter: Waiter = {
        tokens,
        clock,
        resolve: (aborted) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(aborted);
        },
      };
      const onAbort = () => {
        const i = this.#queue.indexOf(waiter);
        if (i < 0) return;
        this.#queue.splice(i, 1);
        // The pump may be sleeping for this waiter's deficit; let it recompute for the next one.
        if (i === 0) this.#wake?.abort();
        waiter.resolve(abortedError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(waiter);
      void this.#pump();
    });
    return new ResultAsync(served.then((aborted): Result<void, DrError> => (aborted ? err(aborted) : ok(undefined))));
  }

  tryAcquire(tokens = 1): boolean {
    if (this.#checkTokens(tokens)) return false;
    if (this.#queue.length > 0) return false;
    return this.#take(tokens);
  }

  #checkTokens(tokens: number): DrError | undefined {
    if (typeof tokens !== 'number' || !Number.isFinite(tokens) || tokens <= 0 || tokens > this.#burst) {
      return invalidInput([
        {
          path: 'tokens',
          message: `must be a positive number no larger than the burst (${this.#burst}), got ${String(tokens)}`,
        },
      ]);
    }
    return undefined;
  }

  /** Switches to another clock (unpinned limiters follow their caller's), rebasing the refill time. */
  #use(clock: Clock): void {
    if (clock === this.#clock) return;
    this.#refill();
    this.#clock = clock;
    this.#refilledAt = clock.now();
  }

  #refill(): void {
    const now = this.#clock.now();
    const elapsed = now - this.#refilledAt;
    // A clock that went backwards (or a switch of clocks) adds nothing.
    if (elapsed > 0) this.#tokens = Math.min(this.#burst, this.#tokens + (elapsed * this.#rate) / 1000);
    this.#refilledAt = now;
  }

  #take(tokens: number): boolean {
    this.#refill();
    if (this.#tokens + EPSILON < tokens) return false;
    this.#tokens = Math.max(0, this.#tokens - tokens);
    return true;
  }

  /** Serves the queue head whenever its tokens are there; one pump runs at a time. */
  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      for (;;) {
        const head = this.#queue[0];
        if (!head) return;
        this.#use(head.clock);
        if (this.#take(head.tokens)) {
          this.#queue.shift();
          head.resolve();
          continue;
        }
        const deficit = head.tokens - this.#tokens;
        const waitMs = Math.max(1, Math.ceil((deficit * 1000) / this.#rate));
        this.#wake = new AbortController();
        // An interrupted sleep (the head gave up) just means: look again.
        (await sleepOnClock(head.clock, waitMs, this.#wake.signal)).unwrapOr(undefined);
        this.#wake = undefined;
      }
    } finally {
      this.#pumping = false;
    }
  }
}

/**
 * Makes a token-bucket {@link RateLimiter}. `InvalidInput` (every problem listed) if the rate
 * is not a positive finite number, the burst is below 1, or the clock is not a clock.
 *
 * @example
 * ```ts
 * const limiter = createRateLimiter({ ratePerSecond: 5, burst: 10 })._unsafeUnwrap();
 * for (const arn of recoveryPointArns) {
 *   const ready = await limiter.acquire(ctx); // waits on ctx.clock when the bucket is empty
 *   if (ready.isErr()) return err(ready.error); // Aborted
 *   await describeRecoveryPoint(arn);
 * }
 * ```
 */
export function createRateLimiter(options: RateLimiterOptions): Result<RateLimiter, InvalidInputError> {
  const problems = new Problems();
  if (typeof options !== 'object' || options === null) {
    return problems.add('options', 'must be an object').result(undefined as never);
  }
  const { ratePerSecond, clock } = options;
  if (typeof ratePerSecond !== 'number' || !Number.isFinite(ratePerSecond) || ratePerSecond <= 0) {
    problems.add('ratePerSecond', `must be a positive finite number, got ${String(ratePerSecond)}`);
  }
  const burst = options.burst ?? Math.max(1, Math.ceil(Number.isFinite(ratePerSecond) ? ratePerSecond : 1));
  if (typeof burst !== 'number' || !Number.isFinite(burst) || burst < 1) {
    problems.add('burst', `must be a finite number of at least 1, got ${String(burst)}`);
  }
  if (clock !== undefined && (typeof clock?.now !== 'function' || typeof clock?.sleep !== 'function')) {
    problems.add('clock', 'must have now() and sleep()');
  }
  return problems.result(undefined).map(() => new TokenBucket(ratePerSecond, burst, clock) as RateLimiter);
}

/** Rate settings for one API, as {@link RateLimiterRegistry} takes them. */
export interface RateLimitSettings {
  /** Steady calls per second. */
  ratePerSecond: number;
  /** Calls allowed at once after a quiet spell. */
  burst?: number;
}

/** Options of {@link RateLimiterRegistry}. */
export interface RateLimiterRegistryOptions {
  /** Rate of any API without settings of its own. Default 5 per second. */
  ratePerSecond?: number;
  /** Burst of any API without settings of its own. Default `ceil(ratePerSecond)`. */
  burst?: number;
  /** Per-service settings, keyed by service name (`'backup'`, `'route53'`, `'atlas'`…). */
  services?: Record<string, RateLimitSettings>;
  /** Clock of every limiter; without one they follow the clock of each `acquire`'s context. */
  clock?: Clock;
}

/** Identifies one rate-limited API: a service, in a region, for an account. */
export interface RateLimitKey {
  service: string;
  region?: string;
  account?: string;
}

/**
 * One {@link RateLimiter} per API, keyed by service, region and account (the scope in which
 * providers throttle), so that every call site sharing an API shares its budget.
 * The first `for` of a key decides its settings; later calls get the same limiter.
 *
 * @example
 * ```ts
 * const limits = new RateLimiterRegistry({ ratePerSecond: 5, services: { route53: { ratePerSecond: 5, burst: 5 } } });
 * const r53 = limits.for({ service: 'route53', account: '111122223333' });
 * await r53.acquire(ctx);
 * limits.for({ service: 'route53', account: '111122223333' }) === r53; // true
 * ```
 */
export class RateLimiterRegistry {
  readonly #defaults: RateLimiterRegistryOptions;
  readonly #limiters = new Map<string, RateLimiter>();

  constructor(defaults: RateLimiterRegistryOptions = {}) {
    this.#defaults = { ...defaults };
  }

  /**
   * The limiter of `key`, made on first use from `options`, else the service's settings, else
   * the registry defaults. Invalid settings give a limiter whose `acquire` returns the
   * `InvalidInput` (and whose `tryAcquire` is always false), so the mistake surfaces at the call.
   */
  for(key: RateLimitKey, options?: RateLimitSettings): RateLimiter {
    const id = RateLimiterRegistry.keyOf(key);
    const existing = this.#limiters.get(id);
    if (existing) return existing;
    const d = this.#defaults;
    const settings = options ?? d.services?.[key.service] ?? { ratePerSecond: d.ratePerSecond ?? 5, burst: d.burst };
    const made = createRateLimiter({
      ratePerSecond: settings.ratePerSecond,
      ...(settings.burst !== undefined ? { burst: settings.burst } : {}),
      ...(d.clock ? { clock: d.clock } : {}),
    });
    const limiter = made.isOk() ? made.value : refusingLimiter(made.error, id);
    this.#limiters.set(id, limiter);
    return limiter;
  }

  /** How many limiters have been made. */
  get size(): number {
    return this.#limiters.size;
  }

  /**
   * The key string of a {@link RateLimitKey}: `service|region|account`, `*` for an absent part.
   *
   * @example
   * ```ts
   * RateLimiterRegistry.keyOf({ service: 'backup', region: 'eu-west-1' }); // 'backup|eu-west-1|*'
   * ```
   */
  static keyOf(key: RateLimitKey): string {
    return [key.service, key.region ?? '*', key.account ?? '*'].join('|');
  }
}

function refusingLimiter(error: InvalidInputError, id: string): RateLimiter {
  const e = drError('InvalidInput', `rate limiter ${id}: ${error.message}`, { problems: error.problems });
  return {
    acquire: () => new ResultAsync(Promise.resolve(err(e))),
    tryAcquire: () => false,
  };
}
