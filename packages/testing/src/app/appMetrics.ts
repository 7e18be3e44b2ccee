import { keyedUnit } from '../time/keyedHash';
import type { SimWorld } from '../aws/kernel/SimService';
import { elbv2Service, type SimLoadBalancer, type SimTargetGroup } from '../aws/elbv2';
import { codedeployService } from '../aws/codedeploy';
import { route53Sim } from '../aws/route53';
import { appOptions, worldOf, type AppWorldSource } from './appProfile';

/** One load balancer's traffic during one minute (what `AWS/ApplicationELB` reports). */
export interface LoadBalancerMinute {
  readonly loadBalancer: SimLoadBalancer;
  readonly requests: number;
  readonly target2xx: number;
  readonly target5xx: number;
  /** 503s the load balancer answered itself (no healthy target). */
  readonly elb5xx: number;
  readonly healthyHosts: number;
  readonly unhealthyHosts: number;
  /** Target response times, ms (absent when no target answered). */
  readonly latency?: { readonly avg: number; readonly p50: number; readonly p95: number; readonly p99: number };
  readonly targetGroups: ReadonlyArray<{
    readonly targetGroup: SimTargetGroup;
    readonly healthy: number;
    readonly unhealthy: number;
  }>;
}

/** The application's traffic in one region during one minute. */
export interface RegionMinute {
  readonly region: string;
  /** Start of the minute, virtual ms. */
  readonly minute: number;
  /** Whether the region answered at all. */
  readonly up: boolean;
  /** Share of all traffic sent to this region (0..1). */
  readonly share: number;
  readonly requests: number;
  /** Failed requests: 5xx from targets or load balancers, and everything sent to a dark region. */
  readonly errors: number;
  /** `errors / requests` (0 without requests). */
  readonly errorRate: number;
  /** The 95th percentile response time of the answered requests, ms (absent when none). */
  readonly p95Ms?: number;
  /** Share of the fleet running a bad (deployable) CodeDeploy revision, and its error rate. */
  readonly badRevision: { readonly share: number; readonly errorRate: number };
  readonly loadBalancers: readonly LoadBalancerMinute[];
}

/**
 * A deterministic number in [0, 1) for a key: metric noise that does not depend on call order.
 *
 * @example
 * ```ts
 * keyedNoise('us-east-1:latency:2026-11-22T03:00') === keyedNoise('us-east-1:latency:2026-11-22T03:00'); // true
 * ```
 */
export function keyedNoise(key: string): number {
  return keyedUnit(key);
}

/**
 * Traffic shares by region at `t`: the `trafficShare` option if set, else the answers of the
 * `trafficName` in Route 53 (now), else everything to the primary region.
 *
 * @example
 * ```ts
 * regionShares(cloud, cloud.clock.now()); // { 'us-east-1': 1, 'us-west-2': 0 }
 * ```
 */
export function regionShares(source: AppWorldSource, t: number): Record<string, number> {
  const world = worldOf(source);
  const options = appOptions(world);
  const out: Record<string, number> = Object.fromEntries(world.regions.map((r) => [r, 0]));
  if (options.trafficShare) {
    for (const r of world.regions) out[r] = Math.max(0, options.trafficShare(r, t));
    return out;
  }
  if (options.trafficName) {
    const byRoute53 = route53Shares(world, options.trafficName);
    if (byRoute53) return { ...out, ...byRoute53 };
  }
  out[options.primaryRegion ?? world.regions[0]!] = 1;
  return out;
}

function route53Shares(world: SimWorld, name: string): Record<string, number> | undefined {
  const r53 = route53Sim(world);
  const labels = name.replace(/\.$/, '').split('.');
  let records: ReturnType<typeof r53.records> = [];
  for (let i = 0; i < labels.length - 1; i++) {
    const zone = r53.hostedZone(labels.slice(i).join('.'));
    if (zone) {
      records = r53.records(zone.id, 'dns');
      break;
    }
  }
  const canonical = `${name.replace(/\.$/, '')}.`.toLowerCase();
  const byKey = new Map<string, string>();
  for (const rec of records) {
    if ((rec.Name ?? '').toLowerCase() !== canonical) continue;
    const key = rec.SetIdentifier ?? canonical;
    const alias = rec.AliasTarget?.DNSName?.replace(/\.$/, '').replace(/^dualstack\./, '');
    const target = alias ?? rec.ResourceRecords?.[0]?.Value;
    const region =
      (target ? world.resources.get(target)?.region : undefined) ??
      rec.Region ??
      (rec.SetIdentifier && world.regions.includes(rec.SetIdentifier) ? rec.SetIdentifier : undefined);
    if (region) byKey.set(key, region);
  }
  const dist = r53.distribution(name);
  const out: Record<string, number> = {};
  let any = false;
  for (const [key, share] of Object.entries(dist)) {
    const region = byKey.get(key) ?? byKey.get(canonical);
    if (!region) continue;
    out[region] = (out[region] ?? 0) + share;
    any = true;
  }
  return any ? out : undefined;
}

const cache = new WeakMap<SimWorld, Map<string, RegionMinute>>();

/**
 * The application's traffic in a region during the minute containing `t`: request count,
 * errors, latency and per-load-balancer figures, all derived from the simulated state (target
 * health, region and AZ outages, the CodeDeploy revision serving) with deterministic noise.
 * Minutes wholly in the past are cached.
 *
 * @example
 * ```ts
 * const m = appMinute(cloud, 'us-east-1', cloud.clock.now());
 * m.errorRate; // ~0.002 when healthy, 1 with no healthy target
 * ```
 */
export function appMinute(source: AppWorldSource, region: string, t: number): RegionMinute {
  const world = worldOf(source);
  const minute = Math.floor(t / 60_000) * 60_000;
  const key = `${region}|${minute}`;
  let perWorld = cache.get(world);
  if (!perWorld) cache.set(world, (perWorld = new Map<string, RegionMinute>()));
  const hit = perWorld.get(key);
  if (hit) return hit;
  const m = computeMinute(world, region, minute);
  if (minute + 60_000 <= world.clock.now()) perWorld.set(key, m);
  return m;
}

function computeMinute(world: SimWorld, region: string, minute: number): RegionMinute {
  const options = appOptions(world);
  const at = minute + 30_000; // the state in the middle of the minute stands for the minute
  const share = regionShares(world, at)[region] ?? 0;
  const wobble = (k: string, spread: number) => 1 - spread + 2 * spread * keyedNoise(`${region}|${minute}|${k}`);
  const requests = Math.round(options.requestsPerMinute * share * wobble('requests', 0.05));
  const noBad = { share: 0, errorRate: 0 };
  if (world.faults.isRegionDown(region, at)) {
    return {
      region,
      minute,
      up: false,
      share,
      requests,
      errors: requests,
      errorRate: requests ? 1 : 0,
      badRevision: noBad,
      loadBalancers: [],
    };
  }
  const elb = world.state(elbv2Service, region);
  const cd = world.state(codedeployService, region);
  let bad = noBad;
  for (const g of cd.groups.values()) {
    const b = cd.badShare(g, at);
    if (b.share * b.errorRate > bad.share * bad.errorRate) bad = b;
  }
  const lbs = [...elb.loadBalancers.values()].filter(
    (lb) => lb.activeAt <= at && (lb.deletedAt === undefined || lb.deletedAt > at) && lb.type === 'application',
  );
  const perLb: LoadBalancerMinute[] = [];
  let errors = 0;
  let served = 0;
  let p95Weighted = 0;
  for (const lb of lbs) {
    const lbRequests = Math.round((requests / lbs.length) * wobble(`${lb.name}|req`, 0.02));
    const tgs = elb.targetGroupsOf(lb).map((tg) => {
      const th = elb.targetHealth(tg, at);
      return {
        targetGroup: tg,
        healthy: th.filter((h) => h.state === 'healthy').length,
        unhealthy: th.filter((h) => h.state === 'unhealthy').length,
        registered: th.filter((h) => h.state !== 'draining' && h.state !== 'unused').length,
      };
    });
    const healthy = tgs.reduce((n, x) => n + x.healthy, 0);
    const unhealthy = tgs.reduce((n, x) => n + x.unhealthy, 0);
    const registered = tgs.reduce((n, x) => n + x.registered, 0);
    const targetGroups = tgs.map(({ targetGroup, healthy: h, unhealthy: u }) => ({
      targetGroup,
      healthy: h,
      unhealthy: u,
    }));
    if (healthy === 0) {
      perLb.push({
        loadBalancer: lb,
        requests: lbRequests,
        target2xx: 0,
        target5xx: 0,
        elb5xx: lbRequests,
        healthyHosts: 0,
        unhealthyHosts: unhealthy,
        targetGroups,
      });
      errors += lbRequests;
      continue;
    }
    const errorRate = Math.min(
      1,
      options.baselineErrorRate * wobble(`${lb.name}|err`, 0.5) + bad.share * bad.errorRate,
    );
    const target5xx = Math.round(lbRequests * errorRate);
    // Fewer healthy targets than registered ones means each carries more load: slower answers.
    const load = Math.max(1, registered / healthy);
    const slow = (1 + 0.5 * (load - 1)) * wobble(`${lb.name}|lat`, 0.1);
    const p50 = options.p50LatencyMs * slow;
    const p95 = options.p95LatencyMs * slow + 150 * bad.share;
    const latency = { p50, p95, p99: p95 * 1.8, avg: p50 * 0.8 + p95 * 0.2 };
    perLb.push({
      loadBalancer: lb,
      requests: lbRequests,
      target2xx: lbRequests - target5xx,
      target5xx,
      elb5xx: 0,
      healthyHosts: healthy,
      unhealthyHosts: unhealthy,
      latency,
      targetGroups,
    });
    errors += target5xx;
    served += lbRequests;
    p95Weighted += p95 * lbRequests;
  }
  if (lbs.length === 0) errors = requests; // nothing serves the region's traffic
  const total = lbs.length ? perLb.reduce((n, x) => n + x.requests, 0) : requests;
  return {
    region,
    minute,
    up: true,
    share,
    requests: total,
    errors,
    errorRate: total ? errors / total : 0,
    ...(served > 0 ? { p95Ms: p95Weighted / served } : {}),
    badRevision: bad,
    loadBalancers: perLb,
  };
}

/**
 * The application's state in a region now: the last whole minute's figures (what a dashboard
 * shows), for tests and probes.
 *
 * @example
 * ```ts
 * appMetrics(cloud, 'us-west-2').errorRate;
 * ```
 */
export function appMetrics(source: AppWorldSource, region: string, t = worldOf(source).clock.now()): RegionMinute {
  return appMinute(source, region, t - 60_000);
}
