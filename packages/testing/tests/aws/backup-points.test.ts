import { describe, expect, it } from 'vitest';
import {
  BackupClient,
  DeleteRecoveryPointCommand,
  DescribeRecoveryPointCommand,
  DescribeRestoreJobCommand,
  GetRecoveryPointRestoreMetadataCommand,
  InvalidResourceStateException,
  ListRecoveryPointsByBackupVaultCommand,
  ListRecoveryPointsByResourceCommand,
  ListRestoreJobsCommand,
  ResourceNotFoundException,
  StartBackupJobCommand,
  DescribeBackupJobCommand,
  StartRestoreJobCommand,
  paginateListRecoveryPointsByBackupVault,
} from '@aws-sdk/client-backup';
import { createSimulatedCloud } from '../../src/aws/SimulatedCloud';
import { backupService } from '../../src/aws/backup/BackupService';
import { backupSim } from '../../src/aws/backup';

const MIN = 60_000;
const DAY = 86_400_000;
const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/drkit-restore`;
const arnOf = {
  EC2: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0aaaaaaaaaaaaaaa1`,
  RDS: `arn:aws:rds:us-east-1:${ACCOUNT}:db:orders`,
  EFS: `arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:file-system/fs-0123456789abcdef0`,
  DynamoDB: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/jobs`,
  Stack: `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/jobs-stack/1a2b3c4d-0000-4000-8000-000000000000`,
};

function setup() {
  const cloud = createSimulatedCloud({ services: [backupService], seed: 5 });
  const sim = backupSim(cloud).configure({ restoreFailureRate: 0, backupFailureRate: 0 });
  sim.createVault('us-east-1', 'prod');
  const backup = cloud.client(BackupClient, { region: 'us-east-1' });
  return { cloud, sim, backup };
}

describe('simulated AWS Backup: recovery points', () => {
  it('describes a point and returns restore metadata with the keys its resource type uses', async () => {
    const { cloud, sim, backup } = setup();
    const created = cloud.clock.now() - DAY;
    const arns = sim.seedRecoveryPoints(
      'us-east-1',
      'prod',
      (['EC2', 'RDS', 'EFS', 'DynamoDB'] as const).map((t) => ({
        resourceArn: arnOf[t],
        createdAt: created,
        lifecycle: { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 120 },
      })),
    );

    const described = await backup.send(
      new DescribeRecoveryPointCommand({ BackupVaultName: 'prod', RecoveryPointArn: arns[0] }),
    );
    const metadata = await Promise.all(
      arns.map((a) =>
        backup.send(new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: 'prod', RecoveryPointArn: a })),
      ),
    );
    const wrongVault = await backup
      .send(new DescribeRecoveryPointCommand({ BackupVaultName: 'other', RecoveryPointArn: arns[0] }))
      .catch((e: unknown) => e);

    expect(arns[0]).toMatch(/^arn:aws:ec2:us-east-1::image\/ami-[0-9a-f]{17}$/);
    expect(arns[1]).toMatch(/^arn:aws:rds:us-east-1:123456789012:snapshot:awsbackup:job-/);
    expect(arns[2]).toMatch(/^arn:aws:backup:us-east-1:123456789012:recovery-point:[0-9A-F-]{36}$/);
    expect(described).toMatchObject({
      Status: 'COMPLETED',
      ResourceType: 'EC2',
      StorageClass: 'WARM',
      IsEncrypted: true,
      CreationDate: new Date(created),
    });
    expect(described.CalculatedLifecycle?.DeleteAt).toEqual(new Date(created + 120 * DAY));
    expect(Object.keys(metadata[0]!.RestoreMetadata!)).toEqual(
      expect.arrayContaining(['InstanceType', 'SubnetId', 'SecurityGroupIds', 'RequireIMDSv2', 'Placement']),
    );
    expect(metadata[1]!.RestoreMetadata).toMatchObject({ DBInstanceIdentifier: 'orders', Engine: 'postgres' });
    expect(metadata[2]!.RestoreMetadata).toMatchObject({
      'file-system-id': 'fs-0123456789abcdef0',
      newFileSystem: 'true',
    });
    expect(metadata[3]!.RestoreMetadata).toMatchObject({ targetTableName: 'jobs', encryptionType: 'Default' });
    expect(metadata.map((m) => m.ResourceType)).toEqual(['EC2', 'RDS', 'EFS', 'DynamoDB']);
    expect(wrongVault).toBeInstanceOf(ResourceNotFoundException);
  });

  it('lists a resource’s points across vaults, and a composite point’s members by parent', async () => {
    const { cloud, sim, backup } = setup();
    sim.createVault('us-east-1', 'audit');
    const t = cloud.clock.now() - 2 * DAY;
    sim.seedRecoveryPoints('us-east-1', 'prod', [{ resourceArn: arnOf.RDS, createdAt: t }]);
    sim.seedRecoveryPoints('us-east-1', 'audit', [{ resourceArn: arnOf.RDS, createdAt: t + DAY }]);
    const [parent] = sim.seedRecoveryPoints('us-east-1', 'prod', [
      {
        resourceArn: arnOf.Stack,
        resourceType: 'CloudFormation',
        createdAt: t,
        children: [
          { resourceArn: arnOf.DynamoDB, memberId: 'JobsTable' },
          { resourceArn: arnOf.EFS, memberId: 'SharedFiles' },
        ],
      },
    ]);

    const byResource = await backup.send(new ListRecoveryPointsByResourceCommand({ ResourceArn: arnOf.RDS }));
    const members = await backup.send(
      new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'prod', ByParentRecoveryPointArn: parent }),
    );
    const described = await backup.send(
      new DescribeRecoveryPointCommand({ BackupVaultName: 'prod', RecoveryPointArn: parent }),
    );
    const byType = await backup.send(
      new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'prod', ByResourceType: 'DynamoDB' }),
    );

    expect(byResource.RecoveryPoints?.map((p) => p.BackupVaultName)).toEqual(['audit', 'prod']);
    expect(described.IsParent).toBe(true);
    expect(members.RecoveryPoints?.map((p) => p.CompositeMemberIdentifier).sort()).toEqual([
      'JobsTable',
      'SharedFiles',
    ]);
    expect(members.RecoveryPoints?.every((p) => p.ParentRecoveryPointArn === parent && p.IsParent === false)).toBe(
      true,
    );
    expect(byType.RecoveryPoints).toHaveLength(1);
  });

  it('restores a composite point as a parent job with one child job per member', async () => {
    const { cloud, sim, backup } = setup();
    const [parent] = sim.seedRecoveryPoints('us-east-1', 'prod', [
      {
        resourceArn: arnOf.Stack,
        resourceType: 'CloudFormation',
        createdAt: cloud.clock.now() - DAY,
        children: [{ resourceArn: arnOf.DynamoDB }, { resourceArn: arnOf.EFS }],
      },
    ]);
    await cloud.clock.advance(MIN);
    cloud.resources.register({
      arn: arnOf.DynamoDB,
      id: 'jobs',
      type: 'DynamoDB',
      region: 'us-east-1',
      createdAt: 0,
      tags: {},
      createdBy: 'topology',
      isHealthy: () => true,
    });

    const { RestoreJobId } = await backup.send(
      new StartRestoreJobCommand({
        RecoveryPointArn: parent,
        Metadata: { StackName: 'jobs-restored' },
        IamRoleArn: ROLE,
      }),
    );
    await cloud.clock.advance(24 * 60 * MIN);
    const job = await backup.send(new DescribeRestoreJobCommand({ RestoreJobId }));
    const children = await backup.send(new ListRestoreJobsCommand({ ByParentJobId: RestoreJobId }));

    expect(job.IsParent).toBe(true);
    expect(children.RestoreJobs).toHaveLength(2);
    // The table's original name is still in use, so that member fails and so does the parent.
    expect(children.RestoreJobs?.map((c) => c.Status).sort()).toEqual(['COMPLETED', 'FAILED']);
    expect(job.Status).toBe('FAILED');
  });

  it('deletes a point: DELETING at once, gone a little later; a point still being created cannot be deleted', async () => {
    const { cloud, sim, backup } = setup();
    const [old] = sim.seedRecoveryPoints('us-east-1', 'prod', [
      { resourceArn: arnOf.EC2, createdAt: cloud.clock.now() - DAY },
    ]);
    const { BackupJobId, RecoveryPointArn: fresh } = await backup.send(
      new StartBackupJobCommand({ BackupVaultName: 'prod', ResourceArn: arnOf.EC2, IamRoleArn: ROLE }),
    );
    await cloud.clock.advance(2 * MIN);

    await backup.send(new DeleteRecoveryPointCommand({ BackupVaultName: 'prod', RecoveryPointArn: old }));
    const deleting = await backup.send(
      new DescribeRecoveryPointCommand({ BackupVaultName: 'prod', RecoveryPointArn: old }),
    );
    const creating = await backup
      .send(new DeleteRecoveryPointCommand({ BackupVaultName: 'prod', RecoveryPointArn: fresh }))
      .catch((e: unknown) => e);
    const running = await backup.send(new DescribeBackupJobCommand({ BackupJobId }));
    await cloud.clock.advance(5 * MIN);
    const gone = await backup
      .send(new DescribeRecoveryPointCommand({ BackupVaultName: 'prod', RecoveryPointArn: old }))
      .catch((e: unknown) => e);

    expect(deleting.Status).toBe('DELETING');
    expect(creating).toBeInstanceOf(InvalidResourceStateException);
    expect(running.State).toBe('RUNNING');
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
  });

  it('pages through 20,000 points with cursor tokens, each point exactly once', async () => {
    const { cloud, sim, backup } = setup();
    const start = cloud.clock.now() - 20_000 * 30 * MIN;
    sim.seedRecoveryPoints(
      'us-east-1',
      'prod',
      Array.from({ length: 20_000 }, (_, i) => ({
        resourceArn: i % 2 ? arnOf.EC2 : arnOf.RDS,
        createdAt: start + i * 30 * MIN,
        durationMinutes: 5,
        sizeGiB: 10,
      })),
    );

    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListRecoveryPointsByBackupVault({ client: backup }, { BackupVaultName: 'prod' })) {
      pages++;
      for (const p of page.RecoveryPoints ?? []) seen.push(p.RecoveryPointArn!);
    }

    expect(seen).toHaveLength(20_000);
    expect(new Set(seen).size).toBe(20_000);
    expect(pages).toBe(20);
  });
});
