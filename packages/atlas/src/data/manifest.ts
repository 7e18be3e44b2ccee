import { createHash } from 'node:crypto';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { Problems, canonicalJson, invalidInput, resolveContext, type DrContextInput, type DrError } from '@drkit/core';
import type { AtlasDataReader, DataDocument, DocumentId, IndexDefinition } from './AtlasDataReader';

/** What a manifest holds about one collection. */
export interface CollectionManifest {
  /** Exact document count when the manifest was taken. */
  readonly count: number;
  readonly indexes: readonly IndexDefinition[];
  /** Sampled documents by `_id`, each with the SHA-256 of its canonical JSON (never the document itself). */
  readonly samples: readonly { readonly id: DocumentId; readonly sha256: string }[];
}

/**
 * What a database held when a backup was taken: collections, exact counts, index definitions
 * and hashes of sampled documents. JSON, no document contents: store it next to the backup and
 * validate a restore of that moment against it.
 */
export interface DataManifest {
  readonly database: string;
  /** When the manifest was taken (ISO-8601, `ctx.clock`). */
  readonly takenAt: string;
  readonly collections: Readonly<Record<string, CollectionManifest>>;
}

/** Options of {@link captureDataManifest}. */
export interface CaptureManifestOptions {
  readonly database: string;
  /** Default: every collection of the database. */
  readonly collections?: readonly string[];
  /** Newest documents hashed per collection. Default 5. */
  readonly sampleSize?: number;
}

/**
 * The SHA-256 (hex) of a document's canonical JSON (keys sorted), so the same document hashes
 * the same whatever its key order.
 *
 * @example
 * ```ts
 * documentHash({ b: 1, a: 2 }) === documentHash({ a: 2, b: 1 }); // true
 * ```
 */
export function documentHash(doc: DataDocument): string {
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

/**
 * Takes a {@link DataManifest} of a database through a reader: at backup time on the live
 * cluster (or right after a known-good restore), to validate later restores of that moment.
 *
 * @example
 * ```ts
 * const manifest = await captureDataManifest(mongoDataReader({ uri: prodReadOnlyUri }), { database: 'jobmatch' }, ctx);
 * if (manifest.isOk()) await saveNextToSnapshot(JSON.stringify(manifest.value));
 * ```
 */
export function captureDataManifest(
  reader: AtlasDataReader,
  options: CaptureManifestOptions,
  ctxInput?: DrContextInput,
): ResultAsync<DataManifest, DrError> {
  const problems = new Problems();
  if (typeof reader?.listCollections !== 'function') problems.add('reader', 'must be an AtlasDataReader');
  if (typeof options?.database !== 'string' || options.database === '')
    problems.add('database', 'must name a database');
  const sampleSize = options?.sampleSize ?? 5;
  if (!Number.isInteger(sampleSize) || sampleSize < 0)
    problems.add('sampleSize', 'must be a whole number of at least 0');
  if (options?.collections !== undefined && !Array.isArray(options.collections))
    problems.add('collections', 'must be a list of collection names');
  if (problems.any) return errAsync(invalidInput(problems.list));
  const ctx = resolveContext(ctxInput);
  const db = options.database;
  const takenAt = new Date(ctx.clock.now()).toISOString();
  const names: ResultAsync<readonly string[], DrError> = options.collections
    ? okAsync(options.collections)
    : reader.listCollections(db, ctx);
  return names.andThen((list) => {
    const collections: Record<string, CollectionManifest> = {};
    const next = (i: number): ResultAsync<DataManifest, DrError> => {
      if (i >= list.length) return okAsync({ database: db, takenAt, collections });
      const name = list[i]!;
      return ResultAsync.combine([
        reader.count(db, name, ctx),
        reader.indexes(db, name, ctx),
        sampleSize > 0 ? reader.sampleDocuments(db, name, { newest: sampleSize }, ctx) : okAsync([] as const),
      ] as const).andThen(([count, indexes, docs]) => {
        collections[name] = {
          count,
          indexes: [...indexes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
          samples: docs
            .filter((d) => d._id !== undefined)
            .map((d) => ({ id: d._id as DocumentId, sha256: documentHash(d) })),
        };
        return next(i + 1);
      });
    };
    return next(0);
  });
}
