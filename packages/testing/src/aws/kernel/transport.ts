import { HttpResponse } from '@smithy/protocol-http';
import type { SimKernel } from './SimKernel';
import { virtualizeRetries } from './virtualRetry';

/** The parts of an `@aws-sdk/client-*` client the simulation touches. */
export interface SdkClientLike {
  readonly middlewareStack: {
    add(middleware: unknown, options: Record<string, unknown>): void;
    remove(toRemove: string): boolean;
  };
  readonly config: object;
}

interface ClientConfig {
  region?: unknown;
  retryStrategy?: () => unknown;
  credentials?: unknown;
}

/** Credentials every simulated client signs with; the simulation never checks them. */
export const SIMULATED_CREDENTIALS: { readonly accessKeyId: string; readonly secretAccessKey: string } = {
  accessKeyId: 'AKIASIMULATEDDRKIT00',
  secretAccessKey: 'simulated-secret-access-key-not-a-real-one',
};

/** Name of the middleware that replaces the transport; adding it twice replaces the first. */
export const SIM_TRANSPORT_MIDDLEWARE = 'drkitSimulatedTransport';

/** Name of the middleware that holds the virtual clock while a command travels to the simulation. */
export const SIM_HOLD_MIDDLEWARE = 'drkitSimulatedClockHold';

const HELD = Symbol('drkit.simulation.clockHold');
type HeldContext = { [HELD]?: () => void };

interface HandlerContext {
  readonly commandName?: string;
  readonly clientName?: string;
}

async function regionOf(config: ClientConfig): Promise<string> {
  const r = config.region;
  const value = typeof r === 'function' ? await (r as () => Promise<unknown>)() : r;
  return typeof value === 'string' ? value : 'us-east-1';
}

/**
 * Replaces a client's transport with the simulation: a middleware at step `deserialize`,
 * priority `high` — inside the SDK's retry middleware, outside its deserializer — answers every
 * attempt from the simulated service, so serializers, endpoint resolution, signing, paginators,
 * waiters and the SDK's retry strategy all run unchanged. Also charges retry back-off to
 * virtual time, and swaps the client's credentials for {@link SIMULATED_CREDENTIALS}, so no real
 * credential (environment, profile, instance metadata) is ever looked up. Routes by the client's
 * class name (`SSMClient`) unless `clientName` is given.
 *
 * @example
 * ```ts
 * const ssm = new SSMClient({ region: 'us-east-1' });
 * attachTransport(ssm, kernel);
 * ```
 */
export function attachTransport<C extends SdkClientLike>(client: C, kernel: SimKernel, clientName?: string): C {
  const name = clientName ?? client.constructor.name;
  const service = kernel.serviceForClient(name);
  if (!service) {
    const known = kernel.services.map((s) => s.clientName).join(', ');
    throw new TypeError(`The simulated cloud has no service for ${name} (simulated clients: ${known})`);
  }
  const clock = kernel.world.clock;
  // A client's first request resolves lazily loaded settings (the shared config file and the
  // like) before it reaches the simulation: real I/O the virtual clock cannot see. The clock is
  // held from the moment a command enters the stack until the simulation answers it, so time
  // cannot skip to some pending deadline meanwhile.
  const hold =
    (next: (args: unknown) => Promise<unknown>, context: HandlerContext) =>
    async (args: unknown): Promise<unknown> => {
      const release = clock.hold();
      (context as HeldContext)[HELD] = release;
      try {
        return await next(args);
      } finally {
        release();
      }
    };
  const middleware =
    (_next: unknown, context: HandlerContext) =>
    async (args: { input: unknown }): Promise<{ output: unknown; response: HttpResponse }> => {
      // The request has arrived: from here on the simulation sleeps on the virtual clock.
      (context as HeldContext)[HELD]?.();
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      const region = await regionOf(client.config);
      const result = await kernel.call(service, operation, args.input, region);
      return {
        output: {
          ...result.output,
          $metadata: {
            httpStatusCode: result.status,
            requestId: result.requestId,
            extendedRequestId: undefined,
            cfId: undefined,
            attempts: 1,
            totalRetryDelay: 0,
          },
        },
        response: new HttpResponse({
          statusCode: result.status,
          headers: { 'x-amzn-requestid': result.requestId },
        }),
      };
    };
  client.middlewareStack.remove(SIM_HOLD_MIDDLEWARE);
  client.middlewareStack.add(hold, {
    step: 'initialize',
    priority: 'high',
    name: SIM_HOLD_MIDDLEWARE,
    tags: ['DRKIT_SIMULATION'],
    override: true,
  });
  client.middlewareStack.remove(SIM_TRANSPORT_MIDDLEWARE);
  client.middlewareStack.add(middleware, {
    step: 'deserialize',
    priority: 'high',
    name: SIM_TRANSPORT_MIDDLEWARE,
    tags: ['DRKIT_SIMULATION'],
    override: true,
  });
  (client.config as ClientConfig).credentials = () => Promise.resolve({ ...SIMULATED_CREDENTIALS });
  virtualizeRetries(client.config, kernel.world.clock, kernel.world.rng.fork(`retry:${name}`));
  return client;
}
