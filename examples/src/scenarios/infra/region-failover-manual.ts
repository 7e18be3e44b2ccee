import {
  ChangeResourceRecordSetsCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  UpdateHealthCheckCommand,
} from '@aws-sdk/client-route-53';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { approvalStep, runbook, waitFor } from '@drkit/core';
import { awsSend } from '@drkit/aws';
import { httpHealthCheck } from '@drkit/aws/checks';
import { confirmFailover, route53HealthCheckGate } from '@drkit/aws/route53';
import { adaptersOf } from '../../env/adapters';
import { defineScenario } from '../types';
import { injectIncident, simulationOf } from '../shared/incidents';
import { trafficCheck } from '../shared/estate';
import { shiftStep } from '../shared/traffic';
import { call, tierChecks, validateTier } from '../shared/web';
import { drStateChecks, promoteDrSteps } from './region-failover';

/** What the scenario's setup did to the estate: the primary's health check was disabled. */
interface Misconfigured {
  readonly healthCheckId: string;
}

/** How long the outage must last before operators call it extended and fail over. */
const EXTENDED_OUTAGE = '5m';

/**
 * DR plan §5, "Complete Region Failure — Manual Failover (If Automated Failover Fails)": the
 * primary region goes dark, but Route 53 does not fail over — the primary's health check was
 * left disabled after maintenance, so Route 53 keeps considering it healthy. Operators see the
 * outage, confirm that DNS did not move, get approval (auto-approved in a drill), then fail over
 * by hand: swap the failover records' roles (the health check cannot be trusted, so inverting it
 * would not help) while the warm standby is promoted; then they validate the DR region.
 * Plan estimate: 20-40 minutes.
 *
 * If a later step fails, the DNS change and the promotions are compensated: traffic goes back
 * where it was and the DR region back to standby.
 */
export default defineScenario<Misconfigured>({
  name: 'region-failover-manual',
  live: 'a region outage can only be simulated',
  // The misconfiguration: the primary's health check disabled (Route 53 then deems it healthy)
  // and its failover record no longer evaluating the load balancer's health.
  setup: (env, ctx) => {
    const c = env.config;
    const id = c.dns.healthCheckIds.primary;
    const route53 = env.client(Route53Client, c.regions.primary);
    return simulationOf(env, 'region-failover-manual')
      .andThen(() =>
        awsSend(
          route53,
          new UpdateHealthCheckCommand({ HealthCheckId: id, Disabled: true }),
          { service: 'route53' },
          ctx,
        ),
      )
      .andThen(() =>
        awsSend(
          route53,
          new ListResourceRecordSetsCommand({
            HostedZoneId: c.dns.hostedZoneId,
            StartRecordName: c.dns.failoverRecordName,
            StartRecordType: c.dns.recordType,
          }),
          { service: 'route53' },
          ctx,
        ),
      )
      .andThen((out) => {
        const primary = (out.ResourceRecordSets ?? []).find(
          (r) => r.SetIdentifier === c.dns.setIdentifiers.primary && r.Failover === 'PRIMARY' && r.AliasTarget,
        );
        if (!primary?.AliasTarget) return okAsync(undefined);
        return awsSend(
          route53,
          new ChangeResourceRecordSetsCommand({
            HostedZoneId: c.dns.hostedZoneId,
            ChangeBatch: {
              Comment: 'drill setup: the PRIMARY stops evaluating target health',
              Changes: [
                {
                  Action: 'UPSERT',
                  ResourceRecordSet: {
                    ...primary,
                    AliasTarget: { ...primary.AliasTarget, EvaluateTargetHealth: false },
                  },
                },
              ],
            },
          }),
          { service: 'route53' },
          ctx,
        ).map(() => undefined);
      })
      .map(() => ({ healthCheckId: id }));
  },
  incident: (env) =>
    injectIncident(env, `region-outage:${env.config.regions.primary}`, { region: env.config.regions.primary }),
  // #region runbook
  runbook: (env) => {
    const c = env.config;
    const { failover, failoverBySwap } = adaptersOf(env);
    const steps = promoteDrSteps(env);
    const primaryHttp = httpHealthCheck({ name: 'http-health-primary', url: c.web.primary.healthUrl, timeout: '10s' });
    const ids = c.dns.setIdentifiers;
    return runbook('region-failover-manual')
      .step({
        name: 'assess-outage',
        kind: 'other',
        description: `probe ${c.web.primary.healthUrl} until it has failed for ${EXTENDED_OUTAGE} without a break (an extended outage)`,
        timeout: '30m',
        plan: () => [call('Check', primaryHttp.name, 'run (poll)')],
        run: (_in, ctx) => {
          let failingSince: number | undefined;
          const extendedMs = 5 * 60_000;
          return waitFor(
            () =>
              primaryHttp
                .run(undefined, ctx)
                .map((v) => v.status !== 'passed')
                .orElse(() => okAsync(true))
                .map((failing) => {
                  const now = ctx.clock.now();
                  failingSince = failing ? (failingSince ?? now) : undefined;
                  return failingSince !== undefined && now - failingSince >= extendedMs
                    ? { done: true as const, value: failingSince }
                    : { done: false as const, progress: failing ? 'failing' : 'answering' };
                }),
            {
              what: 'an extended outage of the primary region',
              deadlineAt: ctx.deadlineAt,
              minInterval: '30s',
              maxInterval: '1m',
            },
            ctx,
          ).map((w) => {
            ctx.progress(`${c.web.primary.healthUrl} has failed since ${new Date(w.value).toISOString()}`);
            return { failingSince: w.value, assessedAt: ctx.clock.now() };
          });
        },
      })
      .step({
        name: 'confirm-no-automated-failover',
        kind: 'other',
        description: `give Route 53 five minutes to fail ${c.dns.failoverRecordName} over on its own`,
        timeout: '10m',
        plan: () => [call('TrafficRouter', failover.name, 'readRouting (poll)')],
        run: (_in, ctx) =>
          confirmFailover(failover, { to: ids.dr, timeout: '5m' }, ctx)
            .map(() => ({ automatedFailover: true }))
            .orElse((e) => {
              if (e.kind !== 'Timeout') return errAsync(e);
              ctx.progress(`${c.dns.failoverRecordName} still answers ${ids.primary}: fail over by hand`);
              return okAsync({ automatedFailover: false });
            }),
      })
      .step(approvalStep('approve-failover', `Fail ${c.dns.failoverRecordName} over to ${c.regions.dr} by hand?`))
      .parallel((p) =>
        p
          .step(
            shiftStep(
              'flip-dns',
              failoverBySwap,
              {
                from: ids.primary,
                to: ids.dr,
                bake: '1m',
                gates: [
                  route53HealthCheckGate({
                    client: env.client(Route53Client, c.regions.primary),
                    healthCheckIds: [c.dns.healthCheckIds.dr],
                    name: 'route53-health-dr',
                  }),
                ],
              },
              { description: `swap the failover records of ${c.dns.failoverRecordName}: ${ids.dr} becomes PRIMARY` },
            ),
          )
          .step(steps.data)
          .step(steps.web),
      )
      .step(
        validateTier(
          env,
          'validate-dr',
          'dr',
          tierChecks(env, 'dr', { minHealthy: c.web.dr.promotedCapacity.desired }),
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
      : ResultAsync.combine([trafficCheck(env, 'primary', ctx), drStateChecks(env, 'standby', ctx)]).map(
          ([t, rest]) => [t, ...rest],
        ),
});
