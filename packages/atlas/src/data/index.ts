/**
 * `@drkit/atlas/data`: data checks for restored Atlas clusters behind the narrow
 * {@link AtlasDataReader} interface — collection inventory, exact counts, index definitions,
 * sample-document hashes against a {@link DataManifest} taken at backup time, and
 * point-in-time canaries — and {@link mongoDataReader}, the reader on the official `mongodb`
 * driver (an optional peer dependency, loaded on first use).
 *
 * @packageDocumentation
 */
export type * from './AtlasDataReader';
export * from './manifest';
export * from './dataChecks';
export * from './mongoDataReader';
