import { GetHealthCheckStatusCommand, Route53Client, type Route53ClientConfig } from '@aws-sdk/client-route-53';
import { Problems, invalidInput, type Check, type CheckVerdict, type DrError } from '@drkit/core';
import { ResultAsync, errAsync } from 'neverthrow';
import { checkClientOption, resolveClient, type AwsClientOption } from '../shared/clientOptions';
import { awsSend, type AwsCallOptions } from '../shared/send';

/** Route 53 considers an endpoint healthy when more than 18 % of its checkers report it healthy. */
export const ROUTE53_HEALTHY_SHARE = 0.18;

/** Options of {@link route53HealthCheckGate}. */
export type Route53HealthCheckGateOptions = AwsClientOption<Route53Client, Route53ClientConfig> &
  AwsCallOptions & {
    /** The health checks that must be healthy (ids). */
    readonly healthCheckIds: readonly string[];
    /** Default `'route53-health'`. */
    readonly name?: string;
    /** Share of checkers that must report success. Default Route 53's own: more than 18 %. */
    readonly minHealthyShare?: number;
    readonly required?: boolean;
  };

/**
 * A check (a `shiftTraffic` gate, or a `validateRestore` check) that Route 53 health checks are
 * healthy: `GetHealthCheckStatus` for each, healthy when more than `minHealthyShare` of the
 * checkers' last reports are `Success`. The verdict's evidence holds the share per check.
 *
 * @example
 * ```ts
 * const gate = route53HealthCheckGate({ client: route53, healthCheckIds: [topology.dns.healthCheckIds.dr] });
 * await shiftTraffic(router, { step: 'to-dr', from: 'us-east-1', to: 'us-west-2', bake: '5m', gates: [gate] }, ctx);
 * ```
 */
export function route53HealthCheckGate<S = unknown>(options: Route53HealthCheckGateOptions): Check<S> {
  const problems = new Problems();
  checkClientOption(problems, options);
  const ids = options?.healthCheckIds;
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string' || id.trim() === ''))
    problems.add('healthCheckIds', 'must list at least one health check id');
  const share = options?.minHealthyShare ?? ROUTE53_HEALTHY_SHARE;
  if (typeof share !== 'number' || !(share >= 0 && share < 1)) problems.add('minHealthyShare', 'must be in [0, 1)');
  const name = typeof options?.name === 'string' && options.name ? options.name : 'route53-health';
  const client = problems.any
    ? undefined
    : resolveClient<Route53Client, Route53ClientConfig>(options, (c) => new Route53Client(c));
  return {
    name,
    ...(options?.required !== undefined ? { required: options.required } : {}),
    run(_subject, ctx): ResultAsync<CheckVerdict, DrError> {
      if (!client) return errAsync(invalidInput(problems.list));
      const startedAt = ctx.clock.now();
      return ResultAsync.combine(
        ids.map((id) =>
          awsSend(
            client,
            new GetHealthCheckStatusCommand({ HealthCheckId: id }),
            { service: 'route53' },
            ctx,
            options,
          ).map((out) => {
            const obs = out.HealthCheckObservations ?? [];
            const ok = obs.filter((o) => (o.StatusReport?.Status ?? '').startsWith('Success')).length;
            return { id, share: obs.length ? ok / obs.length : 0, checkers: obs.length };
          }),
        ),
      ).map((statuses): CheckVerdict => {
        const unhealthy = statuses.filter((s) => !(s.share > share));
        const evidence = Object.fromEntries(statuses.map((s) => [s.id, Math.round(s.share * 100) / 100]));
        return {
          name,
          status: unhealthy.length === 0 ? 'passed' : 'failed',
          detail:
            unhealthy.length === 0
              ? `${statuses.length} health check(s) healthy`
              : `unhealthy: ${unhealthy.map((s) => `${s.id} (${Math.round(s.share * 100)}% of checkers OK)`).join(', ')}`,
          evidence: { healthyShare: evidence },
          durationMs: Math.max(0, ctx.clock.now() - startedAt),
        };
      });
    },
  };
}
