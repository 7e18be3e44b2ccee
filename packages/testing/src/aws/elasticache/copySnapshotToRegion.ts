import { awsError, type SimServiceDefinition, type SimWorld } from '../kernel/SimService';
import type { ElastiCacheState, SimSnapshot } from './ElastiCacheState';
import { elasticacheService } from './service';

/** Options of {@link copySnapshotToRegion}. */
export interface CopySnapshotToRegionOptions {
  readonly sourceRegion: string;
  readonly snapshotName: string;
  readonly targetRegion: string;
  /** Name in the target region (default: the source name). */
  readonly targetSnapshotName?: string;
  /** Make the copy available at once (topology presets building history). Default false. */
  readonly available?: boolean;
  /** The ElastiCache service definition registered in the cloud (default {@link elasticacheService}). */
  readonly service?: SimServiceDefinition<ElastiCacheState>;
}

/**
 * Copies an ElastiCache snapshot to another region, as the DR plan's "cross-region copy of
 * weekly backups" needs. Simulation-level helper, not an API call.
 *
 * Real AWS has no single API for this: ElastiCache `CopySnapshot` copies within a region, and
 * AWS Backup does not cover ElastiCache. The real mechanism is (1) `CopySnapshot` with
 * `TargetBucket` to export the snapshot as an RDB file to an S3 bucket in the source region,
 * (2) an S3 copy (or replication) of the `.rdb` object to a bucket in the target region, and
 * (3) `CreateReplicationGroup` with `SnapshotArns: ['arn:aws:s3:::bucket/name-0001.rdb']` in
 * the target region to seed a group (or, to keep a restorable snapshot there, seed a group and
 * snapshot it). The simulation supports (1) and (3) through the API (`CopySnapshot` with
 * `TargetBucket` and `CreateReplicationGroup` with `SnapshotArns`); this helper shortcuts all
 * three into "a snapshot with the same data now exists in the target region", which is what
 * a restore in the DR region needs. The copy takes the export time plus an S3 cross-region
 * copy (drawn from `copySnapshotMs`, twice), unless `available` is set.
 *
 * @example
 * ```ts
 * copySnapshotToRegion(cloud, { sourceRegion: 'us-east-1', snapshotName: 'weekly-2026-11-15',
 *   targetRegion: 'us-west-2', available: true });
 * ```
 */
export function copySnapshotToRegion(world: SimWorld, o: CopySnapshotToRegionOptions): SimSnapshot {
  const service = o.service ?? elasticacheService;
  const source = world.state(service, o.sourceRegion);
  const target = world.state(service, o.targetRegion);
  const snapshot = source.snapshot(o.snapshotName);
  if (!snapshot)
    throw awsError('SnapshotNotFoundFault', `Snapshot ${o.snapshotName} not found in ${o.sourceRegion}.`, {
      status: 404,
    });
  if (source.snapshotStatus(snapshot) !== 'available')
    throw awsError(
      'InvalidSnapshotStateFault',
      `Snapshot ${o.snapshotName} is ${source.snapshotStatus(snapshot)}, not available.`,
    );
  const now = world.clock.now();
  const took = o.available
    ? 0
    : source.duration(source.options.durations.copySnapshotMs) +
      target.duration(target.options.durations.copySnapshotMs);
  return target.importSnapshot(snapshot, o.targetSnapshotName ?? snapshot.name, now, now + took);
}
