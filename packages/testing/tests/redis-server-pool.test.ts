import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RedisServerPool } from '../src/redis/RedisServerPool';
import { redisCommands } from '../src/redis/resp';
import { requireRedis } from './support/requireRedis';

describe.runIf(requireRedis())('RedisServerPool', () => {
  const pool = new RedisServerPool();
  afterAll(() => pool.stopAll());

  it('starts a loopback redis-server seeded with the given keys', async () => {
    // Act
    const server = (
      await pool.start({ label: 'rg-1', data: { 'sentinel:a': 'alpha', 'job:1': '{"id":1}' } })
    )._unsafeUnwrap();

    // Assess: a real Redis client reads the seeded keys
    const client = new Redis({ host: server.host, port: server.port, lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
    try {
      expect(server.host).toBe('127.0.0.1');
      expect(await client.get('sentinel:a')).toBe('alpha');
      expect((await client.keys('*')).sort()).toEqual(['job:1', 'sentinel:a']);
    } finally {
      client.disconnect();
    }
  });

  it('requires the password when one is given, and stops the process on request', async () => {
    // Prepare
    const server = (
      await pool.start({ label: 'rg-2', data: { k: 'v' }, password: 's3cret-token-value' })
    )._unsafeUnwrap();

    // Act
    const [unauth] = await redisCommands(server.host, server.port, [['GET', 'k']]);
    const [, value] = await redisCommands(server.host, server.port, [
      ['AUTH', 's3cret-token-value'],
      ['GET', 'k'],
    ]);
    await server.stop();

    // Assess
    expect(unauth).toEqual({ error: expect.stringMatching(/NOAUTH/) });
    expect(value).toBe('v');
    expect(server.running).toBe(false);
    expect(pool.servers.map((s) => s.label)).not.toContain('rg-2');
  });

  it('says how to install redis-server when the binary is missing', async () => {
    // Prepare
    const missing = new RedisServerPool({ binary: '/nonexistent/redis-server' });

    // Act
    const started = await missing.start({ label: 'x' });

    // Assess
    expect(started.isErr() && started.error.message).toMatch(/apt-get install redis-server/);
  });
});
