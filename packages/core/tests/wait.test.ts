import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import {
  drError,
  nextPollInterval,
  silentLogger,
  sleep,
  waitFor,
  type DrError,
  type WaitForOptions,
  type WaitStatus,
} from '../src/index';
import { TestClock } from './support/TestClock';

const MIN = 60_000;

/** A provider job that finishes `durationMs` after it is created, reporting its CompletionDate. */
function simulatedJob(clock: TestClock, durationMs: number) {
  const completedAt = clock.now() + durationMs;
  const probe = (): ResultAsync<WaitStatus<string>, DrError> =>
    okAsync(
      clock.now() >= completedAt
        ? { done: true, value: 'arn:aws:rds:eu-west-1:111122223333:db:restored', completedAt }
        : { done: false, progress: `${Math.floor(((clock.now() - (completedAt - durationMs)) / durationMs) * 100)}%` },
    );
  return { probe, completedAt };
}

async function waitForJob(durationMs: number, options: Partial<WaitForOptions>) {
  const clock = new TestClock();
  const job = simulatedJob(clock, durationMs);
  const result = await waitFor(
    job.probe,
    { what: 'restore job 1234', timeout: '2h', ...options },
    {
      clock,
      logger: silentLogger,
    },
  );
  return { clock, outcome: result._unsafeUnwrap() };
}

describe('waitFor', () => {
  it('hands back the value once the probe reports done, with polls, elapsed time and detection lag', async () => {
    // Prepare
    const clock = new TestClock();
    const job = simulatedJob(clock, 7 * MIN);

    // Act
    const result = await waitFor(job.probe, { what: 'restore job 1234' }, { clock, logger: silentLogger });

    // Assess
    const outcome = result._unsafeUnwrap();
    expect(outcome.value).toBe('arn:aws:rds:eu-west-1:111122223333:db:restored');
    expect(outcome.elapsedMs).toBe(clock.elapsed());
    expect(clock.elapsed()).toBeGreaterThanOrEqual(7 * MIN);
    expect(outcome.detectionLagMs).toBe(clock.now() - job.completedAt);
    expect(outcome.detectionLagMs).toBeLessThanOrEqual(120_000); // maxInterval default
  });

  it('polls at once first, so a job that is already finished costs one call', async () => {
    const { clock, outcome } = await waitForJob(0, { expectedDuration: '30m' });
    expect(outcome.polls).toBe(1);
    expect(clock.elapsed()).toBe(0);
  });

  it('detects a 30-minute restore (expected 30m) within 5 s, with far fewer polls than fixed 5-second polling', async () => {
    // Prepare: the baseline, polling every 5 s, through the same function.
    const fixed = await waitForJob(30 * MIN, { minInterval: '5s', maxInterval: '5s' });

    // Act
    const adaptive = await waitForJob(30 * MIN, { expectedDuration: '30m' });

    // Assess
    expect(fixed.outcome.polls).toBe(361); // t = 0, 5 s, …, 30 min
    expect(adaptive.outcome.polls).toBeLessThan(360);
    expect(adaptive.outcome.polls).toBeLessThanOrEqual(45);
    expect(adaptive.outcome.detectionLagMs).toBeLessThanOrEqual(5_000);
  });

  it("re-seeds its schedule with the provider's own estimate when the probe reports one", async () => {
    // Prepare: a 30-minute job whose provider says so on every read (ExpectedCompletionTimeMinutes);
    // the caller passes no expectation at all.
    const clock = new TestClock();
    const job = simulatedJob(clock, 30 * MIN);
    const withEstimate = (): ResultAsync<WaitStatus<string>, DrError> =>
      job.probe().map((status) => (status.done ? status : { ...status, expectedTotalMs: 30 * MIN }));

    // Act
    const informed = (
      await waitFor(withEstimate, { what: 'restore job 1234', timeout: '2h' }, { clock, logger: silentLogger })
    )._unsafeUnwrap();
    const blind = await waitForJob(30 * MIN, {});

    // Assess: as good as being told the expectation up front, and far better than not knowing it
    expect(informed.detectionLagMs).toBeLessThanOrEqual(5_000);
    expect(informed.polls).toBeLessThanOrEqual(45);
    expect(blind.outcome.detectionLagMs).toBeGreaterThan(5_000);
  });

  it.each([
    { jobMinutes: 20, maxPolls: 15 },
    { jobMinutes: 40, maxPolls: 80 },
  ])(
    'stays cheap and bounded when a job takes $jobMinutes min instead of the expected 30',
    async ({ jobMinutes, maxPolls }) => {
      const { outcome } = await waitForJob(jobMinutes * MIN, { expectedDuration: '30m' });
      const fixedPolls = (jobMinutes * MIN) / 5_000 + 1;
      expect(outcome.polls).toBeLessThanOrEqual(maxPolls);
      expect(outcome.polls).toBeLessThan(fixedPolls / 5);
      expect(outcome.detectionLagMs).toBeLessThanOrEqual(60_000);
    },
  );

  it('polls sparsely early and densely around the expected duration', async () => {
    const { clock } = await waitForJob(30 * MIN, { expectedDuration: '30m', maxInterval: '1h' });
    // First wait: half the expected time; then gaps shrink to E/400 (4.5 s) as 30 min nears.
    expect(clock.sleeps[0]).toBe(15 * MIN);
    for (let i = 1; i < clock.sleeps.length; i++) expect(clock.sleeps[i]).toBeLessThanOrEqual(clock.sleeps[i - 1]!);
    expect(clock.sleeps.at(-1)).toBe(4_500);
  });

  it('without an expected duration, grows the gap from minInterval and caps it at maxInterval', async () => {
    const { clock } = await waitForJob(60 * MIN, { minInterval: '2s', maxInterval: '1m' });
    expect(clock.sleeps[0]).toBe(2_000);
    expect(clock.sleeps[1]).toBe(3_000);
    for (let i = 1; i < clock.sleeps.length; i++) expect(clock.sleeps[i]).toBeGreaterThanOrEqual(clock.sleeps[i - 1]!);
    expect(Math.max(...clock.sleeps)).toBe(MIN);
  });

  it('times out at the deadline with one last poll there, naming what and how long', async () => {
    // Prepare
    const clock = new TestClock();
    const polledAt: number[] = [];
    const never = () => {
      polledAt.push(clock.elapsed());
      return okAsync<WaitStatus<string>, DrError>({ done: false, progress: 'RUNNING 40%' });
    };

    // Act
    const result = await waitFor(never, { what: 'restore job 1234', timeout: '10m' }, { clock, logger: silentLogger });

    // Assess
    const error = result._unsafeUnwrapErr();
    expect(error).toMatchObject({ kind: 'Timeout', deadlineMs: 10 * MIN, retryable: false });
    expect(error.message).toContain('restore job 1234');
    expect(error.message).toContain('10m');
    expect(error.message).toContain('RUNNING 40%');
    expect(polledAt.at(-1)).toBe(10 * MIN);
    expect(clock.elapsed()).toBe(10 * MIN);
  });

  it('uses deadlineAt when it comes before the timeout', async () => {
    const clock = new TestClock();
    const never = () => okAsync<WaitStatus<string>, DrError>({ done: false });
    const result = await waitFor(
      never,
      { what: 'failover', timeout: '1h', deadlineAt: clock.now() + 5 * MIN },
      { clock, logger: silentLogger },
    );
    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: 'Timeout', deadlineMs: 5 * MIN });
    expect(clock.elapsed()).toBe(5 * MIN);
  });

  it('still polls once when the deadline has already passed', async () => {
    const clock = new TestClock();
    const job = simulatedJob(clock, 0);
    const result = await waitFor(
      job.probe,
      { what: 'restore', deadlineAt: clock.now() - 1 },
      { clock, logger: silentLogger },
    );
    expect(result._unsafeUnwrap().polls).toBe(1);
  });

  it('stops with Aborted when the signal fires mid-wait, and polls no more', async () => {
    // Prepare
    const clock = new TestClock();
    const controller = new AbortController();
    clock.at(clock.now() + 3 * MIN, () => controller.abort(new Error('operator cancelled the drill')));
    let polls = 0;
    const never = () => {
      polls++;
      return okAsync<WaitStatus<string>, DrError>({ done: false });
    };

    // Act
    const result = await waitFor(
      never,
      { what: 'restore job 1234' },
      { clock, signal: controller.signal, logger: silentLogger },
    );

    // Assess
    const error = result._unsafeUnwrapErr();
    expect(error.kind).toBe('Aborted');
    expect(error.message).toContain('restore job 1234');
    expect(error.message).toContain('operator cancelled the drill');
    expect(clock.elapsed()).toBe(3 * MIN);
    const pollsAtAbort = polls;
    await clock.advance(10 * MIN);
    expect(polls).toBe(pollsAtAbort);
  });

  it('does not poll at all when the signal has already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    let polls = 0;
    const result = await waitFor(
      () => {
        polls++;
        return okAsync<WaitStatus<number>, DrError>({ done: true, value: 1 });
      },
      { what: 'x' },
      { clock: new TestClock(), signal: controller.signal, logger: silentLogger },
    );
    expect(result._unsafeUnwrapErr().kind).toBe('Aborted');
    expect(polls).toBe(0);
  });

  it('tolerates retryable probe errors and honours their retryAfterMs', async () => {
    // Prepare: the describe call is throttled twice (asking for 30 s), then the job is done.
    const clock = new TestClock();
    const seen: { poll: number; done: boolean; at: number }[] = [];
    const probe = (poll: number): ResultAsync<WaitStatus<string>, DrError> =>
      poll <= 2
        ? errAsync(drError('Throttled', 'Rate exceeded', { retryAfterMs: 30_000 }))
        : okAsync({ done: true, value: 'ok' });

    // Act
    const result = await waitFor(
      probe,
      {
        what: 'restore job 1234',
        minInterval: '1s',
        onPoll: (s, poll) => seen.push({ poll, done: s.done, at: clock.elapsed() }),
      },
      { clock, logger: silentLogger },
    );

    // Assess
    expect(result._unsafeUnwrap()).toMatchObject({ value: 'ok', polls: 3 });
    expect(seen).toEqual([
      { poll: 1, done: false, at: 0 },
      { poll: 2, done: false, at: 30_000 },
      { poll: 3, done: true, at: 60_000 },
    ]);
  });

  it('times out with the last retryable error as cause when the probe never recovers', async () => {
    const clock = new TestClock();
    const outage = drError('Unavailable', 'Service Unavailable');
    const result = await waitFor(
      () => errAsync(outage),
      { what: 'restore job 1234', timeout: '5m' },
      {
        clock,
        logger: silentLogger,
      },
    );
    const error = result._unsafeUnwrapErr();
    expect(error.kind).toBe('Timeout');
    expect(error.cause).toBe(outage);
  });

  it('fails at once with a probe error that is not retryable', async () => {
    const clock = new TestClock();
    let polls = 0;
    const denied = drError('AccessDenied', 'not authorized to perform backup:DescribeRestoreJob');
    const result = await waitFor(
      () => {
        polls++;
        return errAsync(denied);
      },
      { what: 'restore job 1234' },
      { clock, logger: silentLogger },
    );
    expect(result._unsafeUnwrapErr()).toBe(denied);
    expect(polls).toBe(1);
    expect(clock.elapsed()).toBe(0);
  });

  it('turns a probe that throws into a ProviderError instead of a rejection', async () => {
    const result = await waitFor(
      () => {
        throw new Error('boom');
      },
      { what: 'x' },
      { clock: new TestClock(), logger: silentLogger },
    );
    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: 'ProviderError' });
  });

  it('reports every bad option at once, before polling', async () => {
    let polls = 0;
    const result = await waitFor(
      () => {
        polls++;
        return okAsync<WaitStatus<number>, DrError>({ done: true, value: 1 });
      },
      { what: '', timeout: 'soon', minInterval: '1m', maxInterval: '10s', deadlineAt: Number.NaN },
      { clock: new TestClock(), logger: silentLogger },
    );
    const error = result._unsafeUnwrapErr();
    expect(error.kind).toBe('InvalidInput');
    expect(error.kind === 'InvalidInput' && error.problems.map((p) => p.path)).toEqual([
      'what',
      'timeout',
      'maxInterval',
      'deadlineAt',
    ]);
    expect(polls).toBe(0);
  });
});

describe('nextPollInterval', () => {
  const s = { minIntervalMs: 2_000, maxIntervalMs: 3_600_000, expectedMs: 1_800_000 };

  it('looks half-way first, closes in on the expected end, then backs off slowly', () => {
    expect(nextPollInterval(0, 1, s)).toBe(900_000);
    expect(nextPollInterval(1_500_000, 5, s)).toBe(105_000); // half the way to the dense band at 28.5 min
    expect(nextPollInterval(1_750_000, 12, s)).toBe(4_500); // in the band: every E/400
    expect(nextPollInterval(1_800_000, 20, s)).toBe(4_500);
    expect(nextPollInterval(1_800_000 + 600_000, 40, s)).toBe(64_500);
  });

  it('never leaves [minInterval, maxInterval]', () => {
    const capped = { ...s, maxIntervalMs: 120_000 };
    for (let t = 0; t < 10_000_000; t += 7_777) {
      const gap = nextPollInterval(t, 1 + (t % 50), capped);
      expect(gap).toBeGreaterThanOrEqual(2_000);
      expect(gap).toBeLessThanOrEqual(120_000);
    }
  });
});

describe('sleep', () => {
  it('waits on the context clock', async () => {
    const clock = new TestClock();
    expect((await sleep('5m', { clock })).isOk()).toBe(true);
    expect(clock.elapsed()).toBe(5 * MIN);
  });

  it('ends with Aborted when the signal fires', async () => {
    const clock = new TestClock();
    const controller = new AbortController();
    clock.at(clock.now() + MIN, () => controller.abort());
    const result = await sleep('1h', { clock, signal: controller.signal });
    expect(result._unsafeUnwrapErr().kind).toBe('Aborted');
    expect(clock.elapsed()).toBe(MIN);
  });

  it('rejects a bad duration as InvalidInput', async () => {
    expect((await sleep('later', { clock: new TestClock() }))._unsafeUnwrapErr().kind).toBe('InvalidInput');
  });
});
