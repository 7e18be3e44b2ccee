import type { ResultAsync } from 'neverthrow';
import type { DrError } from '../errors/DrError';
import type { DrContext } from '../context/DrContext';
import type { Duration } from '../time/duration';

/** The outcome of one check. `skipped` means the check decided it does not apply (it is not a pass). */
export type CheckStatus = 'passed' | 'failed' | 'skipped';

/** One verdict about a restored or promoted thing. JSON-serialisable; no secrets in `evidence`. */
export interface CheckVerdict {
  /** The check's name. */
  readonly name: string;
  readonly status: CheckStatus;
  /** One line for humans: `'HTTP 200 in 84ms'`, `'12 of 12 keys present'`. */
  readonly detail?: string;
  /** Facts supporting the verdict (counts, status codes, alarm states). */
  readonly evidence?: Readonly<Record<string, unknown>>;
  /** How long the check took; {@link validateRestore} and {@link shiftTraffic} overwrite it with their own clock reading. */
  readonly durationMs: number;
}

/**
 * Port: one verdict about a subject (a restored resource, a traffic step, a promoted standby).
 * Implemented by HTTP health, Redis data, CloudWatch alarm and target-health checks in
 * `@drkit/aws`, and cluster state and data checks in `@drkit/atlas`.
 *
 * A check reports a *failed verdict* as `ok({ status: 'failed' })`; `err(...)` means it could
 * not decide (the endpoint was unreachable, the API throttled). Callers treat an undecided
 * required check as failed. A check should stop when `ctx.signal` fires (the per-check timeout
 * aborts it) and should not change the subject.
 *
 * @typeParam S - what the check looks at.
 *
 * @example
 * ```ts
 * const reachable: Check<RestoredResource> = {
 *   name: 'endpoint-present',
 *   run: (resource) =>
 *     okAsync({ name: 'endpoint-present', status: resource.endpoint ? 'passed' : 'failed', durationMs: 0 }),
 * };
 * ```
 */
export interface Check<S = unknown> {
  /** Unique within one call; names the verdict. */
  readonly name: string;
  /** Whether the overall verdict depends on this check. Default true. */
  readonly required?: boolean;
  /** Overrides the caller's per-check timeout. */
  readonly timeout?: Duration;
  run(subject: S, ctx: DrContext): ResultAsync<CheckVerdict, DrError>;
}
