/**
 * `@drkit/aws`: adapters behind @drkit/core's ports, on AWS SDK v3 clients.
 *
 * The package root holds only the shared layer (client options, error mapping, `awsSend`,
 * ownership tags) and imports no SDK client at run time. Each service is a subpath export, so
 * a Lambda bundles only what it uses:
 *
 * - `@drkit/aws/backup` — AWS Backup recovery points, restores, `PutRestoreValidationResult`
 * - `@drkit/aws/elasticache` — ElastiCache snapshots restored as replication groups
 * - `@drkit/aws/checks` — HTTP health, target health, CloudWatch alarms, metric thresholds
 * - `@drkit/aws/redis` — the Redis data check (needs the optional peer `ioredis`)
 * - `@drkit/aws/route53` — Route 53 weighted and failover routers, `confirmFailover`, health-check gate
 * - `@drkit/aws/autoscaling` — the DR Auto Scaling group as a standby
 * - `@drkit/aws/elasticache-global` — Global Datastore failover standby; restored-snapshot fallback
 * - `@drkit/aws/ssm` — endpoint parameters as a standby (labelled for failback); reload hook
 * - `@drkit/aws/codedeploy` — roll back to the last known-good revision
 * - `@drkit/aws/strategy` — backup strategy builder, `applyBackupPlan`, compliance checks
 * - `@drkit/aws/notify` — SNS notifier, CloudWatch EMF and `PutMetricData` metrics sinks
 *
 * @packageDocumentation
 */
export * from './shared/index';
