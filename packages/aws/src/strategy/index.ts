/**
 * `@drkit/aws/strategy`: the backup strategy of a DR plan as typed data — AWS Backup plans and
 * the ElastiCache snapshot policy — applied idempotently with a diff, and audited in the spirit
 * of AWS Backup Audit Manager (one verdict per resource and control).
 *
 * @module
 */
export * from './backupStrategy';
export * from './applyBackupPlan';
export * from './compliance';
