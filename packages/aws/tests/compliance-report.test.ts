import { afterEach, describe, expect, it } from 'vitest';
import { BackupClient, GetRecoveryPointRestoreMetadataCommand, StartRestoreJobCommand } from '@aws-sdk/client-backup';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { resolveContext, silentLogger } from '@drkit/core';
import {
  backupSim,
  createSimulatedCloud,
  seedTopology,
  stopElastiCacheRedis,
  type SimulatedCloud,
} from '@drkit/testing';
import { checkBackupCompliance, drPlanStrategy, type ComplianceReport } from '../src/strategy/index';

const topology = seedTopology();
const { backup: b, regions } = topology;
const RDS = b.resources.rdsDatabaseArn;
const EFS = b.resources.efsFileSystemArn;

const clouds: SimulatedCloud[] = [];
afterEach(async () => {
  await Promise.all(clouds.splice(0).map((c) => stopElastiCacheRedis(c.world)));
});

const strategy = drPlanStrategy({
  application: topology.applicationName,
  accountId: topology.accountId,
  regions,
  vaults: { primary: b.primaryVaultName, dr: b.drVaultName },
  iamRoleArn: b.iamRoleArn,
  resources: { ec2: b.resources.ec2InstanceArns, rds: [RDS], efs: [EFS] },
  cache: { replicationGroupId: topology.cache.primaryGroupId, weeklyPrefix: topology.cache.weeklySnapshotPrefix },
})._unsafeUnwrap();

/** The seed estate, with backups that never fail unless a test makes them. */
function setup() {
  const cloud = createSimulatedCloud({ seed: 3, start: '2026-11-22T03:00:00Z', topology });
  clouds.push(cloud);
  backupSim(cloud).configure({ backupFailureRate: 0, copyFailureRate: 0, restoreFailureRate: 0 });
  const ctx = resolveContext({ clock: cloud.clock, logger: silentLogger, runId: 'weekly-audit' });
  const clients = {
    backup: { client: cloud.client(BackupClient, { region: regions.primary }) },
    drBackup: { client: cloud.client(BackupClient, { region: regions.dr }) },
    elasticache: { client: cloud.client(ElastiCacheClient, { region: regions.primary }) },
    drElasticache: { client: cloud.client(ElastiCacheClient, { region: regions.dr }) },
  };
  return { cloud, ctx, clients };
}

const statusOf = (report: ComplianceReport, resource: string, control: string) =>
  report.verdicts.find((v) => v.resource === resource && v.control === control)?.status;

describe('checkBackupCompliance', () => {
  it('gives one verdict per resource and control on an estate that follows the plan', async () => {
    // Prepare
    const { ctx, clients } = setup();

    // Act
    const checked = await checkBackupCompliance(strategy, clients, {}, ctx);

    // Assess
    const report = checked._unsafeUnwrap();
    // 4 resources × 5 controls, and 3 for the cache.
    expect(report.verdicts).toHaveLength(23);
    const keys = report.verdicts.map((v) => `${v.resource} ${v.control}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(report.summary).toEqual({ COMPLIANT: 19, NON_COMPLIANT: 0, INSUFFICIENT_DATA: 4 });
    expect(report.compliant).toBe(true);
    // Nobody tested a restore in the last 30 days: that is not evidence of compliance.
    expect(report.verdicts.filter((v) => v.status === 'INSUFFICIENT_DATA').map((v) => v.control)).toEqual(
      Array(4).fill('restore-time-within-target'),
    );
    expect(
      report.verdicts.find((v) => v.resource === RDS && v.control === 'last-recovery-point-within-rpo')?.evidence,
    ).toMatchObject({
      continuous: true,
    });
  });

  it('flags the resources whose backups expired while us-east-1 was dark', async () => {
    // Prepare: the region is down across the 05:00 UTC backup window; the audit runs a day later
    const { cloud, ctx, clients } = setup();
    cloud.inject('region-outage:us-east-1~5h')._unsafeUnwrap();
    await cloud.clock.advance(26 * 3_600_000);

    // Act
    const report = (await checkBackupCompliance(strategy, clients, {}, ctx))._unsafeUnwrap();

    // Assess
    expect(report.compliant).toBe(false);
    for (const arn of [...b.resources.ec2InstanceArns, RDS, EFS])
      expect(statusOf(report, arn, 'no-failed-backup-jobs')).toBe('NON_COMPLIANT');
    const efs = report.verdicts.find((v) => v.resource === EFS && v.control === 'no-failed-backup-jobs');
    expect(efs?.detail).toMatch(/EXPIRED/);
    // The snapshot resources missed a day: their newest point is now older than a day plus the windows.
    expect(statusOf(report, EFS, 'last-recovery-point-within-rpo')).toBe('NON_COMPLIANT');
    // Continuous backup still covers the database.
    expect(statusOf(report, RDS, 'last-recovery-point-within-rpo')).toBe('COMPLIANT');
  });

  it('judges observed restore times against the restore target', async () => {
    // Prepare: a restore of the database from yesterday's point, finished
    const { cloud, ctx, clients } = setup();
    const backup = clients.backup.client;
    const point = backupSim(cloud)
      .points(regions.primary, b.primaryVaultName)
      .filter((p) => p.resourceArn === RDS && p.status === 'COMPLETED' && !p.arn.includes('continuous'))
      .sort((x, y) => y.sortMs - x.sortMs)[0]!;
    const meta = await backup.send(
      new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: b.primaryVaultName, RecoveryPointArn: point.arn }),
    );
    await backup.send(
      new StartRestoreJobCommand({
        RecoveryPointArn: point.arn,
        Metadata: { ...meta.RestoreMetadata, DBInstanceIdentifier: 'jobs-api-db-restore-test' },
        IamRoleArn: b.iamRoleArn,
      }),
    );
    await cloud.clock.advance(2 * 3_600_000);
    const strict = { ...strategy, restoreTargetMs: 10 * 60_000 };

    // Act
    const lenient = (await checkBackupCompliance(strategy, clients, {}, ctx))._unsafeUnwrap();
    const tight = (await checkBackupCompliance(strict, clients, {}, ctx))._unsafeUnwrap();

    // Assess
    expect(statusOf(lenient, RDS, 'restore-time-within-target')).toBe('COMPLIANT');
    expect(statusOf(tight, RDS, 'restore-time-within-target')).toBe('NON_COMPLIANT');
    expect(
      tight.verdicts.find((v) => v.resource === RDS && v.control === 'restore-time-within-target')?.detail,
    ).toMatch(/slowest of 1 restore\(s\): .* \(target 10m\)/);
  });

  it('is InvalidInput before any call', async () => {
    const { cloud, ctx, clients } = setup();
    const before = cloud.recorder.calls().length;

    const checked = await checkBackupCompliance(
      strategy,
      { backup: clients.backup } as never,
      { failedJobsWindow: 'a week' },
      ctx,
    );

    const e = checked._unsafeUnwrapErr();
    expect(e.kind === 'InvalidInput' && e.problems.map((p) => p.path).sort()).toEqual(['drBackup', 'failedJobsWindow']);
    expect(cloud.recorder.calls()).toHaveLength(before);
  });
});
