import { hash32 } from '../../time/keyedHash';

export { hash32 };
/**
 * Names ElastiCache gives things: endpoint host names, ARNs, Global Datastore id prefixes,
 * automatic snapshot names; and keyed draws for lazily computed events.
 */

const DIRECTIONS: Record<string, string> = {
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
  central: 'c',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
};

/** The short region code ElastiCache puts in endpoint names: `us-east-1` → `use1`, `ap-southeast-2` → `apse2`. */
export function regionShort(region: string): string {
  const [area = '', direction = '', number = ''] = region.split('-');
  return `${area}${DIRECTIONS[direction] ?? direction.slice(0, 1)}${number}`;
}

/** Endpoint host names of a replication group (cluster mode disabled and enabled). */
export function endpointNames(groupId: string, hash: string, region: string, tls: boolean) {
  const tail = `${hash}.${regionShort(region)}.cache.amazonaws.com`;
  return {
    primary: tls
      ? `master.${groupId}.${tail}`
      : `${groupId}.${hash}.ng.0001.${regionShort(region)}.cache.amazonaws.com`,
    reader: tls
      ? `replica.${groupId}.${tail}`
      : `${groupId}-ro.${hash}.ng.0001.${regionShort(region)}.cache.amazonaws.com`,
    configuration: `clustercfg.${groupId}.${tail}`,
    member: (clusterId: string) => `${clusterId}.${hash}.0001.${regionShort(region)}.cache.amazonaws.com`,
  };
}

/**
 * The prefix ElastiCache puts before a Global Datastore's suffix; each region has its own.
 * Only `us-west-1` → `dsdfu` is documented in the API reference (CreateGlobalReplicationGroup);
 * the others are derived from the region name so they are stable but not AWS's real prefixes.
 *
 * @example
 * ```ts
 * globalDatastorePrefix('us-west-1'); // 'dsdfu'
 * ```
 */
export function globalDatastorePrefix(region: string): string {
  if (region === 'us-west-1') return 'dsdfu';
  let s = '';
  for (let i = 0; i < 5; i++) s += String.fromCharCode(97 + (hash32(`gds-prefix:${region}:${i}`) % 26));
  return s;
}

/**
 * `automatic.<group>-YYYY-MM-DD-HH-MM`, the name ElastiCache gives an automatic snapshot.
 *
 * @example
 * ```ts
 * automaticSnapshotName('jobs-cache', Date.parse('2026-11-22T05:00:00Z')); // 'automatic.jobs-cache-2026-11-22-05-00'
 * ```
 */
export function automaticSnapshotName(groupId: string, at: number): string {
  const iso = new Date(at).toISOString();
  return `automatic.${groupId}-${iso.slice(0, 10)}-${iso.slice(11, 13)}-${iso.slice(14, 16)}`;
}

/** ARN of an ElastiCache resource. */
export function elasticacheArn(
  region: string,
  accountId: string,
  kind: 'replicationgroup' | 'snapshot' | 'cluster',
  id: string,
): string {
  return `arn:aws:elasticache:${region}:${accountId}:${kind}:${id}`;
}

/** ARN of a Global Datastore (global, no region). */
export function globalDatastoreArn(accountId: string, id: string): string {
  return `arn:aws:elasticache::${accountId}:globalreplicationgroup:${id}`;
}

/**
 * A uniform number in [0, 1) fixed by (seed, key): lazily generated history (automatic
 * snapshots) must not depend on how often the state was synced.
 */
export function keyedDraw(seed: string, key: string): number {
  let t = (hash32(`${seed}|${key}`) + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Checks a replication group id against ElastiCache's rules; returns the problem or undefined. */
export function replicationGroupIdProblem(id: string): string | undefined {
  if (!/^[a-zA-Z][a-zA-Z0-9-]{0,39}$/.test(id))
    return 'must contain from 1 to 40 alphanumeric characters or hyphens and begin with a letter';
  if (id.endsWith('-') || id.includes('--')) return 'cannot end with a hyphen or contain two consecutive hyphens';
  return undefined;
}

/** Parses a `hh24:mi-hh24:mi` UTC window into minutes after midnight; `undefined` when malformed. */
export function parseWindow(text: string): { startMin: number; endMin: number } | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!m) return undefined;
  return { startMin: Number(m[1]) * 60 + Number(m[2]), endMin: Number(m[3]) * 60 + Number(m[4]) };
}

/** Formats minutes after midnight as `hh24:mi`. */
export function hhmm(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
