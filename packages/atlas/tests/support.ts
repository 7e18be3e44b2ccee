import { err, errAsync, ok, okAsync, type Result, type ResultAsync } from 'neverthrow';
import {
  RateLimiterRegistry,
  drError,
  memoryMetrics,
  type DrContextInput,
  type DrError,
  type Logger,
} from '@drkit/core';
import {
  SeededRandom,
  startAtlasEmulator,
  type AtlasAppData,
  type AtlasCollectionData,
  type AtlasEmulator,
  type AtlasEmulatorOptions,
} from '@drkit/testing';
import { atlasClient, type AtlasClient, type AtlasClientConfig } from '../src/index';
import type { AtlasDataReader, DocumentSample, MarkerQuery } from '../src/data/index';

/** One log call as a capturing logger saw it. */
export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly attributes: Record<string, unknown>[];
}

/** A logger that keeps every line (all levels), for assertions about what was logged. */
export function capturingLogger(): Logger & { readonly lines: LogLine[]; text(): string } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (message: string, ...attributes: Record<string, unknown>[]) =>
      lines.push({ level, message, attributes });
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => JSON.stringify(lines),
  };
}

/** A running emulator, an API-key client on it (its own rate-limit registry), and a context on its clock. */
export interface Atlas {
  readonly emulator: AtlasEmulator;
  readonly client: AtlasClient;
  readonly logger: ReturnType<typeof capturingLogger>;
  /** A context for run `runId` on the emulator's virtual clock. */
  ctx(runId?: string, extra?: DrContextInput): DrContextInput & { runId: string };
  /** A config for another client on the same emulator (same project, API key). */
  config(extra?: Partial<AtlasClientConfig>): AtlasClientConfig;
}

/** Starts the Atlas emulator (seed topology: `jobs-prod` in US_EAST_1 with DR region US_WEST_2). */
export async function startAtlas(options: AtlasEmulatorOptions = {}): Promise<Atlas> {
  const emulator = (await startAtlasEmulator(options))._unsafeUnwrap();
  const logger = capturingLogger();
  const random = new SeededRandom('atlas-tests');
  const config = (extra: Partial<AtlasClientConfig> = {}): AtlasClientConfig => ({
    baseUrl: `${emulator.baseUrl}/v2`,
    projectId: emulator.projectId,
    credentials: { apiKey: { publicKey: emulator.publicKey, privateKey: emulator.privateKey } },
    // Each test its own budget: the default registry is process-wide.
    rateLimits: new RateLimiterRegistry(),
    ...extra,
  });
  return {
    emulator,
    client: atlasClient(config()),
    logger,
    config,
    ctx: (runId = 'run-atlas-test', extra = {}) => ({
      clock: emulator.clock,
      runId,
      logger,
      metrics: memoryMetrics(),
      random: () => random.next(),
      ...extra,
    }),
  };
}

/** Atlas calls the emulator recorded (the digest challenge leg is not recorded). */
export function atlasCalls(emulator: AtlasEmulator, operation?: RegExp) {
  return emulator.recorder.calls({ service: 'atlas', ...(operation ? { operation } : {}) });
}

export const MIN = 60_000;
export const DAY = 86_400_000;

/**
 * A fake of the narrow {@link AtlasDataReader} interface over application data as the
 * simulated cloud describes it (`AtlasAppData`: counts, indexes, the newest documents of each
 * collection). `data()` is read on every call.
 */
export function appDataReader(
  data: () => AtlasAppData | undefined,
  primary: () => string | undefined = () => undefined,
): AtlasDataReader & { reads: number } {
  const db = (database: string): Result<AtlasAppData, DrError> => {
    const d = data();
    if (!d) return err(drError('Unavailable', 'the cluster is unreachable'));
    return ok(d.database === database ? d : { ...d, collections: {} as AtlasAppData['collections'] });
  };
  const coll = (database: string, collection: string) =>
    db(database).map((d) => (d.collections as Record<string, AtlasCollectionData | undefined>)[collection]);
  const reader = {
    reads: 0,
    listCollections: (database: string) => {
      reader.reads++;
      return lift(
        db(database).map((d) =>
          Object.values(d.collections)
            .filter((c) => c.count > 0)
            .map((c) => c.name)
            .sort(),
        ),
      );
    },
    count: (database: string, collection: string) => {
      reader.reads++;
      return lift(coll(database, collection).map((c) => c?.count ?? 0));
    },
    indexes: (database: string, collection: string) => {
      reader.reads++;
      return lift(coll(database, collection).map((c) => (c?.indexes ?? []).map((i) => ({ ...i }))));
    },
    sampleDocuments: (database: string, collection: string, sample: DocumentSample) => {
      reader.reads++;
      return lift(
        coll(database, collection).map((c) => {
          const docs = c?.newest ?? [];
          if ('ids' in sample) return docs.filter((d) => sample.ids.some((id) => id === d._id));
          return docs.slice(0, sample.newest);
        }),
      );
    },
    findMarkers: (database: string, collection: string, query: MarkerQuery) => {
      reader.reads++;
      const time = (d: Readonly<Record<string, unknown>>) => Date.parse(String(d[query.field]));
      return lift(
        coll(database, collection).map((c) =>
          (c?.newest ?? [])
            .filter(
              (d) =>
                (query.after === undefined || time(d) > query.after) &&
                (query.atOrBefore === undefined || time(d) <= query.atOrBefore),
            )
            .sort((a, b) => time(a) - time(b))
            .slice(0, query.limit ?? 100),
        ),
      );
    },
    primaryRegion: () => {
      reader.reads++;
      return okAsync(primary());
    },
  };
  return reader;
}

/**
 * The fake reader fed by the emulator's restored-data state API: what a MongoDB connection to
 * `clusterName` would read now (`state.documents`), and where its primary is (`state.cluster`).
 */
export function emulatorDataReader(emulator: AtlasEmulator, clusterName: string): AtlasDataReader & { reads: number } {
  return appDataReader(
    () => emulator.state.documents(clusterName),
    () => emulator.state.cluster(clusterName)?.primary?.regionName,
  );
}

function lift<T>(r: Result<T, DrError>): ResultAsync<T, DrError> {
  return r.isOk() ? okAsync(r.value) : errAsync(r.error);
}
