import type { Result } from 'neverthrow';
import type { DrContext } from '../context/DrContext';
import { formatDrError, type DrError } from '../errors/DrError';
import { formatDuration } from '../time/duration';
import type { Check, CheckStatus, CheckVerdict } from '../ports/Check';
import type { Problems } from '../errors/problems';
import type { Duration } from '../time/duration';
import { callPort, checkPort, durationOption, isNonEmptyString, isObject, linkedAbort } from './internal';

/** A check's verdict as the primitives report it: with when it ran and why it could not decide. */
export interface TimedVerdict extends CheckVerdict {
  /** Whether the overall verdict depends on it. */
  readonly required: boolean;
  /** When the check started (ms epoch, `ctx.clock`). */
  readonly startedAt: number;
  /** Why the check could not decide (it returned an error or timed out); the verdict is then `failed`. */
  readonly error?: { readonly kind: string; readonly message: string };
}

const STATUSES: readonly CheckStatus[] = ['passed', 'failed', 'skipped'];

/**
 * Runs one check under a timeout on the context clock. Never fails: an error, a throw, a timeout
 * or a malformed verdict becomes a `failed` verdict that says why. Returns `undefined` only when
 * the context signal fired (the caller reports `Aborted`).
 */
export async function runCheck<S>(
  check: Check<S>,
  subject: S,
  timeoutMs: number,
  ctx: DrContext,
): Promise<TimedVerdict | undefined> {
  const required = check.required !== false;
  const startedAt = ctx.clock.now();
  const link = linkedAbort(ctx.signal);
  const timer = new AbortController();
  const checkCtx: DrContext = { ...ctx, signal: link.controller.signal };
  type Raced = { kind: 'done'; result: Result<CheckVerdict, DrError> } | { kind: 'timeout' };
  const timedOut = ctx.clock.sleep(timeoutMs, timer.signal).then(
    (): Raced => ({ kind: 'timeout' }),
    // The timer is cancelled once the check settles; that rejection means nothing.
    () => new Promise<Raced>(() => {}),
  );
  const ran = (async (): Promise<Raced> => ({
    kind: 'done',
    result: await callPort(check.name, 'check', () => check.run(subject, checkCtx)),
  }))();
  const raced = await Promise.race([ran, timedOut]);
  timer.abort();
  if (raced.kind === 'timeout') link.controller.abort(new Error(`check ${check.name} timed out`));
  link.dispose();
  if (ctx.signal.aborted) return undefined;
  const durationMs = Math.max(0, ctx.clock.now() - startedAt);
  const base = { name: check.name, required, startedAt, durationMs };
  if (raced.kind === 'timeout') {
    const message = `did not decide within ${formatDuration(timeoutMs)}`;
    return { ...base, status: 'failed', detail: message, error: { kind: 'Timeout', message } };
  }
  if (raced.result.isErr()) return undecided(base, raced.result.error);
  const v = raced.result.value as Partial<CheckVerdict> | null;
  if (!isObject(v) || !STATUSES.includes(v.status as CheckStatus)) {
    const message = 'returned a verdict without a valid status';
    return { ...base, status: 'failed', detail: message, error: { kind: 'ProviderError', message } };
  }
  return {
    ...base,
    status: v.status!,
    ...(typeof v.detail === 'string' ? { detail: v.detail } : {}),
    ...(isObject(v.evidence) ? { evidence: v.evidence } : {}),
  };
}

function undecided(base: Omit<TimedVerdict, 'status'>, e: DrError): TimedVerdict {
  return {
    ...base,
    status: 'failed',
    detail: `could not decide: ${formatDrError(e)}`,
    error: { kind: e.kind, message: e.message },
  };
}

/** Runs `tasks` with at most `limit` running at a time; results keep the input order. */
export async function withConcurrency<T>(limit: number, tasks: readonly (() => Promise<T>)[]): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** Checks a list of checks: non-empty, each a named check with a unique name and a valid timeout. */
export function checkChecks(
  problems: Problems,
  path: string,
  checks: unknown,
  defaultTimeoutMs: number,
  timeoutsOut: number[],
  { allowEmpty = false }: { allowEmpty?: boolean } = {},
): void {
  if (!Array.isArray(checks)) {
    problems.add(path, 'must be an array of checks');
    return;
  }
  if (checks.length === 0 && !allowEmpty)
    problems.add(path, 'must hold at least one check (a validation without checks proves nothing)');
  const names = new Set<string>();
  checks.forEach((c: unknown, i) => {
    const at = `${path}[${i}]`;
    checkPort(problems, at, c, ['run']);
    if (!isObject(c)) return;
    if (isNonEmptyString(c.name)) {
      if (names.has(c.name)) problems.add(`${at}.name`, `duplicates check "${c.name}"`);
      names.add(c.name);
    }
    if (c.required !== undefined && typeof c.required !== 'boolean')
      problems.add(`${at}.required`, 'must be a boolean');
    timeoutsOut[i] = durationOption(problems, `${at}.timeout`, c.timeout as Duration | undefined, defaultTimeoutMs);
  });
}
