/**
 * A token bucket on virtual time: `burst` tokens, refilled at `ratePerSecond`. The kernel keeps
 * one per service and region to enforce the account's API request quota.
 *
 * @example
 * ```ts
 * const bucket = new TokenBucket(40, 40, clock.now());
 * if (!bucket.take(clock.now())) throw awsError('ThrottlingException', 'Rate exceeded');
 * ```
 */
export class TokenBucket {
  #tokens: number;
  #last: number;
  readonly #rate: number;
  readonly #burst: number;

  constructor(ratePerSecond: number, burst: number, now: number) {
    this.#rate = ratePerSecond;
    this.#burst = Math.max(1, burst);
    this.#tokens = this.#burst;
    this.#last = now;
  }

  /** Takes one token at `now`; false when the bucket is empty (the call is throttled). */
  take(now: number): boolean {
    if (now > this.#last) {
      this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) * this.#rate) / 1000);
      this.#last = now;
    }
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
