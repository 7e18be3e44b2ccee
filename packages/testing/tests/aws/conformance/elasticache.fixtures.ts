import type { ConformanceFixture } from './types';
import { elasticacheService } from '../../../src/aws/elasticache/service';
import { globalDatastorePrefix } from '../../../src/aws/elasticache/names';

const DAY = 86_400_000;
const gid = (suffix: string) => `${globalDatastorePrefix('us-east-1')}-${suffix}`;

export default {
  service: 'elasticache',
  setup(cloud) {
    const east = cloud.state(elasticacheService, 'us-east-1');
    const west = cloud.state(elasticacheService, 'us-west-2');
    const now = cloud.clock.now();
    const live = { createdBy: 'topology', available: true } as const;
    east.createReplicationGroup({
      id: 'jobs-cache',
      numCacheClusters: 2,
      automaticFailover: true,
      snapshotRetentionLimit: 7,
      snapshotWindow: '05:00-06:00',
      ...live,
      createdAt: now - 10 * DAY,
    });
    east.createReplicationGroup({ id: 'single', ...live });
    const auto = east.snapshots({ source: 'automated' })[0]!;
    east.importSnapshot(auto, 'conf-base', now, now);
    east.importSnapshot(auto, 'conf-delete', now, now);
    east.importSnapshot(auto, 'conf-export-src', now, now);
    // Global datastores: one to fail over, one to disassociate from, one with only a primary.
    for (const [suffix, primary, secondary] of [
      ['dr', 'gp2', 'gs2'],
      ['dis', 'gp3', 'gs3'],
      ['solo', 'gp4', undefined],
    ] as const) {
      east.createReplicationGroup({ id: primary, numCacheClusters: 2, automaticFailover: true, ...live });
      east.createGlobalDatastore({ suffix, primaryGroupId: primary, available: true });
      if (secondary) west.createReplicationGroup({ id: secondary, globalReplicationGroupId: gid(suffix), ...live });
    }
    east.createReplicationGroup({ id: 'gprimary', ...live });
  },
  calls: [
    {
      operation: 'CreateReplicationGroup',
      input: {
        ReplicationGroupId: 'conf-new',
        ReplicationGroupDescription: 'new',
        NumCacheClusters: 2,
        AutomaticFailoverEnabled: true,
      },
    },
    {
      operation: 'CreateReplicationGroup',
      input: { ReplicationGroupId: 'conf-new', ReplicationGroupDescription: 'again' },
      expectError: 'ReplicationGroupAlreadyExistsFault',
    },
    {
      operation: 'CreateReplicationGroup',
      input: { ReplicationGroupId: 'conf-bad', ReplicationGroupDescription: 'x', NumCacheClusters: 9 },
      expectError: 'InvalidParameterValueException',
    },
    {
      operation: 'CreateReplicationGroup',
      input: {
        ReplicationGroupId: 'conf-af',
        ReplicationGroupDescription: 'x',
        AutomaticFailoverEnabled: true,
        NumCacheClusters: 1,
      },
      expectError: 'InvalidParameterCombinationException',
    },
    {
      operation: 'CreateReplicationGroup',
      input: { ReplicationGroupId: 'conf-restored', ReplicationGroupDescription: 'restore', SnapshotName: 'conf-base' },
    },
    {
      operation: 'CreateReplicationGroup',
      input: {
        ReplicationGroupId: 'conf-shards',
        ReplicationGroupDescription: 'cluster mode',
        NumNodeGroups: 2,
        ReplicasPerNodeGroup: 1,
        AutomaticFailoverEnabled: true,
      },
    },
    { operation: 'DescribeReplicationGroups', input: {} },
    { operation: 'DescribeReplicationGroups', input: { ReplicationGroupId: 'jobs-cache' } },
    {
      operation: 'DescribeReplicationGroups',
      input: { ReplicationGroupId: 'nope' },
      expectError: 'ReplicationGroupNotFoundFault',
    },
    { operation: 'DescribeReplicationGroups', input: { MaxRecords: 5 }, expectError: 'InvalidParameterValueException' },
    { operation: 'DescribeCacheClusters', input: { ShowCacheNodeInfo: true } },
    {
      operation: 'DescribeCacheClusters',
      input: { CacheClusterId: 'nope-001' },
      expectError: 'CacheClusterNotFoundFault',
    },
    { operation: 'CreateSnapshot', input: { ReplicationGroupId: 'jobs-cache', SnapshotName: 'conf-snap' } },
    { operation: 'CreateSnapshot', input: { CacheClusterId: 'single-001', SnapshotName: 'conf-snap-2' } },
    {
      operation: 'CreateSnapshot',
      input: { ReplicationGroupId: 'jobs-cache', SnapshotName: 'conf-snap' },
      expectError: 'SnapshotAlreadyExistsFault',
    },
    {
      operation: 'CreateSnapshot',
      input: { ReplicationGroupId: 'conf-new', SnapshotName: 'conf-snap-3' },
      expectError: 'InvalidReplicationGroupStateFault',
    },
    { operation: 'DescribeSnapshots', input: { ReplicationGroupId: 'jobs-cache', ShowNodeGroupConfig: true } },
    { operation: 'DescribeSnapshots', input: { SnapshotSource: 'system', MaxRecords: 20 } },
    { operation: 'DescribeSnapshots', input: { SnapshotName: 'nope' }, expectError: 'SnapshotNotFoundFault' },
    { operation: 'CopySnapshot', input: { SourceSnapshotName: 'conf-delete', TargetSnapshotName: 'conf-copy' } },
    {
      operation: 'CopySnapshot',
      input: { SourceSnapshotName: 'conf-export-src', TargetSnapshotName: 'conf-export', TargetBucket: 'dr-exports' },
    },
    {
      operation: 'CopySnapshot',
      input: { SourceSnapshotName: 'nope', TargetSnapshotName: 'x' },
      expectError: 'SnapshotNotFoundFault',
    },
    { operation: 'DeleteSnapshot', input: { SnapshotName: 'conf-snap' }, expectError: 'InvalidSnapshotStateFault' },
    { operation: 'DeleteSnapshot', input: { SnapshotName: 'nope' }, expectError: 'SnapshotNotFoundFault' },
    {
      operation: 'ModifyReplicationGroup',
      input: {
        ReplicationGroupId: 'single',
        SnapshotRetentionLimit: 5,
        SnapshotWindow: '02:00-03:00',
        ApplyImmediately: true,
      },
    },
    {
      operation: 'ModifyReplicationGroup',
      input: { ReplicationGroupId: 'nope', SnapshotRetentionLimit: 1 },
      expectError: 'ReplicationGroupNotFoundFault',
    },
    {
      operation: 'TestFailover',
      input: { ReplicationGroupId: 'gprimary', NodeGroupId: '0001' },
      expectError: 'InvalidReplicationGroupStateFault',
    },
    { operation: 'TestFailover', input: { ReplicationGroupId: 'gp3', NodeGroupId: '0001' } },
    {
      operation: 'TestFailover',
      input: { ReplicationGroupId: 'gp3', NodeGroupId: '0001' },
      expectError: 'InvalidReplicationGroupStateFault',
    },
    {
      operation: 'TestFailover',
      input: { ReplicationGroupId: 'jobs-cache', NodeGroupId: '0009' },
      expectError: 'NodeGroupNotFoundFault',
    },
    {
      operation: 'CreateGlobalReplicationGroup',
      input: { GlobalReplicationGroupIdSuffix: 'conf', PrimaryReplicationGroupId: 'gprimary' },
    },
    {
      operation: 'CreateGlobalReplicationGroup',
      input: { GlobalReplicationGroupIdSuffix: 'conf2', PrimaryReplicationGroupId: 'nope' },
      expectError: 'ReplicationGroupNotFoundFault',
    },
    { operation: 'DescribeGlobalReplicationGroups', input: { ShowMemberInfo: true } },
    { operation: 'DescribeGlobalReplicationGroups', input: { GlobalReplicationGroupId: gid('dr') } },
    {
      operation: 'DescribeGlobalReplicationGroups',
      input: { GlobalReplicationGroupId: 'nope' },
      expectError: 'GlobalReplicationGroupNotFoundFault',
    },
    {
      operation: 'FailoverGlobalReplicationGroup',
      input: {
        GlobalReplicationGroupId: gid('conf'),
        PrimaryRegion: 'us-east-1',
        PrimaryReplicationGroupId: 'gprimary',
      },
      expectError: 'InvalidGlobalReplicationGroupStateFault',
    },
    {
      operation: 'FailoverGlobalReplicationGroup',
      input: { GlobalReplicationGroupId: gid('dr'), PrimaryRegion: 'us-west-2', PrimaryReplicationGroupId: 'gs2' },
      region: 'us-west-2',
    },
    {
      operation: 'DisassociateGlobalReplicationGroup',
      input: { GlobalReplicationGroupId: gid('dr'), ReplicationGroupId: 'gp2', ReplicationGroupRegion: 'us-east-1' },
      expectError: 'InvalidGlobalReplicationGroupStateFault',
    },
    {
      operation: 'DisassociateGlobalReplicationGroup',
      input: { GlobalReplicationGroupId: gid('dis'), ReplicationGroupId: 'gs3', ReplicationGroupRegion: 'us-west-2' },
    },
    {
      operation: 'DeleteGlobalReplicationGroup',
      input: { GlobalReplicationGroupId: gid('dr'), RetainPrimaryReplicationGroup: true },
      expectError: 'InvalidGlobalReplicationGroupStateFault',
    },
    {
      operation: 'DeleteGlobalReplicationGroup',
      input: { GlobalReplicationGroupId: gid('solo'), RetainPrimaryReplicationGroup: true },
    },
    {
      operation: 'DeleteReplicationGroup',
      input: { ReplicationGroupId: 'gp2' },
      expectError: 'InvalidReplicationGroupStateFault',
    },
    {
      operation: 'DeleteReplicationGroup',
      input: { ReplicationGroupId: 'conf-new' },
      expectError: 'InvalidReplicationGroupStateFault',
    },
    {
      operation: 'DeleteReplicationGroup',
      input: { ReplicationGroupId: 'single', FinalSnapshotIdentifier: 'single-final' },
    },
    { operation: 'DeleteSnapshot', input: { SnapshotName: 'conf-snap-2' }, expectError: 'InvalidSnapshotStateFault' },
  ],
} satisfies ConformanceFixture;
