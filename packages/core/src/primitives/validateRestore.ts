import { ResultAsync, err, errAsync, ok, okAsync, type Result } from 'neverthrow';
import { abortedError } from '../time/Clock';
import { drError, invalidInput, type DrError } from '../errors/DrError';
import { Problems } from '../errors/problems';
import { resolveContext, type DrContext, type DrContextInput } from '../context/DrContext';
import { formatDuration, parseDuration, type Duration } from '../time/duration';
import { DEFAULT_RPO_MS } from '../measure/objectives';
import type { Check, CheckVerdict } from '../ports/Check';
import type { PlannedCall } from './plan';
import { callPort, durationOption, isNonEmptyString, isObject, isTime } from './internal';
import { checkChecks, runCheck, withConcurrency, type TimedVerdict } from './runCheck';

/** The overall verdict of {@link validateRestore}. `skipped` only in a dry run. */
export type ValidationStatus = 'passed' | 'failed' | 'skipped';

/**
 * Called once with the finished report (not in a dry run), e.g. to record the verdict with AWS
 * Backup `PutRestoreValidationResult`. Its failure is logged and noted in the report's
 * `reporting`; it does not change the verdict.
 */
export type ValidationReporter<S> = (
  report: ValidationReport,
  subject: S,
  ctx: DrContext,
) => ResultAsync<unknown, DrError>;

/** Options of {@link validateRestore}. */
export interface ValidateRestoreOptions<S> {
  /** Names the subject in the report and errors, e.g. the restored resource id. Default: `subject.id` when it is a string. */
  readonly subjectName?: string;
  /** Most checks running at once. Default 4. */
  readonly concurrency?: number;
  /** How long one check may take before it counts as failed (a check's own `timeout` wins). Default `'5m'`. */
  readonly checkTimeout?: Duration;
  /**
   * When true (the default) a failed validation is `err(ValidationFailed)` with the report as
   * `evidence`; when false it is `ok(report)` with `status: 'failed'`.
   */
  readonly failOnInvalid?: boolean;
  readonly reporter?: ValidationReporter<S>;
}

/** The aggregated verdict of {@link validateRestore}. JSON-serialisable. */
export interface ValidationReport {
  readonly dryRun: boolean;
  readonly subject?: string;
  /** `passed` only when every required check passed (a skipped required check is not a pass). */
  readonly status: ValidationStatus;
  /** One verdict per check, in the order the checks were given. */
  readonly verdicts: readonly TimedVerdict[];
  /** Required checks that did not pass. */
  readonly failed: readonly string[];
  /** Optional checks that failed (they do not fail the validation). */
  readonly warnings: readonly string[];
  readonly startedAt: number;
  readonly completedAt: number;
  readonly durationMs: number;
  /** What became of the `reporter` call. */
  readonly reporting: {
    readonly status: 'reported' | 'failed' | 'none' | 'planned';
    readonly error?: { readonly kind: string; readonly message: string };
  };
  readonly plannedCalls: readonly PlannedCall[];
}

interface Settings {
  concurrency: number;
  checkTimeoutMs: number;
  perCheckTimeoutMs: number[];
  failOnInvalid: boolean;
}

/**
 * Validates a restored (or promoted) resource: runs every check — in parallel up to
 * `concurrency`, each under a timeout — and aggregates their verdicts into one report. The
 * validation passes only when every required check passes; a check that errors or times out
 * counts as failed (it could not prove the resource good). Then `options.reporter` is called
 * with the report.
 *
 * Outcome: `ok(report)` when it passed; when it failed, `err(ValidationFailed)` carrying the
 * report as `evidence` (default), or `ok(report)` with `status: 'failed'` if
 * `failOnInvalid: false`. Bad input (no checks, duplicate names, bad durations) is one
 * `InvalidInput` before any check runs. In a dry run no check and no reporter runs: every verdict
 * is `skipped` and the report lists them as planned calls.
 *
 * @example
 * ```ts
 * const validated = await validateRestore(
 *   restored.resource,
 *   [redisKeysPresent({ keys: ['orders:last'] }), rpoFreshnessCheck({ objective: '15m', dataAsOf: () => restored.point.createdAt })],
 *   { checkTimeout: '2m', reporter: putRestoreValidationResult(backupClient) },
 *   ctx,
 * );
 * if (validated.isErr() && validated.error.kind === 'ValidationFailed') console.log(validated.error.evidence);
 * ```
 */
export function validateRestore<S>(
  subject: S,
  checks: readonly Check<S>[],
  options: ValidateRestoreOptions<S> = {},
  ctxInput?: DrContextInput,
): ResultAsync<ValidationReport, DrError> {
  const checked = checkOptions(checks, options);
  if (checked.isErr()) return errAsync(checked.error);
  const ctx = resolveContext(ctxInput);
  return new ResultAsync(run(subject, checks, options, checked.value, ctx));
}

function checkOptions<S>(checks: readonly Check<S>[], options: ValidateRestoreOptions<S>): Result<Settings, DrError> {
  const problems = new Problems();
  const perCheckTimeoutMs: number[] = [];
  if (typeof options !== 'object' || options === null)
    return problems.add('options', 'must be an object').result(undefined as never);
  const checkTimeoutMs = durationOption(problems, 'checkTimeout', options.checkTimeout, 300_000);
  checkChecks(problems, 'checks', checks, checkTimeoutMs, perCheckTimeoutMs);
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    problems.add('concurrency', 'must be a whole number of at least 1');
  if (options.failOnInvalid !== undefined && typeof options.failOnInvalid !== 'boolean')
    problems.add('failOnInvalid', 'must be a boolean');
  if (options.reporter !== undefined && typeof options.reporter !== 'function')
    problems.add('reporter', 'must be a function');
  if (options.subjectName !== undefined && !isNonEmptyString(options.subjectName))
    problems.add('subjectName', 'must be a non-empty string');
  return problems.result({
    concurrency,
    checkTimeoutMs,
    perCheckTimeoutMs,
    failOnInvalid: options.failOnInvalid ?? true,
  });
}

async function run<S>(
  subject: S,
  checks: readonly Check<S>[],
  options: ValidateRestoreOptions<S>,
  s: Settings,
  ctx: DrContext,
): Promise<Result<ValidationReport, DrError>> {
  const startedAt = ctx.clock.now();
  const subjectName =
    options.subjectName ?? (isObject(subject) && typeof subject.id === 'string' ? subject.id : undefined);
  const named: { subject?: string } = subjectName !== undefined ? { subject: subjectName } : {};

  if (ctx.dryRun) {
    const plannedCalls: PlannedCall[] = checks.map((c) => ({
      port: 'Check',
      target: c.name,
      operation: 'run',
      input: named,
    }));
    if (options.reporter)
      plannedCalls.push({ port: 'reporter', target: 'reporter', operation: 'report', input: named });
    const verdicts = checks.map((c): TimedVerdict => ({
      name: c.name,
      status: 'skipped',
      detail: 'dry run: not run',
      durationMs: 0,
      required: c.required !== false,
      startedAt,
    }));
    return ok({
      dryRun: true,
      ...named,
      status: 'skipped',
      verdicts,
      failed: [],
      warnings: [],
      startedAt,
      completedAt: startedAt,
      durationMs: 0,
      reporting: { status: options.reporter ? 'planned' : 'none' },
      plannedCalls,
    });
  }

  const verdicts = await withConcurrency(
    s.concurrency,
    checks.map((c, i) => () => runCheck(c, subject, s.perCheckTimeoutMs[i] ?? s.checkTimeoutMs, ctx)),
  );
  if (ctx.signal.aborted || verdicts.some((v) => v === undefined)) return err(abortedError(ctx.signal));
  const all = verdicts as TimedVerdict[];
  const failed = all.filter((v) => v.required && v.status !== 'passed').map((v) => v.name);
  const warnings = all.filter((v) => !v.required && v.status === 'failed').map((v) => v.name);
  const completedAt = ctx.clock.now();
  const status: ValidationStatus = failed.length === 0 ? 'passed' : 'failed';
  let report: ValidationReport = {
    dryRun: false,
    ...named,
    status,
    verdicts: all,
    failed,
    warnings,
    startedAt,
    completedAt,
    durationMs: completedAt - startedAt,
    reporting: { status: 'none' },
    plannedCalls: [],
  };
  ctx.metrics.putMetric(
    'RestoreValidationPassed',
    status === 'passed' ? 1 : 0,
    'Count',
    subjectName ? { subject: subjectName } : {},
  );
  ctx.logger.info(`validateRestore: ${status}`, { ...named, failed, warnings, checks: all.length });

  if (options.reporter) {
    const reporter = options.reporter;
    const reported = await callPort('reporter', 'report', () => reporter(report, subject, ctx));
    const plannedCalls: PlannedCall[] = [
      { port: 'reporter', target: 'reporter', operation: 'report', input: { ...named, status } },
    ];
    if (reported.isOk()) report = { ...report, reporting: { status: 'reported' }, plannedCalls };
    else {
      ctx.logger.error('validateRestore: the reporter failed; the verdict stands', {
        ...named,
        kind: reported.error.kind,
        error: reported.error.message,
      });
      report = {
        ...report,
        reporting: { status: 'failed', error: { kind: reported.error.kind, message: reported.error.message } },
        plannedCalls,
      };
    }
  }

  if (status === 'failed' && s.failOnInvalid) {
    const what = subjectName ? ` of ${subjectName}` : '';
    return err(drError('ValidationFailed', `validation${what} failed: ${failed.join(', ')}`, { evidence: report }));
  }
  return ok(report);
}

/** Options of {@link rpoFreshnessCheck}. */
export interface RpoFreshnessOptions<S> {
  /** Default `'rpo-freshness'`. */
  readonly name?: string;
  /** Default 15 min. */
  readonly objective?: Duration;
  /** The incident (ms epoch) the data's age is measured at. Default: when the check runs. */
  readonly incidentAt?: number;
  /**
   * When the subject's data is consistent as of (ms epoch): the recovery point's `createdAt`, or
   * a query of the newest record's timestamp in the restored database.
   */
  readonly dataAsOf: (subject: S, ctx: DrContext) => number | ResultAsync<number, DrError>;
  readonly required?: boolean;
}

/**
 * A check that the subject's data is fresh enough: its age at the incident is within the RPO.
 * Bad options make the check fail with an `InvalidInput` reason (without reading anything).
 *
 * @example
 * ```ts
 * const fresh = rpoFreshnessCheck<RestoredResource>({
 *   objective: '15m',
 *   incidentAt: drillStartedAt,
 *   dataAsOf: (resource, ctx) => newestOrderTimestamp(resource.endpoint!, ctx),
 * });
 * await validateRestore(restored.resource, [fresh], {}, ctx);
 * ```
 */
export function rpoFreshnessCheck<S>(options: RpoFreshnessOptions<S>): Check<S> {
  const name = isObject(options) && isNonEmptyString(options.name) ? options.name : 'rpo-freshness';
  const problems = new Problems();
  let objectiveMs = DEFAULT_RPO_MS;
  if (!isObject(options)) problems.add('options', 'must be an object');
  else {
    if (options.objective !== undefined) {
      const parsed = parseDuration(options.objective, 'objective');
      if (parsed.isErr()) problems.addAll('', parsed.error.problems);
      else objectiveMs = parsed.value;
    }
    if (options.incidentAt !== undefined && !isTime(options.incidentAt))
      problems.add('incidentAt', 'must be a time in ms since the epoch');
    if (typeof options.dataAsOf !== 'function') problems.add('dataAsOf', 'must be a function');
  }
  return {
    name,
    ...(options?.required !== undefined ? { required: options.required } : {}),
    run(subject, ctx) {
      if (problems.any) return errAsync(invalidInput(problems.list));
      const startedAt = ctx.clock.now();
      const read = callPort(name, 'dataAsOf', async () => {
        const value = options.dataAsOf(subject, ctx);
        return typeof value === 'number' ? ok(value) : value;
      });
      return read.andThen((dataAsOf) => {
        if (!isTime(dataAsOf)) {
          return errAsync<CheckVerdict, DrError>(
            invalidInput([{ path: 'dataAsOf', message: 'returned something other than a time in ms' }]),
          );
        }
        const at = options.incidentAt ?? ctx.clock.now();
        const ageMs = Math.max(0, at - dataAsOf);
        const passed = ageMs <= objectiveMs;
        return okAsync<CheckVerdict, DrError>({
          name,
          status: passed ? 'passed' : 'failed',
          detail: `data is ${formatDuration(ageMs)} old at ${new Date(at).toISOString()} (RPO ${formatDuration(objectiveMs)})`,
          evidence: { dataAsOf: new Date(dataAsOf).toISOString(), ageMs, objectiveMs },
          durationMs: ctx.clock.now() - startedAt,
        });
      });
    },
  };
}
