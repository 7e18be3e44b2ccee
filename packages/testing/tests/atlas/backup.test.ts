/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- Atlas responses are untyped JSON, checked field by field. */
import { afterEach, describe, expect, it } from 'vitest';
import { atlasAppData, checkAtlasData, type AtlasEmulator } from '../../src/index';
import { call, startEmulator, v2Options, wait } from './support';

let emulator: AtlasEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const MIN = 60_000;
const DAY = 86_400_000;

/** Creates an empty restore-target cluster and waits until it is IDLE. */
async function provisionTarget(started: Awaited<ReturnType<typeof startEmulator>>, name: string) {
  await started.v1.cluster.create({
    name,
    providerSettings: { providerName: 'AWS', instanceSizeName: 'M30', regionName: 'US_EAST_1' },
  });
  await wait(started.emulator, 10 * MIN);
}

/** Polls a restore job through the client until it shows finishedAt (or the virtual deadline passes). */
async function waitForRestore(started: Awaited<ReturnType<typeof startEmulator>>, jobId: string, deadlineMs: number) {
  const end = started.emulator.clock.now() + deadlineMs;
  for (;;) {
    const job: any = await started.v1.cloudBackup.getSnapshotRestoreJob('jobs-prod', jobId);
    if (job.finishedAt || job.failed || job.cancelled || started.emulator.clock.now() >= end) return job;
    await wait(started.emulator, MIN);
  }
}

describe('Atlas emulator: snapshots and schedule', () => {
  it('lists a year of scheduled snapshots per the default policy, newest first', async () => {
    // Prepare
    const started = await startEmulator();
    emulator = started.emulator;

    // Act
    const list: any = await started.v1.cloudBackup.getAllReplicaSetCloudBackups('jobs-prod');
    const one: any = await started.v1.cloudBackup.getReplicaSetCloudBackup('jobs-prod', list.results[3].id);

    // Assess
    const types = list.results.map((s: any) => s.frequencyType);
    const created = list.results.map((s: any) => Date.parse(s.createdAt));
    expect(list.totalCount).toBe(list.results.length);
    expect(types.filter((t: string) => t === 'monthly')).toHaveLength(12);
    expect(types.filter((t: string) => t === 'weekly').length).toBeGreaterThanOrEqual(3);
    expect(types).toContain('hourly');
    expect(types).toContain('daily');
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(emulator.clock.now() - created[created.length - 1]).toBeGreaterThan(330 * DAY);
    expect(one).toMatchObject({
      id: list.results[3].id,
      type: 'replicaSet',
      cloudProvider: 'AWS',
      snapshotType: 'scheduled',
      status: 'completed',
    });
  });

  it('paginates snapshots on v2 with pageNum, itemsPerPage, totalCount and next/previous links', async () => {
    // Prepare
    const started = await startEmulator();
    emulator = started.emulator;
    const path = `/v2/groups/${emulator.projectId}/clusters/jobs-prod/backup/snapshots`;

    // Act
    const first = await call(emulator, 'GET', `${path}?itemsPerPage=10`);
    const second = await call(emulator, 'GET', `${path}?itemsPerPage=10&pageNum=2&includeCount=false`);
    const tooMany = await call(emulator, 'GET', `${path}?itemsPerPage=501`);

    // Assess
    expect(first.body.results).toHaveLength(10);
    expect(first.body.totalCount).toBeGreaterThan(25);
    expect(first.body.links.map((l: any) => l.rel)).toEqual(['self', 'next']);
    expect(second.body.totalCount).toBeUndefined();
    expect(second.body.links.map((l: any) => l.rel)).toContain('previous');
    expect(second.body.results[0].id).not.toBe(first.body.results[0].id);
    expect(tooMany.body).toMatchObject({ error: 400, errorCode: 'INVALID_QUERY_PARAMETER' });
  });

  it("returns Atlas's default backup schedule and validates a schedule change", async () => {
    // Prepare
    const started = await startEmulator();
    emulator = started.emulator;
    const path = `/v2/groups/${emulator.projectId}/clusters/jobs-prod/backup/schedule`;

    // Act
    const schedule = await call(emulator, 'GET', path);
    const widened = await call(emulator, 'PATCH', path, { data: { restoreWindowDays: 3 } });
    const refused = await call(emulator, 'PATCH', path, { data: { restoreWindowDays: 0 } });

    // Assess
    expect(schedule.body).toMatchObject({
      clusterName: 'jobs-prod',
      referenceHourOfDay: 18,
      restoreWindowDays: 7,
      autoExportEnabled: false,
    });
    expect(
      schedule.body.policies[0].policyItems.map((i: any) => [
        i.frequencyType,
        i.frequencyInterval,
        i.retentionValue,
        i.retentionUnit,
      ]),
    ).toEqual([
      ['hourly', 6, 2, 'days'],
      ['daily', 1, 7, 'days'],
      ['weekly', 6, 4, 'weeks'],
      ['monthly', 40, 12, 'months'],
    ]);
    expect(widened.body.restoreWindowDays).toBe(3);
    expect(refused.body).toMatchObject({ error: 400, errorCode: 'INVALID_RESTORE_WINDOW' });
  });
});

describe('Atlas emulator: restores', () => {
  it('restores a snapshot into a new cluster: the target is UPDATING, then holds the data as of the snapshot', async () => {
    // Prepare
    const started = await startEmulator();
    emulator = started.emulator;
    await provisionTarget(started, 'jobs-restore-1');
    const snapshots: any = await started.v1.cloudBackup.getAllReplicaSetCloudBackups('jobs-prod');
    const daily = snapshots.results.find((s: any) => s.frequencyType === 'daily');

    // Act
    const job: any = await started.v1.cloudBackup.createSnapshotRestoreJob('jobs-prod', {
      deliveryType: 'automated',
      snapshotId: daily.id,
      targetClusterName: 'jobs-restore-1',
      targetGroupId: emulator.projectId,
    });
    const targetDuring = emulator.state.cluster('jobs-restore-1')!.stateName;
    const finished = await waitForRestore(started, job.id, 2 * 60 * MIN);

    // Assess
    const restored = emulator.state.documents('jobs-restore-1')!;
    expect(job).toMatchObject({ deliveryType: 'automated', snapshotId: daily.id, cancelled: false, failed: false });
    expect(targetDuring).toBe('UPDATING');
    expect(Date.parse(finished.finishedAt) - Date.parse(emulator.state.restoreJobs()[0]!.createdAt)).toBe(20 * MIN);
    expect(emulator.state.cluster('jobs-restore-1')!.stateName).toBe('IDLE');
    expect(restored).toEqual(atlasAppData(Date.parse(daily.createdAt)));
    expect(checkAtlasData(restored).ok).toBe(true);
    // The source is untouched and keeps receiving the application's writes.
    expect(emulator.state.documents('jobs-prod')).toEqual(atlasAppData(emulator.clock.now()));
  });

  it('restores to a point in time into a new cluster: the data is exactly as of that moment', async () => {
    // Prepare
    const started = await startEmulator();
    emulator = started.emulator;
    await provisionTarget(started, 'jobs-pit');
    const pointInTime = Math.floor((emulator.clock.now() - 2 * 3_600_000 - 30_000) / 1000);

    // Act
    const job: any = await started.v2.cloudBackup.createSnapshotRestoreJob(
      'jobs-prod',
      {
        deliveryType: 'pointInTime',
        pointInTimeUTCSeconds: pointInTime,
        targetClusterName: 'jobs-pit',
        targetGroupId: emulator.projectId,
      },
      v2Options,
    );
    const finished = await waitForRestore(started, job.id, 3 * 60 * MIN);

    // Assess
    const restored = emulator.state.documents('jobs-pit')!;
    expect(job.pointInTimeUTCSeconds).toBe(pointInTime);
    expect(finished.finishedAt).toBeDefined();
    expect(restored).toEqual(atlasAppData(pointInTime * 1000));
    expect(Date.parse(restored.asOf!)).toBeLessThanOrEqual(pointInTime * 1000);
    expect(pointInTime * 1000 - Date.parse(restored.asOf!)).toBeLessThan(MIN);
  });

  it('refuses a point in time outside the 7-day window or in the future with a 400 in Atlas error shape', async () => {
    // Prepare
    const started = await startEmulator();
    emulator = started.emulator;
    await provisionTarget(started, 'jobs-pit');
    const body = (seconds: number) => ({
      deliveryType: 'pointInTime',
      pointInTimeUTCSeconds: seconds,
      targetClusterName: 'jobs-pit',
      targetGroupId: emulator!.projectId,
    });
    const now = Math.floor(emulator.clock.now() / 1000);

    // Act
    const tooOld: any = await started.v1.cloudBackup.createSnapshotRestoreJob('jobs-prod', body(now - 8 * 86_400));
    const future: any = await started.v1.cloudBackup.createSnapshotRestoreJob('jobs-prod', body(now + 3_600));

    // Assess
    for (const refusal of [tooOld, future]) {
      expect(Object.keys(refusal).sort()).toEqual(['detail', 'error', 'errorCode', 'parameters', 'reason']);
      expect(refusal).toMatchObject({ error: 400, errorCode: 'INVALID_PIT_RESTORE_TIME', reason: 'Bad Request' });
    }
    expect(tooOld.detail).toContain('outside the restore window');
    expect(future.detail).toContain('in the future');
    expect(emulator.state.restoreJobs()).toHaveLength(0);
    expect(emulator.state.cluster('jobs-pit')!.stateName).toBe('IDLE');
  });

  it('refuses a restore without a target, into a missing cluster, or from a missing snapshot', async () => {
    // Prepare
    const started = await startEmulator();
    emulator = started.emulator;
    const snapshots: any = await started.v1.cloudBackup.getAllReplicaSetCloudBackups('jobs-prod');

    // Act
    const noTarget: any = await started.v1.cloudBackup.createSnapshotRestoreJob('jobs-prod', {
      deliveryType: 'automated',
      snapshotId: snapshots.results[0].id,
    });
    const missingTarget: any = await started.v1.cloudBackup.createSnapshotRestoreJob('jobs-prod', {
      deliveryType: 'automated',
      snapshotId: snapshots.results[5].id,
      targetClusterName: 'nope',
      targetGroupId: emulator.projectId,
    });
    const missingSnapshot: any = await started.v1.cloudBackup.createSnapshotRestoreJob('jobs-prod', {
      deliveryType: 'automated',
      snapshotId: 'ffffffffffffffffffffffff',
      targetClusterName: 'jobs-prod',
      targetGroupId: emulator.projectId,
    });

    // Assess
    expect(noTarget).toMatchObject({ error: 400, errorCode: 'MISSING_ATTRIBUTE' });
    expect(missingTarget).toMatchObject({ error: 404, errorCode: 'CLUSTER_NOT_FOUND' });
    expect(missingSnapshot).toMatchObject({ error: 404, errorCode: 'SNAPSHOT_NOT_FOUND' });
  });

  it('under corrupt:restore the restored data is damaged, so a data check fails', async () => {
    // Prepare
    const started = await startEmulator();
    emulator = started.emulator;
    await provisionTarget(started, 'jobs-restore-1');
    const snapshots: any = await started.v1.cloudBackup.getAllReplicaSetCloudBackups('jobs-prod');
    emulator.faults.inject('corrupt:restore')._unsafeUnwrap();

    // Act
    const job: any = await started.v1.cloudBackup.createSnapshotRestoreJob('jobs-prod', {
      deliveryType: 'automated',
      snapshotId: snapshots.results[2].id,
      targetClusterName: 'jobs-restore-1',
      targetGroupId: emulator.projectId,
    });
    await waitForRestore(started, job.id, 2 * 60 * MIN);

    // Assess
    const check = checkAtlasData(emulator.state.documents('jobs-restore-1')!);
    expect(check.ok).toBe(false);
    expect(check.problems).toContain('sentinel sentinel-bravo is missing');
    expect(emulator.state.restoreJobs()[0]!.corrupt).toBe(true);
  });

  it('under stuck:atlas:restore a restore never finishes; cancelling it marks it cancelled and frees the target', async () => {
    // Prepare
    const started = await startEmulator();
    emulator = started.emulator;
    await provisionTarget(started, 'jobs-restore-1');
    const snapshots: any = await started.v1.cloudBackup.getAllReplicaSetCloudBackups('jobs-prod');
    emulator.faults.inject('stuck:atlas:restore')._unsafeUnwrap();

    // Act
    const job: any = await started.v1.cloudBackup.createSnapshotRestoreJob('jobs-prod', {
      deliveryType: 'automated',
      snapshotId: snapshots.results[2].id,
      targetClusterName: 'jobs-restore-1',
      targetGroupId: emulator.projectId,
    });
    const afterThreeHours = await waitForRestore(started, job.id, 3 * 60 * MIN);
    const cancel = await call(
      emulator,
      'DELETE',
      `/v2/groups/${emulator.projectId}/clusters/jobs-prod/backup/restoreJobs/${job.id}`,
    );
    const cancelled: any = await started.v1.cloudBackup.getSnapshotRestoreJob('jobs-prod', job.id);

    // Assess
    expect(afterThreeHours.finishedAt).toBeUndefined();
    expect(emulator.state.restoreJobs()[0]!.stuck).toBe(true);
    expect(cancel.status).toBe(204);
    expect(cancelled).toMatchObject({ cancelled: true, failed: false });
    expect(emulator.state.cluster('jobs-restore-1')!.stateName).toBe('IDLE');
  });

  it('delivers a download restore as a link that later expires', async () => {
    // Prepare
    const started = await startEmulator();
    emulator = started.emulator;
    const snapshots: any = await started.v1.cloudBackup.getAllReplicaSetCloudBackups('jobs-prod');

    // Act
    const job: any = await started.v1.cloudBackup.createSnapshotRestoreJob('jobs-prod', {
      deliveryType: 'download',
      snapshotId: snapshots.results[1].id,
    });
    const ready = await waitForRestore(started, job.id, 60 * MIN);
    await wait(emulator, 4 * 60 * MIN);
    const later: any = await started.v1.cloudBackup.getSnapshotRestoreJob('jobs-prod', job.id);

    // Assess
    expect(ready.deliveryUrl).toHaveLength(1);
    expect(ready.expired).toBe(false);
    expect(later.expired).toBe(true);
  });
});
