import { ResultAsync, err, ok, type Result } from 'neverthrow';
import { drError, toDrError, type DrError } from '../errors/DrError';
import { Problems } from '../errors/problems';
import { resolveContext, type DrContext, type DrContextInput } from '../context/DrContext';
import { formatDuration, parseDuration, type Duration } from '../time/duration';
import { nextPollInterval } from './pollSchedule';
import { sleepOnClock } from './sleep';

/**
 * What one poll of {@link waitFor} found: finished (with the value), or not yet (with an
 * optional progress note such as `'RUNNING 40%'`).
 */
export type WaitStatus<T> =
  | {
      done: true;
      value: T;
      /** When the thing really finished (ms epoch), if the provider says (e.g. `CompletionDate`). */
      completedAt?: number;
    }
  | {
      done: false;
      progress?: string;
      /**
       * The provider's current estimate of the whole wait (ms from when it started), e.g. AWS
       * Backup's `ExpectedCompletionTimeMinutes` on `DescribeRestoreJob`. When given, it replaces
       * `expectedDuration` for the rest of the schedule: the provider knows the job best.
       */
      expectedTotalMs?: number;
    };

/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** Human description used in errors and logs: `'restore job 1234'`. */
  what: string;
  /** Deadline relative to the start. Default `'1h'`. */
  timeout?: Duration;
  /** Absolute deadline (ms epoch, on `ctx.clock`); the earlier of this and `timeout` wins. */
  deadlineAt?: number;
  /**
   * How long the thing is expected to take (e.g. AWS Backup's `ExpectedCompletionTimeMinutes`,
   * or the duration of earlier runs). Polls are then sparse early and dense around it.
   */
  expectedDuration?: Duration;
  /** Shortest gap between polls. Default `'2s'`. */
  minInterval?: Duration;
  /** Longest gap between polls, i.e. the worst detection lag you accept. Default `'2m'` (or `minInterval` if larger). */
  maxInterval?: Duration;
  /** Called after every poll (with the status, or a not-done status after a tolerated error). */
  onPoll?: (status: WaitStatus<unknown>, poll: number) => void;
}

/** What {@link waitFor} hands back once the thing finished. */
export interface WaitOutcome<T> {
  /** The value of the final, `done` status. */
  value: T;
  /** How many times the probe was called. */
  polls: number;
  /** Time from the start of the wait until completion was detected. */
  elapsedMs: number;
  /** Detection time minus the provider's `completedAt` (never negative), when `completedAt` is known. */
  detectionLagMs?: number;
}

interface Settings {
  what: string;
  timeoutMs: number;
  deadlineAt?: number;
  expectedMs?: number;
  minIntervalMs: number;
  maxIntervalMs: number;
}

const DEFAULT_TIMEOUT_MS = 3_600_000;
const DEFAULT_MIN_MS = 2_000;
const DEFAULT_MAX_MS = 120_000;

/**
 * Polls `probe` on the context clock until it reports `done`, the deadline passes (`Timeout`)
 * or the context signal fires (`Aborted`).
 *
 * The first poll happens at once. Later polls follow {@link nextPollInterval}: given an
 * `expectedDuration` they are sparse early and dense near and after it, so a 30-minute restore
 * is detected within seconds of finishing with a few dozen polls instead of hundreds; without
 * one, gaps grow ×1.5 from `minInterval` up to `maxInterval`. No sleep runs past the deadline:
 * the last poll happens at the deadline itself.
 *
 * A probe error that is `retryable` (throttling, a 5xx) is logged and polling goes on until the
 * deadline (waiting at least its `retryAfterMs`); the `Timeout` then carries the last such
 * error as `cause`. Any other probe error ends the wait with that error. Bad options are
 * `InvalidInput` (every problem listed) before the first poll.
 *
 * @example
 * ```ts
 * const restored = await waitFor(
 *   () => describeRestoreJob(jobId).map((job) =>
 *     job.Status === 'COMPLETED'
 *       ? { done: true as const, value: job.CreatedResourceArn, completedAt: job.CompletionDate?.getTime() }
 *       : { done: false as const, progress: `${job.Status} ${job.PercentDone ?? ''}` }),
 *   { what: `restore job ${jobId}`, timeout: '1h', expectedDuration: `${job.ExpectedCompletionTimeMinutes}m` },
 *   ctx,
 * );
 * if (restored.isOk()) ctx.logger.info('restored', { arn: restored.value.value, polls: restored.value.polls });
 * ```
 */
export function waitFor<T>(
  probe: (poll: number) => ResultAsync<WaitStatus<T>, DrError>,
  options: WaitForOptions,
  ctx?: DrContextInput,
): ResultAsync<WaitOutcome<T>, DrError> {
  const settings = checkOptions(probe, options);
  if (settings.isErr()) return new ResultAsync(Promise.resolve(err(settings.error)));
  return new ResultAsync(poll(probe, settings.value, options.onPoll, resolveContext(ctx)));
}

function checkOptions(probe: unknown, options: WaitForOptions | undefined): Result<Settings, DrError> {
  const problems = new Problems();
  if (typeof probe !== 'function') problems.add('probe', 'must be a function');
  if (typeof options !== 'object' || options === null) {
    return problems.add('options', 'must be an object').result(undefined as never);
  }
  if (typeof options.what !== 'string' || options.what.trim() === '') {
    problems.add('what', 'must describe what is awaited, e.g. "restore job 1234"');
  }
  const duration = (path: keyof WaitForOptions, fallback?: number): number | undefined => {
    const value = options[path] as Duration | undefined;
    if (value === undefined) return fallback;
    const parsed = parseDuration(value, path);
    if (parsed.isErr()) {
      problems.addAll('', parsed.error.problems);
      return undefined;
    }
    return parsed.value;
  };
  const timeoutMs = duration('timeout', DEFAULT_TIMEOUT_MS);
  const expectedMs = duration('expectedDuration');
  const minIntervalMs = duration('minInterval', DEFAULT_MIN_MS);
  const maxIntervalMs = duration('maxInterval', Math.max(DEFAULT_MAX_MS, minIntervalMs ?? 0));
  if (timeoutMs === 0) problems.add('timeout', 'must be longer than 0');
  if (expectedMs === 0) problems.add('expectedDuration', 'must be longer than 0');
  if (minIntervalMs === 0) problems.add('minInterval', 'must be longer than 0');
  if (minIntervalMs !== undefined && maxIntervalMs !== undefined && maxIntervalMs < minIntervalMs) {
    problems.add('maxInterval', `must not be shorter than minInterval (${formatDuration(minIntervalMs)})`);
  }
  if (
    options.deadlineAt !== undefined &&
    (typeof options.deadlineAt !== 'number' || !Number.isFinite(options.deadlineAt))
  ) {
    problems.add('deadlineAt', 'must be a finite time in ms since the epoch');
  }
  if (options.onPoll !== undefined && typeof options.onPoll !== 'function')
    problems.add('onPoll', 'must be a function');
  return problems.result({
    what: options.what,
    timeoutMs: timeoutMs!,
    ...(options.deadlineAt !== undefined ? { deadlineAt: options.deadlineAt } : {}),
    ...(expectedMs !== undefined ? { expectedMs } : {}),
    minIntervalMs: minIntervalMs!,
    maxIntervalMs: maxIntervalMs!,
  });
}

async function poll<T>(
  probe: (poll: number) => ResultAsync<WaitStatus<T>, DrError>,
  settings: Settings,
  onPoll: WaitForOptions['onPoll'],
  ctx: DrContext,
): Promise<Result<WaitOutcome<T>, DrError>> {
  const { clock, signal, logger } = ctx;
  let s = settings;
  const startedAt = clock.now();
  const deadline = Math.min(startedAt + s.timeoutMs, s.deadlineAt ?? Infinity);
  let polls = 0;
  let lastProgress: string | undefined;
  let lastError: DrError | undefined;
  for (;;) {
    if (signal.aborted) return err(abortedWhile(s.what, ctx));
    polls++;
    const outcome = await runProbe(probe, polls);
    const now = clock.now();
    let status: WaitStatus<T>;
    let notBefore = 0;
    if (outcome.isErr()) {
      const e = outcome.error;
      if (!e.retryable || e.kind === 'Aborted') return err(e);
      lastError = e;
      notBefore = 'retryAfterMs' in e && typeof e.retryAfterMs === 'number' ? e.retryAfterMs : 0;
      logger.warn(`polling ${s.what}: tolerated a retryable error`, { poll: polls, kind: e.kind, error: e.message });
      status = { done: false, progress: `${e.kind}: ${e.message}` };
    } else {
      status = outcome.value;
      lastError = undefined;
    }
    notify(onPoll, status, polls, ctx);
    if (status.done) {
      const outcomeValue: WaitOutcome<T> = { value: status.value, polls, elapsedMs: now - startedAt };
      if (typeof status.completedAt === 'number' && Number.isFinite(status.completedAt)) {
        outcomeValue.detectionLagMs = Math.max(0, now - status.completedAt);
      }
      // The value itself stays out of the log: it may be a restored resource with secrets in it.
      logger.debug(`${s.what} finished`, {
        polls,
        elapsedMs: outcomeValue.elapsedMs,
        detectionLagMs: outcomeValue.detectionLagMs,
      });
      return ok(outcomeValue);
    }
    lastProgress = status.progress ?? lastProgress;
    if (
      typeof status.expectedTotalMs === 'number' &&
      Number.isFinite(status.expectedTotalMs) &&
      status.expectedTotalMs > 0
    )
      s = { ...s, expectedMs: status.expectedTotalMs };
    logger.debug(`${s.what} not finished yet`, { poll: polls, elapsedMs: now - startedAt, progress: status.progress });
    if (now >= deadline) return err(timedOut(s, startedAt, deadline, polls, lastProgress, lastError));
    const interval = Math.max(
      notBefore,
      nextPollInterval(
        now - startedAt,
        polls,
        s.expectedMs === undefined
          ? { minIntervalMs: s.minIntervalMs, maxIntervalMs: s.maxIntervalMs }
          : { minIntervalMs: s.minIntervalMs, maxIntervalMs: s.maxIntervalMs, expectedMs: s.expectedMs },
      ),
    );
    // Never sleep past the deadline: the last poll happens at the deadline itself.
    const slept = await sleepOnClock(clock, Math.min(interval, deadline - now), signal);
    if (slept.isErr()) return err(slept.error.kind === 'Aborted' ? abortedWhile(s.what, ctx) : slept.error);
  }
}

async function runProbe<T>(
  probe: (poll: number) => ResultAsync<WaitStatus<T>, DrError>,
  n: number,
): Promise<Result<WaitStatus<T>, DrError>> {
  try {
    const result = await probe(n);
    if (result.isOk() && (typeof result.value !== 'object' || result.value === null)) {
      return err(drError('ProviderError', 'probe returned no status', { provider: 'waitFor', operation: 'probe' }));
    }
    return result;
  } catch (thrown) {
    // A probe should return err(...), but one that throws must not escape as a rejection.
    return err(toDrError(thrown, { provider: 'waitFor', operation: 'probe' }));
  }
}

function notify(onPoll: WaitForOptions['onPoll'], status: WaitStatus<unknown>, n: number, ctx: DrContext): void {
  if (!onPoll) return;
  try {
    onPoll(status, n);
  } catch (thrown) {
    ctx.logger.warn('waitFor onPoll callback threw; ignored', { error: String(thrown) });
  }
}

function abortedWhile(what: string, ctx: DrContext) {
  const reason = ctx.signal.reason as unknown;
  const detail = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'signal aborted';
  return drError('Aborted', `stopped waiting for ${what}: ${detail}`, { cause: reason });
}

function timedOut(
  s: Settings,
  startedAt: number,
  deadline: number,
  polls: number,
  progress: string | undefined,
  lastError: DrError | undefined,
) {
  const allowed = Math.max(0, deadline - startedAt);
  const last = progress ? `; last status: ${progress}` : '';
  return drError(
    'Timeout',
    `${s.what} did not finish within ${formatDuration(allowed)} (${polls} poll${polls === 1 ? '' : 's'}${last})`,
    { deadlineMs: allowed, ...(lastError ? { cause: lastError } : {}) },
  );
}
