import type { DrError } from '../../src/index';

/** One call a fake port received. */
export interface PortCall {
  readonly port: string;
  readonly target: string;
  readonly operation: string;
  /** Whether the call changes anything (start, apply, promote, delete…). */
  readonly mutating: boolean;
  readonly input?: unknown;
}

/**
 * The calls every fake port received, in order, shared by the fakes of one test, plus queued
 * faults: `failNext('startRestore', error)` makes the next such call return that error.
 */
export class PortCalls {
  readonly list: PortCall[] = [];
  readonly #faults = new Map<string, DrError[]>();

  record(call: PortCall): void {
    this.list.push(call);
  }

  /** Calls that change something. */
  get mutating(): PortCall[] {
    return this.list.filter((c) => c.mutating);
  }

  /** Calls of one operation. */
  of(operation: string): PortCall[] {
    return this.list.filter((c) => c.operation === operation);
  }

  /** Makes the next `times` calls of `operation` fail with `error`. */
  failNext(operation: string, error: DrError, times = 1): void {
    const queue = this.#faults.get(operation) ?? [];
    for (let i = 0; i < times; i++) queue.push(error);
    this.#faults.set(operation, queue);
  }

  /** The queued fault for `operation`, if any (consumed). */
  takeFault(operation: string): DrError | undefined {
    return this.#faults.get(operation)?.shift();
  }
}
