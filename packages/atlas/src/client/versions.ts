/**
 * Which resource version of the versioned Atlas Administration API (`/api/atlas/v2`) drkit asks
 * for, per resource. Every v2 request names one in `Accept: application/vnd.atlas.<date>+json`.
 *
 * Why v2 and these dates:
 * - `/api/atlas/v1.0` is the legacy, unversioned API: MongoDB adds new features to v2 only and
 *   gives v1.0 no deprecation schedule to plan against, so drkit does not speak it.
 * - `clusters` uses **2024-08-05**, the `ClusterDescription20240805` shape: one
 *   `replicationSpecs[]` entry per shard with `regionConfigs[]` (priority, `electableSpecs`
 *   node counts). It is the version whose region layout drkit rewrites to fail over; the older
 *   2023-02-01 shape (`numShards`, cluster-level `diskSizeGB`) is deprecated.
 * - `backupSchedule` uses **2024-08-05** too: that version names copy settings by `zoneId`, to
 *   match the 2024-08-05 cluster shape (drkit reads only `restoreWindowDays` and `nextSnapshot`,
 *   which both versions carry).
 * - Every other resource drkit uses (cluster `/status`, `restartPrimaries`, outage simulation,
 *   Cloud Backup snapshots and restore jobs) has had no breaking change since the first stable
 *   v2 release, **2023-02-01**. `2023-01-01` is sunset: Atlas answers `410 VERSION_GONE`.
 *
 * Atlas deprecates a resource version when a newer one appears and removes it at least twelve
 * months later; a removed version answers `410 VERSION_GONE`, which drkit reports as a
 * `ProviderError` naming the resource and version (see `atlasErrorToDrError`). Override a
 * version with the client's `apiVersions` option.
 */
export interface AtlasApiVersions {
  /** Get, list, create, update and delete clusters. Default `2024-08-05`. */
  readonly clusters: string;
  /** `GET …/clusters/{name}/status` (`changeStatus`). Default `2023-02-01`. */
  readonly clusterStatus: string;
  /** `POST …/clusters/{name}/restartPrimaries` (test failover). Default `2023-02-01`. */
  readonly failover: string;
  /** `…/clusters/{name}/outageSimulation`. Default `2023-02-01`. */
  readonly outageSimulation: string;
  /** `…/backup/snapshots`. Default `2023-02-01`. */
  readonly snapshots: string;
  /** `…/backup/restoreJobs`. Default `2023-02-01`. */
  readonly restoreJobs: string;
  /** `…/backup/schedule`. Default `2024-08-05`. */
  readonly backupSchedule: string;
}

/** The resources of {@link AtlasApiVersions}. */
export type AtlasResource = keyof AtlasApiVersions;

/**
 * The resource versions drkit speaks by default (see {@link AtlasApiVersions} for why).
 *
 * @example
 * ```ts
 * DEFAULT_ATLAS_API_VERSIONS.clusters; // '2024-08-05'
 * ```
 */
export const DEFAULT_ATLAS_API_VERSIONS: AtlasApiVersions = Object.freeze({
  clusters: '2024-08-05',
  clusterStatus: '2023-02-01',
  failover: '2023-02-01',
  outageSimulation: '2023-02-01',
  snapshots: '2023-02-01',
  restoreJobs: '2023-02-01',
  backupSchedule: '2024-08-05',
});

/**
 * The `Accept` header value naming a resource version.
 *
 * @example
 * ```ts
 * versionedAccept('2024-08-05'); // 'application/vnd.atlas.2024-08-05+json'
 * ```
 */
export function versionedAccept(version: string): string {
  return `application/vnd.atlas.${version}+json`;
}

/** A resource version: a date `YYYY-MM-DD`. */
export const VERSION_DATE = /^\d{4}-\d{2}-\d{2}$/;
