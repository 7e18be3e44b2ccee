import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { err, ResultAsync, type Result } from 'neverthrow';
import { drError, Problems, type DrError, type InvalidInputError } from '@drkit/core';
import { VirtualClock } from '../time/VirtualClock';
import { SeededRandom } from '../time/SeededRandom';
import { FaultInjector } from '../faults/FaultInjector';
import { CallRecorder } from '../recorder/CallRecorder';
import type { AtlasAppData, AtlasAppModel } from '../app/atlasData';
import {
  AtlasState,
  DEFAULT_ATLAS_DURATIONS,
  type AtlasClusterView,
  type AtlasDeliveryType,
  type AtlasDurations,
  type AtlasElectionRule,
} from './AtlasState';
import { AtlasApiError, atlasError, statusForAtlasErrorCode } from './errors';
import {
  DigestNonces,
  digestChallenge,
  expectedDigestResponse,
  parseDigestAuthorization,
  ATLAS_DIGEST_REALM,
} from './digestAuth';
import { DEFAULT_ATLAS_API_VERSIONS, negotiateVersion, type AtlasApiVersions } from './versions';
import { DEFAULT_ATLAS_RATE_LIMIT, TokenBucket, type AtlasRateLimit } from './TokenBucket';
import { matchRoute } from './routes';
import { validateRegions } from './requests';
import { emptyAtlasTopology, seedAtlasTopology, type AtlasClusterSeed, type AtlasTopology } from './topology';
import type { AtlasFrequencyType } from './backupSchedule';

/**
 * What the emulator needs from a simulated cloud to share its time, faults and recording.
 * `createSimulatedCloud()` returns an object of this shape, so `startAtlasEmulator({ cloud })`
 * attaches the emulator to it.
 */
export interface AtlasEmulatorHost {
  readonly clock: VirtualClock;
  readonly faults: FaultInjector;
  readonly recorder: CallRecorder;
  /** When present (a `SimulatedCloud` has it), the emulator is closed by the cloud's `dispose()`. */
  readonly world?: { onDispose(dispose: () => Promise<void> | void): void };
}

/** Options of {@link startAtlasEmulator}. */
export interface AtlasEmulatorOptions {
  /** A simulated cloud to attach to (its clock, faults and recorder). Not together with `clock`/`faults`/`recorder`. */
  readonly cloud?: AtlasEmulatorHost;
  /** Virtual clock (standalone use). Default: a new `VirtualClock`. */
  readonly clock?: VirtualClock;
  /** Fault injector (standalone use). Default: a new one on the clock. */
  readonly faults?: FaultInjector;
  /** Call recorder (standalone use). Default: a new one that redacts credentials. */
  readonly recorder?: CallRecorder;
  /** Seed of every random choice (ids, keys, corruption). Default `'atlas'`. */
  readonly seed?: number | string;
  /** TCP port on 127.0.0.1. Default 0 (an ephemeral port). */
  readonly port?: number;
  /** `'seed'` (default: the Job Matching API's `jobs-prod`), `'empty'`, or your own topology. */
  readonly topology?: 'seed' | 'empty' | AtlasTopology;
  /** API key pair and project id; generated from the seed when omitted. */
  readonly publicKey?: string;
  readonly privateKey?: string;
  readonly projectId?: string;
  /** Rate limit (token bucket on virtual time), or `false` for none. Default 100 per minute. */
  readonly rateLimit?: Partial<AtlasRateLimit> | false;
  /** Supported and sunset v2 resource versions. Default {@link DEFAULT_ATLAS_API_VERSIONS}. */
  readonly apiVersions?: AtlasApiVersions;
  /** Durations of the emulated operations. Default {@link DEFAULT_ATLAS_DURATIONS}. */
  readonly durations?: Partial<AtlasDurations>;
  /** How primaries are elected when regions are down. Default `'priority'`. */
  readonly election?: AtlasElectionRule;
  /** The simulated application's write pattern. */
  readonly appModel?: Partial<AtlasAppModel>;
}

/** A snapshot as the state API shows it. */
export interface AtlasSnapshotView {
  readonly id: string;
  readonly clusterName: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly frequencyType: AtlasFrequencyType;
  readonly status: 'inProgress' | 'completed';
}

/** A restore job as the state API shows it. */
export interface AtlasRestoreJobView {
  readonly id: string;
  readonly clusterName: string;
  readonly deliveryType: AtlasDeliveryType;
  readonly snapshotId: string | undefined;
  readonly targetClusterName: string | undefined;
  /** The moment whose data is restored. */
  readonly restoredTo: string;
  readonly createdAt: string;
  readonly finishedAt: string | undefined;
  readonly cancelled: boolean;
  readonly failed: boolean;
  readonly expired: boolean;
  /** Whether the restored data was damaged by `corrupt:restore`. */
  readonly corrupt: boolean;
  /** Whether `stuck:atlas:restore` keeps it from ever finishing. */
  readonly stuck: boolean;
}

/**
 * Read access to the emulator's Atlas project, for assertions and for fakes built on it
 * (a data check reads {@link AtlasEmulatorState.documents}). Every read first applies the
 * changes due by the current virtual time.
 */
export interface AtlasEmulatorState {
  readonly projectId: string;
  readonly projectName: string;
  /** Every cluster (including ones being created or deleted). */
  clusters(): AtlasClusterView[];
  /** One cluster with its nodes and current primary, or undefined. */
  cluster(name: string): AtlasClusterView | undefined;
  /**
   * The application data the cluster holds now: live data for a cluster the application
   * writes to, the restored data (possibly corrupted) after a restore, an empty database
   * otherwise. Undefined for an unknown cluster.
   */
  documents(name: string): AtlasAppData | undefined;
  /** Retained scheduled snapshots of a cluster, newest first. */
  snapshots(name: string): AtlasSnapshotView[];
  /** Restore jobs (of one source cluster, or all), oldest first. */
  restoreJobs(clusterName?: string): AtlasRestoreJobView[];
  /** Adds an existing cluster (IDLE, with backup history), validated like the API would. */
  addCluster(seed: AtlasClusterSeed): Result<AtlasClusterView, InvalidInputError>;
  /** Makes an unfinished restore job fail; false when there is no such unfinished job. */
  failRestore(jobId: string): boolean;
}

/** A running Atlas Administration API emulator. */
export interface AtlasEmulator {
  /** `http://127.0.0.1:PORT/api/atlas`: append `/v1.0` or `/v2` for a client's `baseUrl`. */
  readonly baseUrl: string;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly port: number;
  /** Programmatic API key (digest username). */
  readonly publicKey: string;
  /** Programmatic API key secret (digest password). */
  readonly privateKey: string;
  readonly projectId: string;
  /** A service account for `POST /api/oauth/token` (client credentials → bearer token). */
  readonly serviceAccount: { readonly clientId: string; readonly clientSecret: string };
  readonly clock: VirtualClock;
  readonly faults: FaultInjector;
  readonly recorder: CallRecorder;
  readonly state: AtlasEmulatorState;
  /** Stops the server (closing open connections). Idempotent. */
  close(): Promise<void>;
}

const SECRET_KEY = /private|secret|password|token|apikey|api_key|authorization|credential|cookie/i;

/**
 * Redacts every value whose key looks secret, recursively. Used for recorded call inputs.
 *
 * @example
 * ```ts
 * redactAtlasInput({ body: { privateKey: 'x', name: 'c' } }); // { body: { privateKey: '[REDACTED]', name: 'c' } }
 * ```
 */
export function redactAtlasInput(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactAtlasInput);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[REDACTED]' : redactAtlasInput(v);
  return out;
}

function checkOptions(options: AtlasEmulatorOptions): Result<AtlasEmulatorOptions, InvalidInputError> {
  const problems = new Problems();
  if (options.cloud && (options.clock || options.faults || options.recorder))
    problems.add('cloud', 'pass either cloud or clock/faults/recorder, not both');
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535))
    problems.add('port', 'must be an integer from 0 to 65535');
  if (options.projectId !== undefined && !/^[a-f0-9]{24}$/.test(options.projectId))
    problems.add('projectId', 'must be 24 lowercase hexadecimal digits');
  if (options.publicKey !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(options.publicKey))
    problems.add('publicKey', 'must be 1–64 letters, digits, "-" or "_"');
  if (options.privateKey !== undefined && options.privateKey.length === 0)
    problems.add('privateKey', 'must not be empty');
  if (options.rateLimit) {
    for (const key of ['capacity', 'refillRate', 'refillDurationSeconds'] as const) {
      const v = options.rateLimit[key];
      if (v !== undefined && !(Number.isFinite(v) && v > 0))
        problems.add(`rateLimit.${key}`, 'must be a positive number');
    }
  }
  for (const [key, v] of Object.entries(options.durations ?? {}))
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      problems.add(`durations.${key}`, 'must be a non-negative number of ms');
  if (options.election !== undefined && !['priority', 'majority'].includes(options.election))
    problems.add('election', 'must be "priority" or "majority"');
  const topology = options.topology;
  if (topology !== undefined && topology !== 'seed' && topology !== 'empty') {
    const clusters: unknown = typeof topology === 'object' ? topology.clusters : undefined;
    if (!Array.isArray(clusters)) problems.add('topology', 'must be "seed", "empty" or a topology');
    else
      (clusters as AtlasClusterSeed[]).forEach((c, i) => problems.addAll(`topology.clusters[${i}]`, seedProblems(c)));
  }
  return problems.result(options);
}

function seedProblems(seed: AtlasClusterSeed): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (typeof seed.name !== 'string' || !/^[a-zA-Z0-9][a-zA-Z0-9-]{0,63}$/.test(seed.name))
    problems.push({
      path: 'name',
      message: 'must be 1–64 ASCII letters, digits and hyphens, starting with a letter or digit',
    });
  try {
    validateRegions(seed.regions ?? []);
  } catch (e) {
    problems.push({
      path: 'regions',
      message: e instanceof AtlasApiError ? `${e.errorCode}: ${e.message}` : String(e),
    });
  }
  return problems;
}

interface Outcome {
  status: number;
  body?: unknown;
  headers: Record<string, string>;
  /** Recorded as the call's operation; undefined: not recorded (the digest challenge leg). */
  operation: string | undefined;
  input: unknown;
  errorCode?: string;
}

class Emulator implements AtlasEmulator {
  readonly baseUrl: string;
  readonly origin: string;
  readonly port: number;
  readonly publicKey: string;
  readonly privateKey: string;
  readonly projectId: string;
  readonly serviceAccount: { readonly clientId: string; readonly clientSecret: string };
  readonly clock: VirtualClock;
  readonly faults: FaultInjector;
  readonly recorder: CallRecorder;
  readonly state: AtlasEmulatorState;
  readonly #model: AtlasState;
  readonly #server: Server;
  readonly #nonces = new DigestNonces();
  readonly #challengeHolds = new Map<string, () => void>();
  readonly #tokens = new Map<string, number>();
  readonly #bucket: TokenBucket | undefined;
  readonly #versions: AtlasApiVersions;
  #closed = false;

  constructor(init: {
    clock: VirtualClock;
    faults: FaultInjector;
    recorder: CallRecorder;
    model: AtlasState;
    server: Server;
    port: number;
    publicKey: string;
    privateKey: string;
    serviceAccount: { clientId: string; clientSecret: string };
    rateLimit: AtlasRateLimit | undefined;
    versions: AtlasApiVersions;
  }) {
    this.clock = init.clock;
    this.faults = init.faults;
    this.recorder = init.recorder;
    this.#model = init.model;
    this.#server = init.server;
    this.port = init.port;
    this.origin = `http://127.0.0.1:${init.port}`;
    this.baseUrl = `${this.origin}/api/atlas`;
    this.publicKey = init.publicKey;
    this.privateKey = init.privateKey;
    this.projectId = init.model.projectId;
    this.serviceAccount = init.serviceAccount;
    this.#versions = init.versions;
    this.#bucket = init.rateLimit ? new TokenBucket(init.rateLimit, init.clock.now()) : undefined;
    this.state = this.#stateApi();
    this.#server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      void this.#handle(req, res);
    });
  }

  #stateApi(): AtlasEmulatorState {
    const model = this.#model;
    const read = <T>(fn: () => T): T => {
      model.sync();
      return fn();
    };
    return {
      projectId: model.projectId,
      projectName: model.projectName,
      clusters: () => read(() => model.clusters().map((c) => model.view(c))),
      cluster: (name) =>
        read(() => {
          const c = model.findCluster(name);
          return c ? model.view(c) : undefined;
        }),
      documents: (name) =>
        read(() => {
          const c = model.findCluster(name);
          return c ? model.dataAt(c, model.now()) : undefined;
        }),
      snapshots: (name) =>
        read(() => {
          const c = model.findCluster(name);
          return c
            ? model.snapshots(c).map((s) => ({
                id: s.id,
                clusterName: s.clusterName,
                createdAt: new Date(s.createdAt).toISOString(),
                expiresAt: new Date(s.expiresAt).toISOString(),
                frequencyType: s.frequencyType,
                status: s.status,
              }))
            : [];
        }),
      restoreJobs: (clusterName) =>
        read(() =>
          model.restoreJobs(clusterName).map((j) => ({
            id: j.id,
            clusterName: j.clusterName,
            deliveryType: j.deliveryType,
            snapshotId: j.snapshotId,
            targetClusterName: j.targetClusterName,
            restoredTo: new Date(j.restoredTo).toISOString(),
            createdAt: new Date(j.createdAt).toISOString(),
            finishedAt: j.finishedAt === undefined ? undefined : new Date(j.finishedAt).toISOString(),
            cancelled: j.cancelled,
            failed: j.failed,
            expired: j.expired,
            corrupt: j.corrupt && j.finishedAt !== undefined,
            stuck: j.dueAt === undefined,
          })),
        ),
      addCluster: (seed) =>
        read(() => {
          const problems = new Problems().addAll('', seedProblems(seed));
          if (model.findCluster(seed.name)) problems.add('name', `a cluster named ${seed.name} already exists`);
          return problems
            .result(seed)
            .map((s) => model.view(model.seedCluster({ ...s, regions: validateRegions(s.regions) })));
        }),
      failRestore: (jobId) => read(() => model.failRestore(jobId)),
    };
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const release = this.clock.hold();
    res.once('close', release);
    let outcome: Outcome;
    try {
      const raw = await readBody(req);
      outcome = this.#process(req, raw);
    } catch (e) {
      const error = e instanceof AtlasApiError ? e : atlasError('UNEXPECTED_ERROR', 'Unexpected error.');
      outcome = {
        status: error.status,
        body: error.body(),
        headers: { ...error.headers },
        operation: undefined,
        input: {},
        errorCode: error.errorCode,
      };
    }
    if (outcome.operation !== undefined)
      this.recorder.record({
        service: 'atlas',
        operation: outcome.operation,
        input: redactAtlasInput(outcome.input),
        outcome: outcome.status < 400 ? 'ok' : 'error',
        ...(outcome.status >= 400 && outcome.errorCode ? { error: outcome.errorCode } : {}),
      });
    const payload = outcome.body === undefined ? '' : JSON.stringify(outcome.body);
    res.writeHead(outcome.status, { ...outcome.headers, 'content-length': Buffer.byteLength(payload) });
    res.end(payload);
    release();
  }

  #process(req: IncomingMessage, raw: Buffer): Outcome {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', this.origin);
    if (url.pathname === '/api/oauth/token') return this.#token(req, method, raw);
    const m = /^\/api\/atlas\/(v1\.0|v2)(\/.*)?$/.exec(url.pathname);
    const api = m?.[1] as 'v1.0' | 'v2' | undefined;
    const path = m?.[2] ?? '/';
    const query = Object.fromEntries(url.searchParams);
    const matched = api ? matchRoute(method, path) : undefined;
    const route = matched && 'route' in matched ? matched.route : undefined;
    const operation = route && api ? `${method} /api/atlas/${api}${route.template}` : `${method} ${url.pathname}`;
    const params = matched && 'params' in matched ? matched.params : {};
    let body: unknown;
    const fail = (e: unknown, headers: Record<string, string> = {}): Outcome => {
      const error = e instanceof AtlasApiError ? e : atlasError('UNEXPECTED_ERROR', 'Unexpected error.');
      return {
        status: error.status,
        body: error.body(),
        headers: { 'content-type': 'application/json', ...headers, ...error.headers },
        operation,
        input: { params, query, body },
        errorCode: error.errorCode,
      };
    };

    // 1. Authentication: digest (API keys) or bearer (service accounts).
    const auth = this.#authenticate(req, method);
    if (auth !== 'ok') {
      const nonce = this.#nonces.issue();
      this.#holdUntilRetry(nonce);
      const error = atlasError('USER_UNAUTHORIZED', 'Current user is not authorized to perform this action.');
      const out = fail(error, { 'www-authenticate': digestChallenge(nonce) });
      // The first leg of the digest handshake is expected; only refused credentials are recorded.
      return auth === 'missing' ? { ...out, operation: undefined } : out;
    }
    if (!api)
      return fail(
        atlasError('RESOURCE_NOT_FOUND', `Cannot find resource ${url.pathname}.`, { parameters: [url.pathname] }),
      );

    try {
      // 2. Versioned media type (v2 only).
      const version = api === 'v2' ? negotiateVersion(req.headers.accept, this.#versions) : undefined;
      const contentType = version ? `application/vnd.atlas.${version}+json;charset=utf-8` : 'application/json';
      body = parseBody(req, raw);
      // 3. Rate limit.
      const headers: Record<string, string> = { 'content-type': contentType };
      if (this.#bucket) {
        const taken = this.#bucket.take(this.clock.now());
        const limit = this.#bucket.limit;
        headers['ratelimit-limit'] = String(limit.capacity);
        if (!taken.ok)
          return fail(this.#rateLimited(api, path, taken.retryAfterSeconds), { 'content-type': contentType });
        headers['ratelimit-remaining'] = String(taken.remaining);
      }
      // 4. Route and project.
      if (!matched)
        throw atlasError('RESOURCE_NOT_FOUND', `Cannot find resource ${url.pathname}.`, { parameters: [url.pathname] });
      if (!route)
        throw atlasError('INVALID_ATTRIBUTE', `Method ${method} is not allowed on ${url.pathname}.`, {
          status: 405,
          parameters: [method],
        });
      if (params.groupId !== this.#model.projectId)
        throw atlasError('GROUP_NOT_FOUND', `No group with ID ${params.groupId ?? ''} exists.`, {
          parameters: [params.groupId],
        });
      // 5. Faults from the shared injector.
      this.#injectFaults(api, path, route.operationId, operation);
      // 6. The operation itself, on state brought up to now.
      this.#model.sync();
      const result = route.handle({
        state: this.#model,
        render: { origin: this.origin, api, version, groupId: this.#model.projectId },
        params,
        query: url.searchParams,
        body,
      });
      return {
        status: result.status,
        body: result.body,
        headers: result.body === undefined ? {} : headers,
        operation,
        input: { params, query, body },
      };
    } catch (e) {
      return fail(e);
    }
  }

  #rateLimited(api: 'v1.0' | 'v2', path: string, retryAfterSeconds: number): AtlasApiError {
    const limit = this.#bucket?.limit ?? DEFAULT_ATLAS_RATE_LIMIT;
    const resource = `api/atlas/${api}${path}`;
    const headers = {
      'retry-after': String(retryAfterSeconds),
      'ratelimit-limit': String(limit.capacity),
      'ratelimit-remaining': '0',
    };
    return api === 'v2'
      ? atlasError(
          'RATE_LIMITED_TOKEN_BUCKET',
          `Rate limit exceeded for ${resource}. Please retry after ${retryAfterSeconds} seconds. Request capacity: ${limit.capacity}. Refill rate: ${limit.refillRate} per ${limit.refillDurationSeconds} seconds.`,
          {
            parameters: [resource, retryAfterSeconds, limit.capacity, limit.refillRate, limit.refillDurationSeconds],
            headers,
          },
        )
      : atlasError(
          'RATE_LIMITED',
          `Resource ${resource} is limited to ${limit.refillRate} requests every ${limit.refillDurationSeconds / 60} minutes.`,
          { parameters: [resource, limit.refillRate, limit.refillDurationSeconds / 60], headers },
        );
  }

  #injectFaults(api: 'v1.0' | 'v2', path: string, operationId: string, templateOperation: string): void {
    const byTemplate = this.faults
      .active()
      .some(
        (f) => f.kind === 'error' && (f.service === 'atlas' || f.service === '*') && f.operation === templateOperation,
      );
    const decision = this.faults.onCall({ service: 'atlas', operation: byTemplate ? templateOperation : operationId });
    if (!decision) return;
    if (decision.kind === 'throttle') throw this.#rateLimited(api, path, 1);
    if (decision.kind === 'error') {
      const code = decision.errorName;
      throw atlasError(code, `Injected fault: ${code} on ${operationId}.`, {
        status: statusForAtlasErrorCode(code),
        parameters: [operationId],
      });
    }
  }

  #authenticate(req: IncomingMessage, method: string): 'ok' | 'missing' | 'refused' {
    const header = req.headers.authorization;
    if (!header) return 'missing';
    if (/^Bearer\s/i.test(header)) {
      const expires = this.#tokens.get(header.slice(7).trim());
      return expires !== undefined && this.clock.now() < expires ? 'ok' : 'refused';
    }
    const creds = parseDigestAuthorization(header);
    if (!creds) return 'refused';
    const release = this.#challengeHolds.get(creds.nonce);
    if (release) {
      this.#challengeHolds.delete(creds.nonce);
      release();
    }
    const target = req.url ?? '/';
    const uriMatches =
      creds.uri === target || creds.uri === new URL(target, this.origin).pathname + new URL(target, this.origin).search;
    if (
      creds.realm !== ATLAS_DIGEST_REALM ||
      creds.username !== this.publicKey ||
      !uriMatches ||
      creds.response !== expectedDigestResponse(creds, method, this.privateKey)
    )
      return 'refused';
    return this.#nonces.accept(creds.nonce, creds.nc) ? 'ok' : 'refused';
  }

  /** Keeps virtual time still between a digest challenge and the client's authenticated retry. */
  #holdUntilRetry(nonce: string): void {
    const release = this.clock.hold();
    this.#challengeHolds.set(nonce, release);
    // real-time: a client that never retries must not freeze virtual time; give up after half a
    // second of wall time.
    setTimeout(() => {
      if (this.#challengeHolds.get(nonce) === release) this.#challengeHolds.delete(nonce);
      release();
    }, 500).unref();
  }

  #token(req: IncomingMessage, method: string, raw: Buffer): Outcome {
    const operation = `${method} /api/oauth/token`;
    const form = new URLSearchParams(raw.toString('utf8'));
    const input = { body: { grant_type: form.get('grant_type') } };
    const refuse = (description: string): Outcome => ({
      status: 401,
      body: { error: 'invalid_client', error_description: description },
      headers: { 'content-type': 'application/json' },
      operation,
      input,
      errorCode: 'invalid_client',
    });
    if (method !== 'POST') return { ...refuse('use POST'), status: 405 };
    if (form.get('grant_type') !== 'client_credentials')
      return {
        ...refuse('grant_type must be client_credentials'),
        status: 400,
        body: { error: 'unsupported_grant_type' },
        errorCode: 'unsupported_grant_type',
      };
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
    const decoded = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8') : '';
    const sep = decoded.indexOf(':');
    if (
      sep < 0 ||
      decoded.slice(0, sep) !== this.serviceAccount.clientId ||
      decoded.slice(sep + 1) !== this.serviceAccount.clientSecret
    )
      return refuse('invalid client credentials');
    const token = randomBytes(24).toString('base64url');
    const ttl = this.#model.durations.tokenTtlMs;
    this.#tokens.set(token, this.clock.now() + ttl);
    return {
      status: 200,
      body: { access_token: token, expires_in: Math.round(ttl / 1000), token_type: 'Bearer' },
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      operation,
      input,
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const release of this.#challengeHolds.values()) release();
    this.#challengeHolds.clear();
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 1_048_576) {
        reject(
          atlasError('VALIDATION_ERROR', 'The request content produced the validation error: body larger than 1 MiB.', {
            status: 413,
          }),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(req: IncomingMessage, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const type = req.headers['content-type'] ?? '';
  if (!/json/i.test(type))
    throw atlasError(
      'MALFORMED_JSON',
      `Received JSON is malformed: the body must be JSON (Content-Type application/json), got "${type}". With mongodb-atlas-api-client on v2, pass httpOptions { headers: { Accept, 'Content-Type': 'application/json' } }.`,
    );
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw atlasError('MALFORMED_JSON', 'Received JSON is malformed.');
  }
}

function buildState(
  options: AtlasEmulatorOptions,
  clock: VirtualClock,
  faults: FaultInjector,
  rng: SeededRandom,
): AtlasState {
  const topology =
    options.topology === 'empty'
      ? emptyAtlasTopology()
      : options.topology && options.topology !== 'seed'
        ? options.topology
        : seedAtlasTopology();
  const state = new AtlasState({
    now: () => clock.now(),
    faults,
    rng: rng.fork('state'),
    projectId: options.projectId ?? rng.hex(24),
    projectName: topology.projectName,
    durations: { ...DEFAULT_ATLAS_DURATIONS, ...options.durations },
    election: options.election ?? 'priority',
    appModel: options.appModel ?? {},
  });
  for (const seed of topology.clusters) state.seedCluster({ ...seed, regions: validateRegions(seed.regions) });
  return state;
}

/**
 * Starts the Atlas Administration API emulator: a real HTTP server on 127.0.0.1 serving
 * `/api/atlas/v1.0/…` and `/api/atlas/v2/…` with digest authentication (as urllib performs it),
 * service-account bearer tokens (`POST /api/oauth/token`), versioned media types on v2, a
 * token-bucket rate limit, and Atlas's error bodies, on virtual time. Pass `cloud` to share a
 * simulated cloud's clock, faults and recorder; otherwise it makes its own.
 *
 * Fails with `InvalidInput` (every problem listed) for bad options, or `Unavailable` when the
 * port cannot be bound.
 *
 * @example
 * ```ts
 * import getClient from 'mongodb-atlas-api-client';
 * const emulator = (await startAtlasEmulator())._unsafeUnwrap();
 * const atlas = getClient({
 *   baseUrl: `${emulator.baseUrl}/v1.0`,
 *   publicKey: emulator.publicKey,
 *   privateKey: emulator.privateKey,
 *   projectId: emulator.projectId,
 * });
 * const clusters = await atlas.cluster.getAll(); // { results: [{ name: 'jobs-prod', … }], totalCount: 1, … }
 * await emulator.close();
 * ```
 */
export function startAtlasEmulator(options: AtlasEmulatorOptions = {}): ResultAsync<AtlasEmulator, DrError> {
  const checked = checkOptions(options);
  if (checked.isErr()) return new ResultAsync(Promise.resolve(err<AtlasEmulator, DrError>(checked.error)));
  // Its own generator: starting the emulator must not shift the random draws of the cloud's services.
  const rng = new SeededRandom(options.seed ?? 'atlas');
  const clock = options.cloud?.clock ?? options.clock ?? new VirtualClock();
  const faults = options.cloud?.faults ?? options.faults ?? new FaultInjector(clock, rng.fork('faults'));
  const recorder = options.cloud?.recorder ?? options.recorder ?? new CallRecorder(clock, redactAtlasInput);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const publicKey = options.publicKey ?? Array.from({ length: 8 }, () => letters[rng.int(0, 25)]).join('');
  const privateKey = options.privateKey ?? rng.uuid();
  const serviceAccount = { clientId: `mdb_sa_id_${rng.hex(24)}`, clientSecret: `mdb_sa_sk_${rng.hex(40)}` };
  const model = buildState(options, clock, faults, rng);
  const rateLimit = options.rateLimit === false ? undefined : { ...DEFAULT_ATLAS_RATE_LIMIT, ...options.rateLimit };
  const listening = new Promise<Emulator>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      resolve(
        new Emulator({
          clock,
          faults,
          recorder,
          model,
          server,
          port,
          publicKey,
          privateKey,
          serviceAccount,
          rateLimit,
          versions: options.apiVersions ?? DEFAULT_ATLAS_API_VERSIONS,
        }),
      );
    });
  });
  return ResultAsync.fromPromise(listening, (e) =>
    drError(
      'Unavailable',
      `the Atlas emulator could not listen on 127.0.0.1:${options.port ?? 0}: ${e instanceof Error ? e.message : String(e)}`,
      {
        cause: e,
        retryable: false,
      },
    ),
  ).map((emulator): AtlasEmulator => {
    options.cloud?.world?.onDispose(() => emulator.close());
    return emulator;
  });
}
