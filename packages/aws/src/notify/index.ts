/**
 * `@drkit/aws/notify`: tell people and dashboards — an SNS notifier, and metrics sinks for
 * `ctx.metrics` (CloudWatch Embedded Metric Format lines on stdout, or `PutMetricData`).
 *
 * @module
 */
export * from './snsNotifier';
export * from './emfMetrics';
export * from './cloudWatchMetrics';
