import { awsError, SimAwsError, type SimServiceDefinition } from './SimService';
import type { World } from './World';
import type { CompactModel } from './model';
import { validationErrorName } from './model';
import { validateShape, validationMessage } from './validate';
import { TokenBucket } from './TokenBucket';
import {
  networkTimeoutError,
  sdkModuleFor,
  serverStatusFor,
  SimulationConformanceError,
  THROTTLING_ERROR_NAMES,
  toSdkError,
  type ModelErrorTrait,
} from './sdkErrors';
import type { SeededRandom } from '../../time/SeededRandom';

/** Tunables of the kernel, set by `createSimulatedCloud`. */
export interface KernelOptions {
  /** Virtual latency of one call when the service sets none (default 30 ms). */
  readonly callLatencyMs: number;
  /** Virtual time a call to a dark region waits before it fails with a timeout (default 5 s). */
  readonly networkTimeoutMs: number;
  /** Validate requests and responses against the official models (default true). */
  readonly validate: boolean;
}

/** Counters the conformance tests read: how much of the traffic the models checked. */
export interface KernelStats {
  /** Responses checked against the model's output shape, by `service:Operation`. */
  readonly outputsValidated: Map<string, number>;
  /** Requests rejected for breaking the model's input shape, by `service:Operation`. */
  readonly inputsRejected: Map<string, number>;
  /** Calls handled (any outcome), by `service:Operation`. */
  readonly calls: Map<string, number>;
}

/** The result of one simulated call: the output (without `$metadata`) and its request id. */
export interface KernelResult {
  readonly output: Record<string, unknown>;
  readonly requestId: string;
  readonly status: number;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/**
 * The part of the simulated cloud every service shares: routes a call to its service, charges
 * virtual latency, applies faults and quotas, validates the request and the response against the
 * official model, records the call, and turns service errors into the SDK's exception classes.
 */
export class SimKernel {
  readonly stats: KernelStats = { outputsValidated: new Map(), inputsRejected: new Map(), calls: new Map() };
  readonly #byClient = new Map<string, SimServiceDefinition>();
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #ids: SeededRandom;

  constructor(
    readonly world: World,
    readonly services: readonly SimServiceDefinition[],
    readonly models: Readonly<Record<string, CompactModel>>,
    readonly options: KernelOptions,
  ) {
    for (const s of services) this.#byClient.set(s.clientName, s);
    this.#ids = world.rng.fork('request-ids');
  }

  /** The service a client class name (`SSMClient`) routes to. */
  serviceForClient(clientName: string): SimServiceDefinition | undefined {
    return this.#byClient.get(clientName);
  }

  /** The compact model of a service, if extracted. */
  modelOf(service: SimServiceDefinition): CompactModel | undefined {
    return this.models[service.model];
  }

  /**
   * Handles one attempt of one call, as the service would: resolves with the output or rejects
   * with the error the SDK would throw.
   */
  async call(service: SimServiceDefinition, operation: string, input: unknown, region: string): Promise<KernelResult> {
    const { world } = this;
    const key = `${service.name}:${operation}`;
    bump(this.stats.calls, key);
    const requestId = this.#ids.uuid();
    const where = service.global ? 'global' : region;
    const model = this.modelOf(service);
    const errorTraits = errorTraitsOf(model);
    const record = (outcome: 'ok' | 'error', error?: string) =>
      world.recorder.record({
        service: service.name,
        operation,
        region,
        input,
        outcome,
        ...(error === undefined ? {} : { error }),
      });

    // A dark region does not answer: the client waits for its timeout.
    if (!service.global && world.faults.isRegionDown(region)) {
      await world.clock.sleep(this.options.networkTimeoutMs);
      const e = networkTimeoutError(`${service.name}.${region}.amazonaws.com:443`);
      record('error', e.name);
      throw e;
    }
    const latency = (service.callLatencyMs ?? this.options.callLatencyMs) * world.faults.latencyFactor(service.name);
    if (latency > 0) await world.clock.sleep(latency);

    try {
      const fault = world.faults.onCall({ service: service.name, operation, ...(service.global ? {} : { region }) });
      if (fault?.kind === 'outage') {
        throw networkTimeoutError(`${service.name}.${fault.region}.amazonaws.com:443`);
      }
      if (fault?.kind === 'throttle') throw this.#throttling(service);
      if (fault?.kind === 'error') {
        const status = serverStatusFor(fault.errorName) ?? errorTraits[fault.errorName]?.httpStatusCode;
        throw awsError(fault.errorName, `Injected fault: ${fault.errorName}`, {
          ...(status === undefined ? {} : { status }),
          throttling: THROTTLING_ERROR_NAMES.has(fault.errorName),
        });
      }
      if (service.quota) {
        const bucketKey = `${service.name}\u0000${where}`;
        let bucket = this.#buckets.get(bucketKey);
        if (!bucket) {
          bucket = new TokenBucket(service.quota.ratePerSecond, service.quota.burst, world.clock.now());
          this.#buckets.set(bucketKey, bucket);
        }
        if (!bucket.take(world.clock.now())) throw this.#throttling(service);
      }

      const op = model?.operations[operation];
      if (this.options.validate && model && op?.input) {
        const violations = validateShape(model, op.input.shape, input ?? {}, 'input');
        if (violations.length > 0) {
          bump(this.stats.inputsRejected, key);
          throw awsError(validationErrorName(model), validationMessage(violations));
        }
      }
      const handler = service.handlers[operation];
      if (!handler) {
        throw awsError(
          'NotImplemented',
          `The simulated ${service.name} does not implement ${operation} (implemented: ${Object.keys(service.handlers).join(', ')})`,
          { status: 501 },
        );
      }
      const state = world.state(service, region);
      const raw = await handler(structuredClone(input ?? {}), { world, state, region, operation });
      const output = structuredClone((raw ?? {}) as Record<string, unknown>);
      if (this.options.validate && model && op) {
        if (op.output) {
          const violations = validateShape(model, op.output.shape, output, 'output');
          if (violations.length > 0)
            throw new SimulationConformanceError(
              `${service.name}:${operation} returned an output that breaks the model's ${op.output.shape}: ${violations
                .map((v) => `${v.path || 'output'}: ${v.message}`)
                .join('; ')}`,
            );
        } else if (Object.keys(output).length > 0) {
          throw new SimulationConformanceError(`${service.name}:${operation} has no output shape but returned members`);
        }
        bump(this.stats.outputsValidated, key);
      }
      record('ok');
      return { output, requestId, status: 200 };
    } catch (e) {
      if (e instanceof SimAwsError) {
        // Loading the SDK module is real I/O the virtual clock cannot see: hold time still.
        const sdk = await this.world.clock.track(sdkModuleFor(service.clientName));
        const out = toSdkError(e, sdk, service.clientName, requestId, errorTraits);
        record('error', out.name);
        throw out;
      }
      record('error', e instanceof Error ? e.name : 'Error');
      throw e;
    }
  }

  #throttling(service: SimServiceDefinition): SimAwsError {
    const name = service.quota?.errorName ?? 'ThrottlingException';
    return awsError(name, 'Rate exceeded', { throttling: true });
  }
}

const traitsCache = new WeakMap<CompactModel, Record<string, ModelErrorTrait>>();

function errorTraitsOf(model: CompactModel | undefined): Record<string, ModelErrorTrait> {
  if (!model) return {};
  let traits = traitsCache.get(model);
  if (!traits) {
    traits = {};
    for (const [name, shape] of Object.entries(model.shapes)) {
      if (shape.exception)
        traits[name] = {
          ...(shape.error ?? {}),
          ...(shape.error?.httpStatusCode === undefined && shape.fault ? { httpStatusCode: 500 } : {}),
        };
    }
    traitsCache.set(model, traits);
  }
  return traits;
}
