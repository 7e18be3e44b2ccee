import type { ResultAsync } from 'neverthrow';
import type { Clock, DrError } from '@drkit/core';
import type { AtlasEmulator, SeedTopology, SimulatedCloud } from '@drkit/testing';
import type { DrillConfig } from './config';
import type { ScopeGuard } from './scopeGuard';

/** Any AWS SDK v3 client class. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SdkClientClass = new (config: any) => { send(command: any): Promise<any>; middlewareStack: any };

/** How to reach the Atlas Administration API (digest auth with a programmatic API key). */
export interface AtlasAccess {
  /** `https://cloud.mongodb.com`, or the emulator's origin. */
  readonly baseUrl: string;
  readonly projectId: string;
  readonly publicKey: string;
  /** Never logged or journalled. */
  readonly privateKey: string;
}

/** The simulation behind a simulated environment, for setup steps and consistency checks. */
export interface Simulation {
  readonly cloud: SimulatedCloud;
  /** The names of the seed estate. */
  readonly topology: SeedTopology;
  /** The Atlas emulator attached to the cloud (same clock, faults and recorder), started on first use. */
  atlas(): Promise<AtlasEmulator>;
}

/**
 * Where a drill runs: the built-in simulated cloud (seed topology) or a live AWS account (and
 * Atlas project) named by a config file. Scenarios reach the cloud only through it, so the same
 * scenario code runs in both.
 */
export interface DrillEnvironment {
  readonly mode: 'simulated' | 'live';
  /** Every resource the drill may touch. */
  readonly config: DrillConfig;
  /** The time every report is measured in (virtual on the simulated cloud). */
  readonly clock: Clock;
  /**
   * An SDK client for a region, wired to the environment: the simulation's transport, or real
   * AWS through the usual credential chain. Every client passes through the {@link ScopeGuard}.
   * Cached per class and region.
   */
  client<T extends SdkClientClass>(ClientClass: T, region: string): InstanceType<T>;
  /** Refuses changes to resources the config does not name (and records what was changed). */
  readonly guard: ScopeGuard;
  /** The Atlas project of the config, with credentials (emulator, or `ATLAS_PUBLIC_KEY`/`ATLAS_PRIVATE_KEY`). */
  atlas(): ResultAsync<AtlasAccess, DrError>;
  /** API calls made through this environment so far (AWS and Atlas). */
  apiCalls(): number;
  /** The simulation, in simulated mode. */
  readonly simulation?: Simulation;
  /** Stops what the environment started (the simulated app server, redis-server, the Atlas emulator). */
  dispose(): Promise<void>;
}
