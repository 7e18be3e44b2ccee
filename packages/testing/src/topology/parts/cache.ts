import type { SimulatedCloud } from '../../aws/SimulatedCloud';
import { elasticacheService, type SimReplicationGroup, type SimSnapshot } from '../../aws/elasticache';
import type { SeedTopology } from '../names';

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** Weekly manual snapshots start on Sundays at 06:30 UTC, after the daily window. */
const WEEKLY_OFFSET_MS = 6.5 * 3_600_000;

/** What the cache tier is, once built. */
export interface BuiltCache {
  readonly primary: SimReplicationGroup;
  readonly dr: SimReplicationGroup;
  /** The weekly manual snapshots kept in the primary region, oldest first. */
  readonly weeklySnapshots: readonly SimSnapshot[];
}

/**
 * Builds the ElastiCache tier: the primary replication group (primary + replica across two
 * AZs, automatic failover, daily automatic snapshots kept 7 days), a Global Datastore with a
 * secondary group in the DR region, and the weekly manual snapshots of the last 30 days with
 * their copies in the DR region. Groups have existed for the whole history, so automatic
 * snapshots of the last 7 days are there.
 *
 * @example
 * ```ts
 * const { primary } = buildCache(cloud, topology);
 * ```
 */
export function buildCache(cloud: SimulatedCloud, topology: SeedTopology): BuiltCache {
  const { primary: primaryRegion, dr: drRegion } = topology.regions;
  const now = cloud.clock.now();
  const createdAt = now - Math.max(topology.backup.historyDays, 1) * DAY;
  const east = cloud.state(elasticacheService, primaryRegion);
  const west = cloud.state(elasticacheService, drRegion);
  const c = topology.cache;
  const tags = [{ Key: 'Application', Value: topology.applicationName }];
  const common = {
    numCacheClusters: 2,
    automaticFailover: true,
    multiAz: true,
    cacheNodeType: 'cache.r7g.large',
    engine: 'redis',
    engineVersion: '7.1.0',
    transitEncryption: true,
    atRestEncryption: true,
    createdBy: 'topology',
    available: true,
    createdAt,
    tags,
  };
  const primary = east.createReplicationGroup({
    ...common,
    id: c.primaryGroupId,
    description: `${topology.applicationName} cache (primary)`,
    preferredAzs: [`${primaryRegion}a`, `${primaryRegion}b`],
    snapshotRetentionLimit: c.automaticSnapshotRetentionDays,
    snapshotWindow: c.snapshotWindow,
  });
  east.createGlobalDatastore({
    suffix: c.globalDatastoreSuffix,
    primaryGroupId: primary.id,
    description: `${topology.applicationName} cache across ${primaryRegion} and ${drRegion}`,
    available: true,
  });
  const dr = west.createReplicationGroup({
    ...common,
    id: c.drGroupId,
    description: `${topology.applicationName} cache (DR secondary)`,
    preferredAzs: [`${drRegion}a`, `${drRegion}b`],
    globalReplicationGroupId: c.globalDatastoreId,
  });

  // Weekly manual snapshots: ElastiCache has no API to create one in the past, so the topology
  // writes them into the state as the weekly job would have made them, then copies each to DR.
  const weekly: SimSnapshot[] = [];
  const lastSunday = startOfWeek(now) + WEEKLY_OFFSET_MS;
  const newest = lastSunday <= now ? lastSunday : lastSunday - WEEK;
  for (let t = newest; t > now - c.weeklySnapshotRetentionDays * DAY && t >= createdAt; t -= WEEK) {
    const name = `${c.weeklySnapshotPrefix}${new Date(t).toISOString().slice(0, 10)}`;
    const snapshot = east.seedSnapshot(primary, name, 'manual', t, t + 4 * MINUTE, [
      ...tags,
      { Key: 'Schedule', Value: 'weekly' },
    ]);
    weekly.unshift(snapshot);
    if (now >= t + 30 * MINUTE) west.importSnapshot(snapshot, name, t + 5 * MINUTE, t + 30 * MINUTE);
  }
  return { primary, dr, weeklySnapshots: weekly };
}

/** Sunday 00:00 UTC of the week holding `t`. */
function startOfWeek(t: number): number {
  const day = Math.floor(t / DAY) * DAY;
  return day - new Date(day).getUTCDay() * DAY;
}
