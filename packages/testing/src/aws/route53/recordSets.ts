import { isIPv4, isIPv6 } from 'node:net';
import type { Change, ResourceRecordSet } from '@aws-sdk/client-route-53';
import { canonicalName, displayName, isInZone, nameProblems } from './names';

/**
 * Record sets and change batches, as `ChangeResourceRecordSets` validates and applies them.
 * Pure functions over a map of record sets keyed by {@link recordKey}; the state decides when
 * the result becomes visible to DNS.
 */

/** Record sets of one zone, keyed by {@link recordKey}. */
export type RecordMap = Map<string, ResourceRecordSet>;

/** The routing policy of a record set, derived from which policy field it carries. */
export type RoutingPolicy =
  'simple' | 'weighted' | 'failover' | 'latency' | 'geolocation' | 'multivalue' | 'cidr' | 'geoproximity';

/** What a batch needs to know about the world outside the zone it changes. */
export interface BatchContext {
  /** The zone being changed (canonical name). */
  readonly zone: { readonly id: string; readonly name: string };
  /** Record sets of another of the account's zones, for alias targets; undefined if not ours. */
  zoneRecords(zoneId: string): { name: string; records: RecordMap } | undefined;
}

/** Quota: ResourceRecord elements per request (UPSERT counts twice). */
export const MAX_RECORDS_PER_BATCH = 1000;
/** Quota: characters in all `Value` elements of a request (UPSERT counts twice). */
export const MAX_CHARACTERS_PER_BATCH = 32_000;
/** Quota: weighted record sets with the same name and type. */
export const MAX_WEIGHTED_PER_GROUP = 100;

/**
 * The identity of a record set: name, type and set identifier.
 *
 * @example
 * ```ts
 * recordKey({ Name: 'API.example.com', Type: 'A', SetIdentifier: 'blue' }); // 'api.example.com.|A|blue'
 * ```
 */
export function recordKey(r: Pick<ResourceRecordSet, 'Name' | 'Type' | 'SetIdentifier'>): string {
  return `${canonicalName(r.Name ?? '')}|${r.Type ?? ''}|${r.SetIdentifier ?? ''}`;
}

/**
 * The key of the group a record set belongs to (same name and type).
 *
 * @example
 * ```ts
 * groupKey('api.example.com', 'A'); // 'api.example.com.|A|'
 * ```
 */
export function groupKey(name: string, type: string): string {
  return `${canonicalName(name)}|${type}|`;
}

/**
 * Record sets with the given name and type.
 *
 * @example
 * ```ts
 * recordGroup(zone.records, 'api.example.com', 'A').map((r) => r.SetIdentifier); // ['blue', 'green']
 * ```
 */
export function recordGroup(records: RecordMap, name: string, type: string): ResourceRecordSet[] {
  const prefix = groupKey(name, type);
  return [...records.entries()].filter(([k]) => k.startsWith(prefix)).map(([, r]) => r);
}

/**
 * The routing policy a record set declares.
 *
 * @example
 * ```ts
 * routingPolicy({ Name: 'a.example.com', Type: 'A', SetIdentifier: 'p', Failover: 'PRIMARY' }); // 'failover'
 * ```
 */
export function routingPolicy(r: ResourceRecordSet): RoutingPolicy {
  return policiesOf(r)[0] ?? 'simple';
}

function policiesOf(r: ResourceRecordSet): RoutingPolicy[] {
  const found: RoutingPolicy[] = [];
  if (r.Weight !== undefined) found.push('weighted');
  if (r.Failover !== undefined) found.push('failover');
  if (r.Region !== undefined) found.push('latency');
  if (r.GeoLocation !== undefined) found.push('geolocation');
  if (r.MultiValueAnswer !== undefined) found.push('multivalue');
  if (r.CidrRoutingConfig !== undefined) found.push('cidr');
  if (r.GeoProximityLocation !== undefined) found.push('geoproximity');
  return found;
}

/**
 * A stored copy of a record set: canonical names, no undefined fields, values in the order
 * given. Route 53 stores names in lower case with a trailing dot.
 *
 * @example
 * ```ts
 * normalizeRecord({ Name: 'WWW.example.com', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '10.0.0.1' }] }).Name; // 'www.example.com.'
 * ```
 */
export function normalizeRecord(r: ResourceRecordSet): ResourceRecordSet {
  const copy = JSON.parse(JSON.stringify(r)) as ResourceRecordSet;
  copy.Name = canonicalName(r.Name ?? '');
  if (copy.AliasTarget) {
    copy.AliasTarget = {
      HostedZoneId: copy.AliasTarget.HostedZoneId,
      DNSName: canonicalName(copy.AliasTarget.DNSName ?? ''),
      EvaluateTargetHealth: copy.AliasTarget.EvaluateTargetHealth ?? false,
    };
  }
  return copy;
}

/**
 * A record set as `ListResourceRecordSets` returns it (wildcards written `\052`).
 *
 * @example
 * ```ts
 * presentRecord({ Name: '*.example.com.', Type: 'A' }).Name; // '\\052.example.com.'
 * ```
 */
export function presentRecord(r: ResourceRecordSet): ResourceRecordSet {
  const copy = JSON.parse(JSON.stringify(r)) as ResourceRecordSet;
  copy.Name = displayName(r.Name ?? '');
  return copy;
}

/** The fields DELETE must match exactly, in a stable order. */
function signature(r: ResourceRecordSet): string {
  return JSON.stringify([
    canonicalName(r.Name ?? ''),
    r.Type,
    r.SetIdentifier ?? null,
    r.Weight ?? null,
    r.Region ?? null,
    r.GeoLocation ?? null,
    r.Failover ?? null,
    r.MultiValueAnswer ?? null,
    r.TTL ?? null,
    (r.ResourceRecords ?? []).map((v) => v.Value).sort(),
    r.AliasTarget
      ? [
          r.AliasTarget.HostedZoneId,
          canonicalName(r.AliasTarget.DNSName ?? ''),
          r.AliasTarget.EvaluateTargetHealth ?? false,
        ]
      : null,
    r.HealthCheckId ?? null,
    r.CidrRoutingConfig ?? null,
    r.GeoProximityLocation ?? null,
  ]);
}

/**
 * How Route 53 names a record set in `InvalidChangeBatch` messages.
 *
 * @example
 * ```ts
 * describeRecord({ Name: 'api.example.com', Type: 'A', SetIdentifier: 'blue' });
 * // "[name='api.example.com.', type='A', set-identifier='blue']"
 * ```
 */
export function describeRecord(r: ResourceRecordSet): string {
  const base = `name='${displayName(canonicalName(r.Name ?? ''))}', type='${r.Type ?? ''}'`;
  return r.SetIdentifier === undefined ? `[${base}]` : `[${base}, set-identifier='${r.SetIdentifier}']`;
}

function describeChange(c: Change): string {
  const r = c.ResourceRecordSet;
  return `Change with [Action=${c.Action ?? ''}, Name=${canonicalName(r?.Name ?? '')}, Type=${r?.Type ?? ''}, SetIdentifier=${r?.SetIdentifier ?? 'null'}]`;
}

/**
 * Problems Route 53 reports as `InvalidInput` (the request is malformed, whatever the zone
 * holds): missing or conflicting fields, more than one routing policy, a weight out of range.
 *
 * @example
 * ```ts
 * changeInputProblems([{ Action: 'CREATE', ResourceRecordSet: { Name: 'a.example.com', Type: 'A', Weight: 1, TTL: 60, ResourceRecords: [{ Value: '10.0.0.1' }] } }]);
 * // ["Invalid request: Missing field 'SetIdentifier' in Change with [...]"]
 * ```
 */
export function changeInputProblems(changes: readonly Change[]): string[] {
  const problems: string[] = [];
  for (const c of changes) {
    const r = c.ResourceRecordSet;
    if (!r) {
      problems.push(`Invalid request: Missing field 'ResourceRecordSet' in Change with [Action=${c.Action ?? ''}]`);
      continue;
    }
    const where = describeChange(c);
    for (const p of nameProblems(r.Name ?? '')) problems.push(`Invalid request: DNS name ${p} in ${where}`);
    const policies = policiesOf(r);
    if (policies.length > 1)
      problems.push(
        `Invalid request: Expected at most one routing policy but found ${policies.join(', ')} in ${where}`,
      );
    if (policies.length > 0 && r.SetIdentifier === undefined)
      problems.push(`Invalid request: Missing field 'SetIdentifier' in ${where}`);
    if (policies.length === 0 && r.SetIdentifier !== undefined)
      problems.push(
        `Invalid request: Expected exactly one of [Weight, Region, Failover, GeoLocation, MultiValueAnswer, CidrRoutingConfig, GeoProximityLocation], but found none in ${where}`,
      );
    if (r.Weight !== undefined && (!Number.isInteger(r.Weight) || r.Weight < 0 || r.Weight > 255))
      problems.push(`Invalid request: Weight must be an integer from 0 to 255 in ${where}`);
    if (r.Failover !== undefined && r.Failover !== 'PRIMARY' && r.Failover !== 'SECONDARY')
      problems.push(`Invalid request: Failover must be PRIMARY or SECONDARY in ${where}`);
    const hasValues = r.ResourceRecords !== undefined || r.TTL !== undefined;
    if (r.AliasTarget && hasValues)
      problems.push(`Invalid request: Alias record sets cannot have TTL or ResourceRecords in ${where}`);
    if (
      !r.AliasTarget &&
      r.TrafficPolicyInstanceId === undefined &&
      (r.ResourceRecords === undefined || r.TTL === undefined)
    )
      problems.push(
        `Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in ${where}`,
      );
    if (r.ResourceRecords !== undefined && r.ResourceRecords.length === 0)
      problems.push(`Invalid request: ResourceRecords must contain at least one ResourceRecord in ${where}`);
  }
  return problems;
}

/**
 * Quota problems of a whole batch (UPSERT counts twice, as AWS documents).
 *
 * @example
 * ```ts
 * batchSizeProblems(changes); // [] within 1000 records and 32 000 characters
 * ```
 */
export function batchSizeProblems(changes: readonly Change[]): string[] {
  let records = 0;
  let characters = 0;
  for (const c of changes) {
    const factor = c.Action === 'UPSERT' ? 2 : 1;
    const values = c.ResourceRecordSet?.ResourceRecords ?? [];
    records += factor * values.length;
    characters += factor * values.reduce((n, v) => n + (v.Value ?? '').length, 0);
  }
  const problems: string[] = [];
  if (records > MAX_RECORDS_PER_BATCH)
    problems.push(
      `Number of records limit of ${MAX_RECORDS_PER_BATCH} exceeded: the request has ${records} (UPSERT counts twice)`,
    );
  if (characters > MAX_CHARACTERS_PER_BATCH)
    problems.push(
      `Number of characters limit of ${MAX_CHARACTERS_PER_BATCH} exceeded: the request has ${characters} (UPSERT counts twice)`,
    );
  return problems;
}

function valueProblems(r: ResourceRecordSet): string[] {
  const problems: string[] = [];
  const values = (r.ResourceRecords ?? []).map((v) => v.Value ?? '');
  const fatal = (code: string, text: string, value: string) =>
    problems.push(`Invalid Resource Record: 'FATAL problem: ${code} (${text}) encountered with '${value}''`);
  for (const v of values) {
    if (r.Type === 'A' && !isIPv4(v)) fatal('ARRDATAIllegalIPv4Address', 'Value is not a valid IPv4 address', v);
    if (r.Type === 'AAAA' && !isIPv6(v)) fatal('AAAARRDATAIllegalIPv6Address', 'Value is not a valid IPv6 address', v);
    if ((r.Type === 'TXT' || r.Type === 'SPF') && !/^".*"$/.test(v.trim()))
      fatal('InvalidCharacterString', 'Value should be enclosed in quotation marks', v);
  }
  if (r.Type === 'CNAME' && values.length > 1)
    problems.push(
      `RRSet of type CNAME with DNS name ${displayName(canonicalName(r.Name ?? ''))} contains more than one value`,
    );
  return problems;
}

/**
 * Applies a change batch transactionally: each change is checked against the zone as left by
 * the changes before it, every problem is collected, and the zone is left untouched when there
 * is any. Returns the new record map and the `InvalidChangeBatch` messages.
 *
 * @example
 * ```ts
 * const { next, messages } = applyChanges(zoneRecords, input.ChangeBatch.Changes, ctx);
 * if (messages.length) throw awsError('InvalidChangeBatch', `[${messages.join(', ')}]`, { extra: { messages } });
 * ```
 */
export function applyChanges(
  records: RecordMap,
  changes: readonly Change[],
  ctx: BatchContext,
): { next: RecordMap; messages: string[] } {
  const next: RecordMap = new Map(records);
  const messages: string[] = [...batchSizeProblems(changes)];
  for (const change of changes) {
    const r = normalizeRecord(change.ResourceRecordSet!);
    const key = recordKey(r);
    const existing = next.get(key);
    const name = r.Name!;
    const type = r.Type!;
    const zoneName = ctx.zone.name;
    if (!isInZone(name, zoneName)) {
      messages.push(`RRSet with DNS name ${displayName(name)} is not permitted in zone ${zoneName}`);
      continue;
    }
    switch (change.Action) {
      case 'DELETE': {
        if (!existing) messages.push(`Tried to delete resource record set ${describeRecord(r)} but it was not found`);
        else if (signature(existing) !== signature(r))
          messages.push(
            `Tried to delete resource record set ${describeRecord(r)} but the values provided do not match the current values`,
          );
        else if (name === zoneName && (type === 'SOA' || type === 'NS'))
          messages.push(`A HostedZone must contain at least one ${type} record for the zone itself.`);
        else next.delete(key);
        continue;
      }
      case 'CREATE':
        if (existing) {
          messages.push(`Tried to create resource record set ${describeRecord(r)} but it already exists`);
          continue;
        }
        break;
      case 'UPSERT':
        break;
      default:
        messages.push(`Unknown action ${String(change.Action)} in ${describeChange(change)}`);
        continue;
    }
    const problems = [...valueProblems(r), ...placementProblems(next, r, ctx), ...aliasProblems(r, next, ctx)];
    if (problems.length > 0) {
      messages.push(...problems);
      continue;
    }
    next.set(key, r);
  }
  return { next, messages };
}

/** CNAME exclusivity, routing-policy consistency and group sizes, for `r` about to be stored. */
function placementProblems(records: RecordMap, r: ResourceRecordSet, ctx: BatchContext): string[] {
  const name = r.Name!;
  const type = r.Type!;
  const shown = displayName(name);
  const problems: string[] = [];
  if (type === 'CNAME' && name === ctx.zone.name)
    problems.push(`RRSet of type CNAME with DNS name ${shown} is not permitted at apex in zone ${ctx.zone.name}`);
  const sameName = [...records.values()].filter((o) => o.Name === name && recordKey(o) !== recordKey(r));
  const conflicts =
    type === 'CNAME' ? sameName.some((o) => o.Type !== 'CNAME') : sameName.some((o) => o.Type === 'CNAME');
  if (conflicts)
    problems.push(
      `RRSet of type ${type} with DNS name ${shown} is not permitted as it conflicts with other records with the same DNS name in zone ${ctx.zone.name}`,
    );
  const others = recordGroup(records, name, type).filter((o) => recordKey(o) !== recordKey(r));
  const policy = routingPolicy(r);
  const otherPolicies = new Set(others.map(routingPolicy));
  if (others.length > 0 && policy === 'simple')
    problems.push(
      `RRSet with DNS name ${shown}, type ${type} cannot be created as ${[...otherPolicies].join('/')} sets exist with the same name and type.`,
    );
  else if (others.length > 0 && [...otherPolicies].some((p) => p !== policy))
    problems.push(
      `RRSet with DNS name ${shown}, type ${type}, SetIdentifier ${r.SetIdentifier ?? ''} cannot be created as a non-${policy} set exists with the same name and type.`,
    );
  if (
    policy === 'weighted' &&
    others.filter((o) => routingPolicy(o) === 'weighted').length + 1 > MAX_WEIGHTED_PER_GROUP
  )
    problems.push(
      `RRSet with DNS name ${shown}, type ${type} cannot have more than ${MAX_WEIGHTED_PER_GROUP} weighted record sets.`,
    );
  if (policy === 'failover' && others.some((o) => o.Failover === r.Failover))
    problems.push(
      `Tried to create resource record set ${describeRecord(r)} but a ${r.Failover ?? ''} failover record set already exists with the same name and type`,
    );
  return problems;
}

/** An alias into one of the account's own zones must point at a record that exists there. */
function aliasProblems(r: ResourceRecordSet, records: RecordMap, ctx: BatchContext): string[] {
  const alias = r.AliasTarget;
  if (!alias) return [];
  const targetZoneId = alias.HostedZoneId ?? '';
  const target = targetZoneId === ctx.zone.id ? { name: ctx.zone.name, records } : ctx.zoneRecords(targetZoneId);
  if (!target) return [];
  const dnsName = alias.DNSName ?? '';
  const prefix = `Tried to create an alias that targets ${displayName(dnsName)}, type ${r.Type ?? ''} in zone ${targetZoneId}, but`;
  if (!isInZone(dnsName, target.name)) return [`${prefix} the alias target name does not lie within the target zone`];
  if (dnsName === r.Name && targetZoneId === ctx.zone.id) return [`${prefix} an alias cannot target itself`];
  if (recordGroup(target.records, dnsName, r.Type ?? '').length === 0) return [`${prefix} that target was not found`];
  return [];
}
