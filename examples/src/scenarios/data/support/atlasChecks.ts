import { okAsync } from 'neverthrow';
import { formatDuration, type Check, type CheckVerdict } from '@drkit/core';
import { documentHash, type AtlasDataReader, type DataManifest } from '@drkit/atlas/data';
import { ATLAS_APP_DATABASE, ATLAS_INDEXES, ATLAS_SENTINELS } from '@drkit/testing';

/**
 * The application's data that never changes — the `sentinels` collection: its count, its index
 * and the hash of each document — as a data manifest. Any copy of the database, at any moment,
 * must match it; a damaged one does not.
 *
 * @example
 * ```ts
 * atlasDataChecks({ reader, manifest: sentinelManifest(ctx.clock.now()) });
 * ```
 */
export function sentinelManifest(at: number): DataManifest {
  return {
    database: ATLAS_APP_DATABASE,
    takenAt: new Date(at).toISOString(),
    collections: {
      sentinels: {
        count: ATLAS_SENTINELS.length,
        indexes: ATLAS_INDEXES.sentinels.map((i) => ({ name: i.name, key: { ...i.key } })),
        samples: ATLAS_SENTINELS.map((d) => ({ id: d._id as string, sha256: documentHash(d) })),
      },
    },
  };
}

/**
 * A check that the newest point-in-time marker written at or before `at` is in the database and
 * no older than `interval` before it — nothing the application wrote up to `at` was lost. Its
 * evidence names the marker's time (the data's `dataAsOf`, for the RPO).
 *
 * @example
 * ```ts
 * const check = markerUpToCheck(reader, { at: incident.at });
 * ```
 */
export function markerUpToCheck<S>(
  reader: AtlasDataReader,
  options: { readonly at: number; readonly interval?: number; readonly name?: string },
): Check<S> {
  const name = options.name ?? 'atlas-data-no-loss';
  const interval = options.interval ?? 60_000;
  return {
    name,
    run: (_subject, ctx) => {
      const startedAt = ctx.clock.now();
      return reader
        .findMarkers(
          ATLAS_APP_DATABASE,
          'canaries',
          { field: 'writtenAt', after: options.at - interval, atOrBefore: options.at },
          ctx,
        )
        .andThen((found) => {
          const last = found.at(-1);
          const at = typeof last?.writtenAt === 'string' ? Date.parse(last.writtenAt) : undefined;
          const iso = new Date(options.at).toISOString();
          return okAsync<CheckVerdict>({
            name,
            status: at !== undefined ? 'passed' : 'failed',
            detail:
              at !== undefined
                ? `the last marker before ${iso} is present (written ${formatDuration(options.at - at)} before)`
                : `no marker from the ${formatDuration(interval)} before ${iso}: writes up to the incident were lost`,
            evidence: { at: iso, lastMarker: at !== undefined ? new Date(at).toISOString() : null },
            durationMs: ctx.clock.now() - startedAt,
          });
        });
    },
  };
}
