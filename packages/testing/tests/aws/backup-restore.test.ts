import { describe, expect, it } from 'vitest';
import {
  BackupClient,
  DescribeRestoreJobCommand,
  GetRecoveryPointRestoreMetadataCommand,
  InvalidParameterValueException,
  InvalidRequestException,
  ListRestoreJobsCommand,
  MissingParameterValueException,
  PutRestoreValidationResultCommand,
  ResourceNotFoundException,
  StartRestoreJobCommand,
  type DescribeRestoreJobCommandOutput,
} from '@aws-sdk/client-backup';
import { createSimulatedCloud, type SimulatedCloud } from '../../src/aws/SimulatedCloud';
import { backupService } from '../../src/aws/backup/BackupService';
import { backupSim, RESTORE_JOB_ID_TAG, simNetwork } from '../../src/aws/backup';

const MIN = 60_000;
const DAY = 86_400_000;
const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/drkit-restore`;
const EC2 = `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0aaaaaaaaaaaaaaa1`;
const RDS = `arn:aws:rds:us-east-1:${ACCOUNT}:db:orders`;

/** A cloud with one vault holding a daily history of an EC2 instance and an RDS database. */
function setup(options: { restoreFailureRate?: number } = {}) {
  const cloud = createSimulatedCloud({ services: [backupService], seed: 11 });
  const sim = backupSim(cloud).configure({ restoreFailureRate: options.restoreFailureRate ?? 0, backupFailureRate: 0 });
  const now = cloud.clock.now();
  for (const [arn, type, id, size] of [
    [EC2, 'EC2', 'i-0aaaaaaaaaaaaaaa1', '100'],
    [RDS, 'RDS', 'orders', '300'],
  ] as const)
    cloud.resources.register({
      arn,
      id,
      type,
      region: 'us-east-1',
      az: 'us-east-1b',
      createdAt: now - 30 * DAY,
      tags: { app: 'jobs', 'drkit:size-gib': size },
      createdBy: 'topology',
      isHealthy: () => true,
      data: { sentinel: 'v42' },
    });
  sim.createVault('us-east-1', 'prod');
  for (const arn of [EC2, RDS])
    sim.seedHistory({ region: 'us-east-1', vaultName: 'prod', resourceArn: arn, from: now - 7 * DAY, everyMs: DAY });
  const latest = (arn: string) =>
    sim.points('us-east-1', 'prod').find((p) => p.resourceArn === arn && p.status === 'COMPLETED')!;
  const backup = cloud.client(BackupClient, { region: 'us-east-1' });
  return { cloud, sim, backup, latest };
}

async function metadataOf(backup: BackupClient, pointArn: string): Promise<Record<string, string>> {
  const out = await backup.send(
    new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: 'prod', RecoveryPointArn: pointArn }),
  );
  return out.RestoreMetadata!;
}

async function waitForRestore(
  cloud: SimulatedCloud,
  backup: BackupClient,
  id: string,
  limitMs = 6 * 60 * MIN,
): Promise<{ final: DescribeRestoreJobCommandOutput; seen: string[] }> {
  const seen: string[] = [];
  const deadline = cloud.clock.now() + limitMs;
  for (;;) {
    const d = await backup.send(new DescribeRestoreJobCommand({ RestoreJobId: id }));
    if (seen[seen.length - 1] !== d.Status) seen.push(d.Status!);
    if (d.Status === 'COMPLETED' || d.Status === 'FAILED' || cloud.clock.now() > deadline) return { final: d, seen };
    await cloud.clock.sleep(MIN);
  }
}

describe('simulated AWS Backup: restore jobs', () => {
  it('restores an EC2 instance through PENDING and RUNNING to COMPLETED, taking a realistic time', async () => {
    // Prepare
    const { cloud, backup, latest } = setup();
    const point = latest(EC2);
    const metadata = await metadataOf(backup, point.arn);
    const t0 = cloud.clock.now();

    // Act
    const { RestoreJobId } = await backup.send(
      new StartRestoreJobCommand({ RecoveryPointArn: point.arn, Metadata: metadata, IamRoleArn: ROLE }),
    );
    const first = await backup.send(new DescribeRestoreJobCommand({ RestoreJobId }));
    const { final, seen } = await waitForRestore(cloud, backup, RestoreJobId!);

    // Assess
    expect(seen).toEqual(['PENDING', 'RUNNING', 'COMPLETED']);
    expect(first.PercentDone).toBe('0.00%');
    expect(final.PercentDone).toBe('100.00%');
    const minutes = (final.CompletionDate!.getTime() - t0) / MIN;
    expect(minutes).toBeGreaterThanOrEqual(10);
    expect(minutes).toBeLessThanOrEqual(50);
    expect(final.ExpectedCompletionTimeMinutes).toBeGreaterThanOrEqual(10);
    expect(Math.abs(final.ExpectedCompletionTimeMinutes! - minutes)).toBeLessThanOrEqual(1);
    expect(final.CreatedResourceArn).toMatch(/^arn:aws:ec2:us-east-1:123456789012:instance\/i-[0-9a-f]{17}$/);
    expect(final.RecoveryPointCreationDate).toEqual(new Date(point.sortMs));
    const restored = cloud.resources.get(final.CreatedResourceArn!)!;
    expect(restored).toMatchObject({ type: 'EC2', region: 'us-east-1', createdBy: 'restore', corrupt: false });
    expect(restored.az).toBe('us-east-1b');
    expect(restored.tags[RESTORE_JOB_ID_TAG]).toBe(RestoreJobId);
    expect(restored.data).toEqual({ sentinel: 'v42' });
    // The instance passes its status checks a few minutes after the job completes.
    expect(restored.isHealthy(final.CompletionDate!.getTime())).toBe(false);
    expect(restored.isHealthy(final.CompletionDate!.getTime() + 5 * MIN)).toBe(true);
  });

  it('takes 20 to 40 minutes to restore an RDS instance under a new name', async () => {
    const { cloud, backup, latest } = setup();
    const point = latest(RDS);
    const metadata = { ...(await metadataOf(backup, point.arn)), DBInstanceIdentifier: 'orders-drill' };

    const { RestoreJobId } = await backup.send(
      new StartRestoreJobCommand({ RecoveryPointArn: point.arn, Metadata: metadata, IamRoleArn: ROLE }),
    );
    const { final } = await waitForRestore(cloud, backup, RestoreJobId!);

    expect(final.Status).toBe('COMPLETED');
    const running = (final.CompletionDate!.getTime() - final.CreationDate!.getTime()) / MIN;
    expect(running).toBeGreaterThanOrEqual(20);
    expect(running).toBeLessThanOrEqual(50);
    expect(final.CreatedResourceArn).toBe(`arn:aws:rds:us-east-1:${ACCOUNT}:db:orders-drill`);
    expect(cloud.resources.get(final.CreatedResourceArn!)?.dnsName).toMatch(/^orders-drill\..+\.rds\.amazonaws\.com$/);
  });

  it('fails an RDS restore whose instance name is already in use, as AWS does once the job runs', async () => {
    const { cloud, backup, latest } = setup();
    const point = latest(RDS);

    const { RestoreJobId } = await backup.send(
      new StartRestoreJobCommand({
        RecoveryPointArn: point.arn,
        Metadata: await metadataOf(backup, point.arn),
        IamRoleArn: ROLE,
      }),
    );
    const { final } = await waitForRestore(cloud, backup, RestoreJobId!);

    expect(final.Status).toBe('FAILED');
    expect(final.StatusMessage).toContain('DB Instance already exists');
    expect(final.CreatedResourceArn).toBeUndefined();
  });

  it('returns the same job for the same idempotency token and parameters, and rejects other parameters', async () => {
    const { cloud, backup, latest } = setup();
    const point = latest(EC2);
    const metadata = await metadataOf(backup, point.arn);
    const input = { RecoveryPointArn: point.arn, Metadata: metadata, IamRoleArn: ROLE, IdempotencyToken: 'drill-42' };

    const a = await backup.send(new StartRestoreJobCommand(input));
    const b = await backup.send(new StartRestoreJobCommand(input));
    const conflict = await backup
      .send(new StartRestoreJobCommand({ ...input, Metadata: { ...metadata, InstanceType: 'm6i.large' } }))
      .catch((e: unknown) => e);
    await cloud.clock.advance(61 * MIN);
    const later = await backup.send(new StartRestoreJobCommand(input));
    const jobs = await backup.send(new ListRestoreJobsCommand({}));

    expect(b.RestoreJobId).toBe(a.RestoreJobId);
    expect(conflict).toBeInstanceOf(InvalidRequestException);
    expect(later.RestoreJobId).not.toBe(a.RestoreJobId);
    expect(jobs.RestoreJobs?.map((j) => j.RestoreJobId).sort()).toEqual([a.RestoreJobId, later.RestoreJobId].sort());
  });

  it('rejects missing and malformed restore metadata before starting anything, naming every problem', async () => {
    const { backup, latest } = setup();
    const ec2 = latest(EC2);
    const rds = latest(RDS);

    const missing = await backup
      .send(
        new StartRestoreJobCommand({
          RecoveryPointArn: ec2.arn,
          Metadata: { RequireIMDSv2: 'true' },
          IamRoleArn: ROLE,
        }),
      )
      .catch((e: unknown) => e);
    const malformed = await backup
      .send(
        new StartRestoreJobCommand({
          RecoveryPointArn: rds.arn,
          Metadata: { DBInstanceIdentifier: '1-bad--name', MultiAZ: 'maybe', AvailabilityZone: 'eu-west-1a' },
          IamRoleArn: ROLE,
        }),
      )
      .catch((e: unknown) => e);
    const noRole = await backup
      .send(new StartRestoreJobCommand({ RecoveryPointArn: ec2.arn, Metadata: { InstanceType: 't3.micro' } }))
      .catch((e: unknown) => e);
    const unknownPoint = await backup
      .send(
        new StartRestoreJobCommand({
          RecoveryPointArn: 'arn:aws:ec2:us-east-1::image/ami-00000000000000000',
          Metadata: { InstanceType: 't3.micro' },
          IamRoleArn: ROLE,
        }),
      )
      .catch((e: unknown) => e);
    const jobs = await backup.send(new ListRestoreJobsCommand({}));

    expect(missing).toBeInstanceOf(MissingParameterValueException);
    expect((missing as Error).message).toContain('InstanceType');
    expect((missing as Error).message).toContain('SubnetId');
    expect(malformed).toBeInstanceOf(InvalidParameterValueException);
    expect((malformed as Error).message).toContain('DBInstanceIdentifier');
    expect((malformed as Error).message).toContain('MultiAZ');
    expect((malformed as Error).message).toContain('eu-west-1a');
    expect(noRole).toBeInstanceOf(MissingParameterValueException);
    expect(unknownPoint).toBeInstanceOf(ResourceNotFoundException);
    expect(jobs.RestoreJobs).toEqual([]);
  });

  it('fails a restore in another region that still names the source region subnet', async () => {
    const { cloud, sim, latest } = setup();
    sim.createVault('us-west-2', 'dr');
    const source = latest(EC2);
    const [copyArn] = sim.seedRecoveryPoints('us-west-2', 'dr', [
      { resourceArn: EC2, createdAt: source.sortMs, restoreMetadata: source.profile.restoreMetadata },
    ]);
    const dr = cloud.client(BackupClient, { region: 'us-west-2' });
    const metadata = (
      await dr.send(new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: 'dr', RecoveryPointArn: copyArn }))
    ).RestoreMetadata!;

    // The subnet is only known to be wrong once the job runs; a wrong zone is rejected at once.
    const { Placement: _zone, ...stale } = metadata;
    const zone = await dr
      .send(new StartRestoreJobCommand({ RecoveryPointArn: copyArn, Metadata: metadata, IamRoleArn: ROLE }))
      .catch((e: unknown) => e);
    const staleJob = await dr.send(
      new StartRestoreJobCommand({ RecoveryPointArn: copyArn, Metadata: stale, IamRoleArn: ROLE }),
    );
    const fixed = await dr.send(
      new StartRestoreJobCommand({
        RecoveryPointArn: copyArn,
        Metadata: {
          ...metadata,
          SubnetId: simNetwork('us-west-2').subnets[1]!.subnetId,
          NetworkInterfaces: '[]',
          Placement: '{}',
        },
        IamRoleArn: ROLE,
      }),
    );
    const a = await waitForRestore(cloud, dr, staleJob.RestoreJobId!);
    const b = await waitForRestore(cloud, dr, fixed.RestoreJobId!);

    expect(zone).toBeInstanceOf(InvalidParameterValueException);
    expect(a.final.Status).toBe('FAILED');
    expect(a.final.StatusMessage).toContain('InvalidSubnetID.NotFound');
    expect(b.final.Status).toBe('COMPLETED');
    expect(cloud.resources.get(b.final.CreatedResourceArn!)).toMatchObject({ region: 'us-west-2', az: 'us-west-2b' });
  });

  it('keeps a restore RUNNING forever under stuck:backup:restore, with its progress stalled', async () => {
    const { cloud, backup, latest } = setup();
    const point = latest(EC2);
    cloud.inject('stuck:backup:restore')._unsafeUnwrap();

    const { RestoreJobId } = await backup.send(
      new StartRestoreJobCommand({
        RecoveryPointArn: point.arn,
        Metadata: await metadataOf(backup, point.arn),
        IamRoleArn: ROLE,
      }),
    );
    await cloud.clock.advance(2 * 60 * MIN);
    const after2h = await backup.send(new DescribeRestoreJobCommand({ RestoreJobId }));
    await cloud.clock.advance(2 * DAY);
    const after2d = await backup.send(new DescribeRestoreJobCommand({ RestoreJobId }));

    expect(after2h.Status).toBe('RUNNING');
    expect(after2d.Status).toBe('RUNNING');
    expect(after2d.PercentDone).toBe(after2h.PercentDone);
    expect(parseFloat(after2d.PercentDone!)).toBeLessThan(100);
    expect(cloud.resources.list({ createdBy: 'restore' })).toEqual([]);
  });

  it('marks data restored under corrupt:restore as corrupted, and scales durations under latency faults', async () => {
    const { cloud, backup, latest } = setup();
    const point = latest(EC2);
    const metadata = await metadataOf(backup, point.arn);
    cloud.inject('corrupt:restore')._unsafeUnwrap();
    cloud.inject('latency:backup:x3')._unsafeUnwrap();

    const { RestoreJobId } = await backup.send(
      new StartRestoreJobCommand({ RecoveryPointArn: point.arn, Metadata: metadata, IamRoleArn: ROLE }),
    );
    const { final } = await waitForRestore(cloud, backup, RestoreJobId!, 4 * 60 * MIN);

    expect(final.Status).toBe('COMPLETED');
    expect(final.ExpectedCompletionTimeMinutes).toBeGreaterThanOrEqual(30);
    const restored = cloud.resources.get(final.CreatedResourceArn!)!;
    expect(restored.corrupt).toBe(true);
    expect(restored.data?.['sentinel']).not.toBe('v42');
  });

  it('fails restores injected by the test and a seeded share of restores', async () => {
    const { cloud, sim, backup, latest } = setup({ restoreFailureRate: 0.5 });
    const point = latest(EC2);
    const metadata = await metadataOf(backup, point.arn);
    sim.failNextRestores(1, 'Simulated: subnet has no free addresses');

    const ids: string[] = [];
    for (let i = 0; i < 12; i++)
      ids.push(
        (
          await backup.send(
            new StartRestoreJobCommand({ RecoveryPointArn: point.arn, Metadata: metadata, IamRoleArn: ROLE }),
          )
        ).RestoreJobId!,
      );
    await cloud.clock.advance(3 * 60 * MIN);
    const failed = await backup.send(new ListRestoreJobsCommand({ ByStatus: 'FAILED' }));
    const completed = await backup.send(new ListRestoreJobsCommand({ ByStatus: 'COMPLETED' }));

    expect(failed.RestoreJobs!.length).toBeGreaterThan(1);
    expect(completed.RestoreJobs!.length).toBeGreaterThan(1);
    expect(failed.RestoreJobs!.length + completed.RestoreJobs!.length).toBe(12);
    expect(failed.RestoreJobs!.map((j) => j.StatusMessage)).toContain('Simulated: subnet has no free addresses');
    expect(ids).toHaveLength(12);
  });

  it('accepts a validation result only once the restore completed, and shows it on the job', async () => {
    const { cloud, backup, latest } = setup();
    const point = latest(EC2);
    const { RestoreJobId } = await backup.send(
      new StartRestoreJobCommand({
        RecoveryPointArn: point.arn,
        Metadata: await metadataOf(backup, point.arn),
        IamRoleArn: ROLE,
      }),
    );

    const early = await backup
      .send(new PutRestoreValidationResultCommand({ RestoreJobId, ValidationStatus: 'SUCCESSFUL' }))
      .catch((e: unknown) => e);
    await waitForRestore(cloud, backup, RestoreJobId!);
    await backup.send(
      new PutRestoreValidationResultCommand({
        RestoreJobId,
        ValidationStatus: 'FAILED',
        ValidationStatusMessage: 'sentinel mismatch',
      }),
    );
    const described = await backup.send(new DescribeRestoreJobCommand({ RestoreJobId }));
    const unknown = await backup
      .send(new PutRestoreValidationResultCommand({ RestoreJobId: 'NOPE', ValidationStatus: 'SUCCESSFUL' }))
      .catch((e: unknown) => e);

    expect(early).toBeInstanceOf(InvalidRequestException);
    expect(described.ValidationStatus).toBe('FAILED');
    expect(described.ValidationStatusMessage).toBe('sentinel mismatch');
    expect(unknown).toBeInstanceOf(ResourceNotFoundException);
  });

  it('can require that validated jobs come from a restore testing plan', async () => {
    const { cloud, sim, backup, latest } = setup();
    sim.configure({ validationRequiresRestoreTestingPlan: true });
    const point = latest(EC2);
    const metadata = await metadataOf(backup, point.arn);
    const planArn = `arn:aws:backup:us-east-1:${ACCOUNT}:restore-testing-plan:weekly-abc123`;
    const own = (
      await backup.send(
        new StartRestoreJobCommand({ RecoveryPointArn: point.arn, Metadata: metadata, IamRoleArn: ROLE }),
      )
    ).RestoreJobId!;
    const tested = sim.startRestore('us-east-1', {
      RecoveryPointArn: point.arn,
      Metadata: metadata,
      IamRoleArn: ROLE,
      restoreTestingPlanArn: planArn,
    });
    await cloud.clock.advance(2 * 60 * MIN);

    const rejected = await backup
      .send(new PutRestoreValidationResultCommand({ RestoreJobId: own, ValidationStatus: 'SUCCESSFUL' }))
      .catch((e: unknown) => e);
    await backup.send(new PutRestoreValidationResultCommand({ RestoreJobId: tested, ValidationStatus: 'SUCCESSFUL' }));
    const byPlan = await backup.send(new ListRestoreJobsCommand({ ByRestoreTestingPlanArn: planArn }));

    expect(rejected).toBeInstanceOf(InvalidRequestException);
    expect(
      byPlan.RestoreJobs?.map((j) => [j.RestoreJobId, j.ValidationStatus, j.CreatedBy?.RestoreTestingPlanArn]),
    ).toEqual([[tested, 'SUCCESSFUL', planArn]]);
  });
});
