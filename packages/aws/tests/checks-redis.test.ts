import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveContext, silentLogger } from '@drkit/core';
import { REDIS_SENTINELS, RedisServerPool, VirtualClock, type RedisServer } from '@drkit/testing';
import { redisDataCheck } from '../src/checks/redis/index';
import { requireRedis } from '../../testing/tests/support/requireRedis';

const T = Date.parse('2026-11-22T03:00:00Z');

describe.runIf(requireRedis())('redisDataCheck over a real redis-server', () => {
  const pool = new RedisServerPool();
  let server: RedisServer;
  let secured: RedisServer;
  const ctx = () => resolveContext({ clock: new VirtualClock({ start: T }), logger: silentLogger });

  beforeAll(async () => {
    const data = {
      ...REDIS_SENTINELS,
      'app:last-write-at': new Date(T - 20 * 60_000).toISOString(),
      'job:1': '{"id":1}',
    };
    server = (await pool.start({ label: 'check', data }))._unsafeUnwrap();
    secured = (await pool.start({ label: 'auth', data, password: 'correct-horse-battery-staple' }))._unsafeUnwrap();
  });
  afterAll(() => pool.stopAll());

  const endpoint = () => `${server.host}:${server.port}`;

  it('passes when PING, DBSIZE, sentinels and the freshness marker are all right', async () => {
    const check = redisDataCheck<unknown>({
      endpoint: endpoint(),
      dbSize: { min: 4, max: 4 },
      sentinels: REDIS_SENTINELS,
      freshness: { key: 'app:last-write-at', rpo: '30m', dataAsOf: T },
    });

    const verdict = (await check.run(undefined, ctx()))._unsafeUnwrap();

    expect(verdict.status).toBe('passed');
    expect(verdict.evidence).toMatchObject({ dbSize: 4, freshness: { lagMs: 20 * 60_000 } });
  });

  it('fails on a stale freshness marker, a DBSIZE out of range and a wrong sentinel, naming keys not values', async () => {
    const check = redisDataCheck<unknown>({
      endpoint: endpoint(),
      dbSize: { min: 100 },
      sentinels: { 'sentinel:a': 'something-else', 'sentinel:missing': 'x' },
      freshness: { key: 'app:last-write-at', rpo: '15m', dataAsOf: T },
    });

    const verdict = (await check.run(undefined, ctx()))._unsafeUnwrap();

    expect(verdict.status).toBe('failed');
    expect(verdict.detail).toContain('DBSIZE 4 outside 100..∞');
    expect(verdict.detail).toContain('sentinel keys missing: sentinel:missing');
    expect(verdict.detail).toContain('sentinel keys with unexpected values: sentinel:a');
    expect(verdict.detail).toContain('20m older than the recovery point (RPO 15m)');
    expect(JSON.stringify(verdict)).not.toContain(REDIS_SENTINELS['sentinel:a']);
  });

  it('authenticates with the AUTH token and never shows it', async () => {
    const password = 'correct-horse-battery-staple';
    const subject = { id: 'drkit-restored', createdByRun: 'r', endpoint: `${secured.host}:${secured.port}` };

    const withToken = await redisDataCheck({ password: () => password, sentinels: REDIS_SENTINELS }).run(
      subject,
      ctx(),
    );
    const without = await redisDataCheck({ sentinels: REDIS_SENTINELS }).run(subject, ctx());

    expect(withToken._unsafeUnwrap().status).toBe('passed');
    expect(JSON.stringify(withToken._unsafeUnwrap())).not.toContain(password);
    expect(without._unsafeUnwrapErr().kind).toBe('Unavailable');
  });

  it('cannot decide when nothing listens, and reports bad options before connecting', async () => {
    const closed = (await pool.start({ label: 'gone' }))._unsafeUnwrap();
    const dead = `${closed.host}:${closed.port}`;
    await closed.stop();

    const unreachable = await redisDataCheck<unknown>({ endpoint: dead, timeout: '1s' }).run(undefined, ctx());
    const bad = await redisDataCheck<unknown>({ endpoint: 'nowhere', dbSize: { min: 5, max: 1 }, timeout: 'soon' }).run(
      undefined,
      ctx(),
    );

    expect(unreachable._unsafeUnwrapErr()).toMatchObject({ kind: 'Unavailable', retryable: true });
    const e = bad._unsafeUnwrapErr();
    expect(e.kind === 'InvalidInput' && e.problems.map((p) => p.path)).toEqual(['timeout', 'dbSize']);
  });
});
