import { describe, expect, it } from 'vitest';
import {
  REDIS_LAST_WRITE_KEY,
  REDIS_SENTINELS,
  checkRedisData,
  corruptRedisData,
  lastAppWriteAt,
  redisAppData,
} from '../src/app/redisData';
import { SeededRandom } from '../src/time/SeededRandom';

const T = Date.parse('2026-11-22T03:00:42Z');

describe('the application Redis data model', () => {
  it('holds the sentinels, the last write time and the newest 50 jobs at any moment', () => {
    // Act
    const data = redisAppData(T);

    // Assess
    expect(data['sentinel:a']).toBe(REDIS_SENTINELS['sentinel:a']);
    expect(data['sentinel:b']).toBe(REDIS_SENTINELS['sentinel:b']);
    expect(data[REDIS_LAST_WRITE_KEY]).toBe('2026-11-22T03:00:00.000Z');
    const jobs = Object.keys(data).filter((k) => k.startsWith('job:'));
    expect(jobs).toHaveLength(50);
    const newest = Math.max(...jobs.map((k) => Number(k.slice(4))));
    expect(Number(data['app:job-count'])).toBe(newest + 1);
    expect(JSON.parse(data[`job:${newest}`]!)).toMatchObject({
      id: newest,
      status: 'queued',
      createdAt: '2026-11-22T03:00:00.000Z',
    });
  });

  it('is a pure function of time that grows one job per minute', () => {
    // Act
    const a = redisAppData(T);
    const b = redisAppData(T + 60_000);

    // Assess
    expect(redisAppData(T)).toEqual(a);
    expect(Number(b['app:job-count']) - Number(a['app:job-count'])).toBe(1);
    expect(lastAppWriteAt(T + 60_000)! - lastAppWriteAt(T)!).toBe(60_000);
    expect(lastAppWriteAt(Date.parse('2025-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('passes its own check, and a corrupted copy fails it reproducibly', () => {
    // Prepare
    const data = redisAppData(T);

    // Act
    const bad1 = corruptRedisData(data, () => new SeededRandom(3).next());
    const rng = new SeededRandom(3);
    const bad2 = corruptRedisData(data, () => rng.next());
    const rng2 = new SeededRandom(3);
    const bad3 = corruptRedisData(data, () => rng2.next());

    // Assess
    expect(checkRedisData(data).ok).toBe(true);
    expect(checkRedisData(bad1).ok).toBe(false);
    expect(bad2).toEqual(bad3);
    expect(checkRedisData(bad2).problems).toEqual(['sentinel:a has an unexpected value', 'sentinel:b is missing']);
    expect(Object.keys(bad2).filter((k) => k.startsWith('job:')).length).toBeLessThan(50);
  });

  it('measures data age against a reference time and flags an RPO breach', () => {
    // Prepare
    const data = redisAppData(T - 20 * 60_000);

    // Act
    const within = checkRedisData(data, { reference: T, rpoMs: 30 * 60_000 });
    const breach = checkRedisData(data, { reference: T, rpoMs: 15 * 60_000 });

    // Assess
    expect(within.ok).toBe(true);
    expect(within.dataAgeMs).toBe(20 * 60_000 + 42_000);
    expect(breach.ok).toBe(false);
    expect(breach.problems[0]).toMatch(/over the RPO of 15 min/);
  });
});
