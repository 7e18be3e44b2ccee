import { errAsync, okAsync } from 'neverthrow';
import {
  drError,
  type ApplyRoutingOptions,
  type DrContext,
  type PropagationStatus,
  type RoutingChange,
  type RoutingMode,
  type TrafficRouter,
  type Weights,
} from '../../src/index';
import { PortCalls } from './PortCalls';

/** Options of {@link FakeTrafficRouter}. */
export interface FakeTrafficRouterOptions {
  name?: string;
  weights: Weights;
  mode?: RoutingMode;
  /** How long a change takes to propagate. Default 60 s. */
  propagationMs?: number;
  calls?: PortCalls;
}

/**
 * An in-memory {@link TrafficRouter}: weights change atomically on `applyRouting`, and the change
 * propagates `propagationMs` later on the context clock. `applied` keeps every weights set
 * applied, in order; `servedAt(t)` answers what traffic saw at time t.
 */
export class FakeTrafficRouter implements TrafficRouter {
  readonly name: string;
  readonly mode: RoutingMode;
  readonly expectedPropagationMs: number;
  readonly calls: PortCalls;
  readonly applied: { weights: Weights; at: number }[] = [];
  weights: Weights;
  readonly #changes = new Map<string, { propagatedAt: number }>();

  constructor(options: FakeTrafficRouterOptions) {
    this.name = options.name ?? 'fake-route53:api.example.com';
    this.weights = { ...options.weights };
    this.mode = options.mode ?? 'weighted';
    this.expectedPropagationMs = options.propagationMs ?? 60_000;
    this.calls = options.calls ?? new PortCalls();
  }

  readRouting() {
    this.#record('readRouting', false);
    const fault = this.calls.takeFault('readRouting');
    if (fault) return errAsync(fault);
    return okAsync({ targets: { ...this.weights } });
  }

  applyRouting(weights: Weights, options: ApplyRoutingOptions, ctx: DrContext) {
    this.#record('applyRouting', true, { weights, idempotencyKey: options.idempotencyKey });
    const fault = this.calls.takeFault('applyRouting');
    if (fault) return errAsync(fault);
    if (Object.values(weights).every((w) => w === 0)) {
      return errAsync(drError('InvalidInput', 'fake router: all-zero weights', { problems: [] }));
    }
    const now = ctx.clock.now();
    const id = `change-${this.applied.length + 1}`;
    this.weights = { ...weights };
    this.applied.push({ weights: { ...weights }, at: now });
    this.#changes.set(id, { propagatedAt: now + this.expectedPropagationMs });
    const change: RoutingChange = { id, weights: { ...weights }, submittedAt: now };
    return okAsync(change);
  }

  changeStatus(change: RoutingChange, ctx: DrContext) {
    this.#record('changeStatus', false, { id: change.id });
    const known = this.#changes.get(change.id);
    if (!known) return errAsync(drError('NotFound', `no change ${change.id}`));
    const status: PropagationStatus =
      ctx.clock.now() >= known.propagatedAt
        ? { propagated: true, propagatedAt: known.propagatedAt }
        : { propagated: false, detail: 'PENDING' };
    return okAsync(status);
  }

  #record(operation: string, mutating: boolean, input?: unknown): void {
    this.calls.record({ port: 'TrafficRouter', target: this.name, operation, mutating, input });
  }
}
