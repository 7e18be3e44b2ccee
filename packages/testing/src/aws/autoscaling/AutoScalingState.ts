import type { SimState, SimWorld } from '../kernel/SimService';
import type { SimResource } from '../kernel/SimResources';
import { SeededRandom } from '../../time/SeededRandom';

/**
 * How long Auto Scaling takes to do things, in virtual ms. Ranges are `[min, max]`; each event
 * draws a value from the state's seeded generator and multiplies it by the `latency:autoscaling`
 * factor in force.
 */
export interface AutoScalingTimings {
  /**
   * Launch to `InService` (boot, user data, lifecycle hooks). Default 3-5 min: EC2 Linux
   * instances usually reach `running` within a minute and applications take a few more to
   * start, which is why the console suggests a 300 s health check grace period.
   */
  readonly launchMs: readonly [number, number];
  /**
   * Failure to `Unhealthy` (health check detection and the group's reaction). Default 1-2 min:
   * an ALB marks a target unhealthy after `UnhealthyThresholdCount` (2) × 30 s failed checks,
   * and Auto Scaling acts on its next health check pass.
   */
  readonly detectionMs: readonly [number, number];
  /**
   * Extra delay before replacements for instances lost with an availability zone are launched:
   * launches into the impaired zone fail first and Auto Scaling then rebalances to the healthy
   * zones. Default 4-6 min, so an AZ loss recovers in about 10-15 min as the DR plan expects.
   */
  readonly azReplacementMs: readonly [number, number];
  /** `Terminating` to `Terminated` for a group behind a load balancer (connection draining; ELB default 300 s). */
  readonly drainMs: number;
  /** `Terminating` to `Terminated` for a group without a load balancer (instance shutdown). Default 45 s. */
  readonly shutdownMs: number;
}

/** The default {@link AutoScalingTimings}. */
export const DEFAULT_AUTOSCALING_TIMINGS: AutoScalingTimings = {
  launchMs: [3 * 60_000, 5 * 60_000],
  detectionMs: [60_000, 2 * 60_000],
  azReplacementMs: [4 * 60_000, 6 * 60_000],
  drainMs: 300_000,
  shutdownMs: 45_000,
};

/** Why an instance stopped working. */
export type InstanceFailureCause = 'instance-failure' | 'az-outage' | 'set-unhealthy';

/** One EC2 instance of a simulated Auto Scaling group; every state change is a timestamp. */
export interface SimInstance {
  readonly id: string;
  readonly groupName: string;
  readonly region: string;
  readonly az: string;
  readonly instanceType: string;
  readonly launchedAt: number;
  /** When it becomes `InService` (and its application answers). */
  readonly inServiceAt: number;
  protectedFromScaleIn: boolean;
  /** When it stopped working (crash, AZ loss), if it did. */
  failedAt?: number;
  failureCause?: InstanceFailureCause;
  /** When Auto Scaling will notice the failure (drawn when it fails). */
  detectAt?: number;
  /** When Auto Scaling marked it `Unhealthy` (and started replacing it). */
  unhealthyAt?: number;
  terminatingAt?: number;
  terminatedAt?: number;
  /** The simulated-resource entry (type `EC2`) registered for it. */
  resource?: SimResource;
}

/** A target group attachment, kept with its history so past target health can be recomputed. */
export interface TargetGroupAttachment {
  readonly arn: string;
  readonly attachedAt: number;
  detachedAt?: number;
}

/** One scaling activity (launch or termination of one instance). */
export interface SimActivity {
  readonly activityId: string;
  readonly groupName: string;
  readonly groupArn: string;
  readonly kind: 'launch' | 'terminate';
  readonly instanceId: string;
  readonly description: string;
  readonly cause: string;
  readonly startTime: number;
}

/** A simulated Auto Scaling group. */
export interface SimAutoScalingGroup {
  readonly name: string;
  readonly arn: string;
  readonly region: string;
  readonly createdAt: number;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  defaultCooldown: number;
  availabilityZones: string[];
  vpcZoneIdentifier?: string;
  healthCheckType: string;
  healthCheckGracePeriod: number;
  launchTemplate?: { LaunchTemplateId?: string; LaunchTemplateName?: string; Version?: string };
  launchConfigurationName?: string;
  instanceType: string;
  targetGroups: TargetGroupAttachment[];
  tags: Array<{ Key: string; Value: string; PropagateAtLaunch: boolean }>;
  terminationPolicies: string[];
  newInstancesProtectedFromScaleIn: boolean;
  instances: SimInstance[];
  /** Last time a scaling activity started (for `HonorCooldown`). */
  lastScalingAt: number;
  /** When the group next compares desired and actual capacity (replacements), if scheduled. */
  reconcileAt?: number;
  deletedAt?: number;
}

/** What {@link AutoScalingState.createGroup} needs; the same shape topology code and the API use. */
export interface CreateGroupOptions {
  name: string;
  minSize: number;
  maxSize: number;
  desiredCapacity?: number;
  /** Availability zones; default the region's `a`, `b` and `c` zones. */
  availabilityZones?: string[];
  vpcZoneIdentifier?: string;
  targetGroupArns?: string[];
  healthCheckType?: 'EC2' | 'ELB';
  healthCheckGracePeriod?: number;
  defaultCooldown?: number;
  instanceType?: string;
  launchTemplate?: { LaunchTemplateId?: string; LaunchTemplateName?: string; Version?: string };
  launchConfigurationName?: string;
  tags?: Array<{ Key: string; Value?: string; PropagateAtLaunch?: boolean }>;
  terminationPolicies?: string[];
  newInstancesProtectedFromScaleIn?: boolean;
  /**
   * Start the group already in steady state: its instances were launched long enough ago that
   * they are `InService` now (topology presets use this). Default false: instances launch now.
   */
  inService?: boolean;
}

/**
 * Cheap, readable ISO time for activity causes.
 *
 * @example
 * ```ts
 * isoSeconds(Date.parse('2026-11-22T03:00:00.123Z')); // '2026-11-22T03:00:00Z'
 * ```
 */
export function isoSeconds(t: number): string {
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The Auto Scaling state of one region: groups, their instances and scaling activities.
 * Everything time-dependent is a timestamp; {@link AutoScalingState.sync} processes the events
 * (faults, failure detection, replacements) in time order up to the current virtual time, so
 * the outcome does not depend on how often the state is looked at.
 *
 * @example
 * ```ts
 * const asg = cloud.state(autoscalingService, 'us-east-1');
 * asg.createGroup({ name: 'jobs-api', minSize: 2, maxSize: 6, desiredCapacity: 2, inService: true });
 * asg.inServiceCount('jobs-api'); // 2
 * ```
 */
export class AutoScalingState implements SimState {
  readonly region: string;
  readonly world: SimWorld;
  timings: AutoScalingTimings = DEFAULT_AUTOSCALING_TIMINGS;
  readonly groups = new Map<string, SimAutoScalingGroup>();
  readonly activities: SimActivity[] = [];
  readonly #instances = new Map<string, SimInstance>();
  readonly #processedFaults = new Set<number>();
  readonly #rng: SeededRandom;
  #syncing = false;

  constructor(region: string, world: SimWorld) {
    this.region = region;
    this.world = world;
    this.#rng = world.rng.fork(`autoscaling:${region}`);
  }

  /** The region's default availability zones (`us-east-1a`, `…b`, `…c`). */
  defaultZones(): string[] {
    return ['a', 'b', 'c'].map((l) => `${this.region}${l}`);
  }

  /** A group that exists (not deleted), if any. */
  group(name: string): SimAutoScalingGroup | undefined {
    const g = this.groups.get(name);
    return g && g.deletedAt === undefined ? g : undefined;
  }

  /** Every live group, in creation order. */
  liveGroups(): SimAutoScalingGroup[] {
    return [...this.groups.values()].filter((g) => g.deletedAt === undefined);
  }

  /** An instance by id (including terminated ones, which are kept for history). */
  instance(id: string): SimInstance | undefined {
    return this.#instances.get(id);
  }

  /** Every instance ever launched in this region. */
  allInstances(): SimInstance[] {
    return [...this.#instances.values()];
  }

  /** The lifecycle state of an instance at `t`. */
  lifecycleState(i: SimInstance, t: number): 'Pending' | 'InService' | 'Terminating' | 'Terminated' {
    if (i.terminatedAt !== undefined && t >= i.terminatedAt) return 'Terminated';
    if (i.terminatingAt !== undefined && t >= i.terminatingAt) return 'Terminating';
    if (t >= i.inServiceAt) return 'InService';
    return 'Pending';
  }

  /** `Healthy` or `Unhealthy` as Auto Scaling reports it at `t`. */
  healthStatus(i: SimInstance, t: number): 'Healthy' | 'Unhealthy' {
    return i.unhealthyAt !== undefined && t >= i.unhealthyAt ? 'Unhealthy' : 'Healthy';
  }

  /**
   * Whether the instance's application answers at `t`: launched and booted, not failed, not
   * terminated, its availability zone and region up.
   */
  isServing(i: SimInstance, t: number): boolean {
    if (t < i.inServiceAt || t < i.launchedAt) return false;
    if (i.failedAt !== undefined && t >= i.failedAt) return false;
    if (i.terminatedAt !== undefined && t >= i.terminatedAt) return false;
    if (this.world.faults.isAzDown(i.az, t) || this.world.faults.isRegionDown(this.region, t)) return false;
    return true;
  }

  /** Instances that count toward the group's capacity at `t` (launched, not terminating). */
  liveInstances(group: SimAutoScalingGroup, t: number): SimInstance[] {
    return group.instances.filter((i) => i.launchedAt <= t && (i.terminatingAt === undefined || t < i.terminatingAt));
  }

  /** Number of `InService`, `Healthy` instances of a group now. */
  inServiceCount(name: string, t = this.world.clock.now()): number {
    const g = this.group(name);
    if (!g) return 0;
    return this.liveInstances(g, t).filter(
      (i) => this.lifecycleState(i, t) === 'InService' && this.healthStatus(i, t) === 'Healthy',
    ).length;
  }

  // ---- state API (used by the handlers and by topology code) -------------------------------

  /**
   * Creates a group and launches its desired capacity. Validation is the caller's job (the
   * handler checks the request like the real service does).
   */
  createGroup(options: CreateGroupOptions, now = this.world.clock.now()): SimAutoScalingGroup {
    const zones = options.availabilityZones?.length
      ? [...options.availabilityZones]
      : options.vpcZoneIdentifier
        ? this.zonesForSubnets(options.vpcZoneIdentifier)
        : this.defaultZones();
    const group: SimAutoScalingGroup = {
      name: options.name,
      arn: `arn:aws:autoscaling:${this.region}:${this.world.accountId}:autoScalingGroup:${this.#rng.uuid()}:autoScalingGroupName/${options.name}`,
      region: this.region,
      createdAt: options.inService ? now - 3_600_000 : now,
      minSize: options.minSize,
      maxSize: options.maxSize,
      desiredCapacity: options.desiredCapacity ?? options.minSize,
      defaultCooldown: options.defaultCooldown ?? 300,
      availabilityZones: zones,
      ...(options.vpcZoneIdentifier ? { vpcZoneIdentifier: options.vpcZoneIdentifier } : {}),
      healthCheckType: options.healthCheckType ?? 'EC2',
      healthCheckGracePeriod: options.healthCheckGracePeriod ?? 0,
      ...(options.launchTemplate ? { launchTemplate: options.launchTemplate } : {}),
      ...(options.launchConfigurationName ? { launchConfigurationName: options.launchConfigurationName } : {}),
      instanceType: options.instanceType ?? 't3.medium',
      targetGroups: (options.targetGroupArns ?? []).map((arn) => ({
        arn,
        attachedAt: options.inService ? now - 3_600_000 : now,
      })),
      tags: (options.tags ?? []).map((t) => ({
        Key: t.Key,
        Value: t.Value ?? '',
        PropagateAtLaunch: t.PropagateAtLaunch ?? false,
      })),
      terminationPolicies: options.terminationPolicies ?? ['Default'],
      newInstancesProtectedFromScaleIn: options.newInstancesProtectedFromScaleIn ?? false,
      instances: [],
      lastScalingAt: now,
    };
    this.groups.set(group.name, group);
    const at = options.inService ? now - 3_600_000 : now;
    const cause = `At ${isoSeconds(at)} a user request created an AutoScalingGroup changing the desired capacity from 0 to ${group.desiredCapacity}.`;
    this.#launch(group, group.desiredCapacity, at, cause);
    return group;
  }

  /**
   * Changes capacity limits and reconciles at once (launching or terminating instances).
   * Unspecified values are kept; a new min above the desired capacity raises it (and a new
   * max below lowers it), as the real service does.
   */
  updateCapacity(
    name: string,
    change: { minSize?: number; maxSize?: number; desiredCapacity?: number },
    now = this.world.clock.now(),
  ): SimAutoScalingGroup {
    const g = this.#mustGroup(name);
    const before = g.desiredCapacity;
    if (change.minSize !== undefined) g.minSize = change.minSize;
    if (change.maxSize !== undefined) g.maxSize = change.maxSize;
    if (change.desiredCapacity !== undefined) g.desiredCapacity = change.desiredCapacity;
    else g.desiredCapacity = Math.min(g.maxSize, Math.max(g.minSize, g.desiredCapacity));
    if (g.desiredCapacity !== before) {
      g.lastScalingAt = now;
      const why =
        change.minSize !== undefined || change.maxSize !== undefined
          ? `a user request update of AutoScalingGroup constraints to min: ${g.minSize}, max: ${g.maxSize}, desired: ${g.desiredCapacity} changing the desired capacity from ${before} to ${g.desiredCapacity}`
          : `a user request explicitly set group desired capacity changing the desired capacity from ${before} to ${g.desiredCapacity}`;
      this.#reconcile(g, now, `At ${isoSeconds(now)} ${why}.`);
    }
    return g;
  }

  /** Attaches target groups; their targets follow the group's instances from now on. */
  attachTargetGroups(name: string, arns: readonly string[], now = this.world.clock.now()): void {
    const g = this.#mustGroup(name);
    for (const arn of arns) {
      if (!this.attachedTargetGroups(g).includes(arn)) g.targetGroups.push({ arn, attachedAt: now });
    }
  }

  /** Detaches target groups (their targets drain). */
  detachTargetGroups(name: string, arns: readonly string[], now = this.world.clock.now()): void {
    const g = this.#mustGroup(name);
    for (const a of g.targetGroups) if (a.detachedAt === undefined && arns.includes(a.arn)) a.detachedAt = now;
  }

  /** ARNs of the target groups attached now. */
  attachedTargetGroups(g: SimAutoScalingGroup): string[] {
    return g.targetGroups.filter((a) => a.detachedAt === undefined).map((a) => a.arn);
  }

  /**
   * Terminates one instance; with `decrement` the desired capacity drops by one, otherwise a
   * replacement is launched. Returns the termination activity.
   */
  terminateInstance(id: string, decrement: boolean, now = this.world.clock.now()): SimActivity {
    const inst = this.#instances.get(id);
    const g = inst ? this.group(inst.groupName) : undefined;
    if (!inst || !g) throw new Error(`unknown instance ${id}`);
    const before = g.desiredCapacity;
    if (decrement) g.desiredCapacity = Math.max(0, g.desiredCapacity - 1);
    const cause = decrement
      ? `At ${isoSeconds(now)} instance ${id} was taken out of service in response to a user request, shrinking the capacity from ${before} to ${g.desiredCapacity}.`
      : `At ${isoSeconds(now)} instance ${id} was taken out of service in response to a user request.`;
    const activity = this.#terminate(g, inst, now, cause);
    g.lastScalingAt = now;
    this.#reconcile(g, now);
    return activity;
  }

  /**
   * Makes an instance fail now, as an `instance-failure` fault would (its application stops
   * answering; Auto Scaling notices after the detection delay and replaces it).
   */
  failInstance(id: string, now = this.world.clock.now()): void {
    const inst = this.#instances.get(id);
    if (!inst) throw new Error(`unknown instance ${id}`);
    if (inst.failedAt === undefined) this.#fail(inst, now, 'instance-failure');
  }

  /** Marks an instance unhealthy (as `SetInstanceHealth` does); Auto Scaling replaces it. */
  setUnhealthy(id: string, now = this.world.clock.now()): void {
    const inst = this.#instances.get(id);
    if (!inst) throw new Error(`unknown instance ${id}`);
    if (inst.unhealthyAt !== undefined) return;
    inst.failedAt ??= now;
    inst.failureCause ??= 'set-unhealthy';
    this.#detect(inst, now);
  }

  /**
   * Deletes a group; its instances terminate. The caller checks `ForceDelete` rules first.
   */
  deleteGroup(name: string, now = this.world.clock.now()): void {
    const g = this.#mustGroup(name);
    for (const i of this.liveInstances(g, now)) {
      this.#terminate(g, i, now, `At ${isoSeconds(now)} the AutoScalingGroup was deleted.`);
    }
    g.desiredCapacity = 0;
    g.deletedAt = now;
  }

  /** Maps subnet ids to this region's zones: the n-th subnet of the list is in zone a, b, c… */
  zonesForSubnets(vpcZoneIdentifier: string): string[] {
    const subnets = vpcZoneIdentifier
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const zones = this.defaultZones();
    return [...new Set(subnets.map((_, i) => zones[i % zones.length]!))];
  }

  // ---- time ---------------------------------------------------------------------------------

  /** Processes faults, failure detection and replacements in time order up to `now`. */
  sync(now: number): void {
    if (this.#syncing) return;
    this.#syncing = true;
    try {
      for (let guard = 0; guard < 100_000; guard++) {
        const next = this.#nextEvent(now);
        if (!next) break;
        next.apply();
      }
    } finally {
      this.#syncing = false;
    }
  }

  #nextEvent(now: number): { at: number; apply: () => void } | undefined {
    let best: { at: number; apply: () => void } | undefined;
    const consider = (at: number, apply: () => void) => {
      if (at <= now && (!best || at < best.at)) best = { at, apply };
    };
    for (const f of this.world.faults.all()) {
      if (this.#processedFaults.has(f.id) || f.fromMs > now) continue;
      if (f.kind === 'instance-failure') {
        const g = this.groups.get(f.group);
        if (!g) continue;
        const at = Math.max(f.fromMs, g.createdAt);
        consider(at, () => {
          this.#processedFaults.add(f.id);
          this.#failOneInstance(g, at);
        });
      } else if (f.kind === 'az-outage' && f.az.startsWith(this.region)) {
        consider(f.fromMs, () => {
          this.#processedFaults.add(f.id);
          this.#failZone(f.az, f.fromMs);
        });
      }
    }
    for (const i of this.#instances.values()) {
      if (i.detectAt === undefined || i.unhealthyAt !== undefined || i.terminatingAt !== undefined) continue;
      const at = i.detectAt;
      consider(at, () => this.#detect(i, at));
    }
    for (const g of this.groups.values()) {
      if (g.deletedAt !== undefined || g.reconcileAt === undefined) continue;
      const at = g.reconcileAt;
      consider(at, () => {
        g.reconcileAt = undefined;
        this.#reconcile(g, at);
      });
    }
    return best;
  }

  // Draws happen only while applying events (in time order) or in calls, never while scanning,
  // so the outcome does not depend on how often the state is synced.
  #draw(range: readonly [number, number], at: number): number {
    return Math.round(
      (range[0] + (range[1] - range[0]) * this.#rng.next()) * this.world.faults.latencyFactor('autoscaling', at),
    );
  }

  #fail(i: SimInstance, at: number, cause: InstanceFailureCause): void {
    i.failedAt = at;
    i.failureCause = cause;
    i.detectAt = at + this.#draw(this.timings.detectionMs, at);
  }

  #failOneInstance(g: SimAutoScalingGroup, at: number): void {
    const live = this.liveInstances(g, at).filter((i) => i.failedAt === undefined);
    const inService = live.filter((i) => this.lifecycleState(i, at) === 'InService');
    const pool = inService.length ? inService : live;
    if (!pool.length) return;
    this.#fail(this.#rng.pick(pool), at, 'instance-failure');
  }

  #failZone(az: string, at: number): void {
    for (const i of this.#instances.values()) {
      if (i.az !== az || i.launchedAt > at || i.failedAt !== undefined) continue;
      if (i.terminatingAt !== undefined && i.terminatingAt <= at) continue;
      this.#fail(i, at, 'az-outage');
    }
  }

  #detect(i: SimInstance, at: number): void {
    const g = this.groups.get(i.groupName);
    i.unhealthyAt = at;
    if (!g || g.deletedAt !== undefined) return;
    const check = g.healthCheckType === 'ELB' ? 'an ELB system health check failure' : 'an EC2 health check';
    const reason =
      i.failureCause === 'set-unhealthy'
        ? `At ${isoSeconds(at)} an instance was taken out of service in response to a user health-check.`
        : `At ${isoSeconds(at)} an instance was taken out of service in response to ${check} indicating it has been terminated or stopped.`;
    this.#terminate(g, i, at, reason);
    const delay = i.failureCause === 'az-outage' ? this.#draw(this.timings.azReplacementMs, at) : 0;
    const when = at + delay;
    if (delay === 0) this.#reconcile(g, at);
    else if (g.reconcileAt === undefined || g.reconcileAt > when) g.reconcileAt = when;
  }

  #terminate(g: SimAutoScalingGroup, i: SimInstance, at: number, cause: string): SimActivity {
    i.terminatingAt ??= at;
    const drain = this.attachedTargetGroups(g).length ? this.timings.drainMs : this.timings.shutdownMs;
    i.terminatedAt ??= i.terminatingAt + drain;
    return this.#activity(g, 'terminate', i.id, `Terminating EC2 instance: ${i.id}`, cause, at);
  }

  /** Launches or terminates instances so the live count matches the desired capacity at `at`. */
  #reconcile(g: SimAutoScalingGroup, at: number, cause?: string): void {
    const live = this.liveInstances(g, at);
    const diff = g.desiredCapacity - live.length;
    if (diff > 0) {
      this.#launch(
        g,
        diff,
        at,
        cause ??
          `At ${isoSeconds(at)} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from ${live.length} to ${g.desiredCapacity}.`,
      );
    } else if (diff < 0) {
      for (const victim of this.#scaleInVictims(g, live, -diff)) {
        this.#terminate(
          g,
          victim,
          at,
          `${cause ? `${cause}  ` : ''}At ${isoSeconds(at)} an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from ${live.length} to ${g.desiredCapacity}.`,
        );
      }
    }
  }

  /**
   * The default termination policy, simplified: balance zones first (take from the zone with
   * the most instances), prefer failed instances, then the oldest; protected instances are never
   * chosen.
   */
  #scaleInVictims(g: SimAutoScalingGroup, live: SimInstance[], count: number): SimInstance[] {
    const pool = live.filter((i) => !i.protectedFromScaleIn);
    const victims: SimInstance[] = [];
    for (let n = 0; n < count && pool.length; n++) {
      const perZone = new Map<string, number>();
      for (const i of pool) perZone.set(i.az, (perZone.get(i.az) ?? 0) + 1);
      const most = Math.max(...perZone.values());
      const candidates = pool
        .filter((i) => perZone.get(i.az) === most)
        .sort(
          (a, b) => Number(b.failedAt !== undefined) - Number(a.failedAt !== undefined) || a.launchedAt - b.launchedAt,
        );
      const victim = candidates[0]!;
      victims.push(victim);
      pool.splice(pool.indexOf(victim), 1);
    }
    return victims;
  }

  #launch(g: SimAutoScalingGroup, count: number, at: number, cause: string): void {
    const healthyZones = g.availabilityZones.filter((z) => !this.world.faults.isAzDown(z, at));
    if (!healthyZones.length) {
      // Every zone is down: retry when the first outage ends (if it ever does).
      const ends = this.world.faults
        .active(at)
        .flatMap((f) => (f.kind === 'az-outage' && g.availabilityZones.includes(f.az) ? [f.untilMs] : []));
      const retry = Math.min(...ends);
      if (Number.isFinite(retry)) g.reconcileAt = Math.min(g.reconcileAt ?? Infinity, retry);
      return;
    }
    for (let n = 0; n < count; n++) {
      const live = this.liveInstances(g, at);
      const az = healthyZones
        .map((z, idx) => ({ z, idx, n: live.filter((i) => i.az === z).length }))
        .sort((a, b) => a.n - b.n || a.idx - b.idx)[0]!.z;
      const id = `i-0${this.#rng.hex(16)}`;
      const launchMs = this.#draw(this.timings.launchMs, at);
      const inst: SimInstance = {
        id,
        groupName: g.name,
        region: this.region,
        az,
        instanceType: g.instanceType,
        launchedAt: at,
        inServiceAt: at + launchMs,
        protectedFromScaleIn: g.newInstancesProtectedFromScaleIn,
      };
      inst.resource = this.#registerResource(g, inst);
      g.instances.push(inst);
      this.#instances.set(id, inst);
      this.#activity(g, 'launch', id, `Launching a new EC2 instance: ${id}`, cause, at);
    }
    g.lastScalingAt = Math.max(g.lastScalingAt, at);
  }

  #registerResource(g: SimAutoScalingGroup, inst: SimInstance): SimResource {
    const world = this.world;
    const tags: Record<string, string> = { 'aws:autoscaling:groupName': g.name };
    for (const t of g.tags) if (t.PropagateAtLaunch) tags[t.Key] = t.Value;
    const resource: SimResource = {
      arn: `arn:aws:ec2:${this.region}:${world.accountId}:instance/${inst.id}`,
      id: inst.id,
      type: 'EC2',
      region: this.region,
      az: inst.az,
      createdAt: inst.launchedAt,
      tags,
      createdBy: 'autoscaling',
      isHealthy: (t: number) => {
        this.sync(world.clock.now());
        return this.isServing(inst, t);
      },
      get deletedAt() {
        return inst.terminatedAt !== undefined && inst.terminatedAt <= world.clock.now()
          ? inst.terminatedAt
          : undefined;
      },
    };
    world.resources.register(resource);
    return resource;
  }

  #activity(
    g: SimAutoScalingGroup,
    kind: SimActivity['kind'],
    instanceId: string,
    description: string,
    cause: string,
    at: number,
  ): SimActivity {
    const a: SimActivity = {
      activityId: this.#rng.uuid(),
      groupName: g.name,
      groupArn: g.arn,
      kind,
      instanceId,
      description,
      cause,
      startTime: at,
    };
    this.activities.push(a);
    return a;
  }

  /** When an activity ends (launch: `InService`; termination: `Terminated`). */
  activityEnd(a: SimActivity): number | undefined {
    const i = this.#instances.get(a.instanceId);
    if (!i) return undefined;
    return a.kind === 'launch' ? i.inServiceAt : i.terminatedAt;
  }

  #mustGroup(name: string): SimAutoScalingGroup {
    const g = this.group(name);
    if (!g) throw new Error(`unknown Auto Scaling group ${name}`);
    return g;
  }
}
