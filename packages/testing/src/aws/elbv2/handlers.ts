/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- handler inputs are model-validated SDK inputs */
import { awsError, type SimCallContext, type SimHandler } from '../kernel/SimService';
import { autoscalingService } from '../autoscaling';
import { LoadBalancingState, type SimListener, type SimLoadBalancer, type SimTargetGroup } from './LoadBalancingState';

type Ctx = SimCallContext<LoadBalancingState>;

const validation = (message: string) => awsError('ValidationError', message);

function page<T>(items: T[], marker: string | undefined, size: number): { items: T[]; next?: string } {
  let start = 0;
  if (marker !== undefined) {
    const n = Number(Buffer.from(marker, 'base64').toString('utf8'));
    if (!Number.isInteger(n) || n < 0 || n > items.length) throw validation('Invalid marker');
    start = n;
  }
  const end = start + size;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { next: Buffer.from(String(end)).toString('base64') } : {}),
  };
}

const tagList = (tags: Array<{ Key: string; Value?: string }> | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).map((t) => [t.Key, t.Value ?? '']));

function lbOut(state: LoadBalancingState, lb: SimLoadBalancer, now: number) {
  return {
    LoadBalancerArn: lb.arn,
    DNSName: lb.dnsName,
    CanonicalHostedZoneId: lb.canonicalHostedZoneId,
    CreatedTime: new Date(lb.createdAt),
    LoadBalancerName: lb.name,
    Scheme: lb.scheme,
    VpcId: lb.vpcId,
    State: { Code: state.stateCode(lb, now) },
    Type: lb.type,
    AvailabilityZones: lb.availabilityZones.map((z) => ({
      ZoneName: z.zone,
      SubnetId: z.subnetId,
      LoadBalancerAddresses: [],
    })),
    SecurityGroups: lb.securityGroups,
    IpAddressType: lb.ipAddressType,
  };
}

function tgOut(state: LoadBalancingState, tg: SimTargetGroup) {
  const h = tg.healthCheck;
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: tg.protocol,
    Port: tg.port,
    VpcId: tg.vpcId,
    HealthCheckProtocol: h.protocol,
    HealthCheckPort: h.port,
    HealthCheckEnabled: h.enabled,
    HealthCheckIntervalSeconds: h.intervalSeconds,
    HealthCheckTimeoutSeconds: h.timeoutSeconds,
    HealthyThresholdCount: h.healthyThreshold,
    UnhealthyThresholdCount: h.unhealthyThreshold,
    HealthCheckPath: h.path,
    Matcher: { HttpCode: h.matcher },
    LoadBalancerArns: state.loadBalancersOf(tg).map((lb) => lb.arn),
    TargetType: tg.targetType,
    ProtocolVersion: tg.protocolVersion,
    IpAddressType: tg.ipAddressType,
  };
}

function listenerOut(l: SimListener) {
  return {
    ListenerArn: l.arn,
    LoadBalancerArn: l.loadBalancerArn,
    Port: l.port,
    Protocol: l.protocol,
    DefaultActions: l.defaultActions,
  };
}

function mustTargetGroup(state: LoadBalancingState, arn: string): SimTargetGroup {
  const tg = state.targetGroup(arn);
  if (!tg || tg.arn !== arn) throw awsError('TargetGroupNotFound', `Target groups '${arn}' not found`);
  return tg;
}

function mustLoadBalancer(state: LoadBalancingState, arn: string): SimLoadBalancer {
  const lb = state.loadBalancer(arn);
  if (!lb || lb.arn !== arn) throw awsError('LoadBalancerNotFound', `Load balancer '${arn}' not found`);
  return lb;
}

const CreateLoadBalancer: SimHandler<LoadBalancingState> = (input: any, { state, world }: Ctx) => {
  const now = world.clock.now();
  const name: string = input.Name;
  if (!/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/.test(name) || name.startsWith('internal-'))
    throw validation(
      `The load balancer name '${name}' is not valid: at most 32 alphanumeric characters or hyphens, not beginning or ending with a hyphen or beginning with 'internal-'.`,
    );
  const subnets: string[] = input.Subnets ?? (input.SubnetMappings ?? []).map((m: any) => m.SubnetId);
  const type = input.Type ?? 'application';
  if (subnets.length === 0) throw validation('At least one subnet must be specified');
  if (type === 'application' && new Set(subnets.map((_, i) => state.zoneOfSubnet(i))).size < 2)
    throw validation('At least two subnets in two different Availability Zones must be specified');
  const existing = state.loadBalancer(name);
  if (existing) {
    if (existing.scheme === (input.Scheme ?? 'internet-facing') && existing.type === type)
      return { LoadBalancers: [lbOut(state, existing, now)] };
    throw awsError('DuplicateLoadBalancerName', `A load balancer with the name '${name}' already exists`);
  }
  const lb = state.createLoadBalancer(
    {
      name,
      subnets,
      scheme: input.Scheme,
      type,
      securityGroups: input.SecurityGroups,
      ipAddressType: input.IpAddressType,
      tags: tagList(input.Tags),
    },
    now,
  );
  return { LoadBalancers: [lbOut(state, lb, now)] };
};

const DescribeLoadBalancers: SimHandler<LoadBalancingState> = (input: any, { state, world }: Ctx) => {
  const now = world.clock.now();
  const live = [...state.loadBalancers.values()].filter((lb) => lb.deletedAt === undefined);
  let chosen = live;
  if (input.LoadBalancerArns?.length) {
    chosen = input.LoadBalancerArns.map((arn: string) => {
      const lb = live.find((x) => x.arn === arn);
      if (!lb) throw awsError('LoadBalancerNotFound', `Load balancers '[${arn}]' not found`);
      return lb;
    });
  } else if (input.Names?.length) {
    chosen = input.Names.map((n: string) => {
      const lb = live.find((x) => x.name === n);
      if (!lb) throw awsError('LoadBalancerNotFound', `Load balancers '[${n}]' not found`);
      return lb;
    });
  }
  const p = page(chosen, input.Marker, input.PageSize ?? 400);
  return { LoadBalancers: p.items.map((lb) => lbOut(state, lb, now)), ...(p.next ? { NextMarker: p.next } : {}) };
};

const DeleteLoadBalancer: SimHandler<LoadBalancingState> = (input: any, { state, world }: Ctx) => {
  const now = world.clock.now();
  const lb = state.loadBalancer(input.LoadBalancerArn);
  if (!lb) return {}; // deleting a missing load balancer succeeds
  lb.deletedAt = now;
  for (const l of state.liveListeners(lb.arn)) l.deletedAt = now;
  return {};
};

const CreateTargetGroup: SimHandler<LoadBalancingState> = (input: any, { state, world }: Ctx) => {
  const targetType = input.TargetType ?? 'instance';
  if (targetType !== 'lambda') {
    const missing = ['Protocol', 'Port', 'VpcId'].filter((k) => input[k] === undefined);
    if (missing.length) throw validation(`${missing.join(', ')} must be specified for target type '${targetType}'`);
  }
  if (!/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/.test(input.Name))
    throw validation(`Target group name '${input.Name}' is not valid: at most 32 alphanumeric characters or hyphens.`);
  const existing = state.targetGroup(input.Name);
  if (existing) {
    if (existing.protocol === input.Protocol && existing.port === input.Port)
      return { TargetGroups: [tgOut(state, existing)] };
    throw awsError(
      'DuplicateTargetGroupName',
      `A target group with the same name '${input.Name}' exists, but with different settings`,
    );
  }
  const tg = state.createTargetGroup(
    {
      name: input.Name,
      protocol: input.Protocol,
      protocolVersion: input.ProtocolVersion,
      port: input.Port,
      vpcId: input.VpcId,
      targetType,
      ipAddressType: input.IpAddressType,
      healthCheck: {
        ...(input.HealthCheckProtocol ? { protocol: input.HealthCheckProtocol } : {}),
        ...(input.HealthCheckPort ? { port: input.HealthCheckPort } : {}),
        ...(input.HealthCheckPath ? { path: input.HealthCheckPath } : {}),
        ...(input.HealthCheckEnabled !== undefined ? { enabled: input.HealthCheckEnabled } : {}),
        ...(input.HealthCheckIntervalSeconds ? { intervalSeconds: input.HealthCheckIntervalSeconds } : {}),
        ...(input.HealthCheckTimeoutSeconds ? { timeoutSeconds: input.HealthCheckTimeoutSeconds } : {}),
        ...(input.HealthyThresholdCount ? { healthyThreshold: input.HealthyThresholdCount } : {}),
        ...(input.UnhealthyThresholdCount ? { unhealthyThreshold: input.UnhealthyThresholdCount } : {}),
        ...(input.Matcher?.HttpCode ? { matcher: input.Matcher.HttpCode } : {}),
      },
      tags: tagList(input.Tags),
    },
    world.clock.now(),
  );
  return { TargetGroups: [tgOut(state, tg)] };
};

const DescribeTargetGroups: SimHandler<LoadBalancingState> = (input: any, { state }: Ctx) => {
  const live = [...state.targetGroups.values()].filter((tg) => tg.deletedAt === undefined);
  let chosen = live;
  if (input.LoadBalancerArn) {
    const lb = mustLoadBalancer(state, input.LoadBalancerArn);
    chosen = state.targetGroupsOf(lb);
  }
  if (input.TargetGroupArns?.length) {
    chosen = input.TargetGroupArns.map((arn: string) => {
      const tg = chosen.find((x) => x.arn === arn);
      if (!tg) throw awsError('TargetGroupNotFound', `Target groups '[${arn}]' not found`);
      return tg;
    });
  } else if (input.Names?.length) {
    chosen = input.Names.map((n: string) => {
      const tg = chosen.find((x) => x.name === n);
      if (!tg) throw awsError('TargetGroupNotFound', `One or more target groups not found`);
      return tg;
    });
  }
  const p = page(chosen, input.Marker, input.PageSize ?? 400);
  return { TargetGroups: p.items.map((tg) => tgOut(state, tg)), ...(p.next ? { NextMarker: p.next } : {}) };
};

const ModifyTargetGroup: SimHandler<LoadBalancingState> = (input: any, { state }: Ctx) => {
  const tg = mustTargetGroup(state, input.TargetGroupArn);
  const h = tg.healthCheck;
  tg.healthCheck = {
    ...h,
    ...(input.HealthCheckProtocol ? { protocol: input.HealthCheckProtocol } : {}),
    ...(input.HealthCheckPort ? { port: input.HealthCheckPort } : {}),
    ...(input.HealthCheckPath ? { path: input.HealthCheckPath } : {}),
    ...(input.HealthCheckEnabled !== undefined ? { enabled: input.HealthCheckEnabled } : {}),
    ...(input.HealthCheckIntervalSeconds ? { intervalSeconds: input.HealthCheckIntervalSeconds } : {}),
    ...(input.HealthCheckTimeoutSeconds ? { timeoutSeconds: input.HealthCheckTimeoutSeconds } : {}),
    ...(input.HealthyThresholdCount ? { healthyThreshold: input.HealthyThresholdCount } : {}),
    ...(input.UnhealthyThresholdCount ? { unhealthyThreshold: input.UnhealthyThresholdCount } : {}),
    ...(input.Matcher?.HttpCode ? { matcher: input.Matcher.HttpCode } : {}),
  };
  return { TargetGroups: [tgOut(state, tg)] };
};

function tgAttributes(tg: SimTargetGroup) {
  return [
    { Key: 'deregistration_delay.timeout_seconds', Value: String(tg.deregistrationDelaySeconds) },
    { Key: 'stickiness.enabled', Value: 'false' },
    { Key: 'stickiness.type', Value: 'lb_cookie' },
    { Key: 'load_balancing.algorithm.type', Value: 'round_robin' },
    { Key: 'slow_start.duration_seconds', Value: '0' },
  ];
}

const DescribeTargetGroupAttributes: SimHandler<LoadBalancingState> = (input: any, { state }: Ctx) => ({
  Attributes: tgAttributes(mustTargetGroup(state, input.TargetGroupArn)),
});

const ModifyTargetGroupAttributes: SimHandler<LoadBalancingState> = (input: any, { state }: Ctx) => {
  const tg = mustTargetGroup(state, input.TargetGroupArn);
  for (const a of input.Attributes as Array<{ Key?: string; Value?: string }>) {
    if (a.Key === 'deregistration_delay.timeout_seconds') {
      const v = Number(a.Value);
      if (!Number.isInteger(v) || v < 0 || v > 3600)
        throw awsError(
          'InvalidConfigurationRequest',
          'deregistration_delay.timeout_seconds must be an integer between 0 and 3600',
        );
      tg.deregistrationDelaySeconds = v;
    }
  }
  return { Attributes: tgAttributes(tg) };
};

const DeleteTargetGroup: SimHandler<LoadBalancingState> = (input: any, { state, world }: Ctx) => {
  const tg = state.targetGroup(input.TargetGroupArn);
  if (!tg) return {};
  if (state.loadBalancersOf(tg).length)
    throw awsError('ResourceInUse', `Target group '${tg.arn}' is currently in use by a listener or a rule`);
  tg.deletedAt = world.clock.now();
  return {};
};

const CreateListener: SimHandler<LoadBalancingState> = (input: any, { state, world }: Ctx) => {
  const lb = mustLoadBalancer(state, input.LoadBalancerArn);
  for (const a of input.DefaultActions as SimListener['defaultActions'])
    for (const arn of LoadBalancingState.forwardTargets(a)) mustTargetGroup(state, arn);
  const port = input.Port ?? (input.Protocol === 'HTTPS' ? 443 : 80);
  const dup = state.liveListeners(lb.arn).find((l) => l.port === port);
  if (dup) throw awsError('DuplicateListener', 'A listener already exists on this port for this load balancer');
  const l = state.createListener(
    lb.arn,
    { port, protocol: input.Protocol ?? 'HTTP', defaultActions: input.DefaultActions },
    world.clock.now(),
  );
  return { Listeners: [listenerOut(l)] };
};

const DescribeListeners: SimHandler<LoadBalancingState> = (input: any, { state }: Ctx) => {
  if (!input.LoadBalancerArn && !input.ListenerArns?.length)
    throw validation('You must specify either listener ARNs or a load balancer ARN');
  let chosen: SimListener[];
  if (input.ListenerArns?.length) {
    chosen = input.ListenerArns.map((arn: string) => {
      const l = state.liveListeners().find((x) => x.arn === arn);
      if (!l) throw awsError('ListenerNotFound', `One or more listeners not found`);
      return l;
    });
  } else chosen = state.liveListeners(mustLoadBalancer(state, input.LoadBalancerArn).arn);
  const p = page(chosen, input.Marker, input.PageSize ?? 400);
  return { Listeners: p.items.map(listenerOut), ...(p.next ? { NextMarker: p.next } : {}) };
};

const DeleteListener: SimHandler<LoadBalancingState> = (input: any, { state, world }: Ctx) => {
  const l = state.liveListeners().find((x) => x.arn === input.ListenerArn);
  if (!l) throw awsError('ListenerNotFound', `Listener '${input.ListenerArn}' not found`);
  l.deletedAt = world.clock.now();
  return {};
};

/** Ids that can be registered: live Auto Scaling instances, live EC2 resources, or IP addresses. */
function checkTargets(ctx: Ctx, tg: SimTargetGroup, targets: Array<{ Id: string }>): void {
  const now = ctx.world.clock.now();
  const asg = ctx.world.state(autoscalingService, ctx.region);
  const bad = targets.filter((t) => {
    if (tg.targetType === 'ip') return !/^[0-9.]+$|^[0-9a-f:]+$/i.test(t.Id);
    const inst = asg.instance(t.Id);
    if (inst) return asg.lifecycleState(inst, now) === 'Terminated';
    const r = ctx.world.resources.get(t.Id);
    return !r || r.type !== 'EC2' || r.deletedAt !== undefined;
  });
  if (bad.length)
    throw awsError(
      'InvalidTarget',
      `The following targets are not in a running state and cannot be registered: '${bad.map((t) => t.Id).join(', ')}'`,
    );
}

const RegisterTargets: SimHandler<LoadBalancingState> = (input: any, ctx: Ctx) => {
  const tg = mustTargetGroup(ctx.state, input.TargetGroupArn);
  checkTargets(ctx, tg, input.Targets);
  ctx.state.registerTargets(
    tg,
    input.Targets.map((t: any) => ({ id: t.Id, port: t.Port })),
    ctx.world.clock.now(),
  );
  return {};
};

const DeregisterTargets: SimHandler<LoadBalancingState> = (input: any, { state, world }: Ctx) => {
  const tg = mustTargetGroup(state, input.TargetGroupArn);
  const now = world.clock.now();
  const registered = new Set(
    state
      .targetHealth(tg, now)
      .filter((h) => h.state !== 'draining')
      .map((h) => h.id),
  );
  const missing = (input.Targets as Array<{ Id: string }>).filter((t) => !registered.has(t.Id));
  if (missing.length)
    throw awsError(
      'InvalidTarget',
      `The following targets are not registered in target group: '${missing.map((t) => t.Id).join(', ')}'`,
    );
  state.deregisterTargets(
    tg,
    input.Targets.map((t: any) => ({ id: t.Id, port: t.Port })),
    now,
  );
  return {};
};

const DescribeTargetHealth: SimHandler<LoadBalancingState> = (input: any, { state, world, region }: Ctx) => {
  const tg = mustTargetGroup(state, input.TargetGroupArn);
  const now = world.clock.now();
  const all = state.targetHealth(tg, now);
  const out = (h: (typeof all)[number]) => ({
    Target: { Id: h.id, Port: h.port, ...(h.az ? { AvailabilityZone: h.az } : {}) },
    HealthCheckPort: tg.healthCheck.port === 'traffic-port' ? String(h.port) : tg.healthCheck.port,
    TargetHealth: { State: h.state, ...(h.reason ? { Reason: h.reason, Description: h.description } : {}) },
  });
  if (!input.Targets?.length) return { TargetHealthDescriptions: all.map(out) };
  const asg = world.state(autoscalingService, region);
  const descriptions = (input.Targets as Array<{ Id: string; Port?: number }>).map((t) => {
    const h = all.find((x) => x.id === t.Id && (t.Port === undefined || x.port === t.Port));
    if (h) return out(h);
    const inst = asg.instance(t.Id);
    const known =
      (inst && asg.lifecycleState(inst, now) !== 'Terminated') ||
      (world.resources.get(t.Id)?.deletedAt === undefined && world.resources.get(t.Id) !== undefined) ||
      tg.targetType === 'ip';
    if (!known) throw awsError('InvalidTarget', `The following targets are invalid: '${t.Id}'`);
    return {
      Target: { Id: t.Id, Port: t.Port ?? tg.port },
      HealthCheckPort: String(t.Port ?? tg.port),
      TargetHealth: {
        State: 'unused',
        Reason: 'Target.NotRegistered',
        Description: 'Target is not registered to the target group',
      },
    };
  });
  return { TargetHealthDescriptions: descriptions };
};

/** ELBv2 API handlers by operation name. */
export const elbv2Handlers: Record<string, SimHandler<LoadBalancingState>> = {
  CreateLoadBalancer,
  DescribeLoadBalancers,
  DeleteLoadBalancer,
  CreateTargetGroup,
  DescribeTargetGroups,
  ModifyTargetGroup,
  DescribeTargetGroupAttributes,
  ModifyTargetGroupAttributes,
  DeleteTargetGroup,
  CreateListener,
  DescribeListeners,
  DeleteListener,
  RegisterTargets,
  DeregisterTargets,
  DescribeTargetHealth,
};
