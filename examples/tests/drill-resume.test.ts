import { describe, expect, it } from 'vitest';
import {
  autoApprove,
  memoryAuditSink,
  resumeRunbook,
  runRunbook,
  verifyAuditLog,
  type CrashPoint,
  type RunbookReport,
} from '@drkit/core';
import { createSimulatedEnvironment, simulatedProcess, type SimulatedEnvironment } from '../src/env/simulated';
import { objectivesOf, scenarioContext } from '../src/drill/runScenario';
import { commonChecks } from '../src/scenarios/shared/consistency';
import { estate, scenarioNamed } from './support/drill';

/** Calls that changed something in the simulated cloud, successful ones only. */
function changes(env: SimulatedEnvironment): string[] {
  return env.simulation.cloud.recorder
    .calls({ outcome: 'ok' })
    .filter((c) => !/^(Describe|Get|List|Test|GET |HEAD )/.test(c.operation))
    .map((c) => `${c.service}:${c.operation}`);
}

const count = (xs: readonly string[]) =>
  xs.reduce<Record<string, number>>((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {});

/** Runs region-failover on a fresh cloud; with `crashAt`, the process "dies" at that step boundary and a new one resumes. */
async function failover(crashAt?: number) {
  const { scenario } = await scenarioNamed('region-failover');
  const env = (await createSimulatedEnvironment({ seed: 3 }))._unsafeUnwrap();
  const journal = memoryAuditSink();
  // The first process runs until it dies; a second one (same cloud, new clients) resumes.
  const first = simulatedProcess(env);
  const ctx = scenarioContext(first, 'region-failover', 3, journal);
  const incident = (await scenario.incident(first, ctx, undefined))._unsafeUnwrap();
  const rb = scenario.runbook(first, { incident });
  const { rtoMs, rpoMs } = objectivesOf(env);
  const options = { objectives: { rto: rtoMs, rpo: rpoMs }, approver: autoApprove(), journal };
  let boundaries = 0;
  let crashedAt: string | undefined;
  const crash = (at: CrashPoint) => {
    if (!('event' in at) || (at.event.type !== 'step:started' && at.event.type !== 'step:finished')) return false;
    if (boundaries++ !== crashAt) return false;
    crashedAt = `${at.event.type} ${at.event.step}`;
    first.kill(); // its steps in flight never reach the cloud again
    return true;
  };
  const outcome = await runRunbook(rb, { ...options, incidentAt: incident.at, simulateCrash: crash }, ctx);
  let report: RunbookReport;
  if (crashAt === undefined) report = outcome._unsafeUnwrap();
  else {
    expect(outcome.isErr(), `the run should have died at boundary ${crashAt}`).toBe(true);
    // A new process: same journal, same run id, the same runbook built again.
    const second = simulatedProcess(env);
    const resumedCtx = scenarioContext(second, 'region-failover', 3, journal);
    report = (
      await resumeRunbook(scenario.runbook(second, { incident }), journal, { approver: autoApprove() }, resumedCtx)
    )._unsafeUnwrap();
  }
  return { env, report, journal, boundaries, crashedAt };
}

describe('region-failover killed at every step boundary and resumed from its journal', () => {
  it('ends as the uninterrupted run does, with no duplicated change and nothing left behind', async () => {
    // Prepare: the uninterrupted run is the reference.
    const reference = await failover();
    const expected = { status: reference.report.status, estate: estate(reference.env) };
    const expectedChanges = count(changes(reference.env));
    const boundaries = reference.boundaries;
    await reference.env.dispose();
    expect(expected.status).toBe('passed');
    expect(boundaries).toBeGreaterThanOrEqual(10); // 5 steps, started and finished

    for (let k = 0; k < boundaries; k++) {
      // Act: die at boundary k, resume.
      const run = await failover(k);
      try {
        const at = `crash at boundary ${k} (${run.crashedAt})`;
        // Assess: the same outcome and the same cloud …
        expect(run.report.resumed, at).toBe(true);
        expect(run.report.status, `${at}: ${run.report.reason ?? ''}`).toBe(expected.status);
        expect(estate(run.env), at).toEqual(expected.estate);
        // … every change made exactly as often as in the uninterrupted run (no second failover
        // of the Global Datastore, no second scale-up, no second parameter write) …
        expect(count(changes(run.env)), at).toEqual(expectedChanges);
        // … nothing orphaned or deleted, and the journal's chain intact.
        const checks = await commonChecks(run.env);
        expect(
          checks.filter((c) => !c.passed),
          at,
        ).toEqual([]);
        expect(verifyAuditLog(run.journal.records).ok, at).toBe(true);
      } finally {
        await run.env.dispose();
      }
    }
  }, 120_000);
});
