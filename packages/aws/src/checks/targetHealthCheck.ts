import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  type ElasticLoadBalancingV2ClientConfig,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { Problems, invalidInput, type Check, type CheckVerdict, type DrError } from '@drkit/core';
import { errAsync, type ResultAsync } from 'neverthrow';
import { checkClientOption, resolveClient, type AwsClientOption } from '../shared/clientOptions';
import { awsSend, type AwsCallOptions } from '../shared/send';
import { fromSubject, verdictOf, type FromSubject } from './verdict';

/** Options of {@link targetHealthCheck}. */
export type TargetHealthCheckOptions<S> = AwsClientOption<
  ElasticLoadBalancingV2Client,
  ElasticLoadBalancingV2ClientConfig
> &
  AwsCallOptions & {
    /** Default `'target-health'`. */
    readonly name?: string;
    /** The target group, or how to find it from the subject. */
    readonly targetGroupArn: FromSubject<string, S>;
    /** How many targets must be `healthy`: a number, or `'all'` (the default) of those registered. */
    readonly minHealthy?: number | 'all';
    readonly required?: boolean;
  };

/**
 * A check that the EC2 instances (or IPs) behind a load balancer's target group are healthy
 * (`DescribeTargetHealth`): at least `minHealthy` targets `healthy`, or all of them. A target
 * group with no targets fails. Evidence counts targets per state.
 *
 * @example
 * ```ts
 * const targets = targetHealthCheck({ client: elbv2, targetGroupArn: drTargetGroupArn, minHealthy: 2 });
 * await validateRestore(restored.resource, [targets], {}, ctx);
 * ```
 */
export function targetHealthCheck<S>(options: TargetHealthCheckOptions<S>): Check<S> {
  const name = options?.name ?? 'target-health';
  const problems = new Problems();
  checkClientOption(problems, options);
  if (typeof options?.targetGroupArn !== 'string' && typeof options?.targetGroupArn !== 'function')
    problems.add('targetGroupArn', 'must be a target group ARN or a function of the subject');
  const min = options?.minHealthy ?? 'all';
  if (min !== 'all' && (!Number.isInteger(min) || min < 1))
    problems.add('minHealthy', "must be a whole number of at least 1, or 'all'");
  const client = problems.any
    ? undefined
    : resolveClient<ElasticLoadBalancingV2Client, ElasticLoadBalancingV2ClientConfig>(
        options,
        (config) => new ElasticLoadBalancingV2Client(config),
      );
  return {
    name,
    ...(options?.required !== undefined ? { required: options.required } : {}),
    run(subject, ctx): ResultAsync<CheckVerdict, DrError> {
      if (!client) return errAsync(invalidInput(problems.list));
      const arn = fromSubject(options.targetGroupArn, subject);
      const startedAt = ctx.clock.now();
      return awsSend(
        client,
        new DescribeTargetHealthCommand({ TargetGroupArn: arn }),
        { service: 'elbv2' },
        ctx,
        options,
      ).map((out) => {
        const states: Record<string, number> = {};
        const unhealthy: string[] = [];
        for (const d of out.TargetHealthDescriptions ?? []) {
          const state = d.TargetHealth?.State ?? 'unknown';
          states[state] = (states[state] ?? 0) + 1;
          if (state !== 'healthy')
            unhealthy.push(
              `${d.Target?.Id ?? '?'} ${state}${d.TargetHealth?.Reason ? ` (${d.TargetHealth.Reason})` : ''}`,
            );
        }
        const total = out.TargetHealthDescriptions?.length ?? 0;
        const healthy = states.healthy ?? 0;
        const need = min === 'all' ? Math.max(1, total) : min;
        const passed = healthy >= need && (min !== 'all' || healthy === total);
        const detail = `${healthy}/${total} targets healthy (need ${min === 'all' ? 'all' : min})`;
        return verdictOf(
          name,
          passed ? 'passed' : 'failed',
          passed ? detail : `${detail}: ${unhealthy.slice(0, 5).join(', ') || 'no targets registered'}`,
          { targetGroupArn: arn, total, healthy, states },
          startedAt,
          ctx,
        );
      });
    },
  };
}
