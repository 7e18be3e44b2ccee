import { findRedisServer, REDIS_INSTALL_HINT } from '../../src/redis/findRedisServer';

/**
 * Whether tests that need a real `redis-server` should run. On a machine without one they are
 * skipped with a message, except in CI (`CI` set), where a missing `redis-server` is a broken
 * CI image and fails the run instead of silently skipping.
 *
 * @example
 * ```ts
 * describe.runIf(requireRedis())('restores over real Redis', () => { ... });
 * ```
 */
export function requireRedis(): boolean {
  if (findRedisServer()) return true;
  if (process.env.CI) throw new Error(`CI must have redis-server for these tests. ${REDIS_INSTALL_HINT}`);
  console.warn(`Skipping tests that need a real redis-server. ${REDIS_INSTALL_HINT}`);
  return false;
}
