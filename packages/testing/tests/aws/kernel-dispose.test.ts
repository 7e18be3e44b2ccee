import { describe, expect, it } from 'vitest';
import { appEndpoint } from '../../src/app/appServer';
import { createSimulatedCloud } from '../../src/aws/SimulatedCloud';
import { startAtlasEmulator } from '../../src/atlas/index';

describe('SimulatedCloud.dispose', () => {
  it('stops the real servers the simulation started: the app endpoint and an attached Atlas emulator', async () => {
    // Prepare: a cloud whose app server and Atlas emulator are listening on loopback
    const cloud = createSimulatedCloud({ seed: 3 });
    const url = await appEndpoint(cloud, 'anything');
    const emulator = (await startAtlasEmulator({ cloud }))._unsafeUnwrap();
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(`${emulator.origin}/`)).status).toBeGreaterThanOrEqual(200);

    // Act
    await cloud.dispose();
    await cloud.dispose(); // idempotent

    // Assess: both ports refuse connections now
    await expect(fetch(url)).rejects.toThrow();
    await expect(fetch(`${emulator.origin}/`)).rejects.toThrow();
  });
});
