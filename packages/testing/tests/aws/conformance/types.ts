import type { SimulatedCloud } from '../../../src/aws/SimulatedCloud';

/** One call of a conformance fixture, sent through the real SDK client as `new ${operation}Command(input)`. */
export interface ConformanceCall {
  readonly operation: string;
  readonly input: Record<string, unknown>;
  /** The error name the call must fail with; omitted when it must succeed. */
  readonly expectError?: string;
  /** Client region (default the cloud's first region). */
  readonly region?: string;
}

/**
 * The calls that exercise one simulated service in `conformance.test.ts`: every handler must be
 * called at least once; the harness checks each output was validated against the official model.
 */
export interface ConformanceFixture {
  /** The service name (`ssm`, `backup`…), as in its definition. */
  readonly service: string;
  /** Builds what the calls need (runs before the first call). */
  setup?(cloud: SimulatedCloud): void | Promise<void>;
  /** Calls, run in order. */
  readonly calls: readonly ConformanceCall[];
}
