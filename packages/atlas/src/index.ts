/**
 * `@drkit/atlas`: MongoDB Atlas adapters behind `@drkit/core`'s ports, on
 * `mongodb-atlas-api-client` and the versioned Atlas Administration API v2.
 *
 * - the client layer: {@link atlasClient}, credentials (API key or service account), resource
 *   versions, error mapping;
 * - {@link cloudBackupSource}: snapshot and point-in-time restores for `restorePoint`;
 * - {@link regionPriorityStandby}: region failover for `promoteStandby`, plus test failovers and
 *   regional outage simulations for drills;
 * - {@link clusterStateCheck} and {@link primaryRegionCheck} for `validateRestore`.
 *
 * Data checks (collections, counts, indexes, sample hashes, point-in-time canaries) are in
 * `@drkit/atlas/data`, which needs the optional peer dependency `mongodb`.
 *
 * @packageDocumentation
 */
export * from './client/index';
export * from './cluster/index';
export * from './backup/index';
export * from './standby/index';
export * from './checks/index';
