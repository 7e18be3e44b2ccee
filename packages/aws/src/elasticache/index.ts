/**
 * `@drkit/aws/elasticache`: ElastiCache snapshots as a drkit recovery-point source, restored as
 * new replication groups.
 *
 * @module
 */
export * from './snapshotSource';
export { toSnapshotPoint, groupRestoreState, groupEndpoint } from './snapshots';
