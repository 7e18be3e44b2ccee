import { describe, expect, it } from 'vitest';
import { errAsync, okAsync } from 'neverthrow';
import {
  drError,
  isDrErrorOf,
  rpoFreshnessCheck,
  validateRestore,
  type RestoredResource,
  type ValidationReport,
} from '../../src/index';
import { fakeCheck } from '../fakes/fakeChecks';
import { min, testContext } from '../fakes/context';

const restored: RestoredResource = {
  id: 'restored-1',
  createdByRun: 'drill-2026-11-22',
  restoreJobId: 'job-1',
  endpoint: 'restored-1.internal',
};

describe('validateRestore', () => {
  it('passes when every required check passes, with one verdict per check in order', async () => {
    // Prepare
    const { ctx } = testContext();
    const checks = [
      fakeCheck<RestoredResource>('endpoint', (r) => (r.endpoint ? 'passed' : 'failed'), { takesMs: 2_000 }),
      fakeCheck<RestoredResource>('row-count', () => 'passed', { takesMs: 10_000 }),
    ];

    // Act
    const result = await validateRestore(restored, checks, {}, ctx);

    // Assess
    const report = result._unsafeUnwrap();
    expect(report.status).toBe('passed');
    expect(report.subject).toBe('restored-1');
    expect(report.verdicts.map((v) => [v.name, v.status, v.durationMs])).toEqual([
      ['endpoint', 'passed', 2_000],
      ['row-count', 'passed', 10_000],
    ]);
    expect(report.durationMs).toBe(10_000);
  });

  it('fails with ValidationFailed carrying the report when a required check fails', async () => {
    const { ctx } = testContext();
    const checks = [fakeCheck('endpoint', () => 'passed'), fakeCheck('row-count', () => 'failed')];

    const result = await validateRestore(restored, checks, {}, ctx);

    const error = result._unsafeUnwrapErr();
    if (!isDrErrorOf(error, 'ValidationFailed')) throw new Error(`expected ValidationFailed, got ${error.kind}`);
    expect(error.message).toContain('row-count');
    const report = error.evidence as ValidationReport;
    expect(report.status).toBe('failed');
    expect(report.failed).toEqual(['row-count']);
  });

  it('returns the failed report as ok when failOnInvalid is false', async () => {
    const { ctx } = testContext();

    const result = await validateRestore(
      restored,
      [fakeCheck('row-count', () => 'failed')],
      { failOnInvalid: false },
      ctx,
    );

    expect(result._unsafeUnwrap()).toMatchObject({ status: 'failed', failed: ['row-count'] });
  });

  it('counts a skipped required check as not passed, and an optional failure only as a warning', async () => {
    const { ctx } = testContext();
    const checks = [
      fakeCheck('data', () => 'passed'),
      fakeCheck('latency', () => 'failed', { required: false }),
      fakeCheck('replica', () => 'skipped'),
    ];

    const report = (await validateRestore(restored, checks, { failOnInvalid: false }, ctx))._unsafeUnwrap();

    expect(report.failed).toEqual(['replica']);
    expect(report.warnings).toEqual(['latency']);
    expect(report.status).toBe('failed');
  });

  it('treats a check that errors or outlives its timeout as failed, saying why', async () => {
    const { ctx } = testContext();
    const checks = [
      fakeCheck('redis-ping', () => drError('Unavailable', 'connection reset')),
      fakeCheck('slow-scan', () => 'passed', { takesMs: min(10), timeout: min(1) }),
    ];

    const report = (await validateRestore(restored, checks, { failOnInvalid: false }, ctx))._unsafeUnwrap();

    expect(report.verdicts[0]).toMatchObject({ status: 'failed', error: { kind: 'Unavailable' } });
    expect(report.verdicts[1]).toMatchObject({ status: 'failed', error: { kind: 'Timeout' }, durationMs: min(1) });
    expect(report.durationMs).toBe(min(1));
  });

  it('runs no more checks at once than the concurrency cap', async () => {
    const { ctx } = testContext();
    const checks = ['a', 'b', 'c', 'd'].map((n) => fakeCheck(n, () => 'passed', { takesMs: min(1) }));

    const report = (await validateRestore(restored, checks, { concurrency: 2 }, ctx))._unsafeUnwrap();

    // Four one-minute checks, two at a time: two minutes.
    expect(report.durationMs).toBe(min(2));
    expect(report.verdicts.map((v) => v.startedAt - report.startedAt)).toEqual([0, 0, min(1), min(1)]);
  });

  it('hands the report to the reporter, and keeps the verdict when the reporter fails', async () => {
    const { ctx } = testContext();
    const reported: string[] = [];
    const reporter = (report: ValidationReport, subject: RestoredResource) => {
      reported.push(`${subject.restoreJobId}:${report.status}`);
      return okAsync(undefined);
    };
    const broken = () => errAsync(drError('AccessDenied', 'not allowed: backup:PutRestoreValidationResult'));

    const ok = (
      await validateRestore(restored, [fakeCheck('data', () => 'passed')], { reporter }, ctx)
    )._unsafeUnwrap();
    const notReported = (
      await validateRestore(restored, [fakeCheck('data', () => 'passed')], { reporter: broken }, ctx)
    )._unsafeUnwrap();

    expect(reported).toEqual(['job-1:passed']);
    expect(ok.reporting).toEqual({ status: 'reported' });
    expect(notReported.status).toBe('passed');
    expect(notReported.reporting).toMatchObject({ status: 'failed', error: { kind: 'AccessDenied' } });
  });

  it('lists every input problem at once and runs no check', async () => {
    const a = fakeCheck('data', () => 'passed');
    const b = fakeCheck('data', () => 'passed');

    const result = await validateRestore(
      restored,
      [a, b, { name: '' } as never],
      { concurrency: 0, checkTimeout: 'later' },
      testContext().ctx,
    );
    const empty = await validateRestore(restored, [], {}, testContext().ctx);

    const error = result._unsafeUnwrapErr();
    if (!isDrErrorOf(error, 'InvalidInput')) throw new Error(`expected InvalidInput, got ${error.kind}`);
    expect(error.problems.map((p) => p.path)).toEqual([
      'checkTimeout',
      'checks[1].name',
      'checks[2].name',
      'checks[2].run',
      'concurrency',
    ]);
    expect(empty._unsafeUnwrapErr().kind).toBe('InvalidInput');
    expect(a.seen).toEqual([]);
  });

  it('in a dry run runs no check and no reporter, and plans them', async () => {
    const { ctx } = testContext({ dryRun: true });
    const check = fakeCheck('data', () => 'failed');
    let reporterCalls = 0;

    const report = (
      await validateRestore(restored, [check], { reporter: () => ((reporterCalls += 1), okAsync(undefined)) }, ctx)
    )._unsafeUnwrap();

    expect(report.status).toBe('skipped');
    expect(check.seen).toEqual([]);
    expect(reporterCalls).toBe(0);
    expect(report.plannedCalls.map((c) => `${c.port}:${c.target}`)).toEqual(['Check:data', 'reporter:reporter']);
  });
});

describe('rpoFreshnessCheck', () => {
  const incidentAt = Date.parse('2026-11-22T03:00:00Z');

  it('passes when the data is within the RPO at the incident and fails when older', async () => {
    const { ctx } = testContext();
    const fresh = rpoFreshnessCheck<RestoredResource>({
      objective: '15m',
      incidentAt,
      dataAsOf: () => incidentAt - min(10),
    });
    const stale = rpoFreshnessCheck<RestoredResource>({
      name: 'stale',
      objective: '15m',
      incidentAt,
      dataAsOf: () => okAsync(incidentAt - min(20)),
    });

    const report = (await validateRestore(restored, [fresh, stale], { failOnInvalid: false }, ctx))._unsafeUnwrap();

    expect(report.verdicts[0]).toMatchObject({
      name: 'rpo-freshness',
      status: 'passed',
      evidence: { ageMs: min(10), objectiveMs: min(15) },
    });
    expect(report.verdicts[1]).toMatchObject({ name: 'stale', status: 'failed', evidence: { ageMs: min(20) } });
  });

  it('fails, reading nothing, when its own options are bad', async () => {
    const { ctx } = testContext();
    let reads = 0;
    const bad = rpoFreshnessCheck({ objective: 'fortnightly', dataAsOf: () => ((reads += 1), 0) });

    const report = (await validateRestore(restored, [bad], { failOnInvalid: false }, ctx))._unsafeUnwrap();

    expect(report.verdicts[0]).toMatchObject({ status: 'failed', error: { kind: 'InvalidInput' } });
    expect(reads).toBe(0);
  });
});
