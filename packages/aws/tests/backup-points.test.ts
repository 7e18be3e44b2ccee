import { describe, expect, it } from 'vitest';
import { restorePoint } from '@drkit/core';
import { backupVaultSource } from '../src/backup/index';
import { ACCOUNT, ORDERS_DB, ROLE, backupClient, contextOf, estate } from './support/sim';

const APP_STACK = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/jobs-app/8d9f0c2e-1111-2222-3333-444455556666`;
const DATA_VOLUME = `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0123456789abcdef0`;

describe('listing AWS Backup recovery points', () => {
  it('maps every page of points, with composite parents and members', async () => {
    // Prepare: 150 daily points (two pages) and one composite point of a stack
    const { cloud, backup } = estate({ pointsAgoMin: [] });
    const now = cloud.clock.now();
    backup.seedRecoveryPoints(
      'us-east-1',
      'prod',
      Array.from({ length: 150 }, (_, i) => ({
        resourceArn: ORDERS_DB,
        resourceType: 'RDS',
        createdAt: now - (i + 1) * 86_400_000,
      })),
    );
    const [parent] = backup.seedRecoveryPoints('us-east-1', 'prod', [
      {
        resourceArn: APP_STACK,
        resourceType: 'CloudFormation',
        createdAt: now - 30 * 60_000,
        durationMinutes: 10,
        children: [{ resourceArn: DATA_VOLUME, resourceType: 'EBS' }],
      },
    ]);
    const source = backupVaultSource({
      client: backupClient(cloud, 'us-east-1'),
      vault: 'prod',
      iamRoleArn: ROLE,
      expectedRestoreTime: { RDS: '30m' },
    });
    const ctx = contextOf(cloud);

    // Act
    const all = (await source.listPoints({}, ctx))._unsafeUnwrap();
    const recent = (
      await source.listPoints({ resourceId: ORDERS_DB, after: now - 10 * 86_400_000 }, ctx)
    )._unsafeUnwrap();

    // Assess
    expect(all).toHaveLength(152);
    expect(cloud.recorder.calls({ operation: 'ListRecoveryPointsByBackupVault' }).length).toBeGreaterThanOrEqual(2);
    expect(all.find((p) => p.id === parent)).toMatchObject({
      isParent: true,
      resourceType: 'CloudFormation',
      status: 'completed',
    });
    expect(all.find((p) => p.parentId === parent)).toMatchObject({ resourceId: DATA_VOLUME, resourceType: 'EBS' });
    expect(recent.every((p) => p.resourceId === ORDERS_DB && p.expectedRestoreMs === 30 * 60_000)).toBe(true);
    expect(recent.length).toBeGreaterThanOrEqual(9);
    expect(recent.length).toBeLessThanOrEqual(10);
  });

  it('restores the composite parent rather than one of its members', async () => {
    const { cloud, backup } = estate({ pointsAgoMin: [] });
    const [parent] = backup.seedRecoveryPoints('us-east-1', 'prod', [
      {
        resourceArn: APP_STACK,
        resourceType: 'CloudFormation',
        createdAt: cloud.clock.now() - 30 * 60_000,
        durationMinutes: 10,
        children: [{ resourceArn: DATA_VOLUME, resourceType: 'EBS' }],
      },
    ]);
    const source = backupVaultSource({ client: backupClient(cloud, 'us-east-1'), vault: 'prod', iamRoleArn: ROLE });

    const planned = await restorePoint(
      source,
      { step: 'stack', strategy: { latest: true } },
      { ...contextOf(cloud), dryRun: true },
    );

    expect(planned._unsafeUnwrap()).toMatchObject({ dryRun: true, point: { id: parent, isParent: true } });
    expect(cloud.recorder.calls({ operation: 'StartRestoreJob' })).toHaveLength(0);
  });

  it('hands a restore testing plan’s job to validation, and drkit cleanup refuses it', async () => {
    // Prepare: AWS Backup restore testing started a job (not drkit)
    const { cloud, backup, prodPoints } = estate();
    const planArn = `arn:aws:backup:us-east-1:${ACCOUNT}:restore-testing-plan:weekly-abc123`;
    const jobId = backup.startRestore('us-east-1', {
      RecoveryPointArn: prodPoints[1]!,
      Metadata: { DBInstanceIdentifier: 'orders-restore-test', AvailabilityZone: 'us-east-1a' },
      IamRoleArn: ROLE,
      restoreTestingPlanArn: planArn,
    });
    await cloud.clock.advance(2 * 60 * 60_000);
    const ctx = contextOf(cloud);
    const source = backupVaultSource({
      client: backupClient(cloud, 'us-east-1'),
      vault: 'prod',
      iamRoleArn: ROLE,
      resources: {
        RDS: {
          delete: () => {
            throw new Error('must not be called');
          },
        },
      },
    });

    // Act
    const resource = (await source.restoredResource(jobId, ctx))._unsafeUnwrap();
    const cleaned = await source.cleanup(resource, ctx);

    // Assess
    expect(resource).toMatchObject({ type: 'RDS', restoreJobId: jobId, createdByRun: `aws-backup:${planArn}` });
    expect(resource.id).toContain(':db:orders-restore-test');
    expect(cleaned._unsafeUnwrapErr().kind).toBe('AccessDenied');
  });
});
