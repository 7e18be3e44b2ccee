import { randomUUID } from 'node:crypto';
import { err, ok, ResultAsync, type Result } from 'neverthrow';
import type { DrContextInput } from '../context/DrContext';
import {
  drError,
  invalidInput,
  isDrError,
  isDrErrorOf,
  toDrError,
  type InvalidInputError,
  type ProviderErrorError,
} from '../errors/DrError';
import { Problems } from '../errors/problems';
import { systemClock, type Clock } from '../time/Clock';
import { canonicalJson } from './canonicalJson';
import { appendEntry } from './chain';
import { redact, type RedactionRulesInput } from './redact';
import type { AuditEntry, AuditRecord, AuditSink } from './types';

/** How {@link withAuditLog} records a function's calls. */
export interface AuditLogOptions<A extends readonly unknown[], T> {
  /** Where records go. Defaults to the `audit` sink of the call's context argument. */
  readonly sink?: AuditSink;
  /** Who or what makes the calls: a person, a role ARN, a Lambda function name. */
  readonly actor: string;
  /** The step name in the records. Defaults to the function's name. */
  readonly step?: string;
  /** The run id when the call has no context argument carrying one. Defaults to a new id per call. */
  readonly runId?: string;
  /** Redaction rules added to the defaults, applied to everything in the record. */
  readonly redact?: RedactionRulesInput;
  /** What of a successful result to record (redacted afterwards). Defaults to the whole result. */
  readonly summarize?: (result: T, args: A) => unknown;
}

/**
 * A wrapped call whose audit record could not be appended. It is a `ProviderError` from
 * provider `audit`, so code that handles `DrError`s handles it; the call's own outcome is kept
 * in `callResult` (not enumerable, so it is never serialised into a log by accident).
 */
export interface AuditAppendFailedError<T = unknown, E = unknown> extends ProviderErrorError {
  readonly provider: 'audit';
  readonly operation: 'append';
  /** Which record could not be written. */
  readonly code: 'StartRecordNotWritten' | 'EndRecordNotWritten';
  readonly step: string;
  readonly callId: string;
  /** Whether the wrapped function was called (and may have changed something). */
  readonly callMade: boolean;
  /** What the wrapped call returned, when it was made: `ok(value)` or `err(error)`. */
  readonly callResult?: Result<T, E>;
}

/**
 * Whether an error is the {@link AuditAppendFailedError} of a wrapped call.
 *
 * @example
 * ```ts
 * const result = await audited(source, options, ctx);
 * if (result.isErr() && isAuditAppendFailed(result.error) && result.error.callResult?.isOk()) {
 *   // the restore ran and succeeded, but the journal missed it: page someone
 * }
 * ```
 */
export function isAuditAppendFailed(error: unknown): error is AuditAppendFailedError {
  return (
    isDrErrorOf(error, 'ProviderError') &&
    error.provider === 'audit' &&
    (error.code === 'StartRecordNotWritten' || error.code === 'EndRecordNotWritten')
  );
}

type Shape = 'result' | 'promise';
type Outcome = Result<unknown, unknown>;
type AnyFunction = (...args: unknown[]) => unknown;

/**
 * Wraps a function so that every call is journalled in a tamper-evident audit log: a `start`
 * record (with the redacted input) when the call begins and an `end` record (outcome, duration,
 * redacted result summary or error) when it finishes. Records are hash-chained per sink (see
 * {@link verifyAuditLog}); concurrent calls share the sink's one serialised writer.
 *
 * The wrapper has the function's signature. A function returning a `ResultAsync` gives a
 * `ResultAsync`; one returning a `Promise` gives a `Promise` (rejecting as the function does).
 * The result is handed back only after the `end` record is durable in the sink.
 *
 * Context: when the last argument looks like a `DrContext` (it has a `clock`, or only context
 * fields such as `runId`), the records take `runId`, time (`clock`) and the default sink
 * (`audit`) from it, and it is left out of the recorded input.
 *
 * When a record cannot be appended the call is reported as failed with an
 * {@link AuditAppendFailedError} (`ProviderError`, provider `audit`): the journal never misses
 * a call silently. If the `start` record fails, the function is not called (`callMade: false`,
 * retryable). If the `end` record fails, the function's own outcome is in `callResult`.
 * The `start` record is durable before the function is called whenever the wrapper knows the
 * function's shape: always for `async` functions, and for others from their second call on
 * (the first call's return value tells it). On a first call of a non-`async` function, the
 * `start` record is queued, so ordered, before the call begins and written while it runs.
 *
 * Bad options (empty `actor`, no step name, no sink) make each call return `InvalidInput`
 * without calling the function: as an `err` for ResultAsync functions and non-`async` functions
 * not yet called, as a rejection for `async` functions.
 *
 * @example
 * ```ts
 * const sink = fileAuditSink('/var/lib/drkit/audit.jsonl');
 * const auditedRestore = withAuditLog(restorePoint, { sink, actor: 'weekly-restore-test' });
 * const report = await auditedRestore(source, { select: 'latest' }, ctx); // Result<Report, DrError>
 *
 * const auditedSend = withAuditLog(async function putParameter(name: string, value: string) {
 *   return ssm.send(new PutParameterCommand({ Name: name, Value: value, Overwrite: true }));
 * }, { sink, actor: 'failover-lambda', summarize: (out) => ({ version: out.Version }) });
 * await auditedSend('/app/db-endpoint', 'standby.example.internal'); // Promise, as before
 * ```
 */
export function withAuditLog<A extends unknown[], T, E>(
  fn: (...args: A) => ResultAsync<T, E>,
  options: AuditLogOptions<A, T>,
): (...args: A) => ResultAsync<T, E | InvalidInputError | AuditAppendFailedError<T, E>>;
export function withAuditLog<A extends unknown[], T>(
  fn: (...args: A) => Promise<T>,
  options: AuditLogOptions<A, T>,
): (...args: A) => Promise<T>;
export function withAuditLog(fn: AnyFunction, options: AuditLogOptions<unknown[], unknown>): AnyFunction {
  const step = options?.step ?? (typeof fn === 'function' ? fn.name : undefined);
  let shape: Shape | undefined = isAsyncFunction(fn) ? 'promise' : undefined;

  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const ctx = contextOf(args);
    const sink = options?.sink ?? ctx?.audit;
    const problems = new Problems();
    if (typeof fn !== 'function') problems.add('fn', 'must be a function');
    if (typeof options?.actor !== 'string' || options.actor.trim() === '') {
      problems.add('options.actor', 'must be a non-empty string naming who or what makes the call');
    }
    if (typeof step !== 'string' || step.trim() === '') {
      problems.add('options.step', 'is required when the function has no name');
    }
    if (typeof sink?.append !== 'function') {
      problems.add('options.sink', 'must be an AuditSink (or pass one as the context argument’s audit)');
    }
    if (options?.summarize !== undefined && typeof options.summarize !== 'function') {
      problems.add('options.summarize', 'must be a function');
    }
    if (problems.any) return present(shape ?? 'result', Promise.resolve(err(invalidInput(problems.list))));

    const call = new AuditedCall(sink!, options, step!, ctx, ctx ? args.slice(0, -1) : args);
    const known = shape;
    if (known) {
      const outcome = call.start().then((started) => {
        if (!started.ok) return err(call.failure('StartRecordNotWritten', started.error, undefined));
        const invoked = invoke(fn, this, args, known, step!);
        return call.finish(invoked.settled, undefined);
      });
      return present(known, outcome);
    }
    const starting = call.start();
    const invoked = invoke(fn, this, args, undefined, step!);
    if (invoked.shape) shape = invoked.shape;
    const outcome = starting.then((started) => call.finish(invoked.settled, started.ok ? undefined : started));
    return present(invoked.shape ?? 'promise', outcome);
  };
  if (typeof fn === 'function') Object.defineProperty(wrapped, 'name', { value: fn.name, configurable: true });
  return wrapped;
}

/** The records of one call. */
class AuditedCall {
  readonly #sink: AuditSink;
  readonly #options: AuditLogOptions<unknown[], unknown>;
  readonly #clock: Clock;
  readonly #input: unknown[];
  readonly #base: Pick<AuditEntry, 'runId' | 'step' | 'actor' | 'callId' | 'attributes'>;
  #startedAt = 0;

  constructor(
    sink: AuditSink,
    options: AuditLogOptions<unknown[], unknown>,
    step: string,
    ctx: DrContextInput | undefined,
    input: unknown[],
  ) {
    this.#sink = sink;
    this.#options = options;
    this.#clock = typeof ctx?.clock?.now === 'function' ? ctx.clock : systemClock;
    this.#input = input;
    this.#base = {
      runId: typeof ctx?.runId === 'string' ? ctx.runId : (options.runId ?? `run-${randomUUID()}`),
      step,
      actor: options.actor,
      callId: randomUUID(),
      ...(ctx?.dryRun === true ? { attributes: { dryRun: true } } : {}),
    };
  }

  /** Queues the `start` record at once (so it precedes the call's `end` in the chain). */
  start(): Promise<{ ok: true } | { ok: false; error: unknown }> {
    this.#startedAt = this.#clock.now();
    return this.#append({ ...this.#base, phase: 'start', at: iso(this.#startedAt), input: this.#input }).then(
      () => ({ ok: true }) as const,
      (error: unknown) => ({ ok: false, error }) as const,
    );
  }

  /** Waits for the call, appends its `end` record and says what the caller gets. Never rejects. */
  async finish(settled: Promise<Outcome>, startFailure: { error: unknown } | undefined): Promise<Outcome> {
    const result = await settled;
    const endedAt = this.#clock.now();
    const entry: AuditEntry = {
      ...this.#base,
      phase: 'end',
      at: iso(endedAt),
      durationMs: endedAt - this.#startedAt,
      ...(result.isOk()
        ? { outcome: 'succeeded' as const, result: this.#summarize(result.value) }
        : { outcome: 'failed' as const, error: describeError(result.error, this.#options.redact) }),
    };
    try {
      await this.#append(entry);
    } catch (endError) {
      return err(this.failure('EndRecordNotWritten', endError, result));
    }
    if (startFailure) return err(this.failure('StartRecordNotWritten', startFailure.error, result));
    return result;
  }

  failure(code: AuditAppendFailedError['code'], sinkError: unknown, callResult: Outcome | undefined) {
    const which = code === 'StartRecordNotWritten' ? 'start' : 'end';
    const reason = isDrError(sinkError) ? sinkError.message : toDrError(sinkError).message;
    const what = callResult
      ? `the call was made and ${callResult.isOk() ? 'succeeded' : 'failed'}`
      : 'the call was not made';
    const error = drError(
      'ProviderError',
      `audit ${which} record of "${this.#base.step}" not written (${reason}); ${what}`,
      {
        provider: 'audit',
        operation: 'append',
        code,
        retryable: callResult === undefined,
        cause: sinkError,
      },
    ) as unknown as Record<string, unknown>;
    error.step = this.#base.step;
    error.callId = this.#base.callId;
    error.callMade = callResult !== undefined;
    if (callResult) Object.defineProperty(error, 'callResult', { value: callResult, enumerable: false });
    return error as unknown as AuditAppendFailedError;
  }

  #summarize(value: unknown): unknown {
    if (!this.#options.summarize) return value;
    try {
      return this.#options.summarize(value, this.#input);
    } catch (e) {
      return `[summarize failed: ${e instanceof Error ? e.message : String(e)}]`;
    }
  }

  #append(entry: AuditEntry): Promise<AuditRecord> {
    // Everything in the record passes the redaction, so no secret reaches the sink.
    return appendEntry(this.#sink, redact(entry, this.#options.redact) as AuditEntry);
  }
}

/** Calls the function and settles what it returns into an Outcome that never rejects. */
function invoke(
  fn: AnyFunction,
  thisArg: unknown,
  args: unknown[],
  known: Shape | undefined,
  step: string,
): { shape: Shape | undefined; settled: Promise<Outcome> } {
  let returned: unknown;
  try {
    returned = fn.apply(thisArg, args);
  } catch (thrown) {
    // A ResultAsync function must not throw; if it does, its caller still gets an err.
    const error = known === 'result' ? toDrError(thrown, { provider: 'unknown', operation: step }) : thrown;
    return { shape: undefined, settled: Promise.resolve(err(error)) };
  }
  if (isResultAsyncLike(returned)) {
    return {
      shape: 'result',
      settled: Promise.resolve(returned).then(
        (r: unknown) => (isResultLike(r) ? r : ok(r)),
        (e: unknown) => err(e),
      ),
    };
  }
  return {
    shape: 'promise',
    settled: Promise.resolve(returned).then(
      (v: unknown) => ok(v),
      (e: unknown) => err(e),
    ),
  };
}

/** Hands the outcome back in the function's own shape. */
function present(shape: Shape, outcome: Promise<Outcome>): unknown {
  const safe = outcome.catch((e: unknown) => err(toDrError(e, { provider: 'audit', operation: 'append' })));
  if (shape === 'result') return new ResultAsync(safe);
  return safe.then((r) => (r.isOk() ? r.value : Promise.reject(r.error)));
}

const CONTEXT_KEYS = new Set(['clock', 'signal', 'logger', 'audit', 'metrics', 'runId', 'dryRun', 'random']);

/** The call's context: its last argument, when that looks like a (partial) DrContext. */
function contextOf(args: readonly unknown[]): DrContextInput | undefined {
  const last = args.at(-1);
  if (typeof last !== 'object' || last === null || Array.isArray(last)) return undefined;
  const candidate = last as Record<string, unknown>;
  const clock = candidate.clock as Partial<Clock> | undefined;
  if (typeof clock?.now === 'function' && typeof clock.sleep === 'function') return candidate;
  const keys = Object.keys(candidate);
  const onlyContextKeys = keys.length > 0 && keys.every((k) => CONTEXT_KEYS.has(k));
  const identifying =
    typeof candidate.runId === 'string' ||
    candidate.signal instanceof AbortSignal ||
    typeof (candidate.audit as Partial<AuditSink> | undefined)?.append === 'function';
  return onlyContextKeys && identifying ? candidate : undefined;
}

function describeError(error: unknown, rules: RedactionRulesInput | undefined): NonNullable<AuditRecord['error']> {
  if (isDrError(error)) return { kind: error.kind, message: error.message, retryable: error.retryable };
  if (typeof error === 'object' && error !== null && typeof (error as Error).message === 'string') {
    const e = error as Error & { retryable?: unknown; $retryable?: unknown };
    return {
      kind: typeof e.name === 'string' && e.name !== '' ? e.name : 'Error',
      message: e.message,
      retryable: e.retryable === true || (e.retryable === undefined && e.$retryable !== undefined),
    };
  }
  const message = typeof error === 'string' ? error : canonicalJson(redact(error, rules));
  return { kind: 'Thrown', message, retryable: false };
}

function iso(ms: number): string {
  try {
    return new Date(ms).toISOString();
  } catch {
    return String(ms);
  }
}

function isAsyncFunction(fn: unknown): boolean {
  return typeof fn === 'function' && fn.constructor?.name === 'AsyncFunction';
}

function isResultAsyncLike(value: unknown): boolean {
  if (value instanceof ResultAsync) return true;
  const v = value as Record<string, unknown> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.then === 'function' &&
    typeof v.andThen === 'function' &&
    typeof v.mapErr === 'function' &&
    typeof v.match === 'function'
  );
}

function isResultLike(value: unknown): value is Outcome {
  const v = value as Record<string, unknown> | null;
  return typeof v === 'object' && v !== null && typeof v.isOk === 'function' && typeof v.isErr === 'function';
}
