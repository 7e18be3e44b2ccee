import { ResultAsync, err, errAsync, ok, type Result } from 'neverthrow';
import { drError, invalidInput, type DrError } from '../errors/DrError';
import { Problems } from '../errors/problems';
import { resolveContext, type DrContext, type DrContextInput } from '../context/DrContext';
import type { Duration } from '../time/duration';
import { waitFor } from '../wait/waitFor';
import type { Promotion, Readiness, Standby, StandbyState } from '../ports/Standby';
import { idempotencyKey } from './idempotency';
import type { PlannedCall } from './plan';
import { callPort, callPortWithRetry, checkPort, durationOption, isNonEmptyString, isObject, isTime } from './internal';

/**
 * The standbys to promote: one standby, or a list promoted in order where an element that is
 * itself a list is a group promoted in parallel — e.g. `[dataTier, [webAsg, workerAsg], endpoints]`.
 */
export type StandbyPlan = Standby | readonly (Standby | readonly Standby[])[];

/** Options of {@link promoteStandby}. */
export interface PromoteStandbyOptions {
  /** Names this promotion within the run (idempotency keys derive from it and each standby's name). */
  readonly step: string;
  /** How long each group may take to become ready after its promotion. Default `'15m'`. */
  readonly readinessTimeout?: Duration;
  /** Absolute deadline (ms epoch) for the whole promotion, e.g. from the RTO. */
  readonly deadlineAt?: number;
  /** Shortest gap between readiness polls. Default `'5s'`. */
  readonly minPollInterval?: Duration;
  /** Longest gap between readiness polls. Default `'30s'`. */
  readonly maxPollInterval?: Duration;
}

/** One promoted standby in the report. */
export interface PromotedStandby {
  readonly name: string;
  /** 0-based index of its group in the plan. */
  readonly group: number;
  /** Hand this to {@link demoteStandby} to fail back. */
  readonly previous: StandbyState;
  readonly alreadyPromoted: boolean;
  readonly detail?: string;
  readonly promotedAt: number;
  readonly readyAt: number;
  /** From the promote call to readiness. */
  readonly durationMs: number;
  /** Readiness reads it took. */
  readonly polls: number;
  readonly readiness?: string;
}

/** A standby a dry run would promote. */
export interface PlannedStandby {
  readonly name: string;
  readonly group: number;
}

/** Fields every {@link PromoteStandbyReport} has. */
interface PromoteReportBase {
  readonly step: string;
  readonly startedAt: number;
  readonly completedAt: number;
  readonly durationMs: number;
  readonly plannedCalls: readonly PlannedCall[];
}

/** A promotion that ran. */
export interface StandbysPromoted extends PromoteReportBase {
  readonly dryRun: false;
  /** In promotion order. */
  readonly standbys: readonly PromotedStandby[];
  /** `previous` state by standby name, for failback. */
  readonly previous: Readonly<Record<string, StandbyState>>;
}

/** A dry run: what would be promoted, in which groups. */
export interface StandbysPlanned extends PromoteReportBase {
  readonly dryRun: true;
  readonly standbys: readonly PlannedStandby[];
}

/** The report of {@link promoteStandby}; narrow on `dryRun`. */
export type PromoteStandbyReport = StandbysPromoted | StandbysPlanned;

/** What {@link demoteStandby} did. */
export interface DemoteStandbyReport {
  readonly dryRun: boolean;
  readonly name: string;
  readonly detail?: string;
  readonly demotedAt: number;
  readonly plannedCalls: readonly PlannedCall[];
}

interface Settings {
  groups: Standby[][];
  readinessTimeoutMs: number;
  minPollMs: number;
  maxPollMs: number;
}

const STANDBY_METHODS = ['readiness', 'promote', 'demote'] as const;

/**
 * Makes warm standbys take the load: promotes them group by group (a group's standbys in
 * parallel), waits after each group until every member reports ready, and returns each one's
 * `previous` state for failback with {@link demoteStandby}. Data tiers go in an earlier group than
 * the capacity that depends on them.
 *
 * On any failure (a promote error, a readiness timeout, an abort) every standby already promoted
 * — including the successful members of the failing group — is demoted again, newest first, and
 * then the original error is returned; its message says how the compensation went. Throttling
 * is retried. Bad input (duplicate names, bad durations) is one `InvalidInput` before any call. In a
 * dry run nothing is called: the report lists the planned promote calls.
 *
 * @example
 * ```ts
 * const promoted = await promoteStandby(
 *   [globalDatastoreStandby({ client, globalReplicationGroupId, region: 'eu-west-1' }),
 *    [asgStandby({ client, name: 'web-eu-west-1', desired: 6 }), asgStandby({ client, name: 'worker-eu-west-1', desired: 2 })]],
 *   { step: 'promote-eu-west-1', readinessTimeout: '20m' },
 *   ctx,
 * );
 * if (promoted.isOk() && !promoted.value.dryRun) saveForFailback(promoted.value.previous);
 * ```
 */
export function promoteStandby(
  standbys: StandbyPlan,
  options: PromoteStandbyOptions,
  ctxInput?: DrContextInput,
): ResultAsync<PromoteStandbyReport, DrError> {
  const checked = checkOptions(standbys, options);
  if (checked.isErr()) return errAsync(checked.error);
  const ctx = resolveContext(ctxInput);
  return new ResultAsync(run(options, checked.value, ctx));
}

function checkOptions(standbys: StandbyPlan, options: PromoteStandbyOptions): Result<Settings, DrError> {
  const problems = new Problems();
  const groups: Standby[][] = [];
  const names = new Set<string>();
  const addStandby = (s: unknown, path: string, group: Standby[]) => {
    checkPort(problems, path, s, STANDBY_METHODS);
    if (isObject(s) && isNonEmptyString(s.name)) {
      if (names.has(s.name)) problems.add(`${path}.name`, `duplicates standby "${s.name}"`);
      names.add(s.name);
    }
    group.push(s as Standby);
  };
  if (Array.isArray(standbys)) {
    if (standbys.length === 0) problems.add('standbys', 'must hold at least one standby');
    standbys.forEach((item: unknown, i) => {
      const group: Standby[] = [];
      if (Array.isArray(item)) {
        if (item.length === 0) problems.add(`standbys[${i}]`, 'a parallel group must hold at least one standby');
        item.forEach((s: unknown, j) => addStandby(s, `standbys[${i}][${j}]`, group));
      } else addStandby(item, `standbys[${i}]`, group);
      groups.push(group);
    });
  } else {
    const group: Standby[] = [];
    addStandby(standbys, 'standby', group);
    groups.push(group);
  }
  if (typeof options !== 'object' || options === null)
    return problems.add('options', 'must be an object').result(undefined as never);
  if (!isNonEmptyString(options.step))
    problems.add('step', 'must name this promotion within the run, e.g. "promote-eu-west-1"');
  if (options.deadlineAt !== undefined && !isTime(options.deadlineAt))
    problems.add('deadlineAt', 'must be a time in ms since the epoch');
  const readinessTimeoutMs = durationOption(problems, 'readinessTimeout', options.readinessTimeout, 900_000);
  const minPollMs = durationOption(problems, 'minPollInterval', options.minPollInterval, 5_000);
  const maxPollMs = durationOption(problems, 'maxPollInterval', options.maxPollInterval, Math.max(30_000, minPollMs));
  if (maxPollMs < minPollMs) problems.add('maxPollInterval', 'must not be shorter than minPollInterval');
  return problems.result({ groups, readinessTimeoutMs, minPollMs, maxPollMs });
}

interface Promoted {
  standby: Standby;
  group: number;
  promotion: Promotion;
  promotedAt: number;
}

async function run(
  options: PromoteStandbyOptions,
  s: Settings,
  ctx: DrContext,
): Promise<Result<PromoteStandbyReport, DrError>> {
  const startedAt = ctx.clock.now();
  const plannedCalls: PlannedCall[] = [];
  const finish = () => {
    const completedAt = ctx.clock.now();
    return {
      step: options.step,
      startedAt,
      completedAt,
      durationMs: completedAt - startedAt,
      plannedCalls: [...plannedCalls],
    };
  };

  if (ctx.dryRun) {
    const standbys: PlannedStandby[] = [];
    s.groups.forEach((group, g) =>
      group.forEach((standby) => {
        standbys.push({ name: standby.name, group: g });
        plannedCalls.push({ port: 'Standby', target: standby.name, operation: 'promote', input: { group: g } });
      }),
    );
    return ok({ dryRun: true, standbys, ...finish() });
  }

  const promoted: Promoted[] = [];
  const done: PromotedStandby[] = [];
  for (const [g, group] of s.groups.entries()) {
    // Promote the whole group, then look at the outcomes: successful members must be known for compensation.
    const outcomes = await Promise.all(
      group.map(async (standby) => {
        const promotedAt = ctx.clock.now();
        const key = idempotencyKey(ctx.runId, options.step, standby.name);
        plannedCalls.push({ port: 'Standby', target: standby.name, operation: 'promote', input: { group: g } });
        const result = await callPortWithRetry(
          standby.name,
          'promote',
          () => standby.promote({ idempotencyKey: key, runId: ctx.runId }, ctx),
          ctx,
        );
        if (result.isOk()) {
          promoted.push({ standby, group: g, promotion: result.value, promotedAt });
          ctx.logger.info('promoteStandby: promoted', {
            standby: standby.name,
            alreadyPromoted: result.value.alreadyPromoted === true,
          });
        }
        return result;
      }),
    );
    const failedPromote = outcomes.find((o) => o.isErr());
    if (failedPromote?.isErr()) return err(await compensate(promoted, failedPromote.error, ctx));

    const deadlineAt = Math.min(ctx.clock.now() + s.readinessTimeoutMs, options.deadlineAt ?? Infinity);
    const readied = await Promise.all(
      promoted
        .filter((p) => p.group === g)
        .map(async (p) => {
          const waited = await waitFor(
            () =>
              callPort<Readiness>(p.standby.name, 'readiness', () => p.standby.readiness(ctx)).map((r) =>
                r.ready
                  ? { done: true as const, value: r, ...(isTime(r.readyAt) ? { completedAt: r.readyAt } : {}) }
                  : { done: false as const, ...(r.detail ? { progress: r.detail } : {}) },
              ),
            {
              what: `standby ${p.standby.name} to become ready`,
              deadlineAt,
              timeout: s.readinessTimeoutMs,
              ...(p.standby.expectedReadyMs && p.standby.expectedReadyMs > 0
                ? { expectedDuration: p.standby.expectedReadyMs }
                : {}),
              minInterval: s.minPollMs,
              maxInterval: s.maxPollMs,
            },
            ctx,
          );
          return waited.map((w): PromotedStandby => {
            const readyAt = w.value.readyAt ?? ctx.clock.now();
            return {
              name: p.standby.name,
              group: g,
              previous: p.promotion.previous,
              alreadyPromoted: p.promotion.alreadyPromoted === true,
              ...(p.promotion.detail ? { detail: p.promotion.detail } : {}),
              promotedAt: p.promotedAt,
              readyAt,
              durationMs: Math.max(0, readyAt - p.promotedAt),
              polls: w.polls,
              ...(w.value.detail ? { readiness: w.value.detail } : {}),
            };
          });
        }),
    );
    const notReady = readied.find((r) => r.isErr());
    if (notReady?.isErr()) return err(await compensate(promoted, notReady.error, ctx));
    for (const r of readied) if (r.isOk()) done.push(r.value);
  }

  const previous: Record<string, StandbyState> = {};
  for (const p of done) previous[p.name] = p.previous;
  const report: StandbysPromoted = { dryRun: false, standbys: done, previous, ...finish() };
  ctx.metrics.putMetric('PromotionDuration', report.durationMs / 1000, 'Seconds', { step: options.step });
  ctx.logger.info('promoteStandby: all standbys ready', { step: options.step, standbys: done.map((d) => d.name) });
  return ok(report);
}

/**
 * Demotes every promoted standby, newest first, and returns the original error with the outcome
 * appended to its message. Runs even after an abort (with a fresh signal): leaving a half-promoted
 * set behind is worse than finishing the undo.
 */
async function compensate(promoted: readonly Promoted[], cause: DrError, ctx: DrContext): Promise<DrError> {
  if (promoted.length === 0) return cause;
  const undoCtx: DrContext = { ...ctx, signal: new AbortController().signal };
  const demoted: string[] = [];
  const failed: string[] = [];
  for (const p of [...promoted].reverse()) {
    const result = await callPortWithRetry(
      p.standby.name,
      'demote',
      () => p.standby.demote(p.promotion.previous, undoCtx),
      undoCtx,
    );
    if (result.isOk()) demoted.push(p.standby.name);
    else {
      failed.push(`${p.standby.name} (${result.error.kind}: ${result.error.message})`);
      ctx.logger.error('promoteStandby: compensation failed; demote it by hand', {
        standby: p.standby.name,
        kind: result.error.kind,
        error: result.error.message,
      });
    }
  }
  ctx.logger.warn('promoteStandby: compensated', { demoted, failed: failed.length });
  const note = `compensated: demoted ${demoted.join(', ') || 'none'}${failed.length ? `; demote FAILED for ${failed.join(', ')}` : ''}`;
  return withMessage(cause, `${cause.message} (${note})`);
}

/** A copy of `e` with another message, keeping its kind, fields and (non-enumerable) cause. */
function withMessage(e: DrError, message: string): DrError {
  const { kind, retryable: _retryable, message: _old, ...fields } = e as DrError & Record<string, unknown>;
  const copy = drError(kind, message, {
    ...fields,
    retryable: e.retryable,
    ...(e.cause !== undefined ? { cause: e.cause } : {}),
  });
  return copy;
}

/**
 * Fails a promoted standby back: hands it the `previous` state its promotion returned. Retries
 * throttling; in a dry run only reports the planned call.
 *
 * @example
 * ```ts
 * for (const p of [...promoted.standbys].reverse()) {
 *   await demoteStandby(standbysByName[p.name], p.previous, ctx);
 * }
 * ```
 */
export function demoteStandby(
  standby: Standby,
  previous: StandbyState,
  ctxInput?: DrContextInput,
): ResultAsync<DemoteStandbyReport, DrError> {
  const problems = new Problems();
  checkPort(problems, 'standby', standby, ['demote']);
  if (!isObject(previous)) problems.add('previous', 'must be the `previous` state a promotion returned');
  if (problems.any) return errAsync(invalidInput(problems.list));
  const ctx = resolveContext(ctxInput);
  const plannedCalls: PlannedCall[] = [{ port: 'Standby', target: standby.name, operation: 'demote' }];
  if (ctx.dryRun)
    return new ResultAsync(
      Promise.resolve(ok({ dryRun: true, name: standby.name, demotedAt: ctx.clock.now(), plannedCalls })),
    );
  return callPortWithRetry(standby.name, 'demote', () => standby.demote(previous, ctx), ctx).map((d) => {
    ctx.logger.info('demoteStandby: demoted', { standby: standby.name });
    return {
      dryRun: false,
      name: standby.name,
      ...(d?.detail ? { detail: d.detail } : {}),
      demotedAt: ctx.clock.now(),
      plannedCalls,
    };
  });
}
