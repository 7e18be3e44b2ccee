import { afterEach, describe, expect, it } from 'vitest';
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  SetDesiredCapacityCommand,
} from '@aws-sdk/client-auto-scaling';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeGlobalReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { consoleLogger, demoteStandby, promoteStandby, resolveContext, silentLogger } from '@drkit/core';
import { createSimulatedCloud, seedTopology, stopElastiCacheRedis, type SimulatedCloud } from '@drkit/testing';
import { autoScalingStandby } from '../src/autoscaling/index';
import { globalDatastoreStandby } from '../src/elasticache-global/index';
import { reloadHook, ssmParametersStandby } from '../src/ssm/index';

const topology = seedTopology();
const { primary: EAST, dr: WEST } = topology.regions;
const DR_REDIS = 'jobs-api-redis-dr.usw2.cache.amazonaws.com:6379';

const clouds: SimulatedCloud[] = [];
afterEach(async () => {
  await Promise.all(clouds.splice(0).map((c) => stopElastiCacheRedis(c.world)));
});

function setup(seed = 9) {
  const cloud = createSimulatedCloud({ seed, start: '2026-11-22T03:00:00Z', topology });
  clouds.push(cloud);
  const lines: string[] = [];
  const ctx = resolveContext({
    clock: cloud.clock,
    logger: consoleLogger({ level: 'debug', write: (l) => lines.push(l) }),
    runId: 'region-failover',
    random: () => 0.5,
  });
  const asg = (region: string) => cloud.client(AutoScalingClient, { region });
  return { cloud, ctx, lines, asg };
}

/** The DR region's standbys: web tier, cache, configuration, restart. */
function drStandbys(cloud: SimulatedCloud, asg: (r: string) => AutoScalingClient) {
  const web = autoScalingStandby({
    client: asg(WEST),
    groupName: topology.web.dr.autoScalingGroupName,
    capacity: { fromPrimary: { client: asg(EAST), groupName: topology.web.primary.autoScalingGroupName, fallback: 4 } },
    loadBalancing: { client: cloud.client(ElasticLoadBalancingV2Client, { region: WEST }) },
  });
  const cache = globalDatastoreStandby({
    client: cloud.client(ElastiCacheClient, { region: WEST }),
    globalReplicationGroupId: topology.cache.globalDatastoreId,
    drRegion: WEST,
    drReplicationGroupId: topology.cache.drGroupId,
  });
  const config = ssmParametersStandby({
    client: cloud.client(SSMClient, { region: WEST }),
    parameters: {
      [topology.parameters.redisEndpoint]: DR_REDIS,
      [topology.parameters.activeRegion]: WEST,
      [topology.parameters.mongodbUri]:
        'mongodb+srv://jobs-api:dr-password-not-secret@jobs-prod-dr.a1b2c.mongodb.net/jobs',
    },
  });
  return { web, cache, config, restart: reloadHook() };
}

async function drState(cloud: SimulatedCloud) {
  const group = (
    await cloud
      .client(AutoScalingClient, { region: WEST })
      .send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [topology.web.dr.autoScalingGroupName] }))
  ).AutoScalingGroups![0]!;
  const global = (
    await cloud.client(ElastiCacheClient, { region: WEST }).send(
      new DescribeGlobalReplicationGroupsCommand({
        GlobalReplicationGroupId: topology.cache.globalDatastoreId,
        ShowMemberInfo: true,
      }),
    )
  ).GlobalReplicationGroups![0]!;
  const ssm = cloud.client(SSMClient, { region: WEST });
  const param = async (name: string) => (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter!;
  return {
    sizes: [group.MinSize, group.DesiredCapacity, group.MaxSize],
    inService: group.Instances!.filter((i) => i.LifecycleState === 'InService').length,
    cachePrimary: global.Members!.find((m) => m.Role === 'PRIMARY')?.ReplicationGroupRegion,
    redis: (await param(topology.parameters.redisEndpoint)).Value,
    active: (await param(topology.parameters.activeRegion)).Value,
  };
}

describe('promoteStandby on the DR region (Auto Scaling, Global Datastore, SSM)', () => {
  it('scales the DR web tier to the primary’s capacity, fails the cache over, repoints the configuration; demotion undoes it all', async () => {
    // Prepare
    const { cloud, ctx, lines, asg } = setup();
    const { web, cache, config, restart } = drStandbys(cloud, asg);
    const before = await drState(cloud);
    expect(before).toMatchObject({ sizes: [1, 1, 12], cachePrimary: EAST, active: EAST });

    // Act
    const promoted = await promoteStandby(
      [[web, cache], config, restart],
      { step: 'promote-dr', readinessTimeout: '30m' },
      ctx,
    );

    // Assess
    const report = promoted._unsafeUnwrap();
    if (report.dryRun) throw new Error('not a dry run');
    const after = await drState(cloud);
    expect(after).toMatchObject({ sizes: [4, 4, 12], cachePrimary: WEST, redis: DR_REDIS, active: WEST });
    expect(after.inService).toBe(4);
    const byName = Object.fromEntries(report.standbys.map((s) => [s.name, s]));
    expect(byName[web.name]?.readiness).toMatch(/4\/4 instances InService, 4\/4 healthy/);
    expect(byName[web.name]?.durationMs).toBeGreaterThan(60_000); // instances had to boot
    expect(byName[restart.name]?.detail).toMatch(/nothing was restarted/);
    expect(report.previous[web.name]).toEqual({
      groupName: topology.web.dr.autoScalingGroupName,
      minSize: 1,
      maxSize: 12,
      desiredCapacity: 1,
    });
    expect(report.previous[cache.name]).toMatchObject({
      primaryRegion: EAST,
      primaryReplicationGroupId: topology.cache.primaryGroupId,
    });
    // The SecureString's value is neither kept for failback nor logged.
    const mongo = (report.previous[config.name] as { parameters: Record<string, { value?: string; type: string }> })
      .parameters[topology.parameters.mongodbUri];
    expect(mongo).toMatchObject({ type: 'SecureString' });
    expect(mongo?.value).toBeUndefined();
    expect(lines.join('\n')).not.toMatch(/password|mongodb\+srv/);

    // Act: failback, newest first
    for (const s of [restart, config, cache, web])
      (await demoteStandby(s, report.previous[s.name]!, ctx))._unsafeUnwrap();

    // Assess
    const back = await drState(cloud);
    expect(back).toMatchObject({ sizes: [1, 1, 12], cachePrimary: EAST, redis: before.redis, active: EAST });
    const ssm = cloud.client(SSMClient, { region: WEST });
    const labelled = await ssm.send(
      new GetParameterCommand({ Name: `${topology.parameters.redisEndpoint}:drkit-failback`, WithDecryption: true }),
    );
    expect(labelled.Parameter?.Value).toBe(before.redis);
    const secret = await ssm.send(
      new GetParameterCommand({ Name: topology.parameters.mongodbUri, WithDecryption: true }),
    );
    expect(secret.Parameter?.Value).toMatch(/seed-password-not-secret/);
  });

  it('is idempotent: promoting again changes nothing and hands back the same previous state', async () => {
    const { cloud, ctx, asg } = setup();
    const { web, cache, config } = drStandbys(cloud, asg);
    const first = (
      await promoteStandby([[web, cache], config], { step: 'promote-dr', readinessTimeout: '30m' }, ctx)
    )._unsafeUnwrap();
    const calls = cloud.recorder.calls({
      operation: /UpdateAutoScalingGroup|FailoverGlobalReplicationGroup|PutParameter/,
    }).length;

    const again = (
      await promoteStandby([[web, cache], config], { step: 'promote-dr', readinessTimeout: '30m' }, ctx)
    )._unsafeUnwrap();

    if (first.dryRun || again.dryRun) throw new Error('not a dry run');
    expect(again.standbys.every((s) => s.alreadyPromoted)).toBe(true);
    expect(again.previous).toEqual(first.previous);
    expect(
      cloud.recorder.calls({ operation: /UpdateAutoScalingGroup|FailoverGlobalReplicationGroup|PutParameter/ }),
    ).toHaveLength(calls);
  });

  it('scales to the primary’s recent peak, rebuilt from its scaling activities', async () => {
    // Prepare: the primary ran 7 instances for an hour earlier today
    const { cloud, ctx, asg } = setup();
    const east = asg(EAST);
    const name = topology.web.primary.autoScalingGroupName;
    await east.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: name, DesiredCapacity: 7 }));
    await cloud.clock.advance(60 * 60_000);
    await east.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: name, DesiredCapacity: 4 }));
    await cloud.clock.advance(30 * 60_000);
    const web = autoScalingStandby({
      client: asg(WEST),
      groupName: topology.web.dr.autoScalingGroupName,
      capacity: { fromPrimary: { client: east, groupName: name, basis: 'peak', window: '6h' } },
    });

    // Act
    const promoted = await promoteStandby(web, { step: 'scale-dr', readinessTimeout: '30m' }, ctx);

    // Assess
    const report = promoted._unsafeUnwrap();
    if (report.dryRun) throw new Error('not a dry run');
    expect(report.standbys[0]?.detail).toMatch(/desired 1 → 7,.*peak of jobs-api/);
    expect((await drState(cloud)).sizes).toEqual([7, 7, 12]);
  });

  it('falls back to a fixed capacity when the primary region is dark', async () => {
    const { cloud, ctx, asg } = setup();
    cloud.inject('region-outage:us-east-1')._unsafeUnwrap();
    const { web } = drStandbys(cloud, asg);

    const promoted = await promoteStandby(web, { step: 'scale-dr', readinessTimeout: '30m' }, ctx);

    const report = promoted._unsafeUnwrap();
    if (report.dryRun) throw new Error('not a dry run');
    expect(report.standbys[0]?.detail).toMatch(/fallback .*unreachable/);
    expect((await drState(cloud)).inService).toBe(4);
  });

  it('rejects bad options with InvalidInput before any call', async () => {
    const { cloud, asg } = setup();
    const ctx = resolveContext({ clock: cloud.clock, logger: silentLogger, runId: 'r' });

    const web = autoScalingStandby({ client: asg(WEST), groupName: '', capacity: -2 });
    const cache = globalDatastoreStandby({
      client: cloud.client(ElastiCacheClient, { region: WEST }),
      globalReplicationGroupId: '',
      drRegion: 'west',
      drReplicationGroupId: 'x',
    });
    const config = ssmParametersStandby({
      client: cloud.client(SSMClient, { region: WEST }),
      parameters: { 'bad name!': '' },
      label: '1abc',
    });
    const results = await Promise.all(
      [web, cache, config].map((s) => s.promote({ idempotencyKey: 'k', runId: 'r' }, ctx)),
    );

    const problems = results.map((r) => {
      const e = r._unsafeUnwrapErr();
      return e.kind === 'InvalidInput' ? e.problems.map((p) => p.path).sort() : [e.kind];
    });
    expect(problems).toEqual([
      ['capacity', 'groupName'],
      ['drRegion', 'globalReplicationGroupId'],
      ['label', 'parameters.bad name!', 'parameters.bad name!'],
    ]);
    expect(cloud.recorder.calls()).toHaveLength(0);
  });
});
