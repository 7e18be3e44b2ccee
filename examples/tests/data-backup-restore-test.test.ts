import { afterEach, describe, expect, it } from 'vitest';
import { BackupClient, DescribeRestoreJobCommand, ListRestoreJobsCommand } from '@aws-sdk/client-backup';
import { memoryAuditSink } from '@drkit/core';
import { orphanedRestores } from '@drkit/testing/vitest';
import { createSimulatedEnvironment, type SimulatedEnvironment } from '../src/env/simulated';
import { runScenario } from '../src/drill/runScenario';
import { SCENARIOS } from '../src/scenarios/catalog';
import scenario from '../src/scenarios/data/backup-restore-test';

const info = SCENARIOS.find((s) => s.name === 'backup-restore-test')!;
const envs: SimulatedEnvironment[] = [];
afterEach(async () => {
  await Promise.all(envs.splice(0).map((e) => e.dispose()));
});

/** Runs the scenario as `drill --scenario backup-restore-test [--fault …]` does, on a fresh seed estate. */
async function drill(faults: string[] = [], seed = 1) {
  const env = (await createSimulatedEnvironment({ seed }))._unsafeUnwrap();
  envs.push(env);
  const report = await runScenario(info, scenario, { env, seed, journal: memoryAuditSink(), faults });
  return { env, report, cloud: env.simulation.cloud };
}

const jobsOf = async (env: SimulatedEnvironment) =>
  (await env.client(BackupClient, env.config.regions.primary).send(new ListRestoreJobsCommand({}))).RestoreJobs ?? [];

describe('drill: backup-restore-test', () => {
  it('restores the newest EC2 point, validates it, records SUCCESSFUL on the job and deletes the test instance, within the objectives', async () => {
    // Act
    const { env, report, cloud } = await drill();

    // Assess
    expect(report.reason).toBeUndefined();
    expect(report.status).toBe('passed');
    expect(report.steps.map((s) => `${s.name}:${s.status}`)).toEqual([
      'restore-latest-ec2-point:succeeded',
      'validate:succeeded',
      'publish-metrics:succeeded',
    ]);
    expect(report.rto.measuredSeconds).toBeLessThanOrEqual(report.rto.objectiveSeconds);
    expect(report.rpo.measuredSeconds).not.toBeNull();
    expect(report.rpo.measuredSeconds!).toBeLessThanOrEqual(report.rpo.objectiveSeconds);
    const [job] = await jobsOf(env);
    const described = await env
      .client(BackupClient, env.config.regions.primary)
      .send(new DescribeRestoreJobCommand({ RestoreJobId: job!.RestoreJobId }));
    expect(described.ValidationStatus).toBe('SUCCESSFUL');
    expect(orphanedRestores(cloud)).toEqual([]);
    expect(report.checks?.every((c) => c.passed)).toBe(true);
  });

  it('never passes a corrupted restore: it fails on data integrity, records FAILED, and leaves no orphan', async () => {
    // Act
    const { env, report, cloud } = await drill(['corrupt:restore']);

    // Assess
    expect(report.status).toBe('failed');
    expect(report.reason).toContain('data-integrity');
    expect(report.reason).toContain('do not match the checksum of the backed-up data');
    const [job] = await jobsOf(env);
    expect(job?.ValidationStatus).toBe('FAILED');
    expect(orphanedRestores(cloud)).toEqual([]);
    expect(report.checks?.find((c) => c.name === 'no-orphaned-restores')?.passed).toBe(true);
    expect(report.checks?.find((c) => c.name === 'verdict-recorded-on-restore-job')?.passed).toBe(true);
  });

  it('still passes while AWS Backup throttles and StartRestoreJob fails once', async () => {
    const { report, cloud } = await drill(
      ['throttle:backup:0.5', 'error:backup:StartRestoreJob:ServiceUnavailableException:1'],
      2,
    );

    expect(report.reason).toBeUndefined();
    expect(report.status).toBe('passed');
    expect(cloud.recorder.calls({ service: 'backup', outcome: 'error' }).length).toBeGreaterThan(0);
    expect(orphanedRestores(cloud)).toEqual([]);
  });
});
