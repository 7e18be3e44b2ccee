import {
  CreateReplicationGroupCommand,
  DeleteReplicationGroupCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
  paginateDescribeSnapshots,
  type CreateReplicationGroupCommandInput,
  type ElastiCacheClientConfig,
  type ReplicationGroup,
  type Snapshot,
} from '@aws-sdk/client-elasticache';
import {
  Problems,
  drError,
  invalidInput,
  parseDuration,
  type CleanupOutcome,
  type DrContext,
  type DrError,
  type Duration,
  type RecoveryPoint,
  type RecoveryPointQuery,
  type RecoveryPointSource,
  type RestoreHandle,
  type RestoredResource,
  type RestoreStatus,
  type RestoreTarget,
  type StartRestoreOptions,
} from '@drkit/core';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { checkClientOption, resolveClient, type AwsClientOption } from '../shared/clientOptions';
import { memoryLedger, type OwnershipLedger } from '../shared/ledger';
import { RUN_ID_TAG, fromTagList, ownershipTags, tagValueProblem, toTagList } from '../shared/ownership';
import { awsAttempt, awsSend, clientRegion, pacedClient, type AwsCallOptions } from '../shared/send';
import { groupEndpoint, groupRestoreState, toSnapshotPoint } from './snapshots';

const SERVICE = 'elasticache';
const CREATED_BY = 'restorePoint:elasticache';

/** How the restored replication group is shaped; unset fields follow the snapshot. */
export interface ReplicationGroupShape {
  /** `CacheNodeType`, e.g. a smaller `cache.t4g.medium` for a drill. */
  readonly cacheNodeType?: string;
  /** `NumCacheClusters` (cluster mode disabled), primary included. Default 1. */
  readonly numCacheClusters?: number;
  /** `CacheSubnetGroupName` in the restore region. */
  readonly subnetGroupName?: string;
  /** `SecurityGroupIds`. */
  readonly securityGroupIds?: readonly string[];
  /** `TransitEncryptionEnabled`. */
  readonly transitEncryption?: boolean;
  /** `Port`. */
  readonly port?: number;
}

/** Options of {@link elasticacheSnapshotSource}. */
export type ElastiCacheSnapshotSourceOptions = AwsClientOption<ElastiCacheClient, ElastiCacheClientConfig> &
  AwsCallOptions & {
    /**
     * The replication group whose snapshots to restore. In the DR region, the group the copied
     * snapshots are attributed to. Optional: `restorePoint`'s `resourceId` filters too.
     */
    readonly replicationGroupId?: string;
    /** `automated`, `manual` or both (default). */
    readonly snapshotSource?: 'automated' | 'manual';
    /** Names the source in reports. Default `elasticache:<group or region>`. */
    readonly name?: string;
    /** Shape of the restored group (node type, subnet group, security groups…). */
    readonly shape?: ReplicationGroupShape;
    /** How long a restore typically takes (seeds polling). Default `'15m'`. */
    readonly expectedRestoreTime?: Duration;
    /** Where created groups are recorded for cleanup's ownership check. Default in memory. */
    readonly ledger?: OwnershipLedger;
  };

/** An ElastiCache snapshot {@link RecoveryPointSource}, with the client it uses. */
export interface ElastiCacheSnapshotSource extends RecoveryPointSource {
  readonly client: ElastiCacheClient;
}

/**
 * A {@link RecoveryPointSource} over ElastiCache (Redis OSS / Valkey) snapshots, automatic or
 * manual (AWS Backup does not cover ElastiCache).
 *
 * - `listPoints` pages through `DescribeSnapshots`; a point's time is its node snapshots'
 *   `SnapshotCreateTime`, so `restorePoint` can pick a named snapshot (`{ exact: name }`) or the
 *   latest within the RPO.
 * - `startRestore` creates a replication group from `SnapshotName`, named after the idempotency
 *   key (`drkit-…`, lower case) and tagged `drkit:run-id` / `drkit:created-by`. A retried call
 *   finds that group (`DescribeReplicationGroups`) instead of creating a second one.
 * - `describeRestore` reports `creating` as running and `available` as done, with the primary
 *   endpoint (`host:port`, no credentials).
 * - `cleanup` deletes that group and nothing else: one this source recorded for the run, or one
 *   tagged `drkit:run-id` = the run; anything else is refused with `AccessDenied`.
 *
 * For cross-region DR, bind the source to a client in the DR region, where the snapshots were
 * copied (ElastiCache copies cross-region through an S3 export of the RDB file).
 *
 * @example
 * ```ts
 * import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
 * import { restorePoint } from '@drkit/core';
 * import { elasticacheSnapshotSource } from '@drkit/aws/elasticache';
 *
 * const source = elasticacheSnapshotSource({
 *   client: new ElastiCacheClient({ region: 'us-west-2' }),
 *   replicationGroupId: 'jobs-cache',
 *   shape: { cacheNodeType: 'cache.t4g.medium', subnetGroupName: 'dr-cache-subnets' },
 * });
 * const restored = await restorePoint(source, { step: 'restore-cache', strategy: { latestWithinRpo: { rpo: '24h' } } });
 * ```
 */
export function elasticacheSnapshotSource(options: ElastiCacheSnapshotSourceOptions): ElastiCacheSnapshotSource {
  const problems = checkOptions(options);
  const group = typeof options?.replicationGroupId === 'string' ? options.replicationGroupId : undefined;
  const name = typeof options?.name === 'string' && options.name ? options.name : `elasticache:${group ?? 'snapshots'}`;
  if (problems.any) return refusing(name, invalidInput(problems.list));
  const client = resolveClient<ElastiCacheClient, ElastiCacheClientConfig>(
    options,
    (config) => new ElastiCacheClient(config),
  );
  const ledger = options.ledger ?? memoryLedger();
  const call: AwsCallOptions = {
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(options.retry !== undefined ? { retry: options.retry } : {}),
    ...(options.accountId ? { accountId: options.accountId } : {}),
  };
  const site = { service: SERVICE };
  const expectedRestoreMs = parseDuration(options.expectedRestoreTime ?? '15m').unwrapOr(900_000);

  const describeGroup = (id: string, ctx: DrContext): ResultAsync<ReplicationGroup | undefined, DrError> =>
    awsSend(client, new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }), site, ctx, call)
      .map((out) => out.ReplicationGroups?.[0])
      .orElse((e) => (e.kind === 'NotFound' ? okAsync(undefined) : errAsync(e)));

  const listPoints = (query: RecoveryPointQuery, ctx: DrContext): ResultAsync<readonly RecoveryPoint[], DrError> => {
    const groupFilter = query.resourceId ?? group;
    const paced = pacedClient(client, site, ctx, call);
    return awsAttempt({ service: SERVICE, operation: 'DescribeSnapshots' }, async () => {
      const found: Snapshot[] = [];
      const input = {
        ...(groupFilter ? { ReplicationGroupId: groupFilter } : {}),
        ...(options.snapshotSource
          ? { SnapshotSource: options.snapshotSource === 'automated' ? 'system' : 'user' }
          : {}),
        ShowNodeGroupConfig: false,
      };
      for await (const page of paginateDescribeSnapshots({ client: paced, pageSize: 50 }, input))
        found.push(...(page.Snapshots ?? []));
      return found;
    }).map((found) =>
      found.flatMap((s) => {
        const point = toSnapshotPoint(s, { expectedRestoreMs });
        if (!point) return [];
        if (query.after !== undefined && point.createdAt <= query.after) return [];
        if (query.before !== undefined && point.createdAt > query.before) return [];
        return [point];
      }),
    );
  };

  const startRestore = (
    target: RestoreTarget,
    start: StartRestoreOptions,
    ctx: DrContext,
  ): ResultAsync<RestoreHandle, DrError> => {
    if (target.kind !== 'point')
      return errAsync(invalidInput([{ path: 'target', message: `${name} restores snapshots, not points in time` }]));
    const runProblem = tagValueProblem(start.runId);
    if (runProblem) return errAsync(invalidInput([{ path: 'runId', message: `is a tag value and ${runProblem}` }]));
    const snapshotName = target.point.id;
    // ElastiCache stores replication group ids in lower case; the key is `drkit-` + hex already.
    const groupId = start.idempotencyKey.toLowerCase();
    const handle = (reused: boolean, startedAt?: number): RestoreHandle => ({
      jobId: groupId,
      idempotencyKey: start.idempotencyKey,
      createdByRun: ledger.byKey(start.idempotencyKey)?.runId ?? start.runId,
      ...(reused ? { reused: true } : {}),
      ...(startedAt !== undefined ? { startedAt } : {}),
      attributes: { snapshotName, replicationGroupId: groupId },
    });
    const known = ledger.byKey(start.idempotencyKey);
    if (known) return okAsync(handle(true));
    return describeGroup(groupId, ctx).andThen((existing) => {
      if (existing) {
        ctx.logger.info('elasticache: replication group for this key already exists; not creating another', {
          source: name,
          replicationGroupId: groupId,
        });
        ledger.record({
          idempotencyKey: start.idempotencyKey,
          runId: start.runId,
          resourceId: groupId,
          jobId: groupId,
          createdBy: CREATED_BY,
        });
        return okAsync<RestoreHandle, DrError>(handle(true));
      }
      const shape = options.shape ?? {};
      const input: CreateReplicationGroupCommandInput = {
        ReplicationGroupId: groupId,
        ReplicationGroupDescription: `drkit restore of snapshot ${snapshotName}`.slice(0, 255),
        SnapshotName: snapshotName,
        NumCacheClusters: shape.numCacheClusters ?? 1,
        ...(shape.cacheNodeType ? { CacheNodeType: shape.cacheNodeType } : {}),
        ...(shape.subnetGroupName ? { CacheSubnetGroupName: shape.subnetGroupName } : {}),
        ...(shape.securityGroupIds ? { SecurityGroupIds: [...shape.securityGroupIds] } : {}),
        ...(shape.transitEncryption !== undefined ? { TransitEncryptionEnabled: shape.transitEncryption } : {}),
        ...(shape.port !== undefined ? { Port: shape.port } : {}),
        ...((shape.numCacheClusters ?? 1) > 1 ? { AutomaticFailoverEnabled: true } : {}),
        Tags: toTagList(
          start.tags,
          ownershipTags({ runId: start.runId, createdBy: CREATED_BY, idempotencyKey: start.idempotencyKey }),
        ),
      };
      const askedAt = ctx.clock.now();
      ctx.logger.info('elasticache: creating replication group from snapshot', {
        source: name,
        snapshotName,
        replicationGroupId: groupId,
      });
      return awsSend(client, new CreateReplicationGroupCommand(input), site, ctx, call)
        .map(() => {
          ledger.record({
            idempotencyKey: start.idempotencyKey,
            runId: start.runId,
            resourceId: groupId,
            jobId: groupId,
            createdBy: CREATED_BY,
          });
          return handle(false, askedAt);
        })
        .orElse((e) => {
          // A lost response on an earlier attempt: the group exists now, and it is ours by name.
          if (e.kind === 'Conflict' && /AlreadyExists/.test(e.message)) {
            ledger.record({
              idempotencyKey: start.idempotencyKey,
              runId: start.runId,
              resourceId: groupId,
              jobId: groupId,
              createdBy: CREATED_BY,
            });
            return okAsync<RestoreHandle, DrError>(handle(true));
          }
          return errAsync<RestoreHandle, DrError>(e);
        });
    });
  };

  const describeRestore = (h: RestoreHandle, ctx: DrContext): ResultAsync<RestoreStatus, DrError> =>
    describeGroup(h.jobId, ctx).andThen((g) =>
      ResultAsync.fromSafePromise(clientRegion(client)).map((region): RestoreStatus => {
        if (!g) return { state: 'failed', detail: `replication group ${h.jobId} does not exist` };
        const state = groupRestoreState(g.Status);
        const ep = groupEndpoint(g);
        if (state !== 'completed' || !ep)
          return {
            state: state === 'completed' ? 'running' : state,
            detail: `replication group ${h.jobId} is ${g.Status ?? 'unknown'}`,
            expectedCompletionMs: expectedRestoreMs,
          };
        return {
          state,
          detail: `replication group ${h.jobId} is ${g.Status}`,
          resource: {
            id: h.jobId,
            type: 'ElastiCache',
            ...(region ? { region } : {}),
            createdByRun: ledger.byResource(h.jobId)?.runId ?? h.createdByRun,
            endpoint: `${ep.host}:${ep.port}`,
            attributes: {
              host: ep.host,
              port: String(ep.port),
              ...(g.ARN ? { arn: g.ARN } : {}),
              ...(h.attributes?.snapshotName ? { snapshotName: h.attributes.snapshotName } : {}),
              ...(g.TransitEncryptionEnabled ? { tls: 'true' } : {}),
            },
          },
        };
      }),
    );

  const cleanup = (resource: RestoredResource, ctx: DrContext): ResultAsync<CleanupOutcome, DrError> => {
    const refuse = (why: string) =>
      errAsync<CleanupOutcome, DrError>(drError('AccessDenied', `${name}: refusing to delete ${resource.id}: ${why}`));
    if (resource.createdByRun !== ctx.runId) return refuse(`it is not marked as created by run ${ctx.runId}`);
    const recorded = ledger.byResource(resource.id);
    if (recorded && recorded.runId !== ctx.runId) return refuse(`it was created by run "${recorded.runId}"`);
    return describeGroup(resource.id, ctx).andThen((g) => {
      if (!g) return okAsync<CleanupOutcome, DrError>({ resourceId: resource.id, outcome: 'already-gone' });
      const owned: ResultAsync<boolean, DrError> = recorded
        ? okAsync(true)
        : g.ARN
          ? awsSend(client, new ListTagsForResourceCommand({ ResourceName: g.ARN }), site, ctx, call)
              .map((out) => fromTagList(out.TagList)[RUN_ID_TAG] === ctx.runId)
              // Ownership that cannot be confirmed is refused; only a transient failure is worth a retry.
              .orElse((e) => (e.retryable ? errAsync<boolean, DrError>(e) : okAsync<boolean, DrError>(false)))
          : okAsync(false);
      return owned.andThen((yes) => {
        if (!yes)
          return refuse(
            `this source has no record of it for run ${ctx.runId} and it is not tagged ${RUN_ID_TAG}=${ctx.runId}`,
          );
        if (g.Status === 'deleting')
          return okAsync<CleanupOutcome, DrError>({
            resourceId: resource.id,
            outcome: 'already-gone',
            detail: 'already deleting',
          });
        if (g.Status === 'creating')
          return errAsync<CleanupOutcome, DrError>(
            drError('Conflict', `replication group ${resource.id} is still creating; delete it once available`, {
              retryable: true,
            }),
          );
        return awsSend(client, new DeleteReplicationGroupCommand({ ReplicationGroupId: resource.id }), site, ctx, call)
          .map((): CleanupOutcome => ({ resourceId: resource.id, outcome: 'deleted' }))
          .orElse((e) =>
            e.kind === 'NotFound'
              ? okAsync<CleanupOutcome, DrError>({ resourceId: resource.id, outcome: 'already-gone' })
              : errAsync<CleanupOutcome, DrError>(e),
          );
      });
    });
  };

  return { name, client, listPoints, startRestore, describeRestore, cleanup };
}

function checkOptions(options: ElastiCacheSnapshotSourceOptions): Problems {
  const problems = new Problems();
  checkClientOption(problems, options);
  if (typeof options !== 'object' || options === null) return problems;
  if (
    options.replicationGroupId !== undefined &&
    (typeof options.replicationGroupId !== 'string' || !/^[a-zA-Z][a-zA-Z0-9-]{0,39}$/.test(options.replicationGroupId))
  )
    problems.add('replicationGroupId', 'must be 1-40 letters, digits or hyphens, starting with a letter');
  if (options.snapshotSource !== undefined && !['automated', 'manual'].includes(options.snapshotSource))
    problems.add('snapshotSource', "must be 'automated' or 'manual'");
  if (options.expectedRestoreTime !== undefined) {
    const parsed = parseDuration(options.expectedRestoreTime, 'expectedRestoreTime');
    if (parsed.isErr()) problems.addAll('', parsed.error.problems);
  }
  const n = options.shape?.numCacheClusters;
  if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 6))
    problems.add('shape.numCacheClusters', 'must be a whole number from 1 to 6');
  const port = options.shape?.port;
  if (port !== undefined && (!Number.isInteger(port) || port < 1024 || port > 65535))
    problems.add('shape.port', 'must be a port from 1024 to 65535');
  return problems;
}

function refusing(name: string, error: DrError): ElastiCacheSnapshotSource {
  const fail = () => errAsync(error);
  return {
    name,
    client: undefined as unknown as ElastiCacheClient,
    listPoints: fail,
    startRestore: fail,
    describeRestore: fail,
    cleanup: fail,
  };
}
