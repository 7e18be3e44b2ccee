import type { ResultAsync } from 'neverthrow';
import type { DrContext, DrError } from '@drkit/core';

/** A document `_id` as plain JSON: a string, a number, or Extended JSON such as `{ "$oid": "…" }`. */
export type DocumentId = string | number | Readonly<Record<string, unknown>>;

/** A document as plain JSON values (the driver-backed reader converts BSON to canonical Extended JSON). */
export type DataDocument = Readonly<Record<string, unknown>>;

/** An index as `listIndexes` reports it: name, key pattern and the options that change its meaning. */
export interface IndexDefinition {
  readonly name: string;
  readonly key: Readonly<Record<string, unknown>>;
  readonly unique?: boolean;
  readonly sparse?: boolean;
  readonly expireAfterSeconds?: number;
  readonly partialFilterExpression?: Readonly<Record<string, unknown>>;
}

/** Which documents {@link AtlasDataReader.sampleDocuments} returns. */
export type DocumentSample =
  /** These documents (by `_id`), as far as they exist. */
  | { readonly ids: readonly DocumentId[] }
  /** The `newest` documents, newest `_id` first. */
  | { readonly newest: number };

/** A range query over marker documents (point-in-time canaries). Times are ms since the epoch. */
export interface MarkerQuery {
  /** The field holding the marker's write time (a date, or an ISO-8601 string). */
  readonly field: string;
  /** Only markers written strictly after this time. */
  readonly after?: number;
  /** Only markers written at or before this time. */
  readonly atOrBefore?: number;
  /** At most this many (default 100). */
  readonly limit?: number;
}

/**
 * The narrow interface the data checks read a MongoDB database through. `mongoDataReader`
 * implements it with the official `mongodb` driver; tests implement it with a fake (the
 * simulated cloud's restored-data state). Every method is read-only, returns `ResultAsync` and
 * never throws; errors are `DrError`s without credentials or connection strings.
 *
 * @example
 * ```ts
 * const reader: AtlasDataReader = mongoDataReader({ uri: restoredClusterUri });
 * const names = await reader.listCollections('jobmatch', ctx); // ok(['jobs', 'candidates', …])
 * ```
 */
export interface AtlasDataReader {
  /** Collection names of the database (no `system.*` collections). */
  listCollections(database: string, ctx: DrContext): ResultAsync<readonly string[], DrError>;
  /** The exact number of documents (`countDocuments({})`, not the estimate). */
  count(database: string, collection: string, ctx: DrContext): ResultAsync<number, DrError>;
  indexes(database: string, collection: string, ctx: DrContext): ResultAsync<readonly IndexDefinition[], DrError>;
  sampleDocuments(
    database: string,
    collection: string,
    sample: DocumentSample,
    ctx: DrContext,
  ): ResultAsync<readonly DataDocument[], DrError>;
  /** Marker documents whose `field` time falls in the range, oldest first. */
  findMarkers(
    database: string,
    collection: string,
    query: MarkerQuery,
    ctx: DrContext,
  ): ResultAsync<readonly DataDocument[], DrError>;
  /** The Atlas region (`US_WEST_2`) of the current primary, from its replica-set tags; undefined without one. */
  primaryRegion?(ctx: DrContext): ResultAsync<string | undefined, DrError>;
}
