import type { VirtualClock } from '../../time/VirtualClock';
import type { SeededRandom } from '../../time/SeededRandom';
import type { FaultInjector } from '../../faults/FaultInjector';
import type { CallRecorder } from '../../recorder/CallRecorder';
import type { SimServiceName } from '../../faults/FaultSpec';
import type { SimResources } from './SimResources';

/**
 * The shared world of one simulated cloud: its clock, randomness, faults, recorder, and the
 * per-region state of every simulated service. Services reach each other's state through
 * {@link SimWorld.state} (Route 53 health checks read Auto Scaling, ELBv2 reads instances…).
 */
export interface SimWorld {
  readonly clock: VirtualClock;
  readonly rng: SeededRandom;
  readonly faults: FaultInjector;
  readonly recorder: CallRecorder;
  /** The simulated AWS account id (12 digits). */
  readonly accountId: string;
  /** Regions this cloud simulates. */
  readonly regions: readonly string[];
  /** Resources shared across services (restored instances, load balancers, Redis endpoints). */
  readonly resources: SimResources;
  /**
   * Registers clean-up for something real the simulation started (a loopback HTTP server, a
   * `redis-server` process, the Atlas emulator), run by `SimulatedCloud.dispose()`.
   */
  onDispose(dispose: () => Promise<void> | void): void;
  /**
   * The state of a service in a region (`'global'` for global services such as Route 53),
   * created on first use and brought up to the current virtual time (`sync`) on every access.
   */
  state<S extends SimState>(service: SimServiceDefinition<S>, region: string): S;
}

/** Per-region state of one simulated service. */
export interface SimState {
  /**
   * Brings lazily-computed state up to `now` (jobs finishing, recovery points appearing,
   * instances turning InService…). Called before every call and every cross-service read;
   * must be idempotent and cheap when nothing changed.
   */
  sync?(now: number): void;
}

/** Everything a handler receives besides the request input. */
export interface SimCallContext<S extends SimState = SimState> {
  readonly world: SimWorld;
  /** This service's state in the call's region. */
  readonly state: S;
  /** The region of the client that made the call. */
  readonly region: string;
  readonly operation: string;
}

/**
 * One operation's implementation: takes the SDK command input (already validated against the
 * official model), returns the output object exactly as the SDK command returns it (without
 * `$metadata`), or throws {@link awsError}.
 */
export type SimHandler<S extends SimState = SimState> = (input: any, ctx: SimCallContext<S>) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A simulated AWS service, plugged into the kernel by `registry.ts`. */
export interface SimServiceDefinition<S extends SimState = SimState> {
  /** Short name used by faults and the recorder: `backup`, `route53`, … */
  readonly name: SimServiceName;
  /** Folder under `shared/aws-models` holding `service-2.json`. */
  readonly model: string;
  /** The SDK client's class name (`BackupClient`), to route a client to this service. */
  readonly clientName: string;
  /** True for global services (Route 53): state lives in region `'global'`. */
  readonly global?: boolean;
  /**
   * The account's API request quota for this service, enforced by the kernel with a token
   * bucket on virtual time; calls past it fail with the service's throttling error. Cite the
   * AWS quota page the figure comes from in a comment where you set it.
   */
  readonly quota?: { readonly ratePerSecond: number; readonly burst: number; readonly errorName: string };
  /** Virtual latency of one API call in ms (default set by the kernel); scaled by `latency:` faults. */
  readonly callLatencyMs?: number;
  /** Creates the empty state of a region. */
  createState(region: string, world: SimWorld): S;
  /** Implemented operations by API name (`StartRestoreJob`). Others answer as not implemented. */
  readonly handlers: Readonly<Record<string, SimHandler<S>>>;
}

/**
 * The error a handler throws for a service error: the kernel turns it into the SDK's own
 * exception class of that name when the client package exports one (so `instanceof` works for
 * callers), with `$fault`, `$metadata.httpStatusCode` and `$retryable` as the real service sets them.
 */
export class SimAwsError extends Error {
  readonly status: number;
  readonly fault: 'client' | 'server';
  readonly throttling: boolean;
  readonly extra: Record<string, unknown>;
  constructor(
    name: string,
    message: string,
    options: {
      status?: number;
      fault?: 'client' | 'server';
      throttling?: boolean;
      extra?: Record<string, unknown>;
    } = {},
  ) {
    super(message);
    this.name = name;
    this.status = options.status ?? (options.fault === 'server' ? 500 : 400);
    this.fault = options.fault ?? (this.status >= 500 ? 'server' : 'client');
    this.throttling = options.throttling ?? false;
    this.extra = options.extra ?? {};
  }
}

/**
 * Throws-ready service error. Status defaults to 400 (client fault); use 5xx for server faults.
 *
 * @example
 * ```ts
 * throw awsError('ResourceNotFoundException', `Vault ${name} not found`, { status: 404 });
 * ```
 */
export function awsError(
  name: string,
  message: string,
  options?: ConstructorParameters<typeof SimAwsError>[2],
): SimAwsError {
  return new SimAwsError(name, message, options);
}

/**
 * Defines a service with type inference for its state.
 *
 * @example
 * ```ts
 * export const pingService = defineSimService({
 *   name: 'sns', model: 'sns', clientName: 'SNSClient',
 *   createState: () => ({ sync() {} }),
 *   handlers: { ListTopics: () => ({ Topics: [] }) },
 * });
 * ```
 */
export function defineSimService<S extends SimState>(definition: SimServiceDefinition<S>): SimServiceDefinition<S> {
  return definition;
}
