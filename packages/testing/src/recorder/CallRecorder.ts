import type { Clock } from '@drkit/core';

/** One API call seen by the simulated cloud. */
export interface RecordedCall {
  /** Position in the recording, from 0. */
  readonly seq: number;
  /** `backup`, `route53`, …, or `atlas`. */
  readonly service: string;
  /** The API operation (`StartRestoreJob`) or, for Atlas, `METHOD /path`. */
  readonly operation: string;
  readonly region?: string;
  /** The request input with secrets redacted. */
  readonly input: unknown;
  readonly outcome: 'ok' | 'error';
  /** The error name (`ThrottlingException`, `RATE_LIMITED`…) when the call failed. */
  readonly error?: string;
  /** Virtual time of the call, ms since the epoch. */
  readonly at: number;
}

/** A query over recorded calls; every given field must match. */
export interface CallQuery {
  service?: string;
  operation?: string | RegExp;
  region?: string;
  outcome?: 'ok' | 'error';
  since?: number;
}

/**
 * Records every call made to the simulated cloud (AWS and Atlas): service, operation, region,
 * redacted input, outcome and virtual time. Queryable and exportable as JSON.
 *
 * @example
 * ```ts
 * const starts = cloud.recorder.calls({ service: 'backup', operation: 'StartRestoreJob' });
 * expect(starts).toHaveLength(1);
 * ```
 */
export class CallRecorder {
  #calls: RecordedCall[] = [];
  readonly #clock: Clock;
  readonly #redact: (value: unknown) => unknown;

  /** @param redact applied to every input before it is stored. */
  constructor(clock: Clock, redact: (value: unknown) => unknown) {
    this.#clock = clock;
    this.#redact = redact;
  }

  /** Appends one call; the input is redacted here, so nothing secret is ever stored. */
  record(call: Omit<RecordedCall, 'seq' | 'at' | 'input'> & { input: unknown }): RecordedCall {
    const entry: RecordedCall = {
      ...call,
      input: this.#redact(call.input),
      seq: this.#calls.length,
      at: this.#clock.now(),
    };
    this.#calls.push(entry);
    return entry;
  }

  /** The calls matching a query (all calls without one). */
  calls(query: CallQuery = {}): RecordedCall[] {
    return this.#calls.filter(
      (c) =>
        (query.service === undefined || c.service === query.service) &&
        (query.operation === undefined ||
          (typeof query.operation === 'string'
            ? c.operation === query.operation
            : query.operation.test(c.operation))) &&
        (query.region === undefined || c.region === query.region) &&
        (query.outcome === undefined || c.outcome === query.outcome) &&
        (query.since === undefined || c.at >= query.since),
    );
  }

  /** Number of calls recorded. */
  get size(): number {
    return this.#calls.length;
  }

  /** Forgets every recorded call. */
  clear(): void {
    this.#calls = [];
  }

  /** The recording as JSON (virtual times as ISO strings). */
  toJSON(): Array<Omit<RecordedCall, 'at'> & { at: string }> {
    return this.#calls.map((c) => ({ ...c, at: new Date(c.at).toISOString() }));
  }
}
