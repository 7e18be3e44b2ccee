import { describe, expect, it } from 'vitest';
import { BackupClient, ListRestoreJobsCommand } from '@aws-sdk/client-backup';
import {
  autoApprove,
  memoryAuditSink,
  resumeRunbook,
  runRunbook,
  verifyAuditLog,
  type CrashPoint,
  type RunbookReport,
} from '@drkit/core';
import { requireRedis } from '../../packages/testing/tests/support/requireRedis';
import { createSimulatedEnvironment, simulatedProcess, type SimulatedEnvironment } from '../src/env/simulated';
import { objectivesOf, scenarioContext } from '../src/drill/runScenario';
import { commonChecks } from '../src/scenarios/shared/consistency';
import type { AnyScenario, ConsistencyCheck } from '../src/scenarios/types';
import backupRestoreTest from '../src/scenarios/data/backup-restore-test';
import redisFailure from '../src/scenarios/data/redis-failure';
import dataCorruption from '../src/scenarios/data/data-corruption';

/** What a restore scenario created in the cloud: restore jobs, restored groups and clusters, by provider. */
async function created(env: SimulatedEnvironment) {
  const { cloud } = env.simulation;
  const atlas = await env.simulation.atlas();
  return {
    backupRestoreJobs:
      (await env.client(BackupClient, env.config.regions.primary).send(new ListRestoreJobsCommand({}))).RestoreJobs
        ?.length ?? 0,
    restoredResources: cloud.resources
      .list({ createdBy: 'restore' })
      .map((r) => `${r.type} ${r.id}`)
      .sort(),
    atlasRestoreJobs: atlas.state.restoreJobs().length,
  };
}

/** Runs a scenario; with `crashAt`, the process dies at that step boundary and a second one resumes it. */
async function run(scenario: AnyScenario, crashAt?: number) {
  const env = (await createSimulatedEnvironment({ seed: 1 }))._unsafeUnwrap();
  const journal = memoryAuditSink();
  const first = simulatedProcess(env);
  const ctx = scenarioContext(first, scenario.name, 1, journal);
  const incident = (await scenario.incident(first, ctx, undefined))._unsafeUnwrap();
  const { rtoMs, rpoMs } = objectivesOf(env, scenario.objectives);
  const options = { objectives: { rto: rtoMs, rpo: rpoMs }, approver: autoApprove(), journal };
  let boundaries = 0;
  let crashedAt: string | undefined;
  const crash = (at: CrashPoint) => {
    if (!('event' in at) || (at.event.type !== 'step:started' && at.event.type !== 'step:finished')) return false;
    if (boundaries++ !== crashAt) return false;
    crashedAt = `${at.event.type} ${at.event.step}`;
    first.kill();
    return true;
  };
  const outcome = await runRunbook(
    scenario.runbook(first, { incident }),
    { ...options, incidentAt: incident.at, simulateCrash: crash },
    ctx,
  );
  let report: RunbookReport;
  let finalEnv: SimulatedEnvironment = first;
  if (crashAt === undefined) report = outcome._unsafeUnwrap();
  else {
    expect(outcome.isErr(), `the run should have died at boundary ${crashAt}`).toBe(true);
    const second = simulatedProcess(env);
    finalEnv = second;
    report = (
      await resumeRunbook(
        scenario.runbook(second, { incident }),
        journal,
        { approver: autoApprove() },
        scenarioContext(second, scenario.name, 1, journal),
      )
    )._unsafeUnwrap();
  }
  const own = (await scenario.verify(finalEnv, ctx, { setup: undefined, incident, report }))._unsafeUnwrap();
  const names = new Set(own.map((c) => c.name));
  const checks: ConsistencyCheck[] = [...own, ...(await commonChecks(env)).filter((c) => !names.has(c.name))];
  return { env, report, journal, boundaries, crashedAt, checks, created: await created(env) };
}

describe.runIf(requireRedis())('restore scenarios killed at every step boundary and resumed from their journal', () => {
  it.each([backupRestoreTest, redisFailure, dataCorruption])(
    '$name ends as the uninterrupted run does: no second restore, nothing left behind',
    async (scenario) => {
      // Prepare: the uninterrupted run is the reference.
      const reference = await run(scenario);
      const expected = { status: reference.report.status, created: reference.created };
      const boundaries = reference.boundaries;
      await reference.env.dispose();
      expect(expected.status).toBe('passed');
      expect(boundaries).toBeGreaterThanOrEqual(6);

      for (let k = 0; k < boundaries; k++) {
        // Act: die at boundary k, resume in another process.
        const resumed = await run(scenario, k);
        try {
          const at = `crash at boundary ${k} (${resumed.crashedAt})`;
          // Assess: the same outcome, the same restores (the idempotency keys found the first
          // ones again), every consistency check passing, the journal's chain intact.
          expect(resumed.report.resumed, at).toBe(true);
          expect(resumed.report.status, `${at}: ${resumed.report.reason ?? ''}`).toBe(expected.status);
          expect(resumed.created, at).toEqual(expected.created);
          expect(
            resumed.checks.filter((c) => !c.passed),
            at,
          ).toEqual([]);
          expect(verifyAuditLog(resumed.journal.records).ok, at).toBe(true);
        } finally {
          await resumed.env.dispose();
        }
      }
    },
    180_000,
  );
});
