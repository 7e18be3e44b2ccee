import {
  BackupClient,
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  DeleteBackupSelectionCommand,
  GetBackupPlanCommand,
  GetBackupSelectionCommand,
  ListBackupSelectionsCommand,
  UpdateBackupPlanCommand,
  paginateListBackupPlans,
  type BackupClientConfig,
  type BackupPlanInput,
  type BackupPlansListMember,
  type BackupRule,
  type BackupRuleInput,
} from '@aws-sdk/client-backup';
import {
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  ModifyReplicationGroupCommand,
  type ElastiCacheClientConfig,
} from '@aws-sdk/client-elasticache';
import { Problems, invalidInput, resolveContext, type DrContextInput, type DrError } from '@drkit/core';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { checkClientOption, resolveClient, type AwsClientOption } from '../shared/clientOptions';
import { awsAttempt, awsSend, pacedClient, type AwsCallOptions } from '../shared/send';
import { backupPlanInput, type BackupStrategy, type PlannedBackupPlan } from './backupStrategy';

/** The clients {@link applyBackupPlan} works with, all in the primary region. */
export type BackupPlanClients = AwsCallOptions & {
  /** AWS Backup in the primary region (where the plans run). */
  readonly backup: AwsClientOption<BackupClient, BackupClientConfig>;
  /** ElastiCache in the primary region; needed when the strategy has a cache policy. */
  readonly elasticache?: AwsClientOption<ElastiCacheClient, ElastiCacheClientConfig>;
};

/** One difference between the strategy and the account. */
export interface BackupPlanChange {
  readonly action: 'create' | 'update' | 'replace' | 'delete';
  readonly resource: 'backup-plan' | 'backup-rule' | 'backup-selection' | 'elasticache-snapshots';
  /** Plan, rule (`plan/rule`), selection or replication group name. */
  readonly name: string;
  /** The field that differs, for updates: `Lifecycle.DeleteAfterDays`, `Resources`… */
  readonly field?: string;
  readonly from?: unknown;
  readonly to?: unknown;
}

/** What {@link applyBackupPlan} did (or, in a dry run, would do). */
export interface ApplyBackupPlanReport {
  readonly dryRun: boolean;
  /** Every difference found; empty when the account already matches the strategy. */
  readonly changes: readonly BackupPlanChange[];
  /** Backup plan ids by plan key (absent for plans a dry run would create). */
  readonly planIds: Readonly<Record<string, string>>;
  /** Things no API call can set up, for the runbook (the weekly manual cache snapshots). */
  readonly notes: readonly string[];
}

interface Normalised {
  ScheduleExpression: string;
  TargetBackupVaultName: string;
  StartWindowMinutes: number;
  CompletionWindowMinutes: number;
  'Lifecycle.DeleteAfterDays': number | undefined;
  EnableContinuousBackup: boolean;
  CopyActions: string;
  RecoveryPointTags: string;
}

function normalise(rule: BackupRule | BackupRuleInput): Normalised {
  const tags = Object.entries(rule.RecoveryPointTags ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return {
    ScheduleExpression: rule.ScheduleExpression ?? '',
    TargetBackupVaultName: rule.TargetBackupVaultName ?? '',
    StartWindowMinutes: rule.StartWindowMinutes ?? 480,
    CompletionWindowMinutes: rule.CompletionWindowMinutes ?? 10_080,
    'Lifecycle.DeleteAfterDays': rule.Lifecycle?.DeleteAfterDays,
    EnableContinuousBackup: rule.EnableContinuousBackup === true,
    CopyActions: (rule.CopyActions ?? [])
      .map((c) => `${c.DestinationBackupVaultArn ?? ''} keep ${c.Lifecycle?.DeleteAfterDays ?? '∞'} d`)
      .sort()
      .join(', '),
    RecoveryPointTags: JSON.stringify(Object.fromEntries(tags)),
  };
}

/**
 * The rule-level differences between a deployed plan's rules (`GetBackupPlan`) and the planned
 * input: rules to create or delete, and each field that differs.
 *
 * @example
 * ```ts
 * planDiff('jobs-api-ec2', got.BackupPlan?.Rules ?? [], backupPlanInput(strategy, plan));
 * // [{ action: 'update', resource: 'backup-rule', name: 'jobs-api-ec2/ec2-weekly', field: 'Lifecycle.DeleteAfterDays', from: 14, to: 30 }]
 * ```
 */
export function planDiff(
  planName: string,
  deployed: readonly (BackupRule | BackupRuleInput)[],
  wanted: BackupPlanInput,
): BackupPlanChange[] {
  const changes: BackupPlanChange[] = [];
  const have = new Map(deployed.map((r) => [r.RuleName ?? '', r]));
  const want = new Map((wanted.Rules ?? []).map((r) => [r.RuleName ?? '', r]));
  for (const [name, rule] of want) {
    const current = have.get(name);
    if (!current) {
      changes.push({ action: 'create', resource: 'backup-rule', name: `${planName}/${name}`, to: normalise(rule) });
      continue;
    }
    const a = normalise(current);
    const b = normalise(rule);
    for (const field of Object.keys(b) as (keyof Normalised)[])
      if (a[field] !== b[field])
        changes.push({
          action: 'update',
          resource: 'backup-rule',
          name: `${planName}/${name}`,
          field,
          from: a[field],
          to: b[field],
        });
  }
  for (const name of have.keys())
    if (!want.has(name)) changes.push({ action: 'delete', resource: 'backup-rule', name: `${planName}/${name}` });
  return changes;
}

/**
 * Makes the account match a {@link BackupStrategy}, idempotently: creates the AWS Backup plans
 * and selections that are missing, updates plans whose rules differ (`UpdateBackupPlan` with the
 * whole rule set), replaces selections whose resources or role differ (selections cannot be
 * updated: delete, then create), and sets the ElastiCache group's automatic snapshot retention
 * and window (`ModifyReplicationGroup`). Plans are matched by name. The report lists every
 * difference, field by field; a second run reports none.
 *
 * With `ctx.dryRun` it only reads and reports the differences. The weekly manual ElastiCache
 * snapshots cannot be configured by any API call — schedule a job for them — and the report's
 * `notes` say so.
 *
 * @example
 * ```ts
 * const strategy = drPlanStrategy(estate)._unsafeUnwrap();
 * const preview = await applyBackupPlan(strategy, { backup: { client: backup } }, { ...ctx, dryRun: true });
 * preview._unsafeUnwrap().changes; // [{ action: 'update', resource: 'backup-rule', name: 'jobs-api-ec2/ec2-weekly', field: 'Lifecycle.DeleteAfterDays', from: 14, to: 30 }]
 * await applyBackupPlan(strategy, { backup: { client: backup }, elasticache: { client: elasticache } }, ctx);
 * ```
 */
export function applyBackupPlan(
  strategy: BackupStrategy,
  clients: BackupPlanClients,
  ctxInput?: DrContextInput,
): ResultAsync<ApplyBackupPlanReport, DrError> {
  const problems = new Problems();
  if (typeof strategy !== 'object' || strategy === null || !Array.isArray(strategy.plans))
    problems.add('strategy', 'must be a BackupStrategy (from backupStrategy().build() or drPlanStrategy())');
  if (typeof clients !== 'object' || clients === null) problems.add('clients', 'must be an object');
  else {
    checkClientOption(problems, clients.backup, 'backup');
    if (strategy?.cache && clients.elasticache === undefined)
      problems.add('elasticache', 'is required: the strategy has an ElastiCache snapshot policy');
    if (clients.elasticache !== undefined) checkClientOption(problems, clients.elasticache, 'elasticache');
  }
  if (problems.any) return errAsync(invalidInput(problems.list));
  const ctx = resolveContext(ctxInput);
  const backup = resolveClient<BackupClient, BackupClientConfig>(clients.backup, (c) => new BackupClient(c));
  const changes: BackupPlanChange[] = [];
  const planIds: Record<string, string> = {};
  const site = { service: 'backup' };

  const listPlans = (): ResultAsync<BackupPlansListMember[], DrError> => {
    const paced = pacedClient(backup, site, ctx, clients);
    return awsAttempt({ service: 'backup', operation: 'ListBackupPlans' }, async () => {
      const found: BackupPlansListMember[] = [];
      for await (const page of paginateListBackupPlans({ client: paced }, {}))
        found.push(...(page.BackupPlansList ?? []));
      return found;
    });
  };

  const selectionInput = (plan: PlannedBackupPlan) => ({
    SelectionName: plan.selectionName,
    IamRoleArn: strategy.iamRoleArn,
    Resources: [...plan.resources],
  });

  const createSelection = (planId: string, plan: PlannedBackupPlan) =>
    ctx.dryRun
      ? okAsync(undefined)
      : awsSend(
          backup,
          new CreateBackupSelectionCommand({ BackupPlanId: planId, BackupSelection: selectionInput(plan) }),
          site,
          ctx,
          clients,
        ).map(() => undefined);

  const syncSelection = (planId: string, plan: PlannedBackupPlan): ResultAsync<void, DrError> =>
    awsSend(backup, new ListBackupSelectionsCommand({ BackupPlanId: planId }), site, ctx, clients).andThen((out) => {
      const existing = (out.BackupSelectionsList ?? []).find((s) => s.SelectionName === plan.selectionName);
      if (!existing?.SelectionId) {
        changes.push({
          action: 'create',
          resource: 'backup-selection',
          name: plan.selectionName,
          to: { Resources: plan.resources },
        });
        return createSelection(planId, plan);
      }
      const selectionId = existing.SelectionId;
      return awsSend(
        backup,
        new GetBackupSelectionCommand({ BackupPlanId: planId, SelectionId: selectionId }),
        site,
        ctx,
        clients,
      ).andThen((got) => {
        const have = [...(got.BackupSelection?.Resources ?? [])].sort();
        const want = [...plan.resources].sort();
        const diffs: BackupPlanChange[] = [];
        if (have.join('\n') !== want.join('\n'))
          diffs.push({
            action: 'replace',
            resource: 'backup-selection',
            name: plan.selectionName,
            field: 'Resources',
            from: have,
            to: want,
          });
        if (got.BackupSelection?.IamRoleArn !== strategy.iamRoleArn)
          diffs.push({
            action: 'replace',
            resource: 'backup-selection',
            name: plan.selectionName,
            field: 'IamRoleArn',
            from: got.BackupSelection?.IamRoleArn,
            to: strategy.iamRoleArn,
          });
        if (diffs.length === 0) return okAsync(undefined);
        changes.push(...diffs);
        if (ctx.dryRun) return okAsync(undefined);
        return awsSend(
          backup,
          new DeleteBackupSelectionCommand({ BackupPlanId: planId, SelectionId: selectionId }),
          site,
          ctx,
          clients,
        ).andThen(() => createSelection(planId, plan));
      });
    });

  const syncPlan = (
    plan: PlannedBackupPlan,
    existing: BackupPlansListMember | undefined,
  ): ResultAsync<void, DrError> => {
    const wanted = backupPlanInput(strategy, plan);
    if (!existing?.BackupPlanId) {
      changes.push({
        action: 'create',
        resource: 'backup-plan',
        name: plan.planName,
        to: { rules: plan.rules.map((r) => r.ruleName) },
      });
      changes.push({
        action: 'create',
        resource: 'backup-selection',
        name: plan.selectionName,
        to: { Resources: plan.resources },
      });
      if (ctx.dryRun) return okAsync(undefined);
      return awsSend(
        backup,
        new CreateBackupPlanCommand({ BackupPlan: wanted, BackupPlanTags: { ...strategy.tags } }),
        site,
        ctx,
        clients,
      ).andThen((out) => {
        planIds[plan.key] = out.BackupPlanId ?? '';
        ctx.logger.info('backup strategy: plan created', { plan: plan.planName, planId: out.BackupPlanId });
        return createSelection(out.BackupPlanId ?? '', plan);
      });
    }
    const planId = existing.BackupPlanId;
    planIds[plan.key] = planId;
    return awsSend(backup, new GetBackupPlanCommand({ BackupPlanId: planId }), site, ctx, clients)
      .andThen((got) => {
        const diff = planDiff(plan.planName, got.BackupPlan?.Rules ?? [], wanted);
        if (diff.length === 0) return okAsync(undefined);
        changes.push(...diff);
        if (ctx.dryRun) return okAsync(undefined);
        return awsSend(
          backup,
          new UpdateBackupPlanCommand({ BackupPlanId: planId, BackupPlan: wanted }),
          site,
          ctx,
          clients,
        ).map(() => {
          ctx.logger.info('backup strategy: plan updated', { plan: plan.planName, changes: diff.length });
        });
      })
      .andThen(() => syncSelection(planId, plan));
  };

  const syncCache = (): ResultAsync<void, DrError> => {
    const policy = strategy.cache;
    if (!policy || !clients.elasticache) return okAsync(undefined);
    const cache = resolveClient<ElastiCacheClient, ElastiCacheClientConfig>(
      clients.elasticache,
      (c) => new ElastiCacheClient(c),
    );
    const es = { service: 'elasticache' };
    return awsSend(
      cache,
      new DescribeReplicationGroupsCommand({ ReplicationGroupId: policy.replicationGroupId }),
      es,
      ctx,
      clients,
    ).andThen((out) => {
      const group = out.ReplicationGroups?.[0];
      const diffs: BackupPlanChange[] = [];
      if ((group?.SnapshotRetentionLimit ?? 0) !== policy.daily.keepDays)
        diffs.push({
          action: 'update',
          resource: 'elasticache-snapshots',
          name: policy.replicationGroupId,
          field: 'SnapshotRetentionLimit',
          from: group?.SnapshotRetentionLimit ?? 0,
          to: policy.daily.keepDays,
        });
      if (group?.SnapshotWindow !== policy.daily.window)
        diffs.push({
          action: 'update',
          resource: 'elasticache-snapshots',
          name: policy.replicationGroupId,
          field: 'SnapshotWindow',
          from: group?.SnapshotWindow,
          to: policy.daily.window,
        });
      if (diffs.length === 0) return okAsync(undefined);
      changes.push(...diffs);
      if (ctx.dryRun) return okAsync(undefined);
      return awsSend(
        cache,
        new ModifyReplicationGroupCommand({
          ReplicationGroupId: policy.replicationGroupId,
          SnapshotRetentionLimit: policy.daily.keepDays,
          SnapshotWindow: policy.daily.window,
          ApplyImmediately: true,
        }),
        es,
        ctx,
        clients,
      ).map(() => undefined);
    });
  };

  const notes: string[] = [];
  if (strategy.cache)
    notes.push(
      `ElastiCache weekly manual snapshots (${strategy.cache.weekly.prefix}YYYY-MM-DD, kept ${strategy.cache.weekly.keepDays} d${
        strategy.cache.weekly.copyToDr ? `, copied to ${strategy.regions.dr}` : ''
      }) are not an AWS setting: schedule a weekly job (EventBridge Scheduler → Lambda: CreateSnapshot, export with CopySnapshot TargetBucket, replicate the bucket to ${strategy.regions.dr}, delete expired ones)`,
    );

  return listPlans()
    .andThen((existing) => {
      const step = (i: number): ResultAsync<void, DrError> => {
        const plan = strategy.plans[i];
        if (!plan) return okAsync(undefined);
        const match = existing.find((p) => p.BackupPlanName === plan.planName && p.DeletionDate === undefined);
        return syncPlan(plan, match).andThen(() => step(i + 1));
      };
      return step(0);
    })
    .andThen(syncCache)
    .map((): ApplyBackupPlanReport => {
      ctx.logger.info('backup strategy: applied', { dryRun: ctx.dryRun, changes: changes.length });
      return { dryRun: ctx.dryRun, changes, planIds, notes };
    });
}
