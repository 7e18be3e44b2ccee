import { ResultAsync, err, errAsync, ok, type Result } from 'neverthrow';
import { drError, invalidInput, type DrError } from '../errors/DrError';
import { abortedError } from '../time/Clock';
import { Problems } from '../errors/problems';
import { resolveContext, type DrContext, type DrContextInput } from '../context/DrContext';
import { type Duration } from '../time/duration';
import { waitFor } from '../wait/waitFor';
import { sleepOnClock } from '../wait/sleep';
import type { Check } from '../ports/Check';
import type { PropagationStatus, RoutingChange, TrafficRouter, Weights } from '../ports/TrafficRouter';
import { idempotencyKey } from './idempotency';
import type { PlannedCall } from './plan';
import { callPort, callPortWithRetry, checkPort, durationOption, isNonEmptyString, isObject } from './internal';
import { checkChecks, runCheck, type TimedVerdict } from './runCheck';

/** What a traffic gate looks at: the step being baked. */
export interface GateSubject {
  /** `router.name`. */
  readonly router: string;
  /** 1-based step number. */
  readonly step: number;
  /** Percent of the from/to traffic on `to` at this step. */
  readonly percent: number;
  readonly weights: Weights;
  /** How long this step has baked so far. */
  readonly bakedMs: number;
}

/** The plan of {@link shiftTraffic}. */
export interface ShiftTrafficPlan {
  /** Names this shift within the run (idempotency keys derive from it). */
  readonly step: string;
  /** The target traffic moves away from (Route 53 `SetIdentifier`). */
  readonly from: string;
  /** The target traffic moves to. */
  readonly to: string;
  /**
   * Percent of the from/to traffic on `to` after each step, strictly increasing, each in 1..100,
   * e.g. `[10, 50, 100]`. Give this or `stepPercent`; default 10 % increments. A failover router
   * accepts only `[100]` (its default).
   */
  readonly steps?: readonly number[];
  /** Equal increments: `25` means 25, 50, 75, 100. */
  readonly stepPercent?: number;
  /** How long each step bakes (gates are polled meanwhile) before the next. */
  readonly bake: Duration;
  /** Checks that must not fail while a step bakes; an empty list bakes without gates. */
  readonly gates: readonly Check<GateSubject>[];
  /** How often gates are polled while baking. Default `'30s'`. */
  readonly gateInterval?: Duration;
  /** How long one gate run may take before it counts as failed. Default `'1m'`. */
  readonly gateTimeout?: Duration;
  /** How long to wait for each change to propagate. Default `'10m'`. */
  readonly propagationTimeout?: Duration;
}

/** One step of a traffic shift, as reported. */
export interface ShiftStepReport {
  /** 1-based. */
  readonly step: number;
  readonly percent: number;
  readonly weights: Weights;
  /**
   * `applied` (propagated and baked with every gate passing), `already-applied` (the router
   * already served these weights, e.g. on resume: baked but not re-applied), `skipped` (behind
   * the current routing), `planned` (dry run), `rolled-back` (a gate failed during its bake).
   */
  readonly status: 'applied' | 'already-applied' | 'skipped' | 'planned' | 'rolled-back';
  readonly changeId?: string;
  readonly appliedAt?: number;
  readonly propagatedAt?: number;
  readonly bakeEndedAt?: number;
  /** How many times the gates were polled. */
  readonly gateRuns: number;
  /** The last gate verdicts of the step. */
  readonly verdicts: readonly TimedVerdict[];
}

/** The report of {@link shiftTraffic}. */
export interface ShiftTrafficReport {
  readonly dryRun: boolean;
  readonly router: string;
  readonly from: string;
  readonly to: string;
  /** The routing before the shift. */
  readonly initial: Weights;
  /** The routing after the shift (in a dry run, what it would be). */
  readonly final: Weights;
  readonly steps: readonly ShiftStepReport[];
  readonly startedAt: number;
  readonly completedAt: number;
  readonly durationMs: number;
  readonly plannedCalls: readonly PlannedCall[];
}

/** What a `GateFailed` error of {@link shiftTraffic} carries as `evidence`. */
export interface GateFailureEvidence {
  readonly step: number;
  readonly percent: number;
  /** The failed gate verdicts. */
  readonly verdicts: readonly TimedVerdict[];
  /** The weights restored (the last step whose bake passed, or the initial routing). */
  readonly rolledBackTo: Weights;
  readonly rolledBack: boolean;
  readonly rollbackChangeId?: string;
  /** Why the rollback failed, when it did. */
  readonly rollbackError?: { readonly kind: string; readonly message: string };
  /** The report up to the failure. */
  readonly report: ShiftTrafficReport;
}

interface Settings {
  percents: number[];
  bakeMs: number;
  gateIntervalMs: number;
  gateTimeoutMs: number;
  propagationTimeoutMs: number;
  gateTimeouts: number[];
}

/**
 * Moves traffic from one routing target to another in steps. Each step is one atomic routing
 * change (all records at once), awaited until propagated, then baked for `plan.bake` while the
 * gates are polled every `gateInterval` (and once more at the end of the bake). When a required
 * gate fails — or cannot decide, or times out — traffic is rolled back to the last good weights (the
 * last step whose bake passed, else the routing found at the start) and the result is
 * `GateFailed` with {@link GateFailureEvidence}; an optional gate (`required: false`) that fails is
 * only logged. If the rollback itself fails the error is still `GateFailed`, with
 * `evidence.rolledBack: false` and the reason in its message. Weights that are all zero are never applied
 * (Route 53 would then spread traffic evenly). Throttling and retryable conflicts (a change still
 * in progress) are retried. Steps behind the current routing are skipped, so a resumed shift
 * does not move traffic backwards.
 *
 * Only the `from` and `to` targets change; other targets keep their weights. Percentages are of
 * the from/to pair, on a scale of 100. A `failover` router is moved in one step.
 *
 * The routing is read first (a read, also in a dry run); an unknown `from`/`to` is then
 * `InvalidInput`. In a dry run no change is applied and no gate runs: the report lists the
 * planned steps. A propagation timeout or an abort leaves the routing where it is (no rollback).
 *
 * @example
 * ```ts
 * const shifted = await shiftTraffic(
 *   route53WeightedRouter({ client, hostedZoneId, recordName: 'api.example.com', type: 'A' }),
 *   { step: 'failover-api', from: 'eu-central-1', to: 'eu-west-1', stepPercent: 25, bake: '5m',
 *     gates: [alarmGate({ alarmNames: ['api-5xx-eu-west-1'] })], gateInterval: '30s' },
 *   ctx,
 * );
 * if (shifted.isErr() && shifted.error.kind === 'GateFailed') console.log(shifted.error.evidence);
 * ```
 */
export function shiftTraffic(
  router: TrafficRouter,
  plan: ShiftTrafficPlan,
  ctxInput?: DrContextInput,
): ResultAsync<ShiftTrafficReport, DrError> {
  const checked = checkPlan(router, plan);
  if (checked.isErr()) return errAsync(checked.error);
  const ctx = resolveContext(ctxInput);
  return new ResultAsync(run(router, plan, checked.value, ctx));
}

function checkPlan(router: TrafficRouter, plan: ShiftTrafficPlan): Result<Settings, DrError> {
  const problems = new Problems();
  checkPort(problems, 'router', router, ['readRouting', 'applyRouting', 'changeStatus']);
  const failover = isObject(router) && router.mode === 'failover';
  if (isObject(router) && router.mode !== undefined && router.mode !== 'weighted' && router.mode !== 'failover') {
    problems.add('router.mode', 'must be "weighted" or "failover"');
  }
  if (typeof plan !== 'object' || plan === null)
    return problems.add('plan', 'must be an object').result(undefined as never);
  if (!isNonEmptyString(plan.step)) problems.add('step', 'must name this shift within the run, e.g. "failover-api"');
  if (!isNonEmptyString(plan.from)) problems.add('from', 'must be a routing target id');
  if (!isNonEmptyString(plan.to)) problems.add('to', 'must be a routing target id');
  if (isNonEmptyString(plan.from) && plan.from === plan.to) problems.add('to', 'must differ from "from"');

  let percents: number[] = [];
  if (plan.steps !== undefined && plan.stepPercent !== undefined)
    problems.add('steps', 'give either steps or stepPercent, not both');
  else if (plan.steps !== undefined) {
    if (!Array.isArray(plan.steps) || plan.steps.length === 0)
      problems.add('steps', 'must be a non-empty array of percentages');
    else {
      plan.steps.forEach((p: unknown, i) => {
        if (typeof p !== 'number' || !Number.isFinite(p) || p <= 0 || p > 100)
          problems.add(`steps[${i}]`, 'must be a percentage in (0, 100]');
        else if (i > 0 && p <= (plan.steps![i - 1] as number))
          problems.add(`steps[${i}]`, 'must be larger than the step before (steps only move traffic towards "to")');
      });
      percents = Array.from(plan.steps as readonly number[]);
    }
  } else if (plan.stepPercent !== undefined) {
    const sp = plan.stepPercent;
    if (typeof sp !== 'number' || !Number.isFinite(sp) || sp <= 0 || sp > 100)
      problems.add('stepPercent', 'must be a percentage in (0, 100]');
    else percents = increments(sp);
  } else percents = failover ? [100] : increments(10);
  if (
    failover &&
    (percents.length !== 1 || percents[0] !== 100) &&
    (plan.steps !== undefined || plan.stepPercent !== undefined)
  ) {
    problems.add(
      'steps',
      `router "${String(router.name)}" is a failover router: it moves all traffic at once, use steps: [100]`,
    );
  }

  if (plan.bake === undefined) problems.add('bake', 'is required (use 0 for no bake)');
  const bakeMs = durationOption(problems, 'bake', plan.bake, 0, { positive: false });
  const gateIntervalMs = durationOption(problems, 'gateInterval', plan.gateInterval, 30_000);
  const gateTimeoutMs = durationOption(problems, 'gateTimeout', plan.gateTimeout, 60_000);
  const propagationTimeoutMs = durationOption(problems, 'propagationTimeout', plan.propagationTimeout, 600_000);
  const gateTimeouts: number[] = [];
  if (plan.gates === undefined) problems.add('gates', 'is required (use [] to bake without gates)');
  else checkChecks(problems, 'gates', plan.gates, gateTimeoutMs, gateTimeouts, { allowEmpty: true });
  return problems.result({ percents, bakeMs, gateIntervalMs, gateTimeoutMs, propagationTimeoutMs, gateTimeouts });
}

function increments(step: number): number[] {
  const out: number[] = [];
  for (let p = step; p < 100 - 1e-9; p += step) out.push(Math.round(p * 100) / 100);
  out.push(100);
  return out;
}

/** The full weights of a step: from/to split on a scale of 100, other targets unchanged. */
function weightsAt(initial: Weights, from: string, to: string, percent: number): Weights {
  const onTo = Math.round(percent);
  return { ...initial, [from]: 100 - onTo, [to]: onTo };
}

const sameWeights = (a: Weights, b: Weights): boolean => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if ((a[k] ?? 0) !== (b[k] ?? 0)) return false;
  return true;
};

async function run(
  router: TrafficRouter,
  plan: ShiftTrafficPlan,
  s: Settings,
  ctx: DrContext,
): Promise<Result<ShiftTrafficReport, DrError>> {
  const startedAt = ctx.clock.now();
  const read = await callPortWithRetry(router.name, 'readRouting', () => router.readRouting(ctx), ctx);
  if (read.isErr()) return err(read.error);
  const initial: Weights = { ...read.value.targets };
  const problems = new Problems();
  const known = Object.keys(initial).join(', ') || 'none';
  if (!(plan.from in initial))
    problems.add('from', `target "${plan.from}" is not served by ${router.name} (targets: ${known})`);
  if (!(plan.to in initial))
    problems.add('to', `target "${plan.to}" is not served by ${router.name} (targets: ${known})`);
  if (problems.any) return err(invalidInput(problems.list));

  const pair = (initial[plan.from] ?? 0) + (initial[plan.to] ?? 0);
  const currentPercent = pair > 0 ? ((initial[plan.to] ?? 0) * 100) / pair : 0;
  const steps: ShiftStepReport[] = [];
  const plannedCalls: PlannedCall[] = [];
  let lastGood = initial;
  const report = (): ShiftTrafficReport => {
    const completedAt = ctx.clock.now();
    return {
      dryRun: ctx.dryRun,
      router: router.name,
      from: plan.from,
      to: plan.to,
      initial,
      final: ctx.dryRun ? (steps.at(-1)?.weights ?? initial) : lastGood,
      steps: [...steps],
      startedAt,
      completedAt,
      durationMs: completedAt - startedAt,
      plannedCalls: [...plannedCalls],
    };
  };

  for (const [i, percent] of s.percents.entries()) {
    const stepNo = i + 1;
    const weights = weightsAt(initial, plan.from, plan.to, percent);
    const base = { step: stepNo, percent, weights, gateRuns: 0, verdicts: [] as TimedVerdict[] };
    if (Math.round(percent) < Math.round(currentPercent)) {
      steps.push({ ...base, status: 'skipped' });
      continue;
    }
    const alreadyApplied = sameWeights(weights, lastGood);
    if (ctx.dryRun) {
      if (!alreadyApplied)
        plannedCalls.push({
          port: 'TrafficRouter',
          target: router.name,
          operation: 'applyRouting',
          input: { step: stepNo, weights },
        });
      steps.push({ ...base, status: alreadyApplied ? 'already-applied' : 'planned' });
      continue;
    }
    let change: RoutingChange | undefined;
    let propagatedAt: number | undefined;
    const appliedAt = ctx.clock.now();
    if (!alreadyApplied) {
      const applied = await apply(
        router,
        weights,
        `${plan.step}#${stepNo}`,
        `drkit ${plan.step}: step ${stepNo}, ${percent}% to ${plan.to}`,
        s,
        ctx,
      );
      plannedCalls.push({
        port: 'TrafficRouter',
        target: router.name,
        operation: 'applyRouting',
        input: { step: stepNo, weights },
      });
      if (applied.isErr()) return err(applied.error);
      change = applied.value.change;
      propagatedAt = applied.value.propagatedAt;
      ctx.logger.info('shiftTraffic: step applied', {
        router: router.name,
        step: stepNo,
        percent,
        changeId: change.id,
      });
    }

    const baked = await bake(plan, s, { router: router.name, step: stepNo, percent, weights }, ctx);
    if (baked.isErr()) return err(baked.error);
    const stepReport: ShiftStepReport = {
      ...base,
      status: alreadyApplied ? 'already-applied' : 'applied',
      ...(change ? { changeId: change.id, appliedAt, propagatedAt } : {}),
      bakeEndedAt: ctx.clock.now(),
      gateRuns: baked.value.runs,
      verdicts: baked.value.verdicts,
    };
    if (baked.value.failed.length === 0) {
      steps.push(stepReport);
      lastGood = weights;
      continue;
    }

    // A gate failed: go back to the last good routing.
    steps.push({ ...stepReport, status: 'rolled-back' });
    const failedNames = baked.value.failed.map((v) => v.name);
    ctx.logger.warn('shiftTraffic: gate failed, rolling back', {
      router: router.name,
      step: stepNo,
      gates: failedNames,
    });
    const rollback = sameWeights(lastGood, weights)
      ? ok({ change: undefined, propagatedAt: undefined })
      : await apply(
          router,
          lastGood,
          `${plan.step}#${stepNo}-rollback`,
          `drkit ${plan.step}: rollback of step ${stepNo}`,
          s,
          ctx,
        );
    plannedCalls.push({
      port: 'TrafficRouter',
      target: router.name,
      operation: 'applyRouting',
      input: { rollbackOfStep: stepNo, weights: lastGood },
    });
    const rolledBack = rollback.isOk();
    if (!rolledBack)
      ctx.logger.error('shiftTraffic: ROLLBACK FAILED', {
        router: router.name,
        kind: rollback.error.kind,
        error: rollback.error.message,
      });
    const evidence: GateFailureEvidence = {
      step: stepNo,
      percent,
      verdicts: baked.value.failed,
      rolledBackTo: lastGood,
      rolledBack,
      ...(rollback.isOk() && rollback.value.change ? { rollbackChangeId: rollback.value.change.id } : {}),
      ...(rollback.isErr() ? { rollbackError: { kind: rollback.error.kind, message: rollback.error.message } } : {}),
      report: report(),
    };
    const outcome = rolledBack
      ? 'traffic rolled back'
      : `rollback FAILED (${rollback.error.kind}: ${rollback.error.message})`;
    return err(
      drError(
        'GateFailed',
        `gate ${failedNames.join(', ')} failed at step ${stepNo} (${percent}% to ${plan.to}); ${outcome}`,
        {
          gate: failedNames[0]!,
          evidence,
        },
      ),
    );
  }
  const done = report();
  ctx.logger.info('shiftTraffic: done', { router: router.name, to: plan.to, steps: steps.length, dryRun: ctx.dryRun });
  if (!ctx.dryRun)
    ctx.metrics.putMetric('TrafficShiftDuration', done.durationMs / 1000, 'Seconds', { router: router.name });
  return ok(done);
}

/** Applies one routing change (refusing all-zero weights) and waits until it propagated. */
async function apply(
  router: TrafficRouter,
  weights: Weights,
  stepKey: string,
  comment: string,
  s: Settings,
  ctx: DrContext,
): Promise<Result<{ change: RoutingChange; propagatedAt: number }, DrError>> {
  if (Object.values(weights).every((w) => w === 0)) {
    return err(
      drError('Conflict', `refusing to apply all-zero weights to ${router.name} (traffic would spread evenly)`),
    );
  }
  const key = idempotencyKey(ctx.runId, stepKey);
  const applied = await callPortWithRetry(
    router.name,
    'applyRouting',
    () => router.applyRouting(weights, { idempotencyKey: key, comment }, ctx),
    ctx,
  );
  if (applied.isErr()) return err(applied.error);
  const change = applied.value;
  const waited = await waitFor(
    () =>
      callPort<PropagationStatus>(router.name, 'changeStatus', () => router.changeStatus(change, ctx)).map((st) =>
        st.propagated
          ? {
              done: true as const,
              value: st,
              ...(typeof st.propagatedAt === 'number' ? { completedAt: st.propagatedAt } : {}),
            }
          : { done: false as const, ...(st.detail ? { progress: st.detail } : {}) },
      ),
    {
      what: `routing change ${change.id} on ${router.name}`,
      timeout: s.propagationTimeoutMs,
      ...(router.expectedPropagationMs && router.expectedPropagationMs > 0
        ? { expectedDuration: router.expectedPropagationMs }
        : {}),
      minInterval: '2s',
      maxInterval: '30s',
    },
    ctx,
  );
  if (waited.isErr()) return err(waited.error);
  return ok({ change, propagatedAt: waited.value.value.propagatedAt ?? ctx.clock.now() });
}

/** Bakes one step: polls the gates at 0, every interval, and at the end; stops at the first failure. */
async function bake(
  plan: ShiftTrafficPlan,
  s: Settings,
  subject: Omit<GateSubject, 'bakedMs'>,
  ctx: DrContext,
): Promise<Result<{ runs: number; verdicts: TimedVerdict[]; failed: TimedVerdict[] }, DrError>> {
  const start = ctx.clock.now();
  const end = start + s.bakeMs;
  let runs = 0;
  let verdicts: TimedVerdict[] = [];
  for (;;) {
    if (plan.gates.length > 0) {
      runs++;
      const now = ctx.clock.now();
      const gateSubject: GateSubject = { ...subject, bakedMs: now - start };
      const ran = await Promise.all(
        plan.gates.map((g, i) => runCheck(g, gateSubject, s.gateTimeouts[i] ?? s.gateTimeoutMs, ctx)),
      );
      if (ran.some((v) => v === undefined)) return err(abortedError(ctx.signal));
      verdicts = ran as TimedVerdict[];
      // A required gate that fails (or cannot decide) stops the shift; an optional one is only logged.
      const failed = verdicts.filter((v) => v.required && v.status === 'failed');
      const warned = verdicts.filter((v) => !v.required && v.status === 'failed').map((v) => v.name);
      if (warned.length > 0)
        ctx.logger.warn('shiftTraffic: optional gate failed', { step: subject.step, gates: warned });
      if (failed.length > 0) return ok({ runs, verdicts, failed });
    }
    const now = ctx.clock.now();
    if (now >= end) return ok({ runs, verdicts, failed: [] });
    const wait = plan.gates.length > 0 ? Math.min(s.gateIntervalMs, end - now) : end - now;
    const slept = await sleepOnClock(ctx.clock, wait, ctx.signal);
    if (slept.isErr()) return err(slept.error);
  }
}
