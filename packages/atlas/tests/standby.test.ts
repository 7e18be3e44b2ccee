import { afterEach, describe, expect, it } from 'vitest';
import { okAsync } from 'neverthrow';
import { demoteStandby, promoteStandby, resolveContext, validateRestore, type StandbysPromoted } from '@drkit/core';
import {
  endOutageSimulation,
  preferRegion,
  primaryRegionCheck,
  regionLayoutProblems,
  regionPriorityStandby,
  startOutageSimulation,
  testFailover,
  waitForOutageSimulation,
} from '../src/index';
import { MIN, atlasCalls, startAtlas, type Atlas } from './support';

let atlas: Atlas | undefined;
afterEach(async () => {
  await atlas?.emulator.close();
  atlas = undefined;
});

describe('regionPriorityStandby: failover to the DR region and back', () => {
  it('makes the DR region preferred, waits until APPLIED and IDLE, and demote restores the previous priorities', async () => {
    // Prepare
    atlas = await startAtlas();
    const { emulator, client } = atlas;
    const dr = regionPriorityStandby({ client, clusterName: 'jobs-prod', region: 'us-west-2' });
    const ctx = atlas.ctx('failover-drill');
    const t0 = emulator.clock.now();

    // Act
    const promoted = await promoteStandby(dr, { step: 'promote-atlas', readinessTimeout: '20m' }, ctx);
    const afterPromotion = emulator.state.cluster('jobs-prod')!;
    const report = promoted._unsafeUnwrap() as StandbysPromoted;
    const demoted = await demoteStandby(dr, report.previous[dr.name]!, ctx);

    // Assess
    expect(report.standbys[0]).toMatchObject({
      name: 'atlas:jobs-prod:US_WEST_2',
      detail: 'US_WEST_2 6 → 7, US_EAST_1 7 → 6',
    });
    expect(report.previous[dr.name]).toEqual({ clusterName: 'jobs-prod', priorities: { US_EAST_1: 7, US_WEST_2: 6 } });
    expect(report.standbys[0]!.readyAt - t0).toBeGreaterThanOrEqual(6 * MIN);
    expect(afterPromotion).toMatchObject({
      stateName: 'IDLE',
      changeStatus: 'APPLIED',
      primary: { regionName: 'US_WEST_2' },
    });
    expect(afterPromotion.regions.map((r) => [r.regionName, r.priority])).toEqual([
      ['US_EAST_1', 6],
      ['US_WEST_2', 7],
    ]);
    expect(demoted.isOk()).toBe(true);
    const after = emulator.state.cluster('jobs-prod')!;
    expect(after).toMatchObject({ stateName: 'IDLE', changeStatus: 'APPLIED', primary: { regionName: 'US_EAST_1' } });
    expect(after.regions.map((r) => [r.regionName, r.priority])).toEqual([
      ['US_EAST_1', 7],
      ['US_WEST_2', 6],
    ]);
    expect(atlasCalls(emulator, /^PATCH /)).toHaveLength(2);
  });

  it('does nothing when the DR region is already preferred, and demote twice is a no-op', async () => {
    // Prepare
    atlas = await startAtlas();
    const { emulator, client } = atlas;
    const dr = regionPriorityStandby({ client, clusterName: 'jobs-prod', region: 'US_WEST_2' });
    const ctx = atlas.ctx('twice');
    const first = (await promoteStandby(dr, { step: 'p' }, ctx))._unsafeUnwrap() as StandbysPromoted;

    // Act
    const second = (await promoteStandby(dr, { step: 'p' }, ctx))._unsafeUnwrap() as StandbysPromoted;
    await demoteStandby(dr, first.previous[dr.name]!, ctx);
    const again = await demoteStandby(dr, first.previous[dr.name]!, ctx);

    // Assess
    expect(second.standbys[0]).toMatchObject({ alreadyPromoted: true });
    expect(second.previous[dr.name]).toEqual(first.previous[dr.name]);
    expect(again._unsafeUnwrap().detail).toBe('priorities already as recorded');
    expect(atlasCalls(emulator, /^PATCH /)).toHaveLength(2);
  });

  it('refuses a region without electable nodes, or one the cluster does not have, before any PATCH', async () => {
    // Prepare
    atlas = await startAtlas();
    const { emulator, client } = atlas;
    emulator.state.addCluster({
      name: 'analytics-dr',
      regions: [
        { regionName: 'US_EAST_1', priority: 7, electableNodes: 3, readOnlyNodes: 0, analyticsNodes: 0 },
        { regionName: 'EU_WEST_1', priority: 0, electableNodes: 0, readOnlyNodes: 1, analyticsNodes: 0 },
      ],
    });
    const ctx = resolveContext(atlas.ctx('refuse'));

    // Act
    const readOnly = await regionPriorityStandby({ client, clusterName: 'analytics-dr', region: 'eu-west-1' }).promote(
      { idempotencyKey: 'k', runId: 'refuse' },
      ctx,
    );
    const absent = await regionPriorityStandby({ client, clusterName: 'jobs-prod', region: 'ap-south-1' }).promote(
      { idempotencyKey: 'k', runId: 'refuse' },
      ctx,
    );
    const badOptions = await regionPriorityStandby({ client, clusterName: 'jobs-prod', region: 'mars' }).readiness(ctx);

    // Assess
    expect(readOnly._unsafeUnwrapErr().message).toContain('EU_WEST_1 has no electable nodes of analytics-dr');
    expect(absent._unsafeUnwrapErr().message).toContain('AP_SOUTH_1 is not a region of jobs-prod');
    expect(badOptions._unsafeUnwrapErr().kind).toBe('InvalidInput');
    expect(atlasCalls(emulator, /^PATCH /)).toHaveLength(0);
  });

  it('confirms the failover with primaryRegionCheck, the primary located from the database side', async () => {
    // Prepare
    atlas = await startAtlas();
    const { emulator, client } = atlas;
    const ctx = atlas.ctx('check-primary');
    await promoteStandby(
      regionPriorityStandby({ client, clusterName: 'jobs-prod', region: 'US_WEST_2' }),
      { step: 'p' },
      ctx,
    );
    // Where the primary really is: the emulator's view of the replica set, as a driver's `hello` would report it.
    const fromState = { primaryRegion: () => okAsync(emulator.state.cluster('jobs-prod')?.primary?.regionName) };

    // Act
    const validated = await validateRestore(
      { id: 'jobs-prod' },
      [primaryRegionCheck({ client, region: 'us-west-2', primary: fromState })],
      {},
      ctx,
    );
    const wrong = await validateRestore(
      { id: 'jobs-prod' },
      [primaryRegionCheck({ client, region: 'US_EAST_1' })],
      { failOnInvalid: false },
      ctx,
    );

    // Assess
    expect(validated._unsafeUnwrap().verdicts[0]).toMatchObject({
      status: 'passed',
      detail: 'US_WEST_2 is preferred; the primary is in US_WEST_2',
    });
    expect(wrong._unsafeUnwrap().verdicts[0]).toMatchObject({
      status: 'failed',
      detail: 'jobs-prod prefers US_WEST_2, not US_EAST_1',
    });
  });
});

describe('drills: test failover and regional outage simulation', () => {
  it('requests a test failover; the replica set elects another primary', async () => {
    // Prepare
    atlas = await startAtlas();
    const { emulator, client } = atlas;
    const before = emulator.state.cluster('jobs-prod')!.primary!.host;

    // Act
    const requested = await testFailover(client, 'jobs-prod', atlas.ctx());
    await emulator.clock.sleep(30_000);

    // Assess
    expect(requested._unsafeUnwrap()).toMatchObject({ clusterName: 'jobs-prod' });
    const after = emulator.state.cluster('jobs-prod')!;
    expect(after.failovers).toHaveLength(1);
    expect(after.primary?.host).not.toBe(before);
    expect(after.primary?.regionName).toBe('US_EAST_1');
  });

  it('starts, watches and ends a regional outage simulation: the primary moves to the DR region and back', async () => {
    // Prepare
    atlas = await startAtlas();
    const { emulator, client } = atlas;
    const ctx = atlas.ctx('outage-drill');

    // Act
    const started = await startOutageSimulation(client, 'jobs-prod', ['us-east-1'], ctx);
    const simulating = await waitForOutageSimulation(client, 'jobs-prod', 'SIMULATING', {}, ctx);
    const primaryDuring = emulator.state.cluster('jobs-prod')?.primary?.regionName;
    const ended = await endOutageSimulation(client, 'jobs-prod', {}, ctx);
    const endedAgain = await endOutageSimulation(client, 'jobs-prod', { wait: false }, ctx);

    // Assess
    expect(started._unsafeUnwrap()).toMatchObject({ state: 'START_REQUESTED', regions: ['US_EAST_1'] });
    expect(simulating._unsafeUnwrap().state).toBe('SIMULATING');
    expect(primaryDuring).toBe('US_WEST_2');
    expect(ended._unsafeUnwrap().state).toBe('COMPLETE');
    expect(endedAgain._unsafeUnwrap().state).toBe('COMPLETE');
    expect(emulator.state.cluster('jobs-prod')?.primary?.regionName).toBe('US_EAST_1');
  });

  it('refuses to simulate the loss of every electable region with Atlas’s reason', async () => {
    // Prepare
    atlas = await startAtlas();

    // Act
    const refused = await startOutageSimulation(atlas.client, 'jobs-prod', ['US_EAST_1', 'US_WEST_2'], atlas.ctx());
    const empty = await startOutageSimulation(atlas.client, 'jobs-prod', [], atlas.ctx());

    // Assess
    expect(refused._unsafeUnwrapErr().message).toContain('at least one region with electable nodes must stay up');
    expect(empty._unsafeUnwrapErr().kind).toBe('InvalidInput');
  });
});

describe('region layouts by Atlas’s rules', () => {
  it('moves the DR region to 7 and keeps the others in order below it', () => {
    // Prepare
    const layout = [
      { regionName: 'US_EAST_1', priority: 7, electableNodes: 2 },
      { regionName: 'US_EAST_2', priority: 6, electableNodes: 2 },
      { regionName: 'US_WEST_2', priority: 5, electableNodes: 1 },
      { regionName: 'EU_WEST_1', priority: 0, electableNodes: 0, readOnlyNodes: 2 },
    ];

    // Act
    const next = preferRegion(layout, 'us-west-2');

    // Assess
    expect(next.map((r) => [r.regionName, r.priority])).toEqual([
      ['US_EAST_1', 6],
      ['US_EAST_2', 5],
      ['US_WEST_2', 7],
      ['EU_WEST_1', 0],
    ]);
    expect(regionLayoutProblems(next)).toEqual([]);
  });

  it('lists every broken rule: node totals, duplicate and gapped priorities, no 7, priority without electable nodes', () => {
    // Act
    const problems = regionLayoutProblems([
      { regionName: 'US_EAST_1', priority: 6, electableNodes: 2 },
      { regionName: 'US_WEST_2', priority: 4, electableNodes: 2 },
      { regionName: 'EU_WEST_1', priority: 3, electableNodes: 0 },
    ]);

    // Assess
    expect(problems).toEqual([
      'electable nodes total 4; Atlas allows 3, 5 or 7',
      'the highest priority is 6; it must be 7',
      'priority 4 follows 6; priorities must descend by one',
      'EU_WEST_1 has no electable nodes, so its priority must be 0',
    ]);
  });
});
