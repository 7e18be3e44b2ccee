import { afterEach, describe, expect, it } from 'vitest';
import { cleanupRestored, restorePoint, validateRestore, type RestoredResource } from '@drkit/core';
import {
  REDIS_LAST_WRITE_KEY,
  REDIS_SENTINELS,
  copySnapshotToRegion,
  elasticacheService,
  stopElastiCacheRedis,
  type SimulatedCloud,
} from '@drkit/testing';
import { elasticacheSnapshotSource } from '../src/elasticache/index';
import { redisDataCheck } from '../src/checks/redis/index';
import { requireRedis } from '../../testing/tests/support/requireRedis';
import { cacheClient, cacheEstate, manualSnapshot } from './support/cache';
import { contextOf } from './support/sim';

const step = 'restore-jobs-cache';
const clouds: SimulatedCloud[] = [];
const track = (c: SimulatedCloud) => (clouds.push(c), c);
afterEach(async () => {
  await Promise.all(clouds.splice(0).map((c) => stopElastiCacheRedis(c.world)));
});

/** The Redis data check the DR plan asks for, against the restored point. */
const dataCheck = (point: { createdAt: number }) =>
  redisDataCheck<RestoredResource>({
    dbSize: { min: 4 },
    sentinels: REDIS_SENTINELS,
    freshness: { key: REDIS_LAST_WRITE_KEY, rpo: '15m', dataAsOf: () => point.createdAt },
  });

describe('restorePoint from ElastiCache snapshots', () => {
  it('is RpoViolated when the newest snapshot is older than the RPO', async () => {
    const cloud = track(cacheEstate());
    const source = elasticacheSnapshotSource({
      client: cacheClient(cloud, 'us-east-1'),
      replicationGroupId: 'jobs-cache',
    });

    const restored = await restorePoint(
      source,
      { step, strategy: { latestWithinRpo: { rpo: '15m' } } },
      contextOf(cloud),
    );

    expect(restored._unsafeUnwrapErr()).toMatchObject({ kind: 'RpoViolated', objectiveMs: 15 * 60_000 });
    expect(cloud.recorder.calls({ operation: 'CreateReplicationGroup' })).toHaveLength(0);
  });

  it('reports bad options as one InvalidInput before any call', async () => {
    const cloud = track(cacheEstate());
    const source = elasticacheSnapshotSource({
      client: cacheClient(cloud, 'us-east-1'),
      replicationGroupId: '9-starts-with-a-digit',
      shape: { numCacheClusters: 9 },
    });

    const restored = await restorePoint(source, { step, strategy: { latest: true } }, contextOf(cloud));

    const e = restored._unsafeUnwrapErr();
    expect(e.kind === 'InvalidInput' && e.problems.map((p) => p.path)).toEqual([
      'replicationGroupId',
      'shape.numCacheClusters',
    ]);
    expect(cloud.recorder.size).toBe(0);
  });

  it('creates one replication group per run and step, and cleanup deletes only that one', async () => {
    // Prepare
    const cloud = track(cacheEstate());
    await manualSnapshot(cloud, 'jobs-cache-drill');
    const ctx = contextOf(cloud);
    const source = elasticacheSnapshotSource({
      client: cacheClient(cloud, 'us-east-1'),
      replicationGroupId: 'jobs-cache',
    });
    const options = { step, strategy: { exact: 'jobs-cache-drill' }, timeout: '1h' } as const;

    // Act
    const first = (await restorePoint(source, options, ctx))._unsafeUnwrap();
    const again = (await restorePoint(source, options, ctx))._unsafeUnwrap();
    if (first.dryRun || again.dryRun) throw new Error('not a dry run');
    const production = await source.cleanup({ id: 'jobs-cache', type: 'ElastiCache', createdByRun: ctx.runId }, ctx);
    const otherRun = await cleanupRestored(source, first.resource, contextOf(cloud, 'another-run'));
    const cleaned = await first.cleanup();

    // Assess
    expect(first.resource.id).toBe(first.idempotencyKey);
    expect(again.resource.id).toBe(first.resource.id);
    expect(again.job.reused).toBe(true);
    expect(cloud.recorder.calls({ operation: 'CreateReplicationGroup' })).toHaveLength(1);
    expect(first.timings.durationMs).toBeGreaterThanOrEqual(10 * 60_000); // a restore takes 10-20 min
    expect(production._unsafeUnwrapErr().kind).toBe('AccessDenied');
    expect(otherRun._unsafeUnwrapErr().kind).toBe('AccessDenied');
    expect(cleaned._unsafeUnwrap().outcome).toBe('deleted');
    const ec = cloud.state(elasticacheService, 'us-east-1');
    expect(ec.groupStatus(ec.group('jobs-cache')!)).toBe('available');
    expect(cloud.recorder.calls({ operation: 'DeleteReplicationGroup' }).map((c) => c.input)).toEqual([
      { ReplicationGroupId: first.resource.id },
    ]);
  });
});

describe.runIf(requireRedis())('restored ElastiCache validated over a real redis-server', () => {
  it('restores the latest snapshot within the RPO and its data passes the Redis check', async () => {
    // Prepare
    const cloud = track(cacheEstate());
    await manualSnapshot(cloud, 'jobs-cache-drill');
    const ctx = contextOf(cloud);
    const source = elasticacheSnapshotSource({
      client: cacheClient(cloud, 'us-east-1'),
      replicationGroupId: 'jobs-cache',
    });

    // Act
    const restored = (
      await restorePoint(source, { step, strategy: { latestWithinRpo: { rpo: '15m' } }, timeout: '1h' }, ctx)
    )._unsafeUnwrap();
    if (restored.dryRun) throw new Error('not a dry run');
    const validated = await validateRestore(restored.resource, [dataCheck(restored.point)], {}, ctx);

    // Assess
    expect(restored.point.id).toBe('jobs-cache-drill');
    expect(restored.resource.endpoint).toMatch(/^127\.0\.0\.1:\d+$/);
    const report = validated._unsafeUnwrap();
    expect(report.status).toBe('passed');
    expect(report.verdicts[0]).toMatchObject({ name: 'redis-data', status: 'passed' });
    expect(report.verdicts[0]!.evidence).toMatchObject({ sentinels: { checked: 2, missing: [], wrong: [] } });
  });

  it('catches data corrupted during the restore (corrupt:restore) by the sentinel keys', async () => {
    const cloud = track(cacheEstate());
    await manualSnapshot(cloud, 'jobs-cache-drill');
    cloud.inject('corrupt:restore')._unsafeUnwrap();
    const ctx = contextOf(cloud);
    const source = elasticacheSnapshotSource({
      client: cacheClient(cloud, 'us-east-1'),
      replicationGroupId: 'jobs-cache',
    });

    const restored = (
      await restorePoint(source, { step, strategy: { latest: true }, timeout: '1h' }, ctx)
    )._unsafeUnwrap();
    if (restored.dryRun) throw new Error('not a dry run');
    const validated = await validateRestore(restored.resource, [dataCheck(restored.point)], {}, ctx);

    const e = validated._unsafeUnwrapErr();
    expect(e.kind).toBe('ValidationFailed');
    expect(e.message).toContain('redis-data');
    const report = (e as { evidence: { verdicts: Array<{ detail?: string }> } }).evidence;
    expect(report.verdicts[0]!.detail).toMatch(/sentinel keys (missing|with unexpected values)/);
  });

  it('restores the copy in the DR region while the primary region is dark', async () => {
    // Prepare: the weekly snapshot was copied to us-west-2; then us-east-1 goes dark
    const cloud = track(cacheEstate());
    await manualSnapshot(cloud, 'jobs-cache-weekly');
    copySnapshotToRegion(cloud.world, {
      sourceRegion: 'us-east-1',
      snapshotName: 'jobs-cache-weekly',
      targetRegion: 'us-west-2',
      available: true,
    });
    cloud.inject('region-outage:us-east-1')._unsafeUnwrap();
    const outageAt = cloud.clock.now();
    const ctx = contextOf(cloud);
    const dr = elasticacheSnapshotSource({ client: cacheClient(cloud, 'us-west-2'), replicationGroupId: 'jobs-cache' });

    // Act
    const restored = (
      await restorePoint(dr, { step, strategy: { latestWithinRpo: { rpo: '15m' } }, timeout: '1h' }, ctx)
    )._unsafeUnwrap();
    if (restored.dryRun) throw new Error('not a dry run');
    const validated = await validateRestore(restored.resource, [dataCheck(restored.point)], {}, ctx);

    // Assess
    expect(restored.resource.region).toBe('us-west-2');
    expect(validated._unsafeUnwrap().status).toBe('passed');
    expect(cloud.recorder.calls({ region: 'us-east-1', since: outageAt })).toHaveLength(0);
  });
});
