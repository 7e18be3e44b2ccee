import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { SeededRandom } from '../../time/SeededRandom';
import { canonicalName, isInZone } from './names';
import { presentRecord, routingPolicy } from './recordSets';
import type { HostedZoneEntry, Route53State } from './Route53State';

/**
 * DNS answers from the simulated Route 53, as its name servers would give them: only changes
 * that are INSYNC are visible, and routing follows weights, failover and health the way AWS
 * documents in "How Amazon Route 53 chooses records when health checking is configured":
 *
 * - a record without a health check (and not an alias evaluating target health) is healthy;
 * - weighted: healthy records with a non-zero weight share traffic by weight; if none, healthy
 *   zero-weight records share it equally; if every record is unhealthy, all are treated as healthy;
 * - failover: the PRIMARY while it is healthy, else a healthy SECONDARY, else the PRIMARY.
 */

/** The answer to one DNS query. */
export interface DnsAnswer {
  /** The queried name (canonical) and type. */
  readonly name: string;
  readonly type: string;
  /** `NOERROR`, or `NXDOMAIN` when no record exists at or below the name. */
  readonly responseCode: 'NOERROR' | 'NXDOMAIN';
  /**
   * The record data returned: the record's values, or for an alias to a resource outside the
   * account's zones (a load balancer…), the target's DNS name without the trailing dot.
   */
  readonly values: readonly string[];
  /** The SetIdentifier of the record chosen by the routing policy, when it has one. */
  readonly setIdentifier?: string;
  /** The alias target's DNS name, when the chosen record is an alias. */
  readonly aliasTarget?: string;
  /** The record chosen (as the API lists it), when one was. */
  readonly record?: ResourceRecordSet;
  /** The zone that answered. */
  readonly zoneId?: string;
}

/** One record of a group with its share of answers. */
export interface WeightedCandidate {
  readonly record: ResourceRecordSet;
  readonly share: number;
}

/** Query options. */
export interface ResolveOptions {
  /** Answer from this zone (TestDNSAnswer); default: the most specific zone holding the name. */
  readonly zoneId?: string;
  /** The resolver's region, for latency records. Default `us-east-1` (as TestDNSAnswer). */
  readonly resolverRegion?: string;
}

const MAX_ALIAS_DEPTH = 8;

/**
 * The zone that is authoritative for a name: the longest matching name, public zones first.
 *
 * @example
 * ```ts
 * authoritativeZone(state, 'api.example.com')?.name; // 'example.com.'
 * ```
 */
export function authoritativeZone(state: Route53State, name: string): HostedZoneEntry | undefined {
  const canonical = canonicalName(name);
  let best: HostedZoneEntry | undefined;
  for (const zone of state.liveZones()) {
    if (!isInZone(canonical, zone.name)) continue;
    if (
      !best ||
      zone.name.length > best.name.length ||
      (zone.name.length === best.name.length && best.privateZone && !zone.privateZone)
    )
      best = zone;
  }
  return best;
}

/**
 * Whether a record is healthy now, for routing (health check and/or evaluated alias target).
 *
 * @example
 * ```ts
 * recordHealthy(state, zone, primaryRecord); // false once its health check is unhealthy
 * ```
 */
export function recordHealthy(state: Route53State, zone: HostedZoneEntry, r: ResourceRecordSet, depth = 0): boolean {
  if (r.HealthCheckId !== undefined && !state.isHealthCheckHealthy(r.HealthCheckId)) return false;
  const alias = r.AliasTarget;
  if (alias?.EvaluateTargetHealth) {
    const target = aliasZone(state, zone, alias.HostedZoneId ?? '', alias.DNSName ?? '');
    if (target) {
      if (depth >= MAX_ALIAS_DEPTH) return false;
      const group = state.group(target, alias.DNSName ?? '', r.Type ?? '');
      // An alias to a group is healthy when at least one record of the group is.
      return group.some((g) => recordHealthy(state, target, g, depth + 1));
    }
    const resource = state.findResource(alias.DNSName ?? '');
    // Targets the simulation does not know (CloudFront, S3 websites…) are not evaluated.
    if (resource) return state.resourceAnswers(resource, state.world.clock.now());
  }
  return true;
}

function aliasZone(
  state: Route53State,
  from: HostedZoneEntry,
  zoneId: string,
  dnsName: string,
): HostedZoneEntry | undefined {
  if (zoneId === from.id) return from;
  const zone = state.zones.get(zoneId);
  if (zone && zone.deletedAt === undefined && isInZone(canonicalName(dnsName), zone.name)) return zone;
  return undefined;
}

/**
 * The records of a group that can answer now, each with its share of answers (summing to 1;
 * for multivalue answers, every record is in each answer and the share is its part of the set).
 *
 * @example
 * ```ts
 * candidates(state, zone, group).map((c) => [c.record.SetIdentifier, c.share]); // [['blue', 0.9], ['green', 0.1]]
 * ```
 */
export function candidates(
  state: Route53State,
  zone: HostedZoneEntry,
  group: readonly ResourceRecordSet[],
  options: ResolveOptions = {},
): WeightedCandidate[] {
  if (group.length === 0) return [];
  const health = new Map(group.map((r) => [r, recordHealthy(state, zone, r)]));
  let healthy = group.filter((r) => health.get(r));
  // No healthy record: Route 53 treats them all as healthy.
  if (healthy.length === 0) healthy = [...group];
  const equal = (records: readonly ResourceRecordSet[]) =>
    records.map((record) => ({ record, share: 1 / records.length }));
  switch (routingPolicy(group[0]!)) {
    case 'weighted': {
      const nonZero = healthy.filter((r) => (r.Weight ?? 0) > 0);
      if (nonZero.length === 0) return equal(healthy);
      const total = nonZero.reduce((n, r) => n + (r.Weight ?? 0), 0);
      return nonZero.map((record) => ({ record, share: (record.Weight ?? 0) / total }));
    }
    case 'failover': {
      const primary = group.find((r) => r.Failover === 'PRIMARY');
      const secondary = group.find((r) => r.Failover === 'SECONDARY');
      const chosen =
        (primary && health.get(primary) ? primary : undefined) ??
        (secondary && health.get(secondary) ? secondary : undefined) ??
        primary ??
        secondary!;
      return [{ record: chosen, share: 1 }];
    }
    case 'latency': {
      const region = options.resolverRegion ?? 'us-east-1';
      const local = healthy.filter((r) => r.Region === region);
      return equal(local.length > 0 ? local : healthy);
    }
    case 'geolocation': {
      const fallback = healthy.filter((r) => r.GeoLocation?.CountryCode === '*');
      return equal(fallback.length > 0 ? fallback : healthy);
    }
    case 'multivalue':
      return equal(healthy.slice(0, 8));
    default:
      return equal(healthy);
  }
}

/** Records at the name (or a covering wildcard) in the zone's DNS view, by type. */
function lookup(state: Route53State, zone: HostedZoneEntry, name: string, type: string) {
  const exact = state.group(zone, name, type);
  if (exact.length > 0) return { records: exact, owner: name };
  const cname = type === 'CNAME' ? [] : state.group(zone, name, 'CNAME');
  if (cname.length > 0) return { records: cname, owner: name };
  const exists = [...zone.dns.values()].some((r) => r.Name === name || (r.Name ?? '').endsWith(`.${name}`));
  if (exists) return { records: [], owner: name };
  // Wildcards: *.parent for each parent down to the zone apex.
  let parent = name;
  while (parent !== zone.name && parent.includes('.')) {
    parent = parent.slice(parent.indexOf('.') + 1);
    const wildcard = `*.${parent}`;
    const w = state.group(zone, wildcard, type);
    const wc = type === 'CNAME' ? [] : state.group(zone, wildcard, 'CNAME');
    if (w.length > 0 || wc.length > 0) return { records: w.length > 0 ? w : wc, owner: wildcard };
    if (parent === zone.name) break;
  }
  return undefined;
}

/**
 * Answers one query for `name`/`type`, drawing among weighted records with `rng` (or with the
 * given number in [0, 1) as the draw).
 *
 * @example
 * ```ts
 * resolveName(state, 'api.example.com', 'A', state.dnsRng).setIdentifier; // 'us-east-1'
 * ```
 */
export function resolveName(
  state: Route53State,
  name: string,
  type: string,
  draw: SeededRandom | number,
  options: ResolveOptions = {},
  depth = 0,
): DnsAnswer {
  const canonical = canonicalName(name);
  const zone = options.zoneId ? state.zones.get(options.zoneId) : authoritativeZone(state, canonical);
  const none: DnsAnswer = { name: canonical, type, responseCode: 'NXDOMAIN', values: [] };
  if (!zone || zone.deletedAt !== undefined || !isInZone(canonical, zone.name)) return none;
  const found = lookup(state, zone, canonical, type);
  if (!found) return { ...none, zoneId: zone.id };
  const pool = candidates(state, zone, found.records, options);
  if (pool.length === 0) return { name: canonical, type, responseCode: 'NOERROR', values: [], zoneId: zone.id };
  const multivalue = routingPolicy(pool[0]!.record) === 'multivalue';
  const chosen = multivalue ? pool : [pick(pool, typeof draw === 'number' ? draw : draw.next())];
  const first = chosen[0]!.record;
  const base = {
    name: canonical,
    type,
    responseCode: 'NOERROR' as const,
    record: presentRecord(first),
    zoneId: zone.id,
    ...(first.SetIdentifier !== undefined ? { setIdentifier: first.SetIdentifier } : {}),
  };
  const alias = first.AliasTarget;
  if (alias) {
    const target = canonicalName(alias.DNSName ?? '');
    const targetZone = aliasZone(state, zone, alias.HostedZoneId ?? '', target);
    if (targetZone && depth < MAX_ALIAS_DEPTH) {
      const inner = resolveName(
        state,
        target,
        first.Type ?? type,
        draw,
        { ...options, zoneId: targetZone.id },
        depth + 1,
      );
      return { ...base, values: inner.values, aliasTarget: target };
    }
    return { ...base, values: [target.replace(/\.$/, '')], aliasTarget: target };
  }
  return { ...base, values: chosen.flatMap((c) => (c.record.ResourceRecords ?? []).map((v) => v.Value ?? '')) };
}

function pick(pool: readonly WeightedCandidate[], u: number): WeightedCandidate {
  let acc = 0;
  for (const c of pool) {
    acc += c.share;
    if (u < acc) return c;
  }
  return pool[pool.length - 1]!;
}

/**
 * The share of answers each record of a name/type gets now, keyed by SetIdentifier (a simple
 * record is keyed by its name). Deterministic: no draw.
 *
 * @example
 * ```ts
 * answerDistribution(state, 'api.example.com', 'A'); // { 'us-east-1': 1 } after a failover
 * ```
 */
export function answerDistribution(
  state: Route53State,
  name: string,
  type: string,
  options: ResolveOptions = {},
): Record<string, number> {
  const canonical = canonicalName(name);
  const zone = options.zoneId ? state.zones.get(options.zoneId) : authoritativeZone(state, canonical);
  if (!zone) return {};
  const found = lookup(state, zone, canonical, type);
  if (!found) return {};
  const out: Record<string, number> = {};
  for (const c of candidates(state, zone, found.records, options)) {
    const key = c.record.SetIdentifier ?? canonical;
    out[key] = (out[key] ?? 0) + c.share;
  }
  return out;
}
