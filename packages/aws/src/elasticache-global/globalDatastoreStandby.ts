import {
  DescribeGlobalReplicationGroupsCommand,
  ElastiCacheClient,
  FailoverGlobalReplicationGroupCommand,
  type ElastiCacheClientConfig,
  type GlobalReplicationGroup,
} from '@aws-sdk/client-elasticache';
import {
  Problems,
  drError,
  invalidInput,
  parseDuration,
  type Demotion,
  type DrContext,
  type DrError,
  type Duration,
  type Promotion,
  type Readiness,
  type Standby,
  type StandbyState,
  waitFor,
} from '@drkit/core';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { checkClientOption, resolveClient, type AwsClientOption } from '../shared/clientOptions';
import { awsSend, type AwsCallOptions } from '../shared/send';

/** Options of {@link globalDatastoreStandby}. */
export type GlobalDatastoreStandbyOptions = AwsClientOption<ElastiCacheClient, ElastiCacheClientConfig> &
  AwsCallOptions & {
    /**
     * The Global Datastore's full id (with its region prefix, e.g. `ldgnf-jobs-api`). Use a
     * client in the DR region: the primary region may be the one that is down.
     */
    readonly globalReplicationGroupId: string;
    /** The region of the member that should become primary. */
    readonly drRegion: string;
    /** That member's replication group id. */
    readonly drReplicationGroupId: string;
    /** Default `global-datastore:<id>`. */
    readonly name?: string;
    /** Typical failover time. Default `'5m'`. */
    readonly expectedReady?: Duration;
  };

/** What a Global Datastore standby records to undo its promotion: the former primary member. */
export type GlobalDatastorePrevious = {
  readonly globalReplicationGroupId: string;
  readonly primaryRegion: string;
  readonly primaryReplicationGroupId: string;
};

interface Member {
  region: string;
  groupId: string;
  role: string;
  status: string;
}

function membersOf(global: GlobalReplicationGroup): Member[] {
  return (global.Members ?? []).map((m) => ({
    region: m.ReplicationGroupRegion ?? '',
    groupId: (m.ReplicationGroupId ?? '').toLowerCase(),
    role: m.Role ?? '',
    status: m.Status ?? '',
  }));
}

function isPrevious(v: unknown): v is GlobalDatastorePrevious {
  const p = v as Partial<GlobalDatastorePrevious> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.globalReplicationGroupId === 'string' &&
    typeof p.primaryRegion === 'string' &&
    typeof p.primaryReplicationGroupId === 'string'
  );
}

/**
 * A {@link Standby} over an ElastiCache **Global Datastore**: promotion fails the datastore over
 * so the DR region's member becomes primary (`FailoverGlobalReplicationGroup`), readiness waits
 * until `DescribeGlobalReplicationGroups` shows that member as `PRIMARY` and the datastore
 * `available` again, and `demote(previous)` fails back to the former primary and waits until it
 * is primary again (up to 30 minutes).
 *
 * A promotion when the DR member is already primary changes nothing (`alreadyPromoted`). Without
 * a Global Datastore, use {@link restoredSnapshotStandby} with `@drkit/aws/elasticache`'s
 * snapshot source over the DR region's snapshot copies instead.
 *
 * Note that `FailoverGlobalReplicationGroup` is a *planned* failover: it needs the datastore
 * `available`. If the primary region's outage leaves it unable to fail over, detach the DR
 * member (`DisassociateGlobalReplicationGroup`) by hand — it then keeps serving as a standalone
 * primary — or restore from snapshots.
 *
 * @example
 * ```ts
 * import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
 * import { globalDatastoreStandby } from '@drkit/aws/elasticache-global';
 *
 * const cache = globalDatastoreStandby({
 *   client: new ElastiCacheClient({ region: 'us-west-2' }),
 *   globalReplicationGroupId: 'ldgnf-jobs-api',
 *   drRegion: 'us-west-2',
 *   drReplicationGroupId: 'jobs-api-redis-dr',
 * });
 * const promoted = await promoteStandby([[web, cache], parameters], { step: 'promote-dr' }, ctx);
 * ```
 */
export function globalDatastoreStandby(
  options: GlobalDatastoreStandbyOptions,
): Standby & { readonly client: ElastiCacheClient } {
  const problems = new Problems();
  checkClientOption(problems, options);
  const o = (typeof options === 'object' && options !== null ? options : {}) as Partial<GlobalDatastoreStandbyOptions>;
  if (typeof o.globalReplicationGroupId !== 'string' || o.globalReplicationGroupId.trim() === '')
    problems.add('globalReplicationGroupId', 'must be the Global Datastore id, e.g. "ldgnf-jobs-api"');
  if (typeof o.drRegion !== 'string' || !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(o.drRegion))
    problems.add('drRegion', 'must be a region name such as "us-west-2"');
  if (typeof o.drReplicationGroupId !== 'string' || o.drReplicationGroupId.trim() === '')
    problems.add('drReplicationGroupId', 'must be the DR member’s replication group id');
  let expectedReadyMs = 300_000;
  if (o.expectedReady !== undefined) {
    const e = parseDuration(o.expectedReady, 'expectedReady');
    if (e.isErr()) problems.addAll('', e.error.problems);
    else expectedReadyMs = e.value;
  }
  const name =
    typeof o.name === 'string' && o.name ? o.name : `global-datastore:${String(o.globalReplicationGroupId ?? '')}`;
  if (problems.any) {
    const error = invalidInput(problems.list);
    const fail = () => errAsync(error);
    return { name, client: undefined as unknown as ElastiCacheClient, readiness: fail, promote: fail, demote: fail };
  }
  const opts = options;
  const client = resolveClient<ElastiCacheClient, ElastiCacheClientConfig>(opts, (c) => new ElastiCacheClient(c));
  const id = opts.globalReplicationGroupId;
  const dr = { region: opts.drRegion, groupId: opts.drReplicationGroupId.toLowerCase() };
  const promotedBefore = new Map<string, GlobalDatastorePrevious>();

  const describe = (ctx: DrContext): ResultAsync<GlobalReplicationGroup, DrError> =>
    awsSend(
      client,
      new DescribeGlobalReplicationGroupsCommand({ GlobalReplicationGroupId: id, ShowMemberInfo: true }),
      { service: 'elasticache' },
      ctx,
      opts,
    ).andThen((out) => {
      const global = out.GlobalReplicationGroups?.[0];
      return global
        ? okAsync(global)
        : errAsync(drError('NotFound', `Global Datastore ${id} not found`, { resource: id }));
    });

  const failoverTo = (region: string, groupId: string, ctx: DrContext) =>
    awsSend(
      client,
      new FailoverGlobalReplicationGroupCommand({
        GlobalReplicationGroupId: id,
        PrimaryRegion: region,
        PrimaryReplicationGroupId: groupId,
      }),
      { service: 'elasticache' },
      ctx,
      opts,
    );

  const isMember = (m: Member, region: string, groupId: string) =>
    m.region === region && m.groupId === groupId.toLowerCase();

  return {
    name,
    client,
    expectedReadyMs,
    promote(promote, ctx): ResultAsync<Promotion, DrError> {
      return describe(ctx).andThen((global) => {
        const members = membersOf(global);
        const target = members.find((m) => isMember(m, dr.region, dr.groupId));
        if (!target)
          return errAsync(
            drError('NotFound', `${dr.groupId} in ${dr.region} is not a member of Global Datastore ${id}`, {
              resource: dr.groupId,
            }),
          );
        const primary = members.find((m) => m.role === 'PRIMARY');
        const remembered = promotedBefore.get(promote.idempotencyKey);
        if (target.role === 'PRIMARY') {
          const former =
            remembered ??
            (() => {
              const other = members.find((m) => m !== target);
              return other
                ? {
                    globalReplicationGroupId: id,
                    primaryRegion: other.region,
                    primaryReplicationGroupId: other.groupId,
                  }
                : undefined;
            })();
          if (!former)
            return errAsync(drError('Conflict', `Global Datastore ${id} has no other member to fail back to`));
          return okAsync<Promotion, DrError>({
            previous: former,
            alreadyPromoted: true,
            detail: `${dr.groupId} (${dr.region}) is already primary`,
          });
        }
        const previous: GlobalDatastorePrevious = remembered ?? {
          globalReplicationGroupId: id,
          primaryRegion: primary?.region ?? '',
          primaryReplicationGroupId: primary?.groupId ?? '',
        };
        return failoverTo(dr.region, dr.groupId, ctx).map((): Promotion => {
          promotedBefore.set(promote.idempotencyKey, previous);
          ctx.logger.info('elasticache: Global Datastore failover started', { global: id, to: dr.region });
          return {
            previous: { ...previous },
            detail: `primary ${previous.primaryReplicationGroupId} (${previous.primaryRegion}) → ${dr.groupId} (${dr.region})`,
          };
        });
      });
    },
    readiness(ctx): ResultAsync<Readiness, DrError> {
      return describe(ctx).map((global): Readiness => {
        const target = membersOf(global).find((m) => isMember(m, dr.region, dr.groupId));
        const status = global.Status ?? 'unknown';
        const ready = target?.role === 'PRIMARY' && (status === 'available' || status === 'primary-only');
        return {
          ready,
          detail: `member ${dr.groupId} (${dr.region}) is ${target?.role ?? 'not a member'}; datastore ${status}`,
        };
      });
    },
    demote(previous: StandbyState, ctx): ResultAsync<Demotion, DrError> {
      if (!isPrevious(previous) || previous.globalReplicationGroupId !== id)
        return errAsync(
          invalidInput([
            {
              path: 'previous',
              message: `must be the { globalReplicationGroupId: "${id}", primaryRegion, primaryReplicationGroupId } a promotion returned`,
            },
          ]),
        );
      return describe(ctx).andThen((global) => {
        const back = membersOf(global).find((m) =>
          isMember(m, previous.primaryRegion, previous.primaryReplicationGroupId),
        );
        if (back?.role === 'PRIMARY')
          return okAsync<Demotion, DrError>({ detail: `${previous.primaryReplicationGroupId} is already primary` });
        // Demotion is failback: it is done when the former primary serves again, so wait for it.
        return failoverTo(previous.primaryRegion, previous.primaryReplicationGroupId, ctx)
          .andThen(() =>
            waitFor(
              () =>
                describe(ctx).map((g) => {
                  const m = membersOf(g).find((x) =>
                    isMember(x, previous.primaryRegion, previous.primaryReplicationGroupId),
                  );
                  return m?.role === 'PRIMARY' && (g.Status === 'available' || g.Status === 'primary-only')
                    ? { done: true as const, value: g.Status }
                    : { done: false as const, progress: `${g.Status ?? 'unknown'}` };
                }),
              {
                what: `failback of ${id} to ${previous.primaryRegion}`,
                timeout: '30m',
                expectedDuration: expectedReadyMs,
                minInterval: '10s',
                maxInterval: '1m',
              },
              ctx,
            ),
          )
          .map((waited) => ({
            detail: `failed back to ${previous.primaryReplicationGroupId} (${previous.primaryRegion}) after ${Math.round(waited.elapsedMs / 1000)}s`,
          }));
      });
    },
  };
}
