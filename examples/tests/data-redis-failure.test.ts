import { afterEach, describe, expect, it } from 'vitest';
import { GetParameterCommand, GetParameterHistoryCommand, SSMClient } from '@aws-sdk/client-ssm';
import { memoryAuditSink } from '@drkit/core';
import { elasticacheService } from '@drkit/testing';
import { orphanedRestores } from '@drkit/testing/vitest';
import { requireRedis } from '../../packages/testing/tests/support/requireRedis';
import { createSimulatedEnvironment, type SimulatedEnvironment } from '../src/env/simulated';
import { runScenario } from '../src/drill/runScenario';
import { SCENARIOS } from '../src/scenarios/catalog';
import scenario from '../src/scenarios/data/redis-failure';

const info = SCENARIOS.find((s) => s.name === 'redis-failure')!;
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

const parameterOf = async (env: SimulatedEnvironment) => {
  const ssm = env.client(SSMClient, env.config.regions.primary);
  const name = env.config.parameters.redisEndpoint;
  const current = await ssm.send(new GetParameterCommand({ Name: name }));
  const history = await ssm.send(new GetParameterHistoryCommand({ Name: name }));
  return { current: current.Parameter!, history: history.Parameters ?? [] };
};

describe.runIf(requireRedis())('drill: redis-failure (over a real redis-server)', () => {
  it('restores the newest snapshot within the RPO, checks the data over Redis, repoints the parameter and keeps the restored group as production', async () => {
    // Act
    const { env, report, cloud } = await drill();

    // Assess: within the objectives
    expect(report.reason).toBeUndefined();
    expect(report.status).toBe('passed');
    expect(report.rpo.measuredSeconds!).toBeLessThanOrEqual(report.rpo.objectiveSeconds);
    expect(report.rto.measuredSeconds).toBeLessThanOrEqual(report.rto.objectiveSeconds);
    // The parameter names the restored group; the old version is labelled for a rollback
    const ec = cloud.state(elasticacheService, env.config.regions.primary);
    const restored = ec.groups().filter((g) => g.createdBy === 'restore' && g.deleteAt === undefined);
    expect(restored).toHaveLength(1);
    const { current, history } = await parameterOf(env);
    expect(current.Value).toBe(`${restored[0]!.resource.endpoint!.host}:${restored[0]!.resource.endpoint!.port}`);
    expect(history.map((v) => v.Labels)).toEqual([['before-drill-redis-failure-seed1'], []]);
    // Production now: it takes daily snapshots again; the lost group is kept for the post-mortem
    expect(restored[0]!.snapshotRetentionLimit).toBe(7);
    expect(ec.group(env.config.cache.primaryReplicationGroupId)?.deleteAt).toBeUndefined();
    // The restored group is the estate's new cache, not an orphan; nothing else is left
    expect(orphanedRestores(cloud, { ignore: (r) => r.id === restored[0]!.id })).toEqual([]);
  });

  it('never passes a corrupted snapshot: the sentinel check fails, the parameter is untouched and the restored group deleted', async () => {
    // Act
    const { env, report, cloud } = await drill(['corrupt:restore']);

    // Assess
    expect(report.status).toBe('failed');
    expect(report.reason).toContain('redis-data');
    expect(report.reason).toMatch(/sentinel/i);
    expect(report.steps.find((s) => s.name === 'restore-from-snapshot')?.compensated).toBe(true);
    const { current, history } = await parameterOf(env);
    expect(history).toHaveLength(1);
    expect(current.Version).toBe(1);
    expect(orphanedRestores(cloud)).toEqual([]);
    expect(report.checks?.filter((c) => c.name === 'no-orphaned-restores').every((c) => c.passed)).toBe(true);
  });

  it('still passes while ElastiCache and Parameter Store throttle', async () => {
    const { report } = await drill(['throttle:elasticache:0.5', 'throttle:ssm:0.3'], 2);

    expect(report.reason).toBeUndefined();
    expect(report.status).toBe('passed');
  });
});
