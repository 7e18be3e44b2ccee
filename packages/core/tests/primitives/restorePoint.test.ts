import { describe, expect, it } from 'vitest';
import { drError, isDrErrorOf, restorePoint, cleanupRestored, type RecoveryPoint } from '../../src/index';
import { FakeRecoveryPointSource } from '../fakes/FakeRecoveryPointSource';
import { PortCalls } from '../fakes/PortCalls';
import { min, testContext } from '../fakes/context';

const T0 = Date.parse('2026-11-22T03:00:00Z');
const point = (id: string, minutesAgo: number, extra: Partial<RecoveryPoint> = {}): RecoveryPoint => ({
  id,
  createdAt: T0 - min(minutesAgo),
  status: 'completed',
  resourceId: 'orders-db',
  ...extra,
});

function vault(points: RecoveryPoint[], options: { failingPoints?: string[]; restoreDurationMs?: number } = {}) {
  return new FakeRecoveryPointSource({ points, ...options });
}

describe('restorePoint', () => {
  it('restores the newest completed point within the RPO and reports timings and achieved RPO', async () => {
    // Prepare
    const source = vault([
      point('p-40m', 40),
      point('p-10m', 10, { expectedRestoreMs: min(30) }),
      point('p-5m-partial', 5, { status: 'partial' }),
      point('p-2m-running', 2, { status: 'running' }),
    ]);
    const { ctx, clock } = testContext();

    // Act
    const result = await restorePoint(
      source,
      { step: 'restore-orders', strategy: { latestWithinRpo: { rpo: '15m' } }, resourceId: 'orders-db' },
      ctx,
    );

    // Assess
    const report = result._unsafeUnwrap();
    if (report.dryRun) throw new Error('expected a real restore');
    expect(report.point.id).toBe('p-10m');
    expect(report.resource).toMatchObject({
      id: 'restored-1',
      createdByRun: 'drill-2026-11-22',
      restoreJobId: 'job-1',
    });
    expect(report.achievedRpoMs).toBe(min(10));
    expect(report.rpo).toMatchObject({ objectiveMs: min(15), met: true });
    expect(report.timings.durationMs).toBe(min(30));
    expect(report.timings.detectionLagMs).toBeLessThanOrEqual(60_000);
    // Seeded by expectedRestoreMs: far fewer than the 360 polls of a fixed 5 s interval.
    expect(report.timings.polls).toBeLessThan(60);
    expect(clock.elapsed()).toBeGreaterThanOrEqual(min(30));
    expect(source.jobs).toHaveLength(1);
  });

  it('returns RpoViolated, starting nothing, when no completed point is within the RPO', async () => {
    const source = vault([point('p-40m', 40), point('p-5m-failed', 5, { status: 'failed' })]);
    const { ctx } = testContext();

    const result = await restorePoint(
      source,
      { step: 'restore-orders', strategy: { latestWithinRpo: { rpo: '15m' } } },
      ctx,
    );

    const error = result._unsafeUnwrapErr();
    expect(error.kind).toBe('RpoViolated');
    expect(error).toMatchObject({ objectiveMs: min(15), achievedMs: min(40) });
    expect(source.calls.mutating).toEqual([]);
  });

  it('measures the RPO window before the given time when `before` is set', async () => {
    const source = vault([point('p-70m', 70), point('p-10m', 10)]);
    const { ctx } = testContext();

    const result = await restorePoint(
      source,
      {
        step: 'restore-orders',
        strategy: { latestWithinRpo: { rpo: '15m', before: T0 - min(60) } },
        incidentAt: T0 - min(60),
      },
      ctx,
    );

    const report = result._unsafeUnwrap();
    expect(report.point.id).toBe('p-70m');
    expect(report.achievedRpoMs).toBe(min(10));
  });

  it('reports a failed restore job as a ProviderError naming the job', async () => {
    const source = vault([point('p-10m', 10)], { failingPoints: ['p-10m'] });
    const { ctx } = testContext();

    const result = await restorePoint(source, { step: 'restore-orders', strategy: { latest: true } }, ctx);

    const error = result._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: 'ProviderError', code: 'RestoreFailed', retryable: false });
    expect(error.message).toContain('job-1');
    expect(error.message).toContain('Insufficient capacity');
  });

  it('never starts a second job when called again with the same run and step', async () => {
    const source = vault([point('p-10m', 10)]);
    const { ctx } = testContext();
    const options = { step: 'restore-orders', strategy: { latest: true } } as const;

    const first = (await restorePoint(source, options, ctx))._unsafeUnwrap();
    const again = (await restorePoint(source, options, ctx))._unsafeUnwrap();

    expect(source.jobs).toHaveLength(1);
    expect(again.idempotencyKey).toBe(first.idempotencyKey);
    if (again.dryRun || first.dryRun) throw new Error('expected real restores');
    expect(again.job).toMatchObject({ jobId: first.job.jobId, reused: true });
    expect(again.resource.id).toBe(first.resource.id);
  });

  it('starts a new job for another step or another run', async () => {
    const source = vault([point('p-10m', 10)]);
    const { ctx } = testContext();

    await restorePoint(source, { step: 'restore-orders', strategy: { latest: true } }, ctx);
    await restorePoint(source, { step: 'restore-orders-again', strategy: { latest: true } }, ctx);
    await restorePoint(
      source,
      { step: 'restore-orders', strategy: { latest: true } },
      { ...ctx, runId: 'drill-2026-11-29' },
    );

    expect(source.jobs.map((j) => j.jobId)).toEqual(['job-1', 'job-2', 'job-3']);
  });

  it('retries a throttled start without starting two jobs', async () => {
    const source = vault([point('p-10m', 10)]);
    source.calls.failNext('startRestore', drError('Throttled', 'Rate exceeded'), 2);
    const { ctx } = testContext();

    const result = await restorePoint(source, { step: 'restore-orders', strategy: { latest: true } }, ctx);

    expect(result.isOk()).toBe(true);
    expect(source.calls.of('startRestore')).toHaveLength(3);
    expect(source.jobs).toHaveLength(1);
  });

  it('gives up with Timeout when the job outlives the deadline, and resumes the same job later', async () => {
    const source = vault([point('p-10m', 10)], { restoreDurationMs: min(90) });
    const { ctx } = testContext();
    const options = { step: 'restore-orders', strategy: { latest: true }, timeout: '1h' } as const;

    const first = await restorePoint(source, options, ctx);
    const resumed = await restorePoint(source, { ...options, timeout: '2h' }, ctx);

    expect(first._unsafeUnwrapErr().kind).toBe('Timeout');
    const report = resumed._unsafeUnwrap();
    if (report.dryRun) throw new Error('expected a real restore');
    expect(report.job.reused).toBe(true);
    expect(source.jobs).toHaveLength(1);
  });

  it('skips composite parents with incomplete members and never picks a member on its own', async () => {
    const source = vault([
      point('stack-old', 12, { isParent: true }),
      point('stack-old/db', 12, { parentId: 'stack-old' }),
      point('stack-new', 3, { isParent: true }),
      point('stack-new/db', 3, { parentId: 'stack-new', status: 'partial' }),
      point('stack-new/cache', 3, { parentId: 'stack-new' }),
    ]);
    const { ctx } = testContext();

    const result = await restorePoint(source, { step: 'restore-stack', strategy: { latest: true } }, ctx);

    expect(result._unsafeUnwrap().point.id).toBe('stack-old');
  });

  it('draws a point within the window with ctx.random', async () => {
    const source = vault([point('p-3h', 180), point('p-2h', 120), point('p-1h', 60), point('p-10m', 10)]);
    const { ctx } = testContext({ random: () => 0.5 });

    const result = await restorePoint(
      source,
      { step: 'weekly-sample', strategy: { randomWithin: { window: '150m' } } },
      ctx,
    );

    // Eligible, oldest first: p-2h, p-1h, p-10m; 0.5 picks the middle one.
    expect(result._unsafeUnwrap().point.id).toBe('p-1h');
  });

  it('restores an exact point, and refuses one that is not completed', async () => {
    const source = vault([point('p-10m', 10), point('p-5m', 5, { status: 'expired' })]);
    const { ctx } = testContext();

    const exact = await restorePoint(source, { step: 'a', strategy: { exact: 'p-10m' } }, ctx);
    const expired = await restorePoint(source, { step: 'b', strategy: { exact: 'p-5m' } }, ctx);
    const missing = await restorePoint(source, { step: 'c', strategy: { exact: 'p-nope' } }, ctx);

    expect(exact._unsafeUnwrap().point.id).toBe('p-10m');
    expect(expired._unsafeUnwrapErr()).toMatchObject({ kind: 'Conflict' });
    expect(missing._unsafeUnwrapErr()).toMatchObject({ kind: 'NotFound' });
    expect(source.jobs).toHaveLength(1);
  });

  it('restores a point in time inside the window of a source that supports it', async () => {
    const source = new FakeRecoveryPointSource({
      pointInTimeWindow: { earliest: T0 - min(60 * 24), latest: T0 - min(3) },
    });
    const { ctx } = testContext();

    const result = await restorePoint(source, { step: 'pitr', strategy: { pointInTime: {} }, incidentAt: T0 }, ctx);

    const report = result._unsafeUnwrap();
    expect(report.target).toEqual({ kind: 'pointInTime', at: T0 - min(3) });
    expect(report.achievedRpoMs).toBe(min(3));
  });

  it('refuses a chosen point in time outside the window as InvalidInput, starting no restore', async () => {
    const source = new FakeRecoveryPointSource({
      pointInTimeWindow: { earliest: T0 - min(60 * 24), latest: T0 - min(3) },
    });
    const { ctx } = testContext();

    const tooOld = await restorePoint(
      source,
      { step: 'pitr', strategy: { pointInTime: { at: T0 - min(60 * 25) } } },
      ctx,
    );

    const error = tooOld._unsafeUnwrapErr();
    if (!isDrErrorOf(error, 'InvalidInput')) throw new Error(`expected InvalidInput, got ${error.kind}`);
    expect(error.problems[0]?.path).toBe('strategy.pointInTime.at');
    expect(source.jobs).toHaveLength(0);
  });

  it('lists every input problem at once and calls nothing', async () => {
    const calls = new PortCalls();
    const source = new FakeRecoveryPointSource({ points: [point('p', 1)], calls });

    const result = await restorePoint(
      source,
      {
        step: '',
        strategy: { latest: true, exact: 'p' } as never,
        timeout: 'soon',
        incidentAt: Number.NaN,
        overrides: { instanceClass: 5 as never },
      },
      testContext().ctx,
    );

    const error = result._unsafeUnwrapErr();
    if (!isDrErrorOf(error, 'InvalidInput')) throw new Error(`expected InvalidInput, got ${error.kind}`);
    expect(error.problems.map((p) => p.path)).toEqual([
      'step',
      'strategy',
      'incidentAt',
      'timeout',
      'overrides.instanceClass',
    ]);
    expect(calls.list).toEqual([]);
  });

  it('rejects a point-in-time strategy for a source without point-in-time support', async () => {
    const source = vault([point('p', 1)]);

    const result = await restorePoint(source, { step: 'pitr', strategy: { pointInTime: {} } }, testContext().ctx);

    expect(result._unsafeUnwrapErr().kind).toBe('InvalidInput');
    expect(source.calls.list).toEqual([]);
  });

  it('in a dry run chooses the point and plans the start, changing nothing', async () => {
    const source = vault([point('p-10m', 10)]);
    const { ctx } = testContext({ dryRun: true });

    const result = await restorePoint(
      source,
      { step: 'restore-orders', strategy: { latest: true }, overrides: { dbPassword: 's3cret' } },
      ctx,
    );

    const report = result._unsafeUnwrap();
    expect(report.dryRun).toBe(true);
    expect(report.point.id).toBe('p-10m');
    expect(report.plannedCalls).toEqual([
      {
        port: 'RecoveryPointSource',
        target: 'fake-vault',
        operation: 'startRestore',
        input: { pointId: 'p-10m', idempotencyKey: report.idempotencyKey, overrideNames: ['dbPassword'] },
      },
    ]);
    expect(JSON.stringify(report)).not.toContain('s3cret');
    expect(source.calls.mutating).toEqual([]);
    expect((await report.cleanup())._unsafeUnwrap().outcome).toBe('planned');
    expect(source.calls.mutating).toEqual([]);
  });
});

describe('restorePoint cleanup', () => {
  it('deletes the restored resource once and reports a second cleanup as already gone', async () => {
    const source = vault([point('p-10m', 10)]);
    const { ctx } = testContext();
    const report = (
      await restorePoint(source, { step: 'restore-orders', strategy: { latest: true } }, ctx)
    )._unsafeUnwrap();

    const first = await report.cleanup();
    const second = await report.cleanup();

    expect(first._unsafeUnwrap().outcome).toBe('deleted');
    expect(second._unsafeUnwrap().outcome).toBe('already-gone');
    expect(source.resources.get('restored-1')?.deleted).toBe(true);
  });

  it('refuses a resource this run did not create, without asking the provider', async () => {
    const source = vault([]);
    source.addForeignResource('orders-db-production');
    const { ctx } = testContext();

    const refused = await cleanupRestored(source, { id: 'orders-db-production', createdByRun: 'another-run' }, ctx);

    expect(refused._unsafeUnwrapErr().kind).toBe('AccessDenied');
    expect(source.calls.list).toEqual([]);
    expect(source.resources.get('orders-db-production')?.deleted).toBe(false);
  });

  it('refuses a resource of another run even when the report claims it, because the provider checks its tag', async () => {
    const source = vault([]);
    source.addForeignResource('orders-db-production', 'someone-else');
    const { ctx } = testContext();

    // A forged marker gets past core's check, but not past the adapter's own tag check.
    const refused = await cleanupRestored(source, { id: 'orders-db-production', createdByRun: ctx.runId }, ctx);

    expect(refused._unsafeUnwrapErr().kind).toBe('AccessDenied');
    expect(source.resources.get('orders-db-production')?.deleted).toBe(false);
  });
});
