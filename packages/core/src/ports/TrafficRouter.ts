import type { ResultAsync } from 'neverthrow';
import type { DrError } from '../errors/DrError';
import type { DrContext } from '../context/DrContext';

/** Relative weights by routing target id (Route 53 record `SetIdentifier`). Integers 0-255 for Route 53. */
export type Weights = Readonly<Record<string, number>>;

/** How a router distributes traffic. */
export type RoutingMode = 'weighted' | 'failover';

/** The routing a router currently serves. */
export interface RoutingState {
  /**
   * Weight per target. For a `failover` router the active target has weight 100 and every other
   * target 0 (Route 53 failover records: the record currently answering).
   */
  readonly targets: Weights;
  /** True when the provider still propagates an earlier change. */
  readonly changePending?: boolean;
}

/** Options core passes to {@link TrafficRouter.applyRouting}. */
export interface ApplyRoutingOptions {
  /** Deterministic per run and step; lets an adapter recognise a retried call. */
  readonly idempotencyKey: string;
  /** A human note to record with the change (Route 53 `ChangeBatch.Comment`). */
  readonly comment?: string;
}

/** A submitted routing change, as {@link TrafficRouter.applyRouting} hands it back. JSON-serialisable. */
export interface RoutingChange {
  /** Provider change id (Route 53 `ChangeInfo.Id`). */
  readonly id: string;
  /** The full weights the change set. */
  readonly weights: Weights;
  /** When the provider accepted it (ms epoch, Route 53 `SubmittedAt`). */
  readonly submittedAt?: number;
}

/** Whether a change has reached every server that answers for it. */
export interface PropagationStatus {
  /** Route 53 `INSYNC`. */
  readonly propagated: boolean;
  /** When it propagated, if the provider says. */
  readonly propagatedAt?: number;
  /** Provider status (`PENDING`). */
  readonly detail?: string;
}

/**
 * Port: reads and changes how traffic is split between targets, e.g. Route 53 weighted or
 * failover records (`@drkit/aws`). Every method returns `ResultAsync` and never throws.
 *
 * Contract for implementers:
 * - `applyRouting` submits **one atomic change** covering every target in `weights` (one Route 53
 *   `ChangeResourceRecordSets` batch of UPSERTs), so no reader ever sees half a step. It is safe
 *   to repeat (UPSERT), and maps "another change is still in progress" (Route 53
 *   `PriorRequestNotComplete`) to a `Conflict` with `retryable: true`, throttling to `Throttled`.
 * - `changeStatus` is read-only; core polls it (with {@link waitFor}) until `propagated`. Core,
 *   not the adapter, owns the waiting so deadlines, cancellation and timings are uniform.
 * - A `failover` router (`mode: 'failover'`) serves exactly one target at a time: it accepts only
 *   weights where one target has a positive weight and all others 0, and makes that target the
 *   answering one (e.g. swaps the failover records' PRIMARY/SECONDARY or inverts a health check).
 *   {@link shiftTraffic} therefore moves a failover router in a single all-or-nothing step.
 *
 * @example
 * ```ts
 * const router: TrafficRouter = {
 *   name: 'memory',
 *   readRouting: () => okAsync({ targets: { ...current } }),
 *   applyRouting: (weights) => { current = { ...weights }; return okAsync({ id: 'c1', weights }); },
 *   changeStatus: () => okAsync({ propagated: true }),
 * };
 * ```
 */
export interface TrafficRouter {
  /** Names the router in reports: `'route53:api.example.com'`. */
  readonly name: string;
  /** Default `'weighted'`. */
  readonly mode?: RoutingMode;
  /** Typical propagation time (ms), e.g. 60 000 for Route 53; seeds polling. */
  readonly expectedPropagationMs?: number;
  /** The current weights of every target. Read-only. */
  readRouting(ctx: DrContext): ResultAsync<RoutingState, DrError>;
  /** Sets all `weights` in one atomic change. */
  applyRouting(weights: Weights, options: ApplyRoutingOptions, ctx: DrContext): ResultAsync<RoutingChange, DrError>;
  /** Whether `change` has propagated. Read-only. */
  changeStatus(change: RoutingChange, ctx: DrContext): ResultAsync<PropagationStatus, DrError>;
}
