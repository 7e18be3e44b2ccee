import { afterEach, describe, expect, it } from 'vitest';
import {
  CopySnapshotCommand,
  CreateGlobalReplicationGroupCommand,
  CreateReplicationGroupCommand,
  CreateSnapshotCommand,
  DeleteReplicationGroupCommand,
  DeleteSnapshotCommand,
  DescribeCacheClustersCommand,
  DescribeGlobalReplicationGroupsCommand,
  DescribeReplicationGroupsCommand,
  DescribeSnapshotsCommand,
  DisassociateGlobalReplicationGroupCommand,
  ElastiCacheClient,
  FailoverGlobalReplicationGroupCommand,
  InvalidGlobalReplicationGroupStateFault,
  InvalidParameterValueException,
  InvalidReplicationGroupStateFault,
  ModifyReplicationGroupCommand,
  ReplicationGroupAlreadyExistsFault,
  ReplicationGroupNotFoundFault,
  SnapshotNotFoundFault,
  TestFailoverCommand,
  TestFailoverNotAvailableFault,
  paginateDescribeReplicationGroups,
  paginateDescribeSnapshots,
  waitUntilReplicationGroupAvailable,
  waitUntilReplicationGroupDeleted,
} from '@aws-sdk/client-elasticache';
import { createSimulatedCloud, type SimulatedCloud } from '../../src/aws/SimulatedCloud';
import { elasticacheService } from '../../src/aws/elasticache/service';
import { stopElastiCacheRedis } from '../../src/aws/elasticache/redisBacking';
import { REDIS_SENTINELS } from '../../src/app/redisData';
import { withVirtualTimers } from '../../src/time/virtualTimers';

const MIN = 60_000;
const DAY = 86_400_000;
let cloud: SimulatedCloud | undefined;

function setup(topology?: (c: SimulatedCloud) => void) {
  cloud = createSimulatedCloud({ seed: 11, regions: ['us-east-1', 'us-west-2'], topology });
  const east = cloud.client(ElastiCacheClient, { region: 'us-east-1' });
  const west = cloud.client(ElastiCacheClient, { region: 'us-west-2' });
  return { cloud, east, west };
}

/** The jobs cache as the topology builds it: live, with automatic snapshots for the last week. */
function jobsCache(c: SimulatedCloud) {
  c.state(elasticacheService, 'us-east-1').createReplicationGroup({
    id: 'jobs-cache',
    description: 'jobs cache',
    numCacheClusters: 2,
    automaticFailover: true,
    multiAz: true,
    snapshotRetentionLimit: 7,
    snapshotWindow: '05:00-06:00',
    createdBy: 'topology',
    available: true,
    createdAt: c.clock.now() - 30 * DAY,
  });
}

/** `waitUntilReplicationGroupAvailable` on virtual time. */
function waitAvailable(client: ElastiCacheClient, id: string, maxWaitTime = 3600) {
  return withVirtualTimers(cloud!.clock, () =>
    waitUntilReplicationGroupAvailable({ client, maxWaitTime }, { ReplicationGroupId: id }),
  );
}

afterEach(async () => {
  if (cloud) await stopElastiCacheRedis(cloud.world);
  cloud = undefined;
});

describe('simulated ElastiCache through the real ElastiCacheClient', () => {
  it('creates a replication group that turns available on virtual time, with endpoints and AZs per node', async () => {
    // Prepare
    const { cloud, east } = setup();
    const t0 = cloud.clock.now();

    // Act
    const created = await east.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: 'Orders-Cache',
        ReplicationGroupDescription: 'orders',
        NumCacheClusters: 3,
        AutomaticFailoverEnabled: true,
        CacheNodeType: 'cache.r7g.large',
      }),
    );
    const waited = await waitAvailable(east, 'orders-cache');
    const { ReplicationGroups } = await east.send(
      new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'orders-cache' }),
    );

    // Assess
    expect(created.ReplicationGroup?.Status).toBe('creating');
    expect(waited.state).toBe('SUCCESS');
    const elapsed = cloud.clock.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(6 * MIN);
    expect(elapsed).toBeLessThan(13 * MIN);
    const rg = ReplicationGroups![0]!;
    expect(rg.ReplicationGroupId).toBe('orders-cache');
    expect(rg.MemberClusters).toEqual(['orders-cache-001', 'orders-cache-002', 'orders-cache-003']);
    const ng = rg.NodeGroups![0]!;
    expect(ng.PrimaryEndpoint?.Address).toMatch(/^orders-cache\.[0-9a-f]{6}\.ng\.0001\.use1\.cache\.amazonaws\.com$/);
    expect(ng.PrimaryEndpoint?.Port).toBe(6379);
    expect(ng.NodeGroupMembers!.map((m) => m.CurrentRole)).toEqual(['primary', 'replica', 'replica']);
    expect(new Set(ng.NodeGroupMembers!.map((m) => m.PreferredAvailabilityZone)).size).toBe(3);
    expect(cloud.resources.get('orders-cache')).toMatchObject({
      type: 'ElastiCache',
      createdBy: 'api',
      region: 'us-east-1',
    });
  });

  it('rejects a duplicate id, an unknown group and bad MaxRecords with the service errors', async () => {
    // Prepare
    const { east } = setup(jobsCache);

    // Act
    const dup = east.send(
      new CreateReplicationGroupCommand({ ReplicationGroupId: 'jobs-cache', ReplicationGroupDescription: 'x' }),
    );
    const missing = east.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'nope' }));
    const badPage = east.send(new DescribeReplicationGroupsCommand({ MaxRecords: 5 }));
    const badId = east.send(
      new CreateReplicationGroupCommand({ ReplicationGroupId: '1bad--id', ReplicationGroupDescription: 'x' }),
    );

    // Assess
    await expect(dup).rejects.toBeInstanceOf(ReplicationGroupAlreadyExistsFault);
    await expect(missing).rejects.toBeInstanceOf(ReplicationGroupNotFoundFault);
    await expect(badPage).rejects.toBeInstanceOf(InvalidParameterValueException);
    await expect(badId).rejects.toBeInstanceOf(InvalidParameterValueException);
  });

  it('pages through replication groups and snapshots with the SDK paginators', async () => {
    // Prepare: 25 groups, 7 automatic snapshots of the jobs cache + 45 manual ones
    const { cloud, east } = setup(jobsCache);
    const ec = cloud.state(elasticacheService, 'us-east-1');
    for (let i = 0; i < 24; i++) ec.createReplicationGroup({ id: `g-${i}`, createdBy: 'topology', available: true });
    for (let i = 0; i < 45; i++)
      ec.importSnapshot(ec.snapshots()[0]!, `manual-${i}`, cloud.clock.now(), cloud.clock.now());

    // Act
    const groups: string[] = [];
    for await (const page of paginateDescribeReplicationGroups({ client: east, pageSize: 20 }, {}))
      groups.push(...page.ReplicationGroups!.map((g) => g.ReplicationGroupId!));
    const pages: number[] = [];
    for await (const page of paginateDescribeSnapshots({ client: east, pageSize: 20 }, {}))
      pages.push(page.Snapshots!.length);

    // Assess
    expect(groups).toHaveLength(25);
    expect(new Set(groups).size).toBe(25);
    expect(pages).toEqual([20, 20, 12]);
  });

  it('keeps one automatic snapshot per day in the window and expires them after the retention limit', async () => {
    // Prepare
    const { cloud, east } = setup(jobsCache);

    // Act
    const before = await east.send(
      new DescribeSnapshotsCommand({ ReplicationGroupId: 'jobs-cache', SnapshotSource: 'system' }),
    );
    await cloud.clock.advance(3 * DAY);
    const after = await east.send(
      new DescribeSnapshotsCommand({ ReplicationGroupId: 'jobs-cache', SnapshotSource: 'system' }),
    );
    const manual = await east.send(new DescribeSnapshotsCommand({ SnapshotSource: 'user' }));

    // Assess
    const names = (r: typeof before) => r.Snapshots!.map((s) => s.SnapshotName!);
    expect(before.Snapshots).toHaveLength(7);
    expect(after.Snapshots).toHaveLength(7);
    expect(names(after).slice(0, 4)).toEqual(names(before).slice(3));
    for (const s of after.Snapshots!) {
      expect(s.SnapshotName).toMatch(/^automatic\.jobs-cache-\d{4}-\d{2}-\d{2}-05-[0-5]\d$/);
      expect(s.SnapshotSource).toBe('automated');
      expect(s.SnapshotStatus).toBe('available');
      const created = s.NodeSnapshots![0]!.SnapshotCreateTime!.getTime();
      expect(cloud.clock.now() - created).toBeLessThan(7 * DAY);
    }
    expect(manual.Snapshots).toEqual([]);
  });

  it('takes a manual snapshot (group snapshotting, then available) holding the data as of its start', async () => {
    // Prepare
    const { cloud, east } = setup(jobsCache);
    const ec = cloud.state(elasticacheService, 'us-east-1');
    const t0 = cloud.clock.now();

    // Act
    const created = await east.send(
      new CreateSnapshotCommand({ ReplicationGroupId: 'jobs-cache', SnapshotName: 'before-drill' }),
    );
    const during = await east.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'jobs-cache' }));
    await cloud.clock.advance(10 * MIN);
    const done = await east.send(new DescribeSnapshotsCommand({ SnapshotName: 'before-drill' }));

    // Assess
    expect(created.Snapshot?.SnapshotStatus).toBe('creating');
    expect(during.ReplicationGroups![0]!.Status).toBe('snapshotting');
    expect(done.Snapshots![0]!.SnapshotStatus).toBe('available');
    const data = ec.snapshot('before-drill')!.data;
    expect(data['app:last-write-at']).toBe(new Date(Math.floor(t0 / MIN) * MIN).toISOString());
    expect(data['sentinel:a']).toBe(REDIS_SENTINELS['sentinel:a']);
  });

  it('copies a snapshot, refuses to delete one that is still creating, and deletes it once available', async () => {
    // Prepare
    const { cloud, east } = setup(jobsCache);
    const source = cloud.state(elasticacheService, 'us-east-1').snapshots()[0]!.name;

    // Act
    const copy = await east.send(
      new CopySnapshotCommand({ SourceSnapshotName: source, TargetSnapshotName: 'kept-copy' }),
    );
    const early = east.send(new DeleteSnapshotCommand({ SnapshotName: 'kept-copy' }));
    await expect(early).rejects.toMatchObject({ name: 'InvalidSnapshotStateFault' });
    await cloud.clock.advance(10 * MIN);
    const deleted = await east.send(new DeleteSnapshotCommand({ SnapshotName: 'kept-copy' }));
    await cloud.clock.advance(2 * MIN);
    const gone = east.send(new DescribeSnapshotsCommand({ SnapshotName: 'kept-copy' }));

    // Assess
    expect(copy.Snapshot).toMatchObject({
      SnapshotName: 'kept-copy',
      SnapshotStatus: 'creating',
      SnapshotSource: 'manual',
    });
    expect(deleted.Snapshot?.SnapshotStatus).toBe('deleting');
    await expect(gone).rejects.toBeInstanceOf(SnapshotNotFoundFault);
  });

  it('deletes a group with a final snapshot; the waiter sees it gone; manual snapshots outlive it', async () => {
    // Prepare
    const { cloud, east } = setup(jobsCache);

    // Act
    const del = await east.send(
      new DeleteReplicationGroupCommand({ ReplicationGroupId: 'jobs-cache', FinalSnapshotIdentifier: 'jobs-final' }),
    );
    const waited = await withVirtualTimers(cloud.clock, () =>
      waitUntilReplicationGroupDeleted({ client: east, maxWaitTime: 3600 }, { ReplicationGroupId: 'jobs-cache' }),
    );
    const left = await east.send(new DescribeSnapshotsCommand({ ReplicationGroupId: 'jobs-cache' }));

    // Assess
    expect(del.ReplicationGroup?.Status).toBe('deleting');
    expect(waited.state).toBe('SUCCESS');
    expect(left.Snapshots!.map((s) => s.SnapshotName)).toEqual(['jobs-final']);
    expect(cloud.resources.get('jobs-cache')?.deletedAt).toBeDefined();
  });

  it('modifies snapshot settings at once and failover flags through a modifying phase', async () => {
    // Prepare
    const { cloud, east } = setup(jobsCache);

    // Act
    const flags = await east.send(
      new ModifyReplicationGroupCommand({
        ReplicationGroupId: 'jobs-cache',
        MultiAZEnabled: false,
        SnapshotRetentionLimit: 3,
        ApplyImmediately: true,
      }),
    );
    await waitAvailable(east, 'jobs-cache', 600);
    await cloud.clock.advance(MIN);
    const snaps = await east.send(new DescribeSnapshotsCommand({ ReplicationGroupId: 'jobs-cache' }));

    // Assess
    expect(flags.ReplicationGroup).toMatchObject({
      Status: 'modifying',
      MultiAZ: 'disabled',
      SnapshotRetentionLimit: 3,
    });
    expect(snaps.Snapshots).toHaveLength(3);
  });

  it('TestFailover promotes a replica, keeps the group modifying meanwhile, and refuses a second test until done', async () => {
    // Prepare
    const { cloud, east } = setup(jobsCache);

    // Act
    const started = await east.send(new TestFailoverCommand({ ReplicationGroupId: 'jobs-cache', NodeGroupId: '0001' }));
    const second = east.send(new TestFailoverCommand({ ReplicationGroupId: 'jobs-cache', NodeGroupId: '0001' }));
    await expect(second).rejects.toBeInstanceOf(InvalidReplicationGroupStateFault);
    await waitAvailable(east, 'jobs-cache', 600);
    const after = await east.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'jobs-cache' }));

    // Assess
    expect(started.ReplicationGroup?.Status).toBe('modifying');
    const members = after.ReplicationGroups![0]!.NodeGroups![0]!.NodeGroupMembers!;
    expect(members.map((m) => [m.CacheClusterId, m.CurrentRole])).toEqual([
      ['jobs-cache-001', 'replica'],
      ['jobs-cache-002', 'primary'],
    ]);
    expect(cloud.recorder.calls({ service: 'elasticache', operation: 'TestFailover', outcome: 'ok' })).toHaveLength(1);
  });

  it('TestFailover is not available on a group without a replica, and limited per rolling 24 hours', async () => {
    // Prepare
    const { cloud, east } = setup(jobsCache);
    const ec = cloud.state(elasticacheService, 'us-east-1');
    ec.createReplicationGroup({ id: 'single', createdBy: 'topology', available: true });
    ec.configure({ testFailoverLimitPer24h: 1 });

    // Act
    const single = east.send(new TestFailoverCommand({ ReplicationGroupId: 'single', NodeGroupId: '0001' }));
    const unknownShard = east.send(new TestFailoverCommand({ ReplicationGroupId: 'jobs-cache', NodeGroupId: '0009' }));
    await east.send(new TestFailoverCommand({ ReplicationGroupId: 'jobs-cache', NodeGroupId: '0001' }));
    await cloud.clock.advance(10 * MIN);
    const overLimit = east.send(new TestFailoverCommand({ ReplicationGroupId: 'jobs-cache', NodeGroupId: '0001' }));

    // Assess
    await expect(single).rejects.toMatchObject({ name: 'InvalidReplicationGroupStateFault' });
    await expect(unknownShard).rejects.toMatchObject({ name: 'NodeGroupNotFoundFault' });
    await expect(overLimit).rejects.toMatchObject({ name: 'APICallRateForCustomerExceededFault' });
    expect(TestFailoverNotAvailableFault).toBeDefined();
  });

  it('lists member clusters with their node endpoints', async () => {
    // Prepare
    const { east } = setup(jobsCache);

    // Act
    const { CacheClusters } = await east.send(new DescribeCacheClustersCommand({ ShowCacheNodeInfo: true }));

    // Assess
    expect(CacheClusters!.map((c) => c.CacheClusterId)).toEqual(['jobs-cache-001', 'jobs-cache-002']);
    expect(CacheClusters![0]!.CacheNodes![0]!.Endpoint?.Address).toMatch(/^jobs-cache-001\./);
  });
});

describe('Global Datastore', () => {
  async function globalSetup() {
    const env = setup(jobsCache);
    const { east, west } = env;
    const { GlobalReplicationGroup } = await east.send(
      new CreateGlobalReplicationGroupCommand({
        GlobalReplicationGroupIdSuffix: 'jobs',
        PrimaryReplicationGroupId: 'jobs-cache',
      }),
    );
    const id = GlobalReplicationGroup!.GlobalReplicationGroupId!;
    await env.cloud.clock.advance(5 * MIN);
    await west.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: 'jobs-cache-dr',
        ReplicationGroupDescription: 'dr',
        GlobalReplicationGroupId: id,
        NumCacheClusters: 2,
        AutomaticFailoverEnabled: true,
      }),
    );
    return { ...env, id };
  }

  it('creates a datastore whose secondary joins after it is created; members show their roles', async () => {
    // Prepare
    const { cloud, east, west, id } = await globalSetup();

    // Act
    const joining = await west.send(
      new DescribeGlobalReplicationGroupsCommand({ GlobalReplicationGroupId: id, ShowMemberInfo: true }),
    );
    await waitAvailable(west, 'jobs-cache-dr', 3600);
    const joined = await east.send(new DescribeGlobalReplicationGroupsCommand({ ShowMemberInfo: true }));
    const brief = await east.send(new DescribeGlobalReplicationGroupsCommand({}));
    const secondary = await west.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'jobs-cache-dr' }));

    // Assess
    expect(id).toMatch(/^[a-z]{5}-jobs$/);
    expect(joining.GlobalReplicationGroups![0]!.Status).toBe('primary-only');
    expect(
      joining.GlobalReplicationGroups![0]!.Members!.find((m) => m.ReplicationGroupRegion === 'us-west-2')?.Status,
    ).toBe('associating');
    const g = joined.GlobalReplicationGroups![0]!;
    expect(g.Status).toBe('available');
    expect(g.Members!.map((m) => [m.ReplicationGroupRegion, m.Role, m.Status])).toEqual([
      ['us-east-1', 'PRIMARY', 'associated'],
      ['us-west-2', 'SECONDARY', 'associated'],
    ]);
    expect(brief.GlobalReplicationGroups![0]!.Members).toBeUndefined();
    expect(secondary.ReplicationGroups![0]!.GlobalReplicationGroupInfo).toEqual({
      GlobalReplicationGroupId: id,
      GlobalReplicationGroupMemberRole: 'SECONDARY',
    });
    // The secondary replicates the primary's data.
    const ec = cloud.state(elasticacheService, 'us-west-2');
    expect(ec.dataOf('jobs-cache-dr')['app:last-write-at']).toBe(
      cloud.state(elasticacheService, 'us-east-1').dataOf('jobs-cache')['app:last-write-at'],
    );
  });

  it('fails over to the secondary while the primary region is down: modifying, then roles swap', async () => {
    // Prepare
    const { cloud, west, id } = await globalSetup();
    await waitAvailable(west, 'jobs-cache-dr', 3600);
    cloud.inject('region-outage:us-east-1');
    const outageAt = cloud.clock.now();

    // Act
    const started = await west.send(
      new FailoverGlobalReplicationGroupCommand({
        GlobalReplicationGroupId: id,
        PrimaryRegion: 'us-west-2',
        PrimaryReplicationGroupId: 'jobs-cache-dr',
      }),
    );
    const again = west.send(
      new FailoverGlobalReplicationGroupCommand({
        GlobalReplicationGroupId: id,
        PrimaryRegion: 'us-west-2',
        PrimaryReplicationGroupId: 'jobs-cache-dr',
      }),
    );
    await expect(again).rejects.toBeInstanceOf(InvalidGlobalReplicationGroupStateFault);
    await cloud.clock.advance(2 * MIN + 1);
    const after = await west.send(
      new DescribeGlobalReplicationGroupsCommand({ GlobalReplicationGroupId: id, ShowMemberInfo: true }),
    );
    const promoted = cloud.state(elasticacheService, 'us-west-2').dataOf('jobs-cache-dr');

    // Assess
    expect(started.GlobalReplicationGroup?.Status).toBe('modifying');
    const g = after.GlobalReplicationGroups![0]!;
    expect(g.Status).toBe('available');
    expect(g.Members!.find((m) => m.ReplicationGroupRegion === 'us-west-2')?.Role).toBe('PRIMARY');
    expect(g.Members!.find((m) => m.ReplicationGroupRegion === 'us-east-1')?.Role).toBe('SECONDARY');
    // Writes resumed on the new primary; nothing was written during the outage before the promotion.
    expect(Date.parse(promoted['app:last-write-at']!)).toBeGreaterThan(outageAt);
  });

  it('refuses to fail over to the current primary, to a non-member, or while only the primary exists', async () => {
    // Prepare
    const { east, west, id } = await globalSetup();

    // Act: the secondary is still associating, so the datastore is primary-only
    const early = west.send(
      new FailoverGlobalReplicationGroupCommand({
        GlobalReplicationGroupId: id,
        PrimaryRegion: 'us-west-2',
        PrimaryReplicationGroupId: 'jobs-cache-dr',
      }),
    );
    await expect(early).rejects.toBeInstanceOf(InvalidGlobalReplicationGroupStateFault);
    await waitAvailable(west, 'jobs-cache-dr', 3600);
    const toPrimary = east.send(
      new FailoverGlobalReplicationGroupCommand({
        GlobalReplicationGroupId: id,
        PrimaryRegion: 'us-east-1',
        PrimaryReplicationGroupId: 'jobs-cache',
      }),
    );
    const toStranger = east.send(
      new FailoverGlobalReplicationGroupCommand({
        GlobalReplicationGroupId: id,
        PrimaryRegion: 'us-west-2',
        PrimaryReplicationGroupId: 'other',
      }),
    );
    const unknown = east.send(
      new FailoverGlobalReplicationGroupCommand({
        GlobalReplicationGroupId: 'nope',
        PrimaryRegion: 'us-west-2',
        PrimaryReplicationGroupId: 'x',
      }),
    );
    const deleteMember = east.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'jobs-cache' }));

    // Assess
    await expect(toPrimary).rejects.toBeInstanceOf(InvalidParameterValueException);
    await expect(toStranger).rejects.toBeInstanceOf(InvalidParameterValueException);
    await expect(unknown).rejects.toMatchObject({ name: 'GlobalReplicationGroupNotFoundFault' });
    await expect(deleteMember).rejects.toBeInstanceOf(InvalidReplicationGroupStateFault);
  });

  it('disassociates a secondary, which keeps the data it had and becomes standalone', async () => {
    // Prepare
    const { cloud, west, id } = await globalSetup();
    await waitAvailable(west, 'jobs-cache-dr', 3600);

    // Act
    const started = await west.send(
      new DisassociateGlobalReplicationGroupCommand({
        GlobalReplicationGroupId: id,
        ReplicationGroupId: 'jobs-cache-dr',
        ReplicationGroupRegion: 'us-west-2',
      }),
    );
    await cloud.clock.advance(5 * MIN);
    const frozen = cloud.state(elasticacheService, 'us-west-2').dataOf('jobs-cache-dr')['app:last-write-at'];
    await cloud.clock.advance(30 * MIN);
    const later = cloud.state(elasticacheService, 'us-west-2').dataOf('jobs-cache-dr')['app:last-write-at'];
    const after = await west.send(
      new DescribeGlobalReplicationGroupsCommand({ GlobalReplicationGroupId: id, ShowMemberInfo: true }),
    );
    const rg = await west.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'jobs-cache-dr' }));

    // Assess
    expect(started.GlobalReplicationGroup?.Status).toBe('modifying');
    expect(later).toBe(frozen);
    expect(after.GlobalReplicationGroups![0]!.Status).toBe('primary-only');
    expect(after.GlobalReplicationGroups![0]!.Members).toHaveLength(1);
    expect(rg.ReplicationGroups![0]!.GlobalReplicationGroupInfo).toBeUndefined();
  });
});
