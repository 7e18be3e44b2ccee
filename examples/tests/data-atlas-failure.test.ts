import { afterEach, describe, expect, it } from 'vitest';
import { GetParameterCommand, GetParameterHistoryCommand, SSMClient } from '@aws-sdk/client-ssm';
import { memoryAuditSink, type AuditRecord } from '@drkit/core';
import { createSimulatedEnvironment, type SimulatedEnvironment } from '../src/env/simulated';
import { runScenario } from '../src/drill/runScenario';
import { SCENARIOS } from '../src/scenarios/catalog';
import scenario from '../src/scenarios/data/atlas-failure';

const info = SCENARIOS.find((s) => s.name === 'atlas-failure')!;
const envs: SimulatedEnvironment[] = [];
afterEach(async () => {
  await Promise.all(envs.splice(0).map((e) => e.dispose()));
});

async function drill(faults: string[] = [], seed = 1) {
  const env = (await createSimulatedEnvironment({ seed }))._unsafeUnwrap();
  envs.push(env);
  const journal = memoryAuditSink();
  const report = await runScenario(info, scenario, { env, seed, journal, faults });
  return { env, report, cloud: env.simulation.cloud, journal: (await journal.read()) as AuditRecord[] };
}

describe('drill: atlas-failure', () => {
  it('fails the cluster over to the DR region, repoints the connection string and validates, within the objectives', async () => {
    // Act
    const { env, report, cloud } = await drill();

    // Assess
    expect(report.reason).toBeUndefined();
    expect(report.status).toBe('passed');
    expect(report.rto.measuredSeconds).toBeLessThanOrEqual(report.rto.objectiveSeconds);
    expect(report.rpo.measuredSeconds!).toBeLessThanOrEqual(report.rpo.objectiveSeconds);
    // Only Atlas lost its region: AWS us-east-1 kept answering
    expect(cloud.faults.isRegionDown(env.config.regions.primary)).toBe(false);
    const emulator = await env.simulation.atlas();
    const cluster = emulator.state.cluster(env.config.atlas!.clusterName)!;
    expect(cluster).toMatchObject({ stateName: 'IDLE', changeStatus: 'APPLIED', primary: { regionName: 'US_WEST_2' } });
    // The connection string names the cluster's host now; the old version is labelled, still a SecureString
    const ssm = env.client(SSMClient, env.config.regions.primary);
    const name = env.config.parameters.mongodbUri;
    const current = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    const history = await ssm.send(new GetParameterHistoryCommand({ Name: name }));
    const srvHost = cluster.name; // the emulator's SRV host starts with the cluster name
    expect(current.Parameter?.Value).toMatch(new RegExp(`^mongodb\\+srv://jobs-api:[^@]+@${srvHost}\\.`));
    expect(history.Parameters?.map((p) => [p.Type, p.Labels])).toEqual([
      ['SecureString', ['before-drill-atlas-failure-seed1']],
      ['SecureString', []],
    ]);
  });

  it('never lets the connection string reach the journal, the report or the call records', async () => {
    const { report, cloud, journal } = await drill();

    const everything = JSON.stringify([report, journal, cloud.recorder.calls({})]);
    expect(report.status).toBe('passed');
    expect(everything).not.toContain('seed-password-not-secret');
    expect(everything).not.toMatch(/mongodb\+srv:\/\/[^"\s]*:[^"\s]*@/);
  });

  it('still passes while Atlas and Parameter Store throttle', async () => {
    const { report } = await drill(['throttle:atlas:0.3', 'throttle:ssm:0.3'], 2);

    expect(report.reason).toBeUndefined();
    expect(report.status).toBe('passed');
  });
});
