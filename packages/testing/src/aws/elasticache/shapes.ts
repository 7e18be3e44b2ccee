/**
 * Simulated state → the output shapes of the ElastiCache API (as the SDK returns them:
 * timestamps as `Date`). Only members the real service sets for a Redis replication group.
 */
import { GlobalDatastores, type SimGlobalDatastore } from './GlobalDatastores';
import type { ElastiCacheState, SimReplicationGroup, SimSnapshot } from './ElastiCacheState';
import { endpointNames } from './names';

type Endpoint = { Address: string; Port: number };

/** Endpoints of a group: the loopback redis-server when one backs it, else simulated DNS names. */
function endpoints(state: ElastiCacheState, g: SimReplicationGroup) {
  const names = endpointNames(g.id, state.endpointHash, g.region, g.transitEncryption);
  const server = g.backing.mode === 'real' ? g.backing.server : undefined;
  const at = (address: string): Endpoint =>
    server ? { Address: server.host, Port: server.port } : { Address: address, Port: g.port };
  return {
    primary: at(names.primary),
    reader: at(names.reader),
    configuration: at(names.configuration),
    member: (clusterId: string) => at(names.member(clusterId)),
  };
}

/** A `ReplicationGroup` as `DescribeReplicationGroups` returns it. */
export function replicationGroupShape(state: ElastiCacheState, g: SimReplicationGroup, now: number) {
  const status = state.groupStatus(g, now);
  const ready = !['creating', 'create-failed'].includes(status);
  const ep = endpoints(state, g);
  const gm = state.membership(g, now);
  const snapshotting = status === 'snapshotting';
  return {
    ReplicationGroupId: g.id,
    Description: g.description,
    ...(gm
      ? {
          GlobalReplicationGroupInfo: {
            GlobalReplicationGroupId: gm.global.id,
            GlobalReplicationGroupMemberRole: gm.member.role,
          },
        }
      : {}),
    Status: status,
    PendingModifiedValues: {},
    MemberClusters: g.nodeGroups.flatMap((ng) => ng.members.map((m) => m.clusterId)),
    NodeGroups: g.nodeGroups.map((ng) => ({
      NodeGroupId: ng.id,
      Status: status === 'snapshotting' ? 'available' : status,
      ...(!g.clusterMode && ready ? { PrimaryEndpoint: ep.primary, ReaderEndpoint: ep.reader } : {}),
      ...(ng.slots ? { Slots: ng.slots } : {}),
      NodeGroupMembers: ng.members.map((m) => ({
        CacheClusterId: m.clusterId,
        CacheNodeId: m.nodeId,
        ...(!g.clusterMode && ready ? { ReadEndpoint: ep.member(m.clusterId) } : {}),
        PreferredAvailabilityZone: m.az,
        ...(!g.clusterMode ? { CurrentRole: m.role } : {}),
      })),
    })),
    ...(snapshotting ? { SnapshottingClusterId: snapshottingCluster(g) } : {}),
    AutomaticFailover: g.automaticFailover ? 'enabled' : 'disabled',
    MultiAZ: g.multiAz ? 'enabled' : 'disabled',
    ...(g.clusterMode && ready ? { ConfigurationEndpoint: ep.configuration } : {}),
    SnapshotRetentionLimit: g.snapshotRetentionLimit,
    SnapshotWindow: g.snapshotWindow,
    ClusterEnabled: g.clusterMode,
    CacheNodeType: g.cacheNodeType,
    AuthTokenEnabled: g.authToken !== undefined,
    TransitEncryptionEnabled: g.transitEncryption,
    AtRestEncryptionEnabled: g.atRestEncryption,
    ARN: g.arn,
    ReplicationGroupCreateTime: new Date(g.createdAt),
    DataTiering: 'disabled',
    AutoMinorVersionUpgrade: true,
    NetworkType: 'ipv4',
    IpDiscovery: 'ipv4',
    ClusterMode: g.clusterMode ? 'enabled' : 'disabled',
    Engine: g.engine,
  };
}

/** ElastiCache snapshots a replica when there is one, to spare the primary. */
function snapshottingCluster(g: SimReplicationGroup): string {
  const ng = g.nodeGroups[0]!;
  return (ng.members.find((m) => m.role === 'replica') ?? ng.members[0]!).clusterId;
}

/** A `CacheCluster` (one member node of a group) as `DescribeCacheClusters` returns it. */
export function cacheClusterShape(
  state: ElastiCacheState,
  g: SimReplicationGroup,
  clusterId: string,
  now: number,
  showNodes: boolean,
) {
  const ng = g.nodeGroups.find((n) => n.members.some((m) => m.clusterId === clusterId))!;
  const m = ng.members.find((x) => x.clusterId === clusterId)!;
  const status = state.groupStatus(g, now);
  const ready = !['creating', 'create-failed'].includes(status);
  const ep = endpoints(state, g);
  return {
    CacheClusterId: clusterId,
    CacheNodeType: g.cacheNodeType,
    Engine: g.engine,
    EngineVersion: g.engineVersion,
    CacheClusterStatus:
      status === 'create-failed' ? 'create-failed' : status === 'snapshotting' ? 'snapshotting' : status,
    NumCacheNodes: 1,
    PreferredAvailabilityZone: m.az,
    CacheClusterCreateTime: new Date(g.createdAt),
    ...(showNodes
      ? {
          CacheNodes: [
            {
              CacheNodeId: m.nodeId,
              CacheNodeStatus: ready ? 'available' : 'creating',
              CacheNodeCreateTime: new Date(g.createdAt),
              ...(ready ? { Endpoint: ep.member(clusterId) } : {}),
              ParameterGroupStatus: 'in-sync',
              CustomerAvailabilityZone: m.az,
            },
          ],
        }
      : {}),
    AutoMinorVersionUpgrade: true,
    ReplicationGroupId: g.id,
    SnapshotRetentionLimit: g.snapshotRetentionLimit,
    SnapshotWindow: g.snapshotWindow,
    AuthTokenEnabled: g.authToken !== undefined,
    TransitEncryptionEnabled: g.transitEncryption,
    AtRestEncryptionEnabled: g.atRestEncryption,
    ARN: state.arnOfCluster(clusterId),
    ReplicationGroupLogDeliveryEnabled: false,
    NetworkType: 'ipv4',
    IpDiscovery: 'ipv4',
  };
}

/** A `Snapshot` as `DescribeSnapshots` returns it. */
export function snapshotShape(state: ElastiCacheState, s: SimSnapshot, now: number, showNodeGroupConfig = false) {
  const c = s.config;
  const sizeMb = Math.max(1, Math.round(Object.values(s.data).reduce((n, v) => n + v.length + 50, 0) / 1_000_000));
  const status = state.snapshotStatus(s, now);
  return {
    SnapshotName: s.name,
    ReplicationGroupId: s.groupId,
    ReplicationGroupDescription: c.description,
    SnapshotStatus: status,
    SnapshotSource: s.source,
    CacheNodeType: c.cacheNodeType,
    Engine: c.engine,
    EngineVersion: c.engineVersion,
    Port: c.port,
    SnapshotRetentionLimit: c.snapshotRetentionLimit,
    SnapshotWindow: c.snapshotWindow,
    NumNodeGroups: c.nodeGroups.length,
    AutomaticFailover: c.automaticFailover ? 'enabled' : 'disabled',
    NodeSnapshots: c.nodeGroups.map((ng, i) => ({
      ...(c.clusterMode
        ? {}
        : { CacheClusterId: `${s.groupId}-${String(ng.replicaCount > 0 ? 2 : 1).padStart(3, '0')}` }),
      NodeGroupId: ng.id,
      CacheNodeId: '0001',
      ...(showNodeGroupConfig
        ? {
            NodeGroupConfiguration: {
              NodeGroupId: ng.id,
              ...(ng.slots ? { Slots: ng.slots } : {}),
              ReplicaCount: ng.replicaCount,
              PrimaryAvailabilityZone: ng.primaryAz,
              ReplicaAvailabilityZones: ng.replicaAzs,
            },
          }
        : {}),
      CacheSize: `${i === 0 ? sizeMb : 1} MB`,
      CacheNodeCreateTime: new Date(c.groupCreatedAt),
      SnapshotCreateTime: new Date(s.startedAt),
    })),
    ARN: s.arn,
    DataTiering: 'disabled',
  };
}

/** A `GlobalReplicationGroup`; `Members` only when asked for (`ShowMemberInfo`) or on mutations. */
export function globalShape(state: ElastiCacheState, global: SimGlobalDatastore, now: number, showMembers: boolean) {
  return {
    GlobalReplicationGroupId: global.id,
    GlobalReplicationGroupDescription: global.description,
    Status: GlobalDatastores.status(global, now),
    CacheNodeType: global.cacheNodeType,
    Engine: global.engine,
    EngineVersion: global.engineVersion,
    ...(showMembers
      ? {
          Members: global.members
            .filter((m) => m.goneAt === undefined || m.goneAt > now)
            .map((m) => {
              const g = state.other(m.region).groupsById.get(m.groupId);
              return {
                ReplicationGroupId: m.groupId,
                ReplicationGroupRegion: m.region,
                Role: m.role,
                AutomaticFailover: g?.automaticFailover ? 'enabled' : 'disabled',
                Status: GlobalDatastores.memberStatus(m, now),
              };
            }),
        }
      : {}),
    ClusterEnabled: global.clusterEnabled,
    AuthTokenEnabled: global.authTokenEnabled,
    TransitEncryptionEnabled: global.transitEncryption,
    AtRestEncryptionEnabled: global.atRestEncryption,
    ARN: global.arn,
  };
}
