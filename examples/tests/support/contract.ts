import { expect } from 'vitest';
import type { DrillReport } from '../../src/drill/report/types';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/**
 * Asserts that a parsed `report.json` keeps the drill's public contract (issue 7): every field
 * present with its type, steps and checks well formed, a reason exactly when a scenario failed.
 */
export function expectReportContract(value: unknown): asserts value is DrillReport {
  const r = value as DrillReport;
  expect(r.tool).toBe('drkit drill');
  expect(r.startedAt).toMatch(ISO);
  expect(typeof r.seed).toBe('number');
  expect(['simulated', 'live']).toContain(r.mode);
  expect(typeof r.dryRun).toBe('boolean');
  expect(Array.isArray(r.faults)).toBe(true);
  expect(r.objectives).toEqual({ rtoSeconds: expect.any(Number), rpoSeconds: expect.any(Number) });
  expect(typeof r.passed).toBe('boolean');
  expect(r.scenarios.length).toBeGreaterThan(0);
  for (const s of r.scenarios) {
    expect(typeof s.name).toBe('string');
    expect(typeof s.title).toBe('string');
    expect(['passed', 'failed']).toContain(s.status);
    expect(typeof s.planEstimate).toBe('string');
    expect(s.rto).toEqual({
      objectiveSeconds: expect.any(Number),
      measuredSeconds: expect.any(Number),
      criticalPathSeconds: expect.any(Number),
    });
    expect(typeof s.rpo.objectiveSeconds).toBe('number');
    expect(s.rpo.measuredSeconds === null || typeof s.rpo.measuredSeconds === 'number').toBe(true);
    expect(typeof s.apiCalls).toBe('number');
    expect(s.audit).toEqual({ records: expect.any(Number), verified: expect.any(Boolean) });
    expect(typeof s.wallMs).toBe('number');
    if (s.status === 'failed') expect(s.reason).toEqual(expect.any(String));
    else expect(s.reason).toBeUndefined();
    for (const st of s.steps) {
      expect(typeof st.name).toBe('string');
      expect(['succeeded', 'failed', 'skipped', 'compensated', 'planned']).toContain(st.status);
      expect(st.startedAt).toMatch(ISO);
      expect(st.finishedAt).toMatch(ISO);
      expect(Date.parse(st.finishedAt)).toBeGreaterThanOrEqual(Date.parse(st.startedAt));
      expect(typeof st.compensated).toBe('boolean');
    }
    for (const c of s.checks ?? []) {
      expect(typeof c.name).toBe('string');
      expect(typeof c.passed).toBe('boolean');
    }
  }
  expect(r.passed).toBe(r.scenarios.every((s) => s.status === 'passed'));
}
