import { createHash } from 'node:crypto';

/** How often a policy item takes a snapshot. */
export type AtlasFrequencyType = 'hourly' | 'daily' | 'weekly' | 'monthly' | 'yearly';

/** One row of a backup policy (`DiskBackupApiPolicyItem`). */
export interface AtlasPolicyItem {
  readonly id: string;
  readonly frequencyType: AtlasFrequencyType;
  /**
   * hourly: every N hours (1, 2, 4, 6, 8, 12); daily: 1; weekly: day of week (1 = Monday …
   * 7 = Sunday); monthly: day of month (1–28, or 40 = last day); yearly: month (1–12), on the 1st.
   */
  readonly frequencyInterval: number;
  readonly retentionUnit: 'days' | 'weeks' | 'months' | 'years';
  readonly retentionValue: number;
}

/** A cluster's backup schedule (`DiskBackupSnapshotSchedule`), as the emulator keeps it. */
export interface AtlasBackupSchedule {
  /** UTC hour of the scheduled snapshots. */
  readonly referenceHourOfDay: number;
  readonly referenceMinuteOfHour: number;
  /** Days of continuous (point-in-time) backup kept. */
  readonly restoreWindowDays: number;
  /** Exactly one policy with its items. */
  readonly policies: readonly { readonly id: string; readonly policyItems: readonly AtlasPolicyItem[] }[];
  readonly autoExportEnabled: boolean;
  readonly useOrgAndGroupNamesInExportPrefix: boolean;
}

/**
 * A 24-hex id derived from a label, stable across runs (Atlas ids are 24 hex digits).
 *
 * @example
 * ```ts
 * stableHexId('cluster:snapshot:1764007200000'); // same 24 hex digits every run
 * ```
 */
export function stableHexId(label: string): string {
  return createHash('sha1').update(label).digest('hex').slice(0, 24);
}

/**
 * Atlas's default backup policy ("Backup Scheduling, Retention, and On-Demand Snapshots"):
 * snapshots at 18:00 UTC; hourly every 6 hours kept 2 days (non-NVMe tiers), daily kept 7 days,
 * weekly on Saturday kept 4 weeks, monthly on the last day kept 12 months; plus a 7-day
 * continuous-backup restore window.
 *
 * @example
 * ```ts
 * defaultBackupSchedule('cluster-id').policies[0].policyItems.length; // 4
 * ```
 */
export function defaultBackupSchedule(seed: string, restoreWindowDays = 7): AtlasBackupSchedule {
  const id = (label: string) => stableHexId(`${seed}:${label}`);
  return {
    referenceHourOfDay: 18,
    referenceMinuteOfHour: 0,
    restoreWindowDays,
    policies: [
      {
        id: id('policy'),
        policyItems: [
          { id: id('hourly'), frequencyType: 'hourly', frequencyInterval: 6, retentionUnit: 'days', retentionValue: 2 },
          { id: id('daily'), frequencyType: 'daily', frequencyInterval: 1, retentionUnit: 'days', retentionValue: 7 },
          {
            id: id('weekly'),
            frequencyType: 'weekly',
            frequencyInterval: 6,
            retentionUnit: 'weeks',
            retentionValue: 4,
          },
          {
            id: id('monthly'),
            frequencyType: 'monthly',
            frequencyInterval: 40,
            retentionUnit: 'months',
            retentionValue: 12,
          },
        ],
      },
    ],
    autoExportEnabled: false,
    useOrgAndGroupNamesInExportPrefix: false,
  };
}

/** A schedule in force from `fromMs` until the next segment's `fromMs`. */
export interface ScheduleSegment {
  readonly fromMs: number;
  readonly schedule: AtlasBackupSchedule;
}

/** A scheduled snapshot computed from the schedule history. */
export interface ScheduledSnapshot {
  readonly createdAt: number;
  readonly expiresAt: number;
  /** The least frequent policy item the snapshot satisfies (what Atlas reports). */
  readonly frequencyType: AtlasFrequencyType;
  readonly policyItems: readonly string[];
}

const DAY = 86_400_000;
const RANK: Record<AtlasFrequencyType, number> = { hourly: 0, daily: 1, weekly: 2, monthly: 3, yearly: 4 };

function addUtcMonths(t: number, months: number): number {
  const d = new Date(t);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.getTime();
}

/**
 * When a snapshot taken at `t` under `item` expires (calendar months for `months`/`years`).
 *
 * @example
 * ```ts
 * retentionEnd(Date.parse('2026-01-31T18:00:00Z'), { ...item, retentionUnit: 'months', retentionValue: 1 });
 * // Date.parse('2026-02-28T18:00:00Z')
 * ```
 */
export function retentionEnd(t: number, item: AtlasPolicyItem): number {
  switch (item.retentionUnit) {
    case 'days':
      return t + item.retentionValue * DAY;
    case 'weeks':
      return t + item.retentionValue * 7 * DAY;
    case 'months':
      return addUtcMonths(t, item.retentionValue);
    case 'years':
      return addUtcMonths(t, item.retentionValue * 12);
  }
}

/** Whether a snapshot is due under `item` at time `t` (already on the reference minute). */
function dueOn(item: AtlasPolicyItem, t: number, refHour: number): boolean {
  const d = new Date(t);
  const hour = d.getUTCHours();
  const onRefHour = hour === refHour;
  switch (item.frequencyType) {
    case 'hourly':
      return (((hour - refHour) % item.frequencyInterval) + item.frequencyInterval) % item.frequencyInterval === 0;
    case 'daily':
      return onRefHour;
    case 'weekly': {
      const iso = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
      return onRefHour && iso === item.frequencyInterval;
    }
    case 'monthly': {
      const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
      const day = item.frequencyInterval === 40 ? last : Math.min(item.frequencyInterval, last);
      return onRefHour && d.getUTCDate() === day;
    }
    case 'yearly':
      return onRefHour && d.getUTCDate() === 1 && d.getUTCMonth() + 1 === item.frequencyInterval;
  }
}

/** Upper bound of an item's retention, for the search window. */
function maxRetentionMs(item: AtlasPolicyItem): number {
  const unit = { days: DAY, weeks: 7 * DAY, months: 31 * DAY, years: 366 * DAY }[item.retentionUnit];
  return item.retentionValue * unit;
}

/**
 * The scheduled snapshots still retained at `now`, newest first, computed from the schedule
 * history (each segment's policy applies to the snapshots taken while it was in force). Only
 * each item's retention window is searched, so a year of history costs a few hundred steps.
 *
 * @param startMs when backup started for the cluster (no snapshot before).
 *
 * @example
 * ```ts
 * scheduledSnapshots([{ fromMs: start, schedule: defaultBackupSchedule('c') }], start, now).length; // ≈ 31
 * ```
 */
export function scheduledSnapshots(
  segments: readonly ScheduleSegment[],
  startMs: number,
  now: number,
): ScheduledSnapshot[] {
  const byTime = new Map<number, { expiresAt: number; rank: number; type: AtlasFrequencyType; items: string[] }>();
  segments.forEach((segment, i) => {
    const segEnd = Math.min(now, segments[i + 1]?.fromMs ?? Number.POSITIVE_INFINITY);
    const { referenceHourOfDay: refHour, referenceMinuteOfHour: refMinute } = segment.schedule;
    for (const item of segment.schedule.policies[0]?.policyItems ?? []) {
      const lower = Math.max(startMs, segment.fromMs, now - maxRetentionMs(item));
      if (lower > segEnd) continue;
      // Walk the hours from the first hour boundary at or after `lower`.
      let t = Math.floor(lower / 3_600_000) * 3_600_000 + refMinute * 60_000;
      if (t < lower) t += 3_600_000;
      for (; t <= segEnd; t += 3_600_000) {
        if (!dueOn(item, t, refHour)) continue;
        const expiresAt = retentionEnd(t, item);
        if (expiresAt <= now) continue;
        const seen = byTime.get(t);
        if (!seen)
          byTime.set(t, { expiresAt, rank: RANK[item.frequencyType], type: item.frequencyType, items: [item.id] });
        else {
          seen.expiresAt = Math.max(seen.expiresAt, expiresAt);
          seen.items.push(item.id);
          if (RANK[item.frequencyType] > seen.rank) {
            seen.rank = RANK[item.frequencyType];
            seen.type = item.frequencyType;
          }
        }
      }
    }
  });
  return [...byTime.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([createdAt, s]) => ({ createdAt, expiresAt: s.expiresAt, frequencyType: s.type, policyItems: s.items }));
}

/**
 * When the schedule next takes a snapshot after `now`.
 *
 * @example
 * ```ts
 * new Date(nextScheduledSnapshot(defaultBackupSchedule('c'), Date.parse('2026-11-22T03:00:00Z'))).toISOString();
 * // '2026-11-22T06:00:00.000Z'
 * ```
 */
export function nextScheduledSnapshot(schedule: AtlasBackupSchedule, now: number): number | undefined {
  const items = schedule.policies[0]?.policyItems ?? [];
  let t = Math.floor(now / 3_600_000) * 3_600_000 + schedule.referenceMinuteOfHour * 60_000;
  if (t <= now) t += 3_600_000;
  for (let i = 0; i < 24 * 400; i++, t += 3_600_000) {
    if (items.some((item) => dueOn(item, t, schedule.referenceHourOfDay))) return t;
  }
  return undefined;
}
