/**
 * The simulated application's Redis data model: what the jobs application keeps in its
 * ElastiCache replication group at any moment, as a pure function of virtual time.
 *
 * The application writes once a minute (every {@link RedisAppModel.writeIntervalMs}): it adds a
 * job `job:<n>` (keeping the newest {@link RedisAppModel.jobsKept}), bumps `app:job-count` and
 * stamps `app:last-write-at`. Two sentinel keys hold fixed values that never change, so a
 * restore validation can tell intact data from damaged data, and `app:last-write-at` tells how
 * fresh a snapshot or a promoted replica is (the RPO check).
 *
 * Keys (all string values):
 *
 * | key | value |
 * |---|---|
 * | `sentinel:a`, `sentinel:b` | fixed values, {@link REDIS_SENTINELS} |
 * | `app:last-write-at` | ISO-8601 time of the last application write at or before the moment |
 * | `app:job-count` | number of jobs written since the application's epoch |
 * | `job:<n>` | JSON `{"id":n,"createdAt":ISO,"status":"done"|"queued"}`, newest {@link RedisAppModel.jobsKept} |
 */

/** Fixed values of the sentinel keys; a restored copy whose sentinels differ is corrupt. */
export const REDIS_SENTINELS: Readonly<Record<'sentinel:a' | 'sentinel:b', string>> = {
  'sentinel:a': 'drkit-sentinel-alpha-5e1f',
  'sentinel:b': 'drkit-sentinel-bravo-9c07',
};

/** The key holding the ISO time of the application's last write (the RPO freshness marker). */
export const REDIS_LAST_WRITE_KEY = 'app:last-write-at';

/** The key holding how many jobs the application has written. */
export const REDIS_JOB_COUNT_KEY = 'app:job-count';

/** Parameters of the application's write pattern. */
export interface RedisAppModel {
  /** Time between two application writes, ms. Default 60 000 (once a minute). */
  readonly writeIntervalMs: number;
  /** How many of the newest `job:<n>` keys are kept (older ones expire). Default 50. */
  readonly jobsKept: number;
  /** When the application wrote job 0, ms since the epoch. Default `2026-01-01T00:00:00Z`. */
  readonly epochMs: number;
}

/** The default {@link RedisAppModel}. */
export const DEFAULT_REDIS_APP_MODEL: RedisAppModel = {
  writeIntervalMs: 60_000,
  jobsKept: 50,
  epochMs: Date.parse('2026-01-01T00:00:00Z'),
};

/**
 * Time of the application's last write at or before `at` (ms), or `undefined` before its first write.
 *
 * @example
 * ```ts
 * lastAppWriteAt(Date.parse('2026-11-22T03:00:42Z')); // Date.parse('2026-11-22T03:00:00Z')
 * ```
 */
export function lastAppWriteAt(at: number, model: Partial<RedisAppModel> = {}): number | undefined {
  const m = { ...DEFAULT_REDIS_APP_MODEL, ...model };
  if (!Number.isFinite(at) || at < m.epochMs) return undefined;
  return m.epochMs + Math.floor((at - m.epochMs) / m.writeIntervalMs) * m.writeIntervalMs;
}

/**
 * The application's Redis keys as they stand at virtual time `at` (every write at or before
 * `at` included). Before the application's epoch only the sentinels exist.
 *
 * @example
 * ```ts
 * const data = redisAppData(Date.parse('2026-11-22T03:00:00Z'));
 * data['sentinel:a'] === REDIS_SENTINELS['sentinel:a']; // true
 * data['app:last-write-at']; // '2026-11-22T03:00:00.000Z'
 * ```
 */
export function redisAppData(at: number, model: Partial<RedisAppModel> = {}): Record<string, string> {
  const m = { ...DEFAULT_REDIS_APP_MODEL, ...model };
  const data: Record<string, string> = { ...REDIS_SENTINELS };
  const last = lastAppWriteAt(at, m);
  if (last === undefined) {
    data[REDIS_JOB_COUNT_KEY] = '0';
    return data;
  }
  const newest = Math.round((last - m.epochMs) / m.writeIntervalMs);
  data[REDIS_LAST_WRITE_KEY] = new Date(last).toISOString();
  data[REDIS_JOB_COUNT_KEY] = String(newest + 1);
  for (let n = Math.max(0, newest - m.jobsKept + 1); n <= newest; n++) {
    const createdAt = new Date(m.epochMs + n * m.writeIntervalMs).toISOString();
    // The newest job is still queued when the snapshot is taken; older ones are done.
    data[`job:${n}`] = JSON.stringify({ id: n, createdAt, status: n === newest ? 'queued' : 'done' });
  }
  return data;
}

/**
 * A damaged copy of `data`, as a `corrupt:restore` fault leaves it: `sentinel:a` holds a wrong
 * value, `sentinel:b` is missing, and about a third of the `job:` keys are gone. `draw` supplies
 * uniform numbers in [0, 1) (the simulation's seeded generator), so the damage is reproducible.
 *
 * @example
 * ```ts
 * const bad = corruptRedisData(redisAppData(t), () => rng.next());
 * bad['sentinel:b']; // undefined
 * ```
 */
export function corruptRedisData(data: Readonly<Record<string, string>>, draw: () => number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === 'sentinel:b') continue;
    if (key.startsWith('job:') && draw() < 0.35) continue;
    out[key] = key === 'sentinel:a' ? `${value}-corrupted-${Math.floor(draw() * 1e6)}` : value;
  }
  return out;
}

/** The verdict of {@link checkRedisData}. */
export interface RedisDataCheck {
  /** True when the sentinels are intact and, if an RPO was given, the data is fresh enough. */
  readonly ok: boolean;
  /** Every problem found, human-readable. */
  readonly problems: readonly string[];
  /** The application's last write recorded in the data (ms), if present. */
  readonly lastWriteAt?: number;
  /** `reference - lastWriteAt` (ms), when both are known. */
  readonly dataAgeMs?: number;
}

/**
 * Checks application data read from Redis: sentinels intact, `app:last-write-at` present and,
 * when `rpoMs` and `reference` (e.g. the disaster time) are given, no older than the RPO.
 * The simulation's own reference check; `@drkit/aws` has the production data check.
 *
 * @example
 * ```ts
 * checkRedisData(keys, { reference: disasterAt, rpoMs: 15 * 60_000 }).ok;
 * ```
 */
export function checkRedisData(
  data: Readonly<Record<string, string | undefined>>,
  options: { reference?: number; rpoMs?: number } = {},
): RedisDataCheck {
  const problems: string[] = [];
  for (const [key, expected] of Object.entries(REDIS_SENTINELS)) {
    const actual = data[key];
    if (actual === undefined) problems.push(`${key} is missing`);
    else if (actual !== expected) problems.push(`${key} has an unexpected value`);
  }
  const raw = data[REDIS_LAST_WRITE_KEY];
  const lastWriteAt = raw === undefined ? undefined : Date.parse(raw);
  if (raw === undefined) problems.push(`${REDIS_LAST_WRITE_KEY} is missing`);
  else if (lastWriteAt === undefined || Number.isNaN(lastWriteAt))
    problems.push(`${REDIS_LAST_WRITE_KEY} is not a time: ${JSON.stringify(raw)}`);
  let dataAgeMs: number | undefined;
  if (lastWriteAt !== undefined && !Number.isNaN(lastWriteAt) && options.reference !== undefined) {
    dataAgeMs = options.reference - lastWriteAt;
    if (options.rpoMs !== undefined && dataAgeMs > options.rpoMs)
      problems.push(
        `data is ${Math.round(dataAgeMs / 60_000)} min old, over the RPO of ${Math.round(options.rpoMs / 60_000)} min`,
      );
  }
  return {
    ok: problems.length === 0,
    problems,
    ...(lastWriteAt !== undefined && !Number.isNaN(lastWriteAt) ? { lastWriteAt } : {}),
    ...(dataAgeMs !== undefined ? { dataAgeMs } : {}),
  };
}
