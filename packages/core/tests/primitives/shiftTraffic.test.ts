import { describe, expect, it } from 'vitest';
import {
  drError,
  isDrErrorOf,
  shiftTraffic,
  type GateFailureEvidence,
  type GateSubject,
  type ShiftTrafficPlan,
} from '../../src/index';
import { FakeTrafficRouter } from '../fakes/FakeTrafficRouter';
import { fakeCheck } from '../fakes/fakeChecks';
import { PortCalls } from '../fakes/PortCalls';
import { min, testContext } from '../fakes/context';

const plan = (overrides: Partial<ShiftTrafficPlan> = {}): ShiftTrafficPlan => ({
  step: 'failover-api',
  from: 'eu-central-1',
  to: 'eu-west-1',
  stepPercent: 25,
  bake: '5m',
  gates: [],
  gateInterval: '1m',
  ...overrides,
});
const router = (weights = { 'eu-central-1': 100, 'eu-west-1': 0 }) =>
  new FakeTrafficRouter({ weights, propagationMs: 60_000 });

describe('shiftTraffic', () => {
  it('moves traffic in steps, one change each, baking while gates pass', async () => {
    // Prepare
    const r = router();
    const gate = fakeCheck<GateSubject>('5xx-alarm', () => 'passed');
    const { ctx, clock } = testContext();

    // Act
    const result = await shiftTraffic(r, plan({ gates: [gate] }), ctx);

    // Assess
    const report = result._unsafeUnwrap();
    expect(r.applied.map((a) => a.weights)).toEqual([
      { 'eu-central-1': 75, 'eu-west-1': 25 },
      { 'eu-central-1': 50, 'eu-west-1': 50 },
      { 'eu-central-1': 25, 'eu-west-1': 75 },
      { 'eu-central-1': 0, 'eu-west-1': 100 },
    ]);
    expect(report.final).toEqual({ 'eu-central-1': 0, 'eu-west-1': 100 });
    expect(report.steps.map((s) => [s.percent, s.status, s.gateRuns])).toEqual([
      [25, 'applied', 6],
      [50, 'applied', 6],
      [75, 'applied', 6],
      [100, 'applied', 6],
    ]);
    // Each step: propagation (60 s) then a 5-minute bake.
    expect(report.steps[0]!.propagatedAt! - report.steps[0]!.appliedAt!).toBe(60_000);
    expect(report.steps[0]!.bakeEndedAt! - report.steps[0]!.propagatedAt!).toBeGreaterThanOrEqual(min(5));
    expect(clock.elapsed()).toBeGreaterThanOrEqual(4 * min(6));
    expect(gate.seen.map((s) => s.percent)).toContain(75);
  });

  it('defaults to 10 % steps', async () => {
    const r = router();

    const report = (
      await shiftTraffic(r, plan({ stepPercent: undefined, bake: 0 }), testContext().ctx)
    )._unsafeUnwrap();

    expect(report.steps.map((s) => s.percent)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  });

  it('rolls back to the last good weights when a gate fails, and returns GateFailed with evidence', async () => {
    // Prepare: the gate fails once 75 % of the traffic reaches eu-west-1.
    const r = router();
    const gate = fakeCheck<GateSubject>('5xx-alarm', (s) =>
      s.percent >= 75 && s.bakedMs >= min(2) ? 'failed' : 'passed',
    );
    const { ctx } = testContext();

    // Act
    const result = await shiftTraffic(r, plan({ gates: [gate] }), ctx);

    // Assess
    const error = result._unsafeUnwrapErr();
    if (!isDrErrorOf(error, 'GateFailed')) throw new Error(`expected GateFailed, got ${error.kind}`);
    expect(error.gate).toBe('5xx-alarm');
    const evidence = error.evidence as GateFailureEvidence;
    expect(evidence).toMatchObject({
      step: 3,
      percent: 75,
      rolledBack: true,
      rolledBackTo: { 'eu-central-1': 50, 'eu-west-1': 50 },
    });
    expect(r.weights).toEqual({ 'eu-central-1': 50, 'eu-west-1': 50 });
    expect(r.applied.at(-1)!.weights).toEqual({ 'eu-central-1': 50, 'eu-west-1': 50 });
    expect(evidence.report.steps.map((s) => s.status)).toEqual(['applied', 'applied', 'rolled-back']);
  });

  it('rolls back to the routing it found when the first step fails its gate', async () => {
    const r = router({ 'eu-central-1': 1, 'eu-west-1': 0 });
    const gate = fakeCheck<GateSubject>('target-health', () => 'failed');

    const error = (await shiftTraffic(r, plan({ gates: [gate] }), testContext().ctx))._unsafeUnwrapErr();

    expect(error.kind).toBe('GateFailed');
    expect(r.weights).toEqual({ 'eu-central-1': 1, 'eu-west-1': 0 });
  });

  it('treats a gate that cannot decide as failed', async () => {
    const r = router();
    const gate = fakeCheck<GateSubject>('alarm', () => drError('AccessDenied', 'cloudwatch:DescribeAlarms denied'));

    const error = (await shiftTraffic(r, plan({ gates: [gate] }), testContext().ctx))._unsafeUnwrapErr();

    expect(error.kind).toBe('GateFailed');
    expect((error as { evidence: GateFailureEvidence }).evidence.verdicts[0]).toMatchObject({
      error: { kind: 'AccessDenied' },
    });
    expect(r.weights).toEqual({ 'eu-central-1': 100, 'eu-west-1': 0 });
  });

  it('never applies all-zero weights, even to roll back', async () => {
    // The routing found is all zero (Route 53 then spreads traffic evenly): rolling back to it is refused.
    const r = router({ 'eu-central-1': 0, 'eu-west-1': 0 });
    const gate = fakeCheck<GateSubject>('alarm', () => 'failed');

    const error = (await shiftTraffic(r, plan({ gates: [gate] }), testContext().ctx))._unsafeUnwrapErr();

    expect(error.kind).toBe('GateFailed');
    expect((error as { evidence: GateFailureEvidence }).evidence).toMatchObject({
      rolledBack: false,
      rollbackError: { kind: 'Conflict' },
    });
    expect(r.applied.map((a) => a.weights).some((w) => Object.values(w).every((v) => v === 0))).toBe(false);
  });

  it('retries throttling and changes still in progress', async () => {
    const r = router();
    r.calls.failNext('applyRouting', drError('Throttled', 'Rate exceeded'));
    r.calls.failNext('applyRouting', drError('Conflict', 'PriorRequestNotComplete', { retryable: true }));

    const report = (await shiftTraffic(r, plan({ stepPercent: 50, bake: 0 }), testContext().ctx))._unsafeUnwrap();

    expect(report.steps.map((s) => s.status)).toEqual(['applied', 'applied']);
    expect(r.calls.of('applyRouting')).toHaveLength(4);
    expect(r.applied).toHaveLength(2);
  });

  it('skips steps behind the current routing when resumed, without moving traffic back', async () => {
    const r = router({ 'eu-central-1': 50, 'eu-west-1': 50 });

    const report = (await shiftTraffic(r, plan({ bake: '1m' }), testContext().ctx))._unsafeUnwrap();

    expect(report.steps.map((s) => s.status)).toEqual(['skipped', 'already-applied', 'applied', 'applied']);
    expect(r.applied.map((a) => a.weights['eu-west-1'])).toEqual([75, 100]);
  });

  it('keeps the weights of targets outside the shift', async () => {
    const r = router({ 'eu-central-1': 100, 'eu-west-1': 0, canary: 5 } as never);

    const result = await shiftTraffic(r, plan({ stepPercent: undefined, steps: [100], bake: 0 }), testContext().ctx);

    expect(result.isOk()).toBe(true);
    expect(r.weights).toEqual({ 'eu-central-1': 0, 'eu-west-1': 100, canary: 5 });
  });

  it('moves a failover router in one step and refuses intermediate steps', async () => {
    const failover = new FakeTrafficRouter({ weights: { primary: 100, secondary: 0 }, mode: 'failover' });
    const calls = new PortCalls();
    const other = new FakeTrafficRouter({ weights: { primary: 100, secondary: 0 }, mode: 'failover', calls });

    const moved = await shiftTraffic(
      failover,
      plan({ from: 'primary', to: 'secondary', stepPercent: undefined, bake: 0 }),
      testContext().ctx,
    );
    const refused = await shiftTraffic(
      other,
      plan({ from: 'primary', to: 'secondary', steps: [50, 100] }),
      testContext().ctx,
    );

    expect(moved._unsafeUnwrap().steps).toHaveLength(1);
    expect(failover.weights).toEqual({ primary: 0, secondary: 100 });
    expect(refused._unsafeUnwrapErr().kind).toBe('InvalidInput');
    expect(calls.list).toEqual([]);
  });

  it('lists every plan problem at once and calls nothing', async () => {
    const r = router();

    const result = await shiftTraffic(
      r,
      {
        step: '',
        from: 'a',
        to: 'a',
        steps: [50, 20, 120],
        bake: 'a while',
        gates: [{ name: 'x' } as never],
        gateInterval: 0,
      },
      testContext().ctx,
    );

    const error = result._unsafeUnwrapErr();
    if (!isDrErrorOf(error, 'InvalidInput')) throw new Error(`expected InvalidInput, got ${error.kind}`);
    expect(error.problems.map((p) => p.path)).toEqual([
      'step',
      'to',
      'steps[1]',
      'steps[2]',
      'bake',
      'gateInterval',
      'gates[0].run',
    ]);
    expect(r.calls.list).toEqual([]);
  });

  it('reports unknown targets as InvalidInput after reading the routing, changing nothing', async () => {
    const r = router();

    const error = (await shiftTraffic(r, plan({ to: 'us-east-1' }), testContext().ctx))._unsafeUnwrapErr();

    expect(error.kind).toBe('InvalidInput');
    expect(error.message).toContain('us-east-1');
    expect(r.calls.mutating).toEqual([]);
  });

  it('in a dry run plans every step, applies nothing and runs no gate', async () => {
    const r = router();
    const gate = fakeCheck<GateSubject>('alarm', () => 'passed');
    const { ctx, clock } = testContext({ dryRun: true });

    const report = (await shiftTraffic(r, plan({ gates: [gate] }), ctx))._unsafeUnwrap();

    expect(report.dryRun).toBe(true);
    expect(report.steps.map((s) => s.status)).toEqual(['planned', 'planned', 'planned', 'planned']);
    expect(report.plannedCalls.map((c) => c.operation)).toEqual([
      'applyRouting',
      'applyRouting',
      'applyRouting',
      'applyRouting',
    ]);
    expect(report.final).toEqual({ 'eu-central-1': 0, 'eu-west-1': 100 });
    expect(r.calls.mutating).toEqual([]);
    expect(gate.seen).toEqual([]);
    expect(clock.elapsed()).toBe(0);
  });
});

describe('shiftTraffic when cancelled', () => {
  it('stops with Aborted mid-bake and leaves the routing where it is', async () => {
    const r = router();
    const controller = new AbortController();
    const gate = fakeCheck<GateSubject>('alarm', (s) => {
      if (s.percent === 50) controller.abort(new Error('operator cancelled'));
      return 'passed';
    });
    const { ctx } = testContext({ signal: controller.signal });

    const error = (await shiftTraffic(r, plan({ gates: [gate] }), ctx))._unsafeUnwrapErr();

    expect(error.kind).toBe('Aborted');
    expect(r.weights).toEqual({ 'eu-central-1': 50, 'eu-west-1': 50 });
  });
});
