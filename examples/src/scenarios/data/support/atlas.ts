import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { drError, toDrError, type DrContext, type DrError } from '@drkit/core';
import { atlasClient, type AtlasClient, type PrimaryLocator } from '@drkit/atlas';
import type { AtlasDataReader, DataDocument, IndexDefinition } from '@drkit/atlas/data';
import type { AtlasAppData, AtlasEmulator } from '@drkit/testing';
import type { DrillEnvironment } from '../../../env/types';

const clients = new WeakMap<DrillEnvironment, AtlasClient>();

/**
 * The Atlas Administration API client of an environment (digest auth with the project's API
 * key; the emulator on the simulated cloud), made once per environment.
 *
 * @example
 * ```ts
 * const client = await atlasClientOf(env);
 * ```
 */
export function atlasClientOf(env: DrillEnvironment): ResultAsync<AtlasClient, DrError> {
  const known = clients.get(env);
  if (known) return okAsync(known);
  return env.atlas().map((access) => {
    const client = atlasClient({
      baseUrl: `${access.baseUrl.replace(/\/$/, '')}/api/atlas/v2`,
      projectId: access.projectId,
      credentials: { apiKey: { publicKey: access.publicKey, privateKey: access.privateKey } },
    });
    clients.set(env, client);
    return client;
  });
}

const collectionsOf = (emulator: AtlasEmulator, cluster: string): ResultAsync<AtlasAppData, DrError> => {
  const data = emulator.state.documents(cluster);
  return data
    ? okAsync<AtlasAppData, DrError>(data)
    : errAsync<AtlasAppData, DrError>(drError('NotFound', `cluster ${cluster} does not exist`, { resource: cluster }));
};

/**
 * An {@link AtlasDataReader} over the Atlas emulator's model of a cluster's data — what a
 * `mongodb` connection to that cluster would read on the simulated cloud: collections with their
 * exact counts and indexes, the newest documents of each (the ones the model materialises), the
 * point-in-time canaries among them, and the region of the current primary.
 *
 * @example
 * ```ts
 * const reader = emulatorDataReader(await env.simulation!.atlas(), 'jobs-prod');
 * await reader.count('jobmatch', 'canaries', ctx);
 * ```
 */
export function emulatorDataReader(emulator: AtlasEmulator, cluster: string): AtlasDataReader {
  const collection = (db: string, name: string) =>
    collectionsOf(emulator, cluster).andThen((data) => {
      if (data.database !== db) return errAsync(drError('NotFound', `database ${db} does not exist on ${cluster}`));
      const c = (
        data.collections as Record<string, (typeof data.collections)[keyof typeof data.collections] | undefined>
      )[name];
      return c ? okAsync(c) : errAsync(drError('NotFound', `collection ${db}.${name} does not exist on ${cluster}`));
    });
  const timeOf = (doc: DataDocument, field: string) => {
    const v = doc[field];
    return typeof v === 'string' ? Date.parse(v) : typeof v === 'number' ? v : Number.NaN;
  };
  return {
    listCollections: (db) =>
      collectionsOf(emulator, cluster).map((data) =>
        data.database === db
          ? Object.values(data.collections)
              .filter((c) => c.count > 0 || c.newest.length > 0)
              .map((c) => c.name)
          : [],
      ),
    count: (db, name) => collection(db, name).map((c) => c.count),
    indexes: (db, name) =>
      collection(db, name).map((c) =>
        c.indexes.map((i): IndexDefinition => ({
          name: i.name,
          key: { ...i.key },
          ...(i.unique ? { unique: true } : {}),
        })),
      ),
    sampleDocuments: (db, name, sample) =>
      collection(db, name).map((c) => {
        if ('newest' in sample) return c.newest.slice(0, sample.newest);
        const wanted = new Set(sample.ids.map((id) => JSON.stringify(id)));
        return c.newest.filter((d) => wanted.has(JSON.stringify(d._id)));
      }),
    findMarkers: (db, name, query) =>
      collection(db, name).map((c) =>
        c.newest
          .filter((d) => {
            const t = timeOf(d, query.field);
            return (
              Number.isFinite(t) &&
              (query.after === undefined || t > query.after) &&
              (query.atOrBefore === undefined || t <= query.atOrBefore)
            );
          })
          .sort((a, b) => timeOf(a, query.field) - timeOf(b, query.field))
          .slice(0, query.limit ?? 100),
      ),
    primaryRegion: () => okAsync(emulator.state.cluster(cluster)?.primary?.regionName),
  };
}

/**
 * How the scenarios read a cluster's data: on the simulated cloud, through the emulator's data
 * model; live, they would need a connection string with credentials, which the drill config does
 * not hold, so the reader refuses (`Conflict`) and the data checks fail rather than pass unseen.
 *
 * @example
 * ```ts
 * const reader = await dataReaderOf(env, 'jobs-prod');
 * ```
 */
export function dataReaderOf(env: DrillEnvironment, cluster: string): ResultAsync<AtlasDataReader, DrError> {
  const sim = env.simulation;
  if (!sim)
    return errAsync(
      drError('Conflict', `reading ${cluster}'s data live needs a connection string; the drill config holds none`),
    );
  return ResultAsync.fromPromise(sim.atlas(), (e) => toDrError(e, { provider: 'simulation', operation: 'atlas' })).map(
    (emulator) => emulatorDataReader(emulator, cluster),
  );
}

/**
 * A reader whose every call first gets the environment's reader for `cluster` (for checks built
 * before the emulator is known).
 *
 * @example
 * ```ts
 * pointInTimeCanaryCheck({ reader: lazyDataReader(env, restored.resource.id), … });
 * ```
 */
export function lazyDataReader(env: DrillEnvironment, cluster: string): AtlasDataReader & PrimaryLocator {
  const on = <T>(f: (r: AtlasDataReader) => ResultAsync<T, DrError>) => dataReaderOf(env, cluster).andThen(f);
  return {
    listCollections: (db, ctx: DrContext) => on((r) => r.listCollections(db, ctx)),
    count: (db, c, ctx) => on((r) => r.count(db, c, ctx)),
    indexes: (db, c, ctx) => on((r) => r.indexes(db, c, ctx)),
    sampleDocuments: (db, c, s, ctx) => on((r) => r.sampleDocuments(db, c, s, ctx)),
    findMarkers: (db, c, q, ctx) => on((r) => r.findMarkers(db, c, q, ctx)),
    primaryRegion: (ctx) => on((r) => (r.primaryRegion ? r.primaryRegion(ctx) : okAsync(undefined))),
  };
}

/**
 * A connection string moved to another cluster host: the user, password, database and options of
 * `current` with the host of `srv` (a cluster's `connectionStrings.standardSrv`). The result holds
 * the password: write it to a SecureString and never log it.
 *
 * @example
 * ```ts
 * connectionStringFor('mongodb+srv://app:pw@old.a1b2c.mongodb.net/jobs?w=majority', 'mongodb+srv://jobs-prod.x9y8z.mongodb.net');
 * // 'mongodb+srv://app:pw@jobs-prod.x9y8z.mongodb.net/jobs?w=majority'
 * ```
 */
export function connectionStringFor(current: string, srv: string): string {
  const host = srv.replace(/^mongodb(\+srv)?:\/\//, '').replace(/\/.*$/, '');
  const m = /^(mongodb(?:\+srv)?:\/\/)(?:([^@/]*)@)?([^/?]*)(.*)$/.exec(current);
  if (!m) return srv;
  return `mongodb+srv://${m[2] ? `${m[2]}@` : ''}${host}${m[4] ?? ''}`;
}

/**
 * The host a connection string names (no credentials), for reports.
 *
 * @example
 * ```ts
 * connectionHost('mongodb+srv://app:pw@jobs-prod.x9y8z.mongodb.net/jobs'); // 'jobs-prod.x9y8z.mongodb.net'
 * ```
 */
export function connectionHost(uri: string): string {
  return /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]*)/.exec(uri)?.[1] ?? '';
}
