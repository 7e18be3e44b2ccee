import type {
  CreateReplicationGroupCommandInput,
  DescribeReplicationGroupsCommandInput,
  DeleteReplicationGroupCommandInput,
  ModifyReplicationGroupCommandInput,
  DescribeCacheClustersCommandInput,
  CreateSnapshotCommandInput,
  CopySnapshotCommandInput,
  DescribeSnapshotsCommandInput,
  DeleteSnapshotCommandInput,
  TestFailoverCommandInput,
  CreateGlobalReplicationGroupCommandInput,
  DescribeGlobalReplicationGroupsCommandInput,
  FailoverGlobalReplicationGroupCommandInput,
  DisassociateGlobalReplicationGroupCommandInput,
  DeleteGlobalReplicationGroupCommandInput,
} from '@aws-sdk/client-elasticache';
import { awsError, type SimCallContext, type SimHandler } from '../kernel/SimService';
import type { ElastiCacheState } from './ElastiCacheState';
import { globalDatastores } from './GlobalDatastores';
import { cacheClusterShape, globalShape, replicationGroupShape, snapshotShape } from './shapes';

type Ctx = SimCallContext<ElastiCacheState>;

const now = (ctx: Ctx) => ctx.world.clock.now();

/** Validates `MaxRecords` and decodes `Marker`; returns the page of `items` and the next marker. */
function page<T>(
  items: T[],
  input: { MaxRecords?: number; Marker?: string },
  bounds: { min: number; max: number; default: number },
) {
  const max = input.MaxRecords ?? bounds.default;
  if (!Number.isInteger(max) || max < bounds.min || max > bounds.max)
    throw awsError('InvalidParameterValueException', `MaxRecords must be between ${bounds.min} and ${bounds.max}.`);
  let start = 0;
  if (input.Marker !== undefined) {
    const decoded = /^o:(\d+)$/.exec(Buffer.from(input.Marker, 'base64').toString('utf8'));
    if (!decoded) throw awsError('InvalidParameterValueException', `Invalid Marker ${input.Marker}.`);
    start = Number(decoded[1]);
  }
  const slice = items.slice(start, start + max);
  const next = start + max < items.length ? Buffer.from(`o:${start + max}`).toString('base64') : undefined;
  return { slice, ...(next ? { Marker: next } : {}) };
}

function unsupported(what: string): never {
  throw awsError(
    'InvalidParameterCombinationException',
    `drkit simulation: ${what} is not modelled by the simulated ElastiCache.`,
  );
}

function engineCheck(engine: string | undefined): void {
  if (engine !== undefined && !['redis', 'valkey'].includes(engine.toLowerCase()))
    throw awsError(
      'InvalidParameterValueException',
      `Engine ${engine} is not valid for a replication group (redis or valkey).`,
    );
}

/** The ElastiCache operations the simulation implements, by API name. */
export const elasticacheHandlers: Record<string, SimHandler<ElastiCacheState>> = {
  CreateReplicationGroup(input: CreateReplicationGroupCommandInput, ctx: Ctx) {
    if (input.PrimaryClusterId !== undefined) unsupported('PrimaryClusterId');
    if (input.ServerlessCacheSnapshotName !== undefined) unsupported('ServerlessCacheSnapshotName');
    engineCheck(input.Engine);
    const ngc = input.NodeGroupConfiguration;
    const clusterMode =
      input.ClusterMode === 'enabled' ||
      (input.ClusterMode === undefined && ((input.NumNodeGroups ?? 1) > 1 || (ngc?.length ?? 0) > 1));
    const g = ctx.state.createReplicationGroup({
      id: input.ReplicationGroupId!,
      description: input.ReplicationGroupDescription,
      numCacheClusters: input.NumCacheClusters,
      numNodeGroups: input.NumNodeGroups ?? ngc?.length,
      replicasPerNodeGroup: input.ReplicasPerNodeGroup ?? ngc?.[0]?.ReplicaCount,
      clusterMode,
      automaticFailover: input.AutomaticFailoverEnabled,
      multiAz: input.MultiAZEnabled,
      preferredAzs: input.PreferredCacheClusterAZs,
      cacheNodeType: input.CacheNodeType,
      engine: input.Engine?.toLowerCase(),
      engineVersion: input.EngineVersion,
      port: input.Port,
      snapshotRetentionLimit: input.SnapshotRetentionLimit,
      snapshotWindow: input.SnapshotWindow,
      transitEncryption: input.TransitEncryptionEnabled,
      atRestEncryption: input.AtRestEncryptionEnabled,
      authToken: input.AuthToken,
      tags: input.Tags,
      snapshotName: input.SnapshotName,
      snapshotArns: input.SnapshotArns,
      globalReplicationGroupId: input.GlobalReplicationGroupId,
    });
    return { ReplicationGroup: replicationGroupShape(ctx.state, g, now(ctx)) };
  },

  DescribeReplicationGroups(input: DescribeReplicationGroupsCommandInput, ctx: Ctx) {
    const t = now(ctx);
    let groups = ctx.state.groups();
    if (input.ReplicationGroupId !== undefined) {
      const g = ctx.state.group(input.ReplicationGroupId);
      if (!g)
        throw awsError('ReplicationGroupNotFoundFault', `ReplicationGroup ${input.ReplicationGroupId} not found.`, {
          status: 404,
        });
      groups = [g];
    }
    const { slice, Marker } = page(groups, input, { min: 20, max: 100, default: 100 });
    return {
      ReplicationGroups: slice.map((g) => replicationGroupShape(ctx.state, g, t)),
      ...(Marker ? { Marker } : {}),
    };
  },

  DeleteReplicationGroup(input: DeleteReplicationGroupCommandInput, ctx: Ctx) {
    const g = ctx.state.deleteReplicationGroup(input.ReplicationGroupId!, {
      finalSnapshotName: input.FinalSnapshotIdentifier,
      retainPrimaryCluster: input.RetainPrimaryCluster,
    });
    return { ReplicationGroup: replicationGroupShape(ctx.state, g, now(ctx)) };
  },

  ModifyReplicationGroup(input: ModifyReplicationGroupCommandInput, ctx: Ctx) {
    const fields = [
      'CacheNodeType',
      'EngineVersion',
      'PrimaryClusterId',
      'NodeGroupId',
      'AuthToken',
      'ClusterMode',
      'TransitEncryptionEnabled',
    ] as const;
    for (const field of fields) if (input[field] !== undefined) unsupported(`ModifyReplicationGroup ${field}`);
    const g = ctx.state.modifyReplicationGroup(input.ReplicationGroupId!, {
      description: input.ReplicationGroupDescription,
      automaticFailover: input.AutomaticFailoverEnabled,
      multiAz: input.MultiAZEnabled,
      snapshotRetentionLimit: input.SnapshotRetentionLimit,
      snapshotWindow: input.SnapshotWindow,
    });
    return { ReplicationGroup: replicationGroupShape(ctx.state, g, now(ctx)) };
  },

  DescribeCacheClusters(input: DescribeCacheClustersCommandInput, ctx: Ctx) {
    const t = now(ctx);
    let pairs = ctx.state
      .groups()
      .flatMap((g) => g.nodeGroups.flatMap((ng) => ng.members.map((m) => ({ g, id: m.clusterId }))));
    if (input.CacheClusterId !== undefined) {
      const id = String(input.CacheClusterId).toLowerCase();
      pairs = pairs.filter((p) => p.id === id);
      if (pairs.length === 0)
        throw awsError('CacheClusterNotFoundFault', `CacheCluster ${input.CacheClusterId} not found.`, { status: 404 });
    }
    // Every simulated cluster belongs to a replication group.
    if (input.ShowCacheClustersNotInReplicationGroups) pairs = [];
    const { slice, Marker } = page(pairs, input, { min: 20, max: 100, default: 100 });
    return {
      CacheClusters: slice.map((p) => cacheClusterShape(ctx.state, p.g, p.id, t, input.ShowCacheNodeInfo === true)),
      ...(Marker ? { Marker } : {}),
    };
  },

  CreateSnapshot(input: CreateSnapshotCommandInput, ctx: Ctx) {
    const s = ctx.state.createSnapshot({
      name: input.SnapshotName!,
      groupId: input.ReplicationGroupId,
      clusterId: input.CacheClusterId,
      tags: input.Tags,
    });
    return { Snapshot: snapshotShape(ctx.state, s, now(ctx)) };
  },

  CopySnapshot(input: CopySnapshotCommandInput, ctx: Ctx) {
    const { snapshot } = ctx.state.copySnapshot({
      source: input.SourceSnapshotName!,
      target: input.TargetSnapshotName!,
      targetBucket: input.TargetBucket,
      tags: input.Tags,
    });
    // An export answers with the source snapshot (now `copying`); a copy with the new snapshot.
    return { Snapshot: snapshotShape(ctx.state, snapshot, now(ctx)) };
  },

  DescribeSnapshots(input: DescribeSnapshotsCommandInput, ctx: Ctx) {
    const t = now(ctx);
    const source = input.SnapshotSource;
    if (source !== undefined && source !== 'system' && source !== 'user')
      throw awsError('InvalidParameterValueException', `SnapshotSource must be system or user, not ${source}.`);
    let snapshots = ctx.state.snapshots({
      ...(input.ReplicationGroupId !== undefined ? { groupId: input.ReplicationGroupId } : {}),
      ...(source ? { source: source === 'system' ? 'automated' : 'manual' } : {}),
    });
    if (input.CacheClusterId !== undefined) {
      const g = ctx.state.groupOfCluster(input.CacheClusterId);
      if (!g)
        throw awsError('CacheClusterNotFoundFault', `CacheCluster ${input.CacheClusterId} not found.`, { status: 404 });
      snapshots = snapshots.filter((s) => s.groupId === g.id);
    }
    if (input.SnapshotName !== undefined) {
      snapshots = snapshots.filter((s) => s.name === input.SnapshotName);
      if (snapshots.length === 0)
        throw awsError('SnapshotNotFoundFault', `Snapshot ${input.SnapshotName} not found.`, { status: 404 });
    }
    const { slice, Marker } = page(snapshots, input, { min: 20, max: 50, default: 50 });
    return {
      Snapshots: slice.map((s) => snapshotShape(ctx.state, s, t, input.ShowNodeGroupConfig === true)),
      ...(Marker ? { Marker } : {}),
    };
  },

  DeleteSnapshot(input: DeleteSnapshotCommandInput, ctx: Ctx) {
    const s = ctx.state.deleteSnapshot(input.SnapshotName!);
    return { Snapshot: snapshotShape(ctx.state, s, now(ctx)) };
  },

  TestFailover(input: TestFailoverCommandInput, ctx: Ctx) {
    const g = ctx.state.testFailover(input.ReplicationGroupId!, input.NodeGroupId!);
    return { ReplicationGroup: replicationGroupShape(ctx.state, g, now(ctx)) };
  },

  CreateGlobalReplicationGroup(input: CreateGlobalReplicationGroupCommandInput, ctx: Ctx) {
    const global = ctx.state.createGlobalDatastore({
      suffix: input.GlobalReplicationGroupIdSuffix!,
      primaryGroupId: input.PrimaryReplicationGroupId!,
      description: input.GlobalReplicationGroupDescription,
    });
    return { GlobalReplicationGroup: globalShape(ctx.state, global, now(ctx), true) };
  },

  DescribeGlobalReplicationGroups(input: DescribeGlobalReplicationGroupsCommandInput, ctx: Ctx) {
    const t = now(ctx);
    let globals = [...globalDatastores(ctx.world).byId.values()].filter((g) => g.goneAt === undefined || g.goneAt > t);
    if (input.GlobalReplicationGroupId !== undefined) globals = [ctx.state.mustGlobal(input.GlobalReplicationGroupId)];
    const { slice, Marker } = page(globals, input, { min: 1, max: 100, default: 100 });
    return {
      GlobalReplicationGroups: slice.map((g) => globalShape(ctx.state, g, t, input.ShowMemberInfo === true)),
      ...(Marker ? { Marker } : {}),
    };
  },

  FailoverGlobalReplicationGroup(input: FailoverGlobalReplicationGroupCommandInput, ctx: Ctx) {
    const global = ctx.state.failoverGlobalDatastore({
      id: input.GlobalReplicationGroupId!,
      primaryRegion: input.PrimaryRegion!,
      primaryGroupId: input.PrimaryReplicationGroupId!,
    });
    return { GlobalReplicationGroup: globalShape(ctx.state, global, now(ctx), true) };
  },

  DisassociateGlobalReplicationGroup(input: DisassociateGlobalReplicationGroupCommandInput, ctx: Ctx) {
    const global = ctx.state.disassociateGlobal({
      id: input.GlobalReplicationGroupId!,
      groupId: input.ReplicationGroupId!,
      groupRegion: input.ReplicationGroupRegion!,
    });
    return { GlobalReplicationGroup: globalShape(ctx.state, global, now(ctx), true) };
  },

  DeleteGlobalReplicationGroup(input: DeleteGlobalReplicationGroupCommandInput, ctx: Ctx) {
    const global = ctx.state.deleteGlobal({
      id: input.GlobalReplicationGroupId!,
      retainPrimary: input.RetainPrimaryReplicationGroup!,
    });
    return { GlobalReplicationGroup: globalShape(ctx.state, global, now(ctx), true) };
  },
};
