/**
 * `@drkit/aws/backup`: AWS Backup as a drkit recovery-point source, and the
 * `PutRestoreValidationResult` reporter for `validateRestore`.
 *
 * @module
 */
export * from './backupVaultSource';
export * from './restoreValidationReporter';
export * from './restoreMetadata';
export { toRecoveryPoint, restoreStateOf } from './points';
