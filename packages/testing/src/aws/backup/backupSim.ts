import type { BackupPlanInput, BackupSelection, Lifecycle } from '@aws-sdk/client-backup';
import type { SimWorld } from '../kernel/SimService';
import type { BackupEngine, BackupRegion } from './BackupEngine';
import { backupEngineOf } from './BackupService';
import { createPlanRecord, createSelectionRecord } from './handlers/plans';
import { startRestore, type StartRestoreParams } from './handlers/restores';
import { createVaultRecord } from './handlers/vaults';
import { KeyedDraws } from './draws';
import { mergeBackupOptions, modelFor, type BackupSimOptions, type BackupSimOptionsInput } from './options';
import type { PointRecord, RestoreJobRecord } from './records';
import { buildProfile, recoveryPointArnFor, resourceTypeOfArn, type ResourceProfile } from './resourceTypes';
import { pitrWindow, pointStatus, restoreStatus } from './views';

const MINUTE = 60_000;
const DAY = 86_400_000;
const GIB = 1024 ** 3;

/** A time as ms since the epoch, an ISO string or a Date. */
export type TimeLike = number | string | Date;

function toMs(t: TimeLike): number {
  return t instanceof Date ? t.getTime() : typeof t === 'string' ? Date.parse(t) : t;
}

/** One recovery point to seed directly (no job, no schedule). */
export interface SeedPointSpec {
  readonly resourceArn: string;
  /** A fixed recovery point ARN (default: one shaped as AWS names them for the type). */
  readonly recoveryPointArn?: string;
  /** AWS Backup resource type; inferred from the ARN or the registered resource when omitted. */
  readonly resourceType?: string;
  /** CreationDate. */
  readonly createdAt: TimeLike;
  /** How long the backup took, minutes (default: drawn from the backup duration model). */
  readonly durationMinutes?: number;
  readonly sizeGiB?: number;
  readonly lifecycle?: Lifecycle;
  /** Fills CreatedBy (BackupPlanId…) so ByBackupPlanId finds the point. */
  readonly backupPlanId?: string;
  readonly iamRoleArn?: string;
  /** Overrides what GetRecoveryPointRestoreMetadata returns for this point. */
  readonly restoreMetadata?: Record<string, string>;
  /** Application data restored into the new resource (sentinels for data checks). */
  readonly data?: Record<string, string>;
  readonly tags?: Record<string, string>;
  /** A continuous (point-in-time) backup with this retention, days (RDS, Aurora, S3). */
  readonly continuousRetentionDays?: number;
  /** Members of a composite recovery point; the seeded point becomes their parent. */
  readonly children?: ReadonlyArray<{ resourceArn: string; resourceType?: string; memberId?: string }>;
  /** Marks a composite point PARTIAL. */
  readonly partial?: boolean;
}

/** A regular history of backups of one resource, as a plan would have made them. */
export interface SeedHistorySpec {
  readonly region: string;
  readonly vaultName: string;
  readonly resourceArn: string;
  readonly resourceType?: string;
  /** First and last scheduled time (default `to`: now). */
  readonly from: TimeLike;
  readonly to?: TimeLike;
  /** Interval between backups, ms (e.g. 86_400_000 for daily). */
  readonly everyMs: number;
  readonly lifecycle?: Lifecycle;
  readonly iamRoleArn?: string;
  /** Copies of every backup to a vault (in this or another region), with their own lifecycle. */
  readonly copyTo?: ReadonlyArray<{ readonly vaultArn: string; readonly lifecycle?: Lifecycle }>;
  /** Attributes the history to a plan (CreatedBy). */
  readonly backupPlanId?: string;
}

const DEFAULT_ROLE = (account: string) => `arn:aws:iam::${account}:role/service-role/AWSBackupDefaultServiceRole`;

/**
 * Direct access to the simulated AWS Backup of a cloud, for topologies and tests: configure
 * timings, create vaults and plans without API calls, seed years of history in milliseconds,
 * and look at jobs the way the service sees them.
 *
 * @example
 * ```ts
 * const backup = backupSim(cloud);
 * backup.configure({ restoreFailureRate: 0 });
 * backup.createVault('us-east-1', 'prod');
 * backup.seedHistory({ region: 'us-east-1', vaultName: 'prod', resourceArn: dbArn,
 *   from: '2025-10-01T05:00:00Z', everyMs: 86_400_000, lifecycle: { DeleteAfterDays: 35 } });
 * ```
 */
export class BackupSim {
  readonly engine: BackupEngine;

  constructor(readonly world: SimWorld) {
    this.engine = backupEngineOf(world);
  }

  /** The options in force. */
  get options(): BackupSimOptions {
    return this.engine.options;
  }

  /** Changes options (records such as `restore` are merged per resource type). */
  configure(options: BackupSimOptionsInput): this {
    this.engine.options = mergeBackupOptions(this.engine.options, options);
    return this;
  }

  /** The state of a region, synced to now. */
  region(name: string): BackupRegion {
    const r = this.engine.region(name);
    this.engine.sync(this.world.clock.now());
    return r;
  }

  /** Creates a vault (no-op if it exists). Returns its ARN. */
  createVault(
    region: string,
    name: string,
    options: { encryptionKeyArn?: string; tags?: Record<string, string> } = {},
  ): string {
    const state = this.engine.region(region);
    return (state.vaults.get(name) ?? createVaultRecord(state, name, this.world.clock.now(), options)).arn;
  }

  /**
   * Creates a backup plan and, optionally, its resource assignment, as the API would. Rules
   * first run at their next scheduled time; see {@link BackupSim.backfillPlan} for history.
   */
  createPlan(
    region: string,
    plan: BackupPlanInput,
    selection?: BackupSelection,
    ids: { planId?: string; selectionId?: string } = {},
  ): { planId: string; planArn: string; versionId: string; selectionId?: string } {
    const state = this.engine.region(region);
    const now = this.world.clock.now();
    const record = createPlanRecord(state, plan, now, ids.planId !== undefined ? { id: ids.planId } : {});
    const sel = selection
      ? createSelectionRecord(state, record, selection, now, undefined, ids.selectionId)
      : undefined;
    return {
      planId: record.id,
      planArn: record.arn,
      versionId: record.current.versionId,
      ...(sel ? { selectionId: sel.id } : {}),
    };
  }

  /**
   * Runs a plan's rules from `since` up to now as if the plan had existed all along (resources
   * count as existing regardless of when they were registered). Jobs, points, copies and
   * expiries all appear as they would have.
   */
  backfillPlan(region: string, planId: string, since: TimeLike): void {
    const state = this.engine.region(region);
    const plan = state.plans.get(planId);
    if (!plan) throw new RangeError(`no backup plan ${planId} in ${region}`);
    const start = toMs(since);
    const now = this.world.clock.now();
    for (const rule of plan.current.rules) {
      const first = rule.cron.next(start - 1);
      const current = plan.cursors.get(rule.ruleId);
      if (first !== undefined && (current === undefined || first < current)) plan.cursors.set(rule.ruleId, first);
    }
    plan.backfillUntilMs = Math.max(plan.backfillUntilMs ?? 0, now);
    this.engine.sync(now);
  }

  /**
   * Seeds recovery points directly into a vault (no backup jobs are recorded). Points already
   * past their lifecycle are not created. Returns the ARNs, in the order given.
   */
  seedRecoveryPoints(region: string, vaultName: string, specs: readonly SeedPointSpec[]): string[] {
    const state = this.engine.region(region);
    const vault = state.vaults.get(vaultName) ?? createVaultRecord(state, vaultName, this.world.clock.now());
    const account = this.world.accountId;
    const arns: string[] = [];
    const now = this.world.clock.now();
    for (const spec of specs) {
      const created = toMs(spec.createdAt);
      const type = this.#typeOf(spec.resourceArn, spec.resourceType);
      const draws = new KeyedDraws(
        this.engine.seed,
        `seed-point:${region}:${spec.resourceArn}:${created}:${this.engine.nextSeq()}`,
      );
      const profile = this.#profile(state, spec.resourceArn, type, spec.sizeGiB);
      const sizeGiB = spec.sizeGiB ?? profile.sizeGiB * draws.around(1, 0.05);
      const duration =
        spec.durationMinutes !== undefined
          ? spec.durationMinutes * MINUTE
          : this.engine.duration(modelFor(this.engine.options.backup, type), sizeGiB, draws);
      const days = spec.lifecycle?.DeleteAfterDays;
      const cold = spec.lifecycle?.MoveToColdStorageAfterDays;
      const continuous = spec.continuousRetentionDays !== undefined;
      const deleteAtMs = !continuous && days ? created + days * DAY : undefined;
      const arn =
        spec.recoveryPointArn ??
        recoveryPointArnFor(type, region, account, draws, { continuous, resourceId: profile.id });
      arns.push(arn);
      if (deleteAtMs !== undefined && deleteAtMs <= now) continue;
      const point: PointRecord = {
        sortMs: created,
        seq: this.engine.nextSeq(),
        arn,
        region,
        vaultName: vault.name,
        vaultArn: vault.arn,
        resourceArn: spec.resourceArn,
        resourceType: type,
        profile,
        sizeBytes: Math.round(sizeGiB * GIB),
        initiationMs: created,
        completionMs: created + duration,
        ...(spec.lifecycle ? { lifecycle: spec.lifecycle } : {}),
        ...(deleteAtMs !== undefined ? { deleteAtMs } : {}),
        ...(!continuous && cold ? { coldAtMs: created + cold * DAY } : {}),
        ...(spec.backupPlanId ? { createdBy: this.#createdBy(state, spec.backupPlanId) } : {}),
        iamRoleArn: spec.iamRoleArn ?? DEFAULT_ROLE(account),
        encryptionKeyArn: vault.encryptionKeyArn,
        ...(spec.tags ? { tags: spec.tags } : {}),
        ...(spec.data ? { data: { ...spec.data } } : {}),
        ...(spec.restoreMetadata ? { restoreMetadata: { ...spec.restoreMetadata } } : {}),
        ...(continuous ? { continuous: { retentionDays: spec.continuousRetentionDays } } : {}),
        ...(spec.partial ? { partial: true } : {}),
        state: 'live',
      };
      if (spec.children?.length) {
        point.children = spec.children.map((c, i) => {
          const ctype = this.#typeOf(c.resourceArn, c.resourceType);
          const cprofile = this.#profile(state, c.resourceArn, ctype, undefined);
          return {
            ...point,
            seq: this.engine.nextSeq(),
            arn: recoveryPointArnFor(ctype, region, account, draws),
            resourceArn: c.resourceArn,
            resourceType: ctype,
            profile: cprofile,
            sizeBytes: Math.round(cprofile.sizeGiB * GIB),
            parentArn: arn,
            memberId: c.memberId ?? `member-${i + 1}`,
            children: undefined,
            restoreMetadata: undefined,
            data: undefined,
          };
        });
      }
      this.engine.insertPoint(state, point);
    }
    this.engine.sync(now);
    return arns;
  }

  /**
   * Seeds a regular history of backups of one resource, with backup jobs (a seeded share fail,
   * leaving gaps), lifecycle expiry and copies, exactly as plan runs would have produced them.
   * Returns the number of backup jobs recorded.
   */
  seedHistory(spec: SeedHistorySpec): number {
    const state = this.engine.region(spec.region);
    if (!state.vaults.has(spec.vaultName)) createVaultRecord(state, spec.vaultName, toMs(spec.from));
    const type = this.#typeOf(spec.resourceArn, spec.resourceType);
    const account = this.world.accountId;
    const now = this.world.clock.now();
    const to = Math.min(spec.to === undefined ? now : toMs(spec.to), now);
    const o = this.engine.options;
    const createdBy = spec.backupPlanId ? this.#createdBy(state, spec.backupPlanId) : undefined;
    let n = 0;
    for (let t = toMs(spec.from); t <= to; t += spec.everyMs) {
      this.engine.runBackup({
        region: state,
        resourceArn: spec.resourceArn,
        resourceType: type,
        vaultName: spec.vaultName,
        scheduledMs: t,
        startWindowMinutes: o.defaultStartWindowMinutes,
        completionWindowMinutes: o.defaultCompletionWindowMinutes,
        iamRoleArn: spec.iamRoleArn ?? DEFAULT_ROLE(account),
        ...(spec.lifecycle ? { lifecycle: spec.lifecycle } : {}),
        ...(createdBy ? { createdBy } : {}),
        copyActions: (spec.copyTo ?? []).map((c) => ({
          DestinationBackupVaultArn: c.vaultArn,
          ...(c.lifecycle ? { Lifecycle: c.lifecycle } : {}),
        })),
        key: `history:${spec.region}:${spec.vaultName}:${spec.resourceArn}:${t}`,
      });
      n++;
    }
    this.engine.sync(now);
    return n;
  }

  /** Starts a restore job without an API call (e.g. as a restore testing plan would). Returns its id. */
  startRestore(region: string, params: StartRestoreParams): string {
    const now = this.world.clock.now();
    this.engine.sync(now);
    return startRestore(this.engine.region(region), params, now).id;
  }

  /** Starts an on-demand backup job without an API call. Returns the job id. */
  startBackup(
    region: string,
    input: { vaultName: string; resourceArn: string; resourceType?: string; iamRoleArn?: string; jobId?: string },
  ): string {
    const now = this.world.clock.now();
    this.engine.sync(now);
    const o = this.engine.options;
    return this.engine.runBackup({
      region: this.engine.region(region),
      resourceArn: input.resourceArn,
      resourceType: this.#typeOf(input.resourceArn, input.resourceType),
      vaultName: input.vaultName,
      scheduledMs: now,
      startWindowMinutes: o.defaultStartWindowMinutes,
      completionWindowMinutes: o.defaultCompletionWindowMinutes,
      iamRoleArn: input.iamRoleArn ?? DEFAULT_ROLE(this.world.accountId),
      key: `sim-backup:${input.jobId ?? this.engine.jobId()}`,
      ...(input.jobId !== undefined ? { jobId: input.jobId } : {}),
      onDemand: true,
    }).id;
  }

  /** Starts a copy job without an API call. Returns the job id. */
  startCopy(
    region: string,
    input: {
      recoveryPointArn: string;
      destinationVaultArn: string;
      lifecycle?: Lifecycle;
      iamRoleArn?: string;
      jobId?: string;
    },
  ): string {
    const now = this.world.clock.now();
    this.engine.sync(now);
    const state = this.engine.region(region);
    const source = state.points.get(input.recoveryPointArn);
    if (!source) throw new RangeError(`no recovery point ${input.recoveryPointArn} in ${region}`);
    const id = input.jobId ?? this.engine.jobId();
    return this.engine.startCopy({
      region: state,
      source,
      destVaultArn: input.destinationVaultArn,
      ...(input.lifecycle ? { lifecycle: input.lifecycle } : {}),
      iamRoleArn: input.iamRoleArn ?? DEFAULT_ROLE(this.world.accountId),
      createdMs: now,
      key: `sim-copy:${id}`,
      jobId: id,
    }).id;
  }

  /** Makes the next `count` restore jobs fail with `message` (an injected condition). */
  failNextRestores(count: number, message = 'An internal error occurred during the restore job. Retry the job.'): void {
    for (let i = 0; i < count; i++) this.engine.injectedRestoreFailures.push(message);
  }

  /** A restore job record with its status now, or undefined. */
  restoreJob(region: string, id: string): (RestoreJobRecord & { status: string }) | undefined {
    const job = this.region(region).restoreJobsById.get(id);
    return job ? { ...job, status: restoreStatus(job, this.world.clock.now()) } : undefined;
  }

  /** Live, visible recovery points of a vault, newest first, with their status now. */
  points(region: string, vaultName: string): Array<PointRecord & { status: string }> {
    const now = this.world.clock.now();
    const vault = this.region(region).vaults.get(vaultName);
    if (!vault) return [];
    return vault.points.all
      .filter((p) => p.state !== 'deleted' && p.sortMs <= now)
      .reverse()
      .map((p) => ({ ...p, status: pointStatus(p, now) }));
  }

  /** The point-in-time window of a continuous recovery point now, if it is one. */
  pitrWindow(region: string, pointArn: string): { earliest: Date; latest: Date } | undefined {
    const p = this.region(region).points.get(pointArn);
    const w = p ? pitrWindow(p, this.world.clock.now(), this.engine.options) : undefined;
    return w ? { earliest: new Date(w.earliestMs), latest: new Date(w.latestMs) } : undefined;
  }

  #typeOf(arn: string, given?: string): string {
    const type = given ?? this.world.resources.get(arn)?.type ?? resourceTypeOfArn(arn);
    if (!type) throw new RangeError(`cannot tell the AWS Backup resource type of ${arn}; pass resourceType`);
    return type;
  }

  #profile(state: BackupRegion, arn: string, type: string, sizeGiB: number | undefined): ResourceProfile {
    const known = state.profiles.get(arn);
    if (known || sizeGiB === undefined) return known ?? this.engine.profileOf(state, arn, type);
    const profile = buildProfile(
      arn,
      type,
      state.name,
      this.world.accountId,
      this.engine.seed,
      this.world.resources.get(arn),
      [sizeGiB, sizeGiB],
    );
    state.profiles.set(arn, profile);
    return profile;
  }

  #createdBy(state: BackupRegion, planId: string) {
    const plan = state.plans.get(planId);
    return {
      BackupPlanId: planId,
      BackupPlanArn: plan?.arn ?? `arn:aws:backup:${state.name}:${this.world.accountId}:backup-plan:${planId}`,
      ...(plan ? { BackupPlanName: plan.current.plan.BackupPlanName, BackupPlanVersion: plan.current.versionId } : {}),
    };
  }
}

/**
 * The seeding and inspection API of a simulated cloud's AWS Backup.
 *
 * @example
 * ```ts
 * backupSim(cloud).seedRecoveryPoints('us-east-1', 'prod', [{ resourceArn, createdAt: '2026-11-21T05:00:00Z' }]);
 * ```
 */
export function backupSim(target: SimWorld | { readonly world: SimWorld }): BackupSim {
  const world = 'world' in target ? target.world : target;
  return new BackupSim(world);
}
