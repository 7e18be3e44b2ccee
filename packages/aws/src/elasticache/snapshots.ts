import type { ReplicationGroup, Snapshot } from '@aws-sdk/client-elasticache';
import type { RecoveryPoint, RecoveryPointStatus, RestoreState } from '@drkit/core';
import { toEpochMs } from '../shared/time';

const SNAPSHOT_STATUS: Readonly<Record<string, RecoveryPointStatus>> = {
  available: 'completed',
  // A snapshot being restored from, copied or exported is still a complete, restorable copy.
  restoring: 'completed',
  copying: 'completed',
  exporting: 'completed',
  creating: 'running',
  deleting: 'deleting',
  failed: 'failed',
};

/**
 * An ElastiCache snapshot as a drkit {@link RecoveryPoint}: the id is the snapshot name, the data
 * is consistent as of the earliest node snapshot's `SnapshotCreateTime`, the resource is the
 * replication group.
 *
 * @example
 * ```ts
 * toSnapshotPoint(snapshot)?.createdAt; // Date.parse('2026-11-22T05:00:00Z')
 * ```
 */
export function toSnapshotPoint(s: Snapshot, extra: { expectedRestoreMs?: number } = {}): RecoveryPoint | undefined {
  const times = (s.NodeSnapshots ?? [])
    .map((n) => toEpochMs(n.SnapshotCreateTime))
    .filter((t): t is number => t !== undefined);
  if (!s.SnapshotName || times.length === 0) return undefined;
  const attributes: Record<string, string> = {};
  if (s.SnapshotSource) attributes.snapshotSource = s.SnapshotSource;
  if (s.SnapshotStatus) attributes.snapshotStatus = s.SnapshotStatus;
  if (s.ARN) attributes.arn = s.ARN;
  if (s.CacheNodeType) attributes.cacheNodeType = s.CacheNodeType;
  if (s.Engine) attributes.engine = s.Engine;
  return {
    id: s.SnapshotName,
    createdAt: Math.min(...times),
    status: (s.SnapshotStatus && SNAPSHOT_STATUS[s.SnapshotStatus]) || 'running',
    ...(s.ReplicationGroupId ? { resourceId: s.ReplicationGroupId } : {}),
    resourceType: 'ElastiCache',
    ...(extra.expectedRestoreMs !== undefined ? { expectedRestoreMs: extra.expectedRestoreMs } : {}),
    attributes,
  };
}

/**
 * The drkit restore state of a replication group being created from a snapshot: `creating` is
 * running; `available`, `modifying` and `snapshotting` mean it serves data; `create-failed` and
 * `deleting` mean the restore will not deliver.
 *
 * @example
 * ```ts
 * groupRestoreState('create-failed'); // 'failed'
 * ```
 */
export function groupRestoreState(status: string | undefined): RestoreState {
  switch (status) {
    case 'available':
    case 'modifying':
    case 'snapshotting':
      return 'completed';
    case 'create-failed':
    case 'deleting':
      return 'failed';
    default:
      return 'running';
  }
}

/**
 * Host and port of a group's primary (or configuration) endpoint, once it has one.
 *
 * @example
 * ```ts
 * groupEndpoint(group); // { host: 'drkit-3f1c….use1.cache.amazonaws.com', port: 6379 }
 * ```
 */
export function groupEndpoint(g: ReplicationGroup): { host: string; port: number } | undefined {
  const ep = g.ConfigurationEndpoint ?? g.NodeGroups?.[0]?.PrimaryEndpoint;
  return ep?.Address && ep.Port !== undefined ? { host: ep.Address, port: ep.Port } : undefined;
}
