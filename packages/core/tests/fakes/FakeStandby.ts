import { errAsync, okAsync } from 'neverthrow';
import type { DrContext, DrError, PromoteOptions, Promotion, Readiness, Standby, StandbyState } from '../../src/index';
import { PortCalls } from './PortCalls';

/** Options of {@link FakeStandby}. */
export interface FakeStandbyOptions {
  name: string;
  /** Capacity while a standby. Default 0. */
  standbyCapacity?: number;
  /** Capacity once promoted. Default 6. */
  promotedCapacity?: number;
  /** How long after promotion it reports ready. Default 5 min; `Infinity` never. */
  readyAfterMs?: number;
  /** Promote fails with this error. */
  promoteError?: DrError;
  calls?: PortCalls;
}

/**
 * An in-memory warm {@link Standby} with a capacity, like an Auto Scaling group: `promote` raises
 * it, `readiness` turns true `readyAfterMs` later on the context clock, `demote(previous)` puts
 * the previous capacity back.
 */
export class FakeStandby implements Standby {
  readonly name: string;
  readonly calls: PortCalls;
  capacity: number;
  promotedAt: number | undefined;
  readonly #promotedCapacity: number;
  readonly #readyAfterMs: number;
  readonly #promoteError: DrError | undefined;

  constructor(options: FakeStandbyOptions) {
    this.name = options.name;
    this.capacity = options.standbyCapacity ?? 0;
    this.#promotedCapacity = options.promotedCapacity ?? 6;
    this.#readyAfterMs = options.readyAfterMs ?? 5 * 60_000;
    this.#promoteError = options.promoteError;
    this.calls = options.calls ?? new PortCalls();
  }

  get expectedReadyMs(): number | undefined {
    return Number.isFinite(this.#readyAfterMs) ? this.#readyAfterMs : undefined;
  }

  get promoted(): boolean {
    return this.promotedAt !== undefined;
  }

  readiness(ctx: DrContext) {
    this.#record('readiness', false);
    const ready = this.promotedAt !== undefined && ctx.clock.now() >= this.promotedAt + this.#readyAfterMs;
    const readiness: Readiness = { ready, detail: `capacity ${this.capacity}${ready ? ', all in service' : ''}` };
    return okAsync(readiness);
  }

  promote(options: PromoteOptions, ctx: DrContext) {
    this.#record('promote', true, { idempotencyKey: options.idempotencyKey });
    const fault = this.calls.takeFault(`promote:${this.name}`);
    if (fault) return errAsync(fault);
    if (this.#promoteError) return errAsync(this.#promoteError);
    if (this.promotedAt !== undefined) {
      return okAsync<Promotion>({ previous: { capacity: 0 }, alreadyPromoted: true });
    }
    const previous: StandbyState = { capacity: this.capacity };
    this.capacity = this.#promotedCapacity;
    this.promotedAt = ctx.clock.now();
    return okAsync<Promotion>({ previous, detail: `capacity ${String(previous.capacity)} → ${this.capacity}` });
  }

  demote(previous: StandbyState) {
    this.#record('demote', true, previous);
    this.capacity = previous.capacity as number;
    this.promotedAt = undefined;
    return okAsync({ detail: `capacity back to ${this.capacity}` });
  }

  #record(operation: string, mutating: boolean, input?: unknown): void {
    this.calls.record({ port: 'Standby', target: this.name, operation, mutating, input });
  }
}
