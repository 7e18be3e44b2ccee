import { afterEach, describe, expect, it } from 'vitest';
import { GetParameterHistoryCommand, SSMClient } from '@aws-sdk/client-ssm';
import { memoryAuditSink } from '@drkit/core';
import { orphanedRestores } from '@drkit/testing/vitest';
import { requireRedis } from '../../packages/testing/tests/support/requireRedis';
import { createSimulatedEnvironment, type SimulatedEnvironment } from '../src/env/simulated';
import { runScenario } from '../src/drill/runScenario';
import { SCENARIOS } from '../src/scenarios/catalog';
import scenario from '../src/scenarios/data/data-corruption';

const info = SCENARIOS.find((s) => s.name === 'data-corruption')!;
const envs: SimulatedEnvironment[] = [];
afterEach(async () => {
  await Promise.all(envs.splice(0).map((e) => e.dispose()));
});

async function drill(faults: string[] = [], seed = 1) {
  const env = (await createSimulatedEnvironment({ seed }))._unsafeUnwrap();
  envs.push(env);
  const report = await runScenario(info, scenario, { env, seed, journal: memoryAuditSink(), faults });
  return { env, report, cloud: env.simulation.cloud };
}

const versionsOf = async (env: SimulatedEnvironment, name: string) =>
  (await env.client(SSMClient, env.config.regions.primary).send(new GetParameterHistoryCommand({ Name: name })))
    .Parameters ?? [];

describe.runIf(requireRedis())('drill: data-corruption (Atlas point-in-time, Redis over a real redis-server)', () => {
  it('restores Atlas to the last clean second and the cache from the snapshot before the corruption, RPO measured against it', async () => {
    // Act
    const { env, report } = await drill();

    // Assess
    expect(report.reason).toBeUndefined();
    expect(report.status).toBe('passed');
    expect(report.rto.measuredSeconds).toBeLessThanOrEqual(report.rto.objectiveSeconds);
    expect(report.rpo.measuredSeconds!).toBeLessThanOrEqual(report.rpo.objectiveSeconds);
    // The restore brought back the data as it was one second before the corruption
    const emulator = await env.simulation.atlas();
    const [job] = emulator.state.restoreJobs(env.config.atlas!.clusterName);
    const corruptedAt = Date.parse(report.incident!.at);
    expect(job).toMatchObject({ deliveryType: 'pointInTime', restoredTo: new Date(corruptedAt - 1000).toISOString() });
    // Both parameters moved to the restored copies; the versions they replaced are labelled
    for (const name of [env.config.parameters.mongodbUri, env.config.parameters.redisEndpoint]) {
      const versions = await versionsOf(env, name);
      expect(versions).toHaveLength(2);
      expect(versions[0]?.Labels).toEqual(['before-drill-data-corruption-seed1']);
    }
    expect(report.checks?.every((c) => c.passed)).toBe(true);
  });

  it('never passes corrupted restores: validation says what is wrong, nothing is repointed, nothing is left behind', async () => {
    // Act
    const { env, report, cloud } = await drill(['corrupt:restore']);

    // Assess
    expect(report.status).toBe('failed');
    expect(report.reason).toContain('atlas-data-counts');
    expect(report.reason).toContain('sentinels');
    expect(
      report.steps
        .filter((s) => s.compensated)
        .map((s) => s.name)
        .sort(),
    ).toEqual(['restore-atlas-before-corruption', 'restore-cache-before-corruption']);
    expect(await versionsOf(env, env.config.parameters.mongodbUri)).toHaveLength(1);
    expect(await versionsOf(env, env.config.parameters.redisEndpoint)).toHaveLength(1);
    expect(orphanedRestores(cloud)).toEqual([]);
    expect(report.checks?.find((c) => c.name === 'no-orphaned-atlas-clusters')?.passed).toBe(true);
  });

  it('still passes while Atlas, ElastiCache and Parameter Store throttle', async () => {
    const { report } = await drill(['throttle:atlas:0.3', 'throttle:elasticache:0.5', 'throttle:ssm:0.3'], 2);

    expect(report.reason).toBeUndefined();
    expect(report.status).toBe('passed');
  });
});
