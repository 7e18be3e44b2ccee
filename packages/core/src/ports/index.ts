/**
 * The ports: narrow interfaces the primitives drive and the provider adapters implement.
 *
 * @module
 */
export type * from './RecoveryPointSource';
export type * from './Check';
export type * from './TrafficRouter';
export type * from './Standby';
export type * from './Notifier';
