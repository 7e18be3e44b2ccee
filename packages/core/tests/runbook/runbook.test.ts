import { PassThrough } from 'node:stream';
import { errAsync, okAsync } from 'neverthrow';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  autoApprove,
  callbackApprover,
  consoleApprover,
  defineStep,
  drError,
  formatRunbookPlan,
  memoryAuditSink,
  runbook,
  runRunbook,
  sleep,
  verifyAuditLog,
  type RunbookEvent,
  type StepContext,
} from '../../src/index';
import { min, testContext } from '../fakes/context';
import { TestClock } from '../support/TestClock';
import { T0, failoverWorld } from './world';

/** A step body that takes `ms` of clock time and returns `value`. */
const takes =
  <T>(ms: number, value: T) =>
  (_input: unknown, ctx: StepContext) =>
    sleep(ms, ctx).map(() => value);

describe('runbook composition', () => {
  it('passes typed outputs of earlier stages to later steps, and runs a parallel stage at once', async () => {
    // Prepare
    const { ctx, clock } = testContext();
    const rb = runbook('typed')
      .step({ name: 'pick', run: () => okAsync({ pointId: 'p-1', createdAt: T0 - min(5) }) })
      .parallel((p) =>
        p
          .step({ name: 'restore-db', run: ({ pick }, c) => sleep('30m', c).map(() => ({ db: `db-${pick.pointId}` })) })
          .step({
            name: 'restore-cache',
            run: ({ pick }, c) => sleep('10m', c).map(() => ({ cache: `cache-${pick.pointId}`, nodes: 3 })),
          }),
      )
      .step({
        name: 'check',
        kind: 'validation',
        run: (input) => okAsync(`${input['restore-db'].db}+${input['restore-cache'].nodes}`),
      });

    // Act
    const report = (await runRunbook(rb, {}, ctx))._unsafeUnwrap();

    // Assess: outputs flowed, typed.
    expect(report.status).toBe('passed');
    expect(report.outputs.check).toBe('db-p-1+3');
    expectTypeOf(report.outputs.check).toEqualTypeOf<string | undefined>();
    expectTypeOf(report.outputs['restore-cache']).toEqualTypeOf<{ cache: string; nodes: number } | undefined>();
    // The parallel steps started together; the next stage waited for the longer one.
    const [, db, cache, check] = report.steps;
    expect(db!.startedAt).toBe(cache!.startedAt);
    expect(check!.startedAt).toBe(db!.finishedAt);
    expect(clock.elapsed()).toBe(min(30));
  });

  it('rejects at compile time a step that reads an output no earlier stage produces', () => {
    const needsRestore = defineStep({
      name: 'validate',
      run: (input: { restore: { id: string } }) => okAsync(input.restore.id.length),
    });
    const complete = runbook('ok')
      .step({ name: 'restore', run: () => okAsync({ id: 'db-1' }) })
      .step(needsRestore);
    expectTypeOf<NonNullable<typeof complete.outputs>['validate']>().toEqualTypeOf<number>();
    expect(complete.stages.map((s) => s.map((step) => step.name))).toEqual([['restore'], ['validate']]);

    // @ts-expect-error -- no stage before it produces `restore`
    runbook('missing').step(needsRestore);
    runbook('sibling').parallel((p) =>
      p
        .step({ name: 'a', run: () => okAsync(1) })
        // @ts-expect-error -- siblings in a parallel stage do not see each other's outputs
        .step({ name: 'b', run: ({ a }) => okAsync(a + 1) }),
    );
    runbook('dup')
      .step({ name: 'x', run: () => okAsync(1) })
      // @ts-expect-error -- step names are unique
      .step({ name: 'x', run: () => okAsync(2) });
  });

  it('reports every input problem at once, before any step runs', async () => {
    // Prepare
    let ran = 0;
    const count = () => {
      ran += 1;
      return okAsync(undefined);
    };
    const rb = runbook('bad')
      .step({ name: 'a', run: count, timeout: 'soon' })
      .step({ name: 'gate', approval: 'go?', run: count, retry: { maxAttempts: 0 } });
    const duplicated = { ...rb, stages: [...rb.stages, [{ name: 'a', run: count }]] } as typeof rb;

    // Act
    const result = await runRunbook(duplicated, { objectives: { rto: 'an hour' } }, testContext().ctx);

    // Assess
    const error = result._unsafeUnwrapErr();
    expect(error.kind).toBe('InvalidInput');
    const paths = (error as unknown as { problems: { path: string }[] }).problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'runbook.stages[2][0].name',
        'steps.a.timeout',
        'steps.gate.retry.maxAttempts',
        'options.objectives.rto',
      ]),
    );
    expect(ran).toBe(0);
  });

  it('asks for an approver before running a runbook that needs one', async () => {
    const rb = runbook('needs-approval').step({ name: 'go', approval: 'go?', run: () => okAsync(1) });

    const result = await runRunbook(rb, {}, testContext().ctx);

    expect(result._unsafeUnwrapErr()).toMatchObject({
      kind: 'InvalidInput',
      problems: [{ path: 'options.approver' }],
    });
  });
});

describe('failure, compensation and cleanup', () => {
  it('compensates the steps that succeeded, newest first, then cleans up, when a step fails', async () => {
    // Prepare
    const log: string[] = [];
    const step = <N extends string>(name: N, fail = false) => ({
      name,
      run: () => {
        log.push(`run ${name}`);
        return fail ? errAsync(drError('Unavailable', `${name} broke`, { retryable: false })) : okAsync(name);
      },
      compensate: () => {
        log.push(`compensate ${name}`);
        return okAsync(undefined);
      },
      cleanup: () => {
        log.push(`cleanup ${name}`);
        return okAsync(undefined);
      },
      abandon: () => {
        log.push(`abandon ${name}`);
        return okAsync(undefined);
      },
    });
    const rb = runbook('saga').step(step('a')).step(step('b')).step(step('c', true)).step(step('d'));

    // Act
    const report = (await runRunbook(rb, {}, testContext().ctx))._unsafeUnwrap();

    // Assess
    expect(log).toEqual([
      'run a',
      'run b',
      'run c',
      'compensate b',
      'compensate a',
      'abandon c',
      'cleanup b',
      'cleanup a',
    ]);
    expect(report.status).toBe('failed');
    expect(report.reason).toBe('step "c" failed: Unavailable: c broke');
    expect(report.steps.map((s) => [s.name, s.status, s.compensated, s.cleanup])).toEqual([
      ['a', 'succeeded', true, 'succeeded'],
      ['b', 'succeeded', true, 'succeeded'],
      ['c', 'failed', false, 'succeeded'],
      ['d', 'skipped', false, undefined],
    ]);
  });

  it('undoes a failover whose validation fails: traffic back, standby demoted, restored database deleted', async () => {
    // Prepare
    const w = failoverWorld({ validationFails: true });

    // Act
    const report = (await runRunbook(w.rb, { approver: autoApprove(), journal: w.journal }, w.ctx))._unsafeUnwrap();

    // Assess: the cloud is as before the run.
    expect(report.status).toBe('failed');
    expect(report.reason).toMatch(/^step "validate" failed: ValidationFailed/);
    expect(w.router.weights).toEqual({ primary: 100, dr: 0 });
    expect(w.web.capacity).toBe(0);
    expect([...w.vault.resources.values()]).toEqual([
      { id: 'restored-1', createdByRun: 'failover-2026-11-22', deleted: true },
    ]);
    expect(report.steps.filter((s) => s.compensated).map((s) => s.name)).toEqual(['promote-web', 'shift-traffic']);
    expect(report.steps.find((s) => s.name === 'notify')!.status).toBe('skipped');
  });

  it('a step that throws or returns no Result fails the run instead of escaping', async () => {
    const rb = runbook('throws').step({
      name: 'boom',
      run: () => {
        throw new Error('kaput');
      },
    });

    const report = (await runRunbook(rb, {}, testContext().ctx))._unsafeUnwrap();

    expect(report.status).toBe('failed');
    expect(report.steps[0]!.error).toMatchObject({ kind: 'ProviderError', message: expect.stringContaining('kaput') });
  });

  it('on abort, stops the running step, compensates and still cleans up', async () => {
    // Prepare: the operator aborts 10 minutes into a 30-minute step.
    const clock = new TestClock();
    const controller = new AbortController();
    clock.at(T0 + min(10), () => controller.abort('operator stopped the drill'));
    const { ctx } = testContext({ clock, signal: controller.signal });
    const log: string[] = [];
    const rb = runbook('aborted')
      .step({
        name: 'scale-up',
        run: () => okAsync('asg'),
        compensate: () => okAsync(log.push('scale back')),
        cleanup: () => okAsync(log.push('cleanup')),
      })
      .step({ name: 'restore', run: takes(min(30), 'db') });

    // Act
    const report = (await runRunbook(rb, {}, ctx))._unsafeUnwrap();

    // Assess
    expect(report.steps[1]).toMatchObject({ status: 'failed', error: { kind: 'Aborted' } });
    expect(report.steps[1]!.finishedAt).toBe(T0 + min(10));
    expect(log).toEqual(['scale back', 'cleanup']);
    expect(report.reason).toContain('operator stopped the drill');
  });

  it('fails a step that outlives its timeout, and retries a step on retryable errors', async () => {
    // Prepare
    let attempts = 0;
    const rb = runbook('limits')
      .step({
        name: 'flaky',
        retry: { maxAttempts: 4, baseDelay: '1s' },
        run: () => (++attempts < 3 ? errAsync(drError('Throttled', 'slow down')) : okAsync({ attempts })),
      })
      .step({ name: 'slow', timeout: '1m', run: takes(min(5), 'never') });

    // Act
    const report = (await runRunbook(rb, {}, testContext().ctx))._unsafeUnwrap();

    // Assess
    expect(report.outputs.flaky).toEqual({ attempts: 3 });
    expect(report.steps[1]).toMatchObject({
      status: 'failed',
      durationMs: 60_000,
      error: { kind: 'Timeout', message: 'step "slow" did not finish within 1m' },
    });
  });
});

describe('approvals', () => {
  it('asks the approver before the step and journals who approved', async () => {
    // Prepare
    const journal = memoryAuditSink();
    const asked: string[] = [];
    const approver = callbackApprover(async (req) => {
      asked.push(`${req.runbook}/${req.step}: ${req.message}`);
      return { approved: true, by: 'alice@example.com', comment: 'CHG-1234' };
    });
    const rb = runbook('manual-failover').step({
      name: 'shift',
      approval: 'Shift 100 % to eu-west-1?',
      run: () => okAsync(1),
    });

    // Act
    const report = (await runRunbook(rb, { approver, journal }, testContext().ctx))._unsafeUnwrap();

    // Assess
    expect(asked).toEqual(['manual-failover/shift: Shift 100 % to eu-west-1?']);
    expect(report.steps[0]!.approval).toMatchObject({ approved: true, by: 'alice@example.com' });
    const granted = journal.records.find((r) => r.attributes?.record === 'approval' && r.phase === 'end');
    expect(granted).toMatchObject({ actor: 'alice@example.com', outcome: 'succeeded' });
  });

  it('fails the run when approval is denied, running nothing after it and compensating what ran', async () => {
    // Prepare
    const log: string[] = [];
    const rb = runbook('denied')
      .step({
        name: 'prepare',
        run: () => okAsync(log.push('prepare')),
        compensate: () => okAsync(log.push('undo prepare')),
      })
      .step({ name: 'shift', approval: 'Shift traffic?', run: () => okAsync(log.push('shift')) });

    // Act
    const report = (
      await runRunbook(rb, { approver: callbackApprover(() => false, { by: 'bob' }) }, testContext().ctx)
    )._unsafeUnwrap();

    // Assess
    expect(log).toEqual(['prepare', 'undo prepare']);
    expect(report.status).toBe('failed');
    expect(report.reason).toBe('step "shift" failed: Aborted: approval of step "shift" denied by bob');
  });

  it('asks on the console and takes "yes" for an answer', async () => {
    // Prepare
    const input = new PassThrough();
    const output = new PassThrough();
    let question = '';
    output.on('data', (chunk: Buffer) => (question += chunk.toString()));
    const rb = runbook('console').step({ name: 'go', approval: 'Proceed?', run: () => okAsync('went') });
    setImmediate(() => input.write('yes\n'));

    // Act
    const report = (
      await runRunbook(rb, { approver: consoleApprover({ input, output, by: 'oncall' }) }, testContext().ctx)
    )._unsafeUnwrap();

    // Assess
    expect(question).toContain('Approve step "go" of console? Proceed? [y/N]');
    expect(report.outputs.go).toBe('went');
    expect(report.steps[0]!.approval).toMatchObject({ approved: true, by: 'oncall' });
  });
});

describe('objectives', () => {
  it('stops remaining steps with RtoExceeded at incident + RTO, and compensates', async () => {
    // Prepare: the incident began 25 min before the run; the 38-minute restore cannot make the 1 h RTO.
    const w = failoverWorld();
    w.vault.points.push({ id: 'p-30m', createdAt: T0 - min(30), status: 'completed', resourceId: 'orders-db' });
    let abandonedWith: string | undefined;
    const rb = {
      ...w.rb,
      stages: w.rb.stages.map((stage) =>
        stage.map((s) =>
          s.name === 'restore-orders'
            ? { ...s, abandon: (_in: unknown, c: StepContext) => okAsync((abandonedWith = c.idempotencyKey())) }
            : s,
        ),
      ),
    } as typeof w.rb;

    // Act
    const report = (
      await runRunbook(rb, { approver: autoApprove(), incidentAt: T0 - min(25), journal: w.journal }, w.ctx)
    )._unsafeUnwrap();

    // Assess
    const restore = report.steps.find((s) => s.name === 'restore-orders')!;
    expect(restore).toMatchObject({ status: 'failed', error: { kind: 'RtoExceeded' }, finishedAt: T0 + min(35) });
    expect(report.rto).toMatchObject({ met: false, deadlineAt: T0 + min(35), objectiveMs: min(60) });
    expect(report.status).toBe('failed');
    expect(report.reason).toMatch(/RtoExceeded/);
    expect(w.calls.of('applyRouting')).toEqual([]); // traffic never moved
    expect(w.web.capacity).toBe(0); // the promoted standby was demoted again
    expect(abandonedWith).toBe(w.vault.jobs[0]!.idempotencyKey); // abandon can find the job it started
  });

  it('measures RTO and RPO against the objectives', async () => {
    // Prepare
    const w = failoverWorld();

    // Act
    const report = (
      await runRunbook(w.rb, { approver: autoApprove(), objectives: { rto: '1h', rpo: '5m' } }, w.ctx)
    )._unsafeUnwrap();

    // Assess: the restored point is 10 min old, over a 5 min RPO; recovery itself was in time.
    expect(report.rpo).toEqual({ objectiveMs: min(5), measuredMs: min(10), met: false, dataAsOf: T0 - min(10) });
    expect(report.rto).toMatchObject({ met: true, lastStep: 'validate' });
    expect(report.rto.measuredMs).toBe(report.steps.find((s) => s.name === 'validate')!.finishedAt! - T0);
    expect(report.status).toBe('failed');
    expect(report.reason).toBe('RpoViolated: recovered data is 10m old, over the 5m RPO');
  });

  it('bounds the RTO by the critical path of the cloud operations through the DAG', async () => {
    // Prepare: detection takes 3 min; then a 38-min restore and a 5-min scale-out run in parallel,
    // each noticed a little after it finished; then a DNS change propagating in 45 s.
    const { ctx } = testContext();
    const operation = (what: string, providerMs: number, noticedAfterMs: number) => (_in: unknown, c: StepContext) => {
      const startedAt = c.clock.now();
      return sleep(providerMs + noticedAfterMs, c).map(() => {
        c.reportOperation({ name: what, startedAt, readyAt: startedAt + providerMs });
        return what;
      });
    };
    const rb = runbook('dag')
      .step({ name: 'detect', kind: 'other', run: takes(min(3), 'alarm') })
      .parallel((p) =>
        p
          .step({ name: 'restore-db', run: operation('restore job', min(38), 40_000) })
          .step({ name: 'scale-web', run: operation('asg scale-out', min(5), 30_000) }),
      )
      .step({ name: 'dns', run: operation('route53 change', 45_000, 15_000) });

    // Act
    const report = (await runRunbook(rb, {}, ctx))._unsafeUnwrap();

    // Assess
    expect(report.rto.criticalPath).toEqual(['detect', 'restore-db', 'dns']);
    expect(report.rto.criticalPathMs).toBe(min(38) + 45_000);
    expect(report.rto.measuredMs).toBe(min(3) + min(38) + 40_000 + 60_000);
    // What the orchestration added: detection, and noticing completions late.
    expect(report.rto.measuredMs - report.rto.criticalPathMs).toBe(min(3) + 40_000 + 15_000);
  });
});

describe('dry run', () => {
  it('makes no call, asks no approval and lists the calls each step would make', async () => {
    // Prepare
    const w = failoverWorld();

    // Act
    const report = (await runRunbook(w.rb, { dryRun: true, journal: w.journal }, w.ctx))._unsafeUnwrap();

    // Assess
    expect(w.calls.list).toEqual([]);
    expect(report.dryRun).toBe(true);
    expect(report.steps.every((s) => s.status === 'planned')).toBe(true);
    expect(report.plan!.map((s) => [s.name, s.stage, s.calls.map((c) => c.operation)])).toEqual([
      ['approve', 0, []],
      ['restore-orders', 1, ['startRestore']],
      ['promote-web', 1, ['promote']],
      ['shift-traffic', 2, ['applyRouting']],
      ['validate', 3, []],
      ['notify', 4, []],
    ]);
    const text = formatRunbookPlan(report);
    expect(text).toContain('Runbook region-failover — dry run, 5 stages, 6 steps, 3 planned calls');
    expect(text).toContain('1. approve [other] — needs approval: "Fail api.example.com over to the DR region?"');
    expect(text).toContain('2. restore-orders [recovery] ∥ promote-web [recovery]');
    expect(text).toContain('restore-orders → RecoveryPointSource fake-vault startRestore {"resourceId":"orders-db"}');
    expect(text).toContain('validate → (declares no plan: its calls are not known)');
    expect(w.journal.records.map((r) => [r.phase, r.attributes?.dryRun])).toEqual([
      ['start', true],
      ['end', true],
    ]);
  });
});

describe('events', () => {
  it('reports every step as it starts, progresses, finishes, is compensated and cleaned up, in order', async () => {
    // Prepare
    const events: RunbookEvent[] = [];
    const rb = runbook('events')
      .step({
        name: 'promote',
        approval: 'Promote?',
        run: (_in, c) => {
          c.progress('desired 0 → 6', { desired: 6 });
          return okAsync('promoted');
        },
        compensate: () => okAsync(undefined),
        cleanup: () => okAsync(undefined),
      })
      .step({ name: 'shift', run: () => errAsync(drError('GateFailed', '5xx alarm')) });

    // Act
    await runRunbook(rb, { approver: autoApprove('drill'), onEvent: (e) => events.push(e) }, testContext().ctx);

    // Assess
    expect(events.map((e) => [e.type, 'step' in e ? e.step : undefined, 'status' in e ? e.status : undefined])).toEqual(
      [
        ['run:started', undefined, undefined],
        ['approval:requested', 'promote', undefined],
        ['approval:granted', 'promote', undefined],
        ['step:started', 'promote', undefined],
        ['step:progress', 'promote', undefined],
        ['step:finished', 'promote', 'ok'],
        ['step:started', 'shift', undefined],
        ['step:finished', 'shift', 'failed'],
        ['step:compensated', 'promote', 'ok'],
        ['step:cleanup', 'promote', 'ok'],
        ['run:finished', undefined, 'failed'],
      ],
    );
    expect(events[4]).toMatchObject({ message: 'desired 0 → 6', data: { desired: 6 } });
    expect(events.every((e) => e.runbook === 'events' && e.runId === 'drill-2026-11-22')).toBe(true);
  });

  it('journals the run as one verified hash chain, with step outputs kept for resume', async () => {
    // Prepare
    const w = failoverWorld();

    // Act
    const report = (await runRunbook(w.rb, { approver: autoApprove(), journal: w.journal }, w.ctx))._unsafeUnwrap();

    // Assess
    expect(report.status).toBe('passed');
    expect(verifyAuditLog(w.journal.records)).toEqual({ ok: true, count: report.journal.records });
    expect(report.journal).toMatchObject({ verified: true, writeErrors: 0, head: { seq: report.journal.records - 1 } });
    const ends = w.journal.records.filter((r) => r.attributes?.record === 'step' && r.phase === 'end');
    expect(ends.map((r) => [r.step, r.attributes?.output])).toEqual([
      ['approve', 'undefined'],
      ['promote-web', 'journalled'],
      ['restore-orders', 'journalled'],
      ['shift-traffic', 'journalled'],
      ['validate', 'journalled'],
      ['notify', 'journalled'],
    ]);
    expect(w.vault.jobs).toHaveLength(1);
    expect(w.vault.resources.get('restored-1')?.deleted).toBe(true); // cleaned up after the drill
  });
});
