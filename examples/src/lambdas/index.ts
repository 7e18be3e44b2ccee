/**
 * The weekly restore test of the DR plan as AWS runs restore tests: two Lambda handlers and a
 * weekly summary.
 *
 * | handler | trigger | does |
 * |---|---|---|
 * | `scheduled` | EventBridge schedule `cron(0 3 ? * SUN *)` | restores the newest EC2 recovery point into the isolated subnet |
 * | `completed` | EventBridge `Restore Job State Change` (COMPLETED/FAILED/ABORTED) | validates, reports `PutRestoreValidationResult`, EMF metrics, SNS on failure, retries transient failures, cleans up |
 * | `summary` | EventBridge schedule (Mondays) | success rate and trend of restore durations, EMF + SNS |
 *
 * Deploy: build the {@link RestoreTestDeps} once per container from the environment
 * ({@link depsFromEnvironment}) plus the two things only you know — how to delete a restored
 * instance (EC2 `TerminateInstances`) and how to reach its application (its private IP) — and
 * export the three handlers of {@link restoreTestHandlers}.
 *
 * @module
 */
export * from './config';
export * from './events';
export * from './deps';
export * from './runStore';
export * from './restoreTestChecks';
export * from './reporting';
export * from './scheduledRestore';
export * from './restoreJobCompleted';
export * from './weeklySummary';
export * from './deploy';
export * from './simulated';
export * from './handlers';
