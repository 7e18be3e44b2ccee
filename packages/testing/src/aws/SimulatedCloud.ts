import type { Result } from 'neverthrow';
import type { InvalidInputError } from '@drkit/core';
import { VirtualClock } from '../time/VirtualClock';
import { SeededRandom } from '../time/SeededRandom';
import { FaultInjector, type ActiveFault } from '../faults/FaultInjector';
import type { Fault } from '../faults/FaultSpec';
import { CallRecorder } from '../recorder/CallRecorder';
import { SimResources } from './kernel/SimResources';
import type { SimServiceDefinition, SimState, SimWorld } from './kernel/SimService';
import { World } from './kernel/World';
import { SimKernel, type KernelStats } from './kernel/SimKernel';
import { attachTransport, SIMULATED_CREDENTIALS, type SdkClientLike } from './kernel/transport';
import { redactSecrets } from './kernel/redact';
import { SIM_MODELS } from './models';
import { SIMULATED_SERVICES, type AnySimServiceDefinition } from './registry';

/** Options of {@link createSimulatedCloud}. */
export interface SimulatedCloudOptions {
  /** Regions simulated (default `['us-east-1', 'us-west-2']`); the first is the default client region. */
  regions?: readonly string[];
  /** Seed of every random choice (default 1): the same seed replays the same run. */
  seed?: number | string;
  /** Virtual start time (ms or ISO string); default the {@link VirtualClock}'s. Ignored when `clock` is given. */
  start?: number | string;
  /** The simulated account id (default `123456789012`). */
  accountId?: string;
  /** A clock to share (with the Atlas emulator, for instance); default a new {@link VirtualClock}. */
  clock?: VirtualClock;
  /** Builds the starting estate (vaults, records, groups…), called once at creation. */
  topology?: (cloud: SimulatedCloud) => void;
  /** Redacts recorded call inputs (default: key-based, {@link redactSecrets}). */
  redact?: (value: unknown) => unknown;
  /** Services to simulate (default: every registered one). */
  services?: readonly AnySimServiceDefinition[];
  /** Virtual latency of a call when the service sets none (default 30 ms). */
  callLatencyMs?: number;
  /** Virtual time a call to a dark region waits before it times out (default 5 000 ms). */
  networkTimeoutMs?: number;
  /** Validate requests and responses against the official AWS models (default true). */
  validate?: boolean;
}

/** Options of {@link SimulatedCloud.client}: the region, plus any SDK client config. */
export type SimulatedClientOptions = { region?: string } & Record<string, unknown>;

/**
 * A simulated AWS account on virtual time. Clients are real `@aws-sdk/client-*` objects whose
 * transport is the simulation: commands, paginators, waiters and retries run as in production.
 */
export interface SimulatedCloud {
  readonly clock: VirtualClock;
  readonly rng: SeededRandom;
  readonly faults: FaultInjector;
  /** Every call to the simulated cloud, redacted. */
  readonly recorder: CallRecorder;
  readonly resources: SimResources;
  /** The world services share (state of every service and region). */
  readonly world: SimWorld;
  readonly accountId: string;
  readonly regions: readonly string[];
  /** The services this cloud simulates. */
  readonly services: readonly AnySimServiceDefinition[];
  /** How much traffic the official models checked (for conformance tests). */
  readonly stats: KernelStats;
  /**
   * A real SDK client wired to the simulation: fake static credentials, the simulated region
   * (default the first), virtual-time retries. Any other SDK config may be passed.
   */
  client<T extends new (config: never) => SdkClientLike>(
    ClientClass: T,
    options?: SimulatedClientOptions & Partial<ConstructorParameters<T>[0]>,
  ): InstanceType<T>;
  /** Wires a client you built yourself to the simulation (same transport and virtual retries). */
  attach<C extends SdkClientLike>(client: C): C;
  /** The state of a service in a region (`'global'` for global services), synced to now. */
  state<S extends SimState>(service: SimServiceDefinition<S>, region?: string): S;
  /** Injects a fault (see `parseFault` for the grammar). */
  inject(spec: string | Fault): Result<ActiveFault, InvalidInputError>;
  /**
   * Stops everything real the simulation started for this cloud — the application's loopback
   * HTTP server, `redis-server` processes, an attached Atlas emulator. Idempotent.
   */
  dispose(): Promise<void>;
}

/**
 * Creates a simulated AWS account: virtual clock, seeded randomness, faults, call recorder and
 * every registered service, reached through real SDK clients.
 *
 * @example
 * ```ts
 * import { SSMClient, PutParameterCommand, GetParameterCommand } from '@aws-sdk/client-ssm';
 *
 * const cloud = createSimulatedCloud({ seed: 7 });
 * const ssm = cloud.client(SSMClient, { region: 'us-west-2' });
 * await ssm.send(new PutParameterCommand({ Name: '/jobs/endpoint', Value: 'https://a', Type: 'String' }));
 * const { Parameter } = await ssm.send(new GetParameterCommand({ Name: '/jobs/endpoint' }));
 * cloud.inject('throttle:ssm:0.5'); // half the calls now answer ThrottlingException; the SDK retries
 * ```
 */
export function createSimulatedCloud(options: SimulatedCloudOptions = {}): SimulatedCloud {
  const regions = options.regions ?? ['us-east-1', 'us-west-2'];
  if (regions.length === 0) throw new RangeError('a simulated cloud needs at least one region');
  const accountId = options.accountId ?? '123456789012';
  if (!/^\d{12}$/.test(accountId)) throw new RangeError(`accountId must be 12 digits, got ${accountId}`);
  const clock = options.clock ?? new VirtualClock(options.start === undefined ? {} : { start: options.start });
  const rng = new SeededRandom(options.seed ?? 1);
  const faults = new FaultInjector(clock, rng.fork('faults'));
  const recorder = new CallRecorder(clock, options.redact ?? redactSecrets);
  const resources = new SimResources();
  const world = new World(clock, rng, faults, recorder, accountId, regions, resources);
  const services = options.services ?? SIMULATED_SERVICES;
  const kernel = new SimKernel(world, services as readonly SimServiceDefinition[], SIM_MODELS, {
    callLatencyMs: options.callLatencyMs ?? 30,
    networkTimeoutMs: options.networkTimeoutMs ?? 5000,
    validate: options.validate ?? true,
  });

  const cloud: SimulatedCloud = {
    clock,
    rng,
    faults,
    recorder,
    resources,
    world,
    accountId,
    regions,
    services,
    stats: kernel.stats,
    client(ClientClass, clientOptions = {}) {
      const Ctor = ClientClass as unknown as new (config: Record<string, unknown>) => SdkClientLike;
      const client = new Ctor({
        credentials: { ...SIMULATED_CREDENTIALS }, // a copy: the SDK annotates it
        ...clientOptions,
        region: clientOptions.region ?? regions[0],
      });
      return attachTransport(client, kernel, ClientClass.name) as InstanceType<typeof ClientClass>;
    },
    attach(client) {
      return attachTransport(client, kernel);
    },
    state(service, region = regions[0]!) {
      return world.state(service, region);
    },
    inject(spec) {
      return faults.inject(spec);
    },
    dispose() {
      return world.dispose();
    },
  };
  options.topology?.(cloud);
  return cloud;
}
