import { afterEach, describe, expect, it } from 'vitest';
import { restorePoint, type RestoreCompleted } from '@drkit/core';
import { atlasAppData } from '@drkit/testing';
import { cloudBackupSource } from '../src/index';
import { DAY, MIN, atlasCalls, startAtlas, type Atlas } from './support';

let atlas: Atlas | undefined;
afterEach(async () => {
  await atlas?.emulator.close();
  atlas = undefined;
});

describe('cloudBackupSource: restores through restorePoint', () => {
  it('restores the latest completed snapshot into a new cluster, waits for it to be IDLE, reports the RPO and cleans up', async () => {
    // Prepare
    atlas = await startAtlas();
    const { emulator, client } = atlas;
    const source = cloudBackupSource({ client, clusterName: 'jobs-prod', pointInTime: { restoreWindowDays: 7 } });
    const ctx = atlas.ctx('weekly-2026-11-22');
    const incidentAt = emulator.clock.now();
    const newest = emulator.state.snapshots('jobs-prod').find((s) => s.status === 'completed')!;

    // Act
    const restored = await restorePoint(source, { step: 'restore-jobs-db', strategy: { latest: true }, incidentAt, rpo: '1d' }, ctx);

    // Assess
    expect(restored.isOk(), restored.isErr() ? restored.error.message : '').toBe(true);
    const report = restored._unsafeUnwrap() as RestoreCompleted;
    expect(report.point.id).toBe(newest.id);
    expect(report.resource.id).toMatch(/^drkit-[0-9a-f]{32}$/);
    expect(report.resource.createdByRun).toBe('weekly-2026-11-22');
    expect(report.achievedRpoMs).toBe(incidentAt - Date.parse(newest.createdAt));
    const target = emulator.state.cluster(report.resource.id)!;
    expect(target.stateName).toBe('IDLE');
    expect(emulator.state.documents(report.resource.id)?.asOf).toBe(atlasAppData(Date.parse(newest.createdAt)).asOf);
    console.log(JSON.stringify({ timings: report.timings, calls: atlasCalls(emulator).map((c) => c.operation.replace('/api/atlas/v2/groups/{groupId}', '')) }));
    const jobs = emulator.state.restoreJobs('jobs-prod');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ snapshotId: newest.id, targetClusterName: report.resource.id, deliveryType: 'automated' });

    const cleaned = await report.cleanup();
    expect(cleaned._unsafeUnwrap().outcome).toBe('deleted');
    expect(emulator.state.cluster(report.resource.id)?.stateName).toBe('DELETING');
    expect(atlasCalls(emulator, /DELETE .*clusters\/\{clusterName\}$/)).toHaveLength(1);
    void MIN;
    void DAY;
  });
});
