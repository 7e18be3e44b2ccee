import { afterEach, describe, expect, it } from 'vitest';
import {
  BackupClient,
  CreateBackupSelectionCommand,
  DeleteBackupSelectionCommand,
  GetBackupPlanCommand,
  ListBackupPlansCommand,
  UpdateBackupPlanCommand,
} from '@aws-sdk/client-backup';
import { ElastiCacheClient, ModifyReplicationGroupCommand } from '@aws-sdk/client-elasticache';
import { resolveContext, silentLogger } from '@drkit/core';
import {
  backupSim,
  createSimulatedCloud,
  seedTopology,
  stopElastiCacheRedis,
  type SimulatedCloud,
} from '@drkit/testing';
import { applyBackupPlan, backupPlanInput, drPlanStrategy, type BackupStrategy } from '../src/strategy/index';

const topology = seedTopology();
const { backup: b, regions } = topology;
const MUTATING = /^(Create|Update|Delete)Backup|ModifyReplicationGroup/;

const clouds: SimulatedCloud[] = [];
afterEach(async () => {
  await Promise.all(clouds.splice(0).map((c) => stopElastiCacheRedis(c.world)));
});

function strategyFor(withCache = true): BackupStrategy {
  return drPlanStrategy({
    application: topology.applicationName,
    accountId: topology.accountId,
    regions,
    vaults: { primary: b.primaryVaultName, dr: b.drVaultName },
    iamRoleArn: b.iamRoleArn,
    resources: {
      ec2: b.resources.ec2InstanceArns,
      rds: [b.resources.rdsDatabaseArn],
      efs: [b.resources.efsFileSystemArn],
    },
    ...(withCache
      ? {
          cache: {
            replicationGroupId: topology.cache.primaryGroupId,
            weeklyPrefix: topology.cache.weeklySnapshotPrefix,
          },
        }
      : {}),
  })._unsafeUnwrap();
}

function contextOf(cloud: SimulatedCloud, dryRun = false) {
  return resolveContext({ clock: cloud.clock, logger: silentLogger, runId: 'backup-strategy', dryRun });
}

describe('drPlanStrategy', () => {
  it('is the DR plan’s two tables', () => {
    const strategy = strategyFor();

    const table = Object.fromEntries(
      strategy.plans.map((p) => [
        p.resourceType,
        p.rules.map((r) => `${r.frequency} ${r.keepDays}d${r.copyToDrDays ? ` → DR ${r.copyToDrDays}d` : ''}`),
      ]),
    );

    expect(table).toEqual({
      EC2: ['daily 7d', 'weekly 30d → DR 30d', 'monthly 365d → DR 365d'],
      RDS: ['daily 7d', 'continuous 1d', 'weekly 30d → DR 30d'],
      EFS: ['daily 30d', 'weekly 30d → DR 30d'],
    });
    expect(strategy.cache).toMatchObject({ daily: { keepDays: 7 }, weekly: { keepDays: 30, copyToDr: true } });
    expect(strategy.rpoMs).toBe(15 * 60_000);
    expect(
      backupPlanInput(strategy, strategy.plans[1]!).Rules?.find((r) => r.EnableContinuousBackup)?.Lifecycle,
    ).toEqual({ DeleteAfterDays: 1 });
  });

  it('reports every bad field at once', () => {
    const built = drPlanStrategy({
      application: 'jobs api',
      accountId: '42',
      regions: { primary: 'us-east-1', dr: 'us-east-1' },
      vaults: { primary: 'p', dr: 'jobs-api-dr' },
      iamRoleArn: 'role',
      resources: { ec2: ['i-123'], rds: [], efs: [] },
    });

    const e = built._unsafeUnwrapErr();
    expect(e.problems.map((p) => p.path).sort()).toEqual([
      'accountId',
      'application',
      'iamRoleArn',
      'plans.ec2.resources',
      'regions.dr',
      'vaults.primary',
    ]);
  });
});

describe('applyBackupPlan', () => {
  it('creates the plans and selections on a new account, and a second run finds nothing to do', async () => {
    // Prepare: two empty vaults
    const cloud = createSimulatedCloud({ seed: 3, start: '2026-11-22T03:00:00Z' });
    clouds.push(cloud);
    backupSim(cloud).createVault(regions.primary, b.primaryVaultName);
    backupSim(cloud).createVault(regions.dr, b.drVaultName);
    const client = cloud.client(BackupClient, { region: regions.primary });
    const strategy = strategyFor(false);

    // Act: preview, apply, apply again
    const preview = (await applyBackupPlan(strategy, { backup: { client } }, contextOf(cloud, true)))._unsafeUnwrap();
    const afterPreview = cloud.recorder.calls({ operation: MUTATING }).length;
    const first = (await applyBackupPlan(strategy, { backup: { client } }, contextOf(cloud)))._unsafeUnwrap();
    const mutations = cloud.recorder.calls({ operation: MUTATING }).length;
    const second = (await applyBackupPlan(strategy, { backup: { client } }, contextOf(cloud)))._unsafeUnwrap();

    // Assess
    expect(preview.dryRun).toBe(true);
    expect(afterPreview).toBe(0);
    expect(preview.changes.map((c) => `${c.action} ${c.resource} ${c.name}`)).toEqual([
      'create backup-plan jobs-api-ec2',
      'create backup-selection jobs-api-ec2-resources',
      'create backup-plan jobs-api-rds',
      'create backup-selection jobs-api-rds-resources',
      'create backup-plan jobs-api-efs',
      'create backup-selection jobs-api-efs-resources',
    ]);
    expect(first.changes).toEqual(preview.changes);
    expect(mutations).toBe(6);
    expect(second.changes).toEqual([]);
    expect(cloud.recorder.calls({ operation: MUTATING })).toHaveLength(mutations);
    const plans = await client.send(new ListBackupPlansCommand({}));
    expect(plans.BackupPlansList?.map((p) => p.BackupPlanName).sort()).toEqual([
      'jobs-api-ec2',
      'jobs-api-efs',
      'jobs-api-rds',
    ]);
    const rds = await client.send(new GetBackupPlanCommand({ BackupPlanId: first.planIds['rds']! }));
    expect(rds.BackupPlan?.Rules?.find((r) => r.RuleName === 'rds-continuous')?.EnableContinuousBackup).toBe(true);
  });

  it('reports drift field by field, repairs it, and is idempotent', async () => {
    // Prepare: the seed estate (built from the DR plan), then drift
    const cloud = createSimulatedCloud({ seed: 3, start: '2026-11-22T03:00:00Z', topology });
    clouds.push(cloud);
    const backup = cloud.client(BackupClient, { region: regions.primary });
    const elasticache = cloud.client(ElastiCacheClient, { region: regions.primary });
    const strategy = strategyFor();
    const ec2 = strategy.plans[0]!;
    const drifted = backupPlanInput(strategy, ec2);
    drifted.Rules = drifted.Rules!.map((r) =>
      r.RuleName === 'ec2-weekly' ? { ...r, Lifecycle: { DeleteAfterDays: 14 }, CopyActions: [] } : r,
    );
    await backup.send(new UpdateBackupPlanCommand({ BackupPlanId: b.plans.ec2.planId, BackupPlan: drifted }));
    await backup.send(
      new DeleteBackupSelectionCommand({ BackupPlanId: b.plans.ec2.planId, SelectionId: b.plans.ec2.selectionId }),
    );
    await backup.send(
      new CreateBackupSelectionCommand({
        BackupPlanId: b.plans.ec2.planId,
        BackupSelection: {
          SelectionName: ec2.selectionName,
          IamRoleArn: b.iamRoleArn,
          Resources: [b.resources.ec2InstanceArns[0]!],
        },
      }),
    );
    await elasticache.send(
      new ModifyReplicationGroupCommand({
        ReplicationGroupId: topology.cache.primaryGroupId,
        SnapshotRetentionLimit: 1,
        ApplyImmediately: true,
      }),
    );
    const clients = { backup: { client: backup }, elasticache: { client: elasticache } };
    const before = cloud.recorder.calls({ operation: MUTATING }).length;

    // Act
    const first = (await applyBackupPlan(strategy, clients, contextOf(cloud)))._unsafeUnwrap();
    const second = (await applyBackupPlan(strategy, clients, contextOf(cloud)))._unsafeUnwrap();

    // Assess
    expect(first.changes).toEqual([
      {
        action: 'update',
        resource: 'backup-rule',
        name: 'jobs-api-ec2/ec2-weekly',
        field: 'Lifecycle.DeleteAfterDays',
        from: 14,
        to: 30,
      },
      {
        action: 'update',
        resource: 'backup-rule',
        name: 'jobs-api-ec2/ec2-weekly',
        field: 'CopyActions',
        from: '',
        to: `${b.drVaultArn} keep 30 d`,
      },
      {
        action: 'replace',
        resource: 'backup-selection',
        name: 'jobs-api-ec2-resources',
        field: 'Resources',
        from: [b.resources.ec2InstanceArns[0]],
        to: [...b.resources.ec2InstanceArns].sort(),
      },
      {
        action: 'update',
        resource: 'elasticache-snapshots',
        name: topology.cache.primaryGroupId,
        field: 'SnapshotRetentionLimit',
        from: 1,
        to: 7,
      },
    ]);
    expect(first.notes[0]).toMatch(/weekly manual snapshots .* not an AWS setting/);
    expect(second.changes).toEqual([]);
    // UpdateBackupPlan, DeleteBackupSelection + CreateBackupSelection, ModifyReplicationGroup.
    expect(cloud.recorder.calls({ operation: MUTATING }).length - before).toBe(4);
  });

  it('is InvalidInput before any call', async () => {
    const cloud = createSimulatedCloud({ seed: 3 });
    const backup = cloud.client(BackupClient, { region: regions.primary });

    const applied = await applyBackupPlan(strategyFor(true), { backup: { client: backup } }, contextOf(cloud));

    const e = applied._unsafeUnwrapErr();
    expect(e.kind === 'InvalidInput' && e.problems.map((p) => p.path)).toEqual(['elasticache']);
    expect(cloud.recorder.calls()).toHaveLength(0);
  });
});
