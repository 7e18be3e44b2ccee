import type { ResultAsync } from 'neverthrow';
import type { DrError } from '../errors/DrError';
import type { DrContext } from '../context/DrContext';

/**
 * Whatever a standby needs to undo a promotion (the Auto Scaling group's former min/desired/max,
 * the Global Datastore's former primary region, the SSM parameter's former value, Atlas's former
 * region priorities). Opaque to core, but JSON-serialisable so a runbook journal can keep it for
 * a failback after a crash. Never secrets: store a parameter *version*, not a SecureString value.
 */
export type StandbyState = Readonly<Record<string, unknown>>;

/** Whether a standby can take (or has taken) the load. */
export interface Readiness {
  readonly ready: boolean;
  /** `'3/3 instances InService'`, `'member eu-west-1 is primary'`. */
  readonly detail?: string;
  /** When the provider says it became ready (ms epoch), if it does. */
  readonly readyAt?: number;
}

/** Options core passes to {@link Standby.promote}. */
export interface PromoteOptions {
  /** Deterministic per run, step and standby. */
  readonly idempotencyKey: string;
  readonly runId: string;
}

/** What {@link Standby.promote} did. */
export interface Promotion {
  /** The state before the promotion, to hand back to {@link Standby.demote} for failback. */
  readonly previous: StandbyState;
  /** True when the standby was already promoted (a repeated call changed nothing). */
  readonly alreadyPromoted?: boolean;
  /** One line for the report: `'desired 0 → 6'`. */
  readonly detail?: string;
}

/** What {@link Standby.demote} did. */
export interface Demotion {
  readonly detail?: string;
}

/**
 * Port: a warm standby that can be made to take the load and later put back. Implemented by the
 * Auto Scaling group capacity, ElastiCache Global Datastore and SSM endpoint-parameter adapters
 * in `@drkit/aws`, and by Atlas region priorities in `@drkit/atlas`.
 *
 * Contract for implementers:
 * - `promote` starts the change and returns without waiting; core then polls `readiness` until
 *   `ready`. It is idempotent: promoting an already-promoted standby returns ok with
 *   `alreadyPromoted: true` (and the `previous` it can still determine), never an error.
 * - `demote(previous)` restores exactly the state recorded in `previous`, and is idempotent too.
 * - `readiness` is read-only.
 *
 * @example
 * ```ts
 * const web: Standby = {
 *   name: 'asg:web-eu-west-1',
 *   readiness: () => okAsync({ ready: inService === desired }),
 *   promote: () => { const previous = { desired }; desired = 6; return okAsync({ previous }); },
 *   demote: (previous) => { desired = previous.desired as number; return okAsync({}); },
 * };
 * ```
 */
export interface Standby {
  /** Unique among the standbys of one promotion: `'asg:web-eu-west-1'`. */
  readonly name: string;
  /** Typical time (ms) from promote to ready; seeds polling. */
  readonly expectedReadyMs?: number;
  readiness(ctx: DrContext): ResultAsync<Readiness, DrError>;
  promote(options: PromoteOptions, ctx: DrContext): ResultAsync<Promotion, DrError>;
  demote(previous: StandbyState, ctx: DrContext): ResultAsync<Demotion, DrError>;
}
