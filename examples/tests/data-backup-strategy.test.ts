import { afterEach, describe, expect, it } from 'vitest';
import { BackupClient, GetBackupPlanCommand } from '@aws-sdk/client-backup';
import { createSimulatedCloud, elasticacheService, seedTopology, type SimulatedCloud } from '@drkit/testing';
import { backupStrategyProgram, driftEstate, runBackupStrategy } from '../src/backup-strategy/index';

const clouds: SimulatedCloud[] = [];
afterEach(async () => {
  await Promise.all(clouds.splice(0).map((c) => c.dispose()));
});

/** The seed estate, drifted from the plan as accounts drift. */
async function drifted() {
  const topology = seedTopology();
  const cloud = createSimulatedCloud({ topology, seed: 1 });
  clouds.push(cloud);
  await driftEstate(cloud, topology);
  return { cloud, topology };
}

const weeklyRule = async (cloud: SimulatedCloud, planId: string) => {
  const plan = await cloud
    .client(BackupClient, { region: 'us-east-1' })
    .send(new GetBackupPlanCommand({ BackupPlanId: planId }));
  return plan.BackupPlan?.Rules?.find((r) => r.RuleName === 'ec2-weekly');
};

describe('backup-strategy', () => {
  it('puts a drifted estate back to the plan, and a second apply finds nothing to change', async () => {
    // Prepare
    const { cloud, topology } = await drifted();

    // Act
    const run = (await runBackupStrategy({ cloud }))._unsafeUnwrap();

    // Assess: the differences were found field by field and fixed
    expect(run.applied.changes.map((c) => `${c.name} ${c.field}`)).toEqual([
      'jobs-api-ec2/ec2-weekly Lifecycle.DeleteAfterDays',
      'jobs-api-ec2/ec2-weekly CopyActions',
      'jobs-api-redis SnapshotRetentionLimit',
    ]);
    expect(run.reapplied?.changes).toEqual([]);
    const weekly = await weeklyRule(cloud, topology.backup.plans.ec2.planId);
    expect(weekly?.Lifecycle?.DeleteAfterDays).toBe(30);
    expect(weekly?.CopyActions?.[0]).toMatchObject({
      DestinationBackupVaultArn: topology.backup.drVaultArn,
      Lifecycle: { DeleteAfterDays: 30 },
    });
    expect(
      cloud.state(elasticacheService, 'us-east-1').group(topology.cache.primaryGroupId)?.snapshotRetentionLimit,
    ).toBe(7);
    // The weekly manual cache snapshots are a job to schedule, and the report says so
    expect(run.applied.notes.join(' ')).toContain('weekly manual snapshots');
    // Every protected resource is audited against every control
    const resources = new Set(run.compliance.verdicts.map((v) => v.resource));
    expect(resources.size).toBe(5); // two instances, the database, the file system, the cache
    expect(
      run.compliance.verdicts.filter(
        (v) => v.resource === topology.cache.primaryGroupId && v.control === 'retention-meets-plan',
      ),
    ).toMatchObject([{ status: 'COMPLIANT' }]);
  });

  it('changes nothing in a dry run and says what it would change', async () => {
    const { cloud, topology } = await drifted();

    const run = (await runBackupStrategy({ cloud, dryRun: true }))._unsafeUnwrap();

    expect(run.applied).toMatchObject({ dryRun: true });
    expect(run.applied.changes).toHaveLength(3);
    expect(run.reapplied).toBeUndefined();
    expect((await weeklyRule(cloud, topology.backup.plans.ec2.planId))?.Lifecycle?.DeleteAfterDays).toBe(14);
  });

  it('prints the strategy, both applies and the compliance report', async () => {
    const out: string[] = [];
    const err: string[] = [];

    const code = await backupStrategyProgram(['--drifted'], { out: (t) => out.push(t), err: (t) => err.push(t) });

    const text = out.join('\n');
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(text).toContain('jobs-api-ec2 (EC2, 2 resources)');
    expect(text).toContain('Apply: 3 changes made:');
    expect(text).toContain('Apply again: The account already matches the strategy: no change.');
    expect(text).toMatch(
      /Compliance at 2026-11-22T03:00:\d\d\.\d{3}Z: (NON_)?COMPLIANT — \d+ compliant, \d+ non-compliant, \d+ insufficient data/,
    );
    expect(text).toMatch(/COMPLIANT\s+last-recovery-point-within-rpo\s+db:jobs-api-db\s+continuous backup active/);
  });

  it('refuses an unknown argument with the usage', async () => {
    const err: string[] = [];

    const code = await backupStrategyProgram(['--nope'], { out: () => {}, err: (t) => err.push(t) });

    expect(code).toBe(2);
    expect(err.join('\n')).toContain('usage: pnpm --filter @drkit/examples backup-strategy');
  });
});
