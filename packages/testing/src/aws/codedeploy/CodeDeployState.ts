import { createHash } from 'node:crypto';
import type { SimState, SimWorld } from '../kernel/SimService';
import { SeededRandom } from '../../time/SeededRandom';
import { autoscalingService } from '../autoscaling';
import { cloudwatchService, type SimAlarm } from '../cloudwatch';

/** A revision location exactly as the CodeDeploy API spells it. */
export interface RevisionLocation {
  revisionType?: string;
  s3Location?: { bucket?: string; key?: string; bundleType?: string; version?: string; eTag?: string };
  gitHubLocation?: { repository?: string; commitId?: string };
  string?: { content?: string; sha256?: string };
  appSpecContent?: { content?: string; sha256?: string };
}

/** Timings of deployments, `[min, max]` ms, multiplied by the `latency:codedeploy` factor. */
export interface CodeDeployTimings {
  /** `Created` → `InProgress`. Default 5-15 s. */
  readonly queueMs: readonly [number, number];
  /**
   * One batch of instances (download the bundle, run the ApplicationStop … ValidateService
   * hooks, deregister/re-register with the load balancer). Default 1-2 min; a one-at-a-time
   * deployment over N instances takes N batches.
   */
  readonly batchMs: readonly [number, number];
}

/** The default {@link CodeDeployTimings}. */
export const DEFAULT_CODEDEPLOY_TIMINGS: CodeDeployTimings = {
  queueMs: [5_000, 15_000],
  batchMs: [60_000, 120_000],
};

/** A simulated CodeDeploy application. */
export interface SimApplication {
  readonly id: string;
  readonly name: string;
  readonly computePlatform: string;
  readonly createdAt: number;
}

/** Automatic rollback settings (API shape). */
export interface AutoRollbackConfiguration {
  enabled?: boolean;
  events?: string[];
}

/** A simulated deployment group. */
export interface SimDeploymentGroup {
  readonly id: string;
  readonly applicationName: string;
  readonly name: string;
  deploymentConfigName: string;
  autoScalingGroups: string[];
  ec2TagFilters: Array<{ Key?: string; Value?: string; Type?: string }>;
  serviceRoleArn: string;
  autoRollbackConfiguration?: AutoRollbackConfiguration;
  alarmConfiguration?: { enabled?: boolean; ignorePollAlarmFailure?: boolean; alarms?: Array<{ name?: string }> };
  deploymentStyle?: { deploymentType?: string; deploymentOption?: string };
  loadBalancerInfo?: Record<string, unknown>;
  triggerConfigurations: unknown[];
  outdatedInstancesStrategy: string;
  readonly createdAt: number;
}

/** A registered revision of an application. */
export interface SimRevision {
  readonly key: string;
  readonly applicationName: string;
  readonly location: RevisionLocation;
  readonly registeredAt: number;
  description?: string;
}

/** How a revision marked bad misbehaves (see {@link CodeDeployState.markRevisionBad}). */
export interface BadRevision {
  /** The deployment fails (a lifecycle hook such as ValidateService fails). Default true. */
  readonly failsDeployment: boolean;
  /** Share of requests the application answers with a 5xx once this revision serves traffic. Default 0.35. */
  readonly errorRate: number;
}

/** A simulated deployment; its status is derived from its timestamps. */
export interface SimDeployment {
  readonly id: string;
  readonly applicationName: string;
  readonly groupName: string;
  readonly configName: string;
  readonly revision: RevisionLocation;
  readonly revisionKey: string;
  readonly previousRevision?: RevisionLocation;
  readonly description?: string;
  readonly creator: 'user' | 'codeDeployRollback' | 'autoscaling';
  readonly createdAt: number;
  readonly startAt: number;
  /** When it ends if nothing stops it. */
  readonly endAt: number;
  readonly outcome: 'Succeeded' | 'Failed';
  readonly errorInformation?: { code: string; message: string };
  readonly instanceCount: number;
  readonly autoRollbackConfiguration?: AutoRollbackConfiguration;
  stoppedAt?: number;
  stopInfo?: { code: string; message: string };
  rollbackInfo?: { rollbackDeploymentId?: string; rollbackTriggeringDeploymentId?: string; rollbackMessage?: string };
  /** Set once the failure roll-back (if any) has been handled. */
  failureHandled?: boolean;
}

/** Options of {@link CodeDeployState.createDeploymentGroup}. */
export interface CreateDeploymentGroupOptions {
  applicationName: string;
  name: string;
  autoScalingGroups?: string[];
  ec2TagFilters?: SimDeploymentGroup['ec2TagFilters'];
  serviceRoleArn?: string;
  deploymentConfigName?: string;
  autoRollbackConfiguration?: AutoRollbackConfiguration;
  alarmConfiguration?: SimDeploymentGroup['alarmConfiguration'];
  deploymentStyle?: SimDeploymentGroup['deploymentStyle'];
  loadBalancerInfo?: Record<string, unknown>;
  triggerConfigurations?: unknown[];
  outdatedInstancesStrategy?: string;
}

/** The built-in EC2 deployment configurations and how many batches they deploy in. */
export const DEPLOYMENT_CONFIGS: Record<string, (instances: number) => number> = {
  'CodeDeployDefault.OneAtATime': (n) => Math.max(1, n),
  'CodeDeployDefault.HalfAtATime': (n) => Math.min(2, Math.max(1, n)),
  'CodeDeployDefault.AllAtOnce': () => 1,
};

/**
 * A stable identity for a revision location.
 *
 * @example
 * ```ts
 * revisionKey({ revisionType: 'S3', s3Location: { bucket: 'releases', key: 'app-v2.zip', bundleType: 'zip' } });
 * ```
 */
export function revisionKey(location: RevisionLocation): string {
  const t = location.revisionType ?? '';
  if (t === 'S3') {
    const s = location.s3Location ?? {};
    return `S3:${s.bucket ?? ''}/${s.key ?? ''}@${s.version ?? ''}#${s.eTag ?? ''}:${s.bundleType ?? ''}`;
  }
  if (t === 'GitHub')
    return `GitHub:${location.gitHubLocation?.repository ?? ''}@${location.gitHubLocation?.commitId ?? ''}`;
  const raw = t === 'String' ? location.string : location.appSpecContent;
  const sha =
    raw?.sha256 ??
    createHash('sha256')
      .update(raw?.content ?? '')
      .digest('hex');
  return `${t}:${sha}`;
}

/**
 * A short human label for a revision (`app-v2.zip`, a commit id, a content hash prefix).
 *
 * @example
 * ```ts
 * revisionLabel({ revisionType: 'S3', s3Location: { bucket: 'releases', key: 'app-v2.zip', bundleType: 'zip' } }); // 'app-v2.zip'
 * ```
 */
export function revisionLabel(location: RevisionLocation): string {
  if (location.revisionType === 'S3') {
    const key = location.s3Location?.key ?? '';
    return key.split('/').pop() || key;
  }
  if (location.revisionType === 'GitHub') return (location.gitHubLocation?.commitId ?? '').slice(0, 12);
  return revisionKey(location).split(':')[1]!.slice(0, 12);
}

/**
 * CodeDeploy state of one region: applications, deployment groups, registered revisions and
 * deployments. A deployment is `Created`, then `InProgress` after a short queue, then
 * `Succeeded` after one batch per instance group — or `Failed` when its revision was marked
 * bad (see {@link CodeDeployState.markRevisionBad}), which with automatic rollback starts a
 * rollback deployment to the last successful revision.
 *
 * @example
 * ```ts
 * const cd = cloud.state(codedeployService, 'us-east-1');
 * cd.createApplication('jobs-api');
 * cd.createDeploymentGroup({ applicationName: 'jobs-api', name: 'prod', autoScalingGroups: ['jobs-api'],
 *   autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] } });
 * cd.markRevisionBad('jobs-api', { revisionType: 'S3', s3Location: { bucket: 'b', key: 'v2.zip', bundleType: 'zip' } });
 * ```
 */
export class CodeDeployState implements SimState {
  readonly region: string;
  readonly world: SimWorld;
  timings: CodeDeployTimings = DEFAULT_CODEDEPLOY_TIMINGS;
  readonly applications = new Map<string, SimApplication>();
  readonly groups = new Map<string, SimDeploymentGroup>();
  readonly revisions: SimRevision[] = [];
  readonly deployments = new Map<string, SimDeployment>();
  readonly badRevisions = new Map<string, BadRevision>();
  readonly #rng: SeededRandom;
  #syncing = false;
  #watching = false;
  #checkedUntil: number | undefined;

  constructor(region: string, world: SimWorld) {
    this.region = region;
    this.world = world;
    this.#rng = world.rng.fork(`codedeploy:${region}`);
  }

  /** The alarms a deployment group watches (when its alarm configuration is enabled). */
  watchedAlarms(g: SimDeploymentGroup): string[] {
    if (g.alarmConfiguration?.enabled !== true) return [];
    return (g.alarmConfiguration.alarms ?? []).flatMap((a) => (a.name ? [a.name] : []));
  }

  /**
   * Subscribes to the region's alarm transitions once (not in the constructor: creating the
   * CloudWatch state evaluates alarms, which reads this state back).
   */
  #watchAlarms(): void {
    if (this.#watching) return;
    this.#watching = true;
    this.world.state(cloudwatchService, this.region).onAlarmTransition((alarm, _from, to, at) => {
      if (to === 'ALARM') this.#onAlarm(alarm, at);
    });
  }

  #onAlarm(alarm: SimAlarm, at: number): void {
    for (const d of this.deployments.values()) {
      // Rollbacks are not stopped by the alarm that (most likely) caused them.
      if (d.creator === 'codeDeployRollback') continue;
      if (d.createdAt > at || !['Created', 'InProgress'].includes(this.status(d, at))) continue;
      const g = this.group(d.applicationName, d.groupName);
      if (!g || !this.watchedAlarms(g).includes(alarm.name)) continue;
      this.stopDeployment(d.id, this.#rollsBackOn(d, 'DEPLOYMENT_STOP_ON_ALARM'), at, {
        code: 'ALARM_ACTIVE',
        message: `One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: <${alarm.name}>`,
      });
    }
  }

  static groupKey(applicationName: string, groupName: string): string {
    return `${applicationName}\u0000${groupName}`;
  }

  // ---- state API ------------------------------------------------------------------------------

  /** Creates an application (or returns the existing one). */
  createApplication(name: string, computePlatform = 'Server'): SimApplication {
    const existing = this.applications.get(name);
    if (existing) return existing;
    const app: SimApplication = { id: this.#rng.uuid(), name, computePlatform, createdAt: this.world.clock.now() };
    this.applications.set(name, app);
    return app;
  }

  /** Creates a deployment group of an existing application. */
  createDeploymentGroup(options: CreateDeploymentGroupOptions): SimDeploymentGroup {
    const g: SimDeploymentGroup = {
      id: this.#rng.uuid(),
      applicationName: options.applicationName,
      name: options.name,
      deploymentConfigName: options.deploymentConfigName ?? 'CodeDeployDefault.OneAtATime',
      autoScalingGroups: [...(options.autoScalingGroups ?? [])],
      ec2TagFilters: [...(options.ec2TagFilters ?? [])],
      serviceRoleArn: options.serviceRoleArn ?? `arn:aws:iam::${this.world.accountId}:role/CodeDeployServiceRole`,
      ...(options.autoRollbackConfiguration ? { autoRollbackConfiguration: options.autoRollbackConfiguration } : {}),
      ...(options.alarmConfiguration ? { alarmConfiguration: options.alarmConfiguration } : {}),
      deploymentStyle: options.deploymentStyle ?? {
        deploymentType: 'IN_PLACE',
        deploymentOption: 'WITHOUT_TRAFFIC_CONTROL',
      },
      ...(options.loadBalancerInfo ? { loadBalancerInfo: options.loadBalancerInfo } : {}),
      triggerConfigurations: options.triggerConfigurations ?? [],
      outdatedInstancesStrategy: options.outdatedInstancesStrategy ?? 'UPDATE',
      createdAt: this.world.clock.now(),
    };
    this.groups.set(CodeDeployState.groupKey(g.applicationName, g.name), g);
    return g;
  }

  /** A deployment group by application and name. */
  group(applicationName: string, name: string): SimDeploymentGroup | undefined {
    return this.groups.get(CodeDeployState.groupKey(applicationName, name));
  }

  /** Registers a revision (idempotent) and returns it. */
  registerRevision(applicationName: string, location: RevisionLocation, description?: string): SimRevision {
    const key = revisionKey(location);
    const existing = this.revisions.find((r) => r.applicationName === applicationName && r.key === key);
    if (existing) {
      if (description !== undefined) existing.description = description;
      return existing;
    }
    const rev: SimRevision = {
      key,
      applicationName,
      location,
      registeredAt: this.world.clock.now(),
      ...(description !== undefined ? { description } : {}),
    };
    this.revisions.push(rev);
    return rev;
  }

  /**
   * Marks a revision bad. By default deployments of it fail (a hook fails; with automatic
   * rollback a rollback deployment follows). With `failsDeployment: false` they succeed and the
   * application answers `errorRate` of its requests with 5xx once the revision serves — the
   * case alarms and `shiftTraffic` gates must catch.
   */
  markRevisionBad(
    applicationName: string,
    revision: RevisionLocation | string,
    options: Partial<BadRevision> = {},
  ): void {
    const key = typeof revision === 'string' ? revision : revisionKey(revision);
    this.badRevisions.set(`${applicationName}\u0000${key}`, {
      failsDeployment: options.failsDeployment ?? true,
      errorRate: options.errorRate ?? 0.35,
    });
  }

  /** How a revision misbehaves, if it was marked bad. */
  badness(applicationName: string, key: string): BadRevision | undefined {
    return this.badRevisions.get(`${applicationName}\u0000${key}`);
  }

  /**
   * Creates a deployment now. The caller validates the request; `revision` must be given. The
   * outcome is fixed here (fails iff the revision is marked bad with `failsDeployment`).
   */
  createDeployment(options: {
    applicationName: string;
    groupName: string;
    revision: RevisionLocation;
    description?: string;
    configName?: string;
    creator?: SimDeployment['creator'];
    autoRollbackConfiguration?: AutoRollbackConfiguration;
    rollbackTriggeringDeploymentId?: string;
    now?: number;
  }): SimDeployment {
    const now = options.now ?? this.world.clock.now();
    const g = this.group(options.applicationName, options.groupName);
    if (!g) throw new Error(`unknown deployment group ${options.groupName}`);
    const key = revisionKey(options.revision);
    this.registerRevision(options.applicationName, options.revision);
    const configName = options.configName ?? g.deploymentConfigName;
    const instances = this.instanceCount(g, now);
    const factor = this.world.faults.latencyFactor('codedeploy', now);
    const draw = (r: readonly [number, number]) => Math.round((r[0] + (r[1] - r[0]) * this.#rng.next()) * factor);
    const startAt = now + draw(this.timings.queueMs);
    const batches = (DEPLOYMENT_CONFIGS[configName] ?? DEPLOYMENT_CONFIGS['CodeDeployDefault.OneAtATime']!)(instances);
    let duration = 0;
    for (let b = 0; b < batches; b++) duration += draw(this.timings.batchMs);
    const bad = this.badness(options.applicationName, key);
    let outcome: SimDeployment['outcome'] = 'Succeeded';
    let endAt = startAt + duration;
    let errorInformation: SimDeployment['errorInformation'];
    if (instances === 0) {
      outcome = 'Failed';
      endAt = startAt;
      errorInformation = {
        code: 'NO_INSTANCES',
        message: 'The deployment failed because no instances were found for your deployment group.',
      };
    } else if (bad?.failsDeployment) {
      // The first batch fails its ValidateService hook; the rest is never attempted.
      outcome = 'Failed';
      endAt = startAt + Math.round(duration / batches);
      errorInformation = {
        code: 'HOOK_EXECUTION_FAILURE',
        message:
          'The overall deployment failed because too many individual instances failed deployment, too few healthy instances are available for deployment, or some instances in your deployment group are experiencing problems.',
      };
    }
    const previous = this.lastSuccessful(g, now);
    const d: SimDeployment = {
      id: `d-${this.#rng
        .hex(9)
        .toUpperCase()
        .replace(/[^0-9A-Z]/g, '0')}`,
      applicationName: options.applicationName,
      groupName: options.groupName,
      configName,
      revision: options.revision,
      revisionKey: key,
      ...(previous ? { previousRevision: previous.revision } : {}),
      ...(options.description !== undefined ? { description: options.description } : {}),
      creator: options.creator ?? 'user',
      createdAt: now,
      startAt,
      endAt,
      outcome,
      ...(errorInformation ? { errorInformation } : {}),
      instanceCount: instances,
      ...(options.autoRollbackConfiguration ? { autoRollbackConfiguration: options.autoRollbackConfiguration } : {}),
      ...(options.rollbackTriggeringDeploymentId
        ? {
            rollbackInfo: {
              rollbackTriggeringDeploymentId: options.rollbackTriggeringDeploymentId,
              rollbackMessage: `Deployment was created to roll back deployment ${options.rollbackTriggeringDeploymentId}.`,
            },
          }
        : {}),
    };
    this.deployments.set(d.id, d);
    if (this.watchedAlarms(g).length) {
      this.#watchAlarms();
      const cw = this.world.state(cloudwatchService, this.region);
      const firing = this.watchedAlarms(g)
        .map((n) => cw.alarm(n))
        .find((a) => a?.state === 'ALARM');
      if (firing) this.#onAlarm(firing, now);
    }
    return d;
  }

  /**
   * Stops a deployment now; with `rollback` (and a previous successful revision) a rollback
   * deployment is created at once. Returns the rollback deployment, if any.
   */
  stopDeployment(
    id: string,
    rollback: boolean,
    now = this.world.clock.now(),
    reason?: { code: string; message: string },
  ): SimDeployment | undefined {
    const d = this.deployments.get(id);
    if (!d) throw new Error(`unknown deployment ${id}`);
    d.stoppedAt = now;
    d.stopInfo = reason ?? { code: 'MANUAL_STOP', message: 'The deployment was stopped by a user request.' };
    if (!rollback) return undefined;
    return this.#rollBack(d, now, 'stopped');
  }

  /** The status of a deployment at `t`. */
  status(d: SimDeployment, t: number): 'Created' | 'InProgress' | 'Succeeded' | 'Failed' | 'Stopped' {
    if (d.stoppedAt !== undefined && t >= d.stoppedAt) return 'Stopped';
    if (t < d.startAt) return 'Created';
    if (t < d.endAt) return 'InProgress';
    return d.outcome;
  }

  /** Share of the group's instances already updated by a deployment at `t` (0..1). */
  progress(d: SimDeployment, t: number): number {
    const until = Math.min(t, d.stoppedAt ?? Infinity);
    if (until <= d.startAt) return 0;
    if (d.outcome === 'Failed') return 0;
    return Math.min(1, (until - d.startAt) / Math.max(1, d.endAt - d.startAt));
  }

  /** Deployments of a group, oldest first. */
  deploymentsOf(g: SimDeploymentGroup): SimDeployment[] {
    return [...this.deployments.values()]
      .filter((d) => d.applicationName === g.applicationName && d.groupName === g.name)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  /** The group's deployment that is neither complete nor stopped at `t`, if any. */
  activeDeployment(g: SimDeploymentGroup, t: number): SimDeployment | undefined {
    return this.deploymentsOf(g).find((d) => d.createdAt <= t && ['Created', 'InProgress'].includes(this.status(d, t)));
  }

  /** The group's last deployment that succeeded by `t`. */
  lastSuccessful(g: SimDeploymentGroup, t: number): SimDeployment | undefined {
    return this.deploymentsOf(g)
      .filter((d) => this.status(d, t) === 'Succeeded')
      .sort((a, b) => a.endAt - b.endAt)
      .pop();
  }

  /** The group's last deployment created by `t`. */
  lastAttempted(g: SimDeploymentGroup, t: number): SimDeployment | undefined {
    return this.deploymentsOf(g)
      .filter((d) => d.createdAt <= t)
      .pop();
  }

  /** The revision the group's fleet runs at `t` (its last successful deployment's), if any. */
  currentRevision(g: SimDeploymentGroup, t: number): RevisionLocation | undefined {
    return this.lastSuccessful(g, t)?.revision;
  }

  /** The last successfully deployed revision that is not marked bad: where a careful rollback goes. */
  lastKnownGoodRevision(g: SimDeploymentGroup, t: number): RevisionLocation | undefined {
    return this.deploymentsOf(g)
      .filter((d) => this.status(d, t) === 'Succeeded' && !this.badness(d.applicationName, d.revisionKey))
      .sort((a, b) => a.endAt - b.endAt)
      .pop()?.revision;
  }

  /**
   * The share of a group's fleet serving a bad (but deployable) revision at `t`, and the error
   * rate that revision causes. In-place deployments update the fleet progressively; a stopped
   * deployment leaves what it had updated.
   */
  badShare(g: SimDeploymentGroup, t: number): { share: number; errorRate: number } {
    let share = 0;
    let errorRate = 0;
    for (const d of this.deploymentsOf(g)) {
      if (d.startAt > t) continue;
      const p = this.progress(d, t);
      const bad = this.badness(d.applicationName, d.revisionKey);
      if (bad && !bad.failsDeployment) {
        share = share + (1 - share) * p;
        errorRate = Math.max(errorRate, bad.errorRate);
      } else {
        share = share * (1 - p);
      }
    }
    return { share, errorRate: share > 0 ? errorRate : 0 };
  }

  /** Instances a deployment to the group would update at `t` (Auto Scaling groups, or tagged EC2 resources). */
  instanceCount(g: SimDeploymentGroup, t: number): number {
    let n = 0;
    if (g.autoScalingGroups.length) {
      const asg = this.world.state(autoscalingService, this.region);
      for (const name of g.autoScalingGroups) {
        const group = asg.group(name);
        if (group) n += asg.liveInstances(group, t).length;
      }
    }
    if (g.ec2TagFilters.length) {
      n += this.world.resources
        .list({ type: 'EC2', region: this.region, live: true })
        .filter((r) =>
          g.ec2TagFilters.some((f) =>
            f.Type === 'KEY_ONLY'
              ? f.Key !== undefined && f.Key in r.tags
              : f.Type === 'VALUE_ONLY'
                ? Object.values(r.tags).includes(f.Value ?? '')
                : r.tags[f.Key ?? ''] === f.Value,
          ),
        ).length;
    }
    return n;
  }

  // ---- time ---------------------------------------------------------------------------------

  /** Starts the automatic rollbacks of deployments that failed by `now`. */
  sync(now: number): void {
    if (this.#syncing) return;
    this.#syncing = true;
    try {
      // Alarm transitions up to now may stop deployments: let CloudWatch catch up first.
      const watching = [...this.deployments.values()].some((d) => {
        const g = this.group(d.applicationName, d.groupName);
        return (
          g && this.watchedAlarms(g).length > 0 && d.stoppedAt === undefined && d.endAt > (this.#checkedUntil ?? 0)
        );
      });
      if (watching) {
        this.#watchAlarms();
        this.world.state(cloudwatchService, this.region);
      }
      this.#checkedUntil = now;
      const due = [...this.deployments.values()]
        .filter((d) => !d.failureHandled && d.stoppedAt === undefined && d.outcome === 'Failed' && d.endAt <= now)
        .sort((a, b) => a.endAt - b.endAt);
      for (const d of due) {
        d.failureHandled = true;
        if (this.#rollsBackOn(d, 'DEPLOYMENT_FAILURE')) this.#rollBack(d, d.endAt, 'failed');
      }
    } finally {
      this.#syncing = false;
    }
  }

  #rollsBackOn(d: SimDeployment, event: string): boolean {
    const g = this.group(d.applicationName, d.groupName);
    const cfg = d.autoRollbackConfiguration ?? g?.autoRollbackConfiguration;
    return d.creator !== 'codeDeployRollback' && cfg?.enabled === true && (cfg.events ?? []).includes(event);
  }

  /** Whether a deployment rolls back when stopped for this reason (group or deployment settings). */
  rollsBackOn(d: SimDeployment, event: 'DEPLOYMENT_STOP_ON_REQUEST' | 'DEPLOYMENT_STOP_ON_ALARM'): boolean {
    return this.#rollsBackOn(d, event);
  }

  #rollBack(d: SimDeployment, at: number, why: 'failed' | 'stopped'): SimDeployment | undefined {
    const g = this.group(d.applicationName, d.groupName);
    const target = g
      ? this.deploymentsOf(g)
          .filter((x) => x.id !== d.id && this.status(x, at) === 'Succeeded')
          .sort((a, b) => a.endAt - b.endAt)
          .pop()
      : undefined;
    if (!g || !target) {
      d.rollbackInfo = {
        ...d.rollbackInfo,
        rollbackMessage:
          'Automatic rollback was not performed because there is no previous successful deployment to roll back to.',
      };
      return undefined;
    }
    const rb = this.createDeployment({
      applicationName: d.applicationName,
      groupName: d.groupName,
      revision: target.revision,
      creator: 'codeDeployRollback',
      rollbackTriggeringDeploymentId: d.id,
      now: at,
    });
    d.rollbackInfo = {
      ...d.rollbackInfo,
      rollbackDeploymentId: rb.id,
      rollbackMessage: `Deployment ${why === 'failed' ? 'failed' : 'was stopped'}; rolled back to the last successful revision in deployment ${rb.id}.`,
    };
    return rb;
  }
}
