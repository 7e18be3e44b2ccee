import { describe, expect, it } from 'vitest';
import {
  AlreadyExistsException,
  BackupClient,
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  CreateBackupVaultCommand,
  DeleteBackupPlanCommand,
  DeleteBackupSelectionCommand,
  DescribeBackupJobCommand,
  DescribeBackupVaultCommand,
  DescribeCopyJobCommand,
  DescribeRecoveryPointCommand,
  GetBackupPlanCommand,
  GetBackupSelectionCommand,
  InvalidParameterValueException,
  InvalidRequestException,
  ListBackupJobsCommand,
  ListBackupPlansCommand,
  ListBackupPlanVersionsCommand,
  ListBackupSelectionsCommand,
  ListBackupVaultsCommand,
  ListCopyJobsCommand,
  ListRecoveryPointsByBackupVaultCommand,
  StartCopyJobCommand,
  UpdateBackupPlanCommand,
  paginateListRecoveryPointsByBackupVault,
  type BackupRuleInput,
  type RecoveryPointByBackupVault,
} from '@aws-sdk/client-backup';
import { createSimulatedCloud, type SimulatedCloud } from '../../src/aws/SimulatedCloud';
import { backupService } from '../../src/aws/backup/BackupService';
import { backupSim } from '../../src/aws/backup';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`;
const DR_VAULT = `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:dr`;

function register(
  cloud: SimulatedCloud,
  arn: string,
  type: string,
  tags: Record<string, string> = { backup: 'daily' },
) {
  cloud.resources.register({
    arn,
    id: arn.split(/[/:]/).pop()!,
    type,
    region: 'us-east-1',
    createdAt: cloud.clock.now() - DAY,
    tags,
    createdBy: 'topology',
    isHealthy: () => true,
  });
}

function setup(seed = 3) {
  const cloud = createSimulatedCloud({ services: [backupService], seed });
  backupSim(cloud).configure({ backupFailureRate: 0, copyFailureRate: 0 });
  const east = cloud.client(BackupClient, { region: 'us-east-1' });
  const west = cloud.client(BackupClient, { region: 'us-west-2' });
  return { cloud, east, west };
}

const daily = (over: Partial<BackupRuleInput> = {}): BackupRuleInput => ({
  RuleName: 'daily',
  TargetBackupVaultName: 'prod',
  ScheduleExpression: 'cron(0 5 ? * * *)',
  Lifecycle: { DeleteAfterDays: 7 },
  ...over,
});

async function allPoints(client: BackupClient, vault: string): Promise<RecoveryPointByBackupVault[]> {
  const out: RecoveryPointByBackupVault[] = [];
  for await (const page of paginateListRecoveryPointsByBackupVault(
    { client, pageSize: 100 },
    { BackupVaultName: vault },
  ))
    out.push(...(page.RecoveryPoints ?? []));
  return out;
}

describe('simulated AWS Backup: vaults, plans and selections', () => {
  it('creates, describes and lists vaults, refusing a taken name', async () => {
    const { east } = setup();

    const created = await east.send(
      new CreateBackupVaultCommand({ BackupVaultName: 'prod', BackupVaultTags: { env: 'prod' } }),
    );
    const again = await east.send(new CreateBackupVaultCommand({ BackupVaultName: 'prod' })).catch((e: unknown) => e);
    await east.send(new CreateBackupVaultCommand({ BackupVaultName: 'audit' }));
    const described = await east.send(new DescribeBackupVaultCommand({ BackupVaultName: 'prod' }));
    const listed = await east.send(new ListBackupVaultsCommand({}));

    expect(created.BackupVaultArn).toBe(`arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:prod`);
    expect(again).toBeInstanceOf(AlreadyExistsException);
    expect(described).toMatchObject({ BackupVaultName: 'prod', NumberOfRecoveryPoints: 0, VaultState: 'AVAILABLE' });
    expect(listed.BackupVaultList?.map((v) => v.BackupVaultName)).toEqual(['audit', 'prod']);
  });

  it('versions a plan on update, lists it, and deletes it only after its selections', async () => {
    const { east } = setup();
    await east.send(new CreateBackupVaultCommand({ BackupVaultName: 'prod' }));

    const plan = await east.send(
      new CreateBackupPlanCommand({
        BackupPlan: { BackupPlanName: 'jobs', Rules: [daily()] },
        CreatorRequestId: 'req-1',
      }),
    );
    const retried = await east.send(
      new CreateBackupPlanCommand({
        BackupPlan: { BackupPlanName: 'jobs', Rules: [daily()] },
        CreatorRequestId: 'req-1',
      }),
    );
    const duplicate = await east
      .send(new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: 'jobs', Rules: [daily()] } }))
      .catch((e: unknown) => e);
    const sel = await east.send(
      new CreateBackupSelectionCommand({
        BackupPlanId: plan.BackupPlanId,
        BackupSelection: {
          SelectionName: 'tagged',
          IamRoleArn: ROLE,
          ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'daily' }],
        },
      }),
    );
    const updated = await east.send(
      new UpdateBackupPlanCommand({
        BackupPlanId: plan.BackupPlanId,
        BackupPlan: { BackupPlanName: 'jobs', Rules: [daily({ Lifecycle: { DeleteAfterDays: 35 } })] },
      }),
    );
    const current = await east.send(
      new GetBackupPlanCommand({ BackupPlanId: plan.BackupPlanId, MaxScheduledRunsPreview: 2 }),
    );
    const first = await east.send(
      new GetBackupPlanCommand({ BackupPlanId: plan.BackupPlanId, VersionId: plan.VersionId }),
    );
    const versions = await east.send(new ListBackupPlanVersionsCommand({ BackupPlanId: plan.BackupPlanId }));
    const selection = await east.send(
      new GetBackupSelectionCommand({ BackupPlanId: plan.BackupPlanId, SelectionId: sel.SelectionId }),
    );
    const selections = await east.send(new ListBackupSelectionsCommand({ BackupPlanId: plan.BackupPlanId }));
    const blocked = await east
      .send(new DeleteBackupPlanCommand({ BackupPlanId: plan.BackupPlanId }))
      .catch((e: unknown) => e);
    await east.send(
      new DeleteBackupSelectionCommand({ BackupPlanId: plan.BackupPlanId, SelectionId: sel.SelectionId }),
    );
    const deleted = await east.send(new DeleteBackupPlanCommand({ BackupPlanId: plan.BackupPlanId }));
    const live = await east.send(new ListBackupPlansCommand({}));
    const withDeleted = await east.send(new ListBackupPlansCommand({ IncludeDeleted: true }));

    expect(retried.BackupPlanId).toBe(plan.BackupPlanId);
    expect(duplicate).toBeInstanceOf(AlreadyExistsException);
    expect(updated.VersionId).not.toBe(plan.VersionId);
    expect(current.VersionId).toBe(updated.VersionId);
    expect(current.BackupPlan?.Rules?.[0]?.Lifecycle?.DeleteAfterDays).toBe(35);
    expect(current.ScheduledRunsPreview?.map((r) => r.ExecutionTime?.toISOString())).toEqual([
      '2026-11-22T05:00:00.000Z',
      '2026-11-23T05:00:00.000Z',
    ]);
    expect(first.BackupPlan?.Rules?.[0]?.Lifecycle?.DeleteAfterDays).toBe(7);
    expect(versions.BackupPlanVersionsList?.map((v) => v.VersionId)).toEqual([updated.VersionId, plan.VersionId]);
    expect(selection.BackupSelection?.ListOfTags?.[0]?.ConditionValue).toBe('daily');
    expect(selections.BackupSelectionsList?.map((s) => s.SelectionName)).toEqual(['tagged']);
    expect(blocked).toBeInstanceOf(InvalidRequestException);
    expect(deleted.DeletionDate).toBeInstanceOf(Date);
    expect(live.BackupPlansList).toEqual([]);
    expect(withDeleted.BackupPlansList?.[0]?.DeletionDate).toBeInstanceOf(Date);
  });

  it('rejects bad rules with every problem listed', async () => {
    const { east } = setup();

    const error = await east
      .send(
        new CreateBackupPlanCommand({
          BackupPlan: {
            BackupPlanName: 'bad',
            Rules: [
              daily({ ScheduleExpression: 'cron(0/15 * ? * * *)', StartWindowMinutes: 30 }),
              daily({
                RuleName: 'cold',
                ScheduleExpression: 'cron(0 5 * * * *)',
                Lifecycle: { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 60 },
              }),
            ],
          },
        }),
      )
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidParameterValueException);
    const message = (error as Error).message;
    expect(message).toContain('at most once an hour');
    expect(message).toContain('StartWindowMinutes');
    expect(message).toContain('"?"');
    expect(message).toContain('90 days');
  });
});

describe('simulated AWS Backup: plans running on virtual time', () => {
  it('creates recovery points lazily at each scheduled run as the clock advances', async () => {
    const { cloud, east } = setup();
    register(cloud, `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0aaaaaaaaaaaaaaa1`, 'EC2');
    register(cloud, `arn:aws:rds:us-east-1:${ACCOUNT}:db:orders`, 'RDS');
    register(cloud, `arn:aws:elasticache:us-east-1:${ACCOUNT}:replicationgroup:jobs`, 'ElastiCache');
    await east.send(new CreateBackupVaultCommand({ BackupVaultName: 'prod' }));
    const plan = await east.send(
      new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: 'jobs', Rules: [daily()] } }),
    );
    await east.send(
      new CreateBackupSelectionCommand({
        BackupPlanId: plan.BackupPlanId,
        BackupSelection: { SelectionName: 'all', IamRoleArn: ROLE, Resources: ['*'] },
      }),
    );

    const before = await allPoints(east, 'prod');
    await cloud.clock.advance(3 * DAY);
    const after = await allPoints(east, 'prod');
    const jobs = await east.send(new ListBackupJobsCommand({ ByState: 'COMPLETED' }));
    const job = await east.send(new DescribeBackupJobCommand({ BackupJobId: jobs.BackupJobs![0]!.BackupJobId }));

    expect(before).toEqual([]);
    // Three daily runs (22nd, 23rd, 24th at 05:00) of the two supported resources; ElastiCache is not covered by AWS Backup.
    expect(after).toHaveLength(6);
    expect(new Set(after.map((p) => p.ResourceType))).toEqual(new Set(['EC2', 'RDS']));
    for (const p of after) {
      expect(p.Status).toBe('COMPLETED');
      expect(p.CreatedBy?.BackupPlanId).toBe(plan.BackupPlanId);
      const offset = (p.CreationDate!.getTime() % DAY) - 5 * HOUR;
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThanOrEqual(HOUR);
      expect(p.CalculatedLifecycle?.DeleteAt?.getTime()).toBe(p.CreationDate!.getTime() + 7 * DAY);
    }
    const times = after.map((p) => p.CreationDate!.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(jobs.BackupJobs).toHaveLength(6);
    expect(job.RecoveryPointArn).toBe(after.find((p) => p.RecoveryPointArn === job.RecoveryPointArn)?.RecoveryPointArn);
  });

  it('expires points after DeleteAfterDays and keeps a rolling window', async () => {
    const { cloud, east } = setup();
    register(cloud, `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0aaaaaaaaaaaaaaa1`, 'EC2');
    const sim = backupSim(cloud);
    sim.createVault('us-east-1', 'prod');
    const { planId } = sim.createPlan(
      'us-east-1',
      { BackupPlanName: 'jobs', Rules: [daily()] },
      { SelectionName: 'all', IamRoleArn: ROLE, Resources: ['arn:aws:ec2:*:*:instance/*'] },
    );

    await cloud.clock.advance(20 * DAY);
    const points = await allPoints(east, 'prod');
    const vault = await east.send(new DescribeBackupVaultCommand({ BackupVaultName: 'prod' }));

    expect(points).toHaveLength(7);
    expect(vault.NumberOfRecoveryPoints).toBe(7);
    const oldest = Math.min(...points.map((p) => p.CreationDate!.getTime()));
    expect(cloud.clock.now() - oldest).toBeLessThanOrEqual(7 * DAY);
    expect(planId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('backfills 400 days of history for 20 resources, with a seeded share of failed jobs and no point for them', async () => {
    const { cloud, east } = setup(9);
    const sim = backupSim(cloud).configure({ backupFailureRate: 0.01 });
    for (let i = 0; i < 20; i++)
      register(cloud, `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0${String(i).padStart(16, '0')}`, 'EC2', {
        tier: 'web',
      });
    sim.createVault('us-east-1', 'prod');
    const { planId } = sim.createPlan(
      'us-east-1',
      { BackupPlanName: 'jobs', Rules: [daily({ Lifecycle: { DeleteAfterDays: 500 } })] },
      {
        SelectionName: 'web',
        IamRoleArn: ROLE,
        Resources: ['*'],
        Conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/tier', ConditionValue: 'web' }] },
      },
    );

    sim.backfillPlan('us-east-1', planId, cloud.clock.now() - 400 * DAY);
    const points = await allPoints(east, 'prod');
    let failed = 0;
    for await (const page of (await import('@aws-sdk/client-backup')).paginateListBackupJobs(
      { client: east, pageSize: 1000 },
      { ByState: 'FAILED' },
    ))
      failed += page.BackupJobs?.length ?? 0;

    expect(failed).toBeGreaterThan(20);
    expect(failed).toBeLessThan(160);
    expect(points.length + failed).toBe(400 * 20);
    const one = points.filter((p) => p.ResourceArn === `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-00000000000000000`);
    expect(one.length).toBeGreaterThan(380);
  });

  it('copies each backup to the DR region, where it appears after the copy duration with its own lifecycle', async () => {
    const { cloud, east, west } = setup();
    register(cloud, `arn:aws:rds:us-east-1:${ACCOUNT}:db:orders`, 'RDS', { 'drkit:size-gib': '100' });
    await east.send(new CreateBackupVaultCommand({ BackupVaultName: 'prod' }));
    await west.send(new CreateBackupVaultCommand({ BackupVaultName: 'dr' }));
    const plan = await east.send(
      new CreateBackupPlanCommand({
        BackupPlan: {
          BackupPlanName: 'jobs',
          Rules: [
            daily({ CopyActions: [{ DestinationBackupVaultArn: DR_VAULT, Lifecycle: { DeleteAfterDays: 30 } }] }),
          ],
        },
      }),
    );
    await east.send(
      new CreateBackupSelectionCommand({
        BackupPlanId: plan.BackupPlanId,
        BackupSelection: {
          SelectionName: 'db',
          IamRoleArn: ROLE,
          Resources: [`arn:aws:rds:us-east-1:${ACCOUNT}:db:orders`],
        },
      }),
    );

    await cloud.clock.advanceTo(Date.parse('2026-11-22T06:10:00Z'));
    const [source] = await allPoints(east, 'prod');
    const copies = await east.send(new ListCopyJobsCommand({}));
    const inDrEarly = await allPoints(west, 'dr');
    await cloud.clock.advance(4 * HOUR);
    const copy = await east.send(new DescribeCopyJobCommand({ CopyJobId: copies.CopyJobs![0]!.CopyJobId }));
    const [replica] = await allPoints(west, 'dr');

    expect(source?.Status).toBe('COMPLETED');
    expect(copies.CopyJobs?.[0]?.State).toMatch(/^(CREATED|RUNNING)$/);
    expect(inDrEarly).toEqual([]);
    expect(copy.CopyJob?.State).toBe('COMPLETED');
    const copyMinutes = (copy.CopyJob!.CompletionDate!.getTime() - copy.CopyJob!.CreationDate!.getTime()) / 60_000;
    expect(copyMinutes).toBeGreaterThan(15);
    expect(replica?.RecoveryPointArn).toBe(copy.CopyJob?.DestinationRecoveryPointArn);
    expect(replica?.RecoveryPointArn).toMatch(/^arn:aws:rds:us-west-2:/);
    expect(replica?.SourceBackupVaultArn).toBe(source?.BackupVaultArn);
    expect(replica?.CreationDate).toEqual(source?.CreationDate);
    expect(replica?.CalculatedLifecycle?.DeleteAt?.getTime()).toBe(source!.CreationDate!.getTime() + 30 * DAY);
  });

  it('holds a copy into a dark region until the region is back', async () => {
    const { cloud, east, west } = setup();
    const sim = backupSim(cloud);
    const arn = `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0aaaaaaaaaaaaaaa1`;
    sim.createVault('us-east-1', 'prod');
    sim.createVault('us-west-2', 'dr');
    const [pointArn] = sim.seedRecoveryPoints('us-east-1', 'prod', [
      { resourceArn: arn, createdAt: cloud.clock.now() - DAY },
    ]);
    cloud.inject('region-outage:us-west-2~6h')._unsafeUnwrap();
    const backAt = cloud.clock.now() + 6 * HOUR;

    const { CopyJobId } = await east.send(
      new StartCopyJobCommand({
        RecoveryPointArn: pointArn,
        SourceBackupVaultName: 'prod',
        DestinationBackupVaultArn: DR_VAULT,
        IamRoleArn: ROLE,
      }),
    );
    await cloud.clock.advance(3 * HOUR);
    const during = await east.send(new DescribeCopyJobCommand({ CopyJobId }));
    await cloud.clock.advance(4 * HOUR);
    const after = await east.send(new DescribeCopyJobCommand({ CopyJobId }));
    const replicas = await allPoints(west, 'dr');

    expect(during.CopyJob?.State).toBe('RUNNING');
    expect(after.CopyJob?.State).toBe('COMPLETED');
    expect(after.CopyJob!.CompletionDate!.getTime()).toBeGreaterThanOrEqual(backAt);
    expect(replicas.map((r) => r.RecoveryPointArn)).toEqual([after.CopyJob?.DestinationRecoveryPointArn]);
  });

  it('keeps one continuous RDS recovery point with a point-in-time window that moves with the clock', async () => {
    const { cloud, east } = setup();
    const db = `arn:aws:rds:us-east-1:${ACCOUNT}:db:orders`;
    register(cloud, db, 'RDS');
    const sim = backupSim(cloud);
    sim.createVault('us-east-1', 'prod');
    sim.createPlan(
      'us-east-1',
      {
        BackupPlanName: 'pitr',
        Rules: [daily({ RuleName: 'continuous', EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 14 } })],
      },
      { SelectionName: 'db', IamRoleArn: ROLE, Resources: [db] },
    );

    await cloud.clock.advance(20 * DAY);
    const points = await allPoints(east, 'prod');
    const jobs = await east.send(new ListBackupJobsCommand({ ByResourceArn: db }));
    const point = await east.send(
      new DescribeRecoveryPointCommand({ BackupVaultName: 'prod', RecoveryPointArn: points[0]!.RecoveryPointArn }),
    );
    const window = sim.pitrWindow('us-east-1', points[0]!.RecoveryPointArn!)!;

    expect(points).toHaveLength(1);
    expect(points[0]?.RecoveryPointArn).toMatch(/:recovery-point:continuous:db-orders-[0-9a-f]{8}$/);
    expect(jobs.BackupJobs).toHaveLength(20);
    expect(point.Status).toBe('COMPLETED');
    expect(cloud.clock.now() - window.latest.getTime()).toBe(5 * 60_000);
    expect(cloud.clock.now() - window.earliest.getTime()).toBe(14 * DAY);
  });

  it('lists a seeded history of thousands of points through the paginator, newest first, with filters', async () => {
    const { cloud, east } = setup();
    const sim = backupSim(cloud);
    const arns = [0, 1, 2, 3].map((i) => `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0${String(i).padStart(16, '0')}`);
    const t0 = cloud.clock.now() - 1000 * HOUR;
    sim.seedRecoveryPoints(
      'us-east-1',
      'prod',
      arns.flatMap((resourceArn, r) =>
        Array.from({ length: 1000 }, (_, i) => ({
          resourceArn,
          createdAt: t0 + i * HOUR + r * 1000,
          durationMinutes: 5,
        })),
      ),
    );

    const all = await allPoints(east, 'prod');
    const one = await east.send(
      new ListRecoveryPointsByBackupVaultCommand({
        BackupVaultName: 'prod',
        ByResourceArn: arns[2],
        ByCreatedAfter: new Date(t0 + 100 * HOUR),
        ByCreatedBefore: new Date(t0 + 199 * HOUR + 5000),
        MaxResults: 1000,
      }),
    );

    expect(all).toHaveLength(4000);
    expect(new Set(all.map((p) => p.RecoveryPointArn)).size).toBe(4000);
    const times = all.map((p) => p.CreationDate!.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(one.RecoveryPoints).toHaveLength(100);
    expect(one.NextToken).toBeUndefined();
    expect(one.RecoveryPoints!.every((p) => p.ResourceArn === arns[2])).toBe(true);
  });
});
