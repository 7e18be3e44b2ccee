import type { ResultAsync } from 'neverthrow';
import type { DrError } from '@drkit/core';
import { startAtlasEmulator, type AtlasEmulator, type AtlasEmulatorOptions } from '../atlas/AtlasEmulator';
import type { SimulatedCloud } from '../aws/SimulatedCloud';
import type { SeedTopology } from './names';

/**
 * The Atlas part of the seed topology. The `jobs-prod` cluster (M30, primary region with
 * priority 7, DR region with priority 6, continuous backup with a 7-day point-in-time window,
 * 400 days of snapshots) lives in the Atlas emulator, a real HTTP server, so it cannot be
 * built by the synchronous `topology` hook of `createSimulatedCloud`: start it here, attached
 * to the cloud (same virtual clock, faults and call recorder; closed by `cloud.dispose()`).
 *
 * @example
 * ```ts
 * const topology = seedTopology();
 * const cloud = createSimulatedCloud({ topology });
 * const atlas = (await startSeedAtlas(cloud, topology))._unsafeUnwrap();
 * atlas.state.cluster(topology.atlas.clusterName)?.primary?.regionName; // 'US_EAST_1'
 * ```
 */
export function startSeedAtlas(
  cloud: SimulatedCloud,
  topology: SeedTopology,
  options: Omit<AtlasEmulatorOptions, 'cloud' | 'topology' | 'clock' | 'faults' | 'recorder'> = {},
): ResultAsync<AtlasEmulator, DrError> {
  return startAtlasEmulator({ ...options, cloud, topology: topology.atlas.topology });
}
