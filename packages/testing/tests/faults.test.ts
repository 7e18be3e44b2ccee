import { describe, expect, it } from 'vitest';
import { FaultInjector, parseFault, SeededRandom, VirtualClock } from '../src/index';

describe('parseFault', () => {
  it('parses every kind of the grammar', () => {
    expect(parseFault('throttle:route53')._unsafeUnwrap()).toMatchObject({
      kind: 'throttle',
      service: 'route53',
      probability: 0.5,
    });
    expect(parseFault('error:backup:StartRestoreJob:ServiceUnavailableException:2')._unsafeUnwrap()).toMatchObject({
      kind: 'error',
      service: 'backup',
      operation: 'StartRestoreJob',
      errorName: 'ServiceUnavailableException',
      count: 2,
    });
    expect(parseFault('latency:elasticache:x3')._unsafeUnwrap()).toMatchObject({ kind: 'latency', factor: 3 });
    expect(parseFault('region-outage:us-east-1@+10m~1h')._unsafeUnwrap()).toMatchObject({
      kind: 'region-outage',
      region: 'us-east-1',
      startMs: 600_000,
      relative: true,
      durationMs: 3_600_000,
    });
    expect(parseFault('az-outage:us-east-1a')._unsafeUnwrap()).toMatchObject({ kind: 'az-outage', az: 'us-east-1a' });
    expect(parseFault('instance-failure:jobs-api-primary')._unsafeUnwrap()).toMatchObject({ kind: 'instance-failure' });
    expect(parseFault('stuck:backup:restore')._unsafeUnwrap()).toMatchObject({ kind: 'stuck', service: 'backup' });
    expect(parseFault('corrupt:restore')._unsafeUnwrap()).toMatchObject({ kind: 'corrupt' });
  });

  it('lists every problem of a bad spec', () => {
    const e = parseFault('error:nosuch:Op:bad name:0')._unsafeUnwrapErr();
    expect(e.kind).toBe('InvalidInput');
    expect(e.problems.length).toBeGreaterThanOrEqual(3);
    expect(parseFault('meteor:us-east-1').isErr()).toBe(true);
    expect(parseFault('latency:ssm:3').isErr()).toBe(true);
  });
});

describe('FaultInjector', () => {
  it('consumes counted errors, then lets calls through', () => {
    const clock = new VirtualClock({ autoAdvance: false });
    const faults = new FaultInjector(clock, new SeededRandom(1));
    faults.inject('error:backup:StartRestoreJob:LimitExceededException:2')._unsafeUnwrap();
    const call = { service: 'backup', operation: 'StartRestoreJob' } as const;
    expect(faults.onCall(call)).toMatchObject({ kind: 'error', errorName: 'LimitExceededException' });
    expect(faults.onCall({ service: 'backup', operation: 'DescribeRestoreJob' })).toBeUndefined();
    expect(faults.onCall(call)).toMatchObject({ kind: 'error' });
    expect(faults.onCall(call)).toBeUndefined();
  });

  it('starts and ends a region outage on virtual time', async () => {
    const clock = new VirtualClock({ autoAdvance: false });
    const faults = new FaultInjector(clock, new SeededRandom(1));
    faults.inject('region-outage:us-east-1@+10m~30m')._unsafeUnwrap();
    expect(faults.isRegionDown('us-east-1')).toBe(false);
    await clock.advance(11 * 60_000);
    expect(faults.isRegionDown('us-east-1')).toBe(true);
    expect(faults.onCall({ service: 'route53', operation: 'GetChange', region: 'us-east-1' })?.kind).toBe('outage');
    expect(faults.isRegionDown('us-west-2')).toBe(false);
    await clock.advance(30 * 60_000);
    expect(faults.isRegionDown('us-east-1')).toBe(false);
  });

  it('throttles about the requested share of calls, reproducibly', () => {
    const run = () => {
      const clock = new VirtualClock({ autoAdvance: false });
      const faults = new FaultInjector(clock, new SeededRandom(42));
      faults.inject('throttle:route53:0.3')._unsafeUnwrap();
      return Array.from(
        { length: 1000 },
        () => faults.onCall({ service: 'route53', operation: 'ChangeResourceRecordSets' })?.kind ?? 'ok',
      );
    };
    const first = run();
    const throttled = first.filter((k) => k === 'throttle').length;
    expect(throttled).toBeGreaterThan(250);
    expect(throttled).toBeLessThan(350);
    expect(run()).toEqual(first);
  });
});

describe('service-scoped region outages', () => {
  it('region-outage:REGION:atlas darkens the region for Atlas only; the AWS estate stays up', () => {
    const clock = new VirtualClock({ autoAdvance: false });
    const faults = new FaultInjector(clock, new SeededRandom(1));
    expect(parseFault('region-outage:us-east-1:atlas')._unsafeUnwrap()).toMatchObject({
      region: 'us-east-1',
      service: 'atlas',
    });
    expect(parseFault('region-outage:us-east-1:nosuch').isErr()).toBe(true);

    faults.inject('region-outage:us-east-1:atlas')._unsafeUnwrap();

    expect(faults.isRegionDown('us-east-1')).toBe(false);
    expect(faults.isRegionDown('us-east-1', clock.now(), 'atlas')).toBe(true);
    expect(faults.onCall({ service: 'backup', operation: 'ListBackupVaults', region: 'us-east-1' })).toBeUndefined();
    expect(faults.onCall({ service: 'atlas', operation: 'GET /clusters', region: 'us-east-1' })?.kind).toBe('outage');
  });
});
