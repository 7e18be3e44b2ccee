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
/** Before the expected end, the next poll comes after this fraction of the time still expected. */
const APPROACH = 1 / 4;
/** After the expected end, the gap grows by this fraction of the overrun. */
const OVERRUN = 1 / 10;

/**
 * How long to wait before the next poll, given how long the wait has lasted and how many polls
 * were made. This is the schedule {@link waitFor} uses.
 *
 * With an expected duration `E`, polls are sparse early and dense around `E`: the first wait
 * is `E/2`; before `E` each wait is a quarter of the time still expected, so polls close in on
 * `E`; after `E` the gap starts at `minInterval` and grows by a tenth of the overrun, so a job
 * running far late is not polled every couple of seconds forever. Without `E` the gap grows
 * by ×1.5 from `minInterval`. Every gap is clamped to `[minInterval, maxInterval]`.
 *
 * @param elapsedMs - time since the wait started
 * @param polls - polls made so far (at least 1: the first poll happens at once)
 *
 * @example
 * ```ts
 * const s = { minIntervalMs: 2_000, maxIntervalMs: 3_600_000, expectedMs: 1_800_000 };
 * nextPollInterval(0, 1, s); // 900000: first look half-way through
 * nextPollInterval(1_500_000, 5, s); // 75000: a quarter of the 5 minutes still expected
 * nextPollInterval(1_800_000, 20, s); // 2000: at the expected end, poll densely
 * ```
 */
export function nextPollInterval(elapsedMs: number, polls: number, settings: PollScheduleSettings): number {
  const { minIntervalMs: min, maxIntervalMs: max, expectedMs: expected } = settings;
  let interval: number;
  if (expected === undefined || expected <= 0) {
    interval = min * GROWTH ** Math.max(0, polls - 1);
  } else if (elapsedMs < expected) {
    const closingIn = (expected - elapsedMs) * APPROACH;
    interval = polls <= 1 ? Math.max(expected / 2 - elapsedMs, closingIn) : closingIn;
  } else {
    interval = min + (elapsedMs - expected) * OVERRUN;
  }
  return Math.round(Math.min(max, Math.max(min, interval)));
}
