import { afterEach, describe, expect, it } from 'vitest';
import { resolveContext } from '@drkit/core';
import { clusterStateCheck } from '../src/index';
import { startAtlas, type Atlas } from './support';

let atlas: Atlas | undefined;
afterEach(async () => {
  await atlas?.emulator.close();
  atlas = undefined;
});

describe('clusterStateCheck', () => {
  it('passes an IDLE cluster, fails one still CREATING and one that does not exist', async () => {
    // Prepare
    atlas = await startAtlas();
    const { client } = atlas;
    const ctx = resolveContext(atlas.ctx());
    (
      await client.createCluster(
        {
          name: 'still-creating',
          clusterType: 'REPLICASET',
          replicationSpecs: [
            {
              regionConfigs: [
                {
                  providerName: 'AWS',
                  regionName: 'US_EAST_1',
                  priority: 7,
                  electableSpecs: { instanceSize: 'M10', nodeCount: 3 },
                },
              ],
            },
          ],
        },
        ctx,
      )
    )._unsafeUnwrap();
    const check = clusterStateCheck({ client });

    // Act
    const idle = await check.run({ id: 'jobs-prod' }, ctx);
    const creating = await check.run({ id: 'still-creating' }, ctx);
    const missing = await check.run({ id: 'no-such-cluster' }, ctx);

    // Assess
    expect(idle._unsafeUnwrap()).toMatchObject({
      status: 'passed',
      detail: 'jobs-prod is IDLE',
      evidence: { stateName: 'IDLE', paused: false, preferredRegion: 'US_EAST_1' },
    });
    expect(creating._unsafeUnwrap()).toMatchObject({
      status: 'failed',
      detail: 'still-creating is CREATING, expected IDLE',
    });
    expect(missing._unsafeUnwrap()).toMatchObject({ status: 'failed', evidence: { exists: false } });
  });
});
