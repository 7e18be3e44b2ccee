import { describe, expect, it } from 'vitest';
import { measureStepOutput, operationsCriticalPath } from '../../src/index';
import { min } from '../fakes/context';

const t0 = Date.parse('2026-11-22T03:00:00Z');
const op = (name: string, fromMin: number, toMin: number) => ({
  name,
  startedAt: t0 + min(fromMin),
  readyAt: t0 + min(toMin),
});

describe('operationsCriticalPath', () => {
  it('takes the longest dependency path, weighing each step by the union of its operations', () => {
    // Prepare: two overlapping operations in one step count once; a gap between them not at all.
    const steps = [
      { name: 'restore-db', dependsOn: [], operations: [op('restore', 0, 38)] },
      {
        name: 'scale',
        dependsOn: [],
        operations: [op('asg web', 0, 5), op('asg worker', 2, 6), op('asg api', 10, 12)],
      },
      { name: 'dns', dependsOn: ['restore-db', 'scale'], operations: [op('change', 40, 41)] },
      { name: 'notify', dependsOn: ['dns'], operations: [] },
    ];

    // Act
    const bound = operationsCriticalPath(steps, { endAt: ['dns'] });
    const scaleOnly = operationsCriticalPath(steps, { endAt: ['scale'] });

    // Assess
    expect(bound._unsafeUnwrap()).toEqual({ ms: min(39), path: ['restore-db', 'dns'] });
    expect(scaleOnly._unsafeUnwrap()).toEqual({ ms: min(8), path: ['scale'] });
  });

  it('reports every problem in its input', () => {
    const result = operationsCriticalPath([
      { name: 'a', dependsOn: ['ghost'], operations: [op('backwards', 5, 1)] },
      { name: 'a', dependsOn: [], operations: [] },
    ]);

    expect(result._unsafeUnwrapErr().problems.map((p) => p.path)).toEqual([
      'steps[0].operations[0].readyAt',
      'steps[1].name',
      'steps[0].dependsOn[0]',
    ]);
  });
});

describe('measureStepOutput', () => {
  it('reads operations and recovery points from the primitives’ reports and from plain fields', () => {
    // restorePoint's report (the fields that matter)
    const restore = measureStepOutput({
      dryRun: false,
      job: { jobId: 'job-7' },
      timings: { startedAt: t0, completedAt: t0 + min(38) },
      point: { id: 'p-10m', createdAt: t0 - min(10) },
    });
    // promoteStandby's and shiftTraffic's reports
    const promote = measureStepOutput({
      dryRun: false,
      standbys: [{ name: 'asg:web', promotedAt: t0, readyAt: t0 + min(5) }],
    });
    const shift = measureStepOutput({
      dryRun: false,
      router: 'route53:api',
      steps: [{ percent: 100, appliedAt: t0, propagatedAt: t0 + 45_000, bakeEndedAt: t0 + 105_000 }],
    });
    const own = measureStepOutput({ dataAsOf: t0 - min(3), operations: [op('snapshot copy', 0, 7)] });

    expect(restore).toEqual({
      operations: [{ name: 'restore job job-7', startedAt: t0, readyAt: t0 + min(38) }],
      recoveryPoints: [{ dataAsOf: t0 - min(10), label: 'p-10m' }],
    });
    expect(promote.operations).toEqual([{ name: 'promote asg:web', startedAt: t0, readyAt: t0 + min(5) }]);
    expect(shift.operations).toEqual([{ name: 'shift 100% on route53:api', startedAt: t0, readyAt: t0 + 105_000 }]);
    expect(own).toEqual({ operations: [op('snapshot copy', 0, 7)], recoveryPoints: [{ dataAsOf: t0 - min(3) }] });
    expect(measureStepOutput('plain')).toEqual({ operations: [], recoveryPoints: [] });
  });
});
