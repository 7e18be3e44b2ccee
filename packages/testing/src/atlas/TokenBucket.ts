/** Settings of the emulator's rate limit, in Atlas's own terms. */
export interface AtlasRateLimit {
  /** Maximum tokens in the bucket (the burst). */
  readonly capacity: number;
  /** Tokens added every `refillDurationSeconds`. */
  readonly refillRate: number;
  /** Refill period in seconds. */
  readonly refillDurationSeconds: number;
}

/**
 * The default rate limit: 100 requests per minute per project, bursting to 100. This is the
 * figure Atlas has long documented for the Administration API ("100 requests per minute per
 * project"); the v2 rate-limit page describes the token-bucket mechanics (`capacity`,
 * `refillRate`, `refillDurationSeconds`) with per-endpoint-set values, which vary.
 */
export const DEFAULT_ATLAS_RATE_LIMIT: AtlasRateLimit = { capacity: 100, refillRate: 100, refillDurationSeconds: 60 };

/**
 * A token bucket on virtual time: one token per request, refilled continuously at
 * `refillRate / refillDurationSeconds` tokens per second, up to `capacity`.
 */
export class TokenBucket {
  #tokens: number;
  #at: number;
  readonly limit: AtlasRateLimit;

  constructor(limit: AtlasRateLimit, now: number) {
    this.limit = limit;
    this.#tokens = limit.capacity;
    this.#at = now;
  }

  #refill(now: number): void {
    if (now > this.#at) {
      const perMs = this.limit.refillRate / (this.limit.refillDurationSeconds * 1000);
      this.#tokens = Math.min(this.limit.capacity, this.#tokens + (now - this.#at) * perMs);
    }
    this.#at = Math.max(this.#at, now);
  }

  /**
   * Takes a token. Returns `{ ok: true, remaining }`, or `{ ok: false, retryAfterSeconds }`
   * (whole seconds until one token is back) when the bucket is empty.
   */
  take(now: number): { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number } {
    this.#refill(now);
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return { ok: true, remaining: Math.floor(this.#tokens) };
    }
    const perMs = this.limit.refillRate / (this.limit.refillDurationSeconds * 1000);
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - this.#tokens) / perMs / 1000)) };
  }
}
