import { ElastiCacheClient, DescribeGlobalReplicationGroupsCommand } from '@aws-sdk/client-elasticache';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ResultAsync, okAsync } from 'neverthrow';
import { runbook, type DrContext, type DrError } from '@drkit/core';
import { awsSend } from '@drkit/aws';
import { confirmFailover } from '@drkit/aws/route53';
import { adaptersOf } from '../../env/adapters';
import type { DrillEnvironment } from '../../env/types';
import { defineScenario, type ConsistencyCheck } from '../types';
import { injectIncident } from '../shared/incidents';
import { detectHealthCheckFailure, promoteStep } from '../shared/standbys';
import { capacityCheck, trafficCheck } from '../shared/estate';
import { call, tierChecks, validateTier } from '../shared/web';

/**
 * The steps that make the DR region take the load, shared by the automated and the manual
 * failover: the data tier (the Global Datastore fails over to the DR member; then the active
 * region in Parameter Store) and the web tier (the DR Auto Scaling group scales to the primary's
 * capacity), in parallel.
 */
export function promoteDrSteps(env: DrillEnvironment) {
  const { standbys } = adaptersOf(env);
  return {
    data: promoteStep(
      'promote-data',
      [standbys.atlas ? [standbys.cache, standbys.atlas] : [standbys.cache], [standbys.activeRegion]],
      {
        description: `fail the Global Datastore${standbys.atlas ? ' and the Atlas cluster' : ''} over to ${env.config.regions.dr}, then point ${env.config.parameters.activeRegion} at it`,
      },
    ),
    web: promoteStep('scale-dr', [[standbys.web]], {
      description: `scale ${env.config.web.dr.autoScalingGroupName} to ${env.config.web.dr.promotedCapacity.desired} and wait until its targets are healthy`,
    }),
  };
}

/**
 * The state of the DR region after a failover (`promoted`) or after a run that failed and was
 * compensated (`standby`): the web tier's capacity, the Global Datastore's primary member, the
 * active region in Parameter Store.
 *
 * @example
 * ```ts
 * const checks = await drStateChecks(env, 'promoted', ctx);
 * ```
 */
export function drStateChecks(
  env: DrillEnvironment,
  state: 'promoted' | 'standby',
  ctx: DrContext,
): ResultAsync<ConsistencyCheck[], DrError> {
  const c = env.config;
  const dr = c.regions.dr;
  const wantPrimary = state === 'promoted' ? dr : c.regions.primary;
  const cacheCheck = awsSend(
    env.client(ElastiCacheClient, dr),
    new DescribeGlobalReplicationGroupsCommand({
      GlobalReplicationGroupId: c.cache.globalReplicationGroupId,
      ShowMemberInfo: true,
    }),
    { service: 'elasticache' },
    ctx,
  )
    .map((out): ConsistencyCheck => {
      const primary = out.GlobalReplicationGroups?.[0]?.Members?.find((m) => m.Role?.toUpperCase() === 'PRIMARY');
      return {
        name: `cache-primary-in-${state === 'promoted' ? 'dr' : 'primary'}`,
        passed: primary?.ReplicationGroupRegion === wantPrimary,
        detail: `${c.cache.globalReplicationGroupId} primary: ${primary?.ReplicationGroupId ?? '?'} in ${primary?.ReplicationGroupRegion ?? '?'} (expected ${wantPrimary})`,
      };
    })
    .orElse((e) =>
      okAsync({ name: 'cache-primary', passed: false, detail: `could not read the Global Datastore: ${e.message}` }),
    );
  const paramCheck = awsSend(
    env.client(SSMClient, dr),
    new GetParameterCommand({ Name: c.parameters.activeRegion }),
    { service: 'ssm' },
    ctx,
  )
    .map((out): ConsistencyCheck => {
      const value = out.Parameter?.Value;
      return {
        name: 'active-region-parameter',
        passed: value === wantPrimary,
        detail: `${c.parameters.activeRegion} in ${dr} = ${value ?? '?'} (expected ${wantPrimary})`,
      };
    })
    .orElse((e) => okAsync({ name: 'active-region-parameter', passed: false, detail: e.message }));
  const capacity = capacityCheck(env, 'dr', state === 'promoted' ? c.web.dr.promotedCapacity : c.web.dr.capacity, ctx, {
    serving: state === 'promoted',
  });
  const atlas = adaptersOf(env).standbys.atlas;
  const atlasCheck: ResultAsync<ConsistencyCheck[], DrError> = atlas
    ? atlas
        .readiness(ctx)
        .map((r): ConsistencyCheck[] => [
          {
            name: `atlas-preferred-region-${state === 'promoted' ? 'dr' : 'primary'}`,
            passed: state === 'promoted' ? r.ready : !r.ready,
            detail:
              r.detail ??
              (r.ready ? `${c.atlas!.regionNames.dr} preferred` : `${c.atlas!.regionNames.dr} not preferred`),
          },
        ])
        .orElse((e) => okAsync([{ name: 'atlas-preferred-region', passed: false, detail: e.message }]))
    : okAsync([]);
  return ResultAsync.combine([cacheCheck, paramCheck, capacity, atlasCheck]).map(([a, b, d, rest]) => [
    a,
    b,
    d,
    ...rest,
  ]);
}

/**
 * DR plan §5, "Complete Region Failure — Automated Failover": the primary region goes dark.
 * Route 53's health check of the primary fails and the failover record's answer flips to the DR
 * region on its own; the runbook confirms that flip (it changes nothing in DNS), and meanwhile
 * promotes the warm standby — the Global Datastore fails over to the DR member, Parameter Store's
 * active region follows, the DR Auto Scaling group scales up to the primary's capacity — then
 * validates the DR region over HTTP, target health and alarms. Plan estimate: 5-15 minutes.
 *
 * If a step fails, the promotions that succeeded are compensated (the DR tier is put back to
 * standby), so the estate is left as the incident found it.
 */
export default defineScenario({
  name: 'region-failover',
  live: 'a region outage can only be simulated (live, drill region-failover-manual instead)',
  incident: (env) =>
    injectIncident(env, `region-outage:${env.config.regions.primary}`, { region: env.config.regions.primary }),
  // #region runbook
  runbook: (env) => {
    const { failover } = adaptersOf(env);
    const steps = promoteDrSteps(env);
    const to = env.config.dns.setIdentifiers.dr;
    return runbook('region-failover')
      .step(detectHealthCheckFailure(env, 'detect-outage', 'primary'))
      .parallel((p) =>
        p
          .step({
            name: 'confirm-dns-failover',
            kind: 'recovery',
            description: `confirm Route 53 answers ${env.config.dns.failoverRecordName} with the SECONDARY (${to}); changes nothing`,
            timeout: '15m',
            plan: () => [call('TrafficRouter', failover.name, 'readRouting (poll)')],
            run: (_in, ctx) => {
              const startedAt = ctx.clock.now();
              return confirmFailover(failover, { to, timeout: '15m' }, ctx).map((c) => ({
                routing: c.routing,
                confirmedAt: c.confirmedAt,
                operations: [{ name: `Route 53 answers ${to}`, startedAt, readyAt: c.confirmedAt }],
              }));
            },
          })
          .step(steps.data)
          .step(steps.web),
      )
      .step(
        validateTier(
          env,
          'validate-dr',
          'dr',
          tierChecks(env, 'dr', { minHealthy: env.config.web.dr.promotedCapacity.desired }),
        ),
      );
  },
  // #endregion runbook
  verify: (env, ctx, { report }) =>
    report.status === 'passed'
      ? ResultAsync.combine([trafficCheck(env, 'dr', ctx), drStateChecks(env, 'promoted', ctx)]).map(([t, rest]) => [
          t,
          ...rest,
        ])
      : drStateChecks(env, 'standby', ctx),
});
