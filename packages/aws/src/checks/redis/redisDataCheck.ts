/**
 * The Redis data check, on `ioredis`.
 *
 * Why ioredis rather than node-redis: both are maintained under the Redis organisation, but
 * ioredis gives a check exactly the failure behaviour it needs without wrappers — `lazyConnect`
 * plus `retryStrategy: () => null`, `maxRetriesPerRequest: 0` and `enableOfflineQueue: false` make
 * an unreachable endpoint fail at once instead of queueing and reconnecting forever; it speaks TLS
 * (ElastiCache in-transit encryption) and AUTH with a plain option; its `Cluster` client handles
 * ElastiCache cluster mode (with `natMap`/`dnsLookup` for VPC endpoints) when the check grows
 * there; and it is already the workspace's Redis client (the simulated ElastiCache's tests use
 * it), so the tests exercise the same client users get. It is an optional peer dependency: only
 * `@drkit/aws/redis` imports it, so a Lambda that does not check Redis does not bundle it.
 *
 * @module
 */
import { Redis, type RedisOptions } from 'ioredis';
import {
  Problems,
  drError,
  formatDuration,
  invalidInput,
  parseDuration,
  type Check,
  type CheckVerdict,
  type DrContext,
  type DrError,
  type Duration,
  type RestoredResource,
} from '@drkit/core';
import { ResultAsync, errAsync } from 'neverthrow';
import { trackIo } from '../../shared/time';
import { fromSubject, verdictOf, type FromSubject } from '../verdict';

/** Where the Redis server is: `host:port`, or both parts. */
export type RedisEndpoint = string | { readonly host: string; readonly port: number };

/** The RPO freshness marker: a key the application stamps with the time of its last write. */
export interface RedisFreshnessMarker<S> {
  /** E.g. `app:last-write-at`. */
  readonly key: string;
  /** The recovery point objective. */
  readonly rpo: Duration;
  /**
   * The instant the restored data should be current as of (ms epoch): the recovery point's
   * `createdAt` (`restored.point.createdAt`). The marker must be no older than `rpo` before it.
   */
  readonly dataAsOf: FromSubject<number, S>;
  /** Reads the marker's value as ms epoch. Default: ISO-8601, or epoch seconds / ms as a number. */
  readonly parse?: (value: string) => number;
}

/** Options of {@link redisDataCheck}. */
export interface RedisDataCheckOptions<S> {
  /** Default `'redis-data'`. */
  readonly name?: string;
  /** Default: the subject's `endpoint` (a `RestoredResource` from the ElastiCache source). */
  readonly endpoint?: FromSubject<RedisEndpoint, S>;
  /** Connect with TLS (ElastiCache in-transit encryption). Default: the subject's `attributes.tls === 'true'`. */
  readonly tls?: boolean;
  /** AUTH token / password. Secret: never logged or put in evidence. */
  readonly password?: FromSubject<string | undefined, S>;
  /** ACL user name (with `password`). */
  readonly username?: string;
  /** `DBSIZE` must fall within these bounds (inclusive). */
  readonly dbSize?: { readonly min?: number; readonly max?: number };
  /** Keys that must hold exactly these values (values fixed by the application, never changed). */
  readonly sentinels?: Readonly<Record<string, string>>;
  /** The RPO freshness marker. */
  readonly freshness?: RedisFreshnessMarker<S>;
  /** Connect and command timeout. Default `'5s'`. */
  readonly timeout?: Duration;
  readonly required?: boolean;
  /** Makes the client (for tests, or custom options). Default `new Redis(options)`. */
  readonly createClient?: (options: RedisOptions) => Redis;
}

/**
 * A check of the data in a restored (or promoted) Redis over a real connection: `PING` answers
 * `PONG`, `DBSIZE` is in range, every sentinel key holds its expected value, and the freshness
 * marker is no older than the RPO before the recovery point. Mismatches name the keys, never
 * their values. An unreachable server is `err(Unavailable)` (undecided: a required check fails).
 *
 * @example
 * ```ts
 * import { redisDataCheck } from '@drkit/aws/redis';
 *
 * const data = redisDataCheck<RestoredResource>({
 *   dbSize: { min: 10 },
 *   sentinels: { 'sentinel:a': 'drkit-sentinel-alpha-5e1f' },
 *   freshness: { key: 'app:last-write-at', rpo: '15m', dataAsOf: () => restored.point.createdAt },
 * });
 * await validateRestore(restored.resource, [data], {}, ctx);
 * ```
 */
export function redisDataCheck<S = RestoredResource>(options: RedisDataCheckOptions<S> = {}): Check<S> {
  const name = options?.name ?? 'redis-data';
  const problems = new Problems();
  const timeoutMs = durationOf(problems, 'timeout', options?.timeout) ?? 5_000;
  const rpoMs = options?.freshness ? durationOf(problems, 'freshness.rpo', options.freshness.rpo) : undefined;
  if (options?.freshness && (typeof options.freshness.key !== 'string' || options.freshness.key === ''))
    problems.add('freshness.key', 'must name the marker key');
  if (options?.freshness && options.freshness.dataAsOf === undefined)
    problems.add('freshness.dataAsOf', 'is required (the recovery point time)');
  const { min, max } = options?.dbSize ?? {};
  if (min !== undefined && (!Number.isInteger(min) || min < 0))
    problems.add('dbSize.min', 'must be a whole number ≥ 0');
  if (max !== undefined && (!Number.isInteger(max) || max < 0))
    problems.add('dbSize.max', 'must be a whole number ≥ 0');
  if (min !== undefined && max !== undefined && min > max) problems.add('dbSize', 'min must not exceed max');
  for (const [k, v] of Object.entries(options?.sentinels ?? {}))
    if (typeof v !== 'string') problems.add(`sentinels.${k}`, 'must be a string');

  return {
    name,
    ...(options?.required !== undefined ? { required: options.required } : {}),
    run(subject, ctx) {
      if (problems.any) return errAsync(invalidInput(problems.list));
      const resolved = resolveEndpoint(options, subject);
      if (typeof resolved === 'string') return errAsync(invalidInput([{ path: 'endpoint', message: resolved }]));
      const startedAt = ctx.clock.now();
      const where = `${resolved.host}:${resolved.port}`;
      const password = options.password === undefined ? undefined : fromSubject(options.password, subject);
      const attrs = (subject as { attributes?: Record<string, string> } | undefined)?.attributes;
      const tls = options.tls ?? attrs?.tls === 'true';
      const redisOptions: RedisOptions = {
        host: resolved.host,
        port: resolved.port,
        ...(tls ? { tls: {} } : {}),
        ...(password ? { password } : {}),
        ...(options.username ? { username: options.username } : {}),
        lazyConnect: true,
        connectTimeout: timeoutMs,
        commandTimeout: timeoutMs,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        retryStrategy: () => null,
      };
      const redis = (options.createClient ?? ((o: RedisOptions) => new Redis(o)))(redisOptions);
      // Connection errors surface through the command promises; keep the emitter quiet.
      redis.on('error', () => {});
      const onAbort = () => redis.disconnect();
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      const work = inspect(redis, options, subject, ctx);
      return ResultAsync.fromPromise(trackIo(ctx, work), (e): DrError => {
        if (ctx.signal.aborted) return drError('Aborted', `${name}: ${where} aborted`, { cause: e });
        return drError(
          'Unavailable',
          `${name}: Redis at ${where} did not answer: ${e instanceof Error ? e.message : String(e)}`,
          {
            cause: e,
          },
        );
      })
        .map((found) => judge(name, found, options, rpoMs, where, startedAt, ctx))
        .andTee(() => close(redis, ctx, onAbort))
        .orTee(() => close(redis, ctx, onAbort));
    },
  };
}

interface Findings {
  pong: string;
  dbSize: number;
  sentinels: Record<string, string | null>;
  marker?: { raw: string | null; dataAsOf: number };
}

async function inspect<S>(redis: Redis, o: RedisDataCheckOptions<S>, subject: S, _ctx: DrContext): Promise<Findings> {
  await redis.connect();
  const pong = await redis.ping();
  const dbSize = await redis.dbsize();
  const keys = Object.keys(o.sentinels ?? {});
  const values = keys.length ? await redis.mget(...keys) : [];
  const sentinels: Record<string, string | null> = {};
  keys.forEach((k, i) => (sentinels[k] = values[i] ?? null));
  const found: Findings = { pong, dbSize, sentinels };
  if (o.freshness)
    found.marker = { raw: await redis.get(o.freshness.key), dataAsOf: fromSubject(o.freshness.dataAsOf, subject) };
  return found;
}

function judge<S>(
  name: string,
  f: Findings,
  o: RedisDataCheckOptions<S>,
  rpoMs: number | undefined,
  where: string,
  startedAt: number,
  ctx: DrContext,
): CheckVerdict {
  const reasons: string[] = [];
  if (f.pong !== 'PONG') reasons.push(`PING answered ${JSON.stringify(f.pong).slice(0, 40)}`);
  const { min, max } = o.dbSize ?? {};
  if ((min !== undefined && f.dbSize < min) || (max !== undefined && f.dbSize > max))
    reasons.push(`DBSIZE ${f.dbSize} outside ${min ?? 0}..${max ?? '∞'}`);
  const missing = Object.entries(f.sentinels)
    .filter(([, v]) => v === null)
    .map(([k]) => k);
  const wrong = Object.entries(f.sentinels)
    .filter(([k, v]) => v !== null && v !== o.sentinels?.[k])
    .map(([k]) => k);
  if (missing.length) reasons.push(`sentinel keys missing: ${missing.join(', ')}`);
  if (wrong.length) reasons.push(`sentinel keys with unexpected values: ${wrong.join(', ')}`);
  const evidence: Record<string, unknown> = {
    endpoint: where,
    dbSize: f.dbSize,
    sentinels: { checked: Object.keys(f.sentinels).length, missing, wrong },
  };
  if (o.freshness && f.marker) {
    const key = o.freshness.key;
    if (f.marker.raw === null) reasons.push(`freshness marker ${key} is missing`);
    else {
      const at = (o.freshness.parse ?? parseMarker)(f.marker.raw);
      if (!Number.isFinite(at)) reasons.push(`freshness marker ${key} is not a time`);
      else {
        const lagMs = f.marker.dataAsOf - at;
        evidence.freshness = {
          key,
          markerAt: new Date(at).toISOString(),
          dataAsOf: new Date(f.marker.dataAsOf).toISOString(),
          lagMs,
          rpoMs,
        };
        if (rpoMs !== undefined && lagMs > rpoMs)
          reasons.push(
            `freshness marker ${key} is ${formatDuration(lagMs)} older than the recovery point (RPO ${formatDuration(rpoMs)})`,
          );
      }
    }
  }
  const checks = 2 + Object.keys(f.sentinels).length + (o.freshness ? 1 : 0);
  return reasons.length === 0
    ? verdictOf(name, 'passed', `PONG, ${f.dbSize} keys, ${checks} checks passed`, evidence, startedAt, ctx)
    : verdictOf(name, 'failed', reasons.join('; '), evidence, startedAt, ctx);
}

/** ISO-8601, or a number of epoch seconds (< 1e11) or milliseconds. */
function parseMarker(value: string): number {
  const n = Number(value);
  if (value.trim() !== '' && Number.isFinite(n)) return n < 1e11 ? n * 1000 : n;
  return Date.parse(value);
}

function close(redis: Redis, ctx: DrContext, onAbort: () => void): void {
  ctx.signal.removeEventListener('abort', onAbort);
  redis.disconnect();
}

function resolveEndpoint<S>(o: RedisDataCheckOptions<S>, subject: S): { host: string; port: number } | string {
  let ep: RedisEndpoint | undefined;
  try {
    ep =
      o.endpoint !== undefined
        ? fromSubject(o.endpoint, subject)
        : (subject as { endpoint?: string } | undefined)?.endpoint;
  } catch (e) {
    return `could not be computed: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (ep === undefined) return 'is required (the subject has no endpoint)';
  if (typeof ep === 'object') return ep.host && Number.isInteger(ep.port) ? ep : 'must have a host and a port';
  const m = /^(.+):(\d{1,5})$/.exec(ep);
  return m ? { host: m[1]!, port: Number(m[2]) } : `"${ep}" is not host:port`;
}

function durationOf(problems: Problems, path: string, value: Duration | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseDuration(value, path);
  if (parsed.isErr()) {
    problems.addAll('', parsed.error.problems);
    return undefined;
  }
  return parsed.value;
}
