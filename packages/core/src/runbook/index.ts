/**
 * Runbooks: steps in sequence and in parallel with typed outputs, compensation, cleanup,
 * approvals, RTO deadlines, dry runs, measurement and resume from the journal.
 *
 * @module
 */
export type * from './types';
export * from './runbook';
export * from './engine';
export * from './approvers';
export * from './measureOutput';
export * from './formatPlan';
export { outputMode, type JournalledOutput, type JournalRecordKind } from './journal';
