import { describe, expect, it } from 'vitest';
import { GetHealthCheckCommand, Route53Client } from '@aws-sdk/client-route-53';
import { resolveContext, shiftTraffic, silentLogger, type Check, type GateSubject } from '@drkit/core';
import { createSimulatedCloud, route53Sim, seedTopology, type SimulatedCloud } from '@drkit/testing';
import { okAsync } from 'neverthrow';
import {
  confirmFailover,
  route53FailoverRouter,
  route53HealthCheckGate,
  route53WeightedRouter,
} from '../src/route53/index';

const topology = seedTopology();
const { dns } = topology;
const EAST = topology.regions.primary;
const WEST = topology.regions.dr;

function setup(seed = 3) {
  const cloud = createSimulatedCloud({ seed, start: '2026-11-22T03:00:00Z', topology });
  const client = cloud.client(Route53Client, { region: 'us-east-1' });
  const ctx = resolveContext({ clock: cloud.clock, logger: silentLogger, runId: 'failover-drill', random: () => 0.5 });
  return { cloud, client, ctx, r53: route53Sim(cloud) };
}

/** The most calls to a service inside any one-second window of virtual time. */
function peakPerSecond(cloud: SimulatedCloud, service: string): number {
  const times = cloud.recorder.calls({ service }).map((c) => c.at);
  let peak = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}

const weighted = (client: Route53Client) =>
  route53WeightedRouter({ client, hostedZoneId: dns.zoneId, recordName: dns.weightedRecordName });

describe('shiftTraffic on Route 53 weighted records', () => {
  it('moves traffic to the DR region in 10 % steps, one change batch per step, gated on health', async () => {
    // Prepare
    const { cloud, client, ctx, r53 } = setup();
    const gate = route53HealthCheckGate<GateSubject>({ client, healthCheckIds: [dns.healthCheckIds.dr] });

    // Act
    const shifted = await shiftTraffic(
      weighted(client),
      { step: 'to-dr', from: EAST, to: WEST, bake: '2m', gateInterval: '1m', gates: [gate] },
      ctx,
    );

    // Assess
    const report = shifted._unsafeUnwrap();
    expect(report.steps.map((s) => s.percent)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(report.steps.every((s) => s.status === 'applied' && s.verdicts[0]?.status === 'passed')).toBe(true);
    expect(report.final).toEqual({ [EAST]: 0, [WEST]: 100 });
    // What resolvers see now, not only what the API lists.
    expect(r53.weights(dns.weightedRecordName, 'A', 'dns')).toEqual({ [EAST]: 0, [WEST]: 100 });
    const batches = cloud.recorder.calls({ service: 'route53', operation: 'ChangeResourceRecordSets' });
    expect(batches).toHaveLength(10);
    for (const b of batches)
      expect((b.input as { ChangeBatch: { Changes: unknown[] } }).ChangeBatch.Changes).toHaveLength(2);
    expect(peakPerSecond(cloud, 'route53')).toBeLessThanOrEqual(5);
    // Each step waited for INSYNC before baking.
    expect(report.steps.every((s) => (s.propagatedAt ?? 0) >= (s.appliedAt ?? Infinity))).toBe(true);
  });

  it('rolls back to the last good weights when a gate fails, and reports GateFailed', async () => {
    // Prepare: a probe that sees errors once 30 % of traffic reaches the DR region
    const { client, ctx, r53 } = setup();
    const probe: Check<GateSubject> = {
      name: 'dr-error-rate',
      run: (s) =>
        okAsync({
          name: 'dr-error-rate',
          status: s.percent >= 30 ? 'failed' : 'passed',
          detail: s.percent >= 30 ? '7.5 % 5xx' : '0.1 % 5xx',
          durationMs: 0,
        }),
    };

    // Act
    const shifted = await shiftTraffic(
      weighted(client),
      { step: 'to-dr', from: EAST, to: WEST, bake: '1m', gates: [probe] },
      ctx,
    );

    // Assess
    const e = shifted._unsafeUnwrapErr();
    expect(e.kind).toBe('GateFailed');
    if (e.kind !== 'GateFailed') throw new Error('unreachable');
    expect(e.evidence).toMatchObject({ step: 3, rolledBack: true, rolledBackTo: { [EAST]: 80, [WEST]: 20 } });
    expect(r53.weights(dns.weightedRecordName)).toEqual({ [EAST]: 80, [WEST]: 20 });
  });

  it('absorbs a Route 53 throttling storm and stays inside the request quota', async () => {
    const { cloud, client, ctx, r53 } = setup(5);
    cloud.inject('throttle:route53:0.5')._unsafeUnwrap();

    const shifted = await shiftTraffic(
      weighted(client),
      { step: 'to-dr', from: EAST, to: WEST, stepPercent: 25, bake: '30s', gates: [] },
      ctx,
    );

    expect(shifted._unsafeUnwrap().final).toEqual({ [EAST]: 0, [WEST]: 100 });
    expect(r53.weights(dns.weightedRecordName, 'A', 'dns')).toEqual({ [EAST]: 0, [WEST]: 100 });
    expect(cloud.recorder.calls({ service: 'route53', outcome: 'error' }).length).toBeGreaterThan(0);
    expect(peakPerSecond(cloud, 'route53')).toBeLessThanOrEqual(5);
  });

  it('retries PriorRequestNotComplete until Route 53 accepts the change', async () => {
    const { cloud, client, ctx, r53 } = setup();
    cloud.inject('error:route53:ChangeResourceRecordSets:PriorRequestNotComplete:2')._unsafeUnwrap();

    const shifted = await shiftTraffic(
      weighted(client),
      { step: 'to-dr', from: EAST, to: WEST, steps: [50, 100], bake: 0, gates: [] },
      ctx,
    );

    expect(shifted.isOk()).toBe(true);
    expect(r53.weights(dns.weightedRecordName)).toEqual({ [EAST]: 0, [WEST]: 100 });
    const refused = cloud.recorder.calls({ operation: 'ChangeResourceRecordSets', outcome: 'error' });
    expect(refused.map((c) => c.error)).toEqual(['PriorRequestNotComplete', 'PriorRequestNotComplete']);
  });

  it('never sets every weight to zero', async () => {
    const { cloud, client, ctx, r53 } = setup();

    const applied = await weighted(client).applyRouting({ [EAST]: 0, [WEST]: 0 }, { idempotencyKey: 'k' }, ctx);

    expect(applied._unsafeUnwrapErr().kind).toBe('Conflict');
    expect(cloud.recorder.calls({ operation: 'ChangeResourceRecordSets' })).toHaveLength(0);
    expect(r53.weights(dns.weightedRecordName)).toEqual({ [EAST]: 100, [WEST]: 0 });
  });

  it('is InvalidInput, listing every problem, before any call', async () => {
    const { cloud, client, ctx } = setup();

    const router = route53WeightedRouter({
      client,
      hostedZoneId: 'not a zone',
      recordName: '',
      type: 'SOA' as 'A',
    });
    const read = await router.readRouting(ctx);
    const badWeights = await weighted(client).applyRouting({ [EAST]: 300, [WEST]: -1 }, { idempotencyKey: 'k' }, ctx);

    const e = read._unsafeUnwrapErr();
    expect(e.kind).toBe('InvalidInput');
    if (e.kind !== 'InvalidInput') throw new Error('unreachable');
    expect(e.problems.map((p) => p.path).sort()).toEqual(['hostedZoneId', 'recordName', 'type']);
    expect(badWeights._unsafeUnwrapErr().kind).toBe('InvalidInput');
    expect(cloud.recorder.calls()).toHaveLength(0);
  });
});

describe('Route 53 failover records', () => {
  it('fails over by inverting the primary health check, and fails back', async () => {
    // Prepare
    const { cloud, client, ctx, r53 } = setup();
    const router = route53FailoverRouter({ client, hostedZoneId: dns.zoneId, recordName: dns.failoverRecordName });
    expect(r53.resolve(dns.failoverRecordName).setIdentifier).toBe(EAST);

    // Act
    const over = await shiftTraffic(
      router,
      { step: 'manual-failover', from: EAST, to: WEST, bake: '1m', gates: [] },
      ctx,
    );

    // Assess
    expect(over._unsafeUnwrap().final).toEqual({ [EAST]: 0, [WEST]: 100 });
    expect(r53.resolve(dns.failoverRecordName).setIdentifier).toBe(WEST);
    const hc = await client.send(new GetHealthCheckCommand({ HealthCheckId: dns.healthCheckIds.primary }));
    expect(hc.HealthCheck?.HealthCheckConfig?.Inverted).toBe(true);
    // The records themselves are untouched: PRIMARY is still the primary region.
    expect(cloud.recorder.calls({ operation: 'ChangeResourceRecordSets' })).toHaveLength(0);

    // Act: failback
    const back = await shiftTraffic(router, { step: 'failback', from: WEST, to: EAST, bake: '1m', gates: [] }, ctx);

    // Assess
    expect(back._unsafeUnwrap().final).toEqual({ [EAST]: 100, [WEST]: 0 });
    expect(r53.resolve(dns.failoverRecordName).setIdentifier).toBe(EAST);
  });

  it('can swap the PRIMARY and SECONDARY roles in one change batch instead', async () => {
    const { cloud, client, ctx, r53 } = setup();
    const router = route53FailoverRouter({
      client,
      hostedZoneId: dns.zoneId,
      recordName: dns.failoverRecordName,
      method: 'swap-roles',
    });

    const over = await shiftTraffic(router, { step: 'manual-failover', from: EAST, to: WEST, bake: 0, gates: [] }, ctx);

    if (over.isErr()) throw new Error(over.error.message);
    expect(r53.resolve(dns.failoverRecordName).setIdentifier).toBe(WEST);
    const roles = Object.fromEntries(
      r53
        .records(dns.zoneId)
        .filter((r) => r.Failover)
        .map((r) => [r.SetIdentifier, r.Failover]),
    );
    expect(roles).toEqual({ [EAST]: 'SECONDARY', [WEST]: 'PRIMARY' });
    expect(cloud.recorder.calls({ operation: 'ChangeResourceRecordSets' })).toHaveLength(1);
  });

  it('confirms the automated failover when us-east-1 goes dark, changing nothing', async () => {
    // Prepare
    const { cloud, client, ctx, r53 } = setup();
    const router = route53FailoverRouter({ client, hostedZoneId: dns.zoneId, recordName: dns.failoverRecordName });
    cloud.inject('region-outage:us-east-1')._unsafeUnwrap();

    // Act
    const confirmed = await confirmFailover(router, { to: WEST, timeout: '15m' }, ctx);

    // Assess
    const c = confirmed._unsafeUnwrap();
    expect(c.routing).toEqual({ [EAST]: 0, [WEST]: 100 });
    expect(c.waitedMs).toBeGreaterThan(0); // health checks needed a few failed samples
    expect(c.waitedMs).toBeLessThan(10 * 60_000);
    expect(r53.resolve(dns.failoverRecordName).setIdentifier).toBe(WEST);
    expect(cloud.recorder.calls({ operation: /ChangeResourceRecordSets|UpdateHealthCheck/ })).toHaveLength(0);
  });

  it('times out instead of claiming a failover that did not happen', async () => {
    const { client, ctx } = setup();
    const router = route53FailoverRouter({ client, hostedZoneId: dns.zoneId, recordName: dns.failoverRecordName });

    const confirmed = await confirmFailover(router, { to: WEST, timeout: '3m' }, ctx);

    expect(confirmed._unsafeUnwrapErr().kind).toBe('Timeout');
  });
});
