import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** What to tell a user whose machine has no `redis-server`. */
export const REDIS_INSTALL_HINT =
  'redis-server is not installed or not on PATH: install it (Debian/Ubuntu: `apt-get install redis-server`, macOS: `brew install redis`) or set DRKIT_REDIS_SERVER to its path';

/**
 * The path of the `redis-server` executable: `$DRKIT_REDIS_SERVER` if set, else the first
 * `redis-server` on `PATH`; `undefined` when there is none.
 *
 * @example
 * ```ts
 * if (!findRedisServer()) console.warn(REDIS_INSTALL_HINT);
 * ```
 */
export function findRedisServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env.DRKIT_REDIS_SERVER;
  if (explicit) return isExecutable(explicit) ? explicit : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'redis-server');
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
