import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RPO_MS,
  DEFAULT_RTO_MS,
  measureRpo,
  measureRto,
  requireRpo,
  requireRto,
  rtoDeadline,
} from '../../src/index';
import { min } from '../fakes/context';

const T0 = Date.parse('2026-11-22T03:00:00Z');

describe('measureRto', () => {
  it('measures from the incident to the last step, with the sequential chain as critical path', () => {
    const rto = measureRto({
      incidentAt: T0,
      steps: [
        { name: 'detect+approve', startedAt: T0 + min(5), completedAt: T0 + min(10) },
        { name: 'promote-data', startedAt: T0 + min(12), completedAt: T0 + min(20) },
        { name: 'scale-web', startedAt: T0 + min(12), completedAt: T0 + min(18) },
        { name: 'shift-traffic', startedAt: T0 + min(20), completedAt: T0 + min(40) },
      ],
    })._unsafeUnwrap();

    expect(rto).toMatchObject({
      objectiveMs: DEFAULT_RTO_MS,
      measuredMs: min(40),
      met: true,
      lastStep: 'shift-traffic',
    });
    // Parallel steps count once: 5 + 8 + 20 minutes, the gaps excluded.
    expect(rto.criticalPathMs).toBe(min(33));
    expect(rto.criticalPath).toEqual(['detect+approve', 'promote-data', 'shift-traffic']);
  });

  it('follows declared dependencies instead of timing', () => {
    const rto = measureRto({
      incidentAt: T0,
      objective: '30m',
      steps: [
        { name: 'a', startedAt: T0, completedAt: T0 + min(10) },
        { name: 'b', startedAt: T0 + min(20), completedAt: T0 + min(45), dependsOn: [] },
      ],
    })._unsafeUnwrap();

    expect(rto).toMatchObject({ measuredMs: min(45), met: false, criticalPathMs: min(25), criticalPath: ['b'] });
    expect(requireRto(rto)._unsafeUnwrapErr()).toMatchObject({
      kind: 'RtoExceeded',
      objectiveMs: min(30),
      achievedMs: min(45),
    });
  });

  it('lists every problem of its input', () => {
    const result = measureRto({
      incidentAt: Number.NaN,
      objective: 'soon',
      steps: [
        { name: 'a', startedAt: T0 + 10, completedAt: T0 },
        { name: 'a', startedAt: T0, completedAt: T0, dependsOn: ['ghost'] },
      ],
    });

    expect(result._unsafeUnwrapErr().problems.map((p) => p.path)).toEqual([
      'incidentAt',
      'objective',
      'steps[0].completedAt',
      'steps[1].name',
      'steps[1].dependsOn[0]',
    ]);
  });

  it('rejects a dependency cycle', () => {
    const result = measureRto({
      incidentAt: T0,
      steps: [
        { name: 'a', startedAt: T0, completedAt: T0 + 1, dependsOn: ['b'] },
        { name: 'b', startedAt: T0, completedAt: T0 + 1, dependsOn: ['a'] },
      ],
    });

    expect(result._unsafeUnwrapErr().message).toContain('cycle');
  });
});

describe('measureRpo', () => {
  it('measures the age of the recovered data at the incident against 15 minutes by default', () => {
    const ok = measureRpo({ incidentAt: T0, dataAsOf: T0 - min(10) })._unsafeUnwrap();
    const late = measureRpo({ incidentAt: T0, dataAsOf: T0 - min(20) })._unsafeUnwrap();

    expect(ok).toMatchObject({ objectiveMs: DEFAULT_RPO_MS, measuredMs: min(10), met: true });
    expect(requireRpo(ok).isOk()).toBe(true);
    expect(requireRpo(late)._unsafeUnwrapErr()).toMatchObject({ kind: 'RpoViolated', achievedMs: min(20) });
  });

  it('gives the RTO deadline for a runbook', () => {
    expect(rtoDeadline(T0)._unsafeUnwrap()).toBe(T0 + DEFAULT_RTO_MS);
    expect(rtoDeadline(T0, '45m')._unsafeUnwrap()).toBe(T0 + min(45));
    expect(rtoDeadline(T0, 0).isErr()).toBe(true);
  });
});
