import type { SimState, SimWorld } from '../kernel/SimService';
import type { SimResource } from '../kernel/SimResources';
import { SeededRandom } from '../../time/SeededRandom';
import { autoscalingService, type AutoScalingState, type SimInstance } from '../autoscaling';

/** Health check settings of a target group (the API's names, ALB defaults). */
export interface TargetGroupHealthCheck {
  enabled: boolean;
  protocol: string;
  port: string;
  path: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  matcher: string;
}

/**
 * ALB health check defaults: every 30 s, 5 s timeout, healthy after 5 successes, unhealthy after
 * 2 failures, expecting HTTP 200 (Elastic Load Balancing user guide, "Health checks for
 * Application Load Balancer target groups"). A newly registered target is healthy after it
 * passes one check.
 */
export const DEFAULT_HEALTH_CHECK: TargetGroupHealthCheck = {
  enabled: true,
  protocol: 'HTTP',
  port: 'traffic-port',
  path: '/',
  intervalSeconds: 30,
  timeoutSeconds: 5,
  healthyThreshold: 5,
  unhealthyThreshold: 2,
  matcher: '200',
};

/** A simulated load balancer. */
export interface SimLoadBalancer {
  readonly arn: string;
  readonly name: string;
  /** `app/NAME/ID`: the `LoadBalancer` dimension value of its CloudWatch metrics. */
  readonly dimension: string;
  readonly dnsName: string;
  readonly canonicalHostedZoneId: string;
  readonly scheme: 'internet-facing' | 'internal';
  readonly type: 'application' | 'network' | 'gateway';
  readonly ipAddressType: string;
  readonly vpcId: string;
  readonly availabilityZones: Array<{ zone: string; subnetId: string }>;
  readonly securityGroups: string[];
  readonly createdAt: number;
  /** When provisioning ends (`provisioning` → `active`). */
  readonly activeAt: number;
  readonly resource: SimResource;
  tags: Record<string, string>;
  deletedAt?: number;
}

/** An explicit registration (RegisterTargets); Auto Scaling registrations are derived. */
export interface SimRegistration {
  readonly id: string;
  readonly port?: number;
  readonly registeredAt: number;
  deregisteredAt?: number;
}

/** A simulated target group. */
export interface SimTargetGroup {
  readonly arn: string;
  readonly name: string;
  /** `targetgroup/NAME/ID`: the `TargetGroup` dimension value of its metrics. */
  readonly dimension: string;
  readonly protocol: string;
  readonly protocolVersion: string;
  readonly port: number;
  readonly vpcId: string;
  readonly targetType: string;
  readonly ipAddressType: string;
  healthCheck: TargetGroupHealthCheck;
  /** `deregistration_delay.timeout_seconds` (default 300). */
  deregistrationDelaySeconds: number;
  readonly registrations: SimRegistration[];
  readonly createdAt: number;
  tags: Record<string, string>;
  deletedAt?: number;
}

/** A simulated listener: it is what connects a target group to a load balancer. */
export interface SimListener {
  readonly arn: string;
  readonly loadBalancerArn: string;
  readonly port: number;
  readonly protocol: string;
  readonly defaultActions: Array<{ Type: string; TargetGroupArn?: string; [k: string]: unknown }>;
  readonly createdAt: number;
  deletedAt?: number;
}

/** The health of one target at one time, as `DescribeTargetHealth` reports it. */
export interface TargetHealthAt {
  readonly id: string;
  readonly port: number;
  readonly az?: string;
  readonly state: 'initial' | 'healthy' | 'unhealthy' | 'unused' | 'draining' | 'unavailable';
  readonly reason?: string;
  readonly description?: string;
}

/** Known canonical hosted zone ids of ALBs (for Route 53 alias records); others get a stable fake. */
const ALB_ZONE_IDS: Record<string, string> = {
  'us-east-1': 'Z35SXDOTRQ7X7K',
  'us-east-2': 'Z3AADJGX6KTTL2',
  'us-west-1': 'Z368ELLRRE2KJ0',
  'us-west-2': 'Z1H1FL5HABSF5',
  'eu-west-1': 'Z32O12XQLNTSW2',
  'eu-central-1': 'Z215JYRZR1TBD5',
};

/** Options of {@link LoadBalancingState.createLoadBalancer}. */
export interface CreateLoadBalancerOptions {
  name: string;
  /** Zones; default the region's `a`, `b` and `c`. */
  availabilityZones?: string[];
  subnets?: string[];
  scheme?: 'internet-facing' | 'internal';
  type?: 'application' | 'network' | 'gateway';
  securityGroups?: string[];
  ipAddressType?: string;
  tags?: Record<string, string>;
  /** Creates an HTTP:80 listener forwarding to this target group. */
  targetGroupArn?: string;
  /** Already provisioned (topology presets); default false: `provisioning` for a couple of minutes. */
  inService?: boolean;
}

/** Options of {@link LoadBalancingState.createTargetGroup}. */
export interface CreateTargetGroupOptions {
  name: string;
  protocol?: string;
  protocolVersion?: string;
  port?: number;
  vpcId?: string;
  targetType?: string;
  ipAddressType?: string;
  healthCheck?: Partial<TargetGroupHealthCheck>;
  deregistrationDelaySeconds?: number;
  tags?: Record<string, string>;
}

type Segment = { from: number; to: number; up: boolean };

/**
 * Elastic Load Balancing (v2) state of one region: load balancers, target groups, listeners and
 * registrations. Target health is computed from timestamps (registrations, the Auto Scaling
 * instances' lifecycles, AZ and region outages), so it can be asked for any time — CloudWatch
 * metrics and alarms look at the past.
 *
 * @example
 * ```ts
 * const elb = cloud.state(elbv2Service, 'us-east-1');
 * const tg = elb.createTargetGroup({ name: 'jobs-api', port: 8080 });
 * const lb = elb.createLoadBalancer({ name: 'jobs-api-alb', targetGroupArn: tg.arn, inService: true });
 * elb.isLoadBalancerHealthy(lb, cloud.clock.now());
 * ```
 */
export class LoadBalancingState implements SimState {
  readonly region: string;
  readonly world: SimWorld;
  /** Provisioning time of a new load balancer, `[min, max]` ms. Default 2-3 min ("a few minutes"). */
  provisioningMs: readonly [number, number] = [2 * 60_000, 3 * 60_000];
  readonly loadBalancers = new Map<string, SimLoadBalancer>();
  readonly targetGroups = new Map<string, SimTargetGroup>();
  readonly listeners = new Map<string, SimListener>();
  readonly #rng: SeededRandom;

  constructor(region: string, world: SimWorld) {
    this.region = region;
    this.world = world;
    this.#rng = world.rng.fork(`elbv2:${region}`);
  }

  /** Nothing is pending here: target health is computed from timestamps when asked. */
  sync(_now: number): void {}

  #asg(): AutoScalingState {
    return this.world.state(autoscalingService, this.region);
  }

  // ---- lookups ------------------------------------------------------------------------------

  /** A live load balancer by ARN, name or DNS name. */
  loadBalancer(key: string): SimLoadBalancer | undefined {
    for (const lb of this.loadBalancers.values())
      if (lb.deletedAt === undefined && (lb.arn === key || lb.name === key || lb.dnsName === key)) return lb;
    return undefined;
  }

  /** A live target group by ARN or name. */
  targetGroup(key: string): SimTargetGroup | undefined {
    for (const tg of this.targetGroups.values())
      if (tg.deletedAt === undefined && (tg.arn === key || tg.name === key)) return tg;
    return undefined;
  }

  /** Live listeners, optionally of one load balancer. */
  liveListeners(lbArn?: string): SimListener[] {
    return [...this.listeners.values()].filter(
      (l) => l.deletedAt === undefined && (lbArn === undefined || l.loadBalancerArn === lbArn),
    );
  }

  /** ARNs of the target groups a listener action forwards to. */
  static forwardTargets(action: SimListener['defaultActions'][number]): string[] {
    const out: string[] = [];
    if (action.TargetGroupArn) out.push(action.TargetGroupArn);
    const fc = action.ForwardConfig as { TargetGroups?: Array<{ TargetGroupArn?: string }> } | undefined;
    for (const t of fc?.TargetGroups ?? []) if (t.TargetGroupArn) out.push(t.TargetGroupArn);
    return out;
  }

  /** Load balancers whose listeners forward to the target group. */
  loadBalancersOf(tg: SimTargetGroup): SimLoadBalancer[] {
    const arns = new Set(
      this.liveListeners()
        .filter((l) => l.defaultActions.some((a) => LoadBalancingState.forwardTargets(a).includes(tg.arn)))
        .map((l) => l.loadBalancerArn),
    );
    return [...arns].flatMap((a) => {
      const lb = this.loadBalancers.get(a);
      return lb && lb.deletedAt === undefined ? [lb] : [];
    });
  }

  /** Target groups a load balancer forwards to. */
  targetGroupsOf(lb: SimLoadBalancer): SimTargetGroup[] {
    const arns = new Set(
      this.liveListeners(lb.arn).flatMap((l) => l.defaultActions.flatMap((a) => LoadBalancingState.forwardTargets(a))),
    );
    return [...arns].flatMap((a) => {
      const tg = this.targetGroups.get(a);
      return tg && tg.deletedAt === undefined ? [tg] : [];
    });
  }

  /** `provisioning` or `active` at `t`. */
  stateCode(lb: SimLoadBalancer, t: number): 'provisioning' | 'active' {
    return t < lb.activeAt ? 'provisioning' : 'active';
  }

  // ---- state API ------------------------------------------------------------------------------

  /** Creates a load balancer (and registers it in `world.resources` with its DNS name). */
  createLoadBalancer(options: CreateLoadBalancerOptions, now = this.world.clock.now()): SimLoadBalancer {
    const zones = options.availabilityZones?.length
      ? options.availabilityZones.map((zone, i) => ({
          zone,
          subnetId: options.subnets?.[i] ?? `subnet-0${this.#rng.hex(16)}`,
        }))
      : options.subnets?.length
        ? options.subnets.map((subnetId, i) => ({ zone: this.zoneOfSubnet(i), subnetId }))
        : ['a', 'b', 'c'].map((l) => ({ zone: `${this.region}${l}`, subnetId: `subnet-0${this.#rng.hex(16)}` }));
    const type = options.type ?? 'application';
    const id = this.#rng.hex(16);
    const scheme = options.scheme ?? 'internet-facing';
    const prefix = type === 'application' ? 'app' : type === 'network' ? 'net' : 'gwy';
    const digits = String(this.#rng.int(1_000_000_000, 1_999_999_999));
    const dnsName = `${scheme === 'internal' ? 'internal-' : ''}${options.name}-${digits}.${this.region}.elb.amazonaws.com`;
    const arn = `arn:aws:elasticloadbalancing:${this.region}:${this.world.accountId}:loadbalancer/${prefix}/${options.name}/${id}`;
    const createdAt = options.inService ? now - 3_600_000 : now;
    const provisioning = Math.round(
      (this.provisioningMs[0] + (this.provisioningMs[1] - this.provisioningMs[0]) * this.#rng.next()) *
        this.world.faults.latencyFactor('elbv2', now),
    );
    const loadBalancers = this.loadBalancers;
    const healthy = (lb: SimLoadBalancer, t: number) => this.isLoadBalancerHealthy(lb, t);
    const resource: SimResource = {
      arn,
      id: options.name,
      type: 'ELB',
      region: this.region,
      dnsName,
      createdAt,
      tags: { ...(options.tags ?? {}) },
      createdBy: 'topology',
      isHealthy(t: number) {
        const lb = loadBalancers.get(arn);
        return lb !== undefined && healthy(lb, t);
      },
      get deletedAt() {
        return loadBalancers.get(arn)?.deletedAt;
      },
    };
    const lb: SimLoadBalancer = {
      arn,
      name: options.name,
      dimension: `${prefix}/${options.name}/${id}`,
      dnsName,
      canonicalHostedZoneId: ALB_ZONE_IDS[this.region] ?? `Z${this.#rng.hex(12).toUpperCase()}`,
      scheme,
      type,
      ipAddressType: options.ipAddressType ?? 'ipv4',
      vpcId: `vpc-0${this.#rng.hex(16)}`,
      availabilityZones: zones,
      securityGroups: options.securityGroups ?? (type === 'application' ? [`sg-0${this.#rng.hex(16)}`] : []),
      createdAt,
      activeAt: options.inService ? createdAt : now + provisioning,
      resource,
      tags: { ...(options.tags ?? {}) },
    };
    this.loadBalancers.set(arn, lb);
    this.world.resources.register(resource);
    if (options.targetGroupArn)
      this.createListener(lb.arn, { port: 80, protocol: 'HTTP', targetGroupArn: options.targetGroupArn }, now);
    return lb;
  }

  /** The zone of the i-th subnet given to a load balancer (subnets spread over a, b, c…). */
  zoneOfSubnet(i: number): string {
    return `${this.region}${'abcdef'[i % 3]}`;
  }

  /** Creates a target group (HTTP:80 instance targets with ALB health check defaults unless told). */
  createTargetGroup(options: CreateTargetGroupOptions, now = this.world.clock.now()): SimTargetGroup {
    const id = this.#rng.hex(16);
    const protocol = options.protocol ?? 'HTTP';
    const tg: SimTargetGroup = {
      arn: `arn:aws:elasticloadbalancing:${this.region}:${this.world.accountId}:targetgroup/${options.name}/${id}`,
      name: options.name,
      dimension: `targetgroup/${options.name}/${id}`,
      protocol,
      protocolVersion: options.protocolVersion ?? 'HTTP1',
      port: options.port ?? 80,
      vpcId: options.vpcId ?? `vpc-0${this.#rng.hex(16)}`,
      targetType: options.targetType ?? 'instance',
      ipAddressType: options.ipAddressType ?? 'ipv4',
      healthCheck: { ...DEFAULT_HEALTH_CHECK, protocol, ...(options.healthCheck ?? {}) },
      deregistrationDelaySeconds: options.deregistrationDelaySeconds ?? 300,
      registrations: [],
      createdAt: now,
      tags: { ...(options.tags ?? {}) },
    };
    this.targetGroups.set(tg.arn, tg);
    return tg;
  }

  /** Creates a listener whose default action forwards to a target group. */
  createListener(
    loadBalancerArn: string,
    options: {
      port: number;
      protocol: string;
      targetGroupArn?: string;
      defaultActions?: SimListener['defaultActions'];
    },
    now = this.world.clock.now(),
  ): SimListener {
    const lb = this.loadBalancers.get(loadBalancerArn);
    if (!lb) throw new Error(`unknown load balancer ${loadBalancerArn}`);
    const l: SimListener = {
      arn: lb.arn.replace(':loadbalancer/', ':listener/') + `/${this.#rng.hex(16)}`,
      loadBalancerArn,
      port: options.port,
      protocol: options.protocol,
      defaultActions: options.defaultActions ?? [{ Type: 'forward', TargetGroupArn: options.targetGroupArn }],
      createdAt: now,
    };
    this.listeners.set(l.arn, l);
    return l;
  }

  /** Registers targets (idempotent for targets already registered). */
  registerTargets(
    tg: SimTargetGroup,
    targets: Array<{ id: string; port?: number }>,
    now = this.world.clock.now(),
  ): void {
    for (const t of targets) {
      const port = t.port ?? tg.port;
      const live = tg.registrations.find(
        (r) => r.id === t.id && (r.port ?? tg.port) === port && r.deregisteredAt === undefined,
      );
      if (!live) tg.registrations.push({ id: t.id, port, registeredAt: now });
    }
  }

  /** Deregisters targets (they drain for the deregistration delay). */
  deregisterTargets(
    tg: SimTargetGroup,
    targets: Array<{ id: string; port?: number }>,
    now = this.world.clock.now(),
  ): void {
    for (const t of targets) {
      for (const r of tg.registrations) {
        if (r.id === t.id && (t.port === undefined || (r.port ?? tg.port) === t.port) && r.deregisteredAt === undefined)
          r.deregisteredAt = now;
      }
    }
  }

  // ---- target health ------------------------------------------------------------------------

  /**
   * Every target of a group visible at `t` (registered or draining) with its health: explicit
   * registrations plus the instances of Auto Scaling groups the target group is attached to.
   */
  targetHealth(tg: SimTargetGroup, t: number): TargetHealthAt[] {
    const out: TargetHealthAt[] = [];
    const inUse = this.loadBalancersOf(tg).length > 0;
    const asg = this.#asg();
    for (const g of asg.groups.values()) {
      for (const a of g.targetGroups) {
        if (a.arn !== tg.arn) continue;
        for (const inst of g.instances) {
          const registeredAt = Math.max(inst.launchedAt, a.attachedAt);
          const ends = [inst.terminatingAt, a.detachedAt].filter((x): x is number => x !== undefined);
          const deregisteredAt = ends.length ? Math.min(...ends) : undefined;
          if (deregisteredAt !== undefined && deregisteredAt < registeredAt) continue;
          const h = this.#health(
            tg,
            inUse,
            { id: inst.id, port: tg.port, az: inst.az },
            registeredAt,
            deregisteredAt,
            t,
            (from, to) => this.#instanceSegments(asg, inst, from, to),
          );
          if (h) out.push(h);
        }
      }
    }
    for (const r of tg.registrations) {
      const inst = asg.instance(r.id);
      const resource = inst ? undefined : this.world.resources.get(r.id);
      const az = inst?.az ?? resource?.az;
      const h = this.#health(
        tg,
        inUse,
        { id: r.id, port: r.port ?? tg.port, ...(az ? { az } : {}) },
        r.registeredAt,
        r.deregisteredAt,
        t,
        (from, to) =>
          inst
            ? this.#instanceSegments(asg, inst, from, to)
            : this.#pointSegments(from, to, (x) => this.#resourceServing(resource, r.id, x)),
      );
      if (h) out.push(h);
    }
    return out;
  }

  /** Number of healthy targets behind a load balancer at `t` (0 while it provisions or its region is down). */
  healthyTargetCount(lb: SimLoadBalancer, t: number): number {
    if (lb.deletedAt !== undefined && lb.deletedAt <= t) return 0;
    if (t < lb.activeAt || this.world.faults.isRegionDown(this.region, t)) return 0;
    const ids = new Set<string>();
    for (const tg of this.targetGroupsOf(lb))
      for (const h of this.targetHealth(tg, t)) if (h.state === 'healthy') ids.add(`${tg.arn}|${h.id}|${h.port}`);
    return ids.size;
  }

  /** Number of registered (not draining) targets behind a load balancer at `t`. */
  registeredTargetCount(lb: SimLoadBalancer, t: number): number {
    let n = 0;
    for (const tg of this.targetGroupsOf(lb))
      n += this.targetHealth(tg, t).filter((h) => h.state !== 'draining').length;
    return n;
  }

  /** Whether the load balancer serves requests at `t`: active, not deleted, at least one healthy target. */
  isLoadBalancerHealthy(lb: SimLoadBalancer, t: number): boolean {
    return this.healthyTargetCount(lb, t) > 0;
  }

  #resourceServing(resource: SimResource | undefined, id: string, t: number): boolean {
    if (this.world.faults.isRegionDown(this.region, t)) return false;
    if (!resource) return /^[0-9.:a-f]+$/i.test(id); // IP targets answer; unknown ids do not
    if (resource.deletedAt !== undefined && resource.deletedAt <= t) return false;
    if (resource.az && this.world.faults.isAzDown(resource.az, t)) return false;
    return resource.isHealthy(t);
  }

  /** Up/down segments of an instance between `from` and `to`, from its lifecycle and the outages. */
  #instanceSegments(asg: AutoScalingState, inst: SimInstance, from: number, to: number): Segment[] {
    const cuts = new Set<number>([from, to, inst.inServiceAt]);
    if (inst.failedAt !== undefined) cuts.add(inst.failedAt);
    if (inst.terminatedAt !== undefined) cuts.add(inst.terminatedAt);
    for (const f of this.world.faults.all()) {
      if ((f.kind === 'az-outage' && f.az === inst.az) || (f.kind === 'region-outage' && f.region === this.region)) {
        cuts.add(f.fromMs);
        if (Number.isFinite(f.untilMs)) cuts.add(f.untilMs);
      }
    }
    return this.#segments(
      [...cuts].filter((c) => c >= from && c <= to).sort((a, b) => a - b),
      (x) => asg.isServing(inst, x),
    );
  }

  /** For resources we only know "serving now?": sample at the ends. */
  #pointSegments(from: number, to: number, serving: (t: number) => boolean): Segment[] {
    return [{ from, to, up: serving(to) }];
  }

  #segments(points: number[], serving: (t: number) => boolean): Segment[] {
    const out: Segment[] = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const from = points[i]!;
      const to = points[i + 1]!;
      if (to <= from) continue;
      const up = serving(from);
      const last = out[out.length - 1];
      if (last && last.up === up) last.to = to;
      else out.push({ from, to, up });
    }
    return out;
  }

  #health(
    tg: SimTargetGroup,
    inUse: boolean,
    target: { id: string; port: number; az?: string },
    registeredAt: number,
    deregisteredAt: number | undefined,
    t: number,
    segmentsOf: (from: number, to: number) => Segment[],
  ): TargetHealthAt | undefined {
    if (t < registeredAt) return undefined;
    if (deregisteredAt !== undefined && t >= deregisteredAt) {
      if (t < deregisteredAt + tg.deregistrationDelaySeconds * 1000)
        return {
          ...target,
          state: 'draining',
          reason: 'Target.DeregistrationInProgress',
          description: 'Target deregistration is in progress',
        };
      return undefined;
    }
    if (!inUse)
      return {
        ...target,
        state: 'unused',
        reason: 'Target.NotInUse',
        description: 'Target group is not configured to receive traffic from the load balancer',
      };
    if (!tg.healthCheck.enabled)
      return {
        ...target,
        state: 'unavailable',
        reason: 'Target.HealthCheckDisabled',
        description: 'Health checks disabled',
      };
    const interval = tg.healthCheck.intervalSeconds * 1000;
    const toUnhealthy = tg.healthCheck.unhealthyThreshold * interval;
    const toHealthy = tg.healthCheck.healthyThreshold * interval;
    // Walk the up/down history since registration: a new target is healthy after one passing
    // check; a healthy one turns unhealthy after `UnhealthyThresholdCount` failures; an
    // unhealthy one recovers after `HealthyThresholdCount` successes.
    let state: 'initial' | 'healthy' | 'unhealthy' = 'initial';
    let everUp = false;
    for (const s of segmentsOf(registeredAt, t)) {
      const span = s.to - s.from;
      if (s.up) {
        const need = state === 'unhealthy' ? toHealthy : state === 'initial' ? interval : 0;
        if (span >= need) state = 'healthy';
        everUp = true;
      } else if (everUp || state !== 'initial') {
        if (state !== 'unhealthy' && span >= toUnhealthy) state = 'unhealthy';
      }
    }
    if (state === 'healthy') return { ...target, state };
    if (state === 'unhealthy') return { ...target, state, reason: 'Target.Timeout', description: 'Request timed out' };
    return { ...target, state, reason: 'Elb.InitialHealthChecking', description: 'Initial health checks in progress' };
  }
}
