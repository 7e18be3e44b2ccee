/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-explicit-any -- handler inputs are model-validated SDK inputs */
import { awsError, type SimCallContext, type SimHandler } from '../kernel/SimService';
import { AutoScalingState, type SimActivity, type SimAutoScalingGroup, type SimInstance } from './AutoScalingState';

type Ctx = SimCallContext<AutoScalingState>;

// Auto Scaling reports bad requests as the common `ValidationError` (not in the model's shapes).
const validation = (message: string) => awsError('ValidationError', message);

function page<T>(items: T[], token: string | undefined, size: number): { items: T[]; next?: string } {
  let start = 0;
  if (token !== undefined) {
    const n = Number(Buffer.from(token, 'base64').toString('utf8'));
    if (!Number.isInteger(n) || n < 0 || n > items.length)
      throw awsError('InvalidNextToken', 'The token provided is not valid.');
    start = n;
  }
  const end = start + size;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { next: Buffer.from(String(end)).toString('base64') } : {}),
  };
}

function mustGroup(state: AutoScalingState, name: string): SimAutoScalingGroup {
  const g = state.group(name);
  if (!g) throw validation(`AutoScalingGroup name not found - AutoScalingGroup ${name} not found`);
  return g;
}

function checkCapacity(min: number, max: number, desired: number | undefined): void {
  if (max < min) throw validation(`Max bound, ${max}, must be greater than or equal to min bound, ${min}`);
  if (desired !== undefined && (desired < min || desired > max))
    throw validation(`Desired capacity:${desired} must be between the specified min size:${min} and max size:${max}`);
}

function checkZones(state: AutoScalingState, zones: string[] | undefined): void {
  for (const z of zones ?? []) {
    if (!new RegExp(`^${state.region}[a-z]$`).test(z))
      throw validation(`The availability zone ${JSON.stringify(z)} is not legal in ${state.region}.`);
  }
}

function instanceOut(state: AutoScalingState, i: SimInstance, g: SimAutoScalingGroup, now: number) {
  return {
    InstanceId: i.id,
    InstanceType: i.instanceType,
    AvailabilityZone: i.az,
    LifecycleState: state.lifecycleState(i, now),
    HealthStatus: state.healthStatus(i, now),
    ...(g.launchTemplate ? { LaunchTemplate: g.launchTemplate } : {}),
    ...(g.launchConfigurationName ? { LaunchConfigurationName: g.launchConfigurationName } : {}),
    ProtectedFromScaleIn: i.protectedFromScaleIn,
  };
}

/** Instances listed by Describe calls: everything not yet `Terminated`. */
function listedInstances(state: AutoScalingState, g: SimAutoScalingGroup, now: number): SimInstance[] {
  return g.instances.filter((i) => i.launchedAt <= now && state.lifecycleState(i, now) !== 'Terminated');
}

function groupOut(state: AutoScalingState, g: SimAutoScalingGroup, now: number, includeInstances: boolean) {
  return {
    AutoScalingGroupName: g.name,
    AutoScalingGroupARN: g.arn,
    ...(g.launchTemplate ? { LaunchTemplate: g.launchTemplate } : {}),
    ...(g.launchConfigurationName ? { LaunchConfigurationName: g.launchConfigurationName } : {}),
    MinSize: g.minSize,
    MaxSize: g.maxSize,
    DesiredCapacity: g.desiredCapacity,
    DefaultCooldown: g.defaultCooldown,
    AvailabilityZones: g.availabilityZones,
    LoadBalancerNames: [],
    TargetGroupARNs: state.attachedTargetGroups(g),
    HealthCheckType: g.healthCheckType,
    HealthCheckGracePeriod: g.healthCheckGracePeriod,
    ...(includeInstances
      ? { Instances: listedInstances(state, g, now).map((i) => instanceOut(state, i, g, now)) }
      : {}),
    CreatedTime: new Date(g.createdAt),
    SuspendedProcesses: [],
    ...(g.vpcZoneIdentifier ? { VPCZoneIdentifier: g.vpcZoneIdentifier } : {}),
    EnabledMetrics: [],
    Tags: g.tags.map((t) => ({ ResourceId: g.name, ResourceType: 'auto-scaling-group', ...t })),
    TerminationPolicies: g.terminationPolicies,
    NewInstancesProtectedFromScaleIn: g.newInstancesProtectedFromScaleIn,
    ServiceLinkedRoleARN: `arn:aws:iam::${state.world.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
    CapacityRebalance: false,
  };
}

function activityOut(state: AutoScalingState, a: SimActivity, now: number) {
  const end = state.activityEnd(a);
  const done = end !== undefined && end <= now;
  const g = state.groups.get(a.groupName);
  const draining = a.kind === 'terminate' && g !== undefined && state.attachedTargetGroups(g).length > 0;
  return {
    ActivityId: a.activityId,
    AutoScalingGroupName: a.groupName,
    AutoScalingGroupARN: a.groupArn,
    Description: a.description,
    Cause: a.cause,
    StartTime: new Date(a.startTime),
    ...(done ? { EndTime: new Date(end) } : {}),
    StatusCode: done ? 'Successful' : draining ? 'WaitingForELBConnectionDraining' : 'InProgress',
    Progress: done ? 100 : a.kind === 'launch' ? 30 : 50,
    Details: JSON.stringify({ 'Availability Zone': state.instance(a.instanceId)?.az ?? '' }),
  };
}

const CreateAutoScalingGroup: SimHandler<AutoScalingState> = (input: any, { state, world }: Ctx) => {
  const name: string = input.AutoScalingGroupName;
  if (state.group(name))
    throw awsError(
      'AlreadyExists',
      `AutoScalingGroup by this name already exists - A group with the name ${name} already exists`,
    );
  if (!input.LaunchTemplate && !input.LaunchConfigurationName && !input.MixedInstancesPolicy && !input.InstanceId)
    throw validation(
      'Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.',
    );
  if (!input.AvailabilityZones?.length && !input.VPCZoneIdentifier)
    throw validation('At least one Availability Zone or VPC Subnet is required.');
  checkZones(state, input.AvailabilityZones);
  checkCapacity(input.MinSize, input.MaxSize, input.DesiredCapacity);
  if (input.HealthCheckType !== undefined && !['EC2', 'ELB', 'VPC_LATTICE', 'EBS'].includes(input.HealthCheckType))
    throw validation(`Health check type ${input.HealthCheckType} is not valid.`);
  state.createGroup(
    {
      name,
      minSize: input.MinSize,
      maxSize: input.MaxSize,
      desiredCapacity: input.DesiredCapacity ?? input.MinSize,
      availabilityZones: input.AvailabilityZones,
      vpcZoneIdentifier: input.VPCZoneIdentifier,
      targetGroupArns: input.TargetGroupARNs,
      healthCheckType: input.HealthCheckType,
      healthCheckGracePeriod: input.HealthCheckGracePeriod,
      defaultCooldown: input.DefaultCooldown,
      launchTemplate: input.LaunchTemplate ?? input.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification,
      launchConfigurationName: input.LaunchConfigurationName,
      instanceType: input.MixedInstancesPolicy?.LaunchTemplate?.Overrides?.[0]?.InstanceType,
      tags: input.Tags,
      terminationPolicies: input.TerminationPolicies,
      newInstancesProtectedFromScaleIn: input.NewInstancesProtectedFromScaleIn,
    },
    world.clock.now(),
  );
  return {};
};

const UpdateAutoScalingGroup: SimHandler<AutoScalingState> = (input: any, { state, world }: Ctx) => {
  const g = mustGroup(state, input.AutoScalingGroupName);
  const min = input.MinSize ?? g.minSize;
  const max = input.MaxSize ?? g.maxSize;
  checkCapacity(min, max, input.DesiredCapacity);
  checkZones(state, input.AvailabilityZones);
  if (input.AvailabilityZones?.length) g.availabilityZones = [...input.AvailabilityZones];
  if (input.VPCZoneIdentifier) {
    g.vpcZoneIdentifier = input.VPCZoneIdentifier;
    if (!input.AvailabilityZones?.length) g.availabilityZones = state.zonesForSubnets(input.VPCZoneIdentifier);
  }
  if (input.HealthCheckType !== undefined) g.healthCheckType = input.HealthCheckType;
  if (input.HealthCheckGracePeriod !== undefined) g.healthCheckGracePeriod = input.HealthCheckGracePeriod;
  if (input.DefaultCooldown !== undefined) g.defaultCooldown = input.DefaultCooldown;
  if (input.LaunchTemplate) g.launchTemplate = input.LaunchTemplate;
  if (input.NewInstancesProtectedFromScaleIn !== undefined)
    g.newInstancesProtectedFromScaleIn = input.NewInstancesProtectedFromScaleIn;
  if (input.TerminationPolicies) g.terminationPolicies = [...input.TerminationPolicies];
  state.updateCapacity(
    g.name,
    { minSize: input.MinSize, maxSize: input.MaxSize, desiredCapacity: input.DesiredCapacity },
    world.clock.now(),
  );
  return {};
};

const SetDesiredCapacity: SimHandler<AutoScalingState> = (input: any, { state, world }: Ctx) => {
  const g = mustGroup(state, input.AutoScalingGroupName);
  const desired: number = input.DesiredCapacity;
  const now = world.clock.now();
  if (desired > g.maxSize)
    throw validation(
      `New SetDesiredCapacity value ${desired} is above max value ${g.maxSize} for the AutoScalingGroup.`,
    );
  if (desired < g.minSize)
    throw validation(
      `New SetDesiredCapacity value ${desired} is below min value ${g.minSize} for the AutoScalingGroup.`,
    );
  if (input.HonorCooldown === true && now < g.lastScalingAt + g.defaultCooldown * 1000)
    throw awsError(
      'ScalingActivityInProgress',
      'Scaling activity is in progress or the group is in its cooldown period; the desired capacity was not changed.',
    );
  state.updateCapacity(g.name, { desiredCapacity: desired }, now);
  return {};
};

const DescribeAutoScalingGroups: SimHandler<AutoScalingState> = (input: any, { state, world }: Ctx) => {
  const now = world.clock.now();
  const names: string[] | undefined = input.AutoScalingGroupNames;
  let groups = state.liveGroups().filter((g) => !names?.length || names.includes(g.name));
  for (const f of (input.Filters ?? []) as Array<{ Name?: string; Values?: string[] }>) {
    const values = f.Values ?? [];
    if (f.Name === 'tag-key') groups = groups.filter((g) => g.tags.some((t) => values.includes(t.Key)));
    else if (f.Name === 'tag-value') groups = groups.filter((g) => g.tags.some((t) => values.includes(t.Value)));
    else if (f.Name?.startsWith('tag:')) {
      const key = f.Name.slice(4);
      groups = groups.filter((g) => g.tags.some((t) => t.Key === key && values.includes(t.Value)));
    } else throw validation(`Filter name ${JSON.stringify(f.Name)} is not valid.`);
  }
  const size = Math.min(input.MaxRecords ?? 50, 100);
  const p = page(groups, input.NextToken, size);
  return {
    AutoScalingGroups: p.items.map((g) => groupOut(state, g, now, input.IncludeInstances !== false)),
    ...(p.next ? { NextToken: p.next } : {}),
  };
};

const DescribeAutoScalingInstances: SimHandler<AutoScalingState> = (input: any, { state, world }: Ctx) => {
  const now = world.clock.now();
  const ids: string[] | undefined = input.InstanceIds;
  const rows = state
    .liveGroups()
    .flatMap((g) => listedInstances(state, g, now).map((i) => ({ g, i })))
    .filter(({ i }) => !ids?.length || ids.includes(i.id));
  const p = page(rows, input.NextToken, Math.min(input.MaxRecords ?? 50, 50));
  return {
    AutoScalingInstances: p.items.map(({ g, i }) => {
      const { AvailabilityZone, ...rest } = instanceOut(state, i, g, now);
      return { ...rest, AutoScalingGroupName: g.name, AvailabilityZone };
    }),
    ...(p.next ? { NextToken: p.next } : {}),
  };
};

const DescribeScalingActivities: SimHandler<AutoScalingState> = (input: any, { state, world }: Ctx) => {
  const now = world.clock.now();
  const name: string | undefined = input.AutoScalingGroupName;
  const ids: string[] | undefined = input.ActivityIds;
  // Newest first; of activities started together, the later-recorded first (launch after its termination).
  const rows = [...state.activities]
    .reverse()
    .filter((a) => a.startTime <= now)
    .filter((a) => name === undefined || a.groupName === name)
    .filter((a) => input.IncludeDeletedGroups === true || state.group(a.groupName) !== undefined)
    .filter((a) => !ids?.length || ids.includes(a.activityId))
    .sort((a, b) => b.startTime - a.startTime);
  const p = page(rows, input.NextToken, Math.min(input.MaxRecords ?? 100, 100));
  return { Activities: p.items.map((a) => activityOut(state, a, now)), ...(p.next ? { NextToken: p.next } : {}) };
};

const TerminateInstanceInAutoScalingGroup: SimHandler<AutoScalingState> = (input: any, { state, world }: Ctx) => {
  const now = world.clock.now();
  const inst = state.instance(input.InstanceId);
  const g = inst ? state.group(inst.groupName) : undefined;
  if (!inst || !g || state.lifecycleState(inst, now) === 'Terminated')
    throw validation(`Instance Id not found - No managed instance found for instance ID: ${input.InstanceId}`);
  if (inst.terminatingAt !== undefined && inst.terminatingAt <= now)
    throw awsError('ScalingActivityInProgress', `Instance ${inst.id} is already terminating.`);
  if (input.ShouldDecrementDesiredCapacity === true && g.desiredCapacity <= g.minSize)
    throw validation(
      `Currently, desiredSize equals minSize (${g.minSize}). Terminating instance without replacement will violate group's min size constraint. Either set shouldDecrementDesiredCapacity flag to false or lower group's min size.`,
    );
  const a = state.terminateInstance(inst.id, input.ShouldDecrementDesiredCapacity === true, now);
  return { Activity: activityOut(state, a, now) };
};

const SetInstanceHealth: SimHandler<AutoScalingState> = (input: any, { state, world }: Ctx) => {
  const now = world.clock.now();
  const inst = state.instance(input.InstanceId);
  if (!inst || state.lifecycleState(inst, now) === 'Terminated')
    throw validation(`Instance Id not found - No managed instance found for instance ID: ${input.InstanceId}`);
  if (input.HealthStatus === 'Unhealthy') state.setUnhealthy(inst.id, now);
  else if (input.HealthStatus !== 'Healthy') throw validation(`Health status ${input.HealthStatus} is not valid.`);
  return {};
};

const AttachLoadBalancerTargetGroups: SimHandler<AutoScalingState> = (input: any, { state, world }: Ctx) => {
  const g = mustGroup(state, input.AutoScalingGroupName);
  state.attachTargetGroups(g.name, input.TargetGroupARNs, world.clock.now());
  return {};
};

const DetachLoadBalancerTargetGroups: SimHandler<AutoScalingState> = (input: any, { state, world }: Ctx) => {
  const g = mustGroup(state, input.AutoScalingGroupName);
  state.detachTargetGroups(g.name, input.TargetGroupARNs, world.clock.now());
  return {};
};

const DeleteAutoScalingGroup: SimHandler<AutoScalingState> = (input: any, { state, world }: Ctx) => {
  const now = world.clock.now();
  const g = mustGroup(state, input.AutoScalingGroupName);
  if (input.ForceDelete !== true) {
    if (listedInstances(state, g, now).some((i) => state.lifecycleState(i, now) !== 'Terminating'))
      throw awsError(
        'ResourceInUse',
        'You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.',
      );
    if (listedInstances(state, g, now).length)
      throw awsError(
        'ScalingActivityInProgress',
        'You cannot delete an AutoScalingGroup while there are scaling activities in progress for that group.',
      );
  }
  state.deleteGroup(g.name, now);
  return {};
};

/** Auto Scaling API handlers by operation name. */
export const autoscalingHandlers: Record<string, SimHandler<AutoScalingState>> = {
  CreateAutoScalingGroup,
  UpdateAutoScalingGroup,
  SetDesiredCapacity,
  DescribeAutoScalingGroups,
  DescribeAutoScalingInstances,
  DescribeScalingActivities,
  TerminateInstanceInAutoScalingGroup,
  SetInstanceHealth,
  AttachLoadBalancerTargetGroups,
  DetachLoadBalancerTargetGroups,
  DeleteAutoScalingGroup,
};
