import type { Document, MongoClient, MongoClientOptions } from 'mongodb';
import { ResultAsync, errAsync } from 'neverthrow';
import { drError, invalidInput, redact, type DrContext, type DrError } from '@drkit/core';
import { trackIo } from '../client/io';
import { toAtlasRegion } from '../client/regions';
import type { AtlasDataReader, DataDocument, DocumentId, IndexDefinition } from './AtlasDataReader';

/**
 * How {@link mongoDataReader} reaches the database: your `MongoClient` (it stays yours to
 * close), or a connection string from which the reader makes one. The connection string holds
 * credentials: it is never logged, reported or put in an error message.
 */
export type MongoDataReaderOptions =
  | { readonly client: MongoClient; readonly uri?: never; readonly clientOptions?: never }
  | { readonly uri: string; readonly clientOptions?: MongoClientOptions; readonly client?: never };

/** An {@link AtlasDataReader} on the official `mongodb` driver. */
export interface MongoDataReader extends AtlasDataReader {
  primaryRegion(ctx: DrContext): ResultAsync<string | undefined, DrError>;
  /** Closes the connection this reader opened from a `uri` (a `client` you passed stays open). */
  close(): Promise<void>;
}

type Driver = typeof import('mongodb');
let driver: Promise<Driver> | undefined;
/** The driver is an optional peer dependency: loaded on first use, so the checks work without it. */
function loadDriver(): Promise<Driver> {
  driver ??= import('mongodb');
  return driver;
}

/**
 * An {@link AtlasDataReader} on the official `mongodb` driver (an optional peer dependency of
 * `@drkit/atlas`, loaded on first use). Documents are returned as canonical Extended JSON, so a
 * manifest taken with this reader hashes exactly what the database holds (an `Int32` and a
 * `Double` hash differently). Counts are exact (`countDocuments`). The primary's region comes
 * from Atlas's replica-set tags (`hello` → `tags.region`).
 *
 * Errors: unreachable servers are `Unavailable`, refused credentials `AccessDenied`, a
 * malformed connection string `InvalidInput`; messages never contain the connection string.
 *
 * @example
 * ```ts
 * const reader = mongoDataReader({ uri: process.env.RESTORED_CLUSTER_URI!, clientOptions: { readPreference: 'primary' } });
 * const counts = await reader.count('jobmatch', 'jobs', ctx);
 * await reader.close();
 * ```
 */
export function mongoDataReader(options: MongoDataReaderOptions): MongoDataReader {
  const problem = checkOptions(options);
  let owned: Promise<MongoClient> | undefined;
  const clientOf = (m: Driver): Promise<MongoClient> => {
    if (options.client) return Promise.resolve(options.client);
    owned ??= Promise.resolve().then(
      () => new m.MongoClient(options.uri, { serverSelectionTimeoutMS: 10_000, ...(options.clientOptions ?? {}) }),
    );
    return owned;
  };
  const run = <T>(ctx: DrContext, operation: string, work: (client: MongoClient, m: Driver) => Promise<T>) => {
    if (problem) return errAsync<T, DrError>(problem);
    const done = (async () => {
      const m = await loadDriver();
      return work(await clientOf(m), m);
    })();
    return ResultAsync.fromPromise(trackIo(ctx, done), (e) => mongoErrorToDrError(e, operation));
  };
  const toJson = (m: Driver, doc: Document, relaxed = false) =>
    m.BSON.EJSON.serialize(doc, { relaxed }) as DataDocument;
  const fromJson = (m: Driver, id: DocumentId): unknown =>
    (m.BSON.EJSON.deserialize({ _id: id }, { relaxed: false }) as { _id: unknown })._id;

  return {
    listCollections: (database, ctx) =>
      run(ctx, 'listCollections', async (c) => {
        const all = await c.db(database).listCollections({}, { nameOnly: true }).toArray();
        return all
          .map((x) => x.name)
          .filter((n) => !n.startsWith('system.'))
          .sort();
      }),
    count: (database, collection, ctx) =>
      run(ctx, 'countDocuments', (c) => c.db(database).collection(collection).countDocuments({})),
    indexes: (database, collection, ctx) =>
      run(ctx, 'listIndexes', async (c) => {
        const list = await c.db(database).collection(collection).indexes();
        return list.map((i): IndexDefinition => ({
          name: String(i.name),
          key: { ...(i.key as Record<string, unknown>) },
          ...(i.unique === true ? { unique: true } : {}),
          ...(i.sparse === true ? { sparse: true } : {}),
          ...(typeof i.expireAfterSeconds === 'number' ? { expireAfterSeconds: i.expireAfterSeconds } : {}),
          ...(i.partialFilterExpression
            ? { partialFilterExpression: { ...(i.partialFilterExpression as object) } }
            : {}),
        }));
      }),
    sampleDocuments: (database, collection, sample, ctx) =>
      run(ctx, 'find', async (c, m) => {
        const coll = c.db(database).collection(collection);
        const docs =
          'ids' in sample
            ? await coll.find({ _id: { $in: sample.ids.map((id) => fromJson(m, id)) } } as Document).toArray()
            : await coll.find({}).sort({ _id: -1 }).limit(Math.max(0, sample.newest)).toArray();
        return docs.map((d) => toJson(m, d));
      }),
    findMarkers: (database, collection, query, ctx) =>
      run(ctx, 'find', async (c, m) => {
        const range = (toValue: (ms: number) => unknown) => ({
          ...(query.after !== undefined ? { $gt: toValue(query.after) } : {}),
          ...(query.atOrBefore !== undefined ? { $lte: toValue(query.atOrBefore) } : {}),
        });
        // Markers may hold a BSON date or an ISO-8601 string: ask for both.
        const filter = {
          $or: [
            { [query.field]: { $type: 'date', ...range((ms) => new Date(ms)) } },
            { [query.field]: { $type: 'string', ...range((ms) => new Date(ms).toISOString()) } },
          ],
        };
        const docs = await c
          .db(database)
          .collection(collection)
          .find(filter)
          .sort({ [query.field]: 1 })
          .limit(query.limit ?? 100)
          .toArray();
        return docs.map((d) => toJson(m, d, true));
      }),
    primaryRegion: (ctx) =>
      run(ctx, 'hello', async (c) => {
        const hello = await c.db('admin').command({ hello: 1 });
        const region = (hello.tags as { region?: unknown } | undefined)?.region;
        return hello.isWritablePrimary === true && typeof region === 'string' ? toAtlasRegion(region) : undefined;
      }),
    close: async () => {
      if (!owned) return;
      const client = await owned.catch(() => undefined);
      owned = undefined;
      await client?.close().catch(() => undefined);
    },
  };
}

function checkOptions(options: MongoDataReaderOptions): DrError | undefined {
  if (typeof options !== 'object' || options === null)
    return invalidInput([{ path: 'options', message: 'must be { client } or { uri }' }]);
  if (options.client !== undefined && options.uri !== undefined)
    return invalidInput([{ path: 'client', message: 'pass either client or uri, not both' }]);
  if (options.client !== undefined)
    return typeof (options.client as { db?: unknown }).db === 'function'
      ? undefined
      : invalidInput([{ path: 'client', message: 'must be a MongoClient' }]);
  if (typeof options.uri !== 'string' || !/^mongodb(\+srv)?:\/\//.test(options.uri))
    // Never echo the value: it may hold a password.
    return invalidInput([{ path: 'uri', message: 'must be a mongodb:// or mongodb+srv:// connection string' }]);
  return undefined;
}

/**
 * Turns a `mongodb` driver error into a {@link DrError}, with credentials and connection strings
 * redacted from the message.
 *
 * @example
 * ```ts
 * ResultAsync.fromPromise(collection.countDocuments({}), (e) => mongoErrorToDrError(e, 'countDocuments'));
 * ```
 */
export function mongoErrorToDrError(thrown: unknown, operation: string): DrError {
  const e = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
  };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const raw = redact(typeof e.message === 'string' ? e.message : String(thrown));
  const text = typeof raw === 'string' ? raw : '';
  const message = `mongodb ${operation}: ${name}: ${text}`;
  if (/ERR_MODULE_NOT_FOUND|Cannot find (package|module) 'mongodb'/.test(`${String(e.code)} ${text}`))
    return drError('ProviderError', `mongodb ${operation}: the optional peer dependency "mongodb" is not installed`, {
      provider: 'mongodb',
      operation,
      code: 'DriverMissing',
      cause: thrown,
    });
  if (/^Mongo(ServerSelection|Network|NetworkTimeout|TopologyClosed)Error$/.test(name))
    return drError('Unavailable', message, { cause: thrown });
  if (e.code === 18 || e.code === 13 || /Authentication/i.test(name))
    return drError('AccessDenied', message, { cause: thrown });
  if (/^Mongo(Parse|InvalidArgument|MissingCredentials)Error$/.test(name))
    return drError('InvalidInput', `mongodb ${operation} rejected the request: ${text}`, {
      problems: [{ path: operation, message: text }],
      cause: thrown,
    });
  if (e.code === 26) return drError('NotFound', message, { cause: thrown, resource: operation });
  return drError('ProviderError', message, {
    provider: 'mongodb',
    operation,
    code: typeof e.code === 'number' || typeof e.code === 'string' ? String(e.code) : name,
    cause: thrown,
  });
}
