import {
  BackupClient,
  paginateListBackupJobs,
  paginateListRecoveryPointsByBackupVault,
  paginateListRestoreJobs,
  type BackupClientConfig,
  type BackupJob,
  type RecoveryPointByBackupVault,
  type RestoreJobsListMember,
} from '@aws-sdk/client-backup';
import {
  DescribeReplicationGroupsCommand,
  DescribeSnapshotsCommand,
  ElastiCacheClient,
  type ElastiCacheClientConfig,
  type Snapshot,
} from '@aws-sdk/client-elasticache';
import {
  Problems,
  formatDuration,
  invalidInput,
  parseDuration,
  resolveContext,
  type DrContext,
  type DrContextInput,
  type DrError,
  type Duration,
} from '@drkit/core';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { checkClientOption, resolveClient, type AwsClientOption } from '../shared/clientOptions';
import { awsAttempt, awsSend, pacedClient, type AwsCallOptions } from '../shared/send';
import { toEpochMs } from '../shared/time';
import type { BackupStrategy, PlannedBackupPlan, PlannedRule } from './backupStrategy';

/** The controls, in the spirit of AWS Backup Audit Manager's. */
export type ComplianceControl =
  | 'last-recovery-point-within-rpo'
  | 'retention-meets-plan'
  | 'cross-region-copy-in-dr-vault'
  | 'restore-time-within-target'
  | 'no-failed-backup-jobs';

/** AWS Config's words for a control's result. */
export type ComplianceStatus = 'COMPLIANT' | 'NON_COMPLIANT' | 'INSUFFICIENT_DATA';

/** One verdict: one resource, one control. */
export interface ComplianceVerdict {
  /** Resource ARN, or the replication group id for ElastiCache. */
  readonly resource: string;
  readonly resourceType: string;
  readonly control: ComplianceControl;
  readonly status: ComplianceStatus;
  /** One line for humans. */
  readonly detail: string;
  readonly evidence: Readonly<Record<string, unknown>>;
}

/** What {@link checkBackupCompliance} found. */
export interface ComplianceReport {
  /** When it was evaluated (ms epoch, `ctx.clock`). */
  readonly evaluatedAt: number;
  /** True when no verdict is `NON_COMPLIANT`. */
  readonly compliant: boolean;
  readonly verdicts: readonly ComplianceVerdict[];
  readonly summary: Readonly<Record<ComplianceStatus, number>>;
}

/** The clients {@link checkBackupCompliance} reads with. */
export type ComplianceClients = AwsCallOptions & {
  /** AWS Backup in the primary region. */
  readonly backup: AwsClientOption<BackupClient, BackupClientConfig>;
  /** AWS Backup in the DR region (the copies). */
  readonly drBackup: AwsClientOption<BackupClient, BackupClientConfig>;
  /** ElastiCache in the primary region, for the cache policy. */
  readonly elasticache?: AwsClientOption<ElastiCacheClient, ElastiCacheClientConfig>;
  /** ElastiCache in the DR region, for the weekly snapshot copies. */
  readonly drElasticache?: AwsClientOption<ElastiCacheClient, ElastiCacheClientConfig>;
};

/** Options of {@link checkBackupCompliance}. */
export interface ComplianceOptions {
  /** How far back failed backup jobs count. Default `'7d'`. */
  readonly failedJobsWindow?: Duration;
  /** How far back restore jobs are looked at for the restore-time control. Default `'30d'`. */
  readonly restoreWindow?: Duration;
}

const DAY = 86_400_000;
const INTERVAL: Record<PlannedRule['frequency'], number> = {
  daily: DAY,
  weekly: 7 * DAY,
  monthly: 31 * DAY,
  continuous: 0,
};

/**
 * The age a resource's newest recovery point may reach under its plan: the RPO for a plan with
 * continuous backup, else one interval of its most frequent scheduled rule plus its windows.
 *
 * @example
 * ```ts
 * pointObjectiveMs(strategy.plans[0], strategy.rpoMs); // { ms: 118800000, basis: 'ec2-daily schedule + windows (33h)' }
 * ```
 */
export function pointObjectiveMs(plan: PlannedBackupPlan, rpoMs: number): { ms: number; basis: string } {
  if (plan.rules.some((r) => r.continuous))
    return { ms: rpoMs, basis: `RPO ${formatDuration(rpoMs)} (continuous backup)` };
  const rule = [...plan.rules].sort((a, b) => INTERVAL[a.frequency] - INTERVAL[b.frequency])[0]!;
  const ms = INTERVAL[rule.frequency] + (rule.startWindowMinutes + rule.completionWindowMinutes) * 60_000;
  return { ms, basis: `${rule.ruleName} schedule + windows (${formatDuration(ms)})` };
}

const isDone = (status: string | undefined) => status === 'COMPLETED' || status === 'AVAILABLE';

/**
 * Audits the account against a {@link BackupStrategy}, in the spirit of AWS Backup Audit
 * Manager: one verdict per protected resource and control.
 *
 * | control | how | compliant when |
 * |---|---|---|
 * | `last-recovery-point-within-rpo` | `ListRecoveryPointsByBackupVault` (primary vault) | a continuous backup is active (RPO), else the newest completed point is younger than its rule's interval plus windows |
 * | `retention-meets-plan` | the points' `Lifecycle` and `CreatedBy.BackupRuleName` | every recent point made by a planned rule is kept at least as long as the rule says |
 * | `cross-region-copy-in-dr-vault` | the DR vault's points (resources whose plan copies) | a completed copy younger than the copying rule's interval plus windows, kept as long as planned |
 * | `restore-time-within-target` | `ListRestoreJobs` (COMPLETED, last 30 days) | the slowest observed restore of the resource ≤ the restore target; `INSUFFICIENT_DATA` without any |
 * | `no-failed-backup-jobs` | `ListBackupJobs` `ByState: FAILED` and `EXPIRED` (last 7 days) | none |
 *
 * For the ElastiCache policy: the newest automatic snapshot within a day plus the window, the
 * group's `SnapshotRetentionLimit` and the weekly copy in the DR region (when both ElastiCache
 * clients are given). Read-only; throttling is absorbed by the shared, rate-limited send.
 *
 * @example
 * ```ts
 * const report = await checkBackupCompliance(strategy, {
 *   backup: { client: new BackupClient({ region: 'us-east-1' }) },
 *   drBackup: { client: new BackupClient({ region: 'us-west-2' }) },
 * }, {}, ctx);
 * for (const v of report._unsafeUnwrap().verdicts.filter((v) => v.status === 'NON_COMPLIANT'))
 *   console.log(v.resource, v.control, v.detail);
 * ```
 */
export function checkBackupCompliance(
  strategy: BackupStrategy,
  clients: ComplianceClients,
  options: ComplianceOptions = {},
  ctxInput?: DrContextInput,
): ResultAsync<ComplianceReport, DrError> {
  const problems = new Problems();
  if (typeof strategy !== 'object' || strategy === null || !Array.isArray(strategy.plans))
    problems.add('strategy', 'must be a BackupStrategy');
  if (typeof clients !== 'object' || clients === null) problems.add('clients', 'must be an object');
  else {
    checkClientOption(problems, clients.backup, 'backup');
    checkClientOption(problems, clients.drBackup, 'drBackup');
    if (clients.elasticache !== undefined) checkClientOption(problems, clients.elasticache, 'elasticache');
    if (clients.drElasticache !== undefined) checkClientOption(problems, clients.drElasticache, 'drElasticache');
  }
  const window = (path: string, value: Duration | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    const parsed = parseDuration(value, path);
    if (parsed.isErr()) {
      problems.addAll('', parsed.error.problems);
      return fallback;
    }
    return parsed.value;
  };
  const failedWindowMs = window('failedJobsWindow', options?.failedJobsWindow, 7 * DAY);
  const restoreWindowMs = window('restoreWindow', options?.restoreWindow, 30 * DAY);
  if (problems.any) return errAsync(invalidInput(problems.list));
  const ctx = resolveContext(ctxInput);
  const now = ctx.clock.now();
  const backup = resolveClient<BackupClient, BackupClientConfig>(clients.backup, (c) => new BackupClient(c));
  const drBackup = resolveClient<BackupClient, BackupClientConfig>(clients.drBackup, (c) => new BackupClient(c));
  const verdicts: ComplianceVerdict[] = [];

  const vaultPoints = (client: BackupClient, vault: string, resourceArn: string, since?: number) => {
    const paced = pacedClient(client, { service: 'backup' }, ctx, clients);
    return awsAttempt({ service: 'backup', operation: 'ListRecoveryPointsByBackupVault' }, async () => {
      const points: RecoveryPointByBackupVault[] = [];
      for await (const page of paginateListRecoveryPointsByBackupVault(
        { client: paced, pageSize: 100 },
        {
          BackupVaultName: vault,
          ByResourceArn: resourceArn,
          ...(since !== undefined ? { ByCreatedAfter: new Date(since) } : {}),
        },
      ))
        points.push(...(page.RecoveryPoints ?? []));
      return points;
    });
  };

  const restoreJobs = (): ResultAsync<RestoreJobsListMember[], DrError> => {
    const paced = pacedClient(backup, { service: 'backup' }, ctx, clients);
    return awsAttempt({ service: 'backup', operation: 'ListRestoreJobs' }, async () => {
      const jobs: RestoreJobsListMember[] = [];
      for (const c of [backup, drBackup]) {
        const pc = c === backup ? paced : pacedClient(drBackup, { service: 'backup' }, ctx, clients);
        for await (const page of paginateListRestoreJobs(
          { client: pc, pageSize: 100 },
          { ByStatus: 'COMPLETED', ByCreatedAfter: new Date(now - restoreWindowMs) },
        ))
          jobs.push(...(page.RestoreJobs ?? []));
      }
      return jobs;
    });
  };

  /** Backup jobs that produced nothing: `FAILED`, and `EXPIRED` (never started or finished in its window, e.g. during an outage). */
  const failedJobs = (resourceArn: string): ResultAsync<BackupJob[], DrError> => {
    const paced = pacedClient(backup, { service: 'backup' }, ctx, clients);
    return awsAttempt({ service: 'backup', operation: 'ListBackupJobs' }, async () => {
      const jobs: BackupJob[] = [];
      for (const state of ['FAILED', 'EXPIRED'] as const)
        for await (const page of paginateListBackupJobs(
          { client: paced, pageSize: 100 },
          { ByResourceArn: resourceArn, ByState: state, ByCreatedAfter: new Date(now - failedWindowMs) },
        ))
          jobs.push(...(page.BackupJobs ?? []));
      return jobs;
    });
  };

  const verdict = (
    resource: string,
    resourceType: string,
    control: ComplianceControl,
    status: ComplianceStatus,
    detail: string,
    evidence: Record<string, unknown> = {},
  ) => verdicts.push({ resource, resourceType, control, status, detail, evidence });

  const checkResource = (
    plan: PlannedBackupPlan,
    arn: string,
    restores: readonly RestoreJobsListMember[],
  ): ResultAsync<void, DrError> => {
    const type = plan.resourceType;
    const copyRules = plan.rules.filter((r) => r.copyToDrDays !== undefined);
    return ResultAsync.combine([
      // No date filter: a continuous backup's point dates from when continuous backup began.
      vaultPoints(backup, strategy.vaults.primary, arn),
      copyRules.length > 0 ? vaultPoints(drBackup, strategy.vaults.dr, arn, now - 40 * DAY) : okAsync([]),
      failedJobs(arn),
    ] as const).map(([points, copies, failed]) => {
      // 1. The newest recovery point.
      const objective = pointObjectiveMs(plan, strategy.rpoMs);
      const done = points.filter((p) => isDone(p.Status));
      const continuousRule = plan.rules.find((r) => r.continuous);
      const continuous = continuousRule && done.find((p) => p.CreatedBy?.BackupRuleName === continuousRule.ruleName);
      const newest = done.sort((a, b) => (toEpochMs(b.CreationDate) ?? 0) - (toEpochMs(a.CreationDate) ?? 0))[0];
      if (continuous)
        verdict(
          arn,
          type,
          'last-recovery-point-within-rpo',
          'COMPLIANT',
          `continuous backup active (${objective.basis})`,
          {
            recoveryPointArn: continuous.RecoveryPointArn,
            continuous: true,
            objectiveMs: objective.ms,
          },
        );
      else if (!newest)
        verdict(arn, type, 'last-recovery-point-within-rpo', 'NON_COMPLIANT', 'no completed recovery point', {
          objectiveMs: objective.ms,
        });
      else {
        const age = now - (toEpochMs(newest.CreationDate) ?? 0);
        verdict(
          arn,
          type,
          'last-recovery-point-within-rpo',
          age <= objective.ms ? 'COMPLIANT' : 'NON_COMPLIANT',
          `newest point is ${formatDuration(age)} old; objective ${objective.basis}`,
          { recoveryPointArn: newest.RecoveryPointArn, ageMs: age, objectiveMs: objective.ms },
        );
      }

      // 2. Retention of the points each rule made.
      const byRule = new Map(plan.rules.map((r) => [r.ruleName, r]));
      const short = done.flatMap((p) => {
        const rule = byRule.get(p.CreatedBy?.BackupRuleName ?? '');
        const keep = p.Lifecycle?.DeleteAfterDays;
        return rule && (keep === undefined ? false : keep < rule.keepDays)
          ? [{ recoveryPointArn: p.RecoveryPointArn, rule: rule.ruleName, keptDays: keep, plannedDays: rule.keepDays }]
          : [];
      });
      const judged = done.filter((p) => byRule.has(p.CreatedBy?.BackupRuleName ?? '')).length;
      if (judged === 0)
        verdict(arn, type, 'retention-meets-plan', 'INSUFFICIENT_DATA', 'no recovery point made by a planned rule yet');
      else
        verdict(
          arn,
          type,
          'retention-meets-plan',
          short.length === 0 ? 'COMPLIANT' : 'NON_COMPLIANT',
          short.length === 0
            ? `${judged} point(s) kept as planned`
            : `${short.length} of ${judged} point(s) kept shorter than planned`,
          { short: short.slice(0, 10) },
        );

      // 3. The copy in the DR vault.
      if (copyRules.length > 0) {
        const rule = [...copyRules].sort((a, b) => INTERVAL[a.frequency] - INTERVAL[b.frequency])[0]!;
        const maxAge =
          INTERVAL[rule.frequency] + (rule.startWindowMinutes + rule.completionWindowMinutes) * 60_000 + DAY;
        const newestCopy = copies
          .filter((p) => isDone(p.Status))
          .sort((a, b) => (toEpochMs(b.CreationDate) ?? 0) - (toEpochMs(a.CreationDate) ?? 0))[0];
        if (!newestCopy)
          verdict(
            arn,
            type,
            'cross-region-copy-in-dr-vault',
            'NON_COMPLIANT',
            `no copy in ${strategy.vaults.dr} (${strategy.regions.dr})`,
          );
        else {
          const age = now - (toEpochMs(newestCopy.CreationDate) ?? 0);
          const keep = newestCopy.Lifecycle?.DeleteAfterDays;
          const ok = age <= maxAge && (keep === undefined || keep >= (rule.copyToDrDays ?? 0));
          verdict(
            arn,
            type,
            'cross-region-copy-in-dr-vault',
            ok ? 'COMPLIANT' : 'NON_COMPLIANT',
            `newest copy in ${strategy.vaults.dr} is ${formatDuration(age)} old (allowed ${formatDuration(maxAge)}), kept ${keep ?? '∞'} d (planned ${rule.copyToDrDays} d)`,
            { recoveryPointArn: newestCopy.RecoveryPointArn, ageMs: age, keptDays: keep },
          );
        }
      }

      // 4. Observed restore time.
      const mine = restores.filter((j) => j.SourceResourceArn === arn);
      if (mine.length === 0)
        verdict(
          arn,
          type,
          'restore-time-within-target',
          'INSUFFICIENT_DATA',
          `no completed restore in the last ${formatDuration(restoreWindowMs)}`,
        );
      else {
        const slowest = Math.max(
          ...mine.map((j) => (toEpochMs(j.CompletionDate) ?? now) - (toEpochMs(j.CreationDate) ?? now)),
        );
        verdict(
          arn,
          type,
          'restore-time-within-target',
          slowest <= strategy.restoreTargetMs ? 'COMPLIANT' : 'NON_COMPLIANT',
          `slowest of ${mine.length} restore(s): ${formatDuration(slowest)} (target ${formatDuration(strategy.restoreTargetMs)})`,
          { restores: mine.length, slowestMs: slowest },
        );
      }

      // 5. Failed backup jobs.
      verdict(
        arn,
        type,
        'no-failed-backup-jobs',
        failed.length === 0 ? 'COMPLIANT' : 'NON_COMPLIANT',
        failed.length === 0
          ? `no failed backup job in the last ${formatDuration(failedWindowMs)}`
          : `${failed.length} failed or expired backup job(s) in the last ${formatDuration(failedWindowMs)}: ${failed[0]?.State ?? ''} ${failed[0]?.StatusMessage ?? ''}`,
        { failedJobs: failed.slice(0, 10).map((j) => ({ id: j.BackupJobId, state: j.State })) },
      );
    });
  };

  const checkCache = (ctxC: DrContext): ResultAsync<void, DrError> => {
    const policy = strategy.cache;
    if (!policy || !clients.elasticache) return okAsync(undefined);
    const cache = resolveClient<ElastiCacheClient, ElastiCacheClientConfig>(
      clients.elasticache,
      (c) => new ElastiCacheClient(c),
    );
    const es = { service: 'elasticache' };
    const id = policy.replicationGroupId;
    const snapshots = (client: ElastiCacheClient, input: { ReplicationGroupId?: string; SnapshotSource?: string }) =>
      awsSend(client, new DescribeSnapshotsCommand({ ...input, MaxRecords: 50 }), es, ctxC, clients).map(
        (o) => o.Snapshots ?? [],
      );
    const startOf = (s: Snapshot) => toEpochMs(s.NodeSnapshots?.[0]?.SnapshotCreateTime) ?? 0;
    const drCache = clients.drElasticache
      ? resolveClient<ElastiCacheClient, ElastiCacheClientConfig>(
          clients.drElasticache,
          (c) => new ElastiCacheClient(c),
        )
      : undefined;
    return ResultAsync.combine([
      awsSend(cache, new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }), es, ctxC, clients),
      snapshots(cache, { ReplicationGroupId: id, SnapshotSource: 'system' }),
      drCache ? snapshots(drCache, { SnapshotSource: 'user' }) : okAsync([] as Snapshot[]),
    ] as const).map(([groups, automatic, drSnapshots]) => {
      const group = groups.ReplicationGroups?.[0];
      const newest = automatic
        .filter((s) => s.SnapshotStatus === 'available')
        .sort((a, b) => startOf(b) - startOf(a))[0];
      const objective = DAY + 2 * 3_600_000;
      if (!newest)
        verdict(
          id,
          'ElastiCache',
          'last-recovery-point-within-rpo',
          'NON_COMPLIANT',
          'no available automatic snapshot',
        );
      else {
        const age = now - startOf(newest);
        verdict(
          id,
          'ElastiCache',
          'last-recovery-point-within-rpo',
          age <= objective ? 'COMPLIANT' : 'NON_COMPLIANT',
          `newest automatic snapshot ${newest.SnapshotName} is ${formatDuration(age)} old (allowed ${formatDuration(objective)})`,
          { snapshot: newest.SnapshotName, ageMs: age },
        );
      }
      const limit = group?.SnapshotRetentionLimit ?? 0;
      verdict(
        id,
        'ElastiCache',
        'retention-meets-plan',
        limit >= policy.daily.keepDays ? 'COMPLIANT' : 'NON_COMPLIANT',
        `SnapshotRetentionLimit ${limit} d (planned ${policy.daily.keepDays} d)`,
        { snapshotRetentionLimit: limit },
      );
      if (policy.weekly.copyToDr && drCache) {
        const copies = drSnapshots
          .filter((s) => (s.SnapshotName ?? '').startsWith(policy.weekly.prefix) && s.SnapshotStatus === 'available')
          .sort((a, b) => startOf(b) - startOf(a));
        const age = copies[0] ? now - startOf(copies[0]) : undefined;
        const allowed = 8 * DAY;
        verdict(
          id,
          'ElastiCache',
          'cross-region-copy-in-dr-vault',
          age !== undefined && age <= allowed ? 'COMPLIANT' : 'NON_COMPLIANT',
          age === undefined
            ? `no weekly snapshot copy (${policy.weekly.prefix}…) in ${strategy.regions.dr}`
            : `newest weekly copy in ${strategy.regions.dr} ${copies[0]?.SnapshotName} is ${formatDuration(age)} old (allowed ${formatDuration(allowed)})`,
          { copies: copies.length },
        );
      }
    });
  };

  return restoreJobs()
    .andThen((restores) => {
      const targets = strategy.plans.flatMap((plan) => plan.resources.map((arn) => ({ plan, arn })));
      const step = (i: number): ResultAsync<void, DrError> => {
        const t = targets[i];
        if (!t) return okAsync(undefined);
        return checkResource(t.plan, t.arn, restores).andThen(() => step(i + 1));
      };
      return step(0);
    })
    .andThen(() => checkCache(ctx))
    .map((): ComplianceReport => {
      const summary: Record<ComplianceStatus, number> = { COMPLIANT: 0, NON_COMPLIANT: 0, INSUFFICIENT_DATA: 0 };
      for (const v of verdicts) summary[v.status]++;
      ctx.logger.info('backup compliance evaluated', { ...summary });
      return { evaluatedAt: now, compliant: summary.NON_COMPLIANT === 0, verdicts, summary };
    });
}
