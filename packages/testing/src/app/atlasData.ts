/**
 * The simulated application's MongoDB data: what the Job Matching API keeps in its Atlas
 * cluster at any moment, as a pure function of virtual time. A restore to time T therefore
 * yields exactly the data as of T, and a data check can tell an intact restore from a damaged
 * or stale one.
 *
 * Database {@link ATLAS_APP_DATABASE}, collections:
 *
 * | collection | writes | document |
 * |---|---|---|
 * | `jobs` | one every 5 min | `{ _id: 'job-<n>', seq, title, company, status: 'open'│'filled', createdAt }` |
 * | `candidates` | one every 2 min | `{ _id: 'cand-<n>', seq, name, email, createdAt }` |
 * | `matches` | one every minute | `{ _id: 'match-<n>', seq, jobId, candidateId, score, createdAt }` |
 * | `canaries` | one every minute | `{ _id: 'canary-<n>', seq, writtenAt }`: the point-in-time marker |
 * | `sentinels` | never (fixed) | {@link ATLAS_SENTINELS} |
 *
 * Counts grow with time from the application's epoch ({@link AtlasAppModel.epochMs}). Only the
 * newest {@link AtlasAppModel.newestKept} documents of each collection are materialised (a
 * year of data is hundreds of thousands of documents); {@link atlasDocument} builds any
 * document by number. Every collection has its indexes ({@link ATLAS_INDEXES}).
 */

/** The database the application uses. */
export const ATLAS_APP_DATABASE = 'jobmatch';

/** One MongoDB document (plain JSON values; dates as ISO strings). */
export type AtlasDocument = Readonly<Record<string, string | number | boolean | null>>;

/** An index as `listIndexes` reports it (name, key pattern, uniqueness). */
export interface AtlasIndex {
  readonly name: string;
  readonly key: Readonly<Record<string, 1 | -1>>;
  readonly unique?: boolean;
}

/** Fixed documents of the `sentinels` collection; a restored copy whose sentinels differ is corrupt. */
export const ATLAS_SENTINELS: readonly AtlasDocument[] = [
  { _id: 'sentinel-alpha', value: 'drkit-atlas-sentinel-alpha-3f9a', createdAt: '2026-01-01T00:00:00.000Z' },
  { _id: 'sentinel-bravo', value: 'drkit-atlas-sentinel-bravo-81c4', createdAt: '2026-01-01T00:00:00.000Z' },
  { _id: 'sentinel-charlie', value: 'drkit-atlas-sentinel-charlie-d07e', createdAt: '2026-01-01T00:00:00.000Z' },
];

const ID_INDEX: AtlasIndex = { name: '_id_', key: { _id: 1 } };

/** The indexes of each collection. A restore that lost one is damaged. */
export const ATLAS_INDEXES: Readonly<Record<AtlasAppCollection, readonly AtlasIndex[]>> = {
  jobs: [ID_INDEX, { name: 'status_1_createdAt_-1', key: { status: 1, createdAt: -1 } }],
  candidates: [ID_INDEX, { name: 'email_1', key: { email: 1 }, unique: true }],
  matches: [
    ID_INDEX,
    { name: 'jobId_1_candidateId_1', key: { jobId: 1, candidateId: 1 }, unique: true },
    { name: 'createdAt_-1', key: { createdAt: -1 } },
  ],
  canaries: [ID_INDEX, { name: 'writtenAt_-1', key: { writtenAt: -1 } }],
  sentinels: [ID_INDEX],
};

/** The collections the application writes. */
export type AtlasAppCollection = 'jobs' | 'candidates' | 'matches' | 'canaries' | 'sentinels';

/** Every collection, in a stable order. */
export const ATLAS_APP_COLLECTIONS: readonly AtlasAppCollection[] = [
  'jobs',
  'candidates',
  'matches',
  'canaries',
  'sentinels',
];

/** Parameters of the application's write pattern. */
export interface AtlasAppModel {
  /** When the application wrote its first documents, ms since the epoch. Default `2026-01-01T00:00:00Z`. */
  readonly epochMs: number;
  /** Time between two canary markers, ms. Default 60 000 (every minute). */
  readonly canaryIntervalMs: number;
  /** Time between two new jobs, ms. Default 300 000. */
  readonly jobsIntervalMs: number;
  /** Time between two new candidates, ms. Default 120 000. */
  readonly candidatesIntervalMs: number;
  /** Time between two new matches, ms. Default 60 000. */
  readonly matchesIntervalMs: number;
  /** How many of the newest documents per collection are materialised. Default 20. */
  readonly newestKept: number;
}

/** The default {@link AtlasAppModel}. */
export const DEFAULT_ATLAS_APP_MODEL: AtlasAppModel = {
  epochMs: Date.parse('2026-01-01T00:00:00Z'),
  canaryIntervalMs: 60_000,
  jobsIntervalMs: 300_000,
  candidatesIntervalMs: 120_000,
  matchesIntervalMs: 60_000,
  newestKept: 20,
};

/** One collection as it stands at a moment. */
export interface AtlasCollectionData {
  readonly name: AtlasAppCollection;
  /** Number of documents. */
  readonly count: number;
  readonly indexes: readonly AtlasIndex[];
  /** The newest documents, newest first (all of them for `sentinels`). */
  readonly newest: readonly AtlasDocument[];
}

/** The application's data in one cluster at one moment. */
export interface AtlasAppData {
  readonly database: string;
  /** ISO time of the newest canary marker (the data's freshness), undefined when there is none. */
  readonly asOf: string | undefined;
  readonly collections: Readonly<Record<AtlasAppCollection, AtlasCollectionData>>;
}

const TITLES = ['Backend Engineer', 'Data Analyst', 'Site Reliability Engineer', 'Product Designer', 'QA Engineer'];
const COMPANIES = ['Acme Logistics', 'Globex', 'Initech', 'Umbrella Health', 'Hooli'];
const NAMES = ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances'];

function intervalOf(collection: AtlasAppCollection, m: AtlasAppModel): number {
  switch (collection) {
    case 'jobs':
      return m.jobsIntervalMs;
    case 'candidates':
      return m.candidatesIntervalMs;
    case 'matches':
      return m.matchesIntervalMs;
    default:
      return m.canaryIntervalMs;
  }
}

/** Documents written in a collection up to `at` (0 before the epoch). */
function countAt(collection: AtlasAppCollection, at: number, m: AtlasAppModel): number {
  if (collection === 'sentinels') return ATLAS_SENTINELS.length;
  if (!Number.isFinite(at) || at < m.epochMs) return 0;
  return Math.floor((at - m.epochMs) / intervalOf(collection, m)) + 1;
}

/**
 * Document number `n` (from 0) of a collection, exactly as the application wrote it.
 *
 * @example
 * ```ts
 * atlasDocument('canaries', 0); // { _id: 'canary-0', seq: 0, writtenAt: '2026-01-01T00:00:00.000Z' }
 * ```
 */
export function atlasDocument(
  collection: AtlasAppCollection,
  n: number,
  model: Partial<AtlasAppModel> = {},
): AtlasDocument {
  const m = { ...DEFAULT_ATLAS_APP_MODEL, ...model };
  if (collection === 'sentinels') return ATLAS_SENTINELS[n % ATLAS_SENTINELS.length]!;
  const at = m.epochMs + n * intervalOf(collection, m);
  const iso = new Date(at).toISOString();
  switch (collection) {
    case 'jobs':
      return {
        _id: `job-${n}`,
        seq: n,
        title: TITLES[n % TITLES.length]!,
        company: COMPANIES[(n * 7) % COMPANIES.length]!,
        status: n % 3 === 0 ? 'filled' : 'open',
        createdAt: iso,
      };
    case 'candidates':
      return {
        _id: `cand-${n}`,
        seq: n,
        name: `${NAMES[n % NAMES.length]!} ${n}`,
        email: `candidate${n}@example.test`,
        createdAt: iso,
      };
    case 'matches': {
      const jobs = countAt('jobs', at, m);
      const candidates = countAt('candidates', at, m);
      return {
        _id: `match-${n}`,
        seq: n,
        jobId: `job-${jobs > 0 ? (n * 31) % jobs : 0}`,
        candidateId: `cand-${candidates > 0 ? (n * 17) % candidates : 0}`,
        score: ((n * 37) % 100) / 100,
        createdAt: iso,
      };
    }
    case 'canaries':
      return { _id: `canary-${n}`, seq: n, writtenAt: iso };
  }
}

/**
 * Time of the newest canary marker at or before `at` (ms), or undefined before the epoch.
 *
 * @example
 * ```ts
 * lastCanaryAt(Date.parse('2026-11-22T03:00:42Z')); // Date.parse('2026-11-22T03:00:00Z')
 * ```
 */
export function lastCanaryAt(at: number, model: Partial<AtlasAppModel> = {}): number | undefined {
  const m = { ...DEFAULT_ATLAS_APP_MODEL, ...model };
  const n = countAt('canaries', at, m);
  return n === 0 ? undefined : m.epochMs + (n - 1) * m.canaryIntervalMs;
}

/**
 * The application's data as it stands at virtual time `at` (every write at or before `at`).
 *
 * @example
 * ```ts
 * const data = atlasAppData(Date.parse('2026-11-22T03:00:00Z'));
 * data.collections.canaries.newest[0]?.writtenAt; // '2026-11-22T03:00:00.000Z'
 * data.collections.sentinels.newest; // ATLAS_SENTINELS
 * ```
 */
export function atlasAppData(at: number, model: Partial<AtlasAppModel> = {}): AtlasAppData {
  const m = { ...DEFAULT_ATLAS_APP_MODEL, ...model };
  const collections = {} as Record<AtlasAppCollection, AtlasCollectionData>;
  for (const name of ATLAS_APP_COLLECTIONS) {
    const count = countAt(name, at, m);
    const newest: AtlasDocument[] = [];
    const keep = name === 'sentinels' ? count : Math.min(count, m.newestKept);
    for (let i = 0; i < keep; i++) newest.push(atlasDocument(name, name === 'sentinels' ? i : count - 1 - i, m));
    collections[name] = { name, count, indexes: ATLAS_INDEXES[name], newest };
  }
  const last = lastCanaryAt(at, m);
  return {
    database: ATLAS_APP_DATABASE,
    asOf: last === undefined ? undefined : new Date(last).toISOString(),
    collections,
  };
}

/**
 * An empty database (a new cluster, or a restore target before its restore completes): no
 * collections hold documents, only the `_id_` indexes exist, and there are no sentinels.
 *
 * @example
 * ```ts
 * emptyAtlasData().collections.jobs.count; // 0
 * ```
 */
export function emptyAtlasData(): AtlasAppData {
  const collections = {} as Record<AtlasAppCollection, AtlasCollectionData>;
  for (const name of ATLAS_APP_COLLECTIONS) collections[name] = { name, count: 0, indexes: [ID_INDEX], newest: [] };
  return { database: ATLAS_APP_DATABASE, asOf: undefined, collections };
}

/**
 * A damaged copy of `data`, as a `corrupt:restore` fault leaves it: `sentinel-alpha` holds a
 * wrong value, `sentinel-bravo` is missing, about a third of the newest documents of every
 * other collection are gone (and the counts drop accordingly), and the `jobs` secondary index
 * was not rebuilt. `draw` supplies uniform numbers in [0, 1) (the simulation's seeded
 * generator), so the damage is reproducible.
 *
 * @example
 * ```ts
 * const bad = corruptAtlasData(atlasAppData(t), () => rng.next());
 * bad.collections.sentinels.count; // 2
 * ```
 */
export function corruptAtlasData(data: AtlasAppData, draw: () => number): AtlasAppData {
  const collections = {} as Record<AtlasAppCollection, AtlasCollectionData>;
  for (const name of ATLAS_APP_COLLECTIONS) {
    const c = data.collections[name];
    if (name === 'sentinels') {
      const newest = c.newest
        .filter((d) => d._id !== 'sentinel-bravo')
        .map((d) =>
          d._id === 'sentinel-alpha' ? { ...d, value: `${String(d.value)}-corrupted-${Math.floor(draw() * 1e6)}` } : d,
        );
      collections[name] = { ...c, count: newest.length, newest };
      continue;
    }
    const newest = c.newest.filter(() => draw() >= 0.35);
    const lost = c.newest.length - newest.length + Math.floor(c.count * 0.02);
    collections[name] = {
      ...c,
      count: Math.max(0, c.count - lost),
      newest,
      indexes: name === 'jobs' ? c.indexes.filter((i) => i.name === '_id_') : c.indexes,
    };
  }
  return { ...data, collections };
}

/** The verdict of {@link checkAtlasData}. */
export interface AtlasDataCheck {
  /** True when sentinels and indexes are intact, counts are plausible, and (if asked) the data is fresh enough. */
  readonly ok: boolean;
  /** Every problem found, human-readable. */
  readonly problems: readonly string[];
}

/**
 * Checks restored data the way a restore validation would: every sentinel present with its
 * fixed value, every index present, no collection smaller than the application had written
 * by the data's own canary time, and, given `expectedAsOf` and `rpoMs`, the newest canary no
 * older than `expectedAsOf - rpoMs`.
 *
 * @example
 * ```ts
 * checkAtlasData(atlasAppData(t), { expectedAsOf: t, rpoMs: 15 * 60_000 }).ok; // true
 * ```
 */
export function checkAtlasData(
  data: AtlasAppData,
  options: { expectedAsOf?: number; rpoMs?: number; model?: Partial<AtlasAppModel> } = {},
): AtlasDataCheck {
  const problems: string[] = [];
  const sentinels = data.collections.sentinels.newest;
  for (const s of ATLAS_SENTINELS) {
    const found = sentinels.find((d) => d._id === s._id);
    if (!found) problems.push(`sentinel ${String(s._id)} is missing`);
    else if (found.value !== s.value) problems.push(`sentinel ${String(s._id)} holds a wrong value`);
  }
  for (const name of ATLAS_APP_COLLECTIONS) {
    const have = new Set(data.collections[name].indexes.map((i) => i.name));
    for (const index of ATLAS_INDEXES[name])
      if (!have.has(index.name)) problems.push(`index ${name}.${index.name} is missing`);
  }
  if (data.asOf === undefined) problems.push('no canary marker: the database is empty');
  else {
    const expected = atlasAppData(Date.parse(data.asOf), options.model ?? {});
    for (const name of ATLAS_APP_COLLECTIONS) {
      if (data.collections[name].count < expected.collections[name].count)
        problems.push(
          `${name} holds ${data.collections[name].count} documents, ${expected.collections[name].count} expected at ${data.asOf}`,
        );
    }
    if (options.expectedAsOf !== undefined && options.rpoMs !== undefined) {
      const lag = options.expectedAsOf - Date.parse(data.asOf);
      if (lag > options.rpoMs)
        problems.push(
          `newest canary is ${Math.round(lag / 1000)} s older than expected (RPO ${Math.round(options.rpoMs / 1000)} s)`,
        );
    }
  }
  return { ok: problems.length === 0, problems };
}
