import type { AtlasBackupSchedule } from './backupSchedule';

/** Nodes and election priority of one region of a cluster (Atlas names: `US_EAST_1`). */
export interface AtlasRegionConfig {
  readonly regionName: string;
  /** Election priority, 7 (preferred region) down to 1; 0 for regions without electable nodes. */
  readonly priority: number;
  readonly electableNodes: number;
  readonly readOnlyNodes: number;
  readonly analyticsNodes: number;
}

/** A cluster to create when the emulator starts. */
export interface AtlasClusterSeed {
  readonly name: string;
  /** Instance size, M10 or larger (cloud backup needs M10+). Default `M10`. */
  readonly instanceSize?: string;
  /** Default `7.0`. */
  readonly mongoDBMajorVersion?: string;
  readonly regions: readonly AtlasRegionConfig[];
  /** Cloud backup on (scheduled snapshots). Default true. */
  readonly backupEnabled?: boolean;
  /** Continuous cloud backup (point-in-time restores). Default true. */
  readonly pitEnabled?: boolean;
  /** How long before the emulator's start the cluster was created (so it has a snapshot history). Default 400 days. */
  readonly ageMs?: number;
  /** Whether the simulated application writes to it (its data then follows `atlasAppData(now)`). Default true. */
  readonly appWrites?: boolean;
  /** Backup schedule; default Atlas's default policy with a 7-day restore window. */
  readonly schedule?: Partial<Omit<AtlasBackupSchedule, 'policies'>> & Pick<Partial<AtlasBackupSchedule>, 'policies'>;
  readonly diskSizeGB?: number;
}

/** What the emulator holds when it starts: one project and its clusters. */
export interface AtlasTopology {
  /** Project name (Atlas "group"). */
  readonly projectName: string;
  readonly clusters: readonly AtlasClusterSeed[];
}

/**
 * The seed topology: the Job Matching API's production cluster `jobs-prod` (M30, MongoDB 7.0),
 * primary region `US_EAST_1` (priority 7, three electable nodes) and DR region `US_WEST_2`
 * (priority 6, two electable nodes), cloud backup with Atlas's default policy and continuous
 * backup with a 7-day point-in-time window, created 400 days before the emulator starts so a
 * year of scheduled snapshots exists. The simulated application writes to it continuously.
 *
 * @example
 * ```ts
 * const emulator = (await startAtlasEmulator({ topology: seedAtlasTopology() }))._unsafeUnwrap();
 * ```
 */
export function seedAtlasTopology(): AtlasTopology {
  return {
    projectName: 'job-matching-prod',
    clusters: [
      {
        name: 'jobs-prod',
        instanceSize: 'M30',
        mongoDBMajorVersion: '7.0',
        diskSizeGB: 40,
        regions: [
          { regionName: 'US_EAST_1', priority: 7, electableNodes: 3, readOnlyNodes: 0, analyticsNodes: 0 },
          { regionName: 'US_WEST_2', priority: 6, electableNodes: 2, readOnlyNodes: 0, analyticsNodes: 0 },
        ],
        backupEnabled: true,
        pitEnabled: true,
        ageMs: 400 * 86_400_000,
        appWrites: true,
        schedule: { restoreWindowDays: 7 },
      },
    ],
  };
}

/**
 * An empty project: no clusters.
 *
 * @example
 * ```ts
 * startAtlasEmulator({ topology: emptyAtlasTopology() });
 * ```
 */
export function emptyAtlasTopology(): AtlasTopology {
  return { projectName: 'empty-project', clusters: [] };
}
