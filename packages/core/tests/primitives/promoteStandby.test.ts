import { describe, expect, it } from 'vitest';
import { demoteStandby, drError, isDrErrorOf, promoteStandby } from '../../src/index';
import { FakeStandby } from '../fakes/FakeStandby';
import { PortCalls } from '../fakes/PortCalls';
import { min, testContext } from '../fakes/context';

function standbys(calls = new PortCalls()) {
  return {
    calls,
    data: new FakeStandby({
      name: 'global-datastore:sessions',
      standbyCapacity: 1,
      promotedCapacity: 1,
      readyAfterMs: min(3),
      calls,
    }),
    web: new FakeStandby({
      name: 'asg:web-eu-west-1',
      standbyCapacity: 1,
      promotedCapacity: 6,
      readyAfterMs: min(6),
      calls,
    }),
    worker: new FakeStandby({
      name: 'asg:worker-eu-west-1',
      standbyCapacity: 0,
      promotedCapacity: 2,
      readyAfterMs: min(4),
      calls,
    }),
  };
}

describe('promoteStandby', () => {
  it('promotes group by group, waiting for readiness, and returns previous states for failback', async () => {
    // Prepare
    const { calls, data, web, worker } = standbys();
    const { ctx } = testContext();

    // Act
    const result = await promoteStandby([data, [web, worker]], { step: 'promote-eu-west-1' }, ctx);

    // Assess
    const report = result._unsafeUnwrap();
    if (report.dryRun) throw new Error('expected a real promotion');
    expect([data.capacity, web.capacity, worker.capacity]).toEqual([1, 6, 2]);
    expect(report.previous).toEqual({
      'global-datastore:sessions': { capacity: 1 },
      'asg:web-eu-west-1': { capacity: 1 },
      'asg:worker-eu-west-1': { capacity: 0 },
    });
    // The app tier is promoted only once the data tier is ready.
    const promotes = calls.of('promote').map((c) => c.target);
    expect(promotes).toEqual(['global-datastore:sessions', 'asg:web-eu-west-1', 'asg:worker-eu-west-1']);
    const [dataReport, webReport, workerReport] = report.standbys;
    expect(webReport!.promotedAt).toBeGreaterThanOrEqual(dataReport!.readyAt);
    expect(webReport!.promotedAt).toBe(workerReport!.promotedAt);
    expect(webReport!.durationMs).toBeGreaterThanOrEqual(min(6));
    expect(report.durationMs).toBeGreaterThanOrEqual(min(9));
  });

  it('accepts a single standby', async () => {
    const { web } = standbys();

    const report = (await promoteStandby(web, { step: 'promote-web' }, testContext().ctx))._unsafeUnwrap();

    expect(report.standbys.map((s) => s.name)).toEqual(['asg:web-eu-west-1']);
  });

  it('demotes what it promoted, newest first, when a later promotion fails, then returns the error', async () => {
    const { calls, data, web, worker } = standbys();
    calls.failNext(
      'promote:asg:worker-eu-west-1',
      drError('AccessDenied', 'autoscaling:UpdateAutoScalingGroup denied'),
    );
    const { ctx } = testContext();

    const result = await promoteStandby([data, [web, worker]], { step: 'promote-eu-west-1' }, ctx);

    const error = result._unsafeUnwrapErr();
    expect(error.kind).toBe('AccessDenied');
    expect(error.message).toContain('compensated: demoted asg:web-eu-west-1, global-datastore:sessions');
    expect([data.capacity, web.capacity, worker.capacity]).toEqual([1, 1, 0]);
    expect([data.promoted, web.promoted, worker.promoted]).toEqual([false, false, false]);
    expect(calls.of('demote').map((c) => c.target)).toEqual(['asg:web-eu-west-1', 'global-datastore:sessions']);
  });

  it('compensates when a standby never becomes ready, returning Timeout', async () => {
    const calls = new PortCalls();
    const data = new FakeStandby({ name: 'data', readyAfterMs: min(1), calls });
    const stuck = new FakeStandby({ name: 'web', readyAfterMs: Infinity, calls });

    const result = await promoteStandby([data, stuck], { step: 'promote', readinessTimeout: '10m' }, testContext().ctx);

    expect(result._unsafeUnwrapErr().kind).toBe('Timeout');
    expect(calls.of('demote').map((c) => c.target)).toEqual(['web', 'data']);
    expect([data.promoted, stuck.promoted]).toEqual([false, false]);
  });

  it('fails back with demoteStandby and the previous state', async () => {
    const { web } = standbys();
    const { ctx } = testContext();
    const promoted = (await promoteStandby(web, { step: 'promote-web' }, ctx))._unsafeUnwrap();
    if (promoted.dryRun) throw new Error('expected a real promotion');

    const demoted = await demoteStandby(web, promoted.previous['asg:web-eu-west-1']!, ctx);

    expect(demoted._unsafeUnwrap().name).toBe('asg:web-eu-west-1');
    expect(web.capacity).toBe(1);
  });

  it('lists every input problem at once and calls nothing', async () => {
    const { calls, data, web } = standbys();
    const twin = new FakeStandby({ name: 'asg:web-eu-west-1', calls });

    const result = await promoteStandby(
      [data, [web, twin], []],
      { step: ' ', readinessTimeout: 'eventually' },
      testContext().ctx,
    );
    const noDemote = await demoteStandby({ name: 'x' } as never, 'nope' as never, testContext().ctx);

    const error = result._unsafeUnwrapErr();
    if (!isDrErrorOf(error, 'InvalidInput')) throw new Error(`expected InvalidInput, got ${error.kind}`);
    expect(error.problems.map((p) => p.path)).toEqual([
      'standbys[1][1].name',
      'standbys[2]',
      'step',
      'readinessTimeout',
    ]);
    expect(noDemote._unsafeUnwrapErr().kind).toBe('InvalidInput');
    expect(calls.list).toEqual([]);
  });

  it('in a dry run plans the promotions and calls nothing', async () => {
    const { calls, data, web, worker } = standbys();
    const { ctx } = testContext({ dryRun: true });

    const report = (await promoteStandby([data, [web, worker]], { step: 'promote-eu-west-1' }, ctx))._unsafeUnwrap();
    const demoted = (await demoteStandby(web, { capacity: 1 }, ctx))._unsafeUnwrap();

    expect(report.dryRun).toBe(true);
    expect(report.standbys).toEqual([
      { name: 'global-datastore:sessions', group: 0 },
      { name: 'asg:web-eu-west-1', group: 1 },
      { name: 'asg:worker-eu-west-1', group: 1 },
    ]);
    expect(demoted.dryRun).toBe(true);
    expect(calls.list).toEqual([]);
  });
});
