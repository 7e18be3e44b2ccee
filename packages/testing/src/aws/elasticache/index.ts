/**
 * The simulated Amazon ElastiCache (Redis OSS / Valkey replication groups, snapshots, Global
 * Datastore), optionally backed by real loopback `redis-server` processes.
 *
 * @packageDocumentation
 */
export * from './options';
export * from './ElastiCacheState';
export * from './GlobalDatastores';
export * from './service';
export * from './copySnapshotToRegion';
export * from './redisBacking';
export { automaticSnapshotName, globalDatastorePrefix } from './names';
