import type { BackupPlanInput, BackupRuleInput } from '@aws-sdk/client-backup';
import { Problems, parseDuration, type Duration, type InvalidInputError } from '@drkit/core';
import type { Result } from 'neverthrow';

/** How often a backup rule runs. `continuous` is point-in-time recovery (RDS, Aurora, S3, SAP HANA). */
export type BackupFrequency = 'daily' | 'weekly' | 'monthly' | 'continuous';

/** One rule of a planned backup plan, in AWS Backup's terms. */
export interface PlannedRule {
  /** `RuleName`: `<plan key>-<frequency>`, e.g. `ec2-weekly`. */
  readonly ruleName: string;
  readonly frequency: BackupFrequency;
  /** `ScheduleExpression` (UTC cron). */
  readonly scheduleExpression: string;
  /** `Lifecycle.DeleteAfterDays` in the primary vault. */
  readonly keepDays: number;
  /** `EnableContinuousBackup`. */
  readonly continuous: boolean;
  /** Retention of the copy in the DR vault (`CopyActions[0].Lifecycle.DeleteAfterDays`), when copied. */
  readonly copyToDrDays?: number;
  readonly startWindowMinutes: number;
  readonly completionWindowMinutes: number;
}

/** One AWS Backup plan of the strategy: a kind of resource, the resources, the rules. */
export interface PlannedBackupPlan {
  /** Short key: `ec2`, `rds`, `efs`. */
  readonly key: string;
  /** `BackupPlanName`: `<application>-<key>`. */
  readonly planName: string;
  /** `SelectionName`: `<application>-<key>-resources`. */
  readonly selectionName: string;
  /** AWS Backup resource type (`EC2`, `RDS`, `EFS`, `Aurora`, `DynamoDB`…). */
  readonly resourceType: string;
  /** Resource ARNs the selection protects. */
  readonly resources: readonly string[];
  readonly rules: readonly PlannedRule[];
}

/**
 * The ElastiCache snapshot policy (AWS Backup does not cover ElastiCache): daily automatic
 * snapshots kept `daily.keepDays` (the replication group's `SnapshotRetentionLimit` and
 * `SnapshotWindow`), and weekly manual snapshots kept `weekly.keepDays` and copied to the DR
 * region, which a scheduled job takes (AWS has no schedule for manual snapshots).
 */
export interface CacheSnapshotPolicy {
  /** The primary region's replication group. */
  readonly replicationGroupId: string;
  readonly daily: { readonly keepDays: number; readonly window: string };
  readonly weekly: {
    readonly keepDays: number;
    /** Manual snapshots are named `<prefix>YYYY-MM-DD`. */
    readonly prefix: string;
    readonly copyToDr: boolean;
  };
}

/**
 * A backup strategy: the DR plan's two tables as data. Build one with {@link backupStrategy}
 * (or {@link drPlanStrategy} for the plan as written); apply it with `applyBackupPlan`; audit
 * the estate against it with `checkBackupCompliance`. Plain JSON.
 */
export interface BackupStrategy {
  readonly application: string;
  readonly accountId: string;
  readonly regions: { readonly primary: string; readonly dr: string };
  readonly vaults: { readonly primary: string; readonly dr: string; readonly drArn: string };
  /** The role AWS Backup assumes for the selections. */
  readonly iamRoleArn: string;
  /** Recovery point objective (ms): what continuous backups must achieve. */
  readonly rpoMs: number;
  /** The longest acceptable restore (ms), e.g. the RTO. */
  readonly restoreTargetMs: number;
  /** Hour (UTC) the scheduled rules start. */
  readonly backupHourUtc: number;
  readonly tags: Readonly<Record<string, string>>;
  readonly plans: readonly PlannedBackupPlan[];
  readonly cache?: CacheSnapshotPolicy;
}

/** Options of {@link backupStrategy}. */
export interface BackupStrategyOptions {
  /** Names the plans: `<application>-<key>`. */
  readonly application: string;
  readonly accountId: string;
  readonly regions: { readonly primary: string; readonly dr: string };
  /** Vault names in the primary and the DR region. */
  readonly vaults: { readonly primary: string; readonly dr: string };
  readonly iamRoleArn: string;
  /** The recovery point objective, e.g. `'15m'`. */
  readonly rpo: Duration;
  /** The longest acceptable restore, e.g. the RTO `'1h'`. Default `'1h'`. */
  readonly restoreTarget?: Duration;
  /** Hour (UTC) the scheduled rules start. Default 5. */
  readonly backupHourUtc?: number;
  /** Put on every recovery point (with `Rule: <rule name>`). Default `{ Application: application }`. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Options of one scheduled rule in {@link RulesBuilder}. */
export interface RuleOptions {
  /** Keep a copy in the DR vault for this many days. */
  readonly copyToDr?: number;
  /** Default 60. */
  readonly startWindowMinutes?: number;
  /** Default 480. */
  readonly completionWindowMinutes?: number;
}

/** Adds rules to one plan of a {@link BackupStrategyBuilder}. Retention is in days. */
export interface RulesBuilder {
  daily(keepDays: number, options?: RuleOptions): RulesBuilder;
  /** On Sundays. */
  weekly(keepDays: number, options?: RuleOptions): RulesBuilder;
  /** On the 1st of the month. */
  monthly(keepDays: number, options?: RuleOptions): RulesBuilder;
  /** Point-in-time recovery, kept 1 to 35 days. */
  continuous(keepDays: number): RulesBuilder;
}

/** Builds a {@link BackupStrategy}; `build()` reports every problem at once. */
export interface BackupStrategyBuilder {
  /** A backup plan for resources of one type, e.g. `protect('ec2', 'EC2', arns, (r) => r.daily(7).weekly(30, { copyToDr: 30 }))`. */
  protect(
    key: string,
    resourceType: string,
    resources: readonly string[],
    rules: (r: RulesBuilder) => RulesBuilder,
  ): BackupStrategyBuilder;
  /** The ElastiCache snapshot policy. */
  cacheSnapshots(policy: CacheSnapshotPolicy): BackupStrategyBuilder;
  build(): Result<BackupStrategy, InvalidInputError>;
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const VAULT = /^[a-zA-Z0-9\-_]{2,50}$/;
const KEY = /^[a-z0-9][a-z0-9-]{0,30}$/;
const WINDOW = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;

/** The UTC cron expression AWS Backup runs a rule of this frequency on. */
function cronFor(frequency: BackupFrequency, hour: number): string {
  if (frequency === 'weekly') return `cron(0 ${hour} ? * SUN *)`;
  if (frequency === 'monthly') return `cron(0 ${hour} 1 * ? *)`;
  return `cron(0 ${hour} ? * * *)`;
}

/**
 * Starts a typed {@link BackupStrategy}: one AWS Backup plan per kind of resource (daily,
 * weekly, monthly and continuous rules, each with its retention and an optional copy to the DR
 * vault with its own retention) and the ElastiCache snapshot policy. `build()` checks
 * everything at once against AWS Backup's limits (retention at least a day, continuous backups
 * kept 1-35 days, start windows of at least an hour and completion windows an hour longer) and
 * returns `InvalidInput` listing every problem.
 *
 * @example
 * ```ts
 * const strategy = backupStrategy({
 *   application: 'jobs-api', accountId: '123456789012', regions: { primary: 'us-east-1', dr: 'us-west-2' },
 *   vaults: { primary: 'jobs-api-primary', dr: 'jobs-api-dr' }, iamRoleArn, rpo: '15m', restoreTarget: '1h',
 * })
 *   .protect('ec2', 'EC2', instanceArns, (r) => r.daily(7).weekly(30, { copyToDr: 30 }).monthly(365, { copyToDr: 365 }))
 *   .protect('rds', 'RDS', [databaseArn], (r) => r.daily(7).continuous(1).weekly(30, { copyToDr: 30 }))
 *   .build();
 * ```
 */
export function backupStrategy(options: BackupStrategyOptions): BackupStrategyBuilder {
  const problems = new Problems();
  const o = (typeof options === 'object' && options !== null ? options : {}) as Partial<BackupStrategyOptions>;
  if (typeof o.application !== 'string' || !/^[a-zA-Z0-9][a-zA-Z0-9\-_.]{0,40}$/.test(o.application))
    problems.add('application', 'must be 1-41 letters, digits, "-", "_" or "."');
  if (typeof o.accountId !== 'string' || !/^\d{12}$/.test(o.accountId)) problems.add('accountId', 'must be 12 digits');
  if (!REGION.test(String(o.regions?.primary))) problems.add('regions.primary', 'must be a region name');
  if (!REGION.test(String(o.regions?.dr))) problems.add('regions.dr', 'must be a region name');
  if (o.regions && o.regions.primary === o.regions.dr)
    problems.add('regions.dr', 'must differ from the primary region');
  if (!VAULT.test(String(o.vaults?.primary))) problems.add('vaults.primary', 'must be a backup vault name');
  if (!VAULT.test(String(o.vaults?.dr))) problems.add('vaults.dr', 'must be a backup vault name');
  if (typeof o.iamRoleArn !== 'string' || !/^arn:aws[\w-]*:iam::\d{12}:role\/.+/.test(o.iamRoleArn))
    problems.add('iamRoleArn', 'must be an IAM role ARN');
  const duration = (path: string, value: Duration | undefined, fallback: number): number => {
    if (value === undefined) return fallback;
    const parsed = parseDuration(value, path);
    if (parsed.isErr()) {
      problems.addAll('', parsed.error.problems);
      return fallback;
    }
    if (parsed.value === 0) problems.add(path, 'must be longer than 0');
    return parsed.value;
  };
  if (o.rpo === undefined) problems.add('rpo', 'is required, e.g. "15m"');
  const rpoMs = duration('rpo', o.rpo, 900_000);
  const restoreTargetMs = duration('restoreTarget', o.restoreTarget, 3_600_000);
  const hour = o.backupHourUtc ?? 5;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) problems.add('backupHourUtc', 'must be an hour from 0 to 23');
  const application = String(o.application ?? '');
  const plans: PlannedBackupPlan[] = [];
  let cache: CacheSnapshotPolicy | undefined;
  const positiveDays = (path: string, days: unknown, max = 36_500) => {
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > max)
      problems.add(path, `must be a whole number of days from 1 to ${max}`);
  };

  const builder: BackupStrategyBuilder = {
    protect(key, resourceType, resources, rules) {
      const at = `plans.${String(key)}`;
      if (typeof key !== 'string' || !KEY.test(key)) problems.add(at, 'key must be lower-case letters, digits and "-"');
      if (plans.some((p) => p.key === key)) problems.add(at, 'is protected twice');
      if (typeof resourceType !== 'string' || resourceType === '') problems.add(`${at}.resourceType`, 'is required');
      if (
        !Array.isArray(resources) ||
        resources.length === 0 ||
        resources.some((r) => typeof r !== 'string' || !r.startsWith('arn:'))
      )
        problems.add(`${at}.resources`, 'must list at least one resource ARN');
      const planned: PlannedRule[] = [];
      const add = (frequency: BackupFrequency, keepDays: number, opt: RuleOptions = {}) => {
        const path = `${at}.rules.${frequency}`;
        if (planned.some((r) => r.frequency === frequency)) problems.add(path, 'is given twice');
        positiveDays(`${path}.keepDays`, keepDays, frequency === 'continuous' ? 35 : 36_500);
        if (opt.copyToDr !== undefined) positiveDays(`${path}.copyToDr`, opt.copyToDr);
        const start = opt.startWindowMinutes ?? 60;
        const completion = opt.completionWindowMinutes ?? 480;
        if (!Number.isInteger(start) || start < 60) problems.add(`${path}.startWindowMinutes`, 'must be at least 60');
        if (!Number.isInteger(completion) || completion < start + 60)
          problems.add(`${path}.completionWindowMinutes`, 'must be at least 60 more than the start window');
        planned.push({
          ruleName: `${key}-${frequency}`,
          frequency,
          scheduleExpression: cronFor(frequency, hour),
          keepDays,
          continuous: frequency === 'continuous',
          ...(opt.copyToDr !== undefined ? { copyToDrDays: opt.copyToDr } : {}),
          startWindowMinutes: start,
          completionWindowMinutes: completion,
        });
      };
      const r: RulesBuilder = {
        daily: (days, opt) => (add('daily', days, opt), r),
        weekly: (days, opt) => (add('weekly', days, opt), r),
        monthly: (days, opt) => (add('monthly', days, opt), r),
        continuous: (days) => (add('continuous', days), r),
      };
      if (typeof rules === 'function') rules(r);
      if (planned.length === 0) problems.add(`${at}.rules`, 'must add at least one rule');
      plans.push({
        key,
        planName: `${application}-${key}`,
        selectionName: `${application}-${key}-resources`,
        resourceType,
        resources: Array.isArray(resources) ? (resources as readonly string[]).slice() : [],
        rules: planned,
      });
      return builder;
    },
    cacheSnapshots(policy) {
      const p = policy as Partial<CacheSnapshotPolicy> | undefined;
      if (typeof p?.replicationGroupId !== 'string' || p.replicationGroupId === '')
        problems.add('cache.replicationGroupId', 'is required');
      positiveDays('cache.daily.keepDays', p?.daily?.keepDays, 35);
      if (!WINDOW.test(String(p?.daily?.window))) problems.add('cache.daily.window', 'must be "HH:MM-HH:MM" (UTC)');
      positiveDays('cache.weekly.keepDays', p?.weekly?.keepDays);
      if (typeof p?.weekly?.prefix !== 'string' || !/^[a-zA-Z][a-zA-Z0-9-]*$/.test(p.weekly.prefix))
        problems.add('cache.weekly.prefix', 'must start with a letter: letters, digits and "-"');
      cache = policy;
      return builder;
    },
    build() {
      if (plans.length === 0 && !cache) problems.add('plans', 'protect at least one kind of resource');
      return problems.result({
        application,
        accountId: String(o.accountId),
        regions: { primary: String(o.regions?.primary), dr: String(o.regions?.dr) },
        vaults: {
          primary: String(o.vaults?.primary),
          dr: String(o.vaults?.dr),
          drArn: `arn:aws:backup:${String(o.regions?.dr)}:${String(o.accountId)}:backup-vault:${String(o.vaults?.dr)}`,
        },
        iamRoleArn: String(o.iamRoleArn),
        rpoMs,
        restoreTargetMs,
        backupHourUtc: hour,
        tags: { Application: application, ...(o.tags ?? {}) },
        plans,
        ...(cache ? { cache } : {}),
      });
    },
  };
  return builder;
}

/** What {@link drPlanStrategy} needs beyond the DR plan itself: the estate's names. */
export interface DrPlanEstate extends Omit<BackupStrategyOptions, 'rpo' | 'restoreTarget'> {
  readonly resources: {
    readonly ec2: readonly string[];
    readonly rds: readonly string[];
    readonly efs: readonly string[];
  };
  /** The primary Redis replication group, for the ElastiCache snapshot policy. */
  readonly cache?: { readonly replicationGroupId: string; readonly window?: string; readonly weeklyPrefix?: string };
}

/**
 * The backup strategy of the DR plan (`dr-plan.md`, "Backup Strategy"), table for table, over
 * your estate: RPO 15 min, RTO 1 h;
 *
 * | resource | primary vault | DR vault |
 * |---|---|---|
 * | EC2 | daily 7 d, weekly 30 d, monthly 365 d | weekly 30 d, monthly 365 d |
 * | RDS | daily 7 d, continuous 24 h (PITR) | weekly 30 d |
 * | EFS | daily 30 d | weekly 30 d |
 * | ElastiCache | daily automatic 7 d, weekly manual 30 d | weekly 30 d |
 *
 * RDS and EFS have no weekly rule in the primary table, yet the DR table copies their weekly
 * backups: the weekly rule here keeps its primary copy 30 days too (the shortest that lets the
 * copy happen). S3 (versioning and lifecycle) is configured on the buckets, not in AWS Backup.
 *
 * @example
 * ```ts
 * const strategy = drPlanStrategy({
 *   application: 'jobs-api', accountId: '123456789012', regions: { primary: 'us-east-1', dr: 'us-west-2' },
 *   vaults: { primary: 'jobs-api-primary', dr: 'jobs-api-dr' }, iamRoleArn,
 *   resources: { ec2: instanceArns, rds: [databaseArn], efs: [fileSystemArn] },
 *   cache: { replicationGroupId: 'jobs-api-redis' },
 * })._unsafeUnwrap();
 * ```
 */
export function drPlanStrategy(estate: DrPlanEstate): Result<BackupStrategy, InvalidInputError> {
  const b = backupStrategy({ ...estate, rpo: '15m', restoreTarget: '1h' });
  const res = estate?.resources;
  if (res?.ec2?.length)
    b.protect('ec2', 'EC2', res.ec2, (r) => r.daily(7).weekly(30, { copyToDr: 30 }).monthly(365, { copyToDr: 365 }));
  if (res?.rds?.length) b.protect('rds', 'RDS', res.rds, (r) => r.daily(7).continuous(1).weekly(30, { copyToDr: 30 }));
  if (res?.efs?.length) b.protect('efs', 'EFS', res.efs, (r) => r.daily(30).weekly(30, { copyToDr: 30 }));
  if (estate?.cache)
    b.cacheSnapshots({
      replicationGroupId: estate.cache.replicationGroupId,
      daily: { keepDays: 7, window: estate.cache.window ?? '05:00-06:00' },
      weekly: {
        keepDays: 30,
        prefix: estate.cache.weeklyPrefix ?? `${estate.application}-redis-weekly-`,
        copyToDr: true,
      },
    });
  return b.build();
}

/**
 * The `BackupPlan` input AWS Backup takes for a planned plan (`CreateBackupPlan`,
 * `UpdateBackupPlan`).
 *
 * @example
 * ```ts
 * await backup.send(new CreateBackupPlanCommand({ BackupPlan: backupPlanInput(strategy, strategy.plans[0]) }));
 * ```
 */
export function backupPlanInput(strategy: BackupStrategy, plan: PlannedBackupPlan): BackupPlanInput {
  return {
    BackupPlanName: plan.planName,
    Rules: plan.rules.map((r): BackupRuleInput => ({
      RuleName: r.ruleName,
      TargetBackupVaultName: strategy.vaults.primary,
      ScheduleExpression: r.scheduleExpression,
      StartWindowMinutes: r.startWindowMinutes,
      CompletionWindowMinutes: r.completionWindowMinutes,
      Lifecycle: { DeleteAfterDays: r.keepDays },
      RecoveryPointTags: { ...strategy.tags, Rule: r.ruleName },
      ...(r.continuous ? { EnableContinuousBackup: true } : {}),
      ...(r.copyToDrDays !== undefined
        ? {
            CopyActions: [
              { DestinationBackupVaultArn: strategy.vaults.drArn, Lifecycle: { DeleteAfterDays: r.copyToDrDays } },
            ],
          }
        : {}),
    })),
  };
}
