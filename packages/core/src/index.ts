/**
 * `@drkit/core`: provider-neutral disaster-recovery primitives.
 *
 * @packageDocumentation
 */
export * from './errors/DrError';
export * from './errors/problems';
export * from './time/Clock';
export * from './time/duration';
export * from './context/Logger';
export * from './context/Metrics';
export * from './context/DrContext';
export type * from './audit/types';
export * from './audit/index';
export { sleep } from './wait/sleep';
export * from './wait/pollSchedule';
export * from './wait/waitFor';
export * from './retry/retry';
export type * from './ports/index';
export * from './primitives/index';
export * from './measure/index';
export * from './limits/RateLimiter';
export * from './limits/ConcurrencyLimiter';
export * from './runbook/index';
