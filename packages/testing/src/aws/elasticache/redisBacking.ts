import type { SimWorld } from '../kernel/SimService';
import { RedisServerPool } from '../../redis/RedisServerPool';

const POOLS = new WeakMap<SimWorld, RedisServerPool>();

/**
 * The pool of real `redis-server` processes backing one simulated cloud's replication groups.
 *
 * @example
 * ```ts
 * redisPool(world).servers.map((s) => s.port); // ports of the running servers
 * ```
 */
export function redisPool(world: SimWorld): RedisServerPool {
  let pool = POOLS.get(world);
  if (!pool) {
    pool = new RedisServerPool();
    POOLS.set(world, pool);
    world.onDispose(() => stopElastiCacheRedis(world));
  }
  return pool;
}

/**
 * Stops every `redis-server` the simulated ElastiCache of this cloud started. Call it when the
 * cloud is disposed (the processes are also killed when the Node process exits).
 *
 * @example
 * ```ts
 * afterAll(() => stopElastiCacheRedis(cloud));
 * ```
 */
export async function stopElastiCacheRedis(world: SimWorld): Promise<void> {
  await POOLS.get(world)?.stopAll();
}
