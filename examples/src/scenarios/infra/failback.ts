import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { Route53Client } from '@aws-sdk/client-route-53';
import { ResultAsync, okAsync } from 'neverthrow';
import {
  promoteStandby,
  runbook,
  sleep,
  type DrContext,
  type DrError,
  type Standby,
  type StandbyState,
  type StepSpec,
} from '@drkit/core';
import { errorRateQueries, metricThresholdCheck } from '@drkit/aws/checks';
import { route53HealthCheckGate } from '@drkit/aws/route53';
import { configureApp } from '@drkit/testing';
import { loadBalancerDimension, type Side } from '../../env/config';
import { adaptersOf } from '../../env/adapters';
import type { DrillEnvironment } from '../../env/types';
import { defineScenario, type ConsistencyCheck } from '../types';
import { simulationOf } from '../shared/incidents';
import { weightsCheck } from '../shared/estate';
import { demoteAll } from '../shared/standbys';
import { restoreRouting, shiftStep } from '../shared/traffic';
import { call, tierChecks, validateTier } from '../shared/web';
import { drStateChecks } from './region-failover';

/** What the setup hands on: the failover's record of the standbys' former states. */
interface FailedOver {
  readonly previous: Readonly<Record<string, StandbyState>>;
}

/** The weights of the weighted record with all traffic on one side. */
function allOn(env: DrillEnvironment, side: Side): Record<string, number> {
  const ids = env.config.dns.setIdentifiers;
  return { [ids.primary]: side === 'primary' ? 100 : 0, [ids.dr]: side === 'dr' ? 100 : 0 };
}

/**
 * The error-rate gate of the failback: the primary load balancer's 5xx rate (`GetMetricData`,
 * `100 * HTTPCode_Target_5XX_Count / RequestCount`) must stay under 1 % while a step bakes.
 */
export function primaryErrorRateGate(env: DrillEnvironment) {
  const lb = { LoadBalancer: loadBalancerDimension(env.config.web.primary.loadBalancerArn) };
  return metricThresholdCheck({
    name: 'error-rate-primary',
    client: env.client(CloudWatchClient, env.config.regions.primary),
    queries: errorRateQueries({
      errors: { namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_Target_5XX_Count', dimensions: lb },
      requests: { namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimensions: lb },
    }),
    threshold: { max: 1 },
    window: '2m',
  });
}

/** A step that demotes standbys to their recorded states, and promotes them again as its compensation. */
function demoteStep<N extends string>(
  name: N,
  standbys: readonly Standby[],
  previous: Readonly<Record<string, StandbyState>> | undefined,
  description: string,
): StepSpec<N, unknown, { demoted: string[] }> {
  return {
    name,
    kind: 'recovery',
    description,
    plan: () => standbys.map((s) => call('Standby', s.name, 'demote')),
    run: (_in, ctx) => demoteAll(standbys, previous ?? {}, ctx).map((demoted) => ({ demoted })),
    compensate: (_out, ctx) =>
      promoteStandby(
        standbys.map((s) => [s]),
        { step: `${ctx.step}-undo` },
        ctx,
      ),
  };
}

/**
 * DR plan §5, "Failback Procedure": the primary region is operational again after a failover.
 * The runbook verifies the primary, brings the data tier home (the Global Datastore fails back,
 * Parameter Store's active region follows), shifts traffic home on the weighted records in 10 %
 * increments — each step baked for a minute while the primary's 5xx rate (CloudWatch
 * `GetMetricData`) and Route 53 health are gates — then scales the DR region back down to its
 * warm-standby capacity and validates the primary. The plan gives no estimate.
 *
 * A failed gate rolls the traffic back; the run then puts everything where the failover had left
 * it (all traffic on the DR region, the data tier there too), so a failback can be tried again.
 *
 * Simulated only (its setup performs the failover it fails back from): on the simulated cloud
 * the setup promotes the DR region, moves the weighted record to 0/100 and lets the simulated
 * application's traffic follow the weighted record.
 */
export default defineScenario<FailedOver>({
  name: 'failback',
  live: 'its setup performs a failover first; live, run failback only after a real failover',
  setup: (env, ctx) => {
    const { weighted, standbys } = adaptersOf(env);
    return simulationOf(env, 'failback')
      .andThen((sim) => {
        // During the failover the API's public name was moved to the weighted record set.
        configureApp(sim.cloud, { trafficName: env.config.dns.weightedRecordName });
        return restoreRouting(weighted, allOn(env, 'dr'), 'failback-setup-to-dr', ctx);
      })
      .andThen(() =>
        promoteStandby(
          [[standbys.cache], [standbys.activeRegion], [standbys.web]],
          { step: 'failback-setup-failover' },
          ctx,
        ),
      )
      .andThen((promoted) =>
        // The DR region has served for a while: its metrics have history, the primary is back.
        sleep('30m', ctx).map(() => ({ previous: promoted.dryRun ? {} : promoted.previous })),
      );
  },
  incident: (env) =>
    okAsync({
      at: env.clock.now(),
      description: `failback: ${env.config.regions.primary} is operational again`,
      facts: { primary: env.config.regions.primary },
    }),
  // #region runbook
  runbook: (env, { setup }) => {
    const c = env.config;
    const { weighted, standbys } = adaptersOf(env);
    const ids = c.dns.setIdentifiers;
    return runbook('failback')
      .step(validateTier(env, 'verify-primary', 'primary', tierChecks(env, 'primary')))
      .step(
        demoteStep(
          'sync-data',
          [standbys.cache, ...(standbys.atlas ? [standbys.atlas] : []), standbys.activeRegion],
          setup?.previous,
          `fail the Global Datastore${standbys.atlas ? ' and the Atlas cluster' : ''} back to ${c.regions.primary} and point ${c.parameters.activeRegion} at it`,
        ),
      )
      .step(
        shiftStep(
          'shift-home',
          weighted,
          {
            from: ids.dr,
            to: ids.primary,
            stepPercent: 10,
            bake: '1m',
            gateInterval: '30s',
            gates: [
              primaryErrorRateGate(env),
              route53HealthCheckGate({
                client: env.client(Route53Client, c.regions.primary),
                healthCheckIds: [c.dns.healthCheckIds.primary],
                name: 'route53-health-primary',
              }),
            ],
          },
          {
            initial: allOn(env, 'dr'),
            description: `shift ${c.dns.weightedRecordName} home in 10 % steps, gated on the primary's 5xx rate`,
          },
        ),
      )
      .step(
        demoteStep(
          'scale-down-dr',
          [standbys.web],
          setup?.previous,
          `scale ${c.web.dr.autoScalingGroupName} back to its warm-standby capacity`,
        ),
      )
      .step(validateTier(env, 'validate-primary', 'primary', tierChecks(env, 'primary')));
  },
  // #endregion runbook
  verify: (env, ctx, { report }) => failbackChecks(env, report.status === 'passed' ? 'home' : 'still-failed-over', ctx),
});

function failbackChecks(
  env: DrillEnvironment,
  state: 'home' | 'still-failed-over',
  ctx: DrContext,
): ResultAsync<ConsistencyCheck[], DrError> {
  return ResultAsync.combine([
    weightsCheck(env, state === 'home' ? { primary: 100, dr: 0 } : { primary: 0, dr: 100 }, ctx),
    drStateChecks(env, state === 'home' ? 'standby' : 'promoted', ctx),
  ]).map(([w, rest]) => [w, ...rest]);
}
