import { err, ok, type Result } from 'neverthrow';
import type { Change, ChangeInfo, HealthCheckConfig, ResourceRecordSet, VPC } from '@aws-sdk/client-route-53';
import { invalidInput, type InputProblem, type InvalidInputError } from '@drkit/core';
import { SimAwsError, type SimWorld } from '../kernel/SimService';
import { bareId, canonicalName, displayName } from './names';
import { presentRecord, recordGroup } from './recordSets';
import { answerDistribution, resolveName, type DnsAnswer, type ResolveOptions } from './dns';
import {
  DEFAULT_ROUTE53_OPTIONS,
  type HostedZoneEntry,
  type Route53SimOptions,
  type Route53State,
} from './Route53State';
import { route53Service } from './service';

/** Anything that holds a simulated world: the world itself or a simulated cloud. */
export type SimWorldSource = SimWorld | { readonly world: SimWorld };

/** A hosted zone as the state API describes it. */
export interface SimHostedZone {
  /** Bare id (`Z0…`), as `ChangeResourceRecordSets` takes it. */
  readonly id: string;
  /** Name with a trailing dot. */
  readonly name: string;
  readonly privateZone: boolean;
  readonly nameServers: readonly string[];
}

/** A health check's routing status, as the state API reports it. */
export interface SimHealthCheckStatus {
  /** The status Route 53 routes on (after the failure threshold, `Inverted` and `Disabled`). */
  readonly healthy: boolean;
  /** When the endpoint status last changed (creation time if never). */
  readonly since: Date;
  /** The last health checker report (`Success: HTTP Status Code 200, OK`, `Failure: …`). */
  readonly lastReport: string;
}

/** Which records a read sees: what the API lists (`api`) or what DNS answers (`dns`, INSYNC only). */
export type Route53RecordView = 'api' | 'dns';

/**
 * The simulated Route 53 as a test (or a topology preset) sees it: seed zones, records and
 * health checks without API calls, and read what DNS would answer.
 *
 * @example
 * ```ts
 * const r53 = route53Sim(cloud);
 * const zone = r53.createHostedZone({ name: 'example.com' })._unsafeUnwrap();
 * r53.putRecords(zone.id, [
 *   { Name: 'api.example.com', Type: 'A', SetIdentifier: 'blue', Weight: 90, TTL: 60, ResourceRecords: [{ Value: '10.0.0.1' }] },
 *   { Name: 'api.example.com', Type: 'A', SetIdentifier: 'green', Weight: 10, TTL: 60, ResourceRecords: [{ Value: '10.0.1.1' }] },
 * ]);
 * r53.distribution('api.example.com'); // { blue: 0.9, green: 0.1 }
 * ```
 */
export function route53Sim(source: SimWorldSource): Route53Sim {
  return new Route53Sim('world' in source ? source.world : source);
}

function problemsOf(e: unknown, path: string): InputProblem[] {
  if (e instanceof SimAwsError) {
    const messages = Array.isArray(e.extra.messages) ? (e.extra.messages as string[]) : [e.message];
    return messages.map((m) => ({ path, message: `${e.name}: ${m}` }));
  }
  return [{ path, message: e instanceof Error ? e.message : String(e) }];
}

function attempt<T>(path: string, f: () => T): Result<T, InvalidInputError> {
  try {
    return ok(f());
  } catch (e) {
    return err(invalidInput(problemsOf(e, path)));
  }
}

/** See {@link route53Sim}. */
export class Route53Sim {
  readonly #world: SimWorld;

  constructor(world: SimWorld) {
    this.#world = world;
  }

  /** The service state, synced to the current virtual time. */
  get #state(): Route53State {
    return this.#world.state(route53Service, 'global');
  }

  /**
   * Changes propagation time, its jitter, or the PriorRequestNotComplete window.
   *
   * @example
   * ```ts
   * route53Sim(cloud).configure({ propagationMs: 60_000 });
   * ```
   */
  configure(options: Partial<Route53SimOptions>): Result<Route53SimOptions, InvalidInputError> {
    const problems: InputProblem[] = [];
    for (const [key, value] of Object.entries(options)) {
      if (!(key in DEFAULT_ROUTE53_OPTIONS))
        problems.push({ path: key, message: 'is not a Route 53 simulation option' });
      else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
        problems.push({ path: key, message: 'must be a finite number >= 0' });
    }
    if (options.propagationJitter !== undefined && options.propagationJitter >= 1)
      problems.push({ path: 'propagationJitter', message: 'must be below 1' });
    if (problems.length > 0) return err(invalidInput(problems));
    const state = this.#state;
    Object.assign(state.options, options);
    return ok({ ...state.options });
  }

  /**
   * Creates a hosted zone (with its SOA and NS records), already INSYNC.
   *
   * @example
   * ```ts
   * const zone = route53Sim(cloud).createHostedZone({ name: 'example.com', id: 'Z0EXAMPLE' })._unsafeUnwrap();
   * ```
   */
  createHostedZone(spec: {
    name: string;
    id?: string;
    callerReference?: string;
    comment?: string;
    /** Makes it a private zone associated with this VPC. */
    vpc?: VPC;
  }): Result<SimHostedZone, InvalidInputError> {
    return attempt('hostedZone', () => {
      const state = this.#state;
      const { zone } = state.createHostedZone({
        Name: spec.name,
        CallerReference: spec.callerReference ?? `seed-${spec.id ?? ''}-${state.zones.size + 1}`,
        HostedZoneConfig: {
          ...(spec.comment !== undefined ? { Comment: spec.comment } : {}),
          PrivateZone: spec.vpc !== undefined,
        },
        ...(spec.vpc ? { VPC: spec.vpc } : {}),
        ...(spec.id !== undefined ? { id: bareId(spec.id) } : {}),
        insync: true,
      });
      return describeZone(zone);
    });
  }

  /**
   * A live hosted zone by id or by name (public zones first), if there is one.
   *
   * @example
   * ```ts
   * route53Sim(cloud).hostedZone('example.com')?.id;
   * ```
   */
  hostedZone(idOrName: string): SimHostedZone | undefined {
    const zone = this.#find(idOrName);
    return zone ? describeZone(zone) : undefined;
  }

  #find(idOrName: string): HostedZoneEntry | undefined {
    const state = this.#state;
    const byId = state.zones.get(bareId(idOrName));
    if (byId && byId.deletedAt === undefined) return byId;
    const name = canonicalName(idOrName);
    const named = state.liveZones().filter((z) => z.name === name);
    return named.find((z) => !z.privateZone) ?? named[0];
  }

  /**
   * Creates or replaces record sets (UPSERT, validated like `ChangeResourceRecordSets`). By
   * default they are visible to DNS at once, as in an estate that existed before the test;
   * `pending: true` makes them propagate like an API change.
   *
   * @example
   * ```ts
   * r53.putRecords('example.com', [{ Name: 'www.example.com', Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: 'api.example.com' }] }]);
   * ```
   */
  putRecords(
    zone: string,
    records: readonly ResourceRecordSet[],
    options: { pending?: boolean } = {},
  ): Result<ChangeInfo, InvalidInputError> {
    return this.changeRecords(
      zone,
      records.map((ResourceRecordSet) => ({ Action: 'UPSERT', ResourceRecordSet })),
      options,
    );
  }

  /**
   * Applies a change batch (CREATE / UPSERT / DELETE) like `ChangeResourceRecordSets`, without
   * the API's rate limit or PriorRequestNotComplete. Visible to DNS at once unless `pending`.
   *
   * @example
   * ```ts
   * r53.changeRecords('example.com', [{ Action: 'DELETE', ResourceRecordSet: oldRecord }]);
   * ```
   */
  changeRecords(
    zone: string,
    changes: readonly Change[],
    options: { pending?: boolean } = {},
  ): Result<ChangeInfo, InvalidInputError> {
    const entry = this.#find(zone);
    if (!entry) return err(invalidInput([{ path: 'zone', message: `no hosted zone ${zone}` }]));
    return attempt('records', () => {
      const state = this.#state;
      const change = state.changeResourceRecordSets(entry.id, { Changes: [...changes] }, { insync: !options.pending });
      return state.presentChange(change);
    });
  }

  /**
   * A zone's record sets in `ListResourceRecordSets` order, as the API lists them (`api`,
   * default) or as DNS answers them (`dns`: INSYNC changes only).
   *
   * @example
   * ```ts
   * route53Sim(cloud).records('example.com', 'dns').map((r) => r.Name);
   * ```
   */
  records(zone: string, view: Route53RecordView = 'api'): ResourceRecordSet[] {
    const entry = this.#find(zone);
    return entry ? this.#state.sortedRecords(entry, view).map(presentRecord) : [];
  }

  /**
   * The weight of each weighted record of a name and type, keyed by SetIdentifier.
   *
   * @example
   * ```ts
   * route53Sim(cloud).weights('api.example.com'); // { 'us-east-1': 100, 'us-west-2': 0 }
   * ```
   */
  weights(name: string, type = 'A', view: Route53RecordView = 'api'): Record<string, number> {
    const out: Record<string, number> = {};
    const canonical = canonicalName(name);
    const state = this.#state;
    const zones = state.liveZones().filter((z) => canonical === z.name || canonical.endsWith(`.${z.name}`));
    const zone = zones.sort(
      (a, b) => b.name.length - a.name.length || Number(a.privateZone) - Number(b.privateZone),
    )[0];
    if (!zone) return out;
    for (const r of recordGroup(view === 'api' ? zone.records : zone.dns, canonical, type))
      if (r.Weight !== undefined && r.SetIdentifier !== undefined) out[r.SetIdentifier] = r.Weight;
    return out;
  }

  /**
   * The share of DNS answers each record of a name gets now (INSYNC records, current health),
   * keyed by SetIdentifier (a simple record by its name). Deterministic.
   *
   * @example
   * ```ts
   * route53Sim(cloud).distribution('api.example.com'); // { 'us-east-1': 0.9, 'us-west-2': 0.1 }
   * ```
   */
  distribution(name: string, type = 'A', options: ResolveOptions = {}): Record<string, number> {
    return answerDistribution(this.#state, name, type, options);
  }

  /**
   * Answers one DNS query as a Route 53 name server would now; weighted records are drawn with
   * the simulation's seeded generator.
   *
   * @example
   * ```ts
   * route53Sim(cloud).resolve('api.example.com').setIdentifier; // 'us-west-2' after failover
   * ```
   */
  resolve(name: string, type = 'A', options: ResolveOptions = {}): DnsAnswer {
    const state = this.#state;
    return resolveName(state, name, type, state.dnsRng, options);
  }

  /**
   * Creates a health check directly. `settled` (default true) starts it at its target's
   * current health, as a check that has been running for a while; `false` starts it healthy,
   * as the API does.
   *
   * @example
   * ```ts
   * const hc = r53.createHealthCheck({ config: { Type: 'HTTPS', FullyQualifiedDomainName: alb.dnsName, ResourcePath: '/health' } })._unsafeUnwrap();
   * ```
   */
  createHealthCheck(spec: {
    config: HealthCheckConfig;
    id?: string;
    callerReference?: string;
    settled?: boolean;
  }): Result<{ id: string }, InvalidInputError> {
    return attempt('healthCheck', () => {
      const state = this.#state;
      const hc = state.createHealthCheck({
        CallerReference: spec.callerReference ?? `seed-${spec.id ?? ''}-${state.healthChecks.size + 1}`,
        HealthCheckConfig: spec.config,
        ...(spec.id !== undefined ? { id: spec.id } : {}),
        settled: spec.settled ?? true,
      });
      return { id: hc.id };
    });
  }

  /**
   * The routing status of a health check now, or undefined if there is no such live check.
   *
   * @example
   * ```ts
   * route53Sim(cloud).healthCheckStatus(hc.id)?.healthy; // false once the primary region is dark
   * ```
   */
  healthCheckStatus(id: string): SimHealthCheckStatus | undefined {
    const state = this.#state;
    const hc = state.healthChecks.get(bareId(id));
    if (!hc || hc.deletedAt !== undefined) return undefined;
    return {
      healthy: state.isHealthCheckHealthy(hc.id),
      since: new Date(hc.evaluation.changedAt),
      lastReport: hc.evaluation.lastReport,
    };
  }

  /**
   * Changes not yet INSYNC, oldest first.
   *
   * @example
   * ```ts
   * route53Sim(cloud).pendingChanges().length; // 0 once every change propagated
   * ```
   */
  pendingChanges(): ChangeInfo[] {
    const state = this.#state;
    return [...state.changes.values()].filter((c) => c.status === 'PENDING').map((c) => state.presentChange(c));
  }
}

function describeZone(zone: HostedZoneEntry): SimHostedZone {
  return {
    id: zone.id,
    name: displayName(zone.name),
    privateZone: zone.privateZone,
    nameServers: [...zone.nameServers],
  };
}
