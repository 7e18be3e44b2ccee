import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { ResultAsync } from 'neverthrow';
import { drError, type DrError } from '@drkit/core';
import { findRedisServer, REDIS_INSTALL_HINT } from './findRedisServer';
import { redisCommands } from './resp';

/** A running local `redis-server` process owned by a {@link RedisServerPool}. */
export interface RedisServer {
  /** Always `127.0.0.1`: the server listens on loopback only. */
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  /** What it backs (a replication group id…), for messages. */
  readonly label: string;
  /** Whether the process is still running. */
  readonly running: boolean;
  /** Stops the process (SIGTERM, then SIGKILL after 2 s). Idempotent. */
  stop(): Promise<void>;
}

/** Options of {@link RedisServerPool.start}. */
export interface RedisServerStartOptions {
  /** What the server backs, for messages. */
  label?: string;
  /** Keys to write before the server is handed out. */
  data?: Readonly<Record<string, string>>;
  /** Sets `requirepass` after seeding (never passed on the command line, so `ps` does not show it). */
  password?: string;
}

/** Every child process of every pool in this Node process, killed when the process exits. */
const LIVE = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of LIVE) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = () => {
      for (const child of LIVE) child.kill('SIGKILL');
      LIVE.clear();
      // Re-raise with the default behaviour unless someone else also handles the signal.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.once(signal, onSignal);
  }
}

/** A free loopback TCP port: listen on port 0, read the port, close. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts and owns real `redis-server` processes on loopback, so simulated ElastiCache
 * replication groups can have an endpoint a Redis client really talks to. Servers keep data in
 * memory only (`--save '' --appendonly no`) and listen on `127.0.0.1` on a free port. Every
 * process is stopped by {@link RedisServerPool.stopAll}, and killed when the Node process exits.
 *
 * @example
 * ```ts
 * const pool = new RedisServerPool();
 * const server = (await pool.start({ label: 'restored-rg', data: { 'sentinel:a': 'x' } }))._unsafeUnwrap();
 * // connect any Redis client to server.host:server.port
 * await pool.stopAll();
 * ```
 */
export class RedisServerPool {
  readonly #binary: string | undefined;
  readonly #startTimeoutMs: number;
  readonly #servers: RedisServer[] = [];

  /**
   * @param options.binary path of `redis-server` (default: {@link findRedisServer}).
   * @param options.startTimeoutMs wall-clock time allowed for a server to become ready (default 10 s).
   */
  constructor(options: { binary?: string; startTimeoutMs?: number } = {}) {
    this.#binary = options.binary ?? findRedisServer();
    this.#startTimeoutMs = options.startTimeoutMs ?? 10_000;
  }

  /** Whether a `redis-server` executable was found. */
  get available(): boolean {
    return this.#binary !== undefined;
  }

  /** Servers started by this pool that are still running. */
  get servers(): readonly RedisServer[] {
    return this.#servers.filter((s) => s.running);
  }

  /**
   * Starts one server, waits until it accepts connections, writes `data`, and hands it out.
   * Fails with `Unavailable` (naming `apt-get install redis-server`) when there is no
   * `redis-server`, or with the server's own output when it cannot start.
   *
   * @example
   * ```ts
   * const started = await pool.start({ label: 'rg-1', data: redisAppData(now) });
   * if (started.isErr()) console.warn(started.error.message);
   * ```
   */
  start(options: RedisServerStartOptions = {}): ResultAsync<RedisServer, DrError> {
    return ResultAsync.fromPromise(this.#start(options), (e) =>
      drError('Unavailable', e instanceof Error ? e.message : String(e), { cause: e, retryable: false }),
    );
  }

  /** Stops every server this pool started. */
  async stopAll(): Promise<void> {
    await Promise.all(this.#servers.map((s) => s.stop()));
  }

  async #start(options: RedisServerStartOptions): Promise<RedisServer> {
    if (!this.#binary) throw new Error(REDIS_INSTALL_HINT);
    installExitHook();
    let lastError: unknown;
    // Another process may grab the port between probing and spawning: try a few ports.
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      try {
        const server = await this.#spawn(this.#binary, port, options.label ?? `redis-${port}`);
        try {
          await seed(server, options);
        } catch (e) {
          await server.stop();
          throw e;
        }
        this.#servers.push(server);
        return server;
      } catch (e) {
        lastError = e;
        if (!(e instanceof Error && /Address already in use/i.test(e.message))) break;
      }
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  }

  #spawn(binary: string, port: number, label: string): Promise<RedisServer> {
    return new Promise((resolve, reject) => {
      const args = [
        '--port', String(port),
        '--bind', '127.0.0.1',
        '--save', '',
        '--appendonly', 'no',
        '--daemonize', 'no',
        '--dir', tmpdir(),
        '--loglevel', 'notice',
      ]; // prettier-ignore
      const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      LIVE.add(child);
      let output = '';
      let settled = false;
      let exited = false;
      // real-time: waits for a real child process to start listening.
      const timer = setTimeout(() => {
        finish(
          new Error(
            `redis-server for ${label} did not become ready within ${this.#startTimeoutMs} ms:\n${tail(output)}`,
          ),
        );
      }, this.#startTimeoutMs);
      const stop = async (): Promise<void> => {
        if (exited) return;
        await new Promise<void>((done) => {
          // real-time: a real process that ignores SIGTERM is killed after 2 s of wall time.
          const kill = setTimeout(() => child.kill('SIGKILL'), 2_000);
          child.once('exit', () => {
            clearTimeout(kill);
            done();
          });
          child.kill('SIGTERM');
        });
      };
      const server: RedisServer = {
        host: '127.0.0.1',
        port,
        pid: child.pid ?? -1,
        label,
        get running() {
          return !exited;
        },
        stop,
      };
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) {
          child.kill('SIGKILL');
          reject(error);
          return;
        }
        // A ready server must not keep the event loop (or a test worker) alive by itself.
        child.unref();
        (child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
        (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
        resolve(server);
      };
      const onOutput = (chunk: Buffer) => {
        if (settled) return;
        output += chunk.toString('utf8');
        if (/Ready to accept connections/i.test(output)) finish();
        else if (/Address already in use/i.test(output)) finish(new Error(`Address already in use: port ${port}`));
      };
      child.stdout.on('data', onOutput);
      child.stderr.on('data', onOutput);
      child.on('error', (e) => finish(new Error(`cannot run ${binary}: ${e.message}. ${REDIS_INSTALL_HINT}`)));
      child.on('exit', (code, signal) => {
        exited = true;
        LIVE.delete(child);
        finish(
          new Error(
            `redis-server for ${label} exited (${signal ?? `code ${code}`}) before it was ready:\n${tail(output)}`,
          ),
        );
      });
    });
  }
}

async function seed(server: RedisServer, options: RedisServerStartOptions): Promise<void> {
  const commands: string[][] = [['FLUSHALL']];
  const entries = Object.entries(options.data ?? {});
  // MSET in chunks keeps each command small.
  for (let i = 0; i < entries.length; i += 200) commands.push(['MSET', ...entries.slice(i, i + 200).flat()]);
  if (options.password) commands.push(['CONFIG', 'SET', 'requirepass', options.password]);
  const replies = await redisCommands(server.host, server.port, commands);
  const failed = replies.find((r) => typeof r === 'object' && r !== null && !Array.isArray(r));
  if (failed)
    throw new Error(`seeding redis-server for ${server.label} failed: ${(failed as { error: string }).error}`);
}

function tail(text: string): string {
  return text.split('\n').slice(-8).join('\n');
}
