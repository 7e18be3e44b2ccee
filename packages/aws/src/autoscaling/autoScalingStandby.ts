import {
  AutoScalingClient,
  UpdateAutoScalingGroupCommand,
  type AutoScalingClientConfig,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  type ElasticLoadBalancingV2ClientConfig,
} from '@aws-sdk/client-elastic-load-balancing-v2';
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
} from '@drkit/core';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { checkClientOption, resolveClient, type AwsClientOption } from '../shared/clientOptions';
import { awsSend, type AwsCallOptions } from '../shared/send';
import { describeGroup, primaryCapacity, type PrimaryCapacity } from './capacity';

/** Options of {@link autoScalingStandby}. */
export type AutoScalingStandbyOptions = AwsClientOption<AutoScalingClient, AutoScalingClientConfig> &
  AwsCallOptions & {
    /** The DR region's group (the client must be in the DR region). */
    readonly groupName: string;
    /** The capacity to scale to: a number, or the primary group's current or peak capacity. */
    readonly capacity: number | { readonly fromPrimary: PrimaryCapacity };
    /**
     * An ELBv2 client in the DR region: readiness then also needs the group's instances healthy
     * in every target group attached to it (`DescribeTargetHealth`). Strongly recommended: an
     * InService instance is not yet one the load balancer sends traffic to.
     */
    readonly loadBalancing?: AwsClientOption<ElasticLoadBalancingV2Client, ElasticLoadBalancingV2ClientConfig>;
    /** How many instances must be ready. Default: the target capacity. */
    readonly minReady?: number;
    /** Raise `MinSize` to the target too, so scale-in policies cannot shrink the DR fleet mid-incident. Default true. */
    readonly raiseMinSize?: boolean;
    /** Default `asg:<groupName>`. */
    readonly name?: string;
    /** Typical time from promote to ready (launch, boot, health checks). Default `'6m'`. */
    readonly expectedReady?: Duration;
  };

/** What an Auto Scaling standby records to undo its promotion: the group's former sizes. */
export type AutoScalingPrevious = {
  readonly groupName: string;
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredCapacity: number;
};

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function isPrevious(v: unknown): v is AutoScalingPrevious {
  const p = v as Partial<AutoScalingPrevious> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.groupName === 'string' &&
    isCount(p.minSize) &&
    isCount(p.maxSize) &&
    isCount(p.desiredCapacity)
  );
}

/**
 * A {@link Standby} over the DR region's Auto Scaling group — the warm standby of the DR plan,
 * kept at minimal capacity and scaled up on failover.
 *
 * - `promote` reads the group, works out the target (`capacity`: explicit, or the primary's
 *   current desired capacity, or its recent peak rebuilt from `DescribeScalingActivities`, with
 *   a `fallback` when the primary region is unreachable) and sets `DesiredCapacity` (and
 *   `MinSize`, and `MaxSize` if it is below) with one `UpdateAutoScalingGroup`. It returns the
 *   former min/max/desired as `previous`. A group already at or above the target is left alone
 *   (`alreadyPromoted`).
 * - `readiness` is ready when at least `minReady` instances are `InService` and `Healthy` and,
 *   with `loadBalancing`, as many are `healthy` in each attached target group.
 * - `demote(previous)` puts min/max/desired back (failback's "scale down the secondary region").
 *
 * Bad options make every method return the same `InvalidInput`, before any call.
 *
 * @example
 * ```ts
 * import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
 * import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
 * import { promoteStandby } from '@drkit/core';
 * import { autoScalingStandby } from '@drkit/aws/autoscaling';
 *
 * const web = autoScalingStandby({
 *   client: new AutoScalingClient({ region: 'us-west-2' }),
 *   groupName: 'jobs-api-dr',
 *   capacity: { fromPrimary: { client: new AutoScalingClient({ region: 'us-east-1' }), groupName: 'jobs-api', basis: 'peak', fallback: 4 } },
 *   loadBalancing: { client: new ElasticLoadBalancingV2Client({ region: 'us-west-2' }) },
 * });
 * const promoted = await promoteStandby(web, { step: 'scale-dr' }, ctx);
 * ```
 */
export function autoScalingStandby(
  options: AutoScalingStandbyOptions,
): Standby & { readonly client: AutoScalingClient } {
  const problems = new Problems();
  checkClientOption(problems, options);
  const o = (typeof options === 'object' && options !== null ? options : {}) as Partial<AutoScalingStandbyOptions>;
  if (typeof o.groupName !== 'string' || o.groupName.trim() === '' || o.groupName.length > 255)
    problems.add('groupName', 'must name the DR region’s Auto Scaling group');
  let windowMs = 86_400_000;
  const capacity = o.capacity;
  if (typeof capacity === 'number') {
    if (!isCount(capacity) || capacity === 0) problems.add('capacity', 'must be a positive integer');
  } else if (typeof capacity === 'object' && capacity !== null && 'fromPrimary' in capacity) {
    const p = capacity.fromPrimary;
    checkClientOption(problems, p, 'capacity.fromPrimary');
    if (typeof p === 'object' && p !== null) {
      if (typeof p.groupName !== 'string' || p.groupName.trim() === '')
        problems.add('capacity.fromPrimary.groupName', 'must name the primary region’s group');
      if (p.basis !== undefined && p.basis !== 'current' && p.basis !== 'peak')
        problems.add('capacity.fromPrimary.basis', 'must be "current" or "peak"');
      if (p.fallback !== undefined && (!isCount(p.fallback) || p.fallback === 0))
        problems.add('capacity.fromPrimary.fallback', 'must be a positive integer');
      if (p.window !== undefined) {
        const w = parseDuration(p.window, 'capacity.fromPrimary.window');
        if (w.isErr()) problems.addAll('', w.error.problems);
        else windowMs = w.value;
      }
    }
  } else problems.add('capacity', 'must be a number or { fromPrimary: { client, groupName } }');
  if (o.loadBalancing !== undefined) checkClientOption(problems, o.loadBalancing, 'loadBalancing');
  if (o.minReady !== undefined && (!isCount(o.minReady) || o.minReady === 0))
    problems.add('minReady', 'must be a positive integer');
  let expectedReadyMs = 360_000;
  if (o.expectedReady !== undefined) {
    const e = parseDuration(o.expectedReady, 'expectedReady');
    if (e.isErr()) problems.addAll('', e.error.problems);
    else expectedReadyMs = e.value;
  }
  const name = typeof o.name === 'string' && o.name ? o.name : `asg:${String(o.groupName ?? '')}`;
  if (problems.any) {
    const error = invalidInput(problems.list);
    const fail = () => errAsync(error);
    return {
      name,
      client: undefined as unknown as AutoScalingClient,
      readiness: fail,
      promote: fail,
      demote: fail,
    };
  }
  const opts = options;
  const client = resolveClient<AutoScalingClient, AutoScalingClientConfig>(opts, (c) => new AutoScalingClient(c));
  const elb = opts.loadBalancing
    ? resolveClient<ElasticLoadBalancingV2Client, ElasticLoadBalancingV2ClientConfig>(
        opts.loadBalancing,
        (c) => new ElasticLoadBalancingV2Client(c),
      )
    : undefined;
  const groupName = opts.groupName;
  const raiseMin = opts.raiseMinSize ?? true;
  // A repeated promote under the same key hands back the state found the first time.
  const promotedBefore = new Map<string, AutoScalingPrevious>();

  const target = (ctx: DrContext): ResultAsync<{ capacity: number; basis: string }, DrError> =>
    typeof opts.capacity === 'number'
      ? okAsync({ capacity: opts.capacity, basis: 'explicit' })
      : primaryCapacity(opts.capacity.fromPrimary, windowMs, ctx);

  const update = (sizes: { min: number; max: number; desired: number }, ctx: DrContext) =>
    awsSend(
      client,
      new UpdateAutoScalingGroupCommand({
        AutoScalingGroupName: groupName,
        MinSize: sizes.min,
        MaxSize: sizes.max,
        DesiredCapacity: sizes.desired,
      }),
      { service: 'autoscaling' },
      ctx,
      opts,
    );

  return {
    name,
    client,
    expectedReadyMs,
    promote(promote, ctx): ResultAsync<Promotion, DrError> {
      return ResultAsync.combine([describeGroup(client, groupName, ctx, opts), target(ctx)] as const).andThen(
        ([group, goal]) => {
          const current: AutoScalingPrevious = {
            groupName,
            minSize: group.MinSize ?? 0,
            maxSize: group.MaxSize ?? 0,
            desiredCapacity: group.DesiredCapacity ?? 0,
          };
          const want = goal.capacity;
          const min = raiseMin ? Math.max(current.minSize, want) : current.minSize;
          const remembered = promotedBefore.get(promote.idempotencyKey);
          if (current.desiredCapacity >= want && current.minSize >= min)
            return okAsync<Promotion, DrError>({
              previous: remembered ?? current,
              alreadyPromoted: true,
              detail: `desired ${current.desiredCapacity} already ≥ ${want} (${goal.basis})`,
            });
          const desired = Math.max(current.desiredCapacity, want);
          return update({ min, max: Math.max(current.maxSize, desired), desired }, ctx).map((): Promotion => {
            const previous = remembered ?? current;
            promotedBefore.set(promote.idempotencyKey, previous);
            ctx.logger.info('autoscaling: DR group scaled', {
              group: groupName,
              from: current.desiredCapacity,
              to: desired,
              basis: goal.basis,
            });
            return {
              previous: { ...previous },
              detail: `desired ${current.desiredCapacity} → ${desired}, min ${current.minSize} → ${min} (${goal.basis})`,
            };
          });
        },
      );
    },
    readiness(ctx): ResultAsync<Readiness, DrError> {
      return describeGroup(client, groupName, ctx, opts).andThen((group) => {
        const need = opts.minReady ?? group.DesiredCapacity ?? 0;
        const instances = group.Instances ?? [];
        const inService = instances.filter((i) => i.LifecycleState === 'InService' && i.HealthStatus === 'Healthy');
        const ids = new Set(inService.map((i) => i.InstanceId));
        const asgLine = `${inService.length}/${need} instances InService`;
        const targetGroups = group.TargetGroupARNs ?? [];
        if (!elb || targetGroups.length === 0) return okAsync({ ready: inService.length >= need, detail: asgLine });
        return ResultAsync.combine(
          targetGroups.map((arn) =>
            awsSend(elb, new DescribeTargetHealthCommand({ TargetGroupArn: arn }), { service: 'elbv2' }, ctx, opts).map(
              (out) => ({
                arn,
                healthy: (out.TargetHealthDescriptions ?? []).filter(
                  (d) => d.TargetHealth?.State === 'healthy' && ids.has(d.Target?.Id),
                ).length,
              }),
            ),
          ),
        ).map((health): Readiness => {
          const least = Math.min(...health.map((h) => h.healthy));
          return {
            ready: inService.length >= need && least >= need,
            detail: `${asgLine}, ${least}/${need} healthy behind the load balancer`,
          };
        });
      });
    },
    demote(previous: StandbyState, ctx): ResultAsync<Demotion, DrError> {
      if (!isPrevious(previous) || previous.groupName !== groupName)
        return errAsync(
          invalidInput([
            {
              path: 'previous',
              message: `must be the { groupName: "${groupName}", minSize, maxSize, desiredCapacity } a promotion returned`,
            },
          ]),
        );
      if (previous.minSize > previous.maxSize || previous.desiredCapacity > previous.maxSize)
        return errAsync(
          drError('InvalidInput', 'previous sizes are inconsistent', {
            problems: [{ path: 'previous', message: 'min ≤ desired ≤ max' }],
          }),
        );
      return update({ min: previous.minSize, max: previous.maxSize, desired: previous.desiredCapacity }, ctx).map(
        () => {
          ctx.logger.info('autoscaling: DR group restored', { group: groupName, desired: previous.desiredCapacity });
          return {
            detail: `min/desired/max back to ${previous.minSize}/${previous.desiredCapacity}/${previous.maxSize}`,
          };
        },
      );
    },
  };
}
