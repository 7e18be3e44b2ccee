/**
 * `@drkit/aws/elasticache-global`: the DR region's cache as a drkit standby — an ElastiCache
 * Global Datastore failed over to the DR region, or, without one, the latest snapshot copied to
 * the DR region restored as a new replication group.
 *
 * @module
 */
export * from './globalDatastoreStandby';
export * from './restoredSnapshotStandby';
