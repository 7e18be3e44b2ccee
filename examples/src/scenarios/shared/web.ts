import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
} from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import {
  drError,
  parseDuration,
  validateRestore,
  waitFor,
  type Check,
  type CloudOperation,
  type DrContext,
  type DrError,
  type PlannedCall,
  type StepContext,
  type StepKind,
  type StepSpec,
} from '@drkit/core';
import { awsSend } from '@drkit/aws';
import { alarmsOkCheck, httpHealthCheck, targetHealthCheck } from '@drkit/aws/checks';
import type { Side } from '../../env/config';
import type { DrillEnvironment } from '../../env/types';

/** One instance of a web tier's Auto Scaling group, as `DescribeAutoScalingGroups` reports it. */
export interface GroupInstance {
  readonly id: string;
  readonly az: string;
  readonly lifecycle: string;
  readonly health: string;
}

/** A web tier's Auto Scaling group now. */
export interface GroupState {
  readonly name: string;
  readonly min: number;
  readonly desired: number;
  readonly max: number;
  readonly instances: readonly GroupInstance[];
  /** Instances `InService` and `Healthy`. */
  readonly serving: readonly GroupInstance[];
}

/**
 * Reads a web tier's Auto Scaling group.
 *
 * @example
 * ```ts
 * const group = await describeGroup(env, 'primary', ctx);
 * ```
 */
export function describeGroup(env: DrillEnvironment, side: Side, ctx: DrContext): ResultAsync<GroupState, DrError> {
  const name = env.config.web[side].autoScalingGroupName;
  return awsSend(
    env.client(AutoScalingClient, env.config.regions[side]),
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }),
    { service: 'autoscaling' },
    ctx,
  ).andThen((out) => {
    const g = out.AutoScalingGroups?.[0];
    if (!g) return errAsync(drError('NotFound', `no Auto Scaling group ${name}`, { resource: name }));
    const instances = (g.Instances ?? []).map((i) => ({
      id: i.InstanceId ?? '',
      az: i.AvailabilityZone ?? '',
      lifecycle: i.LifecycleState ?? '',
      health: i.HealthStatus ?? '',
    }));
    return okAsync({
      name,
      min: g.MinSize ?? 0,
      desired: g.DesiredCapacity ?? 0,
      max: g.MaxSize ?? 0,
      instances,
      serving: instances.filter((i) => i.lifecycle === 'InService' && i.health === 'Healthy'),
    });
  });
}

/** What {@link detectUnhealthyTargets} found. */
export interface Detection {
  readonly detectedAt: number;
  /** Targets not `healthy` when the failure was detected. */
  readonly unhealthyTargets: readonly string[];
  readonly operations: readonly CloudOperation[];
}

/**
 * A step that waits until the load balancer's health checks see the failure: a target of the
 * tier's target group is no longer `healthy` (the plan's "ALB health checks failing for a
 * specific instance"). It reports the detection as a cloud operation from the incident on.
 *
 * @example
 * ```ts
 * runbook('ec2-instance-failure').step(detectUnhealthyTargets(env, 'detect', 'primary'));
 * ```
 */
export function detectUnhealthyTargets<N extends string>(
  env: DrillEnvironment,
  name: N,
  side: Side,
  options: { readonly timeout?: string } = {},
): StepSpec<N, unknown, Detection> {
  const tier = env.config.web[side];
  const region = env.config.regions[side];
  return {
    name,
    kind: 'other',
    description: `wait for the ALB health checks of ${tier.targetGroupArn.split(':').pop()} to mark a target unhealthy`,
    timeout: options.timeout ?? '15m',
    plan: () => [call('ElasticLoadBalancingV2', tier.targetGroupArn, 'DescribeTargetHealth (poll)')],
    run: (_in, ctx) =>
      waitFor(
        () =>
          awsSend(
            env.client(ElasticLoadBalancingV2Client, region),
            new DescribeTargetHealthCommand({ TargetGroupArn: tier.targetGroupArn }),
            { service: 'elbv2' },
            ctx,
          ).map((out) => {
            const bad = (out.TargetHealthDescriptions ?? [])
              .filter((d) => d.TargetHealth?.State !== 'healthy')
              .map((d) => `${d.Target?.Id ?? '?'} ${d.TargetHealth?.State ?? '?'}`);
            return bad.length > 0
              ? { done: true as const, value: bad }
              : { done: false as const, progress: 'all targets healthy' };
          }),
        {
          what: `an unhealthy target in ${tier.autoScalingGroupName}`,
          deadlineAt: ctx.deadlineAt,
          minInterval: '10s',
          maxInterval: '30s',
        },
        ctx,
      ).map((w) => {
        const detectedAt = ctx.clock.now();
        ctx.progress(`unhealthy: ${w.value.join(', ')}`);
        return {
          detectedAt,
          unhealthyTargets: w.value,
          operations: [{ name: 'ALB health checks fail', startedAt: ctx.incidentAt, readyAt: detectedAt }],
        };
      }),
  };
}

/** What {@link awaitGroupRecovered} found. */
export interface Recovery {
  readonly recoveredAt: number;
  /** The instances serving at the end. */
  readonly serving: readonly string[];
  /** Instances launched since the incident (the replacements). */
  readonly launched: readonly string[];
  /** Serving instances per availability zone. */
  readonly zones: Readonly<Record<string, number>>;
  readonly operations: readonly CloudOperation[];
}

/**
 * A step that waits until Auto Scaling has replaced what failed: the group serves its desired
 * capacity with `InService`, `Healthy` instances, none of them in `avoidZones` (an AZ outage).
 * The replacements' launches (`DescribeScalingActivities`) are the cloud operations it reports.
 *
 * @example
 * ```ts
 * .step(awaitGroupRecovered(env, 'await-rebalance', 'primary', { avoidZones: ['us-east-1a'] }))
 * ```
 */
export function awaitGroupRecovered<N extends string>(
  env: DrillEnvironment,
  name: N,
  side: Side,
  options: {
    readonly avoidZones?: readonly string[];
    /** A {@link detectUnhealthyTargets} step whose unhealthy instances must have been replaced. */
    readonly replacing?: string;
    readonly timeout?: string;
    readonly kind?: StepKind;
  } = {},
): StepSpec<N, unknown, Recovery> {
  const tier = env.config.web[side];
  const avoid = new Set(options.avoidZones ?? []);
  return {
    name,
    kind: options.kind ?? 'recovery',
    description: `wait for Auto Scaling to bring ${tier.autoScalingGroupName} back to its desired capacity${avoid.size ? ` outside ${[...avoid].join(', ')}` : ''}`,
    timeout: options.timeout ?? '30m',
    plan: () => [
      call('AutoScaling', tier.autoScalingGroupName, 'DescribeAutoScalingGroups (poll)'),
      call('AutoScaling', tier.autoScalingGroupName, 'DescribeScalingActivities'),
    ],
    run: (input, ctx) => {
      const detection = options.replacing
        ? (input as Record<string, Detection | undefined>)[options.replacing]
        : undefined;
      const failed = new Set((detection?.unhealthyTargets ?? []).map((t) => t.split(' ')[0]!));
      return waitFor(
        () =>
          describeGroup(env, side, ctx).map((g) => {
            const ok = g.serving.filter((i) => !avoid.has(i.az) && !failed.has(i.id));
            const pending = g.instances.filter((i) => i.lifecycle !== 'InService' || i.health !== 'Healthy');
            const done = ok.length >= g.desired && g.serving.length === ok.length;
            return done
              ? { done: true as const, value: g }
              : { done: false as const, progress: `${ok.length}/${g.desired} serving, ${pending.length} pending` };
          }),
        {
          what: `${tier.autoScalingGroupName} at desired capacity`,
          deadlineAt: ctx.deadlineAt,
          minInterval: '15s',
          maxInterval: '1m',
          expectedDuration: '5m',
        },
        ctx,
      )
        .andThen((w) => launchesSince(env, side, ctx).map((launches) => ({ group: w.value, launches })))
        .map(({ group, launches }) => {
          const recoveredAt = ctx.clock.now();
          const serving = group.serving.map((i) => i.id);
          const launched = launches.filter((l) => serving.includes(l.instanceId));
          const zones: Record<string, number> = {};
          for (const i of group.serving) zones[i.az] = (zones[i.az] ?? 0) + 1;
          ctx.progress(
            `${serving.length} serving: ${Object.entries(zones)
              .map(([z, n]) => `${z}×${n}`)
              .join(', ')}`,
          );
          return {
            recoveredAt,
            serving,
            launched: launched.map((l) => l.instanceId),
            zones,
            operations: launched.map((l) => ({
              name: `launch ${l.instanceId}`,
              startedAt: l.startedAt,
              readyAt: Math.max(l.startedAt, Math.min(l.endedAt ?? recoveredAt, recoveredAt)),
            })),
          };
        });
    },
  };
}

/** Launch activities of a group since the incident. */
function launchesSince(
  env: DrillEnvironment,
  side: Side,
  ctx: StepContext,
): ResultAsync<Array<{ instanceId: string; startedAt: number; endedAt?: number }>, DrError> {
  const tier = env.config.web[side];
  return awsSend(
    env.client(AutoScalingClient, env.config.regions[side]),
    new DescribeScalingActivitiesCommand({ AutoScalingGroupName: tier.autoScalingGroupName, MaxRecords: 100 }),
    { service: 'autoscaling' },
    ctx,
  ).map((out) =>
    (out.Activities ?? [])
      .filter((a) => /^Launching/.test(a.Description ?? '') && (a.StartTime?.getTime() ?? 0) >= ctx.incidentAt)
      .map((a) => ({
        instanceId: /(i-[0-9a-f]+)/.exec(a.Description ?? '')?.[1] ?? '',
        startedAt: a.StartTime!.getTime(),
        ...(a.EndTime ? { endedAt: a.EndTime.getTime() } : {}),
      })),
  );
}

/** Options of {@link tierChecks}. */
export interface TierCheckOptions {
  /** Healthy targets required (default: the tier's normal desired capacity). */
  readonly minHealthy?: number;
  /** Include the CloudWatch alarms (default true). */
  readonly alarms?: boolean;
}

/**
 * The checks that say a region's web tier serves: the target group has enough healthy targets
 * (ELBv2 target health), the application answers `GET /health` through the load balancer
 * (HTTP, against the simulated app on the simulated cloud), and the region's error-rate and
 * latency alarms are not in `ALARM`.
 *
 * @example
 * ```ts
 * await validateRestore({ region: 'us-west-2' }, tierChecks(env, 'dr', { minHealthy: 4 }), {}, ctx);
 * ```
 */
export function tierChecks(env: DrillEnvironment, side: Side, options: TierCheckOptions = {}): Check<unknown>[] {
  const tier = env.config.web[side];
  const region = env.config.regions[side];
  const checks: Check<unknown>[] = [
    targetHealthCheck({
      name: `target-health-${side}`,
      client: env.client(ElasticLoadBalancingV2Client, region),
      targetGroupArn: tier.targetGroupArn,
      minHealthy: options.minHealthy ?? tier.capacity.desired,
    }),
    httpHealthCheck({
      name: `http-health-${side}`,
      url: tier.healthUrl,
      body: (text) => {
        try {
          return (JSON.parse(text) as { status?: string }).status === 'ok' || 'status is not ok';
        } catch {
          return 'the body is not JSON';
        }
      },
      timeout: '10s',
    }),
  ];
  if (options.alarms ?? true)
    checks.push(
      alarmsOkCheck({
        name: `alarms-ok-${side}`,
        client: env.client(CloudWatchClient, region),
        alarmNames: [env.config.alarms.errorRate, env.config.alarms.latencyP95],
        allowInsufficientData: true,
      }),
    );
  return checks;
}

/** What {@link validateTier} reports. */
export interface TierValidation {
  readonly passedAt: number;
  /** One line per check: `target-health-dr: passed (4 healthy)`. */
  readonly verdicts: readonly string[];
  /** How many validation rounds it took. */
  readonly rounds: number;
}

/**
 * A validation step: runs the checks (`validateRestore`) until they all pass — a replacement
 * needs a few health-check intervals before its target is `healthy` — or the step's time is up;
 * then it fails with `ValidationFailed` and the last verdicts.
 *
 * @example
 * ```ts
 * .step(validateTier(env, 'validate', 'dr', tierChecks(env, 'dr', { minHealthy: 4 })))
 * ```
 */
export function validateTier<N extends string>(
  env: DrillEnvironment,
  name: N,
  side: Side,
  checks: readonly Check<unknown>[],
  options: { readonly timeout?: string } = {},
): StepSpec<N, unknown, TierValidation> {
  return {
    name,
    kind: 'validation',
    description: `validate the ${side} region (${env.config.regions[side]}): ${checks.map((c) => c.name).join(', ')}`,
    // A little longer than the validation's own wait, so its verdicts (not a bare timeout) explain a failure.
    timeout: parseDuration(options.timeout ?? '15m').unwrapOr(900_000) + 60_000,
    plan: () => checks.map((c) => call('Check', c.name, 'run')),
    run: (_in, ctx) => {
      let last: string[] = [];
      return waitFor(
        () =>
          validateRestore(
            { region: env.config.regions[side] },
            checks,
            { failOnInvalid: false, subjectName: `${side} web tier` },
            ctx,
          ).map((report) => {
            last = report.verdicts.map((v) => `${v.name}: ${v.status}${v.detail ? ` (${v.detail})` : ''}`);
            return report.status === 'passed'
              ? { done: true as const, value: report }
              : { done: false as const, progress: `failing: ${report.failed.join(', ')}` };
          }),
        {
          what: `validation of the ${side} web tier`,
          deadlineAt: ctx.deadlineAt,
          timeout: options.timeout ?? '15m',
          minInterval: '15s',
          maxInterval: '1m',
        },
        ctx,
      )
        .map((w) => ({ passedAt: ctx.clock.now(), verdicts: last, rounds: w.polls }))
        .mapErr((e) =>
          e.kind === 'Timeout'
            ? drError('ValidationFailed', `${e.message}; last verdicts: ${last.join('; ')}`, { evidence: last })
            : e,
        );
    },
  };
}

/** A planned call for a dry run. */
export function call(port: string, target: string, operation: string, input?: Record<string, unknown>): PlannedCall {
  return { port, target, operation, ...(input ? { input } : {}) };
}
