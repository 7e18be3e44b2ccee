import type { InputProblem, PointInTimeWindow } from '@drkit/core';

const DAY_MS = 86_400_000;

/** Continuous cloud backup as the caller declares it for a source cluster. */
export interface PointInTimeSettings {
  /** Days of continuous backup Atlas keeps (the backup schedule's `restoreWindowDays`). */
  readonly restoreWindowDays: number;
}

/**
 * The point-in-time window continuous cloud backup offers at `now`: from `restoreWindowDays`
 * ago until now.
 *
 * @example
 * ```ts
 * pointInTimeWindowAt(Date.parse('2026-11-22T03:00:00Z'), 7);
 * // { earliest: Date.parse('2026-11-15T03:00:00Z'), latest: Date.parse('2026-11-22T03:00:00Z') }
 * ```
 */
export function pointInTimeWindowAt(now: number, restoreWindowDays: number): PointInTimeWindow {
  return { earliest: now - restoreWindowDays * DAY_MS, latest: now };
}

/**
 * Every reason a point-in-time restore to `at` cannot run, found without asking Atlas: continuous
 * backup not declared for the cluster, a time that is not a time, in the future, or before the
 * restore window. Empty when it may run.
 *
 * @example
 * ```ts
 * pointInTimeProblems(Date.parse('2026-11-01T00:00:00Z'), Date.parse('2026-11-22T03:00:00Z'), { restoreWindowDays: 7 }, 'jobs-prod');
 * // [{ path: 'target.at', message: '2026-11-01T00:00:00.000Z is outside the 7-day point-in-time window of jobs-prod (…)' }]
 * ```
 */
export function pointInTimeProblems(
  at: unknown,
  now: number,
  settings: PointInTimeSettings | undefined,
  clusterName: string,
): InputProblem[] {
  const problems: InputProblem[] = [];
  if (!settings)
    problems.push({
      path: 'target',
      message: `point-in-time restores are not enabled for ${clusterName}: turn on continuous cloud backup and pass pointInTime: { restoreWindowDays } to the source`,
    });
  if (typeof at !== 'number' || !Number.isFinite(at)) {
    problems.push({ path: 'target.at', message: 'must be a time in ms since the epoch' });
    return problems;
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  if (at > now) problems.push({ path: 'target.at', message: `${iso(at)} is in the future (now ${iso(now)})` });
  if (settings) {
    const window = pointInTimeWindowAt(now, settings.restoreWindowDays);
    if (at < window.earliest)
      problems.push({
        path: 'target.at',
        message: `${iso(at)} is outside the ${settings.restoreWindowDays}-day point-in-time window of ${clusterName} (${iso(window.earliest)} – ${iso(window.latest)})`,
      });
  }
  return problems;
}
