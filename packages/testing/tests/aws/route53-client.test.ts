import { describe, expect, it } from 'vitest';
import {
  ChangeResourceRecordSetsCommand,
  CreateHealthCheckCommand,
  CreateHostedZoneCommand,
  GetChangeCommand,
  GetHealthCheckStatusCommand,
  GetHostedZoneCommand,
  InvalidChangeBatch,
  ListResourceRecordSetsCommand,
  paginateListHostedZones,
  PriorRequestNotComplete,
  Route53Client,
  TestDNSAnswerCommand,
  waitUntilResourceRecordSetsChanged,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { createSimulatedCloud, type SimulatedCloud } from '../../src/aws/SimulatedCloud';
import type { SimResource } from '../../src/aws/kernel/SimResources';
import { route53Sim } from '../../src/aws/route53/index';
import { withVirtualTimers } from '../../src/time/virtualTimers';

function setup(options: { maxAttempts?: number } = {}) {
  const cloud = createSimulatedCloud({ seed: 11 });
  const r53 = cloud.client(Route53Client, { region: 'us-east-1', ...options });
  const sim = route53Sim(cloud);
  const zone = sim.createHostedZone({ name: 'example.com', id: 'Z0EXAMPLE0000000000001' })._unsafeUnwrap();
  return { cloud, r53, sim, zone };
}

function loadBalancer(cloud: SimulatedCloud, id: string, region: string): SimResource {
  return cloud.resources.register({
    arn: `arn:aws:elasticloadbalancing:${region}:123456789012:loadbalancer/app/${id}/0123456789abcdef`,
    id,
    type: 'ELB',
    region,
    dnsName: `${id}-123456.${region}.elb.amazonaws.com`,
    createdAt: cloud.clock.now(),
    tags: {},
    createdBy: 'topology',
    isHealthy: () => true,
  });
}

const weighted = (id: string, weight: number, value: string): ResourceRecordSet => ({
  Name: 'api.example.com',
  Type: 'A',
  SetIdentifier: id,
  Weight: weight,
  TTL: 60,
  ResourceRecords: [{ Value: value }],
});

describe('Route 53 through a real Route53Client', () => {
  it('creates and lists hosted zones with the SDK paginator', async () => {
    // Prepare
    const { r53 } = setup();

    // Act
    const created = await r53.send(
      new CreateHostedZoneCommand({ Name: 'drill.example.org', CallerReference: 'drill-1' }),
    );
    const got = await r53.send(new GetHostedZoneCommand({ Id: created.HostedZone!.Id }));
    const names: string[] = [];
    for await (const page of paginateListHostedZones({ client: r53, pageSize: 1 }, {}))
      names.push(...(page.HostedZones ?? []).map((z) => z.Name!));

    // Assess
    expect(created.Location).toMatch(/hostedzone\/Z[0-9A-Z]{20}$/);
    expect(got.HostedZone?.ResourceRecordSetCount).toBe(2);
    expect(got.DelegationSet?.NameServers).toHaveLength(4);
    expect(names).toEqual(['example.com.', 'drill.example.org.']);
  });

  it('waits for INSYNC with waitUntilResourceRecordSetsChanged on virtual time', async () => {
    const { cloud, r53, zone } = setup();
    const t0 = cloud.clock.now();

    const change = await r53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zone.id,
        ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: weighted('blue', 100, '10.0.0.1') }] },
      }),
    );
    const waited = await withVirtualTimers(cloud.clock, () =>
      waitUntilResourceRecordSetsChanged({ client: r53, maxWaitTime: 600 }, { Id: change.ChangeInfo!.Id! }),
    );
    const after = await r53.send(new GetChangeCommand({ Id: change.ChangeInfo!.Id! }));

    expect(change.ChangeInfo?.Status).toBe('PENDING');
    expect(waited.state).toBe('SUCCESS');
    expect(after.ChangeInfo?.Status).toBe('INSYNC');
    // The waiter polls every 30 s or more; AWS propagates within about a minute.
    const elapsed = cloud.clock.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(30_000);
    expect(elapsed).toBeLessThan(200_000);
  });

  it('rejects CREATE of an existing record and DELETE with other values as InvalidChangeBatch', async () => {
    const { cloud, r53, sim, zone } = setup();
    sim.putRecords(zone.id, [weighted('blue', 100, '10.0.0.1')])._unsafeUnwrap();

    const create = await r53
      .send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zone.id,
          ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: weighted('blue', 50, '10.0.0.1') }] },
        }),
      )
      .catch((e: unknown) => e);
    await cloud.clock.sleep(5_000);
    const del = await r53
      .send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zone.id,
          ChangeBatch: { Changes: [{ Action: 'DELETE', ResourceRecordSet: weighted('blue', 50, '10.0.0.1') }] },
        }),
      )
      .catch((e: unknown) => e);

    expect(create).toBeInstanceOf(InvalidChangeBatch);
    expect((create as InvalidChangeBatch).messages).toEqual([
      "Tried to create resource record set [name='api.example.com.', type='A', set-identifier='blue'] but it already exists",
    ]);
    expect(del).toBeInstanceOf(InvalidChangeBatch);
    expect((del as InvalidChangeBatch).message).toContain('do not match the current values');
    expect(sim.weights('api.example.com')).toEqual({ blue: 100 });
  });

  it('applies UPSERT and DELETE, visible in ListResourceRecordSets at once', async () => {
    const { cloud, r53, sim, zone } = setup();
    sim.putRecords(zone.id, [weighted('blue', 100, '10.0.0.1'), weighted('green', 0, '10.0.1.1')])._unsafeUnwrap();

    await r53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: `/hostedzone/${zone.id}`,
        ChangeBatch: {
          Changes: [
            { Action: 'UPSERT', ResourceRecordSet: weighted('blue', 90, '10.0.0.1') },
            { Action: 'UPSERT', ResourceRecordSet: weighted('green', 10, '10.0.1.1') },
          ],
        },
      }),
    );
    const listed = await r53.send(
      new ListResourceRecordSetsCommand({ HostedZoneId: zone.id, StartRecordName: 'api.example.com' }),
    );

    expect(listed.ResourceRecordSets?.map((r) => [r.SetIdentifier, r.Weight])).toEqual([
      ['blue', 90],
      ['green', 10],
    ]);
    // DNS still answers from the INSYNC state.
    expect(sim.distribution('api.example.com')).toEqual({ blue: 1 });
    await cloud.clock.sleep(60_000);
    expect(sim.distribution('api.example.com')).toEqual({ blue: 0.9, green: 0.1 });
  });

  it('answers PriorRequestNotComplete to a quick second change, and the SDK retry absorbs it', async () => {
    const strict = setup({ maxAttempts: 1 });
    const patient = setup({ maxAttempts: 10 });
    const upsert = (zoneId: string, weight: number) =>
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: weighted('blue', weight, '10.0.0.1') }] },
      });

    await strict.r53.send(upsert(strict.zone.id, 10));
    const refused = await strict.r53.send(upsert(strict.zone.id, 20)).catch((e: unknown) => e);
    await patient.r53.send(upsert(patient.zone.id, 10));
    const absorbed = await patient.r53.send(upsert(patient.zone.id, 20));

    expect(refused).toBeInstanceOf(PriorRequestNotComplete);
    expect(absorbed.$metadata.attempts).toBeGreaterThan(1);
    expect(patient.sim.weights('api.example.com')).toEqual({ blue: 20 });
    expect(patient.cloud.recorder.calls({ service: 'route53', outcome: 'error' })[0]?.error).toBe(
      'PriorRequestNotComplete',
    );
  });

  it('throttles past 5 requests per second, and the SDK retry absorbs it', async () => {
    const { cloud, r53, zone } = setup({ maxAttempts: 10 });

    const answers = await Promise.all(
      Array.from({ length: 12 }, () => r53.send(new GetHostedZoneCommand({ Id: zone.id }))),
    );

    expect(answers.every((a) => a.HostedZone?.Id === `/hostedzone/${zone.id}`)).toBe(true);
    const throttled = cloud.recorder.calls({ service: 'route53', outcome: 'error' });
    expect(throttled.length).toBeGreaterThanOrEqual(7);
    expect(new Set(throttled.map((c) => c.error))).toEqual(new Set(['Throttling']));
  });

  it('fails over to the SECONDARY once the primary region goes dark', async () => {
    const { cloud, r53, sim, zone } = setup();
    const east = loadBalancer(cloud, 'jobs-east', 'us-east-1');
    const west = loadBalancer(cloud, 'jobs-west', 'us-west-2');
    const hc = await r53.send(
      new CreateHealthCheckCommand({
        CallerReference: 'primary-hc',
        HealthCheckConfig: {
          Type: 'HTTPS',
          FullyQualifiedDomainName: east.dnsName,
          ResourcePath: '/health',
          FailureThreshold: 3,
        },
      }),
    );
    const alias = (lb: SimResource) => ({
      HostedZoneId: 'Z35SXDOTRQ7X7K',
      DNSName: `dualstack.${lb.dnsName!}`,
      EvaluateTargetHealth: true,
    });
    sim
      .putRecords(zone.id, [
        {
          Name: 'jobs.example.com',
          Type: 'A',
          SetIdentifier: 'east',
          Failover: 'PRIMARY',
          HealthCheckId: hc.HealthCheck!.Id,
          AliasTarget: alias(east),
        },
        { Name: 'jobs.example.com', Type: 'A', SetIdentifier: 'west', Failover: 'SECONDARY', AliasTarget: alias(west) },
      ])
      ._unsafeUnwrap();
    const ask = () =>
      r53.send(new TestDNSAnswerCommand({ HostedZoneId: zone.id, RecordName: 'jobs.example.com', RecordType: 'A' }));

    const before = await ask();
    cloud.inject('region-outage:us-east-1')._unsafeUnwrap();
    await cloud.clock.sleep(100_000);
    const after = await ask();
    const status = await r53.send(new GetHealthCheckStatusCommand({ HealthCheckId: hc.HealthCheck!.Id }));

    expect(before.RecordData).toEqual([`dualstack.${east.dnsName!}`]);
    expect(after.RecordData).toEqual([`dualstack.${west.dnsName!}`]);
    expect(status.HealthCheckObservations?.every((o) => o.StatusReport?.Status?.startsWith('Failure'))).toBe(true);
    expect(sim.distribution('jobs.example.com')).toEqual({ west: 1 });
  });

  it('fails over when the primary endpoint itself turns unhealthy', async () => {
    const { cloud, r53, sim, zone } = setup();
    let healthy = true;
    const primary = cloud.resources.register({
      ...loadBalancer(cloud, 'app-east', 'us-east-1'),
      isHealthy: () => healthy,
    });
    const hc = await r53.send(
      new CreateHealthCheckCommand({
        CallerReference: 'hc-app',
        HealthCheckConfig: {
          Type: 'HTTP',
          FullyQualifiedDomainName: primary.dnsName,
          RequestInterval: 10,
          FailureThreshold: 2,
        },
      }),
    );
    sim
      .putRecords(zone.id, [
        {
          Name: 'app.example.com',
          Type: 'CNAME',
          SetIdentifier: 'p',
          Failover: 'PRIMARY',
          HealthCheckId: hc.HealthCheck!.Id,
          TTL: 60,
          ResourceRecords: [{ Value: primary.dnsName! }],
        },
        {
          Name: 'app.example.com',
          Type: 'CNAME',
          SetIdentifier: 's',
          Failover: 'SECONDARY',
          TTL: 60,
          ResourceRecords: [{ Value: 'app-west.example.net' }],
        },
      ])
      ._unsafeUnwrap();

    await cloud.clock.sleep(30_000);
    healthy = false;
    await cloud.clock.sleep(25_000);

    expect(sim.resolve('app.example.com', 'CNAME').values).toEqual(['app-west.example.net']);
    expect(sim.healthCheckStatus(hc.HealthCheck!.Id!)?.healthy).toBe(false);
  });

  it('spreads weighted answers by weight', async () => {
    const { r53, sim, zone } = setup();
    sim.putRecords(zone.id, [weighted('blue', 75, '10.0.0.1'), weighted('green', 25, '10.0.1.1')])._unsafeUnwrap();

    const draws: string[] = [];
    for (let i = 0; i < 400; i++) draws.push(sim.resolve('api.example.com').values[0]!);
    const tested = await r53.send(
      new TestDNSAnswerCommand({ HostedZoneId: zone.id, RecordName: 'api.example.com', RecordType: 'A' }),
    );

    const blue = draws.filter((v) => v === '10.0.0.1').length / draws.length;
    expect(blue).toBeGreaterThan(0.68);
    expect(blue).toBeLessThan(0.82);
    expect(['10.0.0.1', '10.0.1.1']).toContain(tested.RecordData?.[0]);
    expect(sim.distribution('api.example.com')).toEqual({ blue: 0.75, green: 0.25 });
  });
});
