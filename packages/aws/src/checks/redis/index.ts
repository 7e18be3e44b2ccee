/**
 * `@drkit/aws/redis`: the Redis data check (PING, DBSIZE, sentinel keys, RPO freshness marker)
 * on `ioredis`, an optional peer dependency only this subpath imports.
 *
 * @module
 */
export * from './redisDataCheck';
