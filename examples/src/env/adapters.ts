import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { DescribeGlobalReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { Route53Client } from '@aws-sdk/client-route-53';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { drError, waitFor, type DrContext, type DrError, type Standby, type TrafficRouter } from '@drkit/core';
import { awsSend } from '@drkit/aws';
import { route53FailoverRouter, route53WeightedRouter, type FailoverMethod } from '@drkit/aws/route53';
import { autoScalingStandby } from '@drkit/aws/autoscaling';
import { globalDatastoreStandby } from '@drkit/aws/elasticache-global';
import { ssmParametersStandby } from '@drkit/aws/ssm';
import { atlasClient, regionPriorityStandby, type AtlasClient } from '@drkit/atlas';
import type { DrillEnvironment } from './types';

/**
 * The drkit adapters of an environment, wired to its clients and its config: the Route 53
 * routers and the warm standbys of the DR region. Scenarios compose them into runbooks.
 */
export interface DrillAdapters {
  /** The failover records (`api.jobs.example.com`): PRIMARY → primary, SECONDARY → DR. */
  readonly failover: TrafficRouter;
  /** The same records, failed over manually by swapping the records' roles (for when the health check cannot be trusted). */
  readonly failoverBySwap: TrafficRouter;
  /** The weighted records (`api-weighted.jobs.example.com`), used to move traffic home gradually. */
  readonly weighted: TrafficRouter;
  /** The warm standby of the DR region. */
  readonly standbys: {
    /** The DR web tier's Auto Scaling group, scaled to `web.dr.promotedCapacity`. */
    readonly web: Standby;
    /** The ElastiCache Global Datastore, failed over to the DR member. */
    readonly cache: Standby;
    /** `active-region` in the DR region's Parameter Store, set to the DR region. */
    readonly activeRegion: Standby;
    /** The Atlas cluster's region priorities, the DR region made preferred (when the config names a cluster). */
    readonly atlas?: Standby;
  };
}

const cache = new WeakMap<DrillEnvironment, DrillAdapters>();

/**
 * The adapters of an environment (built once per environment).
 *
 * @example
 * ```ts
 * const { failover, standbys } = adaptersOf(env);
 * await promoteStandby([standbys.cache, standbys.web], { step: 'promote-dr' }, ctx);
 * ```
 */
export function adaptersOf(env: DrillEnvironment): DrillAdapters {
  const built = cache.get(env);
  if (built) return built;
  const c = env.config;
  const dr = c.regions.dr;
  // Route 53 is global; its API lives in us-east-1 (the limiter is keyed by the client's region).
  const route53 = env.client(Route53Client, c.regions.primary);
  const router = (recordName: string, method?: FailoverMethod) => ({
    client: route53,
    hostedZoneId: c.dns.hostedZoneId,
    recordName,
    type: c.dns.recordType,
    ...(method ? { method } : {}),
  });
  const adapters: DrillAdapters = {
    failover: route53FailoverRouter(router(c.dns.failoverRecordName)),
    failoverBySwap: route53FailoverRouter({
      ...router(c.dns.failoverRecordName, 'swap-roles'),
      name: `route53:${c.dns.failoverRecordName} (swap roles)`,
    }),
    weighted: route53WeightedRouter(router(c.dns.weightedRecordName)),
    standbys: {
      web: autoScalingStandby({
        client: env.client(AutoScalingClient, dr),
        groupName: c.web.dr.autoScalingGroupName,
        capacity: c.web.dr.promotedCapacity.desired,
        loadBalancing: { client: env.client(ElasticLoadBalancingV2Client, dr) },
      }),
      cache: settledFirst(
        globalDatastoreStandby({
          client: env.client(ElastiCacheClient, dr),
          globalReplicationGroupId: c.cache.globalReplicationGroupId,
          drRegion: dr,
          drReplicationGroupId: c.cache.drReplicationGroupId,
        }),
        (ctx) =>
          awsSend(
            env.client(ElastiCacheClient, dr),
            new DescribeGlobalReplicationGroupsCommand({ GlobalReplicationGroupId: c.cache.globalReplicationGroupId }),
            { service: 'elasticache' },
            ctx,
          ).map((out) => out.GlobalReplicationGroups?.[0]?.Status ?? 'unknown'),
      ),
      activeRegion: ssmParametersStandby({
        client: env.client(SSMClient, dr),
        parameters: { [c.parameters.activeRegion]: dr },
        name: `ssm:${c.parameters.activeRegion}@${dr}`,
      }),
      ...(c.atlas
        ? {
            atlas: lazyStandby(
              `atlas:${c.atlas.clusterName}:${c.atlas.regionNames.dr}`,
              () =>
                atlasClientOf(env).map((client) =>
                  regionPriorityStandby({ client, clusterName: c.atlas!.clusterName, region: c.atlas!.regionNames.dr }),
                ),
              // Atlas is reached over HTTP, not through the guarded SDK clients: ask the guard whether
              // this process may still make calls.
              () => env.guard.alive,
            ),
          }
        : {}),
    },
  };
  cache.set(env, adapters);
  return adapters;
}

/**
 * A Global Datastore standby that first lets a change in flight settle (the datastore back to
 * `available`) before it promotes or demotes. A step resumed after a crash may find the failover
 * it started still `modifying`; a second `FailoverGlobalReplicationGroup` would then be refused,
 * whereas once it has settled the standby sees the DR member already primary and changes nothing.
 */
function settledFirst(standby: Standby, status: (ctx: DrContext) => ResultAsync<string, DrError>): Standby {
  const settled = (ctx: DrContext) =>
    waitFor(
      () =>
        status(ctx).map((s) =>
          s === 'available' ? { done: true as const, value: s } : { done: false as const, progress: s },
        ),
      { what: `${standby.name} available`, timeout: '30m', minInterval: '10s', maxInterval: '1m' },
      ctx,
    );
  return {
    name: standby.name,
    ...(standby.expectedReadyMs !== undefined ? { expectedReadyMs: standby.expectedReadyMs } : {}),
    readiness: (ctx) => standby.readiness(ctx),
    promote: (options, ctx) => settled(ctx).andThen(() => standby.promote(options, ctx)),
    demote: (previous, ctx) => settled(ctx).andThen(() => standby.demote(previous, ctx)),
  };
}

const atlasClients = new WeakMap<DrillEnvironment, AtlasClient>();

/**
 * The Atlas Administration API client of an environment (the emulator's, or the live project's
 * with the API key from the environment), built once.
 *
 * @example
 * ```ts
 * const client = await atlasClientOf(env);
 * ```
 */
export function atlasClientOf(env: DrillEnvironment): ResultAsync<AtlasClient, DrError> {
  const known = atlasClients.get(env);
  if (known) return okAsync(known);
  return env.atlas().map((access) => {
    const client = atlasClient({
      baseUrl: `${access.baseUrl.replace(/\/$/, '')}/api/atlas/v2`,
      projectId: access.projectId,
      credentials: { apiKey: { publicKey: access.publicKey, privateKey: access.privateKey } },
    });
    atlasClients.set(env, client);
    return client;
  });
}

/**
 * A standby built on first use (its adapter needs something asynchronous first, such as the
 * Atlas API's address). A failure to build it is not kept: the next call tries again. Once
 * `alive` says the process is gone, every call fails without reaching the provider.
 */
function lazyStandby(name: string, make: () => ResultAsync<Standby, DrError>, alive: () => boolean): Standby {
  let made: Standby | undefined;
  const get = (): ResultAsync<Standby, DrError> => {
    if (!alive()) return errAsync(drError('Aborted', `${name}: the process that would call it is gone`));
    return made ? okAsync(made) : make().map((s) => (made = s));
  };
  return {
    name,
    readiness: (ctx) => get().andThen((s) => s.readiness(ctx)),
    promote: (options, ctx) => get().andThen((s) => s.promote(options, ctx)),
    demote: (previous, ctx) => get().andThen((s) => s.demote(previous, ctx)),
  };
}
