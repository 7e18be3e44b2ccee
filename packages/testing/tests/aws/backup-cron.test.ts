import { describe, expect, it } from 'vitest';
import { CronSchedule } from '../../src/aws/backup/cron';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const at = (s: string) => Date.parse(s);

function fires(expr: string, from: string, n: number, tz?: string): Array<string | undefined> {
  const cron = CronSchedule.parse(expr, tz)._unsafeUnwrap();
  const out: Array<string | undefined> = [];
  let t: number | undefined = at(from);
  for (let i = 0; i < n && t !== undefined; i++) {
    t = cron.next(t);
    out.push(iso(t));
  }
  return out;
}

describe('AWS six-field cron (backup rule schedules)', () => {
  it('runs the default daily rule at 05:00 UTC', () => {
    expect(fires('cron(0 5 ? * * *)', '2026-11-22T03:00:00Z', 3)).toEqual([
      '2026-11-22T05:00:00.000Z',
      '2026-11-23T05:00:00.000Z',
      '2026-11-24T05:00:00.000Z',
    ]);
  });

  it('runs hourly, weekly on a named day, and monthly on the first', () => {
    expect(fires('cron(15 * ? * * *)', '2026-11-22T03:20:00Z', 2)).toEqual([
      '2026-11-22T04:15:00.000Z',
      '2026-11-22T05:15:00.000Z',
    ]);
    // 2026-11-22 is a Sunday; SUN = 1.
    expect(fires('cron(0 3 ? * SUN *)', '2026-11-22T03:00:00Z', 2)).toEqual([
      '2026-11-29T03:00:00.000Z',
      '2026-12-06T03:00:00.000Z',
    ]);
    expect(fires('cron(0 5 1 * ? *)', '2026-11-22T00:00:00Z', 3)).toEqual([
      '2026-12-01T05:00:00.000Z',
      '2027-01-01T05:00:00.000Z',
      '2027-02-01T05:00:00.000Z',
    ]);
  });

  it('understands L, W, # and ranges with increments', () => {
    expect(fires('cron(0 5 L * ? *)', '2027-02-01T00:00:00Z', 2)).toEqual([
      '2027-02-28T05:00:00.000Z',
      '2027-03-31T05:00:00.000Z',
    ]);
    // The second Tuesday of the month.
    expect(fires('cron(0 5 ? * 3#2 *)', '2026-12-01T00:00:00Z', 1)).toEqual(['2026-12-08T05:00:00.000Z']);
    // The last Friday.
    expect(fires('cron(0 5 ? * 6L *)', '2026-12-01T00:00:00Z', 1)).toEqual(['2026-12-25T05:00:00.000Z']);
    // 15W: 2026-11-15 is a Sunday, so the nearest weekday is Monday the 16th.
    expect(fires('cron(0 5 15W * ? *)', '2026-11-01T00:00:00Z', 1)).toEqual(['2026-11-16T05:00:00.000Z']);
    expect(fires('cron(0 0/6 ? * MON-FRI *)', '2026-11-23T01:00:00Z', 3)).toEqual([
      '2026-11-23T06:00:00.000Z',
      '2026-11-23T12:00:00.000Z',
      '2026-11-23T18:00:00.000Z',
    ]);
  });

  it('reads the fields in the rule time zone', () => {
    // 05:00 in New York is 10:00 UTC in winter.
    expect(fires('cron(0 5 ? * * *)', '2026-11-22T00:00:00Z', 1, 'America/New_York')).toEqual([
      '2026-11-22T10:00:00.000Z',
    ]);
  });

  it('stops after the last year of a bounded schedule', () => {
    expect(fires('cron(0 5 1 1 ? 2027)', '2026-01-01T00:00:00Z', 2)).toEqual(['2027-01-01T05:00:00.000Z', undefined]);
  });

  it('lists every problem of a bad expression', () => {
    const result = CronSchedule.parse('cron(61 25 * * * *)');
    expect(result.isErr()).toBe(true);
    const problems = result._unsafeUnwrapErr();
    expect(problems.some((p) => p.startsWith('Minutes'))).toBe(true);
    expect(problems.some((p) => p.startsWith('Hours'))).toBe(true);
    expect(problems.some((p) => p.includes('"?"'))).toBe(true);
    expect(CronSchedule.parse('rate(1 day)').isErr()).toBe(true);
  });
});
