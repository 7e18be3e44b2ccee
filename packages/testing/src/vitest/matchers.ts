import type { MatcherState } from 'vitest';
import type { SimulatedCloud } from '../aws/SimulatedCloud';
import type { CallQuery, CallRecorder } from '../recorder/CallRecorder';
import {
  checkAuditChain,
  checkCallCount,
  checkNoOrphanedRestores,
  checkParameterValue,
  checkTrafficWeights,
  type AuditChainCheckOptions,
  type CallCount,
  type DrkitCheck,
  type OrphanCheckOptions,
  type ParameterCheckOptions,
  type TrafficWeightOptions,
} from './checks';

/** The drkit matchers as `expect(…)` sees them (added by `expect.extend(drkitMatchers)`). */
export interface DrkitMatchers<R = unknown> {
  /** The simulated cloud holds no live resource created by a restore. */
  toHaveNoOrphanedRestores(options?: OrphanCheckOptions): R;
  /** A weighted record name has exactly these weights, keyed by SetIdentifier. */
  toHaveTrafficWeights(
    recordName: string,
    expected: Readonly<Record<string, number>>,
    options?: TrafficWeightOptions,
  ): R;
  /** An SSM parameter's current value equals (or matches) `expected`. */
  toHaveParameterValue(name: string, expected: string | RegExp, options?: ParameterCheckOptions): R;
  /** An array of audit records is one unbroken hash chain. */
  toBeVerifiedAuditChain(options?: AuditChainCheckOptions): R;
  /** The cloud (or its recorder) recorded this many calls matching the query. */
  toHaveRecordedCalls(query: CallQuery, expected: CallCount): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends DrkitMatchers<T> {}
}

interface MatcherOutcome {
  pass: boolean;
  message: () => string;
  actual?: unknown;
  expected?: unknown;
}

type CloudLike = SimulatedCloud;

function outcome(state: Pick<MatcherState, 'isNot'>, check: DrkitCheck, negated: string): MatcherOutcome {
  return {
    pass: check.pass,
    // On a negated assertion the check passed, and its message says what held.
    message: () => (state.isNot ? `${negated}: ${check.message}` : check.message),
    ...(check.actual !== undefined ? { actual: check.actual } : {}),
    ...(check.expected !== undefined ? { expected: check.expected } : {}),
  };
}

function isCloud(x: unknown): x is CloudLike {
  return typeof x === 'object' && x !== null && 'resources' in x && 'recorder' in x && 'clock' in x;
}

function notCloud(name: string, received: unknown): MatcherOutcome {
  return {
    pass: false,
    message: () => `${name} expects a SimulatedCloud (createSimulatedCloud()), got ${typeof received}`,
  };
}

/**
 * The drkit matchers, for `expect.extend(drkitMatchers)` (in a test file or a vitest setup
 * file). Importing `@drkit/testing/vitest` also adds their types to vitest's `expect`.
 *
 * @example
 * ```ts
 * import { expect } from 'vitest';
 * import { drkitMatchers } from '@drkit/testing/vitest';
 * expect.extend(drkitMatchers);
 * expect(cloud).toHaveNoOrphanedRestores();
 * expect(cloud).toHaveTrafficWeights('api-weighted.jobs.example.com', { 'us-east-1': 100, 'us-west-2': 0 });
 * ```
 */
export const drkitMatchers = {
  toHaveNoOrphanedRestores(this: MatcherState, received: unknown, options?: OrphanCheckOptions): MatcherOutcome {
    if (!isCloud(received)) return notCloud('toHaveNoOrphanedRestores', received);
    return outcome(this, checkNoOrphanedRestores(received, options), 'expected a restored resource to be left');
  },
  toHaveTrafficWeights(
    this: MatcherState,
    received: unknown,
    recordName: string,
    expected: Readonly<Record<string, number>>,
    options?: TrafficWeightOptions,
  ): MatcherOutcome {
    if (!isCloud(received)) return notCloud('toHaveTrafficWeights', received);
    return outcome(this, checkTrafficWeights(received, recordName, expected, options), 'expected other weights');
  },
  toHaveParameterValue(
    this: MatcherState,
    received: unknown,
    name: string,
    expected: string | RegExp,
    options?: ParameterCheckOptions,
  ): MatcherOutcome {
    if (!isCloud(received)) return notCloud('toHaveParameterValue', received);
    return outcome(this, checkParameterValue(received, name, expected, options), 'expected another value');
  },
  toBeVerifiedAuditChain(this: MatcherState, received: unknown, options?: AuditChainCheckOptions): MatcherOutcome {
    if (!Array.isArray(received))
      return {
        pass: false,
        message: () =>
          `toBeVerifiedAuditChain expects an array of audit records (await sink.read()), got ${typeof received}`,
      };
    return outcome(this, checkAuditChain(received, options), 'expected a broken chain');
  },
  toHaveRecordedCalls(this: MatcherState, received: unknown, query: CallQuery, expected: CallCount): MatcherOutcome {
    const source = received as SimulatedCloud | CallRecorder;
    if (typeof received !== 'object' || received === null || !('recorder' in received || 'calls' in received))
      return {
        pass: false,
        message: () => `toHaveRecordedCalls expects a SimulatedCloud or a CallRecorder, got ${typeof received}`,
      };
    return outcome(this, checkCallCount(source, query, expected), 'expected another number of calls');
  },
};

/**
 * Adds the drkit matchers to an `expect` (vitest's, or any with a compatible `extend`).
 *
 * @example
 * ```ts
 * import { expect } from 'vitest';
 * installDrkitMatchers(expect);
 * ```
 */
export function installDrkitMatchers(expect: { extend(matchers: Record<string, unknown>): void }): void {
  expect.extend(drkitMatchers);
}
