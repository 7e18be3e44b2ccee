import getMongodbAtlasApiClient from 'mongodb-atlas-api-client';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import {
  Problems,
  RateLimiterRegistry,
  createRateLimiter,
  invalidInput,
  parseDuration,
  resolveContext,
  retry,
  type DrContext,
  type DrContextInput,
  type DrError,
  type Duration,
  type RateLimitSettings,
  type RateLimiter,
  type RetryOptions,
} from '@drkit/core';
import { authenticator, checkCredentials, refusingAuthenticator, type AtlasCredentials } from './auth';
import { atlasErrorToDrError, isAtlasErrorBody } from './errors';
import { trackIo } from './io';
import { clientRequest, httpRequest, type HttpAnswer, type HttpAuth } from './transport';
import type {
  AtlasBackupSchedule,
  AtlasCluster,
  AtlasClusterStatus,
  AtlasOutageSimulation,
  AtlasPage,
  AtlasRestoreJob,
  AtlasRestoreJobRequest,
  AtlasSnapshot,
} from './types';
import {
  DEFAULT_ATLAS_API_VERSIONS,
  VERSION_DATE,
  versionedAccept,
  type AtlasApiVersions,
  type AtlasResource,
} from './versions';

/** Where and how to reach the Atlas Administration API. */
export interface AtlasClientConfig {
  /** The Atlas project (group) id: 24 hexadecimal digits. */
  readonly projectId: string;
  /** An API key pair or a service account. Never logged. */
  readonly credentials: AtlasCredentials;
  /** The v2 API root. Default `https://cloud.mongodb.com/api/atlas/v2`. */
  readonly baseUrl?: string;
  /** The service-account token endpoint. Default `<origin of baseUrl>/api/oauth/token`. */
  readonly tokenUrl?: string;
  /** Resource versions to ask for instead of {@link DEFAULT_ATLAS_API_VERSIONS}. */
  readonly apiVersions?: Partial<AtlasApiVersions>;
  /**
   * Shared rate limits. Default: one registry for the whole process
   * ({@link defaultAtlasRateLimits}), so every adapter calling one project shares its budget.
   */
  readonly rateLimits?: RateLimiterRegistry;
  /** This project's client-side rate. Default 100 requests per minute, bursting to 100 (Atlas's documented per-project limit). */
  readonly rateLimit?: RateLimitSettings;
  /**
   * Retries of retryable errors (429 after its `Retry-After`, 5xx, network errors) with
   * full-jitter backoff on `ctx.clock`. Default `{ maxAttempts: 6, maxElapsed: '5m' }`; `false` turns it off.
   */
  readonly retry?: RetryOptions | false;
  /** Wall-clock limit of one HTTP request. Default `'30s'`. */
  readonly requestTimeout?: Duration;
}

/**
 * A typed, paced client of the Atlas Administration API v2. It calls `mongodb-atlas-api-client`
 * where the client has the operation (clusters get/list/create/update, `restartPrimaries`,
 * snapshots, restore jobs) and a small urllib request layer with the same digest authentication
 * for the rest (cluster delete and `/status`, listing and cancelling restore jobs, the backup
 * schedule, outage simulations). Every call waits for the project's rate-limit token, sends the
 * versioned `Accept` header, turns Atlas's error bodies into `DrError`s and retries the
 * retryable ones. No method throws. Every method takes an optional context (clock, signal, logger).
 */
export interface AtlasClient {
  /** The project every call addresses. */
  readonly projectId: string;
  /** The v2 API root. */
  readonly baseUrl: string;
  /** The resource versions in use. */
  readonly apiVersions: AtlasApiVersions;
  /** How the client authenticates (the credentials themselves are not readable). */
  readonly authKind: 'apiKey' | 'serviceAccount';
  getCluster(name: string, ctx?: DrContextInput): ResultAsync<AtlasCluster, DrError>;
  listClusters(ctx?: DrContextInput): ResultAsync<readonly AtlasCluster[], DrError>;
  createCluster(body: Readonly<Record<string, unknown>>, ctx?: DrContextInput): ResultAsync<AtlasCluster, DrError>;
  updateCluster(
    name: string,
    body: Readonly<Record<string, unknown>>,
    ctx?: DrContextInput,
  ): ResultAsync<AtlasCluster, DrError>;
  /** Starts deleting a cluster (Atlas answers 202). */
  deleteCluster(name: string, ctx?: DrContextInput): ResultAsync<void, DrError>;
  /** Whether the latest configuration change is `APPLIED` or still `PENDING`. */
  clusterStatus(name: string, ctx?: DrContextInput): ResultAsync<AtlasClusterStatus, DrError>;
  /** Starts a test failover: the primary steps down and another electable node is elected. */
  restartPrimaries(name: string, ctx?: DrContextInput): ResultAsync<void, DrError>;
  /** Every retained snapshot of the cluster, every page. */
  listSnapshots(cluster: string, ctx?: DrContextInput): ResultAsync<readonly AtlasSnapshot[], DrError>;
  getSnapshot(cluster: string, snapshotId: string, ctx?: DrContextInput): ResultAsync<AtlasSnapshot, DrError>;
  createRestoreJob(
    cluster: string,
    body: AtlasRestoreJobRequest,
    ctx?: DrContextInput,
  ): ResultAsync<AtlasRestoreJob, DrError>;
  getRestoreJob(cluster: string, jobId: string, ctx?: DrContextInput): ResultAsync<AtlasRestoreJob, DrError>;
  /** Every restore job whose source is the cluster, every page. */
  listRestoreJobs(cluster: string, ctx?: DrContextInput): ResultAsync<readonly AtlasRestoreJob[], DrError>;
  cancelRestoreJob(cluster: string, jobId: string, ctx?: DrContextInput): ResultAsync<void, DrError>;
  backupSchedule(cluster: string, ctx?: DrContextInput): ResultAsync<AtlasBackupSchedule, DrError>;
  startOutageSimulation(
    cluster: string,
    regions: readonly string[],
    ctx?: DrContextInput,
  ): ResultAsync<AtlasOutageSimulation, DrError>;
  getOutageSimulation(cluster: string, ctx?: DrContextInput): ResultAsync<AtlasOutageSimulation, DrError>;
  endOutageSimulation(cluster: string, ctx?: DrContextInput): ResultAsync<AtlasOutageSimulation, DrError>;
}

const DEFAULT_BASE_URL = 'https://cloud.mongodb.com/api/atlas/v2';
const DEFAULT_RETRY: RetryOptions = { maxAttempts: 6, maxElapsed: '5m' };
/** Atlas's long-documented Administration API limit: 100 requests per minute per project. */
export const DEFAULT_ATLAS_RATE_LIMIT: RateLimitSettings = Object.freeze({ ratePerSecond: 100 / 60, burst: 100 });
const REGISTRY_KEY = Symbol.for('drkit.atlas.rateLimits');
const PAGE_SIZE = 500;
/** How long calls stay paced after Atlas last answered 429: one refill window of its per-minute budget. */
const PENALTY_WINDOW_MS = 60_000;

/**
 * The process-wide {@link RateLimiterRegistry} Atlas clients use when none is passed: kept on
 * `globalThis` under a registered symbol, so the ESM and CJS builds share one budget per project.
 *
 * @example
 * ```ts
 * defaultAtlasRateLimits().for({ service: 'atlas', account: projectId }).tryAcquire(); // true
 * ```
 */
export function defaultAtlasRateLimits(): RateLimiterRegistry {
  const g = globalThis as unknown as Record<symbol, RateLimiterRegistry | undefined>;
  return (g[REGISTRY_KEY] ??= new RateLimiterRegistry({ services: { atlas: { ...DEFAULT_ATLAS_RATE_LIMIT } } }));
}

/** A valid Atlas cluster name: ASCII letters, digits and hyphens, starting with a letter or digit, at most 64. */
export const CLUSTER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,63}$/;
const ID = /^[a-f0-9]{24}$/;

type ApiClient = {
  cluster: Record<
    'get' | 'getAll' | 'create' | 'update' | 'testPrimaryFailOver',
    (...args: unknown[]) => Promise<unknown>
  >;
  cloudBackup: Record<
    'getAllReplicaSetCloudBackups' | 'getReplicaSetCloudBackup' | 'createSnapshotRestoreJob' | 'getSnapshotRestoreJob',
    (...args: unknown[]) => Promise<unknown>
  >;
};

/**
 * Checks an {@link AtlasClientConfig}; every problem goes to `problems` (no secret is echoed).
 *
 * @example
 * ```ts
 * const problems = new Problems();
 * checkClientConfig(problems, { projectId: 'nope', credentials: { apiKey: { publicKey: 'p', privateKey: 's' } } });
 * problems.list; // [{ path: 'projectId', message: 'must be an Atlas project id (24 hexadecimal digits)' }]
 * ```
 */
export function checkClientConfig(problems: Problems, config: unknown, path = ''): void {
  const at = (f: string) => (path ? `${path}.${f}` : f);
  if (typeof config !== 'object' || config === null) {
    problems.add(path || 'clientConfig', 'must be an object with projectId and credentials');
    return;
  }
  const c = config as Partial<AtlasClientConfig>;
  if (typeof c.projectId !== 'string' || !ID.test(c.projectId))
    problems.add(at('projectId'), 'must be an Atlas project id (24 hexadecimal digits)');
  checkCredentials(problems, c.credentials, at('credentials'));
  if (c.baseUrl !== undefined) {
    const url = parseUrl(c.baseUrl);
    if (!url) problems.add(at('baseUrl'), 'must be an http(s) URL');
    else if (/\/api\/atlas\/v1(\.\d)?\/?$/.test(url.pathname))
      problems.add(at('baseUrl'), 'names the legacy v1 API; drkit speaks the versioned v2 API (…/api/atlas/v2)');
    else if (!/\/api\/atlas\/v2\/?$/.test(url.pathname)) problems.add(at('baseUrl'), 'must end with /api/atlas/v2');
  }
  if (c.tokenUrl !== undefined && !parseUrl(c.tokenUrl)) problems.add(at('tokenUrl'), 'must be an http(s) URL');
  if (c.apiVersions !== undefined) {
    if (typeof c.apiVersions !== 'object' || c.apiVersions === null)
      problems.add(at('apiVersions'), 'must be an object');
    else
      for (const [k, v] of Object.entries(c.apiVersions)) {
        if (!(k in DEFAULT_ATLAS_API_VERSIONS))
          problems.add(
            at(`apiVersions.${k}`),
            `is not a resource drkit calls (${Object.keys(DEFAULT_ATLAS_API_VERSIONS).join(', ')})`,
          );
        else if (typeof v !== 'string' || !VERSION_DATE.test(v))
          problems.add(at(`apiVersions.${k}`), 'must be a resource version date such as 2024-08-05');
      }
  }
  if (c.rateLimits !== undefined && !(c.rateLimits instanceof RateLimiterRegistry))
    problems.add(at('rateLimits'), 'must be a RateLimiterRegistry');
  if (c.rateLimit !== undefined) {
    const r = c.rateLimit as Partial<RateLimitSettings>;
    if (typeof r?.ratePerSecond !== 'number' || !(r.ratePerSecond > 0))
      problems.add(at('rateLimit.ratePerSecond'), 'must be a positive number');
    if (r?.burst !== undefined && (typeof r.burst !== 'number' || r.burst < 1))
      problems.add(at('rateLimit.burst'), 'must be at least 1');
  }
  if (c.requestTimeout !== undefined) {
    const t = parseDuration(c.requestTimeout, at('requestTimeout'));
    if (t.isErr()) problems.addAll('', t.error.problems);
  }
}

function parseUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** One call of the pipeline: which resource, how to perform it, how to read the answer. */
interface Operation {
  readonly operation: string;
  readonly resource: AtlasResource;
  /** The cluster the call is about, for `NotFound`. */
  readonly subject?: string;
  readonly perform: (auth: HttpAuth, headers: Record<string, string>, ctx: DrContext) => Promise<HttpAnswer>;
}

/**
 * Makes an {@link AtlasClient}. Bad configuration (a malformed project id, missing or doubled
 * credentials, a v1.0 base URL, a bad resource version) makes every method return the same
 * `InvalidInput`, listing every problem, before any request.
 *
 * @example
 * ```ts
 * const atlas = atlasClient({
 *   projectId: '5f1e9a…',
 *   credentials: { serviceAccount: { clientId: process.env.ATLAS_CLIENT_ID!, clientSecret: process.env.ATLAS_CLIENT_SECRET! } },
 * });
 * const cluster = await atlas.getCluster('jobs-prod', ctx);
 * if (cluster.isOk()) console.log(cluster.value.stateName); // 'IDLE'
 * ```
 */
export function atlasClient(config: AtlasClientConfig): AtlasClient {
  const problems = new Problems();
  checkClientConfig(problems, config);
  const versions: AtlasApiVersions = { ...DEFAULT_ATLAS_API_VERSIONS, ...(config?.apiVersions ?? {}) };
  const baseUrl = (typeof config?.baseUrl === 'string' ? config.baseUrl : DEFAULT_BASE_URL).replace(/\/+$/, '');
  const projectId = typeof config?.projectId === 'string' ? config.projectId : '';
  const refused = problems.any ? invalidInput(problems.list) : undefined;
  const timeoutMs =
    config?.requestTimeout !== undefined ? parseDuration(config.requestTimeout).unwrapOr(30_000) : 30_000;
  const tokenUrl = config?.tokenUrl ?? (refused ? '' : new URL('/api/oauth/token', baseUrl).href);
  const auth = refused ? refusingAuthenticator(refused) : authenticator(config.credentials, tokenUrl, timeoutMs);
  const api = getMongodbAtlasApiClient({
    baseUrl,
    projectId,
    publicKey: auth.clientKeys.publicKey,
    privateKey: auth.clientKeys.privateKey,
  }) as unknown as ApiClient;
  const registry = config?.rateLimits ?? defaultAtlasRateLimits();
  const limitSettings = config?.rateLimit ?? DEFAULT_ATLAS_RATE_LIMIT;
  const retryOptions = config?.retry;
  const group = `${baseUrl}/groups/${projectId}`;
  // After a 429, this client calls the project one at a time, Retry-After apart, for a refill window:
  // a burst that outran Atlas's bucket drains in order instead of failing in a thundering herd.
  let penalty: { limiter: RateLimiter; until: number } | undefined;
  const throttled = (e: DrError, ctx: DrContext) => {
    const now = ctx.clock.now();
    const spacingMs = Math.max(100, ('retryAfterMs' in e ? e.retryAfterMs : undefined) ?? 1_000);
    if (penalty && now < penalty.until) {
      penalty.until = now + PENALTY_WINDOW_MS;
      return;
    }
    const made = createRateLimiter({ ratePerSecond: 1000 / spacingMs, burst: 1 });
    if (made.isErr()) return;
    made.value.tryAcquire();
    penalty = { limiter: made.value, until: now + PENALTY_WINDOW_MS };
    ctx.logger.warn('atlas: throttled; pacing calls to the project', { projectId, spacingMs });
  };
  const paced = (ctx: DrContext): ResultAsync<void, DrError> =>
    penalty && ctx.clock.now() < penalty.until ? penalty.limiter.acquire(ctx) : okAsync(undefined);
  const clusterUrl = (name: string) => `${group}/clusters/${encodeURIComponent(name)}`;

  /** The pipeline: rate limit → authenticate → request → map errors; retried as a whole. */
  const send = <T>(op: Operation, ctxInput: DrContextInput | undefined): ResultAsync<T, DrError> => {
    if (refused) return errAsync(refused);
    const ctx = resolveContext(ctxInput);
    const version = versions[op.resource];
    const headers = { Accept: versionedAccept(version), 'Content-Type': 'application/json' };
    const site = { operation: op.operation, version, ...(op.subject ? { resource: op.subject } : {}) };
    const limiter = registry.for({ service: 'atlas', account: projectId }, limitSettings);
    const attempt = (credentials: HttpAuth, refreshed: boolean): ResultAsync<T, DrError> =>
      ResultAsync.fromPromise(trackIo(ctx, op.perform(credentials, headers, ctx)), (thrown) =>
        atlasErrorToDrError({ thrown }, site),
      ).andThen((answer) => {
        const failed = answer.status >= 400 || isAtlasErrorBody(answer.data);
        if (!failed) return okAsync<T, DrError>(answer.data as T);
        // A service-account token Atlas no longer accepts (revoked, clock skew): fetch a new one once.
        if (answer.status === 401 && 'bearer' in credentials && !refreshed) {
          auth.invalidate(credentials);
          return auth.auth(ctx).andThen((fresh) => attempt(fresh, true));
        }
        return errAsync<T, DrError>(
          atlasErrorToDrError({ status: answer.status, headers: answer.headers, body: answer.data }, site),
        );
      });
    const once = (n: number): ResultAsync<T, DrError> => {
      if (n > 1) ctx.logger.debug('atlas: retrying call', { operation: op.operation, attempt: n });
      return paced(ctx)
        .andThen(() => limiter.acquire(ctx))
        .andThen(() => auth.auth(ctx))
        .andThen((credentials) => attempt(credentials, false))
        .mapErr((e) => {
          if (e.kind === 'Throttled') throttled(e, ctx);
          return e;
        });
    };
    if (retryOptions === false) return once(1);
    return retry(
      once,
      {
        ...DEFAULT_RETRY,
        onRetry: (e, n, delayMs) =>
          ctx.logger.warn('atlas: call failed; retrying', {
            operation: op.operation,
            attempt: n,
            delayMs,
            kind: e.kind,
          }),
        ...(retryOptions ?? {}),
      },
      ctx,
    );
  };

  const viaClient =
    (call: (httpOptions: Record<string, unknown>) => Promise<unknown>) =>
    (credentials: HttpAuth, headers: Record<string, string>, ctx: DrContext) =>
      clientRequest(call, credentials, headers, timeoutMs, ctx.signal);
  const viaHttp =
    (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
    (credentials: HttpAuth, headers: Record<string, string>, ctx: DrContext) =>
      httpRequest({
        method,
        url,
        headers,
        auth: credentials,
        ...(body !== undefined ? { body } : {}),
        timeoutMs,
        signal: ctx.signal,
      });

  /** Reads every page of a list endpoint (`pageNum` from 1, 500 per page). */
  const allPages = <T>(
    operation: string,
    resource: AtlasResource,
    subject: string | undefined,
    page: (query: { pageNum: number; itemsPerPage: number }) => Operation['perform'],
    ctx: DrContextInput | undefined,
  ): ResultAsync<readonly T[], DrError> => {
    const collected: T[] = [];
    const next = (pageNum: number): ResultAsync<readonly T[], DrError> =>
      send<AtlasPage<T>>(
        { operation, resource, ...(subject ? { subject } : {}), perform: page({ pageNum, itemsPerPage: PAGE_SIZE }) },
        ctx,
      ).andThen((body) => {
        const results: readonly T[] = Array.isArray(body?.results) ? (body.results as readonly T[]) : [];
        collected.push(...results);
        const more = (body.links ?? []).some((l) => l.rel === 'next') && results.length > 0;
        return more ? next(pageNum + 1) : okAsync<readonly T[], DrError>(collected);
      });
    return next(1);
  };

  const named = (path: string, name: unknown): DrError | undefined =>
    typeof name === 'string' && CLUSTER_NAME.test(name)
      ? undefined
      : invalidInput([{ path, message: 'must be an Atlas cluster name (letters, digits and hyphens, at most 64)' }]);
  const idOf = (path: string, id: unknown): DrError | undefined =>
    typeof id === 'string' && ID.test(id)
      ? undefined
      : invalidInput([{ path, message: 'must be an Atlas id (24 hexadecimal digits)' }]);
  const guard = <T>(problem: DrError | undefined, run: () => ResultAsync<T, DrError>): ResultAsync<T, DrError> =>
    refused ? errAsync(refused) : problem ? errAsync(problem) : run();

  const client: AtlasClient = {
    projectId,
    baseUrl,
    apiVersions: Object.freeze({ ...versions }),
    authKind: auth.kind,
    getCluster: (name, ctx) =>
      guard(named('name', name), () =>
        send<AtlasCluster>(
          {
            operation: 'getCluster',
            resource: 'clusters',
            subject: name,
            perform: viaClient((httpOptions) => api.cluster.get(name, { httpOptions })),
          },
          ctx,
        ),
      ),
    listClusters: (ctx) =>
      guard(undefined, () =>
        allPages<AtlasCluster>(
          'listClusters',
          'clusters',
          undefined,
          (q) => viaClient((httpOptions) => api.cluster.getAll({ ...q, httpOptions })),
          ctx,
        ),
      ),
    createCluster: (body, ctx) =>
      guard(named('body.name', body?.name), () =>
        send<AtlasCluster>(
          {
            operation: 'createCluster',
            resource: 'clusters',
            subject: String(body.name),
            perform: viaClient((httpOptions) => api.cluster.create(body, { httpOptions })),
          },
          ctx,
        ),
      ),
    updateCluster: (name, body, ctx) =>
      guard(named('name', name), () =>
        send<AtlasCluster>(
          {
            operation: 'updateCluster',
            resource: 'clusters',
            subject: name,
            perform: viaClient((httpOptions) => api.cluster.update(name, body, { httpOptions })),
          },
          ctx,
        ),
      ),
    // The client's delete resolves `true` whatever Atlas answers, so the request layer sends it.
    deleteCluster: (name, ctx) =>
      guard(named('name', name), () =>
        send<unknown>(
          {
            operation: 'deleteCluster',
            resource: 'clusters',
            subject: name,
            perform: viaHttp('DELETE', clusterUrl(name)),
          },
          ctx,
        ).map(() => undefined),
      ),
    clusterStatus: (name, ctx) =>
      guard(named('name', name), () =>
        send<AtlasClusterStatus>(
          {
            operation: 'getClusterStatus',
            resource: 'clusterStatus',
            subject: name,
            perform: viaHttp('GET', `${clusterUrl(name)}/status`),
          },
          ctx,
        ),
      ),
    restartPrimaries: (name, ctx) =>
      guard(named('name', name), () =>
        send<unknown>(
          {
            operation: 'testFailover',
            resource: 'failover',
            subject: name,
            perform: viaClient((httpOptions) => api.cluster.testPrimaryFailOver(name, { httpOptions })),
          },
          ctx,
        ).map(() => undefined),
      ),
    listSnapshots: (cluster, ctx) =>
      guard(named('cluster', cluster), () =>
        allPages<AtlasSnapshot>(
          'listBackupSnapshots',
          'snapshots',
          cluster,
          (q) =>
            viaClient((httpOptions) => api.cloudBackup.getAllReplicaSetCloudBackups(cluster, { ...q, httpOptions })),
          ctx,
        ),
      ),
    getSnapshot: (cluster, snapshotId, ctx) =>
      guard(named('cluster', cluster) ?? idOf('snapshotId', snapshotId), () =>
        send<AtlasSnapshot>(
          {
            operation: 'getBackupSnapshot',
            resource: 'snapshots',
            subject: snapshotId,
            perform: viaClient((httpOptions) =>
              api.cloudBackup.getReplicaSetCloudBackup(cluster, snapshotId, { httpOptions }),
            ),
          },
          ctx,
        ),
      ),
    createRestoreJob: (cluster, body, ctx) =>
      guard(named('cluster', cluster) ?? named('body.targetClusterName', body?.targetClusterName), () =>
        send<AtlasRestoreJob>(
          {
            operation: 'createBackupRestoreJob',
            resource: 'restoreJobs',
            subject: cluster,
            perform: viaClient((httpOptions) =>
              api.cloudBackup.createSnapshotRestoreJob(cluster, body, { httpOptions }),
            ),
          },
          ctx,
        ),
      ),
    getRestoreJob: (cluster, jobId, ctx) =>
      guard(named('cluster', cluster) ?? idOf('jobId', jobId), () =>
        send<AtlasRestoreJob>(
          {
            operation: 'getBackupRestoreJob',
            resource: 'restoreJobs',
            subject: jobId,
            perform: viaClient((httpOptions) => api.cloudBackup.getSnapshotRestoreJob(cluster, jobId, { httpOptions })),
          },
          ctx,
        ),
      ),
    listRestoreJobs: (cluster, ctx) =>
      guard(named('cluster', cluster), () =>
        allPages<AtlasRestoreJob>(
          'listBackupRestoreJobs',
          'restoreJobs',
          cluster,
          (q) =>
            viaHttp(
              'GET',
              `${clusterUrl(cluster)}/backup/restoreJobs?pageNum=${q.pageNum}&itemsPerPage=${q.itemsPerPage}`,
            ),
          ctx,
        ),
      ),
    cancelRestoreJob: (cluster, jobId, ctx) =>
      guard(named('cluster', cluster) ?? idOf('jobId', jobId), () =>
        send<unknown>(
          {
            operation: 'cancelBackupRestoreJob',
            resource: 'restoreJobs',
            subject: jobId,
            perform: viaHttp('DELETE', `${clusterUrl(cluster)}/backup/restoreJobs/${jobId}`),
          },
          ctx,
        ).map(() => undefined),
      ),
    backupSchedule: (cluster, ctx) =>
      guard(named('cluster', cluster), () =>
        send<AtlasBackupSchedule>(
          {
            operation: 'getBackupSchedule',
            resource: 'backupSchedule',
            subject: cluster,
            perform: viaHttp('GET', `${clusterUrl(cluster)}/backup/schedule`),
          },
          ctx,
        ),
      ),
    startOutageSimulation: (cluster, regions, ctx) =>
      guard(named('cluster', cluster), () =>
        send<AtlasOutageSimulation>(
          {
            operation: 'startOutageSimulation',
            resource: 'outageSimulation',
            subject: cluster,
            perform: viaHttp('POST', `${clusterUrl(cluster)}/outageSimulation`, {
              outageFilters: regions.map((regionName) => ({ cloudProvider: 'AWS', regionName, type: 'REGION' })),
            }),
          },
          ctx,
        ),
      ),
    getOutageSimulation: (cluster, ctx) =>
      guard(named('cluster', cluster), () =>
        send<AtlasOutageSimulation>(
          {
            operation: 'getOutageSimulation',
            resource: 'outageSimulation',
            subject: cluster,
            perform: viaHttp('GET', `${clusterUrl(cluster)}/outageSimulation`),
          },
          ctx,
        ),
      ),
    endOutageSimulation: (cluster, ctx) =>
      guard(named('cluster', cluster), () =>
        send<AtlasOutageSimulation>(
          {
            operation: 'endOutageSimulation',
            resource: 'outageSimulation',
            subject: cluster,
            perform: viaHttp('DELETE', `${clusterUrl(cluster)}/outageSimulation`),
          },
          ctx,
        ),
      ),
  };
  return Object.freeze(client);
}
