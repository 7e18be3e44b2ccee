/** The inputs of {@link nextPollInterval}, all in milliseconds. */
export interface PollScheduleSettings {
  /** Shortest gap between two polls. */
  readonly minIntervalMs: number;
  /** Longest gap between two polls. */
  readonly maxIntervalMs: number;
  /** How long the awaited thing is expected to take, if known. */
  readonly expectedMs?: number;
}

/** Growth factor of the gap between polls when no expected duration is known. */
const GROWTH = 1.5;
/**
 * Polls are dense from this fraction of the expected duration before its end: estimates are
 * rough by about that much (AWS Backup's `ExpectedCompletionTimeMinutes` counts whole minutes,
 * a twentieth of a 20-minute wait; an estimate from earlier runs is off by a few percent).
 */
const BAND = 1 / 20;
/** Before the dense band, the next poll comes after this fraction of the time left until it. */
const APPROACH = 1 / 2;
/** In the dense band the gap is this fraction of the expected duration (0.25 %: 4.5 s for 30 min). */
const DENSE = 1 / 400;
/** After the expected end, the gap grows by this fraction of the overrun. */
const OVERRUN = 1 / 10;

/**
 * How long to wait before the next poll, given how long the wait has lasted and how many polls
 * were made. This is the schedule {@link waitFor} uses.
 *
 * With an expected duration `E`, polls are sparse early and dense around `E`: the first wait
 * is `E/2`; then each wait is half the time left until the dense band, which starts at
 * `0.95·E`, so polls close in on it in a few steps; inside the band the gap is `E/400` (4.5 s
 * for a 30-minute job, so a job finishing near its estimate is seen within seconds with a
 * constant number of polls, whatever `E`); after `E` the gap grows by a tenth of the overrun,
 * so a job running far late is not polled every few seconds forever. Without `E` the gap grows
 * by ×1.5 from `minInterval`. Every gap is clamped to `[minInterval, maxInterval]`.
 *
 * @param elapsedMs - time since the wait started
 * @param polls - polls made so far (at least 1: the first poll happens at once)
 *
 * @example
 * ```ts
 * const s = { minIntervalMs: 2_000, maxIntervalMs: 3_600_000, expectedMs: 1_800_000 };
 * nextPollInterval(0, 1, s); // 900000: first look half-way through
 * nextPollInterval(1_500_000, 5, s); // 105000: half the 3.5 minutes left until the dense band at 28.5 min
 * nextPollInterval(1_800_000, 20, s); // 4500: at the expected end, every E/400
 * ```
 */
export function nextPollInterval(elapsedMs: number, polls: number, settings: PollScheduleSettings): number {
  const { minIntervalMs: min, maxIntervalMs: max, expectedMs: expected } = settings;
  let interval: number;
  if (expected === undefined || expected <= 0) {
    interval = min * GROWTH ** Math.max(0, polls - 1);
  } else {
    const dense = expected * DENSE;
    const bandStart = expected * (1 - BAND);
    if (elapsedMs < bandStart) {
      const closingIn = (bandStart - elapsedMs) * APPROACH;
      interval = Math.max(dense, polls <= 1 ? Math.max(expected / 2 - elapsedMs, closingIn) : closingIn);
    } else {
      interval = dense + Math.max(0, elapsedMs - expected) * OVERRUN;
    }
  }
  return Math.round(Math.min(max, Math.max(min, interval)));
}
