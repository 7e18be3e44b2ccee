import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import {
  CopySnapshotCommand,
  CreateReplicationGroupCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  waitUntilReplicationGroupAvailable,
} from '@aws-sdk/client-elasticache';
import { createSimulatedCloud, type SimulatedCloud } from '../../src/aws/SimulatedCloud';
import { elasticacheService } from '../../src/aws/elasticache/service';
import { copySnapshotToRegion } from '../../src/aws/elasticache/copySnapshotToRegion';
import { redisPool, stopElastiCacheRedis } from '../../src/aws/elasticache/redisBacking';
import { REDIS_SENTINELS, checkRedisData, lastAppWriteAt } from '../../src/app/redisData';
import { withVirtualTimers } from '../../src/time/virtualTimers';
import { redisCommands } from '../../src/redis/resp';
import { requireRedis } from '../support/requireRedis';

const MIN = 60_000;
const DAY = 86_400_000;
let cloud: SimulatedCloud | undefined;

/** A cloud with the live jobs cache in us-east-1 and a week of automatic snapshots. */
function setup(options: { redisBacking?: 'auto' | 'off' | 'required' } = {}) {
  cloud = createSimulatedCloud({ seed: 5, regions: ['us-east-1', 'us-west-2'] });
  for (const region of cloud.regions)
    cloud.state(elasticacheService, region).configure({ redisBacking: options.redisBacking ?? 'auto' });
  const ec = cloud.state(elasticacheService, 'us-east-1');
  ec.createReplicationGroup({
    id: 'jobs-cache',
    numCacheClusters: 2,
    automaticFailover: true,
    snapshotRetentionLimit: 7,
    snapshotWindow: '05:00-06:00',
    createdBy: 'topology',
    available: true,
    createdAt: cloud.clock.now() - 30 * DAY,
  });
  const latest = ec.snapshots({ source: 'automated' }).at(-1)!;
  const east = cloud.client(ElastiCacheClient, { region: 'us-east-1' });
  const west = cloud.client(ElastiCacheClient, { region: 'us-west-2' });
  return { cloud, ec, latest, east, west };
}

async function restore(client: ElastiCacheClient, c: SimulatedCloud, id: string, from: Record<string, unknown>) {
  await client.send(
    new CreateReplicationGroupCommand({ ReplicationGroupId: id, ReplicationGroupDescription: 'restore test', ...from }),
  );
  await withVirtualTimers(c.clock, () =>
    waitUntilReplicationGroupAvailable({ client, maxWaitTime: 3600 }, { ReplicationGroupId: id }),
  );
  const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }));
  return ReplicationGroups![0]!;
}

async function readAll(host: string, port: number, password?: string): Promise<Record<string, string>> {
  const client = new Redis({
    host,
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    ...(password ? { password } : {}),
  });
  await client.connect();
  try {
    const keys = await client.keys('*');
    const values = keys.length ? await client.mget(...keys) : [];
    return Object.fromEntries(keys.map((k, i) => [k, values[i] ?? '']));
  } finally {
    client.disconnect();
  }
}

afterEach(async () => {
  if (cloud) await stopElastiCacheRedis(cloud.world);
  cloud = undefined;
  delete process.env.DRKIT_REDIS_SERVER;
});

describe.runIf(requireRedis())('restores served by a real redis-server', () => {
  it('restores a snapshot in 10-20 virtual minutes into a group whose endpoint is a live Redis with the snapshot data', async () => {
    // Prepare
    const { cloud, latest, east } = setup();
    const t0 = cloud.clock.now();

    // Act
    const rg = await restore(east, cloud, 'jobs-restore', { SnapshotName: latest.name });
    const endpoint = rg.NodeGroups![0]!.PrimaryEndpoint!;
    const keys = await readAll(endpoint.Address!, endpoint.Port!);

    // Assess
    expect(cloud.clock.now() - t0).toBeGreaterThanOrEqual(10 * MIN);
    expect(cloud.clock.now() - t0).toBeLessThan(21 * MIN);
    expect(endpoint.Address).toBe('127.0.0.1');
    expect(keys['sentinel:a']).toBe(REDIS_SENTINELS['sentinel:a']);
    expect(keys['sentinel:b']).toBe(REDIS_SENTINELS['sentinel:b']);
    expect(keys['app:last-write-at']).toBe(new Date(lastAppWriteAt(latest.startedAt)!).toISOString());
    expect(checkRedisData(keys).ok).toBe(true);
    const resource = cloud.resources.get('jobs-restore')!;
    expect(resource).toMatchObject({
      type: 'ElastiCache',
      createdBy: 'restore',
      corrupt: false,
      endpoint: { host: '127.0.0.1', port: endpoint.Port },
    });
    expect(resource.isHealthy(cloud.clock.now())).toBe(true);
  });

  it('restores damaged data under corrupt:restore, so a data check catches it', async () => {
    // Prepare
    const { cloud, latest, east } = setup();
    cloud.inject('corrupt:restore');

    // Act
    const rg = await restore(east, cloud, 'jobs-bad', { SnapshotName: latest.name });
    const endpoint = rg.NodeGroups![0]!.PrimaryEndpoint!;
    const keys = await readAll(endpoint.Address!, endpoint.Port!);

    // Assess
    expect(checkRedisData(keys).problems).toEqual(['sentinel:a has an unexpected value', 'sentinel:b is missing']);
    expect(cloud.resources.get('jobs-bad')?.corrupt).toBe(true);
  });

  it('enforces the AUTH token on the local server when the group has one', async () => {
    // Prepare
    const { cloud, latest, east } = setup();
    const token = 'restore-test-auth-token-0123';

    // Act
    const rg = await restore(east, cloud, 'jobs-auth', {
      SnapshotName: latest.name,
      TransitEncryptionEnabled: true,
      AuthToken: token,
    });
    const endpoint = rg.NodeGroups![0]!.PrimaryEndpoint!;
    const withToken = await readAll(endpoint.Address!, endpoint.Port!, token);
    const [without] = await redisCommands(endpoint.Address!, endpoint.Port!, [['GET', 'sentinel:a']]);

    // Assess
    expect(rg.AuthTokenEnabled).toBe(true);
    expect(withToken['sentinel:a']).toBe(REDIS_SENTINELS['sentinel:a']);
    expect(without).toEqual({ error: expect.stringMatching(/^NOAUTH/) });
  });

  it('restores in the DR region from a snapshot copied there', async () => {
    // Prepare
    const { cloud, latest, west } = setup();
    copySnapshotToRegion(cloud.world, {
      sourceRegion: 'us-east-1',
      snapshotName: latest.name,
      targetRegion: 'us-west-2',
      targetSnapshotName: 'weekly-copy',
    });
    await cloud.clock.advance(15 * MIN);

    // Act
    const rg = await restore(west, cloud, 'jobs-dr', { SnapshotName: 'weekly-copy' });
    const endpoint = rg.NodeGroups![0]!.PrimaryEndpoint!;
    const keys = await readAll(endpoint.Address!, endpoint.Port!);

    // Assess
    expect(cloud.resources.get('jobs-dr')?.region).toBe('us-west-2');
    expect(keys['app:last-write-at']).toBe(latest.data['app:last-write-at']);
  });

  it('seeds a group from an RDB file exported to S3 (CopySnapshot TargetBucket, then SnapshotArns)', async () => {
    // Prepare
    const { cloud, latest, east } = setup();
    await east.send(
      new CopySnapshotCommand({
        SourceSnapshotName: latest.name,
        TargetSnapshotName: 'export',
        TargetBucket: 'jobs-exports',
      }),
    );
    await cloud.clock.advance(5 * MIN);

    // Act
    const rg = await restore(east, cloud, 'jobs-seeded', {
      SnapshotArns: ['arn:aws:s3:::jobs-exports/export-0001.rdb'],
    });
    const endpoint = rg.NodeGroups![0]!.PrimaryEndpoint!;
    const keys = await readAll(endpoint.Address!, endpoint.Port!);

    // Assess
    expect(keys['sentinel:a']).toBe(REDIS_SENTINELS['sentinel:a']);
    expect(cloud.resources.get('jobs-seeded')?.createdBy).toBe('restore');
  });

  it('stops the local servers of deleted groups and of the cloud', async () => {
    // Prepare
    const { cloud, latest, east, ec } = setup();
    await restore(east, cloud, 'jobs-tmp', { SnapshotName: latest.name });
    const server = ec.group('jobs-tmp')!.backing.server!;

    // Act
    ec.deleteReplicationGroup('jobs-tmp');
    await cloud.clock.advance(10 * MIN);
    ec.sync(cloud.clock.now());
    await new Promise((r) => setImmediate(r));
    await stopElastiCacheRedis(cloud.world);

    // Assess
    await expect.poll(() => server.running).toBe(false);
    expect(redisPool(cloud.world).servers).toEqual([]);
  });
});

describe('restores without a real redis-server', () => {
  it('answers with a simulated endpoint and says how to get real Redis when redis-server is missing (auto)', async () => {
    // Prepare
    process.env.DRKIT_REDIS_SERVER = '/nonexistent/redis-server';
    const { cloud, latest, east, ec } = setup({ redisBacking: 'auto' });

    // Act
    const rg = await restore(east, cloud, 'jobs-sim', { SnapshotName: latest.name });

    // Assess
    expect(rg.NodeGroups![0]!.PrimaryEndpoint!.Address).toMatch(/^jobs-sim\..*\.use1\.cache\.amazonaws\.com$/);
    expect(ec.group('jobs-sim')!.backing.note).toMatch(/apt-get install redis-server/);
    expect(cloud.resources.get('jobs-sim')?.tags['drkit:redis-backing']).toMatch(/apt-get install redis-server/);
    expect(cloud.resources.get('jobs-sim')?.data?.['sentinel:a']).toBe(REDIS_SENTINELS['sentinel:a']);
  });

  it('refuses a restore that requires real Redis when redis-server is missing', async () => {
    // Prepare
    process.env.DRKIT_REDIS_SERVER = '/nonexistent/redis-server';
    const { latest, east, cloud } = setup({ redisBacking: 'required' });

    // Act
    const created = east.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: 'x',
        ReplicationGroupDescription: 'x',
        SnapshotName: latest.name,
      }),
    );

    // Assess
    await expect(created).rejects.toThrow(/apt-get install redis-server/);
    expect(cloud.resources.get('x')).toBeUndefined();
  });

  it('never finishes a restore under stuck:elasticache:restore', async () => {
    // Prepare
    const { cloud, latest, east, ec } = setup({ redisBacking: 'off' });
    cloud.inject('stuck:elasticache:restore');

    // Act
    await east.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: 'jobs-stuck',
        ReplicationGroupDescription: 'x',
        SnapshotName: latest.name,
      }),
    );
    const waited = withVirtualTimers(cloud.clock, () =>
      waitUntilReplicationGroupAvailable({ client: east, maxWaitTime: 7200 }, { ReplicationGroupId: 'jobs-stuck' }),
    );

    // Assess
    await expect(waited).rejects.toThrow();
    expect(ec.groupStatus(ec.group('jobs-stuck')!)).toBe('creating');
    expect(ec.snapshotStatus(latest)).toBe('restoring');
  });
});
