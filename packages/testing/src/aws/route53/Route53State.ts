import type { Change, ChangeInfo, HealthCheckConfig, ResourceRecordSet, VPC } from '@aws-sdk/client-route-53';
import type { SeededRandom } from '../../time/SeededRandom';
import { awsError, type SimState, type SimWorld } from '../kernel/SimService';
import type { SimResource } from '../kernel/SimResources';
import { bareId, canonicalName, compareNames, isInZone, nameProblems } from './names';
import {
  applyChanges,
  changeInputProblems,
  normalizeRecord,
  recordGroup,
  recordKey,
  type RecordMap,
} from './recordSets';
import {
  advanceHealthCheck,
  healthCheckConfigProblems,
  newEvaluation,
  probesEndpoint,
  withDefaults,
  type HealthCheckEntry,
  type ProbeResult,
} from './healthChecks';

/** Tunables of the simulated Route 53. */
export interface Route53SimOptions {
  /**
   * Mean time for a change to go from PENDING to INSYNC, in ms. AWS: "changes generally
   * propagate to all Route 53 name servers within 60 seconds". Default 45 000.
   */
  propagationMs: number;
  /** Relative spread of the propagation time, drawn from the seeded generator. Default 0.2 (±20 %). */
  propagationJitter: number;
  /**
   * A change to a zone whose previous change is still PENDING and was submitted less than this
   * many ms ago fails with `PriorRequestNotComplete` (Route 53 is still processing it). Default 2 000.
   */
  priorRequestWindowMs: number;
}

/** Defaults of {@link Route53SimOptions}. */
export const DEFAULT_ROUTE53_OPTIONS: Route53SimOptions = {
  propagationMs: 45_000,
  propagationJitter: 0.2,
  priorRequestWindowMs: 2_000,
};

/** One submitted change (record changes, zone creation or deletion), PENDING until `insyncAt`. */
export interface ChangeEntry {
  readonly id: string;
  status: 'PENDING' | 'INSYNC';
  readonly submittedAt: number;
  readonly insyncAt: number;
  readonly comment?: string;
  readonly zoneId?: string;
  /** The zone's record sets once this change is in sync (record changes only). */
  readonly after?: RecordMap;
}

/** A hosted zone as the simulation holds it. */
export interface HostedZoneEntry {
  readonly id: string;
  /** Canonical name (`example.com.`). */
  readonly name: string;
  readonly callerReference: string;
  comment?: string;
  readonly privateZone: boolean;
  readonly vpcs: VPC[];
  readonly nameServers: string[];
  readonly createdAt: number;
  deletedAt?: number;
  /** Record sets as the API sees them (every accepted change applied). */
  records: RecordMap;
  /** Record sets as DNS answers them (changes applied once INSYNC). */
  dns: RecordMap;
  /** Record changes not yet INSYNC, oldest first. */
  pending: ChangeEntry[];
  lastChange?: ChangeEntry;
  tags: Map<string, string>;
}

const ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * The global state of the simulated Route 53: hosted zones with their record sets (API view
 * and DNS view), changes, and health checks. Handlers and the {@link Route53Sim} state API both
 * go through its methods, which throw {@link awsError}s exactly as the API reports them.
 */
export class Route53State implements SimState {
  readonly world: SimWorld;
  readonly options: Route53SimOptions = { ...DEFAULT_ROUTE53_OPTIONS };
  readonly zones = new Map<string, HostedZoneEntry>();
  readonly changes = new Map<string, ChangeEntry>();
  readonly healthChecks = new Map<string, HealthCheckEntry>();
  /** Random draws for ids and propagation times. */
  readonly rng: SeededRandom;
  /** Random draws for DNS answers, independent of API traffic. */
  readonly dnsRng: SeededRandom;
  readonly #zoneCallerRefs = new Map<string, string>();
  readonly #healthCheckCallerRefs = new Map<string, string>();

  constructor(world: SimWorld) {
    this.world = world;
    this.rng = world.rng.fork('route53');
    this.dnsRng = world.rng.fork('route53:dns');
  }

  /** Brings changes and health checks up to `now`. */
  sync(now: number): void {
    for (const zone of this.zones.values()) {
      while (zone.pending.length > 0 && zone.pending[0]!.insyncAt <= now) {
        const change = zone.pending.shift()!;
        if (change.after) zone.dns = change.after;
      }
    }
    for (const change of this.changes.values())
      if (change.status === 'PENDING' && change.insyncAt <= now) change.status = 'INSYNC';
    for (const hc of this.healthChecks.values()) {
      if (hc.deletedAt !== undefined) continue;
      // Resolve the target once per sync: the samples replayed below all probe the same resource.
      const target = this.findResource(hc.config.FullyQualifiedDomainName ?? hc.config.IPAddress ?? '');
      advanceHealthCheck(hc, now, (at) => this.probe(hc, at, target));
    }
  }

  #now(): number {
    return this.world.clock.now();
  }

  #id(prefix: string, length: number): string {
    let s = prefix;
    while (s.length < length) s += ID_ALPHABET[this.rng.int(0, ID_ALPHABET.length - 1)];
    return s;
  }

  /** Records a new change, PENDING for the propagation delay (scaled by `latency:route53` faults). */
  #submitChange(zone: HostedZoneEntry | undefined, comment: string | undefined, after?: RecordMap): ChangeEntry {
    const now = this.#now();
    const delay =
      this.rng.around(this.options.propagationMs, this.options.propagationJitter) *
      this.world.faults.latencyFactor('route53', now);
    // Changes to one zone become visible in the order they were made.
    const previous = zone?.pending.at(-1)?.insyncAt ?? 0;
    const change: ChangeEntry = {
      id: this.#id('C', 21),
      status: 'PENDING',
      submittedAt: now,
      insyncAt: Math.max(Math.round(now + delay), previous),
      ...(comment !== undefined ? { comment } : {}),
      ...(zone ? { zoneId: zone.id } : {}),
      ...(after ? { after } : {}),
    };
    this.changes.set(change.id, change);
    if (zone && after) {
      zone.lastChange = change;
      zone.pending.push(change);
    }
    return change;
  }

  /** The change as the API returns it. */
  presentChange(change: ChangeEntry): ChangeInfo {
    return {
      Id: `/change/${change.id}`,
      Status: change.status,
      SubmittedAt: new Date(change.submittedAt),
      ...(change.comment !== undefined ? { Comment: change.comment } : {}),
    };
  }

  /** Throws `PriorRequestNotComplete` if the zone's previous change is still being processed. */
  #checkPriorRequest(zone: HostedZoneEntry): void {
    const last = zone.lastChange;
    const now = this.#now();
    if (last && last.status === 'PENDING' && now - last.submittedAt < this.options.priorRequestWindowMs)
      throw awsError(
        'PriorRequestNotComplete',
        'The request was rejected because Route 53 was still processing a prior request.',
      );
  }

  // ---------------------------------------------------------------- hosted zones

  /**
   * Creates a hosted zone with its SOA and NS records.
   * `CallerReference` is single-use: reusing it fails with `HostedZoneAlreadyExists`.
   */
  createHostedZone(input: {
    Name: string;
    CallerReference: string;
    HostedZoneConfig?: { Comment?: string; PrivateZone?: boolean };
    VPC?: VPC;
    id?: string;
    insync?: boolean;
  }): { zone: HostedZoneEntry; change: ChangeEntry } {
    const problems = nameProblems(input.Name);
    if (problems.length > 0)
      throw awsError('InvalidDomainName', `${input.Name} is not a valid domain name: ${problems.join(', ')}`);
    const privateZone = input.HostedZoneConfig?.PrivateZone === true || input.VPC !== undefined;
    if (privateZone && !input.VPC)
      throw awsError('InvalidInput', 'A private hosted zone must be associated with a VPC.');
    if (this.#zoneCallerRefs.has(input.CallerReference))
      throw awsError(
        'HostedZoneAlreadyExists',
        `A hosted zone has already been created with the specified caller reference: ${input.CallerReference}`,
        { status: 409 },
      );
    const id = input.id ?? this.#id('Z', 21);
    if (this.zones.has(id))
      throw awsError('HostedZoneAlreadyExists', `A hosted zone with ID ${id} already exists`, { status: 409 });
    const name = canonicalName(input.Name);
    const nameServers = this.#nameServers();
    const records: RecordMap = new Map();
    const soa = normalizeRecord({
      Name: name,
      Type: 'SOA',
      TTL: 900,
      ResourceRecords: [{ Value: `${nameServers[0]!}. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400` }],
    });
    const ns = normalizeRecord({
      Name: name,
      Type: 'NS',
      TTL: 172800,
      ResourceRecords: nameServers.map((n) => ({ Value: `${n}.` })),
    });
    records.set(recordKey(soa), soa);
    records.set(recordKey(ns), ns);
    const zone: HostedZoneEntry = {
      id,
      name,
      callerReference: input.CallerReference,
      ...(input.HostedZoneConfig?.Comment !== undefined ? { comment: input.HostedZoneConfig.Comment } : {}),
      privateZone,
      vpcs: input.VPC ? [input.VPC] : [],
      nameServers,
      createdAt: this.#now(),
      records,
      dns: new Map(records),
      pending: [],
      tags: new Map(),
    };
    this.zones.set(id, zone);
    this.#zoneCallerRefs.set(input.CallerReference, id);
    const change = this.#submitChange(zone, undefined);
    if (input.insync) change.status = 'INSYNC';
    return { zone, change };
  }

  #nameServers(): string[] {
    const tlds = ['com', 'net', 'org', 'co.uk'];
    const n = this.rng.int(0, 63);
    return tlds.map((tld, i) => `ns-${i * 512 + this.rng.int(0, 511)}.awsdns-${String(n).padStart(2, '0')}.${tld}`);
  }

  /** The live zone with the given id (with or without `/hostedzone/`), or `NoSuchHostedZone`. */
  zone(id: string): HostedZoneEntry {
    const zone = this.zones.get(bareId(id));
    if (!zone || zone.deletedAt !== undefined)
      throw awsError('NoSuchHostedZone', `No hosted zone found with ID: ${bareId(id)}`, { status: 404 });
    return zone;
  }

  /** Live zones in creation order. */
  liveZones(): HostedZoneEntry[] {
    return [...this.zones.values()].filter((z) => z.deletedAt === undefined);
  }

  /** Live zones in `ListHostedZonesByName` order: by name (labels reversed), then id. */
  zonesByName(): HostedZoneEntry[] {
    return this.liveZones().sort((a, b) => compareNames(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Deletes a zone that holds only its SOA and NS records. */
  deleteHostedZone(id: string): ChangeEntry {
    const zone = this.zone(id);
    const extra = [...zone.records.values()].filter(
      (r) => !(r.Name === zone.name && (r.Type === 'SOA' || r.Type === 'NS')),
    );
    if (extra.length > 0)
      throw awsError(
        'HostedZoneNotEmpty',
        `The specified hosted zone contains non-required resource record sets and so cannot be deleted.`,
      );
    this.#checkPriorRequest(zone);
    zone.deletedAt = this.#now();
    return this.#submitChange(undefined, undefined);
  }

  // ---------------------------------------------------------------- record sets

  /**
   * Validates and applies a change batch (all or nothing). The API view changes at once; DNS
   * answers follow when the change is INSYNC (or at once with `insync: true`, for seeding).
   */
  changeResourceRecordSets(
    zoneId: string,
    batch: { Changes?: Change[]; Comment?: string },
    options: { insync?: boolean } = {},
  ): ChangeEntry {
    const zone = this.zone(zoneId);
    const changes = batch.Changes ?? [];
    if (changes.length === 0)
      throw awsError('InvalidChangeBatch', 'ChangeBatch must contain at least one Change', {
        extra: { messages: ['ChangeBatch must contain at least one Change'] },
      });
    const inputProblems = changeInputProblems(changes);
    if (inputProblems.length > 0) throw awsError('InvalidInput', inputProblems.join('; '));
    for (const c of changes) {
      const hc = c.ResourceRecordSet?.HealthCheckId;
      if (hc !== undefined && c.Action !== 'DELETE' && !this.#liveHealthCheck(hc))
        throw awsError('NoSuchHealthCheck', `No health check found with ID ${hc}`, { status: 404 });
    }
    if (!options.insync) this.#checkPriorRequest(zone);
    const { next, messages } = applyChanges(zone.records, changes, {
      zone: { id: zone.id, name: zone.name },
      zoneRecords: (otherId) => {
        const other = this.zones.get(bareId(otherId));
        return other && other.deletedAt === undefined ? { name: other.name, records: other.records } : undefined;
      },
    });
    if (messages.length > 0) throw awsError('InvalidChangeBatch', `[${messages.join(', ')}]`, { extra: { messages } });
    zone.records = next;
    const change = this.#submitChange(zone, batch.Comment, next);
    if (options.insync) {
      // Seeding: this change and every earlier one are visible to DNS now.
      for (const c of zone.pending) c.status = 'INSYNC';
      zone.pending = [];
      zone.dns = next;
    }
    return change;
  }

  /** The change with the given id (with or without `/change/`), or `NoSuchChange`. */
  change(id: string): ChangeEntry {
    const change = this.changes.get(bareId(id));
    if (!change)
      throw awsError('NoSuchChange', `A change with the specified change ID does not exist: ${bareId(id)}`, {
        status: 404,
      });
    return change;
  }

  /** A zone's record sets in `ListResourceRecordSets` order (API view, or DNS view). */
  sortedRecords(zone: HostedZoneEntry, view: 'api' | 'dns' = 'api'): ResourceRecordSet[] {
    return [...(view === 'api' ? zone.records : zone.dns).values()].sort(compareRecords);
  }

  // ---------------------------------------------------------------- health checks

  #liveHealthCheck(id: string): HealthCheckEntry | undefined {
    const hc = this.healthChecks.get(id);
    return hc && hc.deletedAt === undefined ? hc : undefined;
  }

  /** The live health check with the given id, or `NoSuchHealthCheck`. */
  healthCheck(id: string): HealthCheckEntry {
    const hc = this.#liveHealthCheck(bareId(id));
    if (!hc) throw awsError('NoSuchHealthCheck', `No health check found with ID ${bareId(id)}`, { status: 404 });
    return hc;
  }

  /**
   * Creates a health check. The same `CallerReference` with the same settings returns the
   * existing check; with other settings, or after the check was deleted, `HealthCheckAlreadyExists`.
   * `settled: true` (seeding) starts it at its target's current health instead of healthy.
   */
  createHealthCheck(input: {
    CallerReference: string;
    HealthCheckConfig: HealthCheckConfig;
    id?: string;
    settled?: boolean;
  }): HealthCheckEntry {
    const problems = healthCheckConfigProblems(input.HealthCheckConfig);
    if (problems.length > 0) throw awsError('InvalidInput', problems.join('; '));
    this.#checkChildren(input.HealthCheckConfig);
    const config = withDefaults(input.HealthCheckConfig);
    const existingId = this.#healthCheckCallerRefs.get(input.CallerReference);
    if (existingId !== undefined) {
      const existing = this.healthChecks.get(existingId)!;
      if (
        existing.deletedAt === undefined &&
        JSON.stringify(existing.config) === JSON.stringify(config) &&
        existing.version === 1
      )
        return existing;
      throw awsError(
        'HealthCheckAlreadyExists',
        `A health check with the caller reference ${input.CallerReference} already exists with different settings or was deleted.`,
        { status: 409 },
      );
    }
    const id = input.id ?? this.rng.uuid();
    if (this.healthChecks.has(id))
      throw awsError('HealthCheckAlreadyExists', `A health check with ID ${id} already exists`, { status: 409 });
    const now = this.#now();
    const entry: HealthCheckEntry = {
      id,
      callerReference: input.CallerReference,
      config,
      version: 1,
      createdAt: now,
      tags: new Map(),
      evaluation: newEvaluation(now),
    };
    if (input.settled && probesEndpoint(config)) {
      const sample = this.probe(entry, now);
      entry.evaluation = newEvaluation(now, sample.healthy, sample.report);
    }
    this.healthChecks.set(id, entry);
    this.#healthCheckCallerRefs.set(input.CallerReference, id);
    return entry;
  }

  #checkChildren(config: HealthCheckConfig): void {
    for (const child of config.ChildHealthChecks ?? [])
      if (!this.#liveHealthCheck(child))
        throw awsError('NoSuchHealthCheck', `No health check found with ID ${child}`, { status: 404 });
  }

  /** Applies `UpdateHealthCheck`; `HealthCheckVersion`, when given, must match. */
  updateHealthCheck(
    id: string,
    update: Partial<HealthCheckConfig> & { HealthCheckVersion?: number; ResetElements?: string[] },
  ): HealthCheckEntry {
    const hc = this.healthCheck(id);
    if (update.HealthCheckVersion !== undefined && update.HealthCheckVersion !== hc.version)
      throw awsError(
        'HealthCheckVersionMismatch',
        `The value of HealthCheckVersion in the request (${update.HealthCheckVersion}) doesn't match the current version (${hc.version}).`,
        { status: 409 },
      );
    const { HealthCheckVersion: _version, ResetElements, ...changes } = update;
    const next: Record<string, unknown> = { ...hc.config };
    for (const [key, value] of Object.entries(changes)) if (value !== undefined) next[key] = value;
    // ResetElements: ChildHealthChecks, FullyQualifiedDomainName, Regions, ResourcePath.
    for (const element of ResetElements ?? []) delete next[element];
    const config = next as unknown as HealthCheckConfig;
    const problems = healthCheckConfigProblems(config);
    if (problems.length > 0) throw awsError('InvalidInput', problems.join('; '));
    this.#checkChildren(config);
    hc.config = withDefaults(config);
    hc.version += 1;
    return hc;
  }

  /** Deletes a health check. Records that still name it treat it as healthy, as AWS documents. */
  deleteHealthCheck(id: string): void {
    const hc = this.healthCheck(id);
    hc.deletedAt = this.#now();
  }

  /** Live health checks in creation order. */
  liveHealthChecks(): HealthCheckEntry[] {
    return [...this.healthChecks.values()].filter((h) => h.deletedAt === undefined);
  }

  /** The status Route 53 uses for routing: after threshold, `Inverted` and `Disabled`. */
  isHealthCheckHealthy(id: string, depth = 0): boolean {
    const hc = this.#liveHealthCheck(id);
    if (!hc) return true;
    const config = hc.config;
    if (config.Disabled) return true;
    let healthy: boolean;
    switch (config.Type) {
      case 'CALCULATED': {
        const children = config.ChildHealthChecks ?? [];
        const healthyChildren = depth > 8 ? 0 : children.filter((c) => this.isHealthCheckHealthy(c, depth + 1)).length;
        healthy = healthyChildren >= (config.HealthThreshold ?? children.length);
        break;
      }
      case 'CLOUDWATCH_METRIC':
        // No simulated alarm data reaches Route 53 yet: the InsufficientData status applies.
        healthy = config.InsufficientDataHealthStatus !== 'Unhealthy';
        break;
      case 'RECOVERY_CONTROL':
        healthy = true;
        break;
      default:
        healthy = hc.evaluation.healthy;
    }
    return config.Inverted ? !healthy : healthy;
  }

  /**
   * Samples a health check's endpoint at virtual time `at`: the simulated resource behind its
   * domain name (or IP address) must exist, answer (`isHealthy`), and sit in a region and
   * availability zone that are up. Unknown targets do not answer.
   */
  probe(
    hc: HealthCheckEntry,
    at: number,
    resource = this.findResource(hc.config.FullyQualifiedDomainName ?? hc.config.IPAddress ?? ''),
  ): ProbeResult {
    const target = hc.config.FullyQualifiedDomainName ?? hc.config.IPAddress ?? '';
    const http = (hc.config.Type ?? '').startsWith('HTTP');
    const timeout: ProbeResult = {
      healthy: false,
      report:
        'Failure: Connection timed out. The endpoint or the internet connection is down, or requests are being blocked by your firewall.',
    };
    if (!resource) {
      return hc.config.FullyQualifiedDomainName
        ? { healthy: false, report: `Failure: DNS resolution failed: ${target} did not resolve to a known endpoint.` }
        : timeout;
    }
    const faults = this.world.faults;
    if (resource.createdAt > at || (resource.deletedAt !== undefined && resource.deletedAt <= at)) return timeout;
    if (faults.isRegionDown(resource.region, at)) return timeout;
    if (resource.az !== undefined && faults.isAzDown(resource.az, at)) return timeout;
    if (!resource.isHealthy(at))
      return http
        ? { healthy: false, report: 'Failure: HTTP Status Code 503, Service Unavailable' }
        : { healthy: false, report: 'Failure: Connection refused.' };
    return {
      healthy: true,
      report: http ? 'Success: HTTP Status Code 200, OK' : 'Success: TCP connection established',
    };
  }

  /**
   * The simulated resource behind a name: a resource registered under that DNS name, id or
   * ARN, or the target of a record with that name in one of the account's zones (DNS view,
   * ignoring routing: the first record that points at a known resource).
   */
  findResource(name: string): SimResource | undefined {
    if (!name) return undefined;
    const resources = this.world.resources;
    const bare = name.replace(/\.$/, '').toLowerCase();
    for (const key of [name, bare, bare.replace(/^dualstack\./, ''), `${bare}.`]) {
      const found = resources.get(key);
      if (found) return found;
    }
    const canonical = canonicalName(name);
    for (const zone of this.liveZones()) {
      if (!isInZone(canonical, zone.name)) continue;
      for (const r of zone.dns.values()) {
        if (r.Name !== canonical) continue;
        const targets = r.AliasTarget
          ? [r.AliasTarget.DNSName ?? '']
          : (r.ResourceRecords ?? []).map((v) => v.Value ?? '');
        for (const t of targets) {
          const tBare = t.replace(/\.$/, '').toLowerCase();
          const found = resources.get(tBare) ?? resources.get(tBare.replace(/^dualstack\./, ''));
          if (found) return found;
        }
      }
    }
    return undefined;
  }

  /** Whether a simulated resource answers at `at` (exists, healthy, region and AZ up). */
  resourceAnswers(resource: SimResource, at: number): boolean {
    const faults = this.world.faults;
    return !(
      resource.createdAt > at ||
      (resource.deletedAt !== undefined && resource.deletedAt <= at) ||
      faults.isRegionDown(resource.region, at) ||
      (resource.az !== undefined && faults.isAzDown(resource.az, at)) ||
      !resource.isHealthy(at)
    );
  }

  /** Record sets of a group in a view (for the DNS answer code). */
  group(zone: HostedZoneEntry, name: string, type: string, view: 'api' | 'dns' = 'dns'): ResourceRecordSet[] {
    return recordGroup(view === 'api' ? zone.records : zone.dns, name, type);
  }
}

/**
 * `ListResourceRecordSets` order: name (labels reversed), then type, then set identifier.
 *
 * @example
 * ```ts
 * records.sort(compareRecords);
 * ```
 */
export function compareRecords(a: ResourceRecordSet, b: ResourceRecordSet): number {
  const byName = compareNames(a.Name ?? '', b.Name ?? '');
  if (byName !== 0) return byName;
  const ta = a.Type ?? '';
  const tb = b.Type ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const sa = a.SetIdentifier ?? '';
  const sb = b.SetIdentifier ?? '';
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
