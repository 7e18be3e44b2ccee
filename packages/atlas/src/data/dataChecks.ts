import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import {
  canonicalJson,
  invalidInput,
  parseDuration,
  type Check,
  type CheckVerdict,
  type DrContext,
  type DrError,
  type Duration,
  type InputProblem,
} from '@drkit/core';
import type { AtlasDataReader, DocumentId, IndexDefinition } from './AtlasDataReader';
import { documentHash, type DataManifest } from './manifest';

/** A reader, or how to get one for the subject (e.g. a connection to the restored cluster). */
export type ReaderFor<S> = AtlasDataReader | ((subject: S) => AtlasDataReader);

/** Options every manifest-based data check takes. */
export interface ManifestCheckOptions<S> {
  readonly reader: ReaderFor<S>;
  /** What the database held at the backup's moment (see `captureDataManifest`). */
  readonly manifest: DataManifest;
  /** Overrides the check's default name. */
  readonly name?: string;
  readonly required?: boolean;
  readonly timeout?: Duration;
}

type Finding = Omit<CheckVerdict, 'name' | 'durationMs'>;

/** Builds a check that resolves its reader, validates its options once, and times itself. */
function dataCheck<S>(
  defaultName: string,
  options: {
    readonly reader: ReaderFor<S>;
    readonly name?: string;
    readonly required?: boolean;
    readonly timeout?: Duration;
  },
  problems: readonly InputProblem[],
  body: (reader: AtlasDataReader, subject: S, ctx: DrContext) => ResultAsync<Finding, DrError>,
): Check<S> {
  const name = typeof options?.name === 'string' && options.name !== '' ? options.name : defaultName;
  const all = [...problems];
  if (typeof options?.reader !== 'function' && typeof options?.reader?.count !== 'function')
    all.push({ path: 'reader', message: 'must be an AtlasDataReader or a function of the subject returning one' });
  return {
    name,
    ...(options?.required !== undefined ? { required: options.required } : {}),
    ...(options?.timeout !== undefined ? { timeout: options.timeout } : {}),
    run(subject, ctx) {
      if (all.length > 0) return errAsync(invalidInput(all));
      const startedAt = ctx.clock.now();
      let reader: AtlasDataReader;
      try {
        reader = typeof options.reader === 'function' ? options.reader(subject) : options.reader;
      } catch (thrown) {
        return errAsync(
          invalidInput([
            { path: 'reader', message: `could not be made: ${thrown instanceof Error ? thrown.name : 'error'}` },
          ]),
        );
      }
      return body(reader, subject, ctx).map((f) => ({ name, ...f, durationMs: ctx.clock.now() - startedAt }));
    },
  };
}

function manifestProblems(manifest: unknown): InputProblem[] {
  const m = manifest as Partial<DataManifest> | null;
  if (
    typeof m !== 'object' ||
    m === null ||
    typeof m.database !== 'string' ||
    typeof m.collections !== 'object' ||
    m.collections === null
  )
    return [{ path: 'manifest', message: 'must be a DataManifest ({ database, takenAt, collections })' }];
  return [];
}

/** Runs `step` for each item in turn, collecting the results. */
function each<T, R>(items: readonly T[], step: (item: T) => ResultAsync<R, DrError>): ResultAsync<R[], DrError> {
  const out: R[] = [];
  const next = (i: number): ResultAsync<R[], DrError> => {
    if (i >= items.length) return okAsync(out);
    return step(items[i]!).andThen((r) => {
      out.push(r);
      return next(i + 1);
    });
  };
  return next(0);
}

/**
 * A check that every collection in the manifest exists in the restored database (and, with
 * `allowExtra: false`, that there are no others).
 *
 * @example
 * ```ts
 * const inventory = collectionInventoryCheck({ reader, manifest });
 * ```
 */
export function collectionInventoryCheck<S>(
  options: ManifestCheckOptions<S> & { readonly allowExtra?: boolean },
): Check<S> {
  return dataCheck('atlas-data-collections', options, manifestProblems(options?.manifest), (reader, _s, ctx) =>
    reader.listCollections(options.manifest.database, ctx).map((names): Finding => {
      const expected = Object.keys(options.manifest.collections).sort();
      const have = new Set(names);
      const missing = expected.filter((c) => !have.has(c));
      const extra = options.allowExtra === false ? names.filter((c) => !(c in options.manifest.collections)) : [];
      const passed = missing.length === 0 && extra.length === 0;
      return {
        status: passed ? 'passed' : 'failed',
        detail: passed
          ? `${expected.length} of ${expected.length} collections present`
          : `${missing.length > 0 ? `missing: ${missing.join(', ')}` : ''}${missing.length > 0 && extra.length > 0 ? '; ' : ''}${extra.length > 0 ? `unexpected: ${extra.join(', ')}` : ''}`,
        evidence: { expected, missing, ...(extra.length > 0 ? { unexpected: extra } : {}) },
      };
    }),
  );
}

/**
 * A check that every collection holds exactly as many documents as the manifest recorded (an
 * exact `countDocuments`, not an estimate): the restore of that moment lost and gained nothing.
 *
 * @example
 * ```ts
 * const counts = exactCountsCheck({ reader, manifest });
 * ```
 */
export function exactCountsCheck<S>(options: ManifestCheckOptions<S>): Check<S> {
  return dataCheck('atlas-data-counts', options, manifestProblems(options?.manifest), (reader, _s, ctx) => {
    const db = options.manifest.database;
    const names = Object.keys(options.manifest.collections).sort();
    return each(names, (c) =>
      reader.count(db, c, ctx).map((n) => ({ c, expected: options.manifest.collections[c]!.count, actual: n })),
    ).map((rows): Finding => {
      const wrong = rows.filter((r) => r.actual !== r.expected);
      return {
        status: wrong.length === 0 ? 'passed' : 'failed',
        detail:
          wrong.length === 0
            ? `${rows.length} collections hold exactly the recorded counts`
            : wrong.map((r) => `${r.c}: ${r.actual} documents, ${r.expected} recorded`).join('; '),
        evidence: { counts: Object.fromEntries(rows.map((r) => [r.c, { expected: r.expected, actual: r.actual }])) },
      };
    });
  });
}

function indexSignature(i: IndexDefinition): string {
  return canonicalJson({
    key: i.key,
    unique: i.unique === true,
    sparse: i.sparse === true,
    expireAfterSeconds: i.expireAfterSeconds ?? null,
    partialFilterExpression: i.partialFilterExpression ?? null,
  });
}

/**
 * A check that every index the manifest recorded exists with the same definition (key pattern,
 * `unique`, `sparse`, TTL, partial filter): a restore that lost or changed an index serves
 * queries slowly or accepts duplicates.
 *
 * @example
 * ```ts
 * const indexes = indexDefinitionsCheck({ reader, manifest });
 * ```
 */
export function indexDefinitionsCheck<S>(options: ManifestCheckOptions<S>): Check<S> {
  return dataCheck('atlas-data-indexes', options, manifestProblems(options?.manifest), (reader, _s, ctx) => {
    const db = options.manifest.database;
    const names = Object.keys(options.manifest.collections).sort();
    return each(names, (c) => reader.indexes(db, c, ctx).map((have) => ({ c, have }))).map((rows): Finding => {
      const missing: string[] = [];
      const changed: string[] = [];
      let total = 0;
      for (const { c, have } of rows) {
        const byName = new Map(have.map((i) => [i.name, i]));
        for (const want of options.manifest.collections[c]!.indexes) {
          total++;
          const got = byName.get(want.name);
          if (!got) missing.push(`${c}.${want.name}`);
          else if (indexSignature(got) !== indexSignature(want)) changed.push(`${c}.${want.name}`);
        }
      }
      const passed = missing.length === 0 && changed.length === 0;
      return {
        status: passed ? 'passed' : 'failed',
        detail: passed
          ? `${total} of ${total} indexes present as recorded`
          : [
              missing.length ? `missing: ${missing.join(', ')}` : '',
              changed.length ? `changed: ${changed.join(', ')}` : '',
            ]
              .filter(Boolean)
              .join('; '),
        evidence: { indexes: total, missing, changed },
      };
    });
  });
}

/**
 * A check that the documents sampled into the manifest exist in the restored database with
 * exactly the same content (SHA-256 of canonical JSON): it catches silent corruption that
 * counts and indexes miss. Only hashes and `_id`s appear in the evidence, never content.
 *
 * @example
 * ```ts
 * const samples = sampleHashesCheck({ reader, manifest });
 * ```
 */
export function sampleHashesCheck<S>(options: ManifestCheckOptions<S>): Check<S> {
  return dataCheck('atlas-data-samples', options, manifestProblems(options?.manifest), (reader, _s, ctx) => {
    const db = options.manifest.database;
    const names = Object.keys(options.manifest.collections)
      .sort()
      .filter((c) => options.manifest.collections[c]!.samples.length > 0);
    return each(names, (c) => {
      const samples = options.manifest.collections[c]!.samples;
      return reader.sampleDocuments(db, c, { ids: samples.map((s) => s.id) }, ctx).map((docs) => {
        const got = new Map(docs.map((d) => [canonicalJson(d._id), documentHash(d)]));
        return samples.map((s) => ({ c, id: s.id, want: s.sha256, got: got.get(canonicalJson(s.id)) }));
      });
    }).map((nested): Finding => {
      const rows = nested.flat();
      const missing = rows.filter((r) => r.got === undefined).map((r) => `${r.c}:${idText(r.id)}`);
      const differ = rows.filter((r) => r.got !== undefined && r.got !== r.want).map((r) => `${r.c}:${idText(r.id)}`);
      const passed = missing.length === 0 && differ.length === 0;
      return {
        status: passed ? 'passed' : 'failed',
        detail: passed
          ? `${rows.length} of ${rows.length} sampled documents identical`
          : [
              missing.length ? `missing: ${missing.join(', ')}` : '',
              differ.length ? `changed: ${differ.join(', ')}` : '',
            ]
              .filter(Boolean)
              .join('; '),
        evidence: { sampled: rows.length, missing, changed: differ },
      };
    });
  });
}

function idText(id: DocumentId): string {
  return typeof id === 'string' || typeof id === 'number' ? String(id) : canonicalJson(id);
}

/** Options of {@link pointInTimeCanaryCheck}. */
export interface CanaryCheckOptions<S> {
  readonly reader: ReaderFor<S>;
  readonly database: string;
  /** The collection the application writes markers to. */
  readonly collection: string;
  /** The marker's write-time field (a date or an ISO-8601 string). Default `'writtenAt'`. */
  readonly field?: string;
  /** The moment the restore targets (ms epoch), or how to read it from the subject. */
  readonly at: number | ((subject: S) => number);
  /**
   * How often markers are written: the newest marker at or before `at` must be younger than
   * this. Default `'1m'`.
   */
  readonly interval?: Duration;
  readonly name?: string;
  readonly required?: boolean;
  readonly timeout?: Duration;
}

/**
 * A point-in-time canary check: the application writes a marker document every `interval`;
 * a restore to `at` must contain the last marker written at or before `at` (so no data up to
 * the target was lost) and no marker written after it (so the restore did not overshoot, or
 * restore the live cluster by mistake).
 *
 * @example
 * ```ts
 * const canary = pointInTimeCanaryCheck<RestoredResource>({
 *   reader, database: 'jobmatch', collection: 'canaries', field: 'writtenAt', interval: '1m',
 *   at: (resource) => Date.parse(resource.attributes!.restoredTo!),
 * });
 * ```
 */
export function pointInTimeCanaryCheck<S>(options: CanaryCheckOptions<S>): Check<S> {
  const problems: InputProblem[] = [];
  if (typeof options?.database !== 'string' || options.database === '')
    problems.push({ path: 'database', message: 'must name a database' });
  if (typeof options?.collection !== 'string' || options.collection === '')
    problems.push({ path: 'collection', message: 'must name the marker collection' });
  if (typeof options?.at !== 'function' && !(typeof options?.at === 'number' && Number.isFinite(options.at)))
    problems.push({ path: 'at', message: 'must be a time in ms since the epoch, or a function of the subject' });
  let intervalMs = 60_000;
  if (options?.interval !== undefined) {
    const parsed = parseDuration(options.interval, 'interval');
    if (parsed.isErr()) problems.push(...parsed.error.problems);
    else intervalMs = parsed.value;
  }
  const field = options?.field ?? 'writtenAt';
  return dataCheck('atlas-data-pit-canary', options, problems, (reader, subject, ctx) => {
    const at = typeof options.at === 'function' ? options.at(subject) : options.at;
    if (!Number.isFinite(at))
      return errAsync<Finding, DrError>(
        invalidInput([{ path: 'at', message: 'gave something other than a time in ms' }]),
      );
    const db = options.database;
    const before = reader.findMarkers(
      db,
      options.collection,
      { field, after: at - intervalMs, atOrBefore: at, limit: 10 },
      ctx,
    );
    const after = reader.findMarkers(db, options.collection, { field, after: at, limit: 10 }, ctx);
    return ResultAsync.combine([before, after] as const).map(([lastBefore, overshoot]): Finding => {
      const iso = new Date(at).toISOString();
      const newest = lastBefore.at(-1);
      const passed = lastBefore.length > 0 && overshoot.length === 0;
      const reasons = [
        lastBefore.length === 0
          ? `no marker written in the ${intervalMs / 1000} s up to ${iso}: data before the target is missing`
          : '',
        overshoot.length > 0
          ? `${overshoot.length}${overshoot.length === 10 ? '+' : ''} marker(s) written after ${iso} are present`
          : '',
      ].filter(Boolean);
      return {
        status: passed ? 'passed' : 'failed',
        detail: passed ? `the last marker before ${iso} is present and none after it` : reasons.join('; '),
        evidence: {
          at: iso,
          lastMarkerBefore: newest ? (newest[field] ?? null) : null,
          markersAfter: overshoot.length,
          firstMarkerAfter: overshoot[0] ? (overshoot[0][field] ?? null) : null,
        },
      };
    });
  });
}

/** Options of {@link atlasDataChecks}. */
export interface AtlasDataChecksOptions<S> {
  readonly reader: ReaderFor<S>;
  readonly manifest: DataManifest;
  /** Adds the point-in-time canary check. */
  readonly canary?: Omit<CanaryCheckOptions<S>, 'reader' | 'database'> & { readonly database?: string };
}

/**
 * The data checks for one restore, in one list for `validateRestore`: collection inventory,
 * exact counts, index definitions, sample-document hashes against the manifest and, given
 * `canary`, the point-in-time canary check.
 *
 * @example
 * ```ts
 * const reader = mongoDataReader({ uri: restoredUri });
 * const checks = atlasDataChecks<RestoredResource>({ reader, manifest, canary: { collection: 'canaries', at: (r) => Date.parse(r.attributes!.restoredTo!) } });
 * await validateRestore(restored.resource, [clusterStateCheck({ client }), ...checks], {}, ctx);
 * await reader.close();
 * ```
 */
export function atlasDataChecks<S>(options: AtlasDataChecksOptions<S>): Check<S>[] {
  const base = { reader: options.reader, manifest: options.manifest };
  const checks: Check<S>[] = [
    collectionInventoryCheck(base),
    exactCountsCheck(base),
    indexDefinitionsCheck(base),
    sampleHashesCheck(base),
  ];
  if (options.canary)
    checks.push(
      pointInTimeCanaryCheck({
        ...options.canary,
        reader: options.reader,
        database: options.canary.database ?? options.manifest?.database,
      }),
    );
  return checks;
}
