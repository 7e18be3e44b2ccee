import { createHash } from 'node:crypto';
import {
  drError,
  formatDuration,
  parseDuration,
  rpoFreshnessCheck,
  waitFor,
  type Check,
  type CheckVerdict,
  type DrContext,
  type DrError,
  type Duration,
  type RestoredResource,
  type WaitStatus,
} from '@drkit/core';
import { httpHealthCheck } from '@drkit/aws/checks';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';

/**
 * What the application's `GET /health` answers: its status and version, the sentinel data it
 * reads from its own storage, and the checksum of the data it should hold. The restore test
 * compares the two: a restored copy whose data does not match its checksum is damaged.
 */
export interface ApplicationHealth {
  readonly status: string;
  readonly version?: string;
  readonly data?: Readonly<Record<string, string>>;
  readonly checksum?: string;
}

/**
 * The application's data checksum: SHA-256 over the entries sorted by key, as `key=value` lines.
 *
 * @example
 * ```ts
 * applicationChecksum({ 'sentinel:a': 'x' }) === health.checksum; // intact data
 * ```
 */
export function applicationChecksum(data: Readonly<Record<string, string>>): string {
  const lines = Object.keys(data)
    .sort()
    .map((k) => `${k}=${data[k]}`);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** Options of {@link restoreTestChecks}. */
export interface RestoreTestCheckOptions {
  /** The restored instance's application, e.g. `http://10.0.3.17:8080` (no trailing slash). */
  readonly baseUrl: string;
  /** Default `/health`. */
  readonly healthPath?: string;
  /** An application request that must succeed. Default `/api/jobs`. */
  readonly applicationPath?: string;
  /** When the restored data is consistent as of (the recovery point's creation, ms epoch). */
  readonly dataAsOf: number;
  /** The reference time of the data's age: the scheduled time of the test, or the incident. */
  readonly referenceAt: number;
  /** The oldest acceptable data at `referenceAt`. */
  readonly maxDataAge: Duration;
  /** Application requests made by the application check. Default 5. */
  readonly requests?: number;
  /** Failed application requests tolerated (the application's normal error rate). Default 1. */
  readonly toleratedErrors?: number;
  readonly fetch?: typeof fetch;
}

const parseHealth = (text: string): ApplicationHealth | undefined => {
  try {
    const body = JSON.parse(text) as unknown;
    return typeof body === 'object' && body !== null ? (body as ApplicationHealth) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The checks of the weekly restore test, in the order the DR plan lists them:
 *
 * - `health` — `GET /health` answers 200 with `status: ok` and a version;
 * - `application` — a real application request succeeds (at most `toleratedErrors` of `requests` fail);
 * - `data-integrity` — the sentinel data the restored copy serves matches its checksum;
 * - `backup-freshness` — the restored data is no older than `maxDataAge` at `referenceAt`.
 *
 * @example
 * ```ts
 * const checks = restoreTestChecks({ baseUrl, dataAsOf: point.createdAt, referenceAt: scheduledAt, maxDataAge: '26h' });
 * const report = await validateRestore(resource, checks, { failOnInvalid: false }, ctx);
 * ```
 */
export function restoreTestChecks(options: RestoreTestCheckOptions): Check<RestoredResource>[] {
  const healthUrl = `${options.baseUrl}${options.healthPath ?? '/health'}`;
  const appUrl = `${options.baseUrl}${options.applicationPath ?? '/api/jobs'}`;
  const doFetch = options.fetch ?? fetch;
  return [
    httpHealthCheck<RestoredResource>({
      name: 'health',
      url: healthUrl,
      fetch: doFetch,
      body: (text) => {
        const body = parseHealth(text);
        if (body?.status !== 'ok') return `status is ${JSON.stringify(body?.status ?? null)}, not "ok"`;
        return typeof body.version === 'string' && body.version !== '' ? true : 'no application version reported';
      },
    }),
    applicationCheck(appUrl, options.requests ?? 5, options.toleratedErrors ?? 1, doFetch),
    httpHealthCheck<RestoredResource>({
      name: 'data-integrity',
      url: healthUrl,
      fetch: doFetch,
      body: (text) => {
        const body = parseHealth(text);
        const data = body?.data ?? {};
        const keys = Object.keys(data).length;
        if (keys === 0) return 'the restored copy serves no data';
        if (body?.checksum !== applicationChecksum(data))
          return `the ${keys} data entries served do not match the checksum of the backed-up data`;
        return true;
      },
    }),
    rpoFreshnessCheck<RestoredResource>({
      name: 'backup-freshness',
      objective: options.maxDataAge,
      incidentAt: options.referenceAt,
      dataAsOf: () => options.dataAsOf,
    }),
  ];
}

/** `requests` application requests; passes when no more than `tolerated` fail. */
function applicationCheck(
  url: string,
  requests: number,
  tolerated: number,
  doFetch: typeof fetch,
): Check<RestoredResource> {
  const one = httpHealthCheck<RestoredResource>({ name: 'application-request', url, fetch: doFetch });
  return {
    name: 'application',
    run(subject, ctx): ResultAsync<CheckVerdict, DrError> {
      const startedAt = ctx.clock.now();
      const calls = Array.from({ length: requests }, () =>
        // A request that got no answer is a failed request, like a 5xx.
        one
          .run(subject, ctx)
          .map((v) => v.status === 'passed')
          .orElse(() => okAsync<boolean, DrError>(false)),
      );
      return ResultAsync.combine(calls).map((outcomes): CheckVerdict => {
        const failed = outcomes.filter((ok) => !ok).length;
        const passed = failed <= tolerated;
        return {
          name: 'application',
          status: passed ? 'passed' : 'failed',
          detail: `${requests - failed} of ${requests} application requests succeeded (${tolerated} failure${tolerated === 1 ? '' : 's'} tolerated)`,
          evidence: { requests, failed, tolerated },
          durationMs: ctx.clock.now() - startedAt,
        };
      });
    },
  };
}

/**
 * Waits until the restored instance has booted and its application answers `GET /health` with
 * a 2xx (an instance restored by AWS Backup passes its status checks a few minutes after the
 * job completes). Polls on the context clock; `Timeout` when it never answers.
 *
 * @example
 * ```ts
 * const booted = await waitUntilServing('http://10.0.3.17:8080/health', '10m', ctx);
 * ```
 */
export function waitUntilServing(
  url: string,
  timeout: Duration,
  ctx: DrContext,
  doFetch: typeof fetch = fetch,
): ResultAsync<{ readonly servingAfterMs: number; readonly polls: number }, DrError> {
  const probe = httpHealthCheck<undefined>({ name: 'boot', url, fetch: doFetch, timeout: '10s' });
  const startedAt = ctx.clock.now();
  const timeoutMs = parseDuration(timeout).unwrapOr(600_000);
  return waitFor(
    () =>
      probe
        .run(undefined, ctx)
        .map((v) =>
          v.status === 'passed'
            ? { done: true as const, value: true }
            : { done: false as const, progress: v.detail ?? '' },
        )
        // Not answering yet is what a booting instance does: keep polling.
        .orElse((e) =>
          e.kind === 'InvalidInput'
            ? errAsync<WaitStatus<boolean>, DrError>(e)
            : okAsync<WaitStatus<boolean>, DrError>({ done: false, progress: e.message }),
        ),
    {
      what: `the restored application at ${url}`,
      timeout,
      minInterval: '15s',
      maxInterval: '30s',
      expectedDuration: '3m',
    },
    ctx,
  )
    .map((outcome) => ({ servingAfterMs: ctx.clock.now() - startedAt, polls: outcome.polls }))
    .mapErr((e) =>
      e.kind === 'Timeout'
        ? drError('Timeout', `the restored application did not answer ${url} within ${formatDuration(timeoutMs)}`, {
            deadlineMs: timeoutMs,
          })
        : e,
    );
}
