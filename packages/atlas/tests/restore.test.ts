import { afterEach, describe, expect, it } from 'vitest';
import { idempotencyKey, resolveContext, restorePoint, type RestoreCompleted } from '@drkit/core';
import { atlasAppData, lastCanaryAt } from '@drkit/testing';
import { cloudBackupSource } from '../src/index';
import { DAY, MIN, atlasCalls, startAtlas, type Atlas } from './support';

let atlas: Atlas | undefined;
afterEach(async () => {
  await atlas?.emulator.close();
  atlas = undefined;
});

const DR_REGION = [{ regionName: 'US_WEST_2', priority: 7, electableNodes: 3 }];

describe('cloudBackupSource: snapshot restores through restorePoint', () => {
  it('restores the latest completed snapshot into a new cluster, waits until it is IDLE, reports the RPO and cleans up', async () => {
    // Prepare
    atlas = await startAtlas();
    const { emulator, client } = atlas;
    const source = cloudBackupSource({ client, clusterName: 'jobs-prod' });
    const incidentAt = emulator.clock.now();
    const newest = emulator.state.snapshots('jobs-prod').find((s) => s.status === 'completed')!;

    // Act
    const restored = await restorePoint(
      source,
      { step: 'restore-jobs-db', strategy: { latest: true }, incidentAt, rpo: '1d' },
      atlas.ctx('weekly-2026-11-22'),
    );

    // Assess
    const report = restored._unsafeUnwrap() as RestoreCompleted;
    expect(report.point.id).toBe(newest.id);
    expect(report.resource).toMatchObject({
      id: idempotencyKey('weekly-2026-11-22', 'restore-jobs-db'),
      type: 'atlas:cluster',
      region: 'US_EAST_1',
      createdByRun: 'weekly-2026-11-22',
    });
    expect(report.achievedRpoMs).toBe(incidentAt - Date.parse(newest.createdAt));
    expect(emulator.state.cluster(report.resource.id)?.stateName).toBe('IDLE');
    expect(emulator.state.documents(report.resource.id)?.asOf).toBe(atlasAppData(Date.parse(newest.createdAt)).asOf);
    expect(emulator.state.restoreJobs('jobs-prod')).toMatchObject([
      { snapshotId: newest.id, targetClusterName: report.resource.id, deliveryType: 'automated' },
    ]);

    const cleaned = await report.cleanup();
    expect(cleaned._unsafeUnwrap().outcome).toBe('deleted');
    expect(emulator.state.cluster(report.resource.id)?.stateName).toBe('DELETING');
  });

  it('restores the newest snapshot within the RPO, or an exact snapshot, into a cluster in the DR region', async () => {
    // Prepare
    atlas = await startAtlas();
    const { emulator, client } = atlas;
    const source = cloudBackupSource({
      client,
      clusterName: 'jobs-prod',
      target: { newCluster: { regions: DR_REGION } },
    });
    const snapshots = emulator.state.snapshots('jobs-prod').filter((s) => s.status === 'completed');
    const older = snapshots.find((s) => s.frequencyType === 'daily')!;
    const incidentAt = emulator.clock.now();

    // Act
    const withinRpo = await restorePoint(
      source,
      { step: 'within-rpo', strategy: { latestWithinRpo: { rpo: '12h' } }, incidentAt },
      atlas.ctx('drill-1'),
    );
    const exact = await restorePoint(source, { step: 'exact', strategy: { exact: older.id } }, atlas.ctx('drill-1'));

    // Assess
    const a = withinRpo._unsafeUnwrap() as RestoreCompleted;
    const b = exact._unsafeUnwrap() as RestoreCompleted;
    expect(a.point.id).toBe(snapshots[0]!.id);
    expect(a.rpo.met).toBe(true);
    expect(b.point.id).toBe(older.id);
    expect(b.resource.region).toBe('US_WEST_2');
    expect(emulator.state.cluster(b.resource.id)?.regions.map((r) => r.regionName)).toEqual(['US_WEST_2']);
    expect(emulator.state.documents(b.resource.id)?.asOf).toBe(atlasAppData(Date.parse(older.createdAt)).asOf);
  });

  it('is idempotent: the same run and step, even from a new process, never starts a second restore job', async () => {
    // Prepare
    atlas = await startAtlas();
    const { emulator, client } = atlas;
    const options = { step: 'restore-jobs-db', strategy: { latest: true as const } };
    const first = await restorePoint(
      cloudBackupSource({ client, clusterName: 'jobs-prod' }),
      options,
      atlas.ctx('run-7'),
    );

    // Act: a retry on the same source object, and a resume in a "new process" (a fresh source, no ledger).
    const again = await restorePoint(
      cloudBackupSource({ client, clusterName: 'jobs-prod' }),
      options,
      atlas.ctx('run-7'),
    );

    // Assess
    const one = first._unsafeUnwrap() as RestoreCompleted;
    const two = again._unsafeUnwrap() as RestoreCompleted;
    expect(two.job.reused).toBe(true);
    expect(two.job.jobId).toBe(one.job.jobId);
    expect(two.resource.id).toBe(one.resource.id);
    expect(emulator.state.restoreJobs('jobs-prod')).toHaveLength(1);
    expect(atlasCalls(emulator, /POST .*restoreJobs$/)).toHaveLength(1);
    expect(atlasCalls(emulator, /POST .*\/clusters$/)).toHaveLength(1);
  });
});

describe('cloudBackupSource: point-in-time restores', () => {
  it('restores to a point in time into a new cluster: exactly the data as of that moment, RPO measured against the incident', async () => {
    // Prepare
    atlas = await startAtlas();
    const { emulator, client } = atlas;
    const source = cloudBackupSource({
      client,
      clusterName: 'jobs-prod',
      pointInTime: { restoreWindowDays: 7 },
      target: { newCluster: { regions: DR_REGION } },
      expectedRestoreTime: { pointInTime: '35m' },
    });
    const incidentAt = emulator.clock.now();
    const at = incidentAt - 2 * MIN;

    // Act
    const restored = await restorePoint(
      source,
      { step: 'pit-restore', strategy: { pointInTime: { at } }, incidentAt, rpo: '15m', timeout: '2h' },
      atlas.ctx('incident-42'),
    );

    // Assess
    const report = restored._unsafeUnwrap() as RestoreCompleted;
    expect(report.target).toMatchObject({ kind: 'pointInTime', at });
    expect(report.achievedRpoMs).toBe(2 * MIN);
    expect(report.rpo.met).toBe(true);
    expect(report.resource.attributes).toMatchObject({
      deliveryType: 'pointInTime',
      restoredTo: new Date(at).toISOString(),
    });
    expect(report.timings.durationMs).toBeGreaterThanOrEqual(45 * MIN);
    const data = emulator.state.documents(report.resource.id)!;
    expect(data.asOf).toBe(new Date(lastCanaryAt(at)!).toISOString());
    expect(data.collections.canaries.count).toBe(atlasAppData(at).collections.canaries.count);
    expect(emulator.state.restoreJobs('jobs-prod')).toMatchObject([
      { deliveryType: 'pointInTime', targetClusterName: report.resource.id, restoredTo: new Date(at).toISOString() },
    ]);
  });

  it('refuses a point in time outside the window, in the future, or without continuous backup as InvalidInput before any call', async () => {
    // Prepare
    atlas = await startAtlas();
    const { emulator, client } = atlas;
    const withPit = cloudBackupSource({ client, clusterName: 'jobs-prod', pointInTime: { restoreWindowDays: 7 } });
    const withoutPit = cloudBackupSource({ client, clusterName: 'jobs-prod' });
    const ctx = resolveContext(atlas.ctx('run-pit'));
    const now = emulator.clock.now();
    const start = { idempotencyKey: 'drkit-0123456789abcdef0123456789abcdef', runId: 'run-pit' };

    // Act
    const tooOld = await withPit.startRestore({ kind: 'pointInTime', at: now - 8 * DAY }, start, ctx);
    const future = await withPit.startRestore({ kind: 'pointInTime', at: now + 10 * MIN }, start, ctx);
    const noPit = await withoutPit.startRestore({ kind: 'pointInTime', at: now - MIN }, start, ctx);
    const viaCore = await restorePoint(withPit, { step: 'pit', strategy: { pointInTime: { at: now - 8 * DAY } } }, ctx);
    const viaCoreNoPit = await restorePoint(withoutPit, { step: 'pit', strategy: { pointInTime: {} } }, ctx);

    // Assess
    expect(tooOld._unsafeUnwrapErr()).toMatchObject({ kind: 'InvalidInput' });
    expect(tooOld._unsafeUnwrapErr().message).toContain('outside the 7-day point-in-time window of jobs-prod');
    expect(future._unsafeUnwrapErr().message).toContain('is in the future');
    expect(noPit._unsafeUnwrapErr().message).toContain('point-in-time restores are not enabled for jobs-prod');
    // restorePoint asks the source for its window first (no call) and refuses the caller's time.
    expect(viaCore._unsafeUnwrapErr()).toMatchObject({ kind: 'InvalidInput' });
    expect(viaCore._unsafeUnwrapErr().message).toContain('outside the point-in-time window');
    expect(viaCoreNoPit._unsafeUnwrapErr().kind).toBe('InvalidInput');
    expect(atlasCalls(emulator)).toHaveLength(0);
  });
});

describe('cloudBackupSource: safety and failures', () => {
  it('never restores onto the source cluster unless told to, and refuses before any call', async () => {
    // Prepare
    atlas = await startAtlas();
    const { emulator, client } = atlas;
    const point = emulator.state.snapshots('jobs-prod').find((s) => s.status === 'completed')!;
    const ctx = resolveContext(atlas.ctx('run-safety'));

    // Act
    const viaOptions = cloudBackupSource({
      client,
      clusterName: 'jobs-prod',
      target: { existingCluster: 'jobs-prod' },
    });
    const refusedByOptions = await viaOptions.listPoints({}, ctx);
    const viaOverride = await cloudBackupSource({ client, clusterName: 'jobs-prod' }).startRestore(
      { kind: 'point', point: { id: point.id, createdAt: Date.parse(point.createdAt), status: 'completed' } },
      {
        idempotencyKey: 'drkit-00000000000000000000000000000001',
        runId: 'run-safety',
        overrides: { targetClusterName: 'jobs-prod' },
      },
      ctx,
    );
    const allowed = cloudBackupSource({
      client,
      clusterName: 'jobs-prod',
      target: { existingCluster: 'jobs-prod' },
      allowOverwriteSource: true,
    });

    // Assess
    expect(refusedByOptions._unsafeUnwrapErr().message).toContain('pass allowOverwriteSource: true');
    expect(viaOverride._unsafeUnwrapErr()).toMatchObject({ kind: 'InvalidInput' });
    expect(viaOverride._unsafeUnwrapErr().message).toContain('is the source cluster jobs-prod');
    expect((await allowed.listPoints({}, ctx)).isOk()).toBe(true);
    expect(atlasCalls(emulator)).toHaveLength(1);
  });

  it('surfaces a restore job Atlas marks failed, and removes the cluster it created for it', async () => {
    // Prepare
    atlas = await startAtlas();
    const { emulator, client } = atlas;
    const source = cloudBackupSource({ client, clusterName: 'jobs-prod' });
    const failing = {
      ...source,
      describeRestore: (
        handle: Parameters<typeof source.describeRestore>[0],
        ctx: Parameters<typeof source.describeRestore>[1],
      ) => {
        emulator.state.failRestore(handle.jobId);
        return source.describeRestore(handle, ctx);
      },
    };
    const ctx = atlas.ctx('run-failed');

    // Act
    const restored = await restorePoint(failing, { step: 'restore', strategy: { latest: true } }, ctx);
    const swept = await source.cleanupCreatedClusters(resolveContext(ctx));

    // Assess
    const error = restored._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: 'ProviderError', code: 'RestoreFailed' });
    expect(error.message).toMatch(
      /Atlas reports automated restore job [0-9a-f]{24} of jobs-prod into drkit-[0-9a-f]{32} failed \(failed: true/,
    );
    const target = idempotencyKey('run-failed', 'restore');
    expect(swept._unsafeUnwrap()).toEqual([
      { resourceId: target, outcome: 'deleted', detail: 'created by atlas:jobs-prod for run run-failed' },
    ]);
    expect(emulator.state.cluster(target)?.stateName).toBe('DELETING');
  });

  it('passes on Atlas’s refusal to start a restore with its error code and detail', async () => {
    // Prepare: an existing target cluster that is paused.
    atlas = await startAtlas();
    const { emulator, client } = atlas;
    const ctx = atlas.ctx('run-paused');
    emulator.state.addCluster({
      name: 'restore-target',
      regions: [{ regionName: 'US_EAST_1', priority: 7, electableNodes: 3, readOnlyNodes: 0, analyticsNodes: 0 }],
    });
    (await client.updateCluster('restore-target', { paused: true }, ctx))._unsafeUnwrap();
    const source = cloudBackupSource({
      client,
      clusterName: 'jobs-prod',
      target: { existingCluster: 'restore-target' },
    });

    // Act
    const restored = await restorePoint(source, { step: 'restore', strategy: { latest: true } }, ctx);

    // Assess
    expect(restored._unsafeUnwrapErr()).toMatchObject({ kind: 'Conflict' });
    expect(restored._unsafeUnwrapErr().message).toContain(
      'CLUSTER_PAUSED_CANNOT_RESTORE (400): Backup restore cannot occur on a paused cluster',
    );
    expect(emulator.state.restoreJobs('jobs-prod')).toHaveLength(0);
  });

  it('cleans up only what this run created: never an existing target, never another run’s cluster', async () => {
    // Prepare
    atlas = await startAtlas();
    const { emulator, client } = atlas;
    emulator.state.addCluster({
      name: 'standing-target',
      regions: [{ regionName: 'US_EAST_1', priority: 7, electableNodes: 3, readOnlyNodes: 0, analyticsNodes: 0 }],
    });
    const intoExisting = cloudBackupSource({
      client,
      clusterName: 'jobs-prod',
      target: { existingCluster: 'standing-target' },
    });
    const intoNew = cloudBackupSource({ client, clusterName: 'jobs-prod' });
    const existing = (
      await restorePoint(intoExisting, { step: 'a', strategy: { latest: true } }, atlas.ctx('run-a'))
    )._unsafeUnwrap() as RestoreCompleted;
    const created = (
      await restorePoint(intoNew, { step: 'b', strategy: { latest: true } }, atlas.ctx('run-a'))
    )._unsafeUnwrap() as RestoreCompleted;
    const deletesBefore = atlasCalls(emulator, /^DELETE /).length;

    // Act
    const keepExisting = await existing.cleanup();
    const otherRun = await intoNew.cleanup(created.resource, resolveContext(atlas.ctx('run-b')));

    // Assess
    expect(keepExisting._unsafeUnwrapErr()).toMatchObject({ kind: 'AccessDenied' });
    expect(keepExisting._unsafeUnwrapErr().message).toContain('drkit deletes only clusters it created');
    expect(otherRun._unsafeUnwrapErr()).toMatchObject({ kind: 'AccessDenied' });
    expect(atlasCalls(emulator, /^DELETE /)).toHaveLength(deletesBefore);
    expect(emulator.state.cluster('standing-target')?.stateName).toBe('IDLE');
    expect(emulator.state.cluster(created.resource.id)?.stateName).toBe('IDLE');
  });
});
