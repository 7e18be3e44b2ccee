import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimWorld } from '../aws/kernel/SimService';
import type { SimResource } from '../aws/kernel/SimResources';
import { codedeployService, revisionLabel } from '../aws/codedeploy';
import { appOptions, worldOf, type AppWorldSource } from './appProfile';
import { appMinute, keyedNoise } from './appMetrics';

/**
 * The checksum the application reports for a resource's data: SHA-256 over the entries sorted by
 * key, as `key=value` lines. A health answer whose `checksum` differs from `dataChecksum(data)`
 * (or whose data differs from what was backed up) comes from a corrupted resource.
 *
 * @example
 * ```ts
 * const body = await (await fetch(await appEndpoint(cloud, instanceId))).json();
 * body.checksum === dataChecksum(body.data); // false when the restore was corrupted
 * ```
 */
export function dataChecksum(data: Readonly<Record<string, string>> = {}): string {
  const lines = Object.keys(data)
    .sort()
    .map((k) => `${k}=${data[k]}`);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** What `GET /r/<resource>/health` answers with status 200. */
export interface AppHealthBody {
  readonly status: 'ok';
  /** The resource id. */
  readonly resource: string;
  /** The application version (the CodeDeploy revision serving in the region, else the configured one). */
  readonly version: string;
  /** The data the resource serves (sentinel values of a restored instance), possibly empty. */
  readonly data: Readonly<Record<string, string>>;
  /** {@link dataChecksum} of the data the resource should hold. */
  readonly checksum: string;
}

interface Running {
  readonly server: Server;
  readonly port: Promise<number>;
}

const servers = new WeakMap<SimWorld, Running>();

/**
 * Whether a resource answers at `t`: not deleted, its region and zone up, and healthy itself.
 *
 * @example
 * ```ts
 * const alb = cloud.resources.get('jobs-api-alb')!;
 * resourceAnswers(cloud.world, alb, cloud.clock.now()); // true until its region goes dark
 * ```
 */
export function resourceAnswers(world: SimWorld, r: SimResource, t: number): boolean {
  if (r.deletedAt !== undefined && r.deletedAt <= t) return false;
  if (world.faults.isRegionDown(r.region, t)) return false;
  if (r.az && world.faults.isAzDown(r.az, t)) return false;
  return r.isHealthy(t);
}

/**
 * The version the application reports in a region at `t`.
 *
 * @example
 * ```ts
 * appVersion(cloud, 'us-east-1', cloud.clock.now()); // the deployed revision's label
 * ```
 */
export function appVersion(source: AppWorldSource, region: string, t: number): string {
  const world = worldOf(source);
  const cd = world.state(codedeployService, region);
  let latest: { at: number; label: string } | undefined;
  for (const g of cd.groups.values()) {
    const d = cd.lastSuccessful(g, t);
    if (d && (!latest || d.endAt > latest.at)) latest = { at: d.endAt, label: revisionLabel(d.revision) };
  }
  return latest?.label ?? appOptions(world).version;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function handle(world: SimWorld, req: IncomingMessage, res: ServerResponse): void {
  const release = world.clock.hold();
  res.on('close', release);
  try {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const m = /^\/r\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (!m || req.method !== 'GET')
      return send(res, 404, { status: 'not-found', message: 'use GET /r/<resource>/health' });
    const key = decodeURIComponent(m[1]!);
    const path = m[2] ?? '/';
    const now = world.clock.now();
    const r = world.resources.get(key);
    if (!r || (r.deletedAt !== undefined && r.deletedAt <= now))
      return send(res, 404, { status: 'not-found', resource: key });
    if (!resourceAnswers(world, r, now)) return send(res, 503, { status: 'unavailable', resource: r.id });
    const version =
      r.type === 'ELB' || r.createdBy === 'autoscaling' ? appVersion(world, r.region, now) : appOptions(world).version;
    if (path === '/health' || path === '/') {
      const truth = { ...(r.data ?? {}) };
      // A corrupted resource serves altered values under a checksum of what it should hold.
      const data = r.corrupt ? Object.fromEntries(Object.entries(truth).map(([k, v]) => [k, `${v}~corrupt`])) : truth;
      const checksum =
        r.corrupt && Object.keys(truth).length === 0 ? dataChecksum({ corrupt: 'true' }) : dataChecksum(truth);
      const body: AppHealthBody = { status: 'ok', resource: r.id, version, data, checksum };
      return send(res, 200, body);
    }
    // Any other path is an application request: it fails at the region's current error rate.
    const minute = appMinute(world, r.region, now);
    const rate = r.type === 'ELB' ? minute.errorRate : appOptions(world).baselineErrorRate;
    const fails = keyedNoise(`${r.id}|${path}|${now}|${world.recorder.size}`) < rate;
    return send(
      res,
      fails ? 500 : 200,
      fails ? { status: 'error', resource: r.id, version } : { status: 'ok', resource: r.id, version, path },
    );
  } catch (e) {
    send(res, 500, { status: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

function start(world: SimWorld): Running {
  let running = servers.get(world);
  if (running) return running;
  const server = createServer((req, res) => handle(world, req, res));
  const port = new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  // The server must not keep a test process alive on its own.
  server.unref();
  running = { server, port };
  servers.set(world, running);
  world.onDispose(() => closeAppServer(world));
  return running;
}

/**
 * The URL of a simulated resource's application endpoint on a real loopback HTTP server (started
 * on first use, on an ephemeral port). `GET …/health` answers 200 with {@link AppHealthBody} while
 * the resource is healthy and its region and zone are up, 503 otherwise, 404 for unknown or
 * deleted resources; other paths answer like application requests (5xx at the current error rate).
 *
 * @example
 * ```ts
 * const url = await appEndpoint(cloud, 'jobs-api-alb'); // id, ARN or DNS name
 * const res = await fetch(url); // 200 {"status":"ok",…}
 * ```
 */
export async function appEndpoint(source: AppWorldSource, resource: string, path = '/health'): Promise<string> {
  const world = worldOf(source);
  const port = await world.clock.track(start(world).port);
  return `http://127.0.0.1:${port}/r/${encodeURIComponent(resource)}${path.startsWith('/') ? path : `/${path}`}`;
}

/**
 * Closes the application server of a simulated cloud, if it was started.
 *
 * @example
 * ```ts
 * afterEach(() => closeAppServer(cloud));
 * ```
 */
export async function closeAppServer(source: AppWorldSource): Promise<void> {
  const world = worldOf(source);
  const running = servers.get(world);
  if (!running) return;
  servers.delete(world);
  await new Promise<void>((resolve) => {
    running.server.close(() => resolve());
    running.server.closeAllConnections();
  });
}
