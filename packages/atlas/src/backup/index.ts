/**
 * Cloud Backup restores: a `RecoveryPointSource` over an Atlas cluster's snapshots and
 * continuous (point-in-time) backup.
 *
 * @module
 */
export * from './cloudBackupSource';
export * from './ledger';
export * from './pointInTime';
