import { describe, expect, it } from 'vitest';
import { ListRestoreJobsCommand } from '@aws-sdk/client-backup';
import { cleanupRestored, consoleLogger, restorePoint } from '@drkit/core';
import { backupVaultSource } from '../src/backup/index';
import { ORDERS_DB, ROLE, backupClient, contextOf, estate, simRdsOps } from './support/sim';

const step = 'restore-orders-db';

describe('restorePoint from an AWS Backup vault', () => {
  it('restores the newest point within the RPO and reports timings and the achieved RPO', async () => {
    // Prepare
    const { cloud, prodPoints } = estate();
    const lines: string[] = [];
    const ctx = { ...contextOf(cloud), logger: consoleLogger({ level: 'debug', write: (l) => lines.push(l) }) };
    const source = backupVaultSource({ client: backupClient(cloud, 'us-east-1'), vault: 'prod', iamRoleArn: ROLE });
    const startedAt = cloud.clock.now();

    // Act
    const restored = await restorePoint(
      source,
      { step, strategy: { latestWithinRpo: { rpo: '15m' } }, resourceId: ORDERS_DB, timeout: '2h' },
      ctx,
    );

    // Assess
    const report = restored._unsafeUnwrap();
    if (report.dryRun) throw new Error('not a dry run');
    expect(report.point.id).toBe(prodPoints[1]);
    expect(report.achievedRpoMs).toBe(10 * 60_000);
    expect(report.rpo.met).toBe(true);
    expect(report.timings.durationMs).toBeGreaterThanOrEqual(20 * 60_000); // an RDS restore takes 20-40 min
    expect(report.timings.completedAt - report.timings.startedAt).toBe(report.timings.durationMs);
    expect(report.timings.detectionLagMs).toBeLessThanOrEqual(60_000);
    expect(cloud.clock.now() - startedAt).toBeGreaterThanOrEqual(report.timings.durationMs);
    expect(report.resource).toMatchObject({ type: 'RDS', region: 'us-east-1', createdByRun: ctx.runId });
    // The restored database is named after the idempotency key, never after production's.
    expect(report.resource.id).toBe(`arn:aws:rds:us-east-1:123456789012:db:${report.idempotencyKey}`);
    expect(cloud.resources.get(report.resource.id)?.deletedAt).toBeUndefined();
    // Restore metadata is secret: none of its keys or values reach the log.
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.join('\n')).not.toMatch(/DBSubnetGroupName|VpcSecurityGroupIds|postgres|sg-[0-9a-f]{8}/);
  });

  it('is RpoViolated when the newest point is older than the RPO', async () => {
    const { cloud } = estate({ pointsAgoMin: [90, 40] });
    const source = backupVaultSource({ client: backupClient(cloud, 'us-east-1'), vault: 'prod', iamRoleArn: ROLE });

    const restored = await restorePoint(
      source,
      { step, strategy: { latestWithinRpo: { rpo: '15m' } }, resourceId: ORDERS_DB },
      contextOf(cloud),
    );

    const e = restored._unsafeUnwrapErr();
    expect(e.kind).toBe('RpoViolated');
    expect(e).toMatchObject({ objectiveMs: 15 * 60_000, achievedMs: 40 * 60_000 });
    expect(cloud.recorder.calls({ operation: 'StartRestoreJob' })).toHaveLength(0);
  });

  it('reports a failed restore job as a ProviderError with AWS Backup’s reason', async () => {
    const { cloud, backup } = estate();
    backup.failNextRestores(1, 'An internal error occurred during the restore job. Retry the job.');
    const source = backupVaultSource({ client: backupClient(cloud, 'us-east-1'), vault: 'prod', iamRoleArn: ROLE });

    const restored = await restorePoint(
      source,
      { step, strategy: { latest: true }, resourceId: ORDERS_DB },
      contextOf(cloud),
    );

    const e = restored._unsafeUnwrapErr();
    expect(e).toMatchObject({ kind: 'ProviderError', code: 'RestoreFailed' });
    expect(e.message).toContain('An internal error occurred during the restore job');
  });

  it('starts no second job when the same run and step restore again', async () => {
    // Prepare
    const { cloud } = estate();
    const ctx = contextOf(cloud);
    const client = backupClient(cloud, 'us-east-1');
    const source = backupVaultSource({ client, vault: 'prod', iamRoleArn: ROLE });
    const options = { step, strategy: { latest: true as const }, resourceId: ORDERS_DB };

    // Act: the same source twice, then a fresh source (a resumed process) once more
    const first = (await restorePoint(source, options, ctx))._unsafeUnwrap();
    const again = (await restorePoint(source, options, ctx))._unsafeUnwrap();
    const fresh = backupVaultSource({ client, vault: 'prod', iamRoleArn: ROLE });
    const resumed = (await restorePoint(fresh, options, ctx))._unsafeUnwrap();

    // Assess
    if (first.dryRun || again.dryRun || resumed.dryRun) throw new Error('not a dry run');
    expect(again.job).toMatchObject({ jobId: first.job.jobId, reused: true });
    expect(resumed.job).toMatchObject({ jobId: first.job.jobId, reused: true });
    // Only the fresh source asked AWS again; AWS Backup's IdempotencyToken handed back the same job.
    expect(cloud.recorder.calls({ operation: 'StartRestoreJob' })).toHaveLength(2);
    const jobs = await client.send(new ListRestoreJobsCommand({}));
    expect(jobs.RestoreJobs?.map((j) => j.RestoreJobId)).toEqual([first.job.jobId]);
  });

  it('absorbs a throttling storm on AWS Backup', async () => {
    const { cloud, prodPoints } = estate({ seed: 11 });
    cloud.inject('throttle:backup:0.5')._unsafeUnwrap();
    const source = backupVaultSource({ client: backupClient(cloud, 'us-east-1'), vault: 'prod', iamRoleArn: ROLE });

    const restored = await restorePoint(
      source,
      { step, strategy: { latestWithinRpo: { rpo: '15m' } }, resourceId: ORDERS_DB, timeout: '2h' },
      contextOf(cloud),
    );

    expect(restored._unsafeUnwrap().point.id).toBe(prodPoints[1]);
    expect(cloud.recorder.calls({ service: 'backup', outcome: 'error' }).length).toBeGreaterThan(0);
  });

  it('restores from the DR vault in us-west-2 while us-east-1 is dark', async () => {
    // Prepare
    const { cloud, drPoints } = estate();
    cloud.inject('region-outage:us-east-1')._unsafeUnwrap();
    const ctx = contextOf(cloud);
    const dr = backupVaultSource({
      client: backupClient(cloud, 'us-west-2'),
      vault: 'dr-vault',
      iamRoleArn: ROLE,
      // The copy's metadata names the primary region's zone; the DR restore needs one of its own.
      overrides: { availabilityZone: 'us-west-2a' },
    });

    // Act
    const restored = await restorePoint(
      dr,
      { step, strategy: { latestWithinRpo: { rpo: '15m' } }, resourceId: ORDERS_DB, timeout: '2h' },
      ctx,
    );

    // Assess
    if (restored.isErr()) throw new Error(restored.error.message);
    const report = restored.value;
    if (report.dryRun) throw new Error('not a dry run');
    expect(report.point.id).toBe(drPoints[1]);
    expect(report.resource.region).toBe('us-west-2');
    expect(cloud.resources.get(report.resource.id)?.region).toBe('us-west-2');
    expect(cloud.recorder.calls({ region: 'us-east-1' })).toHaveLength(0);
  });

  it('reports bad options as one InvalidInput before any call', async () => {
    const { cloud } = estate();
    const source = backupVaultSource({
      client: backupClient(cloud, 'us-east-1'),
      vault: 'no spaces allowed',
      iamRoleArn: 'not-a-role',
      expectedRestoreTime: 'soon',
    });

    const restored = await restorePoint(source, { step, strategy: { latest: true } }, contextOf(cloud));

    const e = restored._unsafeUnwrapErr();
    expect(e.kind).toBe('InvalidInput');
    if (e.kind !== 'InvalidInput') throw new Error();
    expect(e.problems.map((p) => p.path)).toEqual(['vault', 'iamRoleArn', 'expectedRestoreTime']);
    expect(cloud.recorder.size).toBe(0);
  });
});

describe('cleanup of an AWS Backup restore', () => {
  it('deletes the resource this run restored, once', async () => {
    const { cloud } = estate();
    const ctx = contextOf(cloud);
    const source = backupVaultSource({
      client: backupClient(cloud, 'us-east-1'),
      vault: 'prod',
      iamRoleArn: ROLE,
      resources: { RDS: simRdsOps(cloud) },
    });
    const report = (
      await restorePoint(source, { step, strategy: { latest: true }, resourceId: ORDERS_DB }, ctx)
    )._unsafeUnwrap();

    const cleaned = await report.cleanup();
    const again = await report.cleanup();

    expect(cleaned._unsafeUnwrap().outcome).toBe('deleted');
    expect(again._unsafeUnwrap().outcome).toBe('already-gone');
    if (report.dryRun) throw new Error('not a dry run');
    expect(cloud.resources.get(report.resource.id)?.deletedAt).toBeDefined();
  });

  it('refuses a resource the run did not create, deleting nothing', async () => {
    // Prepare: this run restored the orders database; production's database also exists
    const { cloud } = estate();
    const ctx = contextOf(cloud);
    const ops = simRdsOps(cloud);
    let deletes = 0;
    const source = backupVaultSource({
      client: backupClient(cloud, 'us-east-1'),
      vault: 'prod',
      iamRoleArn: ROLE,
      resources: { RDS: { ...ops, delete: (r, c) => ((deletes += 1), ops.delete(r, c)) } },
    });
    const report = (
      await restorePoint(source, { step, strategy: { latest: true }, resourceId: ORDERS_DB }, ctx)
    )._unsafeUnwrap();
    if (report.dryRun) throw new Error('not a dry run');
    const other = contextOf(cloud, 'someone-elses-run');
    const otherRun = (
      await restorePoint(source, { step: 'their-step', strategy: { latest: true }, resourceId: ORDERS_DB }, other)
    )._unsafeUnwrap();
    if (otherRun.dryRun) throw new Error('not a dry run');

    // Act: production's ARN passed off as ours; another run's restore claimed as ours; our own from the wrong run
    const production = await source.cleanup(
      { id: ORDERS_DB, type: 'RDS', createdByRun: ctx.runId, restoreJobId: report.job.jobId },
      ctx,
    );
    const theirs = await source.cleanup({ ...otherRun.resource, createdByRun: ctx.runId }, ctx);
    const viaCore = await cleanupRestored(source, report.resource, other);

    // Assess
    expect(production._unsafeUnwrapErr()).toMatchObject({ kind: 'AccessDenied' });
    expect(production._unsafeUnwrapErr().message).toContain(`created ${report.resource.id}, not this resource`);
    expect(theirs._unsafeUnwrapErr().message).toContain('was started by run "someone-elses-run"');
    expect(viaCore._unsafeUnwrapErr().kind).toBe('AccessDenied');
    expect(deletes).toBe(0);
    expect(cloud.resources.get(ORDERS_DB)?.deletedAt).toBeUndefined();
    expect(cloud.resources.get(report.resource.id)?.deletedAt).toBeUndefined();
  });
});
