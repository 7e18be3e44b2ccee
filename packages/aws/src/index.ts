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
 *
 * @packageDocumentation
 */
export * from './shared/index';
