import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  paginateDescribeScalingActivities,
  type Activity,
  type AutoScalingClientConfig,
  type AutoScalingGroup,
} from '@aws-sdk/client-auto-scaling';
import { drError, type DrContext, type DrError, type Duration } from '@drkit/core';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { resolveClient, type AwsClientOption } from '../shared/clientOptions';
import { awsAttempt, awsSend, pacedClient, type AwsCallOptions } from '../shared/send';
import { toEpochMs } from '../shared/time';

/**
 * Where the DR group's target capacity comes from when it follows the primary region's group:
 * its `current` desired capacity, or its `peak` in-service count over a recent `window`.
 */
export type PrimaryCapacity = AwsClientOption<AutoScalingClient, AutoScalingClientConfig> &
  AwsCallOptions & {
    /** The primary region's group (the client must be in that region). */
    readonly groupName: string;
    /** Default `'current'`. */
    readonly basis?: 'current' | 'peak';
    /** How far back `peak` looks (scaling activities are kept six weeks). Default `'24h'`. */
    readonly window?: Duration;
    /**
     * The capacity to use when the primary region cannot be read — it is the one that is down,
     * after all. Without it, an unreachable primary fails the promotion.
     */
    readonly fallback?: number;
  };

/** An Auto Scaling group's one group, or `NotFound`. */
export function describeGroup(
  client: AutoScalingClient,
  groupName: string,
  ctx: DrContext,
  call: AwsCallOptions,
): ResultAsync<AutoScalingGroup, DrError> {
  return awsSend(
    client,
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [groupName] }),
    { service: 'autoscaling' },
    ctx,
    call,
  ).andThen((out) => {
    const group = out.AutoScalingGroups?.find((g) => g.AutoScalingGroupName === groupName);
    return group
      ? okAsync(group)
      : errAsync(drError('NotFound', `Auto Scaling group ${groupName} not found`, { resource: groupName }));
  });
}

/** Instances that count as capacity: launched and not on their way out. */
const LIVE = new Set(['Pending', 'Pending:Wait', 'Pending:Proceed', 'InService']);

/**
 * The largest number of live instances a group had since `since`, rebuilt from its scaling
 * activities (newest first: before a successful launch there was one instance fewer, before a
 * termination one more), and never less than its desired capacity now.
 *
 * @example
 * ```ts
 * peakFromActivities(4, activities, Date.parse('2026-11-21T03:00:00Z')); // 6 if it ran 6 at noon
 * ```
 */
export function peakFromActivities(current: number, activities: readonly Activity[], since: number): number {
  let count = current;
  let peak = current;
  const sorted = [...activities].sort((a, b) => (toEpochMs(b.StartTime) ?? 0) - (toEpochMs(a.StartTime) ?? 0));
  for (const a of sorted) {
    if ((toEpochMs(a.StartTime) ?? 0) < since) break;
    if (a.StatusCode !== 'Successful') continue;
    const what = a.Description ?? '';
    if (/^Launching a new EC2 instance/i.test(what)) count -= 1;
    else if (/^Terminating EC2 instance/i.test(what)) count += 1;
    peak = Math.max(peak, count);
  }
  return peak;
}

/** The capacity the primary's group suggests, and how it was found. */
export function primaryCapacity(
  source: PrimaryCapacity,
  windowMs: number,
  ctx: DrContext,
): ResultAsync<{ capacity: number; basis: string }, DrError> {
  const client = resolveClient<AutoScalingClient, AutoScalingClientConfig>(source, (c) => new AutoScalingClient(c));
  // The primary region may be dark: do not spend minutes retrying it when there is a fallback.
  const call: AwsCallOptions = source.fallback !== undefined ? { ...source, retry: { maxAttempts: 2 } } : source;
  const read = describeGroup(client, source.groupName, ctx, call).andThen((group) => {
    const desired = group.DesiredCapacity ?? 0;
    if ((source.basis ?? 'current') === 'current')
      return okAsync({ capacity: desired, basis: `desired capacity of ${source.groupName}` });
    const live = (group.Instances ?? []).filter((i) => LIVE.has(i.LifecycleState ?? '')).length;
    const since = ctx.clock.now() - windowMs;
    const paced = pacedClient(client, { service: 'autoscaling' }, ctx, call);
    return awsAttempt({ service: 'autoscaling', operation: 'DescribeScalingActivities' }, async () => {
      const activities: Activity[] = [];
      for await (const page of paginateDescribeScalingActivities(
        { client: paced },
        { AutoScalingGroupName: source.groupName, MaxRecords: 100 },
      )) {
        const items = page.Activities ?? [];
        activities.push(...items);
        if (items.some((a) => (toEpochMs(a.StartTime) ?? Infinity) < since)) break;
      }
      return activities;
    }).map((activities) => ({
      capacity: Math.max(desired, peakFromActivities(live, activities, since)),
      basis: `peak of ${source.groupName} over the last ${Math.round(windowMs / 3_600_000)}h`,
    }));
  });
  return read.orElse((e) =>
    source.fallback !== undefined && (e.kind === 'Unavailable' || e.kind === 'Timeout' || e.kind === 'Throttled')
      ? okAsync({ capacity: source.fallback, basis: `fallback (${source.groupName} unreachable: ${e.kind})` })
      : errAsync(e),
  );
}
