/**
 * `@drkit/aws/checks`: checks for `validateRestore` and traffic gates — HTTP health, load
 * balancer target health, CloudWatch alarms, metric thresholds. The Redis data check lives in
 * `@drkit/aws/redis` (it needs `ioredis`).
 *
 * @module
 */
export * from './httpHealthCheck';
export * from './targetHealthCheck';
export * from './alarmsOkCheck';
export * from './metricThresholdCheck';
export { fromSubject, type FromSubject } from './verdict';
