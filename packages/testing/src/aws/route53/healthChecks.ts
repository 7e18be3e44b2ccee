import type { HealthCheck, HealthCheckConfig, HealthCheckObservation } from '@aws-sdk/client-route-53';

/**
 * Route 53 health checks on virtual time. Endpoint checks sample their target every
 * `RequestInterval` seconds from creation; the status changes after `FailureThreshold`
 * consecutive samples disagree with it (AWS uses the same threshold in both directions).
 * Sampling is lazy: {@link advanceHealthCheck} replays the samples missed since the last sync.
 */

/** Health checker regions Route 53 uses when a check names none (the `HealthCheckRegion` enum). */
export const DEFAULT_CHECKER_REGIONS = [
  'us-east-1',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'sa-east-1',
] as const;

/** One sample of an endpoint: whether it answered, and the checker's report text. */
export interface ProbeResult {
  readonly healthy: boolean;
  readonly report: string;
}

/** The lazily-evaluated state of one endpoint health check. */
export interface HealthEvaluation {
  /** Virtual ms of the last sample taken (creation time before the first). */
  sampledAt: number;
  /** The endpoint status after the failure threshold (before `Inverted`/`Disabled`). */
  healthy: boolean;
  /** Consecutive samples disagreeing with `healthy`. */
  streak: number;
  /** Virtual ms when `healthy` last changed (creation time if never). */
  changedAt: number;
  /** The report of the last sample, and the last report of each kind. */
  lastReport: string;
  lastSuccess: string;
  lastFailure: string;
}

/** A health check as the simulation holds it. */
export interface HealthCheckEntry {
  readonly id: string;
  readonly callerReference: string;
  config: HealthCheckConfig;
  version: number;
  readonly createdAt: number;
  deletedAt?: number;
  tags: Map<string, string>;
  evaluation: HealthEvaluation;
}

/**
 * Whether the check's type probes an endpoint (as opposed to CALCULATED, CLOUDWATCH_METRIC…).
 *
 * @example
 * ```ts
 * probesEndpoint({ Type: 'HTTPS' }); // true
 * ```
 */
export function probesEndpoint(config: HealthCheckConfig): boolean {
  return ['HTTP', 'HTTPS', 'HTTP_STR_MATCH', 'HTTPS_STR_MATCH', 'TCP'].includes(config.Type ?? '');
}

/**
 * Problems with a health check configuration that Route 53 rejects as `InvalidInput`.
 *
 * @example
 * ```ts
 * healthCheckConfigProblems({ Type: 'HTTP' }); // ['HTTP health checks need an IPAddress or a FullyQualifiedDomainName']
 * ```
 */
export function healthCheckConfigProblems(config: HealthCheckConfig): string[] {
  const problems: string[] = [];
  const type = config.Type ?? '';
  if (probesEndpoint(config)) {
    if (!config.IPAddress && !config.FullyQualifiedDomainName)
      problems.push(`${type} health checks need an IPAddress or a FullyQualifiedDomainName`);
    if (type.endsWith('_STR_MATCH') && !config.SearchString) problems.push(`${type} health checks need a SearchString`);
    if (type === 'TCP' && config.Port === undefined) problems.push('TCP health checks need a Port');
  }
  if (config.RequestInterval !== undefined && config.RequestInterval !== 10 && config.RequestInterval !== 30)
    problems.push('RequestInterval must be 10 or 30');
  if (type === 'CALCULATED' && config.ChildHealthChecks === undefined)
    problems.push('CALCULATED health checks need ChildHealthChecks');
  if (type === 'CLOUDWATCH_METRIC' && !config.AlarmIdentifier)
    problems.push('CLOUDWATCH_METRIC health checks need an AlarmIdentifier');
  if (config.Regions !== undefined && config.Regions.length < 3)
    problems.push('Regions must list at least three health checker regions');
  return problems;
}

/**
 * The configuration as `GetHealthCheck` returns it: defaults filled in.
 *
 * @example
 * ```ts
 * withDefaults({ Type: 'HTTPS', FullyQualifiedDomainName: 'a.example.com' }).Port; // 443
 * ```
 */
export function withDefaults(config: HealthCheckConfig): HealthCheckConfig {
  const type = config.Type ?? 'HTTP';
  const filled: HealthCheckConfig = { ...config };
  if (probesEndpoint(config)) {
    filled.Port ??= type.startsWith('HTTPS') ? 443 : 80;
    filled.RequestInterval ??= 30;
    filled.FailureThreshold ??= 3;
    filled.MeasureLatency ??= false;
    if (type.startsWith('HTTPS')) filled.EnableSNI ??= true;
  }
  filled.Inverted ??= false;
  filled.Disabled ??= false;
  return filled;
}

/**
 * Replays the samples an endpoint check took between its last sample and `now`, updating its
 * thresholded status.
 *
 * @example
 * ```ts
 * advanceHealthCheck(entry, clock.now(), (at) => probe(entry, at));
 * ```
 */
export function advanceHealthCheck(entry: HealthCheckEntry, now: number, probe: (at: number) => ProbeResult): void {
  if (!probesEndpoint(entry.config)) return;
  const ev = entry.evaluation;
  const interval = (entry.config.RequestInterval ?? 30) * 1000;
  const threshold = entry.config.FailureThreshold ?? 3;
  while (ev.sampledAt + interval <= now) {
    const at = ev.sampledAt + interval;
    const sample = probe(at);
    ev.sampledAt = at;
    ev.lastReport = sample.report;
    if (sample.healthy) ev.lastSuccess = sample.report;
    else ev.lastFailure = sample.report;
    if (sample.healthy === ev.healthy) {
      ev.streak = 0;
      continue;
    }
    ev.streak += 1;
    if (ev.streak >= threshold) {
      ev.healthy = sample.healthy;
      ev.streak = 0;
      ev.changedAt = at;
    }
  }
}

/**
 * A fresh evaluation, starting healthy (or at `healthy` when seeded as already settled).
 *
 * @example
 * ```ts
 * newEvaluation(clock.now()).healthy; // true
 * ```
 */
export function newEvaluation(
  now: number,
  healthy = true,
  report = 'Success: HTTP Status Code 200, OK',
): HealthEvaluation {
  return {
    sampledAt: now,
    healthy,
    streak: 0,
    changedAt: now,
    lastReport: report,
    lastSuccess: healthy ? report : 'Success: HTTP Status Code 200, OK',
    lastFailure: healthy ? '' : report,
  };
}

/**
 * The health check as the API returns it.
 *
 * @example
 * ```ts
 * presentHealthCheck(entry).HealthCheckVersion; // 1 until updated
 * ```
 */
export function presentHealthCheck(entry: HealthCheckEntry): HealthCheck {
  return {
    Id: entry.id,
    CallerReference: entry.callerReference,
    HealthCheckConfig: entry.config,
    HealthCheckVersion: entry.version,
  };
}

/** A small deterministic hash of a string (for checker IP addresses). */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * One observation per health checker (two checkers per checker region), as
 * `GetHealthCheckStatus` returns them. Every checker sees the same simulated endpoint, so they
 * agree; the report reflects the status after the failure threshold.
 *
 * @example
 * ```ts
 * observations(entry, false)[0]?.StatusReport?.Status; // 'Failure: Connection timed out. …'
 * ```
 */
export function observations(entry: HealthCheckEntry, healthy: boolean): HealthCheckObservation[] {
  const regions = entry.config.Regions ?? [...DEFAULT_CHECKER_REGIONS];
  const ev = entry.evaluation;
  const report = healthy
    ? ev.lastSuccess || 'Success: HTTP Status Code 200, OK'
    : ev.lastFailure || 'Failure: The health check is unhealthy.';
  return regions.flatMap((region, r) =>
    [0, 1].map((n) => {
      const h = hash(`${entry.id}:${region}:${n}`);
      return {
        Region: region,
        IPAddress: `15.177.${(r * 16 + (h % 16)) % 256}.${(h >>> 8) % 256}`,
        StatusReport: { Status: report, CheckedTime: new Date(ev.sampledAt) },
      };
    }),
  );
}
