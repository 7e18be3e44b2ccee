import {
  BackupClient,
  GetBackupPlanCommand,
  UpdateBackupPlanCommand,
  type BackupRuleInput,
} from '@aws-sdk/client-backup';
import { ElastiCacheClient, ModifyReplicationGroupCommand } from '@aws-sdk/client-elasticache';
import type { SeedTopology, SimulatedCloud } from '@drkit/testing';

/** What {@link driftEstate} changed, for the program's output. */
export const DRIFT = [
  'jobs-api-ec2/ec2-weekly keeps its points 14 days instead of 30, and no longer copies them to the DR vault',
  'jobs-api-redis keeps automatic snapshots 1 day instead of 7',
] as const;

/**
 * Makes the simulated estate drift from the plan the way accounts do — a weekly retention
 * shortened to save cost, a copy rule dropped, the cache's snapshot retention cut — through the
 * ordinary AWS APIs, so an apply has something to put right.
 *
 * @example
 * ```ts
 * await driftEstate(cloud, topology);
 * const run = await runBackupStrategy({ cloud }); // the apply reports and fixes three differences
 * ```
 */
export async function driftEstate(cloud: SimulatedCloud, topology: SeedTopology): Promise<void> {
  const region = topology.regions.primary;
  const backup = cloud.client(BackupClient, { region });
  const planId = topology.backup.plans.ec2.planId;
  const plan = await backup.send(new GetBackupPlanCommand({ BackupPlanId: planId }));
  const weekly = topology.backup.plans.ec2.rules['weekly'];
  const rules: BackupRuleInput[] = (plan.BackupPlan?.Rules ?? []).map((r) => ({
    RuleName: r.RuleName!,
    TargetBackupVaultName: r.TargetBackupVaultName!,
    ScheduleExpression: r.ScheduleExpression,
    StartWindowMinutes: r.StartWindowMinutes,
    CompletionWindowMinutes: r.CompletionWindowMinutes,
    Lifecycle: r.RuleName === weekly ? { DeleteAfterDays: 14 } : r.Lifecycle,
    RecoveryPointTags: r.RecoveryPointTags,
    EnableContinuousBackup: r.EnableContinuousBackup,
    ...(r.RuleName === weekly ? {} : r.CopyActions ? { CopyActions: r.CopyActions } : {}),
  }));
  await backup.send(
    new UpdateBackupPlanCommand({
      BackupPlanId: planId,
      BackupPlan: { BackupPlanName: plan.BackupPlan!.BackupPlanName!, Rules: rules },
    }),
  );
  await cloud.client(ElastiCacheClient, { region }).send(
    new ModifyReplicationGroupCommand({
      ReplicationGroupId: topology.cache.primaryGroupId,
      SnapshotRetentionLimit: 1,
      ApplyImmediately: true,
    }),
  );
}
