import type {
  AuditChainCheckOptions,
  CallCount,
  DrkitCheck,
  OrphanCheckOptions,
  ParameterCheckOptions,
  TrafficWeightOptions,
} from './checks';
import {
  checkAuditChain,
  checkCallCount,
  checkNoOrphanedRestores,
  checkParameterValue,
  checkTrafficWeights,
} from './checks';
import type { SimulatedCloud } from '../aws/SimulatedCloud';
import type { CallQuery, CallRecorder } from '../recorder/CallRecorder';

/**
 * The error a failed drkit assertion throws. It carries `actual` and `expected` (and
 * `showDiff`), so vitest and other runners print a diff.
 */
export class DrkitAssertionError extends Error {
  readonly actual: unknown;
  readonly expected: unknown;
  readonly showDiff: boolean;
  constructor(check: DrkitCheck) {
    super(check.message);
    this.name = 'AssertionError';
    this.actual = check.actual;
    this.expected = check.expected;
    this.showDiff = check.actual !== undefined && check.expected !== undefined;
  }
}

function enforce(check: DrkitCheck): void {
  if (!check.pass) throw new DrkitAssertionError(check);
}

/**
 * Throws (a test failure) if a restore left a resource behind; see `checkNoOrphanedRestores`.
 *
 * @example
 * ```ts
 * await runDrill(cloud);
 * assertNoOrphanedRestores(cloud);
 * ```
 */
export function assertNoOrphanedRestores(cloud: SimulatedCloud, options?: OrphanCheckOptions): void {
  enforce(checkNoOrphanedRestores(cloud, options));
}

/**
 * Throws (a test failure) unless a weighted record name has exactly these weights by SetIdentifier.
 *
 * @example
 * ```ts
 * assertTrafficWeights(cloud, 'api-weighted.jobs.example.com', { 'us-east-1': 0, 'us-west-2': 100 });
 * ```
 */
export function assertTrafficWeights(
  cloud: SimulatedCloud,
  recordName: string,
  expected: Readonly<Record<string, number>>,
  options?: TrafficWeightOptions,
): void {
  enforce(checkTrafficWeights(cloud, recordName, expected, options));
}

/**
 * Throws (a test failure) unless an SSM parameter's current value equals (or matches) `expected`.
 *
 * @example
 * ```ts
 * assertParameterValue(cloud, '/jobs-api/active-region', 'us-west-2', { region: 'us-west-2' });
 * ```
 */
export function assertParameterValue(
  cloud: SimulatedCloud,
  name: string,
  expected: string | RegExp,
  options?: ParameterCheckOptions,
): void {
  enforce(checkParameterValue(cloud, name, expected, options));
}

/**
 * Throws (a test failure) unless audit records form one unbroken hash chain.
 *
 * @example
 * ```ts
 * assertAuditChain(await sink.read(), { minRecords: 2 });
 * ```
 */
export function assertAuditChain(records: readonly unknown[], options?: AuditChainCheckOptions): void {
  enforce(checkAuditChain(records, options));
}

/**
 * Throws (a test failure) unless the number of recorded calls matching `query` is as expected.
 *
 * @example
 * ```ts
 * assertCallCount(cloud, { service: 'backup', operation: 'StartRestoreJob' }, 1);
 * ```
 */
export function assertCallCount(
  source: SimulatedCloud | CallRecorder | { readonly recorder: CallRecorder },
  query: CallQuery,
  expected: CallCount,
): void {
  enforce(checkCallCount(source, query, expected));
}
