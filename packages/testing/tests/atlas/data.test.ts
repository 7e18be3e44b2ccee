import { describe, expect, it } from 'vitest';
import {
  ATLAS_SENTINELS,
  atlasAppData,
  atlasDocument,
  checkAtlasData,
  corruptAtlasData,
  defaultBackupSchedule,
  emptyAtlasData,
  nextScheduledSnapshot,
  scheduledSnapshots,
  SeededRandom,
} from '../../src/index';

const T = Date.parse('2026-11-22T03:00:00Z');
const MIN = 60_000;

describe('the simulated application data in Atlas', () => {
  it('is a pure function of time: counts grow, the newest canary marks the moment', () => {
    // Act
    const earlier = atlasAppData(T - 60 * MIN);
    const now = atlasAppData(T + 42_000);

    // Assess
    expect(now.asOf).toBe('2026-11-22T03:00:00.000Z');
    expect(now.collections.canaries.count - earlier.collections.canaries.count).toBe(60);
    expect(now.collections.matches.count).toBeGreaterThan(earlier.collections.matches.count);
    expect(now.collections.jobs.newest[0]).toEqual(atlasDocument('jobs', now.collections.jobs.count - 1));
    expect(now.collections.sentinels.newest).toEqual(ATLAS_SENTINELS);
    expect(atlasAppData(T)).toEqual(atlasAppData(T));
  });

  it('passes its own check, and an empty or corrupted copy fails it', () => {
    // Prepare
    const data = atlasAppData(T);
    const rng = new SeededRandom(7);

    // Act
    const intact = checkAtlasData(data, { expectedAsOf: T, rpoMs: 15 * MIN });
    const stale = checkAtlasData(atlasAppData(T - 60 * MIN), { expectedAsOf: T, rpoMs: 15 * MIN });
    const empty = checkAtlasData(emptyAtlasData());
    const corrupt = checkAtlasData(corruptAtlasData(data, () => rng.next()));

    // Assess
    expect(intact).toEqual({ ok: true, problems: [] });
    expect(stale.ok).toBe(false);
    expect(stale.problems[0]).toContain('older than expected');
    expect(empty.ok).toBe(false);
    expect(corrupt.ok).toBe(false);
    expect(corrupt.problems).toEqual(
      expect.arrayContaining([
        'sentinel sentinel-alpha holds a wrong value',
        'sentinel sentinel-bravo is missing',
        'index jobs.status_1_createdAt_-1 is missing',
      ]),
    );
  });
});

describe('the backup schedule', () => {
  it('keeps 8 hourly, 7 daily, 4 weekly and 12 monthly snapshot moments under the default policy', () => {
    // Prepare
    const schedule = defaultBackupSchedule('cluster');
    const start = T - 400 * 86_400_000;

    // Act
    const snapshots = scheduledSnapshots([{ fromMs: start, schedule }], start, T);

    // Assess
    const items = (id: string) => snapshots.filter((s) => s.policyItems.includes(id)).length;
    const [hourly, daily, weekly, monthly] = schedule.policies[0]!.policyItems.map((i) => i.id);
    expect(items(hourly!)).toBe(8);
    expect(items(daily!)).toBe(7);
    expect(items(weekly!)).toBe(4);
    expect(items(monthly!)).toBe(12);
    expect(snapshots.every((s) => new Date(s.createdAt).getUTCMinutes() === 0 && s.expiresAt > T)).toBe(true);
    expect(new Date(nextScheduledSnapshot(schedule, T)!).toISOString()).toBe('2026-11-22T06:00:00.000Z');
  });
});
