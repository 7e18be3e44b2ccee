import { afterEach, describe, expect, it } from 'vitest';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeregisterTargetsCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
  waitUntilLoadBalancerAvailable,
  waitUntilTargetInService,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  SetDesiredCapacityCommand,
} from '@aws-sdk/client-auto-scaling';
import { createSimulatedCloud, type SimulatedCloud } from '../../src/aws/SimulatedCloud';
import { withVirtualTimers } from '../../src/time/virtualTimers';
import { elbv2Service } from '../../src/aws/elbv2';
import { autoscalingService } from '../../src/aws/autoscaling';
import { appEndpoint, closeAppServer } from '../../src/app';

const MIN = 60_000;

let cloud: SimulatedCloud | undefined;
afterEach(async () => {
  if (cloud) await closeAppServer(cloud);
  cloud = undefined;
});

/** A load balancer → listener → target group ← Auto Scaling group, all through the SDK. */
async function estate(seed = 4, desired = 3) {
  cloud = createSimulatedCloud({ seed, regions: ['us-east-1', 'us-west-2'] });
  const elb = cloud.client(ElasticLoadBalancingV2Client, { region: 'us-east-1' });
  const asg = cloud.client(AutoScalingClient, { region: 'us-east-1' });
  const tg = (
    await elb.send(
      new CreateTargetGroupCommand({
        Name: 'jobs-api',
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: 'vpc-0abc',
        HealthCheckPath: '/health',
      }),
    )
  ).TargetGroups![0]!;
  const lb = (
    await elb.send(
      new CreateLoadBalancerCommand({ Name: 'jobs-api-alb', Subnets: ['subnet-0a', 'subnet-0b', 'subnet-0c'] }),
    )
  ).LoadBalancers![0]!;
  await elb.send(
    new CreateListenerCommand({
      LoadBalancerArn: lb.LoadBalancerArn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn }],
    }),
  );
  await asg.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: 'jobs-api',
      LaunchTemplate: { LaunchTemplateName: 'jobs-api' },
      MinSize: 1,
      MaxSize: 6,
      DesiredCapacity: desired,
      AvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      TargetGroupARNs: [tg.TargetGroupArn!],
      HealthCheckType: 'ELB',
    }),
  );
  return { cloud, elb, asg, tg, lb };
}

const states = (d: TargetHealthDescription[]) => d.map((x) => x.TargetHealth!.State).sort();

async function health(elb: ElasticLoadBalancingV2Client, arn: string) {
  return (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }))).TargetHealthDescriptions!;
}

describe('simulated ELBv2', () => {
  it('provisions a load balancer with a DNS name and registers it as a shared resource', async () => {
    // Prepare
    const { cloud, elb, lb } = await estate();

    // Act
    const provisioning = lb.State?.Code;
    await withVirtualTimers(cloud.clock, () =>
      waitUntilLoadBalancerAvailable({ client: elb, maxWaitTime: 900 }, { Names: ['jobs-api-alb'] }),
    );
    const described = (await elb.send(new DescribeLoadBalancersCommand({ Names: ['jobs-api-alb'] })))
      .LoadBalancers![0]!;

    // Assess
    expect(provisioning).toBe('provisioning');
    expect(described.State?.Code).toBe('active');
    expect(described.DNSName).toMatch(/^jobs-api-alb-\d{10}\.us-east-1\.elb\.amazonaws\.com$/);
    expect(cloud.resources.get(described.DNSName!)).toMatchObject({
      type: 'ELB',
      region: 'us-east-1',
      id: 'jobs-api-alb',
    });
  });

  it('follows the group: targets are initial while instances boot, then healthy (TargetInService waiter)', async () => {
    // Prepare
    const { cloud, elb, tg, lb } = await estate();
    const resource = cloud.resources.get(lb.DNSName!)!;

    // Act
    const booting = await health(elb, tg.TargetGroupArn!);
    const healthyBefore = resource.isHealthy(cloud.clock.now());
    await withVirtualTimers(cloud.clock, () =>
      waitUntilTargetInService({ client: elb, maxWaitTime: 900 }, { TargetGroupArn: tg.TargetGroupArn }),
    );
    const ready = await health(elb, tg.TargetGroupArn!);

    // Assess
    expect(states(booting)).toEqual(['initial', 'initial', 'initial']);
    expect(booting[0]!.TargetHealth!.Reason).toBe('Elb.InitialHealthChecking');
    expect(healthyBefore).toBe(false);
    expect(states(ready)).toEqual(['healthy', 'healthy', 'healthy']);
    expect(ready.map((d) => d.Target!.Port)).toEqual([8080, 8080, 8080]);
    expect(resource.isHealthy(cloud.clock.now())).toBe(true);
  });

  it('marks the target of a failed instance unhealthy after two missed checks, and its replacement healthy', async () => {
    // Prepare
    const { cloud, elb, tg } = await estate(6);
    await cloud.clock.advance(10 * MIN);

    // Act
    cloud.inject('instance-failure:jobs-api')._unsafeUnwrap();
    await cloud.clock.advance(30_000);
    const noticing = await health(elb, tg.TargetGroupArn!);
    await cloud.clock.advance(45_000);
    const unhealthy = await health(elb, tg.TargetGroupArn!);
    await cloud.clock.advance(12 * MIN);
    const recovered = await health(elb, tg.TargetGroupArn!);

    // Assess
    expect(states(noticing)).toEqual(['healthy', 'healthy', 'healthy']);
    expect(states(unhealthy)).toEqual(['healthy', 'healthy', 'unhealthy']);
    expect(unhealthy.find((d) => d.TargetHealth!.State === 'unhealthy')!.TargetHealth!.Reason).toBe('Target.Timeout');
    expect(states(recovered)).toEqual(['healthy', 'healthy', 'healthy']);
    const ids = (d: TargetHealthDescription[]) => d.map((x) => x.Target!.Id);
    expect(ids(recovered)).not.toEqual(ids(unhealthy));
  });

  it('drains targets on scale-in for the deregistration delay', async () => {
    // Prepare
    const { cloud, elb, asg, tg } = await estate();
    await cloud.clock.advance(10 * MIN);

    // Act
    await asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'jobs-api', DesiredCapacity: 1 }));
    const draining = await health(elb, tg.TargetGroupArn!);
    await cloud.clock.advance(6 * MIN);
    const after = await health(elb, tg.TargetGroupArn!);

    // Assess
    expect(states(draining)).toEqual(['draining', 'draining', 'healthy']);
    expect(states(after)).toEqual(['healthy']);
  });

  it('takes the load balancer out of service when the region goes dark and brings it back after', async () => {
    // Prepare
    const { cloud, lb } = await estate();
    await cloud.clock.advance(10 * MIN);
    const resource = cloud.resources.get(lb.DNSName!)!;

    // Act
    cloud.inject('region-outage:us-east-1~30m')._unsafeUnwrap();
    const during = resource.isHealthy(cloud.clock.now() + 60_000);
    await cloud.clock.advance(35 * MIN);

    // Assess
    expect(during).toBe(false);
    expect(resource.isHealthy(cloud.clock.now())).toBe(true);
  });

  it('answers unused for a target group no load balancer uses, and rejects bad targets and groups', async () => {
    // Prepare
    cloud = createSimulatedCloud({ seed: 2 });
    const elb = cloud.client(ElasticLoadBalancingV2Client, { region: 'us-east-1' });
    const state = cloud.state(autoscalingService, 'us-east-1');
    const g = state.createGroup({ name: 'orphans', minSize: 1, maxSize: 1, desiredCapacity: 1, inService: true });
    const tg = (
      await elb.send(new CreateTargetGroupCommand({ Name: 'lonely', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-1' }))
    ).TargetGroups![0]!;

    // Act
    await elb.send(
      new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: g.instances[0]!.id }] }),
    );
    const unused = await health(elb, tg.TargetGroupArn!);
    const badTarget = await elb
      .send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: 'i-0123456789abcdef0' }] }))
      .catch((e: Error) => e);
    const badGroup = await elb
      .send(new DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn!.replace('lonely', 'ghost') }))
      .catch((e: Error) => e);
    await elb.send(
      new DeregisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: g.instances[0]!.id }] }),
    );
    const groups = await elb.send(new DescribeTargetGroupsCommand({ Names: ['lonely'] }));

    // Assess
    expect(unused[0]!.TargetHealth).toMatchObject({ State: 'unused', Reason: 'Target.NotInUse' });
    expect(badTarget).toMatchObject({ name: 'InvalidTargetException' });
    expect(badGroup).toMatchObject({ name: 'TargetGroupNotFoundException' });
    expect(groups.TargetGroups![0]!.LoadBalancerArns).toEqual([]);
  });

  it('serves the application health endpoint over real HTTP, following the load balancer', async () => {
    // Prepare
    const { cloud, lb } = await estate();
    const url = await appEndpoint(cloud, lb.DNSName!);
    const get = async (u: string) => {
      const res = await cloud.clock.track(fetch(u));
      return { status: res.status, body: (await cloud.clock.track(res.json())) as Record<string, unknown> };
    };

    // Act
    const booting = await get(url);
    await cloud.clock.advance(10 * MIN);
    const up = await get(url);
    cloud.inject('region-outage:us-east-1')._unsafeUnwrap();
    const dark = await get(url);
    const unknown = await get(await appEndpoint(cloud, 'no-such-thing'));

    // Assess
    expect(booting.status).toBe(503);
    expect(up).toMatchObject({ status: 200, body: { status: 'ok', resource: 'jobs-api-alb', version: 'v1' } });
    expect(dark.status).toBe(503);
    expect(unknown.status).toBe(404);
  });

  it('lets topology code build a healthy estate without API calls', () => {
    // Prepare
    cloud = createSimulatedCloud({ seed: 1 });
    const elbState = cloud.state(elbv2Service, 'us-west-2');
    const asgState = cloud.state(autoscalingService, 'us-west-2');

    // Act
    const tg = elbState.createTargetGroup({ name: 'jobs-api', port: 8080 });
    const lb = elbState.createLoadBalancer({ name: 'jobs-api-dr', targetGroupArn: tg.arn, inService: true });
    asgState.createGroup({
      name: 'jobs-api-dr',
      minSize: 1,
      maxSize: 6,
      desiredCapacity: 1,
      targetGroupArns: [tg.arn],
      inService: true,
    });

    // Assess
    expect(elbState.healthyTargetCount(lb, cloud.clock.now())).toBe(1);
    expect(cloud.resources.get(lb.dnsName)!.isHealthy(cloud.clock.now())).toBe(true);
  });
});
