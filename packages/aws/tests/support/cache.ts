/**
 * Test support: a production cache `jobs-cache` in us-east-1 with a week of automatic snapshots,
 * on the cloud's virtual clock.
 */
import { CreateSnapshotCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { createSimulatedCloud, elasticacheService, type SimulatedCloud } from '@drkit/testing';

export const CACHE_START = '2026-11-22T02:50:00Z';

/** A cloud whose us-east-1 runs the application's `jobs-cache` (live app data) since 10 days ago. */
export function cacheEstate(seed = 5): SimulatedCloud {
  const cloud = createSimulatedCloud({ seed, start: CACHE_START });
  cloud.state(elasticacheService, 'us-east-1').createReplicationGroup({
    id: 'jobs-cache',
    numCacheClusters: 2,
    automaticFailover: true,
    snapshotRetentionLimit: 7,
    snapshotWindow: '05:00-06:00',
    createdBy: 'topology',
    available: true,
    createdAt: cloud.clock.now() - 10 * 86_400_000,
  });
  return cloud;
}

/** An ElastiCache client in a region of the cloud. */
export function cacheClient(cloud: SimulatedCloud, region: string): ElastiCacheClient {
  return cloud.client(ElastiCacheClient, { region });
}

/** Takes a manual snapshot of `jobs-cache` now and lets virtual time run until it is available. */
export async function manualSnapshot(cloud: SimulatedCloud, name: string, waitMs = 8 * 60_000): Promise<void> {
  await cacheClient(cloud, 'us-east-1').send(
    new CreateSnapshotCommand({ ReplicationGroupId: 'jobs-cache', SnapshotName: name }),
  );
  await cloud.clock.advance(waitMs);
}
