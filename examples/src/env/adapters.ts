import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { Route53Client } from '@aws-sdk/client-route-53';
import type { Standby, TrafficRouter } from '@drkit/core';
import { route53FailoverRouter, route53WeightedRouter, type FailoverMethod } from '@drkit/aws/route53';
import { autoScalingStandby } from '@drkit/aws/autoscaling';
import { globalDatastoreStandby } from '@drkit/aws/elasticache-global';
import { ssmParametersStandby } from '@drkit/aws/ssm';
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
      cache: globalDatastoreStandby({
        client: env.client(ElastiCacheClient, dr),
        globalReplicationGroupId: c.cache.globalReplicationGroupId,
        drRegion: dr,
        drReplicationGroupId: c.cache.drReplicationGroupId,
      }),
      activeRegion: ssmParametersStandby({
        client: env.client(SSMClient, dr),
        parameters: { [c.parameters.activeRegion]: dr },
        name: `ssm:${c.parameters.activeRegion}@${dr}`,
      }),
    },
  };
  cache.set(env, adapters);
  return adapters;
}
