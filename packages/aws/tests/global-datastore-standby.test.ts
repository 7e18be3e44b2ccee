import { afterEach, describe, expect, it } from 'vitest';
import { DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { demoteStandby, promoteStandby, resolveContext, silentLogger } from '@drkit/core';
import { createSimulatedCloud, seedTopology, stopElastiCacheRedis, type SimulatedCloud } from '@drkit/testing';
import { elasticacheSnapshotSource } from '../src/elasticache/index';
import { globalDatastoreStandby, restoredSnapshotStandby } from '../src/elasticache-global/index';
import { ssmParametersStandby } from '../src/ssm/index';

const topology = seedTopology();
const { primary: EAST, dr: WEST } = topology.regions;

const clouds: SimulatedCloud[] = [];
afterEach(async () => {
  await Promise.all(clouds.splice(0).map((c) => stopElastiCacheRedis(c.world)));
});

function setup() {
  const cloud = createSimulatedCloud({ seed: 6, start: '2026-11-22T03:00:00Z', topology });
  clouds.push(cloud);
  const ctx = resolveContext({ clock: cloud.clock, logger: silentLogger, runId: 'cache-failover', random: () => 0.5 });
  const west = cloud.client(ElastiCacheClient, { region: WEST });
  return { cloud, ctx, west };
}

const cacheStandby = (client: ElastiCacheClient) =>
  globalDatastoreStandby({
    client,
    globalReplicationGroupId: topology.cache.globalDatastoreId,
    drRegion: WEST,
    drReplicationGroupId: topology.cache.drGroupId,
  });

describe('globalDatastoreStandby', () => {
  it('knows a datastore already failed over, and can still fail it back', async () => {
    // Prepare: promoted by an earlier process
    const { ctx, west, cloud } = setup();
    (await promoteStandby(cacheStandby(west), { step: 'cache', readinessTimeout: '30m' }, ctx))._unsafeUnwrap();
    const failovers = cloud.recorder.calls({ operation: 'FailoverGlobalReplicationGroup' }).length;

    // Act: a fresh process promotes again, then fails back with what it was told
    const again = (await promoteStandby(cacheStandby(west), { step: 'cache-again' }, ctx))._unsafeUnwrap();
    if (again.dryRun) throw new Error('not a dry run');
    const standby = again.standbys[0]!;
    const back = await demoteStandby(cacheStandby(west), standby.previous, ctx);

    // Assess
    expect(standby.alreadyPromoted).toBe(true);
    expect(standby.previous).toEqual({
      globalReplicationGroupId: topology.cache.globalDatastoreId,
      primaryRegion: EAST,
      primaryReplicationGroupId: topology.cache.primaryGroupId,
    });
    expect(cloud.recorder.calls({ operation: 'FailoverGlobalReplicationGroup' })).toHaveLength(failovers + 1);
    expect(back._unsafeUnwrap().detail).toMatch(/failed back to jobs-api-redis \(us-east-1\)/);
  });
});

describe('restoredSnapshotStandby (no Global Datastore)', () => {
  it('restores the latest weekly copy in the DR region, repoints the endpoint parameter, and cleans up on failback', async () => {
    // Prepare
    const { ctx, west, cloud } = setup();
    const cache = restoredSnapshotStandby({
      source: elasticacheSnapshotSource({ client: west, replicationGroupId: topology.cache.primaryGroupId }),
      maxAge: '8d',
    });
    const ssm = cloud.client(SSMClient, { region: WEST });
    const endpoint = ssmParametersStandby({
      client: ssm,
      parameters: { [topology.parameters.redisEndpoint]: (c) => cache.restored(c).map((r) => r?.endpoint ?? '') },
    });

    // Act
    const promoted = await promoteStandby([cache, endpoint], { step: 'restore-cache', readinessTimeout: '1h' }, ctx);

    // Assess
    if (promoted.isErr()) throw new Error(promoted.error.message);
    const report = promoted.value;
    if (report.dryRun) throw new Error('not a dry run');
    const restored = (await cache.restored(ctx))._unsafeUnwrap();
    expect(restored?.region).toBe(WEST);
    const parameter = await ssm.send(new GetParameterCommand({ Name: topology.parameters.redisEndpoint }));
    expect(parameter.Parameter?.Value).toBe(restored?.endpoint);
    expect(report.standbys[0]?.detail).toMatch(new RegExp(`restoring ${topology.cache.weeklySnapshotPrefix}`));

    // Act: failback
    for (const s of [endpoint, cache]) (await demoteStandby(s, report.previous[s.name]!, ctx))._unsafeUnwrap();

    // Assess
    const groups = await west.send(new DescribeReplicationGroupsCommand({}));
    const left = groups.ReplicationGroups?.find((g) => g.ReplicationGroupId === restored?.id);
    expect(left === undefined || left.Status === 'deleting').toBe(true);
  });

  it('is RpoViolated when the newest copy is older than allowed', async () => {
    const { ctx, west } = setup();
    const cache = restoredSnapshotStandby({
      source: elasticacheSnapshotSource({ client: west, replicationGroupId: topology.cache.primaryGroupId }),
      maxAge: '1h',
    });

    const promoted = await promoteStandby(cache, { step: 'restore-cache' }, ctx);

    expect(promoted._unsafeUnwrapErr().kind).toBe('RpoViolated');
  });
});
