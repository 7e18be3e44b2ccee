import type { BackupRuleInput } from '@aws-sdk/client-backup';
import type { SimulatedCloud } from '../../aws/SimulatedCloud';
import { backupSim } from '../../aws/backup';
import type { SimResource } from '../../aws/kernel/SimResources';
import type { SeedBackupPlan, SeedTopology } from '../names';

const DAY = 86_400_000;
/** Daily at 05:00 UTC, weekly on Sundays at 05:00, monthly on the 1st at 05:00. */
const DAILY = 'cron(0 5 ? * * *)';
const WEEKLY = 'cron(0 5 ? * SUN *)';
const MONTHLY = 'cron(0 5 1 * ? *)';

/**
 * Builds AWS Backup as the DR plan's tables describe it: a vault in each region; the
 * protected resources (two EC2 instances, the RDS database, the EFS file system) registered in
 * `cloud.resources`; one plan per resource type with its rules, copy actions to the DR vault
 * and a selection; and the history of `historyDays` days of those plans, produced by the
 * backup service's lazy plan evaluation (jobs, points, copies, expiries — a seeded 1 % of jobs
 * fail, as in real accounts).
 *
 * @example
 * ```ts
 * buildBackup(cloud, topology);
 * backupSim(cloud).points('us-east-1', topology.backup.primaryVaultName).length;
 * ```
 */
export function buildBackup(cloud: SimulatedCloud, topology: SeedTopology): void {
  const b = topology.backup;
  const { primary, dr } = topology.regions;
  const sim = backupSim(cloud);
  const now = cloud.clock.now();
  const since = now - b.historyDays * DAY;
  const tags = { Application: topology.applicationName, Backup: topology.applicationName };
  sim.createVault(primary, b.primaryVaultName, { tags });
  sim.createVault(dr, b.drVaultName, { tags });

  const resource = (arn: string, type: string, id: string, extra: Record<string, string>, az: string) =>
    cloud.resources.register({
      arn,
      id,
      type,
      region: primary,
      az,
      createdAt: since - DAY,
      tags: { ...tags, Name: id, ...extra },
      createdBy: 'topology',
      isHealthy: (t: number) => !cloud.faults.isRegionDown(primary, t) && !cloud.faults.isAzDown(az, t),
      data: { application: topology.applicationName, resource: id },
    } satisfies SimResource);
  b.resources.ec2InstanceArns.forEach((arn, i) =>
    resource(
      arn,
      'EC2',
      arn.split('/')[1]!,
      {
        Name: `${topology.applicationName}-worker-${i + 1}`,
        'drkit:size-gib': '30',
        'drkit:instance-type': 'm6i.large',
      },
      `${primary}${'ab'[i % 2]}`,
    ),
  );
  resource(
    b.resources.rdsDatabaseArn,
    'RDS',
    `${topology.applicationName}-db`,
    { 'drkit:size-gib': '50' },
    `${primary}a`,
  );
  resource(
    b.resources.efsFileSystemArn,
    'EFS',
    b.resources.efsFileSystemArn.split('/')[1]!,
    { 'drkit:size-gib': '20' },
    `${primary}a`,
  );

  const r = b.retentionDays;
  const rule = (name: string, schedule: string, days: number, copy?: number): BackupRuleInput => ({
    RuleName: name,
    TargetBackupVaultName: b.primaryVaultName,
    ScheduleExpression: schedule,
    StartWindowMinutes: 60,
    CompletionWindowMinutes: 480,
    Lifecycle: { DeleteAfterDays: days },
    RecoveryPointTags: { Application: topology.applicationName, Rule: name },
    ...(copy !== undefined
      ? { CopyActions: [{ DestinationBackupVaultArn: b.drVaultArn, Lifecycle: { DeleteAfterDays: copy } }] }
      : {}),
  });
  const plans: Array<[SeedBackupPlan, BackupRuleInput[], string[]]> = [
    [
      b.plans.ec2,
      [
        rule(b.plans.ec2.rules['daily']!, DAILY, r.ec2Daily),
        rule(b.plans.ec2.rules['weekly']!, WEEKLY, r.ec2Weekly, r.weeklyCopy),
        rule(b.plans.ec2.rules['monthly']!, MONTHLY, r.ec2Monthly, r.monthlyCopy),
      ],
      [...b.resources.ec2InstanceArns],
    ],
    [
      b.plans.rds,
      [
        rule(b.plans.rds.rules['daily']!, DAILY, r.rdsDaily),
        { ...rule(b.plans.rds.rules['continuous']!, DAILY, r.rdsContinuous), EnableContinuousBackup: true },
        rule(b.plans.rds.rules['weekly']!, WEEKLY, r.weeklyCopy, r.weeklyCopy),
      ],
      [b.resources.rdsDatabaseArn],
    ],
    [
      b.plans.efs,
      [
        rule(b.plans.efs.rules['daily']!, DAILY, r.efsDaily),
        rule(b.plans.efs.rules['weekly']!, WEEKLY, r.weeklyCopy, r.weeklyCopy),
      ],
      [b.resources.efsFileSystemArn],
    ],
  ];
  for (const [plan, rules, resources] of plans) {
    sim.createPlan(
      primary,
      { BackupPlanName: plan.planName, Rules: rules },
      { SelectionName: plan.selectionName, IamRoleArn: b.iamRoleArn, Resources: resources },
      { planId: plan.planId, selectionId: plan.selectionId },
    );
    if (b.historyDays > 0) sim.backfillPlan(primary, plan.planId, since);
  }
}
