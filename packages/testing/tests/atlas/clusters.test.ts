/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- Atlas responses are untyped JSON, checked field by field. */
import { afterEach, describe, expect, it } from 'vitest';
import type { AtlasEmulator } from '../../src/index';
import { call, startEmulator, v2Options, wait } from './support';

let emulator: AtlasEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('Atlas emulator: clusters through mongodb-atlas-api-client', () => {
  it('lists the seed cluster with its primary and DR regions on v1.0 and v2', async () => {
    // Prepare
    const started = await startEmulator();
    emulator = started.emulator;

    // Act
    const legacy: any = await started.v1.cluster.getAll();
    const versioned: any = await started.v2.cluster.get('jobs-prod', v2Options);

    // Assess
    expect(legacy.totalCount).toBe(1);
    expect(legacy.results[0].name).toBe('jobs-prod');
    expect(legacy.results[0].stateName).toBe('IDLE');
    expect(legacy.results[0].replicationSpecs[0].regionsConfig).toEqual({
      US_EAST_1: { analyticsNodes: 0, electableNodes: 3, priority: 7, readOnlyNodes: 0 },
      US_WEST_2: { analyticsNodes: 0, electableNodes: 2, priority: 6, readOnlyNodes: 0 },
    });
    expect(versioned.groupId).toBe(emulator.projectId);
    expect(versioned.pitEnabled).toBe(true);
    expect(
      versioned.replicationSpecs[0].regionConfigs.map((r: any) => [
        r.regionName,
        r.priority,
        r.electableSpecs.nodeCount,
      ]),
    ).toEqual([
      ['US_EAST_1', 7, 3],
      ['US_WEST_2', 6, 2],
    ]);
    expect(emulator.state.cluster('jobs-prod')?.primary?.regionName).toBe('US_EAST_1');
  });

  it('applies a region-priority change after the update runs: UPDATING/PENDING, then IDLE/APPLIED with the primary in the new preferred region', async () => {
    // Prepare
    const started = await startEmulator();
    emulator = started.emulator;
    const current: any = await started.v2.cluster.get('jobs-prod', v2Options);
    const regionConfigs = current.replicationSpecs[0].regionConfigs.map((r: any) => ({
      ...r,
      priority: r.regionName === 'US_WEST_2' ? 7 : 6,
    }));

    // Act
    const updated: any = await started.v2.cluster.update(
      'jobs-prod',
      { replicationSpecs: [{ regionConfigs }] },
      v2Options,
    );
    const pending = await call(emulator, 'GET', `/v2/groups/${emulator.projectId}/clusters/jobs-prod/status`);
    const primaryWhilePending = emulator.state.cluster('jobs-prod')?.primary?.regionName;
    await wait(emulator, 6 * 60_000);
    const applied = await call(emulator, 'GET', `/v2/groups/${emulator.projectId}/clusters/jobs-prod/status`);
    const after: any = await started.v2.cluster.get('jobs-prod', v2Options);

    // Assess
    expect(updated.stateName).toBe('UPDATING');
    expect(pending.body.changeStatus).toBe('PENDING');
    expect(primaryWhilePending).toBe('US_EAST_1');
    expect(applied.body.changeStatus).toBe('APPLIED');
    expect(after.stateName).toBe('IDLE');
    expect(emulator.state.cluster('jobs-prod')?.primary?.regionName).toBe('US_WEST_2');
  });

  it('refuses priorities that are not 7, 6, … and node totals other than 3, 5 or 7, with Atlas error codes', async () => {
    // Prepare
    const started = await startEmulator();
    emulator = started.emulator;
    const spec = (east: [number, number], west: [number, number]) => ({
      replicationSpecs: [
        {
          regionConfigs: [
            {
              providerName: 'AWS',
              regionName: 'US_EAST_1',
              priority: east[0],
              electableSpecs: { instanceSize: 'M30', nodeCount: east[1] },
            },
            {
              providerName: 'AWS',
              regionName: 'US_WEST_2',
              priority: west[0],
              electableSpecs: { instanceSize: 'M30', nodeCount: west[1] },
            },
          ],
        },
      ],
    });

    // Act
    const gap: any = await started.v2.cluster.update('jobs-prod', spec([7, 3], [5, 2]), v2Options);
    const duplicate: any = await started.v2.cluster.update('jobs-prod', spec([7, 3], [7, 2]), v2Options);
    const noSeven: any = await started.v2.cluster.update('jobs-prod', spec([6, 3], [5, 2]), v2Options);
    const fourNodes: any = await started.v2.cluster.update('jobs-prod', spec([7, 2], [6, 2]), v2Options);
    const unknownRegion: any = await started.v1.cluster.update('jobs-prod', {
      replicationSpecs: [
        { numShards: 1, regionsConfig: { MARS_NORTH_1: { electableNodes: 3, priority: 7, readOnlyNodes: 0 } } },
      ],
    });

    // Assess
    expect(gap).toMatchObject({ error: 400, errorCode: 'INVALID_CLUSTER_CONFIGURATION', reason: 'Bad Request' });
    expect(gap.detail).toContain('gap');
    expect(duplicate.errorCode).toBe('INVALID_CLUSTER_CONFIGURATION');
    expect(duplicate.detail).toContain('unique');
    expect(noSeven.detail).toContain('highest priority must be 7');
    expect(fourNodes).toMatchObject({ error: 400, errorCode: 'CLUSTER_REPLICATION_FACTOR_INVALID' });
    expect(unknownRegion).toMatchObject({ error: 400, errorCode: 'INVALID_REGION' });
    expect(emulator.state.cluster('jobs-prod')?.stateName).toBe('IDLE');
  });

  it('creates a cluster that is CREATING until provisioned, and deletes one', async () => {
    // Prepare
    const started = await startEmulator();
    emulator = started.emulator;

    // Act
    const created: any = await started.v1.cluster.create({
      name: 'jobs-restore-test',
      providerSettings: { providerName: 'AWS', instanceSizeName: 'M30', regionName: 'US_WEST_2' },
    });
    const whileCreating = emulator.state.cluster('jobs-restore-test')?.stateName;
    await wait(emulator, 10 * 60_000);
    const provisioned: any = await started.v1.cluster.get('jobs-restore-test');
    await started.v1.cluster.delete('jobs-restore-test');
    const deleting = emulator.state.cluster('jobs-restore-test')?.stateName;
    await wait(emulator, 5 * 60_000);
    const gone: any = await started.v1.cluster.get('jobs-restore-test');

    // Assess
    expect(created.stateName).toBe('CREATING');
    expect(whileCreating).toBe('CREATING');
    expect(provisioned.stateName).toBe('IDLE');
    expect(provisioned.providerSettings.regionName).toBe('US_WEST_2');
    expect(deleting).toBe('DELETING');
    expect(gone).toMatchObject({ error: 404, errorCode: 'CLUSTER_NOT_FOUND' });
  });
});
