/* eslint-disable @typescript-eslint/no-explicit-any -- Atlas responses are untyped JSON, checked field by field. */
import { afterEach, describe, expect, it } from 'vitest';
import type { AtlasEmulator } from '../../src/index';
import { call, startEmulator, wait } from './support';

let emulator: AtlasEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('Atlas emulator: failover test, outage simulation and region outages', () => {
  it('runs a test failover: no primary during the election, then another node of the preferred region is primary', async () => {
    // Prepare
    const started = await startEmulator();
    emulator = started.emulator;
    const before = emulator.state.cluster('jobs-prod')!.primary!;

    // Act
    await started.v1.cluster.testPrimaryFailOver('jobs-prod');
    const during = emulator.state.cluster('jobs-prod')!.primary;
    const again: any = await started.v1.cluster.testPrimaryFailOver('jobs-prod');
    await wait(emulator, 12_000);
    const after = emulator.state.cluster('jobs-prod')!;

    // Assess
    expect(during).toBeUndefined();
    expect(again).toMatchObject({ error: 400, errorCode: 'CLUSTER_RESTART_IN_PROGRESS' });
    expect(after.primary!.regionName).toBe('US_EAST_1');
    expect(after.primary!.host).not.toBe(before.host);
    expect(after.failovers).toHaveLength(1);
    expect(after.failovers[0]).toMatchObject({ fromHost: before.host, toHost: after.primary!.host });
  });

  it('simulates a regional outage through its states, moving the primary to the DR region and back', async () => {
    // Prepare
    const started = await startEmulator();
    emulator = started.emulator;
    const path = `/v2/groups/${emulator.projectId}/clusters/jobs-prod/outageSimulation`;

    // Act
    const start = await call(emulator, 'POST', path, {
      data: { outageFilters: [{ cloudProvider: 'AWS', regionName: 'US_EAST_1', type: 'REGION' }] },
    });
    const states: string[] = [start.body.state];
    await wait(emulator, 30_000);
    states.push((await call(emulator, 'GET', path)).body.state);
    await wait(emulator, 2 * 60_000);
    states.push((await call(emulator, 'GET', path)).body.state);
    const primaryDuringOutage = emulator.state.cluster('jobs-prod')!.primary?.regionName;
    const failoverRefused: any = await started.v1.cluster.testPrimaryFailOver('jobs-prod');
    states.push((await call(emulator, 'DELETE', path)).body.state);
    await wait(emulator, 30_000);
    states.push((await call(emulator, 'GET', path)).body.state);
    await wait(emulator, 3 * 60_000);
    states.push((await call(emulator, 'GET', path)).body.state);

    // Assess
    expect(start.status).toBe(200);
    expect(start.body).toMatchObject({
      clusterName: 'jobs-prod',
      groupId: emulator.projectId,
      outageFilters: [{ cloudProvider: 'AWS', regionName: 'US_EAST_1', type: 'REGION' }],
    });
    expect(states).toEqual([
      'START_REQUESTED',
      'STARTING',
      'SIMULATING',
      'RECOVERY_REQUESTED',
      'RECOVERING',
      'COMPLETE',
    ]);
    expect(primaryDuringOutage).toBe('US_WEST_2');
    expect(failoverRefused.errorCode).toBe('CLUSTER_RESTART_INVALID');
    expect(emulator.state.cluster('jobs-prod')!.primary!.regionName).toBe('US_EAST_1');
  });

  it('refuses to simulate the loss of every electable region', async () => {
    // Prepare
    const started = await startEmulator();
    emulator = started.emulator;

    // Act
    const refused = await call(
      emulator,
      'POST',
      `/v2/groups/${emulator.projectId}/clusters/jobs-prod/outageSimulation`,
      {
        data: {
          outageFilters: [
            { cloudProvider: 'AWS', regionName: 'US_EAST_1', type: 'REGION' },
            { cloudProvider: 'AWS', regionName: 'US_WEST_2', type: 'REGION' },
          ],
        },
      },
    );

    // Assess
    expect(refused.status).toBe(400);
    expect(refused.body.errorCode).toBe('INVALID_ATTRIBUTE');
  });

  it('loses the nodes of a region under a region-outage fault; the primary moves to the next electable region', async () => {
    // Prepare
    const started = await startEmulator();
    emulator = started.emulator;

    // Act
    const fault = emulator.faults.inject('region-outage:us-east-1')._unsafeUnwrap();
    const during = emulator.state.cluster('jobs-prod')!;
    emulator.faults.clear(fault.id);
    const after = emulator.state.cluster('jobs-prod')!;

    // Assess
    expect(during.downRegions).toEqual(['US_EAST_1']);
    expect(during.nodes.filter((n) => n.role === 'DOWN')).toHaveLength(3);
    expect(during.primary?.regionName).toBe('US_WEST_2');
    expect(after.primary?.regionName).toBe('US_EAST_1');
  });

  it('with the majority election rule, losing the region holding most electable nodes leaves no primary', async () => {
    // Prepare
    const started = await startEmulator({ election: 'majority' });
    emulator = started.emulator;

    // Act
    emulator.faults.inject('region-outage:us-east-1')._unsafeUnwrap();

    // Assess
    expect(emulator.state.cluster('jobs-prod')!.primary).toBeUndefined();
  });
});
