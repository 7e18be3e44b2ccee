import { describe, expect, it } from 'vitest';
import { createSimulatedCloud } from '../../src/aws/SimulatedCloud';
import { elasticacheService } from '../../src/aws/elasticache/service';
import { copySnapshotToRegion } from '../../src/aws/elasticache/copySnapshotToRegion';
import { lastAppWriteAt } from '../../src/app/redisData';

const MIN = 60_000;
const DAY = 86_400_000;

function estate(seed: number) {
  const cloud = createSimulatedCloud({ seed, regions: ['us-east-1', 'us-west-2'] });
  const east = cloud.state(elasticacheService, 'us-east-1');
  east.configure({ redisBacking: 'off' });
  east.createReplicationGroup({
    id: 'jobs-cache',
    numCacheClusters: 2,
    automaticFailover: true,
    snapshotRetentionLimit: 7,
    snapshotWindow: '04:00-06:00',
    createdBy: 'topology',
    available: true,
    createdAt: cloud.clock.now() - 20 * DAY,
  });
  return { cloud, east };
}

describe('ElastiCache state (topology API)', () => {
  it('replays the same history from the same seed, and a different one from another seed', () => {
    // Act
    const a = estate(7)
      .east.snapshots()
      .map((s) => [s.name, s.startedAt, s.completeAt]);
    const b = estate(7)
      .east.snapshots()
      .map((s) => [s.name, s.startedAt, s.completeAt]);
    const c = estate(8)
      .east.snapshots()
      .map((s) => [s.name, s.startedAt, s.completeAt]);

    // Assess
    expect(a).toHaveLength(7);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('stops application writes while the region is down, and resumes them after', async () => {
    // Prepare
    const { cloud, east } = estate(1);
    const outageAt = cloud.clock.now();
    cloud.inject('region-outage:us-east-1~1h');
    const resource = cloud.resources.get('jobs-cache')!;

    // Act
    await cloud.clock.advance(30 * MIN);
    const during = east.dataOf('jobs-cache')['app:last-write-at'];
    const healthyDuring = resource.isHealthy(cloud.clock.now());
    await cloud.clock.advance(60 * MIN);
    const after = east.dataOf('jobs-cache')['app:last-write-at'];

    // Assess
    expect(Date.parse(during!)).toBeLessThan(outageAt);
    expect(Date.parse(during!)).toBeGreaterThan(outageAt - MIN - 1);
    expect(healthyDuring).toBe(false);
    expect(after).toBe(new Date(lastAppWriteAt(cloud.clock.now())!).toISOString());
    expect(resource.isHealthy(cloud.clock.now())).toBe(true);
  });

  it('skips the automatic snapshot of a day the region was down in its window', async () => {
    // Prepare: the clock starts at 03:00; the window is 04:00-06:00
    const { cloud, east } = estate(1);
    const before = east.snapshots().length;
    cloud.inject('region-outage:us-east-1~4h');

    // Act
    await cloud.clock.advance(5 * 60 * MIN);
    const today = east.snapshots().filter((s) => s.startedAt > cloud.clock.now() - 5 * 60 * MIN);

    // Assess
    expect(today).toEqual([]);
    expect(east.snapshots().length).toBe(before - 1); // the oldest expired, none replaced it
  });

  it('scales restore time with the latency fault', () => {
    // Prepare
    const { cloud, east } = estate(3);
    const snapshot = east.snapshots().at(-1)!.name;
    cloud.inject('latency:elasticache:x2');

    // Act
    const g = east.createReplicationGroup({ id: 'slow-restore', snapshotName: snapshot });

    // Assess
    const took = g.availableAt - g.createdAt;
    expect(took).toBeGreaterThanOrEqual(20 * MIN);
    expect(took).toBeLessThanOrEqual(40 * MIN);
    expect(east.snapshotStatus(east.snapshot(snapshot)!)).toBe('restoring');
  });

  it('copies a snapshot to the DR region: creating, then available with the same data', async () => {
    // Prepare
    const { cloud, east } = estate(4);
    const source = east.snapshots().at(-1)!;
    const west = cloud.state(elasticacheService, 'us-west-2');

    // Act
    const copy = copySnapshotToRegion(cloud.world, {
      sourceRegion: 'us-east-1',
      snapshotName: source.name,
      targetRegion: 'us-west-2',
    });
    const early = west.snapshotStatus(copy);
    await cloud.clock.advance(10 * MIN);

    // Assess
    expect(early).toBe('creating');
    expect(west.snapshotStatus(copy)).toBe('available');
    expect(copy.data).toEqual(source.data);
    expect(copy.copiedFrom).toBe(`us-east-1:${source.name}`);
    expect(() =>
      copySnapshotToRegion(cloud.world, { sourceRegion: 'us-east-1', snapshotName: 'nope', targetRegion: 'us-west-2' }),
    ).toThrow(/not found/);
  });

  it('reports a group unhealthy when every node of a shard is in a failed availability zone', () => {
    // Prepare
    const { cloud, east } = estate(1);
    east.createReplicationGroup({
      id: 'one-az',
      numCacheClusters: 2,
      preferredAzs: ['us-east-1a', 'us-east-1a'],
      createdBy: 'topology',
      available: true,
    });
    east.createReplicationGroup({
      id: 'two-az',
      numCacheClusters: 2,
      preferredAzs: ['us-east-1a', 'us-east-1b'],
      createdBy: 'topology',
      available: true,
    });

    // Act
    cloud.inject('az-outage:us-east-1a');

    // Assess
    expect(cloud.resources.get('one-az')!.isHealthy(cloud.clock.now())).toBe(false);
    expect(cloud.resources.get('two-az')!.isHealthy(cloud.clock.now())).toBe(true);
  });

  it('mirrors the primary into a Global Datastore secondary, frozen at the primary region outage', async () => {
    // Prepare
    const { cloud, east } = estate(1);
    const west = cloud.state(elasticacheService, 'us-west-2');
    const global = east.createGlobalDatastore({ suffix: 'jobs', primaryGroupId: 'jobs-cache', available: true });
    west.createReplicationGroup({
      id: 'jobs-dr',
      globalReplicationGroupId: global.id,
      createdBy: 'topology',
      available: true,
    });
    await cloud.clock.advance(10 * MIN);
    const outageAt = cloud.clock.now();
    cloud.inject('region-outage:us-east-1');

    // Act
    await cloud.clock.advance(20 * MIN);
    const secondary = west.dataOf('jobs-dr');

    // Assess
    expect(Date.parse(secondary['app:last-write-at']!)).toBeLessThan(outageAt);
    expect(Date.parse(secondary['app:last-write-at']!)).toBeGreaterThanOrEqual(outageAt - MIN);
    expect(west.group('jobs-dr')!.createdBy).toBe('topology');
  });
});
