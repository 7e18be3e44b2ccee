import type { SimWorld } from '../aws/kernel/SimService';

/** Anything that holds a simulated world: the world itself or a simulated cloud. */
export type AppWorldSource = SimWorld | { readonly world: SimWorld };

/**
 * The world behind a source.
 *
 * @example
 * ```ts
 * worldOf(cloud) === cloud.world; // true
 * ```
 */
export function worldOf(source: AppWorldSource): SimWorld {
  return 'world' in source ? source.world : source;
}

/**
 * How the simulated application (the Job Matching API behind its load balancers) behaves.
 * Every figure is per minute of virtual time.
 */
export interface SimulatedAppOptions {
  /** Requests per minute across all regions. Default 3000 (50 requests per second). */
  requestsPerMinute: number;
  /** Share of requests answered with a 5xx when nothing is wrong. Default 0.002. */
  baselineErrorRate: number;
  /** Median target response time when healthy, ms. Default 60. */
  p50LatencyMs: number;
  /** 95th percentile target response time when healthy, ms. Default 180. */
  p95LatencyMs: number;
  /** The region that takes all traffic when nothing says otherwise. Default the cloud's first region. */
  primaryRegion?: string;
  /**
   * A DNS name in the simulated Route 53 (`api.example.com`) whose answers split traffic between
   * regions: each answering record is mapped to a region through its alias target (a load
   * balancer's DNS name), its `Region`, or a `SetIdentifier` that is a region name.
   */
  trafficName?: string;
  /** Explicit traffic share of a region at a time (0..1); overrides `trafficName` and `primaryRegion`. */
  trafficShare?: (region: string, t: number) => number;
  /** The version the application reports when CodeDeploy has deployed nothing. Default `v1`. */
  version: string;
}

/** The default {@link SimulatedAppOptions}. */
export const DEFAULT_APP_OPTIONS: SimulatedAppOptions = {
  requestsPerMinute: 3000,
  baselineErrorRate: 0.002,
  p50LatencyMs: 60,
  p95LatencyMs: 180,
  version: 'v1',
};

const profiles = new WeakMap<SimWorld, SimulatedAppOptions>();

/**
 * Changes how the simulated application behaves (merged into the current options).
 *
 * @example
 * ```ts
 * configureApp(cloud, { requestsPerMinute: 6000, trafficName: 'api.jobs.example.com' });
 * ```
 */
export function configureApp(source: AppWorldSource, options: Partial<SimulatedAppOptions>): SimulatedAppOptions {
  const world = worldOf(source);
  const next = { ...appOptions(world), ...options };
  profiles.set(world, next);
  return next;
}

/**
 * The simulated application's current options.
 *
 * @example
 * ```ts
 * appOptions(cloud).requestsPerMinute; // 3000
 * ```
 */
export function appOptions(source: AppWorldSource): SimulatedAppOptions {
  return profiles.get(worldOf(source)) ?? DEFAULT_APP_OPTIONS;
}
