import { verifyAuditLog, type AuditAnchor } from '@drkit/core';
import type { SimulatedCloud } from '../aws/SimulatedCloud';
import type { SimResource } from '../aws/kernel/SimResources';
import { elasticacheService } from '../aws/elasticache';
import { route53Sim, type Route53RecordView } from '../aws/route53';
import { ssmService } from '../aws/ssm';
import type { CallQuery, CallRecorder, RecordedCall } from '../recorder/CallRecorder';

/**
 * The outcome of one check: whether it holds, a message saying what was found (for a failure,
 * what is wrong; for a pass, what held — the message a negated assertion shows), and the values
 * compared, for a diff.
 */
export interface DrkitCheck {
  readonly pass: boolean;
  readonly message: string;
  readonly actual?: unknown;
  readonly expected?: unknown;
}

/** Options of {@link checkNoOrphanedRestores}. */
export interface OrphanCheckOptions {
  /** Only resources in this region. */
  readonly region?: string;
  /** Only resources created at or after this virtual time (ms), e.g. the start of the run under test. */
  readonly since?: number;
  /** Resources to tolerate (kept on purpose, another run's). */
  readonly ignore?: (resource: SimResource) => boolean;
}

/** One restored resource still alive. */
export interface OrphanedResource {
  readonly type: string;
  readonly id: string;
  readonly arn: string;
  readonly region: string;
  /** Virtual ISO time it was created. */
  readonly createdAt: string;
  readonly tags: Readonly<Record<string, string>>;
}

function describeOrphan(o: OrphanedResource): string {
  const job = o.tags['drkit:restore-job-id'];
  return `${o.type} ${o.id} in ${o.region}, created ${o.createdAt}${job ? ` by restore job ${job}` : ''}`;
}

/**
 * The resources restores created that still exist: everything `cloud.resources` lists as
 * created by a restore (AWS Backup restore jobs, ElastiCache groups created from a snapshot or
 * an RDB file) and not deleted. An ElastiCache group whose deletion has started counts as
 * cleaned up (it is `deleting` for a few minutes).
 *
 * @example
 * ```ts
 * const orphans = orphanedRestores(cloud, { since: runStartedAt });
 * orphans.map((o) => o.id); // [] after a clean drill
 * ```
 */
export function orphanedRestores(cloud: SimulatedCloud, options: OrphanCheckOptions = {}): OrphanedResource[] {
  const withCache = cloud.services.some((s) => s.name === elasticacheService.name);
  const deleting = (r: SimResource): boolean => {
    if (!withCache || r.type !== 'ElastiCache') return false;
    return cloud.state(elasticacheService, r.region).group(r.id)?.deleteAt !== undefined;
  };
  const now = cloud.clock.now();
  // Reading a service state syncs it, so deletions due by now are applied before the listing.
  if (withCache) for (const region of cloud.regions) cloud.state(elasticacheService, region).sync(now);
  return cloud.resources
    .list({ createdBy: 'restore', live: true, ...(options.region !== undefined ? { region: options.region } : {}) })
    .filter((r) => r.createdAt <= now)
    .filter((r) => options.since === undefined || r.createdAt >= options.since)
    .filter((r) => !deleting(r) && !(options.ignore?.(r) ?? false))
    .map((r) => ({
      type: r.type,
      id: r.id,
      arn: r.arn,
      region: r.region,
      createdAt: new Date(r.createdAt).toISOString(),
      tags: { ...r.tags },
    }));
}

/**
 * Checks that no resource created by a restore is left behind (see {@link orphanedRestores}).
 *
 * @example
 * ```ts
 * const check = checkNoOrphanedRestores(cloud);
 * if (!check.pass) console.error(check.message);
 * ```
 */
export function checkNoOrphanedRestores(cloud: SimulatedCloud, options: OrphanCheckOptions = {}): DrkitCheck {
  const orphans = orphanedRestores(cloud, options);
  return {
    pass: orphans.length === 0,
    message:
      orphans.length === 0
        ? 'no restored resource is left in the simulated cloud'
        : `${orphans.length} restored resource(s) left behind:\n  ${orphans.map(describeOrphan).join('\n  ')}`,
    actual: orphans,
    expected: [],
  };
}

/** Options of {@link checkTrafficWeights}. */
export interface TrafficWeightOptions {
  /** Record type (default `A`). */
  readonly type?: string;
  /**
   * `api` (default): the weights the API lists now, pending changes included; `dns`: the
   * weights DNS answers with (changes that are INSYNC only).
   */
  readonly view?: Route53RecordView;
}

/**
 * Checks the weights of a weighted record name, keyed by SetIdentifier, against exactly the
 * expected ones (no record missing, none extra).
 *
 * @example
 * ```ts
 * checkTrafficWeights(cloud, 'api-weighted.jobs.example.com', { 'us-east-1': 0, 'us-west-2': 100 }).pass;
 * ```
 */
export function checkTrafficWeights(
  cloud: SimulatedCloud,
  recordName: string,
  expected: Readonly<Record<string, number>>,
  options: TrafficWeightOptions = {},
): DrkitCheck {
  const actual = route53Sim(cloud).weights(recordName, options.type ?? 'A', options.view ?? 'api');
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  const wrong = [...keys].filter((k) => actual[k] !== expected[k]);
  const show = (w: Record<string, number>) =>
    Object.keys(w).length === 0
      ? '(no weighted record)'
      : Object.entries(w)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ');
  return {
    pass: wrong.length === 0,
    message:
      wrong.length === 0
        ? `${recordName} has weights ${show(actual)} (${options.view ?? 'api'} view)`
        : `${recordName} has weights ${show(actual)}, expected ${show({ ...expected })} (${options.view ?? 'api'} view; differs for ${wrong.join(', ')})`,
    actual,
    expected: { ...expected },
  };
}

/** Options of {@link checkParameterValue}. */
export interface ParameterCheckOptions {
  /** Region of the Parameter Store (default the cloud's first region). */
  readonly region?: string;
}

/**
 * Checks the current value of an SSM parameter (equal to a string, or matching a pattern).
 * SecureString values are compared but never shown in the message.
 *
 * @example
 * ```ts
 * checkParameterValue(cloud, '/jobs-api/active-region', 'us-west-2', { region: 'us-west-2' }).pass;
 * ```
 */
export function checkParameterValue(
  cloud: SimulatedCloud,
  name: string,
  expected: string | RegExp,
  options: ParameterCheckOptions = {},
): DrkitCheck {
  const region = options.region ?? cloud.regions[0]!;
  const latest = cloud.state(ssmService, region).parameters.get(name)?.versions.at(-1);
  const want = typeof expected === 'string' ? JSON.stringify(expected) : String(expected);
  if (!latest)
    return { pass: false, message: `parameter ${name} does not exist in ${region} (expected ${want})`, expected };
  const secret = latest.type === 'SecureString';
  const pass = typeof expected === 'string' ? latest.value === expected : expected.test(latest.value);
  const shown = secret ? '[SecureString, not shown]' : JSON.stringify(latest.value);
  return {
    pass,
    message: pass
      ? `parameter ${name} in ${region} (version ${latest.version}) is ${shown}`
      : `parameter ${name} in ${region} (version ${latest.version}) is ${shown}, expected ${secret ? 'another value' : want}`,
    ...(secret ? {} : { actual: latest.value, expected }),
  };
}

/** Options of {@link checkAuditChain}. */
export interface AuditChainCheckOptions {
  /** The last record you kept elsewhere, to detect a cut-off tail. */
  readonly head?: AuditAnchor;
  /** Fewest records the chain must hold (default 1: an empty log proves nothing). */
  readonly minRecords?: number;
}

/**
 * Checks that audit records form one unbroken hash chain (core's `verifyAuditLog`), with at
 * least `minRecords` records.
 *
 * @example
 * ```ts
 * checkAuditChain(await memorySink.read()).pass;
 * ```
 */
export function checkAuditChain(records: readonly unknown[], options: AuditChainCheckOptions = {}): DrkitCheck {
  const min = options.minRecords ?? 1;
  const verdict = verifyAuditLog(records, options.head ? { head: options.head } : {});
  if (!verdict.ok) return { pass: false, message: `audit chain broken at record ${verdict.index}: ${verdict.reason}` };
  if (verdict.count < min)
    return {
      pass: false,
      message: `audit chain holds ${verdict.count} record(s), expected at least ${min}`,
      actual: verdict.count,
      expected: min,
    };
  return { pass: true, message: `audit chain of ${verdict.count} record(s) verified` };
}

/** How many calls are expected: exactly a number, or a range. */
export type CallCount = number | { readonly min?: number; readonly max?: number };

/**
 * Checks how many recorded calls match a query (service, operation, region, outcome, since).
 *
 * @example
 * ```ts
 * checkCallCount(cloud, { service: 'backup', operation: 'StartRestoreJob' }, 1).pass;
 * checkCallCount(cloud, { service: 'route53', outcome: 'error' }, { max: 0 }).pass;
 * ```
 */
export function checkCallCount(
  source: SimulatedCloud | CallRecorder | { readonly recorder: CallRecorder },
  query: CallQuery,
  expected: CallCount,
): DrkitCheck {
  const recorder = 'recorder' in source ? source.recorder : source;
  const calls = recorder.calls(query);
  const n = calls.length;
  const min = typeof expected === 'number' ? expected : (expected.min ?? 0);
  const max = typeof expected === 'number' ? expected : (expected.max ?? Infinity);
  const wanted =
    typeof expected === 'number'
      ? `${expected}`
      : max === Infinity
        ? `at least ${min}`
        : min === 0
          ? `at most ${max}`
          : `${min} to ${max}`;
  const what = describeQuery(query);
  const pass = n >= min && n <= max;
  return {
    pass,
    message: pass
      ? `${n} call(s) ${what} recorded`
      : `${n} call(s) ${what} recorded, expected ${wanted}${n > 0 ? `:\n  ${calls.slice(0, 10).map(describeCall).join('\n  ')}` : ''}`,
    actual: n,
    expected,
  };
}

function describeQuery(q: CallQuery): string {
  const parts = [
    q.service !== undefined ? `service ${q.service}` : undefined,
    q.operation !== undefined ? `operation ${String(q.operation)}` : undefined,
    q.region !== undefined ? `region ${q.region}` : undefined,
    q.outcome !== undefined ? `outcome ${q.outcome}` : undefined,
    q.since !== undefined ? `since ${new Date(q.since).toISOString()}` : undefined,
  ].filter(Boolean);
  return parts.length ? `matching ${parts.join(', ')}` : '';
}

function describeCall(c: RecordedCall): string {
  return `#${c.seq} ${new Date(c.at).toISOString()} ${c.service}.${c.operation}${c.region ? ` (${c.region})` : ''} ${c.outcome}${c.error ? ` ${c.error}` : ''}`;
}
