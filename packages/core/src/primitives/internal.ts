import { ResultAsync, err, type Result } from 'neverthrow';
import { toDrError, type DrError } from '../errors/DrError';
import type { Problems } from '../errors/problems';
import { parseDuration, type Duration } from '../time/duration';
import type { DrContext } from '../context/DrContext';
import { retry, type RetryOptions } from '../retry/retry';

/** Calls a port method so that a throw or a rejected promise becomes an `err`, never an exception. */
export function callPort<T>(
  provider: string,
  operation: string,
  call: () => PromiseLike<Result<T, DrError>>,
): ResultAsync<T, DrError> {
  return new ResultAsync(
    (async () => {
      try {
        const result = await call();
        if (typeof result !== 'object' || result === null || typeof result.isOk !== 'function') {
          return err(toDrError(new Error('port returned something other than a Result'), { provider, operation }));
        }
        return result;
      } catch (thrown) {
        return err(toDrError(thrown, { provider, operation }));
      }
    })(),
  );
}

/** {@link callPort} under {@link retry}: retryable errors (throttling, transient faults, retryable conflicts) are retried. */
export function callPortWithRetry<T>(
  provider: string,
  operation: string,
  call: () => PromiseLike<Result<T, DrError>>,
  ctx: DrContext,
  options: RetryOptions = {},
): ResultAsync<T, DrError> {
  return retry(
    () => callPort(provider, operation, call),
    {
      maxAttempts: 5,
      maxElapsed: '5m',
      onRetry: (e, attempt, delayMs) =>
        ctx.logger.warn(`${provider} ${operation}: retrying`, { attempt, delayMs, kind: e.kind, error: e.message }),
      ...options,
    },
    ctx,
  );
}

/** Parses an optional duration into `problems`; returns the fallback on absence or error. */
export function durationOption(
  problems: Problems,
  path: string,
  value: Duration | undefined,
  fallback: number,
  { positive = true }: { positive?: boolean } = {},
): number {
  if (value === undefined) return fallback;
  const parsed = parseDuration(value, path);
  if (parsed.isErr()) {
    problems.addAll('', parsed.error.problems);
    return fallback;
  }
  if (positive && parsed.value === 0) problems.add(path, 'must be longer than 0');
  return parsed.value;
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
export const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
export const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Checks that `value` is an object with a non-empty `name` and the listed methods. */
export function checkPort(problems: Problems, path: string, value: unknown, methods: readonly string[]): void {
  if (!isObject(value)) {
    problems.add(path, `must be an object implementing ${methods.join(', ')}`);
    return;
  }
  if (!isNonEmptyString(value.name)) problems.add(`${path}.name`, 'must be a non-empty string');
  for (const m of methods) if (typeof value[m] !== 'function') problems.add(`${path}.${m}`, 'must be a function');
}

/** Checks an optional record of strings (tags, overrides). */
export function checkStringRecord(problems: Problems, path: string, value: unknown): void {
  if (value === undefined) return;
  if (!isObject(value) || Array.isArray(value)) {
    problems.add(path, 'must be an object of strings');
    return;
  }
  for (const [k, v] of Object.entries(value))
    if (typeof v !== 'string') problems.add(`${path}.${k}`, 'must be a string');
}

/** An abort controller linked to a parent signal; `dispose` unhooks it from the parent. */
export function linkedAbort(parent: AbortSignal): { controller: AbortController; dispose: () => void } {
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { controller, dispose: () => {} };
  }
  const onAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return { controller, dispose: () => parent.removeEventListener('abort', onAbort) };
}
