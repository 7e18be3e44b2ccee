import { systemClock, type Clock } from '../time/Clock';
import type { AuditSink } from '../audit/types';
import { consoleLogger, type Logger } from './Logger';
import { noopMetrics, type MetricsSink } from './Metrics';

/**
 * Everything a primitive reads from its surroundings: time, cancellation and side channels.
 * Every field has a default, so callers may omit the context entirely.
 */
export interface DrContext {
  /** The source of time (`now`, `sleep`). Defaults to the system clock. */
  readonly clock: Clock;
  /** Cancels the operation. Defaults to a signal that never fires. */
  readonly signal: AbortSignal;
  /** Structured logger. Defaults to JSON lines on stderr at `info`. */
  readonly logger: Logger;
  /** Audit journal sink used by `withAuditLog` when none is given explicitly. */
  readonly audit?: AuditSink;
  /** Metrics sink. Defaults to one that drops everything. */
  readonly metrics: MetricsSink;
  /** Identifies this run; idempotency keys derive from it. Defaults to a random id. */
  readonly runId: string;
  /** When true, primitives plan and report the calls they would make, making none that change anything. */
  readonly dryRun: boolean;
  /** Uniform random numbers in [0, 1) for jitter and sampling. Defaults to `Math.random`. */
  readonly random: () => number;
}

/** A context as callers pass it: any subset of {@link DrContext}. */
export type DrContextInput = Partial<DrContext>;

const neverAborted = new AbortController().signal;

/**
 * Fills in the defaults of a partial context.
 *
 * @example
 * ```ts
 * const ctx = resolveContext({ runId: 'weekly-restore-2026-11-22' });
 * ctx.clock.now(); // Date.now()
 * ```
 */
export function resolveContext(input: DrContextInput = {}): DrContext {
  return {
    clock: input.clock ?? systemClock,
    signal: input.signal ?? neverAborted,
    logger: input.logger ?? consoleLogger(),
    ...(input.audit ? { audit: input.audit } : {}),
    metrics: input.metrics ?? noopMetrics,
    runId: input.runId ?? `run-${Math.random().toString(36).slice(2, 10)}`,
    dryRun: input.dryRun ?? false,
    random: input.random ?? Math.random,
  };
}
