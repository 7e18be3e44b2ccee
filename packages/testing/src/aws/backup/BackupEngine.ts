import { createHash } from 'node:crypto';
import type { Condition, Conditions, CopyAction, Lifecycle, RecoveryPointCreator } from '@aws-sdk/client-backup';
import type { SimState, SimWorld } from '../kernel/SimService';
import type { SimResource } from '../kernel/SimResources';
import type { SeededRandom } from '../../time/SeededRandom';
import { KeyedDraws } from './draws';
import { modelFor, type BackupSimOptions, type DurationModel } from './options';
import type {
  BackupJobRecord,
  CopyJobRecord,
  PlanRecord,
  PointRecord,
  RestoreJobRecord,
  RuleRecord,
  VaultRecord,
} from './records';
import {
  buildProfile,
  CONTINUOUS_TYPES,
  createdResourceFor,
  recoveryPointArnFor,
  regionOfArn,
  resourceIdOfArn,
  resourceTypeOfArn,
  SUPPORTED_RESOURCE_TYPES,
  type ResourceProfile,
} from './resourceTypes';
import { SortedLog } from './SortedLog';

const MINUTE = 60_000;
const DAY = 86_400_000;
const GIB = 1024 ** 3;

/** Tag put on every resource a simulated restore creates, holding the restore job id. */
export const RESTORE_JOB_ID_TAG = 'drkit:restore-job-id';
/** Tag AWS Backup puts on restored resources, naming the backed-up resource. */
export const SOURCE_RESOURCE_TAG = 'aws:backup:source-resource';

type EngineEvent =
  | { at: number; seq: number; kind: 'expire'; point: PointRecord }
  | { at: number; seq: number; kind: 'copy'; job: CopyJobRecord; source: PointRecord }
  | { at: number; seq: number; kind: 'restore'; job: RestoreJobRecord };

type NewEvent = EngineEvent extends infer E ? (E extends EngineEvent ? Omit<E, 'seq'> : never) : never;

/** A binary min-heap on (at, seq). */
class EventHeap {
  readonly #a: EngineEvent[] = [];
  get size(): number {
    return this.#a.length;
  }
  peek(): EngineEvent | undefined {
    return this.#a[0];
  }
  #less(i: number, j: number): boolean {
    const x = this.#a[i]!;
    const y = this.#a[j]!;
    return x.at !== y.at ? x.at < y.at : x.seq < y.seq;
  }
  #swap(i: number, j: number): void {
    const t = this.#a[i]!;
    this.#a[i] = this.#a[j]!;
    this.#a[j] = t;
  }
  push(e: EngineEvent): void {
    this.#a.push(e);
    let i = this.#a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.#less(i, p)) break;
      this.#swap(i, p);
      i = p;
    }
  }
  pop(): EngineEvent | undefined {
    const top = this.#a[0];
    const last = this.#a.pop();
    if (this.#a.length > 0 && last) {
      this.#a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.#a.length && this.#less(l, m)) m = l;
        if (r < this.#a.length && this.#less(r, m)) m = r;
        if (m === i) break;
        this.#swap(i, m);
        i = m;
      }
    }
    return top;
  }
}

/**
 * The per-region state of the simulated AWS Backup, as the kernel hands it to handlers
 * (`ctx.state`). Every region of one cloud shares one {@link BackupEngine}, so a copy made in
 * us-east-1 appears in us-west-2 whichever region is called next.
 */
export class BackupRegion implements SimState {
  readonly vaults = new Map<string, VaultRecord>();
  readonly plans = new Map<string, PlanRecord>();
  readonly points = new Map<string, PointRecord>();
  readonly byResource = new Map<string, SortedLog<PointRecord>>();
  readonly backupJobs = new SortedLog<BackupJobRecord>();
  readonly backupJobsById = new Map<string, BackupJobRecord>();
  readonly copyJobs = new SortedLog<CopyJobRecord>();
  readonly copyJobsById = new Map<string, CopyJobRecord>();
  readonly restoreJobs = new SortedLog<RestoreJobRecord>();
  readonly restoreJobsById = new Map<string, RestoreJobRecord>();
  readonly restoreTokens = new Map<string, RestoreJobRecord>();
  readonly copyTokens = new Map<string, CopyJobRecord>();
  readonly backupTokens = new Map<string, { job: BackupJobRecord; atMs: number }>();
  /** Continuous recovery point per `planId:ruleName:resourceArn`. */
  readonly continuous = new Map<string, PointRecord>();
  readonly profiles = new Map<string, ResourceProfile>();
  readonly dirtyResourceLogs = new Set<SortedLog<PointRecord>>();

  constructor(
    readonly name: string,
    readonly engine: BackupEngine,
  ) {}

  /** Brings every region of this cloud's AWS Backup up to `now`. */
  sync(now: number): void {
    this.engine.sync(now);
  }

  /** The ARN of a vault of this region. */
  vaultArn(name: string): string {
    return `arn:aws:backup:${this.name}:${this.engine.world.accountId}:backup-vault:${name}`;
  }
}

/** Inputs of {@link BackupEngine.runBackup}. */
export interface BackupRun {
  readonly region: BackupRegion;
  readonly resourceArn: string;
  readonly resourceType: string;
  readonly vaultName: string;
  readonly scheduledMs: number;
  readonly startWindowMinutes: number;
  readonly completionWindowMinutes: number;
  readonly iamRoleArn: string;
  readonly lifecycle?: Lifecycle;
  readonly tags?: Record<string, string>;
  readonly createdBy?: RecoveryPointCreator;
  readonly copyActions?: readonly CopyAction[];
  /** Continuous backup rule (RDS, Aurora, S3): one rolling point per rule and resource. */
  readonly continuousKey?: string;
  /** Key that makes the draws of this run unique and order-independent. */
  readonly key: string;
  /** A fixed job id (seeding); drawn from the key otherwise. */
  readonly jobId?: string;
  /** On-demand jobs start at once. */
  readonly onDemand?: boolean;
}

/**
 * The simulated AWS Backup of one cloud: all regions, the event queue (copies arriving,
 * restores finishing, points expiring) and the lazy evaluation of backup plans.
 */
export class BackupEngine {
  readonly world: SimWorld;
  options: BackupSimOptions;
  /** Seed of the keyed (order-independent) draws. */
  readonly seed: string;
  /** Stream for ids handed out in call order (restore jobs, plans, selections). */
  readonly ids: SeededRandom;
  readonly #regions = new Map<string, BackupRegion>();
  readonly #events = new EventHeap();
  readonly #dirtyVaults = new Set<VaultRecord>();
  #seq = 0;
  #syncing = false;
  #lastSync = Number.NEGATIVE_INFINITY;
  /** Restore failures queued by tests (`failNextRestores`). */
  readonly injectedRestoreFailures: string[] = [];

  constructor(world: SimWorld, options: BackupSimOptions) {
    this.world = world;
    this.options = options;
    this.ids = world.rng.fork('backup');
    this.seed = String(this.ids.next());
  }

  /** A fresh sequence number (tie-breaker for equal times). */
  nextSeq(): number {
    return ++this.#seq;
  }

  /** The state of a region, created on first use. */
  region(name: string): BackupRegion {
    let r = this.#regions.get(name);
    if (!r) {
      r = new BackupRegion(name, this);
      this.#regions.set(name, r);
    }
    return r;
  }

  /** Regions with state so far. */
  regions(): BackupRegion[] {
    return [...this.#regions.values()];
  }

  /** Upper-case UUID, the shape AWS uses for job ids. */
  jobId(): string {
    return this.ids.uuid().toUpperCase();
  }

  /** Time of the last sync. */
  get lastSync(): number {
    return this.#lastSync;
  }

  /**
   * Brings all regions up to `now`: runs due plan rules (creating jobs, points and copies),
   * then applies events in time order. Idempotent, and cheap when nothing is due.
   */
  sync(now: number): void {
    if (this.#syncing) return;
    this.#syncing = true;
    try {
      for (const region of [...this.#regions.values()]) {
        for (const plan of region.plans.values()) this.#runPlan(region, plan, now);
      }
      for (let e = this.#events.peek(); e && e.at <= now; e = this.#events.peek()) {
        this.#events.pop();
        this.#apply(e, now);
      }
      for (const v of this.#dirtyVaults) {
        v.points.removeWhere((p) => p.state === 'deleted');
        v.dirty = false;
      }
      this.#dirtyVaults.clear();
      for (const region of this.#regions.values()) {
        for (const log of region.dirtyResourceLogs) log.removeWhere((p) => p.state === 'deleted');
        region.dirtyResourceLogs.clear();
      }
      this.#lastSync = Math.max(this.#lastSync, now);
    } finally {
      this.#syncing = false;
    }
  }

  #schedule(e: NewEvent): void {
    this.#events.push({ ...e, seq: this.nextSeq() });
  }

  // ---------------------------------------------------------------- plans

  #runPlan(region: BackupRegion, plan: PlanRecord, now: number): void {
    if (plan.deletedMs !== undefined) return;
    for (const rule of plan.current.rules) {
      let t = plan.cursors.get(rule.ruleId);
      while (t !== undefined && t <= now) {
        this.#fire(region, plan, rule, t);
        t = rule.cron.next(t);
      }
      if (t === undefined) plan.cursors.delete(rule.ruleId);
      else plan.cursors.set(rule.ruleId, t);
    }
  }

  #fire(region: BackupRegion, plan: PlanRecord, rule: RuleRecord, t: number): void {
    const backfill = plan.backfillUntilMs !== undefined && t < plan.backfillUntilMs;
    const resources = this.selectResources(region, plan, backfill ? undefined : t);
    if (resources.length > 0) plan.lastExecutionMs = t;
    const createdBy: RecoveryPointCreator = {
      BackupPlanId: plan.id,
      BackupPlanArn: plan.arn,
      BackupPlanName: plan.current.plan.BackupPlanName,
      BackupPlanVersion: plan.current.versionId,
      BackupRuleId: rule.ruleId,
      BackupRuleName: rule.name,
      BackupRuleCron: rule.cron.expression,
      BackupRuleTimezone: rule.cron.timezone,
    };
    for (const r of resources) {
      const continuous = rule.continuous && CONTINUOUS_TYPES.has(r.type);
      this.runBackup({
        region,
        resourceArn: r.arn,
        resourceType: r.type,
        vaultName: rule.vaultName,
        scheduledMs: t,
        startWindowMinutes: rule.startWindowMinutes,
        completionWindowMinutes: rule.completionWindowMinutes,
        iamRoleArn: r.iamRoleArn,
        lifecycle: rule.lifecycle,
        tags: rule.recoveryPointTags,
        createdBy,
        copyActions: rule.copyActions,
        continuousKey: continuous ? `${plan.id}:${rule.name}:${r.arn}` : undefined,
        key: `plan:${plan.id}:${rule.name}:${t}:${r.arn}`,
      });
    }
  }

  /**
   * Resources a plan's selections choose in a region at time `at` (undefined: ignore when
   * resources were created, for backfills). Only types AWS Backup supports are chosen.
   */
  selectResources(
    region: BackupRegion,
    plan: PlanRecord,
    at: number | undefined,
  ): Array<{ arn: string; type: string; iamRoleArn: string }> {
    const chosen = new Map<string, { arn: string; type: string; iamRoleArn: string }>();
    const known = this.world.resources
      .list({ region: region.name })
      .filter(
        (r) =>
          (SUPPORTED_RESOURCE_TYPES as readonly string[]).includes(r.type) &&
          (at === undefined ? r.deletedAt === undefined : r.createdAt <= at && (r.deletedAt ?? Infinity) > at),
      );
    for (const sel of plan.selections.values()) {
      const picked = new Map<string, { arn: string; type: string; resource?: SimResource }>();
      for (const pattern of sel.resources) {
        if (pattern.includes('*')) {
          const re = globToRegExp(pattern);
          for (const r of known) if (re.test(r.arn)) picked.set(r.arn, { arn: r.arn, type: r.type, resource: r });
        } else {
          const r = this.world.resources.get(pattern);
          const type = r?.type ?? resourceTypeOfArn(pattern);
          const home = regionOfArn(pattern);
          if (type && (home === region.name || home === '') && (!r || known.includes(r)))
            picked.set(pattern, { arn: pattern, type, ...(r ? { resource: r } : {}) });
        }
      }
      for (const cond of sel.listOfTags) {
        for (const r of known)
          if (cond.ConditionKey !== undefined && r.tags[cond.ConditionKey] === cond.ConditionValue)
            picked.set(r.arn, { arn: r.arn, type: r.type, resource: r });
      }
      if (sel.resources.length === 0 && sel.listOfTags.length === 0 && hasConditions(sel.conditions))
        for (const r of known) picked.set(r.arn, { arn: r.arn, type: r.type, resource: r });
      const not = sel.notResources.map(globToRegExp);
      for (const p of picked.values()) {
        if (not.some((re) => re.test(p.arn))) continue;
        if (!matchesConditions(p.resource?.tags ?? {}, sel.conditions)) continue;
        if (!chosen.has(p.arn)) chosen.set(p.arn, { arn: p.arn, type: p.type, iamRoleArn: sel.iamRoleArn });
      }
    }
    return [...chosen.values()].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  }

  /** The profile (size, zone, restore metadata) of a resource, built once per region. */
  profileOf(region: BackupRegion, resourceArn: string, type: string): ResourceProfile {
    let p = region.profiles.get(resourceArn);
    if (!p) {
      p = buildProfile(
        resourceArn,
        type,
        regionOfArn(resourceArn) || region.name,
        this.world.accountId,
        this.seed,
        this.world.resources.get(resourceArn),
        modelFor(this.options.sizeGiB, type),
      );
      region.profiles.set(resourceArn, p);
    }
    return p;
  }

  duration(model: DurationModel, sizeGiB: number, draws: KeyedDraws): number {
    const minutes = Math.min(
      model.maxMinutes,
      Math.max(model.minMinutes, model.baseMinutes + model.minutesPerGiB * sizeGiB),
    );
    return Math.round(draws.around(minutes, model.spread) * MINUTE);
  }

  /** When the region is up again at or after `t` (Infinity if the outage has no end). */
  regionUpAt(region: string, t: number): number {
    let x = t;
    for (let guard = 0; guard < 1000; guard++) {
      const until = this.world.faults
        .active(x)
        .flatMap((f) => (f.kind === 'region-outage' && f.region === region ? [f.untilMs] : []));
      if (until.length === 0) return x;
      x = Math.max(...until);
      if (!Number.isFinite(x)) return Infinity;
    }
    return x;
  }

  /**
   * Records one backup job and, if it succeeds, its recovery point (and the copy jobs of its
   * rule). Outcomes and times are drawn from the run's key, so history is the same however
   * often the state is synced.
   */
  runBackup(run: BackupRun): BackupJobRecord {
    const { region } = run;
    const o = this.options;
    const draws = new KeyedDraws(this.seed, run.key);
    const account = this.world.accountId;
    const profile = this.profileOf(region, run.resourceArn, run.resourceType);
    const sizeGiB = profile.sizeGiB * draws.around(1, 0.05);
    const sizeBytes = Math.round(sizeGiB * GIB);
    const vault = region.vaults.get(run.vaultName);
    const drawnId = draws.uuid().toUpperCase();
    const jobId = run.jobId ?? drawnId;
    const delay = run.onDemand
      ? draws.between(0.1, 1) * MINUTE
      : draws.between(0, Math.min(run.startWindowMinutes, o.startDelayMaxMinutes)) * MINUTE;
    const startMs = Math.round(run.scheduledMs + delay);
    const existingContinuous = run.continuousKey ? region.continuous.get(run.continuousKey) : undefined;
    const durationMs = existingContinuous
      ? Math.round(draws.between(1, 3) * MINUTE)
      : this.duration(modelFor(o.backup, run.resourceType), sizeGiB, draws);
    const failRoll = draws.next();
    const upAt = this.regionUpAt(region.name, startMs);
    let outcome: BackupJobRecord['outcome'] = 'COMPLETED';
    let message: string | undefined;
    let endMs = startMs + durationMs;
    const completionDeadline = run.scheduledMs + run.completionWindowMinutes * MINUTE;
    if (!vault) {
      outcome = 'FAILED';
      endMs = startMs + MINUTE;
      message = `Backup vault ${run.vaultName} does not exist.`;
    } else if (upAt > run.scheduledMs + run.startWindowMinutes * MINUTE) {
      outcome = 'EXPIRED';
      endMs = run.scheduledMs + run.startWindowMinutes * MINUTE;
      message = 'Backup job expired before it started.';
    } else if (failRoll < o.backupFailureRate) {
      outcome = 'FAILED';
      endMs = startMs + Math.round(durationMs * draws.between(0.1, 0.6));
      message = draws.pick(BACKUP_FAILURES);
    } else if (Math.max(startMs, upAt) + durationMs > completionDeadline) {
      outcome = 'EXPIRED';
      endMs = completionDeadline;
      message = 'Backup job expired before completion.';
    }
    const realStart = outcome === 'COMPLETED' ? Math.max(startMs, upAt) : startMs;
    if (outcome === 'COMPLETED') endMs = realStart + durationMs;
    let pointArn: string | undefined;
    if (outcome === 'COMPLETED' && vault) {
      if (existingContinuous) pointArn = existingContinuous.arn;
      else {
        const continuous = run.continuousKey !== undefined;
        const days = run.lifecycle?.DeleteAfterDays;
        const cold = run.lifecycle?.MoveToColdStorageAfterDays;
        const point: PointRecord = {
          sortMs: realStart,
          seq: this.nextSeq(),
          arn: recoveryPointArnFor(run.resourceType, region.name, account, draws, {
            continuous,
            resourceId: profile.id,
          }),
          region: region.name,
          vaultName: vault.name,
          vaultArn: vault.arn,
          resourceArn: run.resourceArn,
          resourceType: run.resourceType,
          profile,
          sizeBytes,
          initiationMs: realStart,
          completionMs: endMs,
          ...(run.lifecycle ? { lifecycle: run.lifecycle } : {}),
          ...(!continuous && days ? { deleteAtMs: realStart + days * DAY } : {}),
          ...(!continuous && cold ? { coldAtMs: realStart + cold * DAY } : {}),
          ...(run.createdBy ? { createdBy: run.createdBy } : {}),
          iamRoleArn: run.iamRoleArn,
          encryptionKeyArn: vault.encryptionKeyArn,
          ...(run.tags ? { tags: run.tags } : {}),
          backupJobId: jobId,
          ...dataOf(this.world.resources.get(run.resourceArn)),
          ...(continuous ? { continuous: { retentionDays: days ?? 35 } } : {}),
          state: 'live',
        };
        this.insertPoint(region, point);
        if (run.continuousKey) region.continuous.set(run.continuousKey, point);
        pointArn = point.arn;
        for (const action of run.copyActions ?? [])
          this.startCopy({
            region,
            source: point,
            destVaultArn: action.DestinationBackupVaultArn!,
            lifecycle: action.Lifecycle,
            iamRoleArn: run.iamRoleArn,
            createdMs: endMs,
            createdBy: run.createdBy,
            createdByBackupJobId: jobId,
            key: `${run.key}:copy:${action.DestinationBackupVaultArn}`,
          });
      }
    }
    const job: BackupJobRecord = {
      sortMs: run.scheduledMs,
      seq: this.nextSeq(),
      id: jobId,
      region: region.name,
      vaultName: run.vaultName,
      vaultArn: region.vaultArn(run.vaultName),
      resourceArn: run.resourceArn,
      resourceType: run.resourceType,
      resourceName: profile.name,
      iamRoleArn: run.iamRoleArn,
      ...(run.createdBy ? { createdBy: run.createdBy } : {}),
      ...(run.lifecycle ? { lifecycle: run.lifecycle } : {}),
      startByMs: run.scheduledMs + run.startWindowMinutes * MINUTE,
      startMs: realStart,
      endMs,
      outcome,
      ...(message ? { message } : {}),
      ...(pointArn ? { pointArn } : {}),
      sizeBytes,
      backupType: run.continuousKey ? 'CONTINUOUS' : 'FULL',
    };
    region.backupJobs.insert(job);
    region.backupJobsById.set(job.id, job);
    return job;
  }

  /** Adds a recovery point to its vault and indexes, and schedules its expiry. */
  insertPoint(region: BackupRegion, point: PointRecord): void {
    const vault = region.vaults.get(point.vaultName);
    if (!vault) return;
    vault.points.insert(point);
    region.points.set(point.arn, point);
    let log = region.byResource.get(point.resourceArn);
    if (!log) {
      log = new SortedLog<PointRecord>();
      region.byResource.set(point.resourceArn, log);
    }
    log.insert(point);
    if (point.deleteAtMs !== undefined) this.#schedule({ at: point.deleteAtMs, kind: 'expire', point });
    for (const child of point.children ?? []) this.insertPoint(region, child);
  }

  /** Marks a point DELETING; it disappears after the configured deletion time. */
  deletePoint(region: BackupRegion, point: PointRecord, now: number): void {
    point.state = 'deleting';
    for (const c of point.children ?? []) c.state = 'deleting';
    this.#schedule({ at: now + this.options.deletionMinutes * MINUTE, kind: 'expire', point });
    for (const [k, v] of region.continuous) if (v === point) region.continuous.delete(k);
  }

  #expire(point: PointRecord): void {
    if (point.state === 'deleted') return;
    point.state = 'deleted';
    const region = this.region(point.region);
    region.points.delete(point.arn);
    const vault = region.vaults.get(point.vaultName);
    if (vault) this.#dirtyVaults.add(vault);
    const log = region.byResource.get(point.resourceArn);
    if (log) region.dirtyResourceLogs.add(log);
    for (const [k, v] of region.continuous) if (v === point) region.continuous.delete(k);
    for (const c of point.children ?? []) this.#expire(c);
  }

  // ---------------------------------------------------------------- copies

  /** Records a copy job; the copy arrives in the destination vault when it completes. */
  startCopy(input: {
    region: BackupRegion;
    source: PointRecord;
    destVaultArn: string;
    lifecycle?: Lifecycle;
    iamRoleArn: string;
    createdMs: number;
    createdBy?: RecoveryPointCreator;
    createdByBackupJobId?: string;
    key: string;
    token?: string;
    paramsHash?: string;
    jobId?: string;
  }): CopyJobRecord {
    const o = this.options;
    const draws = new KeyedDraws(this.seed, input.key);
    const destRegion = regionOfArn(input.destVaultArn);
    const cross = destRegion !== input.region.name;
    const sizeGiB = input.source.sizeBytes / GIB;
    const queue = draws.between(o.copyQueueMinutes[0], o.copyQueueMinutes[1]) * MINUTE;
    const startMs = Math.round(input.createdMs + queue);
    const dur = this.duration(cross ? o.copyCrossRegion : o.copySameRegion, sizeGiB, draws);
    const willFail = draws.next() < o.copyFailureRate;
    const id = input.jobId ?? draws.uuid().toUpperCase();
    const job: CopyJobRecord = {
      sortMs: input.createdMs,
      seq: this.nextSeq(),
      id,
      region: input.region.name,
      sourceVaultArn: input.source.vaultArn,
      sourcePointArn: input.source.arn,
      destVaultArn: input.destVaultArn,
      destRegion,
      destPointArn: recoveryPointArnFor(input.source.resourceType, destRegion, this.world.accountId, draws, {
        copy: true,
      }),
      resourceArn: input.source.resourceArn,
      resourceType: input.source.resourceType,
      resourceName: input.source.profile.name,
      iamRoleArn: input.iamRoleArn,
      ...(input.createdBy ? { createdBy: input.createdBy } : {}),
      ...(input.createdByBackupJobId ? { createdByBackupJobId: input.createdByBackupJobId } : {}),
      ...(input.lifecycle ? { lifecycle: input.lifecycle } : {}),
      sizeBytes: input.source.sizeBytes,
      startMs,
      nominalEndMs: startMs + dur,
      willFail,
      ...(input.token ? { token: input.token } : {}),
      ...(input.paramsHash ? { paramsHash: input.paramsHash } : {}),
    };
    input.region.copyJobs.insert(job);
    input.region.copyJobsById.set(job.id, job);
    this.#schedule({ at: job.nominalEndMs, kind: 'copy', job, source: input.source });
    return job;
  }

  #arrive(job: CopyJobRecord, source: PointRecord, at: number, now: number): void {
    if (job.outcome) return;
    const upAt = this.regionUpAt(job.destRegion, at);
    if (upAt > at) {
      // The destination Region is dark: the copy cannot land until it is back.
      if (Number.isFinite(upAt)) this.#schedule({ at: upAt, kind: 'copy', job, source });
      else this.#schedule({ at: now + MINUTE, kind: 'copy', job, source });
      return;
    }
    const dest = this.region(job.destRegion);
    const vaultName = job.destVaultArn.split(':backup-vault:')[1] ?? '';
    const vault = dest.vaults.get(vaultName);
    job.endMs = at;
    if (job.willFail) {
      job.outcome = 'FAILED';
      job.message = 'Copy job failed because of an internal error. Retry the copy job.';
      return;
    }
    if (!vault || vault.arn !== job.destVaultArn) {
      job.outcome = 'FAILED';
      job.message = `Destination backup vault ${job.destVaultArn} does not exist.`;
      return;
    }
    job.outcome = 'COMPLETED';
    const days = job.lifecycle?.DeleteAfterDays;
    const cold = job.lifecycle?.MoveToColdStorageAfterDays;
    // Copies keep the creation date of the original backup; their lifecycle counts from it.
    const creation = source.continuous ? job.startMs : source.sortMs;
    const deleteAtMs = days ? creation + days * DAY : undefined;
    if (deleteAtMs !== undefined && deleteAtMs <= at) return;
    const draws = new KeyedDraws(this.seed, `arrive:${job.id}`);
    const copyOf = (p: PointRecord, arn: string, parentArn?: string): PointRecord => ({
      sortMs: creation,
      seq: this.nextSeq(),
      arn,
      region: dest.name,
      vaultName: vault.name,
      vaultArn: vault.arn,
      resourceArn: p.resourceArn,
      resourceType: p.resourceType,
      profile: p.profile,
      sizeBytes: p.sizeBytes,
      initiationMs: job.startMs,
      completionMs: at,
      ...(job.lifecycle ? { lifecycle: job.lifecycle } : {}),
      ...(deleteAtMs !== undefined ? { deleteAtMs } : {}),
      ...(cold ? { coldAtMs: creation + cold * DAY } : {}),
      ...(p.createdBy ? { createdBy: p.createdBy } : {}),
      iamRoleArn: job.iamRoleArn,
      encryptionKeyArn: vault.encryptionKeyArn,
      sourceVaultArn: p.vaultArn,
      ...(p.tags ? { tags: p.tags } : {}),
      ...(p.data ? { data: p.data } : {}),
      ...(p.restoreMetadata ? { restoreMetadata: p.restoreMetadata } : {}),
      ...(parentArn ? { parentArn } : {}),
      ...(p.memberId ? { memberId: p.memberId } : {}),
      state: 'live',
    });
    const point = copyOf(source, job.destPointArn);
    if (source.children?.length) {
      point.children = source.children.map((c) =>
        copyOf(
          c,
          recoveryPointArnFor(c.resourceType, dest.name, this.world.accountId, draws, { copy: true }),
          point.arn,
        ),
      );
    }
    this.insertPoint(dest, point);
  }

  // ---------------------------------------------------------------- restores

  /** Schedules completion of a restore job (and of its children). */
  scheduleRestore(job: RestoreJobRecord): void {
    if (!job.stuck) this.#schedule({ at: job.plannedEndMs, kind: 'restore', job });
    for (const c of job.children ?? []) this.scheduleRestore(c);
  }

  #finishRestore(job: RestoreJobRecord): void {
    if (job.materialized) return;
    job.materialized = true;
    if (job.outcome !== 'COMPLETED' || !job.created || job.created.existing) return;
    const region = this.region(job.region);
    const point = region.points.get(job.pointArn);
    if (point) point.lastRestoreMs = job.plannedEndMs;
    const source = this.world.resources.get(job.sourceResourceArn);
    const sourceTags = job.copyTags ? { ...(point?.tags ?? {}), ...(source?.tags ?? {}) } : {};
    const readyAt = job.plannedEndMs + modelFor(this.options.readyAfterRestoreMinutes, job.resourceType) * MINUTE;
    const data = point?.data ? (job.corrupt ? corruptData(point.data) : { ...point.data }) : undefined;
    const resource: SimResource = {
      arn: job.created.arn,
      id: job.created.id,
      type: job.resourceType,
      region: job.region,
      az: job.created.az,
      ...(job.created.dnsName ? { dnsName: job.created.dnsName } : {}),
      createdAt: job.plannedEndMs,
      tags: { ...sourceTags, [SOURCE_RESOURCE_TAG]: job.sourceResourceArn, [RESTORE_JOB_ID_TAG]: job.id },
      createdBy: 'restore',
      isHealthy: (t: number) => t >= readyAt && resource.deletedAt === undefined,
      corrupt: job.corrupt,
      ...(data ? { data } : {}),
    };
    this.world.resources.register(resource);
  }

  /** What a restore of `point` would create (drawn now, registered when the job completes). */
  createdFor(point: PointRecord, metadata: Record<string, string>, region: string, jobId: string) {
    return createdResourceFor(
      point.resourceType,
      metadata,
      point.profile,
      region,
      this.world.accountId,
      new KeyedDraws(this.seed, `created:${jobId}`),
    );
  }

  #apply(e: EngineEvent, now: number): void {
    switch (e.kind) {
      case 'expire':
        this.#expire(e.point);
        break;
      case 'copy':
        this.#arrive(e.job, e.source, e.at, now);
        break;
      case 'restore':
        this.#finishRestore(e.job);
        break;
    }
  }
}

const BACKUP_FAILURES = [
  'An internal error occurred during the backup job. Retry the job.',
  'IAM Role does not have sufficient permissions to execute the backup.',
  'The resource is in a state that does not allow a backup (for example, it is being modified).',
  'Insufficient capacity to perform the backup at this time.',
];

/** Messages of seeded restore failures. */
export const RESTORE_FAILURES: Readonly<Record<string, readonly string[]>> = {
  EC2: [
    'We currently do not have sufficient capacity in the Availability Zone you requested (Service: Ec2, Error Code: InsufficientInstanceCapacity).',
    'An internal error occurred while restoring the instance. Retry the restore.',
  ],
  RDS: ['Restore failed: the DB instance could not be created because of an internal error.'],
  default: ['An internal error occurred during the restore job. Retry the job.'],
};

function dataOf(resource: SimResource | undefined): { data?: Record<string, string> } {
  return resource?.data ? { data: { ...resource.data } } : {};
}

/** Alters every value so data checks can tell a corrupted restore from a good one. */
export function corruptData(data: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) out[k] = `${v}\u0000corrupted`;
  return out;
}

/** A stable hash of request parameters (restore metadata never stored in clear). */
export function paramsHash(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex');
}

function canonical(value: unknown): string {
  if (value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map(escapeRe).join('.*')}$`);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function hasConditions(c: Conditions | undefined): boolean {
  return !!c && [c.StringEquals, c.StringNotEquals, c.StringLike, c.StringNotLike].some((l) => (l?.length ?? 0) > 0);
}

/** AWS Backup selection Conditions (all must hold); keys look like `aws:ResourceTag/Team`. */
function matchesConditions(tags: Record<string, string>, c: Conditions | undefined): boolean {
  if (!c) return true;
  const value = (key: string | undefined) => (key?.startsWith('aws:ResourceTag/') ? tags[key.slice(16)] : undefined);
  const like = (v: string | undefined, p: string | undefined) => v !== undefined && globToRegExp(p ?? '').test(v);
  return (
    (c.StringEquals ?? []).every((x) => value(x.ConditionKey) === x.ConditionValue) &&
    (c.StringNotEquals ?? []).every((x) => value(x.ConditionKey) !== x.ConditionValue) &&
    (c.StringLike ?? []).every((x) => like(value(x.ConditionKey), x.ConditionValue)) &&
    (c.StringNotLike ?? []).every((x) => !like(value(x.ConditionKey), x.ConditionValue))
  );
}

/** Selection tag conditions (`ListOfTags`, STRINGEQUALS) as stored. */
export type TagCondition = Condition;
export { MINUTE, DAY, GIB, resourceIdOfArn };
