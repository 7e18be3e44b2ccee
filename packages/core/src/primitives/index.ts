/**
 * The primitives: plain functions that drive the ports and return reports.
 *
 * @module
 */
export * from './idempotency';
export type * from './plan';
export type { TimedVerdict } from './runCheck';
export * from './restorePoint';
export * from './validateRestore';
export * from './shiftTraffic';
export * from './promoteStandby';
