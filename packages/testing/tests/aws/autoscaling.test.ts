import { describe, expect, it } from 'vitest';
import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  DeleteAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingInstancesCommand,
  DescribeScalingActivitiesCommand,
  paginateDescribeAutoScalingGroups,
  SetDesiredCapacityCommand,
  TerminateInstanceInAutoScalingGroupCommand,
  UpdateAutoScalingGroupCommand,
  type AutoScalingGroup,
} from '@aws-sdk/client-auto-scaling';
import { createSimulatedCloud, type SimulatedCloud } from '../../src/aws/SimulatedCloud';
import { autoscalingService } from '../../src/aws/autoscaling';

const MIN = 60_000;

function setup(seed = 3) {
  const cloud = createSimulatedCloud({ seed, regions: ['us-east-1', 'us-west-2'] });
  const asg = cloud.client(AutoScalingClient, { region: 'us-east-1' });
  return { cloud, asg };
}

async function group(asg: AutoScalingClient, name: string): Promise<AutoScalingGroup> {
  const out = await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
  return out.AutoScalingGroups![0]!;
}

const inService = (g: AutoScalingGroup) =>
  (g.Instances ?? []).filter((i) => i.LifecycleState === 'InService' && i.HealthStatus === 'Healthy');

/** Advances virtual time minute by minute until `done` holds; returns the minutes it took. */
async function minutesUntil(cloud: SimulatedCloud, done: () => Promise<boolean>, limit = 60): Promise<number> {
  for (let m = 0; m <= limit; m++) {
    if (await done()) return m;
    await cloud.clock.advance(MIN);
  }
  throw new Error(`not done within ${limit} minutes`);
}

const create = (asg: AutoScalingClient, name: string, extra: Record<string, unknown> = {}) =>
  asg.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      LaunchTemplate: { LaunchTemplateName: 'jobs-api', Version: '$Latest' },
      MinSize: 1,
      MaxSize: 6,
      DesiredCapacity: 3,
      AvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      ...extra,
    }),
  );

describe('simulated Auto Scaling', () => {
  it('launches the desired capacity across zones, Pending then InService after a 3-5 minute warm-up', async () => {
    // Prepare
    const { cloud, asg } = setup();
    await create(asg, 'jobs-api');

    // Act
    const launched = await group(asg, 'jobs-api');
    const minutes = await minutesUntil(cloud, async () => inService(await group(asg, 'jobs-api')).length === 3);

    // Assess
    expect(launched.Instances!.map((i) => i.LifecycleState)).toEqual(['Pending', 'Pending', 'Pending']);
    expect(launched.Instances!.every((i) => /^i-[0-9a-f]{17}$/.test(i.InstanceId!))).toBe(true);
    expect(new Set(launched.Instances!.map((i) => i.AvailabilityZone))).toEqual(
      new Set(['us-east-1a', 'us-east-1b', 'us-east-1c']),
    );
    expect(minutes).toBeGreaterThanOrEqual(3);
    expect(minutes).toBeLessThanOrEqual(5);
    const ec2 = cloud.resources.list({ type: 'EC2', live: true });
    expect(ec2.map((r) => r.id).sort()).toEqual(launched.Instances!.map((i) => i.InstanceId).sort());
    expect(ec2.every((r) => r.isHealthy(cloud.clock.now()))).toBe(true);
  });

  it('rejects a desired capacity outside min..max with ValidationError, before changing anything', async () => {
    // Prepare
    const { asg } = setup();
    await create(asg, 'jobs-api');

    // Act
    const above = await asg
      .send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'jobs-api', DesiredCapacity: 7 }))
      .catch((e: Error) => e);
    const update = await asg
      .send(
        new UpdateAutoScalingGroupCommand({
          AutoScalingGroupName: 'jobs-api',
          MinSize: 2,
          MaxSize: 4,
          DesiredCapacity: 5,
        }),
      )
      .catch((e: Error) => e);
    const unknown = await asg
      .send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'nope', DesiredCapacity: 1 }))
      .catch((e: Error) => e);

    // Assess
    expect(above).toMatchObject({ name: 'ValidationError' });
    expect((above as Error).message).toMatch(/above max value 6/);
    expect(update).toMatchObject({ name: 'ValidationError' });
    expect(unknown).toMatchObject({ name: 'ValidationError' });
    const g = await group(asg, 'jobs-api');
    expect([g.MinSize, g.MaxSize, g.DesiredCapacity]).toEqual([1, 6, 3]);
  });

  it('scales out and in: scale-in drains the chosen instances, then they disappear', async () => {
    // Prepare
    const { cloud, asg } = setup();
    await create(asg, 'jobs-api', {
      TargetGroupARNs: ['arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/jobs/0123456789abcdef'],
    });
    await cloud.clock.advance(10 * MIN);

    // Act
    await asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'jobs-api', DesiredCapacity: 5 }));
    await cloud.clock.advance(6 * MIN);
    const scaledOut = await group(asg, 'jobs-api');
    await asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'jobs-api', DesiredCapacity: 2 }));
    const draining = await group(asg, 'jobs-api');
    await cloud.clock.advance(6 * MIN);
    const scaledIn = await group(asg, 'jobs-api');

    // Assess
    expect(inService(scaledOut)).toHaveLength(5);
    expect(draining.Instances!.filter((i) => i.LifecycleState === 'Terminating')).toHaveLength(3);
    expect(scaledIn.Instances).toHaveLength(2);
    expect(inService(scaledIn)).toHaveLength(2);
    expect(cloud.resources.list({ type: 'EC2', live: true })).toHaveLength(2);
  });

  it('replaces an instance lost to instance-failure within the 5-10 minutes the DR plan expects', async () => {
    // Prepare
    const { cloud, asg } = setup(5);
    await create(asg, 'jobs-api');
    await cloud.clock.advance(10 * MIN);
    const before = (await group(asg, 'jobs-api')).Instances!.map((i) => i.InstanceId);

    // Act
    cloud.inject('instance-failure:jobs-api')._unsafeUnwrap();
    let sawUnhealthy = false;
    const minutes = await minutesUntil(cloud, async () => {
      const g = await group(asg, 'jobs-api');
      if (g.Instances!.some((i) => i.HealthStatus === 'Unhealthy')) sawUnhealthy = true;
      return sawUnhealthy && inService(g).length === 3;
    });

    // Assess
    const after = (await group(asg, 'jobs-api')).Instances!.map((i) => i.InstanceId);
    expect(sawUnhealthy).toBe(true);
    expect(after.filter((id) => !before.includes(id))).toHaveLength(1);
    expect(minutes).toBeGreaterThanOrEqual(4);
    expect(minutes).toBeLessThanOrEqual(10);
    const activities = await asg.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: 'jobs-api' }));
    expect(activities.Activities![0]!.Description).toMatch(/^Launching a new EC2 instance/);
    expect(activities.Activities![1]!.Cause).toMatch(/taken out of service in response to an EC2 health check/);
  });

  it('moves the capacity of a lost availability zone to the healthy zones within 10-15 minutes', async () => {
    // Prepare
    const { cloud, asg } = setup(9);
    await create(asg, 'jobs-api', { DesiredCapacity: 6 });
    await cloud.clock.advance(10 * MIN);

    // Act
    cloud.inject('az-outage:us-east-1a')._unsafeUnwrap();
    const minutes = await minutesUntil(cloud, async () => {
      const g = await group(asg, 'jobs-api');
      return inService(g).length === 6 && g.Instances!.every((i) => i.AvailabilityZone !== 'us-east-1a');
    });

    // Assess
    const g = await group(asg, 'jobs-api');
    expect(g.Instances!.filter((i) => i.AvailabilityZone === 'us-east-1b')).toHaveLength(3);
    expect(g.Instances!.filter((i) => i.AvailabilityZone === 'us-east-1c')).toHaveLength(3);
    expect(minutes).toBeGreaterThanOrEqual(7);
    expect(minutes).toBeLessThanOrEqual(15);
  });

  it('honours the cooldown when asked, terminates single instances and refuses to delete a busy group', async () => {
    // Prepare
    const { cloud, asg } = setup();
    await create(asg, 'jobs-api', { DefaultCooldown: 300 });
    await cloud.clock.advance(6 * MIN);
    await asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'jobs-api', DesiredCapacity: 4 }));

    // Act
    const cooldown = await asg
      .send(
        new SetDesiredCapacityCommand({ AutoScalingGroupName: 'jobs-api', DesiredCapacity: 5, HonorCooldown: true }),
      )
      .catch((e: Error) => e);
    const victim = (await group(asg, 'jobs-api')).Instances![0]!.InstanceId!;
    const terminated = await asg.send(
      new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: victim, ShouldDecrementDesiredCapacity: true }),
    );
    const busy = await asg
      .send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: 'jobs-api' }))
      .catch((e: Error) => e);
    await asg.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: 'jobs-api', ForceDelete: true }));

    // Assess
    expect(cooldown).toMatchObject({ name: 'ScalingActivityInProgressFault' });
    expect(terminated.Activity?.Description).toBe(`Terminating EC2 instance: ${victim}`);
    expect(busy).toMatchObject({ name: 'ResourceInUseFault' });
    const left = await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['jobs-api'] }));
    expect(left.AutoScalingGroups).toEqual([]);
  });

  it('pages DescribeAutoScalingGroups and DescribeAutoScalingInstances', async () => {
    // Prepare
    const { asg } = setup();
    for (const n of ['a', 'b', 'c', 'd', 'e']) await create(asg, `g-${n}`, { DesiredCapacity: 1 });

    // Act
    const names: string[] = [];
    for await (const page of paginateDescribeAutoScalingGroups({ client: asg, pageSize: 2 }, {}))
      names.push(...page.AutoScalingGroups!.map((g) => g.AutoScalingGroupName!));
    const instances = await asg.send(new DescribeAutoScalingInstancesCommand({ MaxRecords: 3 }));

    // Assess
    expect(names).toEqual(['g-a', 'g-b', 'g-c', 'g-d', 'g-e']);
    expect(instances.AutoScalingInstances).toHaveLength(3);
    expect(instances.NextToken).toBeDefined();
  });

  it('gives topology code a state API that starts groups in steady state', () => {
    // Prepare
    const cloud = createSimulatedCloud({ seed: 1 });
    const state = cloud.state(autoscalingService, 'us-west-2');

    // Act
    state.createGroup({ name: 'standby', minSize: 1, maxSize: 6, desiredCapacity: 1, inService: true });

    // Assess
    expect(state.inServiceCount('standby')).toBe(1);
    expect(cloud.resources.list({ type: 'EC2', region: 'us-west-2' })).toHaveLength(1);
  });
});
