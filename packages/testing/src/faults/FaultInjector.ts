import { err, ok, type Result } from 'neverthrow';
import type { Clock, InvalidInputError } from '@drkit/core';
import type { SeededRandom } from '../time/SeededRandom';
import { parseFault, type Fault, type SimServiceName } from './FaultSpec';

/** A fault as held by the injector: absolute window, remaining count. */
export type ActiveFault = Fault & {
  readonly id: number;
  readonly fromMs: number;
  readonly untilMs: number;
  remaining?: number;
};

/** What a simulated service must do with one call, as decided by the faults in force. */
export type CallFault =
  | { kind: 'throttle'; fault: ActiveFault }
  | { kind: 'error'; errorName: string; fault: ActiveFault }
  | { kind: 'outage'; region: string; fault: ActiveFault };

/**
 * Holds the faults injected into a simulated cloud and answers the simulation's questions
 * about them ("does this call fail?", "is this region down?", "how slow is this service?").
 * Shared by the simulated AWS services and the Atlas emulator.
 *
 * @example
 * ```ts
 * const faults = new FaultInjector(clock, rng);
 * faults.inject('throttle:route53:0.3');
 * faults.inject('region-outage:us-east-1@+10m');
 * ```
 */
export class FaultInjector {
  #faults: ActiveFault[] = [];
  #nextId = 1;
  readonly #clock: Clock;
  readonly #rng: SeededRandom;

  constructor(clock: Clock, rng: SeededRandom) {
    this.#clock = clock;
    this.#rng = rng;
  }

  /** Injects a fault (text spec or parsed). Returns the fault as held, or `InvalidInput` for a bad spec. */
  inject(spec: string | Fault): Result<ActiveFault, InvalidInputError> {
    const parsed = typeof spec === 'string' ? parseFault(spec) : ok(spec);
    if (parsed.isErr()) return err(parsed.error);
    const f = parsed.value;
    const now = this.#clock.now();
    const fromMs = f.startMs === undefined ? now : f.relative ? now + f.startMs : f.startMs;
    const untilMs = f.durationMs === undefined ? Number.POSITIVE_INFINITY : fromMs + f.durationMs;
    const active: ActiveFault = {
      ...f,
      id: this.#nextId++,
      fromMs,
      untilMs,
      ...(f.kind === 'error' ? { remaining: f.count } : {}),
    };
    this.#faults.push(active);
    return ok(active);
  }

  /** Removes one fault by id, or all when no id is given. */
  clear(id?: number): void {
    this.#faults = id === undefined ? [] : this.#faults.filter((f) => f.id !== id);
  }

  /** Faults in force at `now` (default: the clock's now). */
  active(now = this.#clock.now()): ActiveFault[] {
    return this.#faults.filter(
      (f) => f.fromMs <= now && now < f.untilMs && (f.kind !== 'error' || (f.remaining ?? 0) > 0),
    );
  }

  /** Every fault ever injected, including expired ones. */
  all(): readonly ActiveFault[] {
    return this.#faults;
  }

  /**
   * Decides whether one API call fails, consuming `error` fault counts. Region outages come
   * first, then targeted errors, then throttling (drawn from the seeded generator).
   */
  onCall(call: { service: SimServiceName; operation: string; region?: string }): CallFault | undefined {
    const now = this.#clock.now();
    const live = this.active(now);
    if (call.region) {
      const outage = live.find(
        (f) =>
          f.kind === 'region-outage' && f.region === call.region && (!f.service || matches(f.service, call.service)),
      );
      if (outage) return { kind: 'outage', region: call.region, fault: outage };
    }
    for (const f of live) {
      if (
        f.kind === 'error' &&
        matches(f.service, call.service) &&
        (f.operation === '*' || f.operation === call.operation)
      ) {
        f.remaining = (f.remaining ?? 1) - 1;
        return { kind: 'error', errorName: f.errorName, fault: f };
      }
    }
    for (const f of live) {
      if (f.kind === 'throttle' && matches(f.service, call.service) && this.#rng.next() < f.probability) {
        return { kind: 'throttle', fault: f };
      }
    }
    return undefined;
  }

  /** The product of the latency factors in force for a service (1 when none). */
  latencyFactor(service: SimServiceName, now = this.#clock.now()): number {
    let factor = 1;
    for (const f of this.active(now)) if (f.kind === 'latency' && matches(f.service, service)) factor *= f.factor;
    return factor;
  }

  /**
   * Whether the region is dark at `now` for a service (default: the AWS estate — outages scoped
   * to another service, such as `region-outage:us-east-1:atlas`, do not count).
   */
  isRegionDown(region: string, now = this.#clock.now(), service?: SimServiceName): boolean {
    return this.active(now).some((f) => f.kind === 'region-outage' && f.region === region && scopeMatches(f, service));
  }

  /** When the region went dark for a service (the earliest active outage's start), if it is dark. */
  regionDownSince(region: string, now = this.#clock.now(), service?: SimServiceName): number | undefined {
    const starts = this.active(now).flatMap((f) =>
      f.kind === 'region-outage' && f.region === region && scopeMatches(f, service) ? [f.fromMs] : [],
    );
    return starts.length ? Math.min(...starts) : undefined;
  }

  /** Whether the availability zone is down at `now`. */
  isAzDown(az: string, now = this.#clock.now()): boolean {
    return this.active(now).some((f) => f.kind === 'az-outage' && f.az === az);
  }

  /** Instance-failure faults in force for a group (each fails one instance once, at `fromMs`). */
  instanceFailures(group: string, now = this.#clock.now()): ActiveFault[] {
    return this.#faults.filter((f) => f.kind === 'instance-failure' && f.group === group && f.fromMs <= now);
  }

  /** AZ outages that have started by `now` (active or ended), for replaying instance loss. */
  azOutages(now = this.#clock.now()): ActiveFault[] {
    return this.#faults.filter((f) => f.kind === 'az-outage' && f.fromMs <= now);
  }

  /** Whether restores on the service hang at `now`. */
  isStuck(service: SimServiceName, now = this.#clock.now()): boolean {
    return this.active(now).some((f) => f.kind === 'stuck' && matches(f.service, service));
  }

  /** Whether restored data is corrupted at `now`. */
  isCorrupt(now = this.#clock.now()): boolean {
    return this.active(now).some((f) => f.kind === 'corrupt');
  }
}

/** An unscoped outage hits everything; a scoped one only its own service. */
function scopeMatches(fault: ActiveFault, service: SimServiceName | undefined): boolean {
  if (fault.kind !== 'region-outage' || !fault.service || fault.service === '*') return true;
  return service !== undefined && fault.service === service;
}

function matches(target: SimServiceName, service: SimServiceName): boolean {
  return target === '*' || target === service;
}
