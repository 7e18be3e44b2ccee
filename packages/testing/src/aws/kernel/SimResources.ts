/**
 * A resource that exists in the simulated cloud and that more than one service (or the
 * simulated application's HTTP endpoints) needs to see: restored EC2 instances, RDS and EFS
 * resources, load balancers, Redis endpoints. Services register what they create here;
 * Route 53 health checks and the app server look resources up here.
 */
export interface SimResource {
  /** Full ARN. */
  readonly arn: string;
  /** Short id (`i-0abc…`, `jobs-api-alb`, a replication group id). */
  readonly id: string;
  /** `EC2`, `RDS`, `EFS`, `ElastiCache`, `ELB`, `S3`, … (AWS Backup resource type names where they exist). */
  readonly type: string;
  readonly region: string;
  readonly az?: string;
  /** A DNS name clients use (load balancers, endpoints), if any. */
  readonly dnsName?: string;
  /** Virtual ms when it was created. */
  readonly createdAt: number;
  tags: Record<string, string>;
  /** Who created it: `restore` (by a restore job), `topology` (part of the user's estate), or a caller label. */
  readonly createdBy: string;
  /** Whether it currently answers health checks (the region being up is checked separately). */
  isHealthy(now: number): boolean;
  /** Whether its data is corrupted (a `corrupt:restore` fault was in force when it was restored). */
  corrupt?: boolean;
  /** Application data it holds (Redis keys, sentinel values), where that matters. */
  data?: Record<string, string>;
  /** A real loopback endpoint backing it (a local redis-server), when there is one. */
  endpoint?: { host: string; port: number };
  /** Set when deleted: virtual ms. Deleted resources stay listed for orphan checks. */
  deletedAt?: number;
}

/**
 * The registry of {@link SimResource}s of one simulated cloud.
 *
 * @example
 * ```ts
 * cloud.resources.list({ createdBy: 'restore', live: true }); // orphans after a drill
 * ```
 */
export class SimResources {
  #byArn = new Map<string, SimResource>();

  /** Adds (or replaces) a resource. */
  register(resource: SimResource): SimResource {
    this.#byArn.set(resource.arn, resource);
    return resource;
  }

  /** Finds a resource by ARN, id or DNS name. */
  get(key: string): SimResource | undefined {
    const direct = this.#byArn.get(key);
    if (direct) return direct;
    for (const r of this.#byArn.values()) if (r.id === key || r.dnsName === key) return r;
    return undefined;
  }

  /** Marks a resource deleted at `now`. Returns false if unknown or already deleted. */
  delete(key: string, now: number): boolean {
    const r = this.get(key);
    if (!r || r.deletedAt !== undefined) return false;
    r.deletedAt = now;
    return true;
  }

  /** Resources matching every given filter. `live: true` keeps only the not-deleted ones. */
  list(
    filter: { type?: string; region?: string; createdBy?: string; live?: boolean; tag?: [string, string] } = {},
  ): SimResource[] {
    return [...this.#byArn.values()].filter(
      (r) =>
        (filter.type === undefined || r.type === filter.type) &&
        (filter.region === undefined || r.region === filter.region) &&
        (filter.createdBy === undefined || r.createdBy === filter.createdBy) &&
        (filter.live === undefined || filter.live === (r.deletedAt === undefined)) &&
        (filter.tag === undefined || r.tags[filter.tag[0]] === filter.tag[1]),
    );
  }
}
