import { ResultAsync, err, ok, type Result } from 'neverthrow';
import { drError, toDrError, type DrError } from '../errors/DrError';
import { Problems } from '../errors/problems';
import { resolveContext, type DrContext, type DrContextInput } from '../context/DrContext';
import { formatDuration, parseDuration, type Duration } from '../time/duration';
import { sleepOnClock } from '../wait/sleep';

/** Options of {@link retry} and {@link retryPolicy}. */
export interface RetryOptions {
  /** Most attempts in total, the first included. Default 5. */
  maxAttempts?: number;
  /** No attempt starts later than this after the first one. Default: unbounded (attempts bound it). */
  maxElapsed?: Duration;
  /** Backoff cap before the first retry; doubles per retry. Default `'200ms'`. */
  baseDelay?: Duration;
  /** Largest backoff cap. Default `'20s'`. */
  maxDelay?: Duration;
  /** Which errors are worth another attempt. Default: `e.retryable`. `Aborted` never is. */
  retryIf?: (e: DrError) => boolean;
  /** Called before each backoff sleep with the error, the attempt that failed (1-based) and the delay. */
  onRetry?: (e: DrError, attempt: number, delayMs: number) => void;
}

/** Options of {@link retry} after validation, in milliseconds. */
interface Settings {
  maxAttempts: number;
  maxElapsedMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  retryIf: (e: DrError) => boolean;
  onRetry?: (e: DrError, attempt: number, delayMs: number) => void;
}

/**
 * Runs `operation` until it succeeds, fails with an error not worth retrying, or runs out of
 * attempts or time; the result is the last attempt's.
 *
 * Backoff is exponential with full jitter: before retry `n` (1-based) the delay is uniform in
 * `[0, min(maxDelay, baseDelay × 2^(n-1))]`, drawn from `ctx.random`, so many callers hitting
 * one throttled API spread out. A `Throttled` or `Unavailable` error's `retryAfterMs` is a
 * floor on the delay. Retrying stops when `maxAttempts` are used, or when the next attempt
 * would start after `maxElapsed`. Sleeps run on `ctx.clock`; `ctx.signal` ends the wait with
 * `Aborted`. Bad options are `InvalidInput` (every problem listed) before the first attempt.
 *
 * @example
 * ```ts
 * const started = await retry(
 *   () => ResultAsync.fromPromise(backup.send(new StartRestoreJobCommand(input)), (e) => toAwsError(e)),
 *   { maxAttempts: 6, maxElapsed: '2m', onRetry: (e, n, ms) => ctx.logger.warn('retrying', { n, ms, kind: e.kind }) },
 *   ctx,
 * );
 * ```
 */
export function retry<T>(
  operation: (attempt: number) => ResultAsync<T, DrError>,
  options: RetryOptions = {},
  ctx?: DrContextInput,
): ResultAsync<T, DrError> {
  const settings = checkRetryOptions(options, operation);
  if (settings.isErr()) return new ResultAsync(Promise.resolve(err(settings.error)));
  return new ResultAsync(attemptAll(operation, settings.value, resolveContext(ctx)));
}

/**
 * A reusable retry policy, cockatiel-style: configure once, `execute` many operations.
 * Options are checked when the policy is made; an invalid policy's `execute` returns the
 * `InvalidInput` without running the operation.
 */
export interface RetryPolicy {
  /** The options the policy was made with. */
  readonly options: Readonly<RetryOptions>;
  /** Runs `operation` under this policy (see {@link retry}). */
  execute<T>(operation: (attempt: number) => ResultAsync<T, DrError>, ctx?: DrContextInput): ResultAsync<T, DrError>;
}

/**
 * Makes a {@link RetryPolicy}: {@link retry} with its options bound, to share between call sites.
 *
 * @example
 * ```ts
 * const controlPlane = retryPolicy({ maxAttempts: 8, maxElapsed: '5m', maxDelay: '30s' });
 * const jobs = await controlPlane.execute(() => listRestoreJobs(vault), ctx);
 * ```
 */
export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const settings = checkRetryOptions(options, () => undefined);
  const frozen = Object.freeze({ ...options });
  return {
    options: frozen,
    execute<T>(operation: (attempt: number) => ResultAsync<T, DrError>, ctx?: DrContextInput) {
      if (settings.isErr()) return new ResultAsync<T, DrError>(Promise.resolve(err(settings.error)));
      if (typeof operation !== 'function') return retry(operation, frozen, ctx);
      return new ResultAsync(attemptAll(operation, settings.value, resolveContext(ctx)));
    },
  };
}

function checkRetryOptions(options: RetryOptions | undefined, operation: unknown): Result<Settings, DrError> {
  const problems = new Problems();
  if (typeof operation !== 'function') problems.add('operation', 'must be a function');
  const o = options ?? {};
  if (typeof o !== 'object') return problems.add('options', 'must be an object').result(undefined as never);
  const maxAttempts = o.maxAttempts ?? 5;
  if (typeof maxAttempts !== 'number' || !Number.isInteger(maxAttempts) || maxAttempts < 1) {
    problems.add('maxAttempts', `must be a whole number of at least 1, got ${String(maxAttempts)}`);
  }
  const duration = (path: 'maxElapsed' | 'baseDelay' | 'maxDelay', fallback: number): number => {
    const value = o[path];
    if (value === undefined) return fallback;
    const parsed = parseDuration(value, path);
    if (parsed.isErr()) {
      problems.addAll('', parsed.error.problems);
      return fallback;
    }
    return parsed.value;
  };
  const maxElapsedMs = duration('maxElapsed', Infinity);
  const baseDelayMs = duration('baseDelay', 200);
  const maxDelayMs = duration('maxDelay', Math.max(20_000, baseDelayMs));
  if (o.maxDelay !== undefined && o.baseDelay !== undefined && maxDelayMs < baseDelayMs) {
    problems.add('maxDelay', `must not be shorter than baseDelay (${formatDuration(baseDelayMs)})`);
  }
  if (o.retryIf !== undefined && typeof o.retryIf !== 'function') problems.add('retryIf', 'must be a function');
  if (o.onRetry !== undefined && typeof o.onRetry !== 'function') problems.add('onRetry', 'must be a function');
  return problems.result({
    maxAttempts,
    maxElapsedMs,
    baseDelayMs,
    maxDelayMs,
    retryIf: o.retryIf ?? ((e: DrError) => e.retryable),
    ...(o.onRetry ? { onRetry: o.onRetry } : {}),
  });
}

/** The full-jitter backoff cap before retry `n` (1-based). */
function backoffCap(s: Settings, n: number): number {
  // 2 ** n overflows to Infinity long after min() has settled on maxDelay; that is fine.
  return Math.min(s.maxDelayMs, s.baseDelayMs * 2 ** (n - 1));
}

async function attemptAll<T>(
  operation: (attempt: number) => ResultAsync<T, DrError>,
  s: Settings,
  ctx: DrContext,
): Promise<Result<T, DrError>> {
  const { clock, signal, logger } = ctx;
  const startedAt = clock.now();
  for (let attempt = 1; ; attempt++) {
    if (signal.aborted) return err(abortedError(ctx, attempt - 1));
    const result = await runOperation(operation, attempt);
    if (result.isOk()) return ok(result.value);
    const e = result.error;
    if (e.kind === 'Aborted' || !shouldRetry(s, e, ctx)) return err(e);
    if (attempt >= s.maxAttempts) {
      logger.debug('retry: attempts exhausted', { attempts: attempt, kind: e.kind });
      return err(e);
    }
    const jittered = Math.floor(uniform(ctx) * (backoffCap(s, attempt) + 1));
    const retryAfter = 'retryAfterMs' in e && typeof e.retryAfterMs === 'number' ? Math.max(0, e.retryAfterMs) : 0;
    const delayMs = Math.max(jittered, retryAfter);
    if (clock.now() + delayMs - startedAt > s.maxElapsedMs) {
      logger.debug('retry: next attempt would start after maxElapsed', { attempts: attempt, kind: e.kind, delayMs });
      return err(e);
    }
    try {
      s.onRetry?.(e, attempt, delayMs);
    } catch (thrown) {
      logger.warn('retry onRetry callback threw; ignored', { error: String(thrown) });
    }
    const slept = await sleepOnClock(clock, delayMs, signal);
    if (slept.isErr()) return err(slept.error.kind === 'Aborted' ? abortedError(ctx, attempt, e) : slept.error);
  }
}

function shouldRetry(s: Settings, e: DrError, ctx: DrContext): boolean {
  try {
    return s.retryIf(e) === true;
  } catch (thrown) {
    ctx.logger.warn('retry retryIf callback threw; not retrying', { error: String(thrown) });
    return false;
  }
}

async function runOperation<T>(
  operation: (attempt: number) => ResultAsync<T, DrError>,
  attempt: number,
): Promise<Result<T, DrError>> {
  try {
    return await operation(attempt);
  } catch (thrown) {
    // An operation should return err(...), but one that throws must not escape as a rejection.
    return err(toDrError(thrown, { provider: 'retry', operation: 'operation' }));
  }
}

/** A uniform draw in [0, 1) from the context, tolerant of a generator that strays outside. */
function uniform(ctx: DrContext): number {
  const r = ctx.random();
  return Number.isFinite(r) ? Math.min(Math.max(r, 0), 1 - Number.EPSILON) : 0;
}

function abortedError(ctx: DrContext, attempts: number, last?: DrError) {
  const reason = ctx.signal.reason as unknown;
  const detail = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'signal aborted';
  return drError('Aborted', `retry stopped after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${detail}`, {
    cause: last ?? reason,
  });
}
