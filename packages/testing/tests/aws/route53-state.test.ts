/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return --
   handlers return untyped output objects, exactly as the kernel receives them */
import { describe, expect, it } from 'vitest';
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { CallRecorder, FaultInjector, SeededRandom, VirtualClock } from '../../src/index';
import { World } from '../../src/aws/kernel/World';
import { SimResources, type SimResource } from '../../src/aws/kernel/SimResources';
import { SimAwsError } from '../../src/aws/kernel/SimService';
import { route53Service, route53Sim } from '../../src/aws/route53/index';

/** A world with the Route 53 service reachable through its handlers, as the kernel calls them. */
function setup(seed = 7) {
  const clock = new VirtualClock({ autoAdvance: false });
  const rng = new SeededRandom(seed);
  const faults = new FaultInjector(clock, rng);
  const world = new World(
    clock,
    rng,
    faults,
    new CallRecorder(clock, (v) => v),
    '123456789012',
    ['us-east-1', 'us-west-2'],
    new SimResources(),
  );
  const call = (operation: string, input: object = {}): any => {
    const handler = route53Service.handlers[operation];
    if (!handler) throw new Error(`no handler ${operation}`);
    const state = world.state(route53Service, 'us-east-1');
    return handler(input, { world, state, region: 'us-east-1', operation });
  };
  const fails = (operation: string, input: object): SimAwsError => {
    try {
      call(operation, input);
    } catch (e) {
      if (e instanceof SimAwsError) return e;
      throw e;
    }
    throw new Error(`${operation} did not fail`);
  };
  const sim = route53Sim(world);
  const advance = (ms: number) => clock.advance(ms);
  return { clock, world, faults, call, fails, sim, advance };
}

type Env = ReturnType<typeof setup>;

/** A load balancer-like endpoint whose health the test controls over virtual time. */
function endpoint(
  env: Env,
  spec: { id: string; region: string; az?: string; downFrom?: number; downUntil?: number },
): SimResource {
  return env.world.resources.register({
    arn: `arn:aws:elasticloadbalancing:${spec.region}:123456789012:loadbalancer/app/${spec.id}/abc`,
    id: spec.id,
    type: 'ELB',
    region: spec.region,
    ...(spec.az ? { az: spec.az } : {}),
    dnsName: `${spec.id}.${spec.region}.elb.amazonaws.com`,
    createdAt: 0,
    tags: {},
    createdBy: 'topology',
    isHealthy: (now) => !(spec.downFrom !== undefined && now >= spec.downFrom && now < (spec.downUntil ?? Infinity)),
  });
}

function zoneWith(env: Env, name = 'example.com') {
  const zone = env.sim.createHostedZone({ name, id: 'Z0EXAMPLE0000000000001' })._unsafeUnwrap();
  return zone;
}

const a = (name: string, value: string, extra: Partial<ResourceRecordSet> = {}): ResourceRecordSet => ({
  Name: name,
  Type: 'A',
  TTL: 60,
  ResourceRecords: [{ Value: value }],
  ...extra,
});

describe('hosted zones', () => {
  it('creates a zone with SOA and NS records whose change goes INSYNC within a minute', async () => {
    // Prepare
    const env = setup();
    // Act
    const out = env.call('CreateHostedZone', { Name: 'Example.com', CallerReference: 'ref-1' });
    const id = out.HostedZone.Id.replace('/hostedzone/', '');
    const records = env.call('ListResourceRecordSets', { HostedZoneId: id }).ResourceRecordSets;
    // Assess
    expect(out.HostedZone.Name).toBe('example.com.');
    expect(out.DelegationSet.NameServers).toHaveLength(4);
    expect(records.map((r: any) => r.Type)).toEqual(['NS', 'SOA']);
    expect(out.ChangeInfo.Status).toBe('PENDING');
    await env.advance(30_000);
    expect(env.call('GetChange', { Id: out.ChangeInfo.Id }).ChangeInfo.Status).toBe('PENDING');
    await env.advance(30_000);
    expect(env.call('GetChange', { Id: out.ChangeInfo.Id }).ChangeInfo.Status).toBe('INSYNC');
  });

  it('refuses a reused CallerReference and lists zones by name', () => {
    const env = setup();
    env.call('CreateHostedZone', { Name: 'b.example.org', CallerReference: 'r1' });
    env.call('CreateHostedZone', { Name: 'example.com', CallerReference: 'r2' });
    env.call('CreateHostedZone', { Name: 'a.example.com', CallerReference: 'r3' });

    const again = env.fails('CreateHostedZone', { Name: 'other.com', CallerReference: 'r1' });
    const byName = env.call('ListHostedZonesByName', { MaxItems: 2 });
    const rest = env.call('ListHostedZonesByName', {
      DNSName: byName.NextDNSName,
      HostedZoneId: byName.NextHostedZoneId,
    });

    expect(again.name).toBe('HostedZoneAlreadyExists');
    expect(again.status).toBe(409);
    expect(byName.HostedZones.map((z: any) => z.Name)).toEqual(['example.com.', 'a.example.com.']);
    expect(byName.IsTruncated).toBe(true);
    expect(rest.HostedZones.map((z: any) => z.Name)).toEqual(['b.example.org.']);
    expect(env.call('GetHostedZoneCount').HostedZoneCount).toBe(3);
  });

  it('deletes only empty zones', () => {
    const env = setup();
    const zone = zoneWith(env);
    env.sim.putRecords(zone.id, [a('www.example.com', '10.0.0.1')])._unsafeUnwrap();

    expect(env.fails('DeleteHostedZone', { Id: zone.id }).name).toBe('HostedZoneNotEmpty');
    env.sim
      .changeRecords(zone.id, [{ Action: 'DELETE', ResourceRecordSet: a('www.example.com', '10.0.0.1') }])
      ._unsafeUnwrap();
    env.call('DeleteHostedZone', { Id: `/hostedzone/${zone.id}` });

    expect(env.fails('GetHostedZone', { Id: zone.id }).name).toBe('NoSuchHostedZone');
  });
});

describe('ChangeResourceRecordSets', () => {
  it('CREATE fails when the record exists, UPSERT replaces it, DELETE must match exactly', async () => {
    const env = setup();
    const zone = zoneWith(env);
    const change = (Action: string, rr: ResourceRecordSet) =>
      env.call('ChangeResourceRecordSets', {
        HostedZoneId: zone.id,
        ChangeBatch: { Changes: [{ Action, ResourceRecordSet: rr }] },
      });

    change('CREATE', a('api.example.com', '10.0.0.1'));
    await env.advance(5_000);
    const dup = env.fails('ChangeResourceRecordSets', {
      HostedZoneId: zone.id,
      ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: a('API.example.com.', '10.0.0.9') }] },
    });
    change('UPSERT', a('api.example.com', '10.0.0.2'));
    await env.advance(5_000);
    const mismatch = env.fails('ChangeResourceRecordSets', {
      HostedZoneId: zone.id,
      ChangeBatch: { Changes: [{ Action: 'DELETE', ResourceRecordSet: a('api.example.com', '10.0.0.1') }] },
    });
    const missing = env.fails('ChangeResourceRecordSets', {
      HostedZoneId: zone.id,
      ChangeBatch: { Changes: [{ Action: 'DELETE', ResourceRecordSet: a('nope.example.com', '10.0.0.1') }] },
    });

    expect(dup.name).toBe('InvalidChangeBatch');
    expect(dup.extra.messages).toEqual([
      "Tried to create resource record set [name='api.example.com.', type='A'] but it already exists",
    ]);
    expect(mismatch.message).toContain('but the values provided do not match the current values');
    expect(missing.message).toContain("[name='nope.example.com.', type='A'] but it was not found");
    expect(env.sim.records(zone.id).find((r) => r.Name === 'api.example.com.')?.ResourceRecords).toEqual([
      { Value: '10.0.0.2' },
    ]);
    change('DELETE', a('api.example.com', '10.0.0.2'));
    expect(env.sim.records(zone.id).some((r) => r.Name === 'api.example.com.')).toBe(false);
  });

  it('applies a batch all or nothing and reports every problem in it', () => {
    const env = setup();
    const zone = zoneWith(env);
    env.sim.putRecords(zone.id, [a('old.example.com', '10.0.0.1')])._unsafeUnwrap();

    const e = env.fails('ChangeResourceRecordSets', {
      HostedZoneId: zone.id,
      ChangeBatch: {
        Changes: [
          { Action: 'DELETE', ResourceRecordSet: a('old.example.com', '10.0.0.1') },
          { Action: 'CREATE', ResourceRecordSet: a('new.example.com', 'not-an-ip') },
          { Action: 'CREATE', ResourceRecordSet: a('www.other.org', '10.0.0.3') },
        ],
      },
    });

    expect(e.name).toBe('InvalidChangeBatch');
    expect(e.extra.messages).toHaveLength(2);
    expect(e.message).toContain('ARRDATAIllegalIPv4Address');
    expect(e.message).toContain('RRSet with DNS name www.other.org. is not permitted in zone example.com.');
    expect(env.sim.records(zone.id).some((r) => r.Name === 'old.example.com.')).toBe(true);
  });

  it('rejects malformed routing as InvalidInput, listing every problem', () => {
    const env = setup();
    const zone = zoneWith(env);

    const e = env.fails('ChangeResourceRecordSets', {
      HostedZoneId: zone.id,
      ChangeBatch: {
        Changes: [
          { Action: 'CREATE', ResourceRecordSet: a('w.example.com', '10.0.0.1', { Weight: 10 }) },
          {
            Action: 'CREATE',
            ResourceRecordSet: a('f.example.com', '10.0.0.1', { SetIdentifier: 'x', Weight: 1, Failover: 'PRIMARY' }),
          },
          { Action: 'CREATE', ResourceRecordSet: { Name: 'n.example.com', Type: 'A' } },
        ],
      },
    });

    expect(e.name).toBe('InvalidInput');
    expect(e.message).toContain("Missing field 'SetIdentifier'");
    expect(e.message).toContain('at most one routing policy');
    expect(e.message).toContain('Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords]');
  });

  it('refuses to mix routing policies, CNAMEs beside other records, and two PRIMARY records', () => {
    const env = setup();
    const zone = zoneWith(env);
    env.sim
      .putRecords(zone.id, [
        a('api.example.com', '10.0.0.1', { SetIdentifier: 'blue', Weight: 1 }),
        a('db.example.com', '10.0.0.5', { SetIdentifier: 'p', Failover: 'PRIMARY' }),
        a('www.example.com', '10.0.0.7'),
      ])
      ._unsafeUnwrap();

    const batch = (rr: ResourceRecordSet) =>
      env.sim.changeRecords(zone.id, [{ Action: 'CREATE', ResourceRecordSet: rr }]);
    const simpleOverWeighted = batch(a('api.example.com', '10.0.0.2'));
    const failoverOverWeighted = batch(
      a('api.example.com', '10.0.0.2', { SetIdentifier: 'green', Failover: 'SECONDARY' }),
    );
    const cname = batch({
      Name: 'www.example.com',
      Type: 'CNAME',
      TTL: 60,
      ResourceRecords: [{ Value: 'x.example.com' }],
    });
    const apexCname = batch({
      Name: 'example.com',
      Type: 'CNAME',
      TTL: 60,
      ResourceRecords: [{ Value: 'x.example.com' }],
    });
    const twoPrimaries = batch(a('db.example.com', '10.0.0.6', { SetIdentifier: 'q', Failover: 'PRIMARY' }));

    expect(simpleOverWeighted._unsafeUnwrapErr().message).toContain('cannot be created as weighted sets exist');
    expect(failoverOverWeighted._unsafeUnwrapErr().message).toContain('a non-failover set exists');
    expect(cname._unsafeUnwrapErr().message).toContain('conflicts with other records with the same DNS name');
    expect(apexCname._unsafeUnwrapErr().message).toContain('is not permitted at apex');
    expect(twoPrimaries._unsafeUnwrapErr().message).toContain('a PRIMARY failover record set already exists');
  });

  it('enforces the 1000-record batch limit, counting UPSERT twice', () => {
    const env = setup();
    const zone = zoneWith(env);
    const values = Array.from({ length: 501 }, (_, i) => ({ Value: `10.0.${Math.floor(i / 250)}.${i % 250}` }));
    const rr = { Name: 'many.example.com', Type: 'A', TTL: 60, ResourceRecords: values };

    const upsert = env.fails('ChangeResourceRecordSets', {
      HostedZoneId: zone.id,
      ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: rr }] },
    });
    const create = env.call('ChangeResourceRecordSets', {
      HostedZoneId: zone.id,
      ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: rr }] },
    });

    expect(upsert.name).toBe('InvalidChangeBatch');
    expect(upsert.message).toContain('limit of 1000 exceeded');
    expect(create.ChangeInfo.Status).toBe('PENDING');
  });

  it('answers PriorRequestNotComplete to a second change while the first is still being processed', async () => {
    const env = setup();
    const zone = zoneWith(env);
    const upsert = (value: string) => ({
      HostedZoneId: zone.id,
      ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: a('api.example.com', value) }] },
    });

    env.call('ChangeResourceRecordSets', upsert('10.0.0.1'));
    await env.advance(500);
    const early = env.fails('ChangeResourceRecordSets', upsert('10.0.0.2'));
    await env.advance(2_000);
    const later = env.call('ChangeResourceRecordSets', upsert('10.0.0.2'));

    expect(early.name).toBe('PriorRequestNotComplete');
    expect(later.ChangeInfo.Status).toBe('PENDING');
  });

  it('shows a PENDING change in ListResourceRecordSets but not in DNS answers until INSYNC', async () => {
    const env = setup();
    const zone = zoneWith(env);
    env.sim.putRecords(zone.id, [a('api.example.com', '10.0.0.1')])._unsafeUnwrap();

    const out = env.call('ChangeResourceRecordSets', {
      HostedZoneId: zone.id,
      ChangeBatch: {
        Comment: 'cut over',
        Changes: [{ Action: 'UPSERT', ResourceRecordSet: a('api.example.com', '10.0.0.2') }],
      },
    });

    const listed = env.sim.records(zone.id).find((r) => r.Name === 'api.example.com.');
    expect(listed?.ResourceRecords).toEqual([{ Value: '10.0.0.2' }]);
    expect(env.sim.resolve('api.example.com').values).toEqual(['10.0.0.1']);
    expect(out.ChangeInfo.Comment).toBe('cut over');
    await env.advance(60_000);
    expect(env.call('GetChange', { Id: out.ChangeInfo.Id }).ChangeInfo.Status).toBe('INSYNC');
    expect(env.sim.resolve('api.example.com').values).toEqual(['10.0.0.2']);
  });

  it('propagates slower under a latency fault', async () => {
    const env = setup();
    const zone = zoneWith(env);
    env.faults.inject('latency:route53:x4')._unsafeUnwrap();

    const out = env.call('ChangeResourceRecordSets', {
      HostedZoneId: zone.id,
      ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: a('api.example.com', '10.0.0.2') }] },
    });
    await env.advance(100_000);

    expect(env.call('GetChange', { Id: out.ChangeInfo.Id }).ChangeInfo.Status).toBe('PENDING');
    await env.advance(150_000);
    expect(env.call('GetChange', { Id: out.ChangeInfo.Id }).ChangeInfo.Status).toBe('INSYNC');
  });
});

describe('ListResourceRecordSets', () => {
  it('lists by reversed labels, type and set identifier, and pages with NextRecord*', () => {
    const env = setup();
    const zone = zoneWith(env);
    env.sim
      .putRecords(zone.id, [
        a('b.example.com', '10.0.0.2'),
        a('a.b.example.com', '10.0.0.3'),
        a('api.example.com', '10.0.0.4', { SetIdentifier: 'west', Weight: 1 }),
        a('api.example.com', '10.0.0.5', { SetIdentifier: 'east', Weight: 1 }),
        { Name: 'b.example.com', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"hello"' }] },
        a('*.example.com', '10.0.0.9'),
      ])
      ._unsafeUnwrap();

    const first = env.call('ListResourceRecordSets', { HostedZoneId: zone.id, MaxItems: 4 });
    const second = env.call('ListResourceRecordSets', {
      HostedZoneId: zone.id,
      StartRecordName: first.NextRecordName,
      StartRecordType: first.NextRecordType,
      StartRecordIdentifier: first.NextRecordIdentifier,
    });

    const names = [...first.ResourceRecordSets, ...second.ResourceRecordSets].map(
      (r: any) => `${r.Name} ${r.Type}${r.SetIdentifier ? ` ${r.SetIdentifier}` : ''}`,
    );
    expect(names).toEqual([
      'example.com. NS',
      'example.com. SOA',
      '\\052.example.com. A',
      'api.example.com. A east',
      'api.example.com. A west',
      'b.example.com. A',
      'b.example.com. TXT',
      'a.b.example.com. A',
    ]);
    expect(first.IsTruncated).toBe(true);
    expect(first.NextRecordIdentifier).toBe('west');
    expect(second.IsTruncated).toBe(false);
    expect(env.fails('ListResourceRecordSets', { HostedZoneId: zone.id, StartRecordType: 'A' }).name).toBe(
      'InvalidInput',
    );
  });
});

describe('health checks', () => {
  it('is idempotent on CallerReference with the same settings and refuses other settings', () => {
    const env = setup();
    const config = {
      Type: 'HTTPS',
      FullyQualifiedDomainName: 'app.us-east-1.elb.amazonaws.com',
      ResourcePath: '/health',
    };

    const first = env.call('CreateHealthCheck', { CallerReference: 'hc-1', HealthCheckConfig: config });
    const again = env.call('CreateHealthCheck', { CallerReference: 'hc-1', HealthCheckConfig: config });
    const other = env.fails('CreateHealthCheck', {
      CallerReference: 'hc-1',
      HealthCheckConfig: { ...config, ResourcePath: '/' },
    });

    expect(again.HealthCheck.Id).toBe(first.HealthCheck.Id);
    expect(first.HealthCheck.HealthCheckConfig).toMatchObject({ Port: 443, RequestInterval: 30, FailureThreshold: 3 });
    expect(other.name).toBe('HealthCheckAlreadyExists');
    env.call('DeleteHealthCheck', { HealthCheckId: first.HealthCheck.Id });
    expect(env.fails('CreateHealthCheck', { CallerReference: 'hc-1', HealthCheckConfig: config }).name).toBe(
      'HealthCheckAlreadyExists',
    );
    expect(env.fails('GetHealthCheck', { HealthCheckId: first.HealthCheck.Id }).name).toBe('NoSuchHealthCheck');
  });

  it('turns unhealthy only after FailureThreshold x RequestInterval of failures, and back', async () => {
    // Prepare: the endpoint fails from t0+105 s to t0+405 s.
    const env = setup();
    const t0 = env.clock.now();
    const lb = endpoint(env, { id: 'app', region: 'us-east-1', downFrom: t0 + 105_000, downUntil: t0 + 405_000 });
    const hc = env.call('CreateHealthCheck', {
      CallerReference: 'hc',
      HealthCheckConfig: {
        Type: 'HTTP',
        FullyQualifiedDomainName: lb.dnsName,
        RequestInterval: 10,
        FailureThreshold: 3,
      },
    }).HealthCheck;
    const healthyAt = async (ms: number) => {
      await env.clock.advanceTo(t0 + ms);
      return env.sim.healthCheckStatus(hc.Id)!.healthy;
    };

    // Act / Assess: samples at 110, 120, 130 s fail → unhealthy at 130 s, not before.
    expect(await healthyAt(125_000)).toBe(true);
    expect(await healthyAt(130_000)).toBe(false);
    const status = env.call('GetHealthCheckStatus', { HealthCheckId: hc.Id }).HealthCheckObservations;
    expect(status).toHaveLength(16);
    expect(status[0].StatusReport.Status).toMatch(/^Failure: HTTP Status Code 503/);
    // Samples at 410, 420, 430 s succeed → healthy again at 430 s.
    expect(await healthyAt(425_000)).toBe(false);
    expect(await healthyAt(430_000)).toBe(true);
    expect(env.sim.healthCheckStatus(hc.Id)!.since.getTime()).toBe(t0 + 430_000);
  });

  it('follows region and AZ outages and treats unknown targets as unhealthy', async () => {
    const env = setup();
    const east = endpoint(env, { id: 'east', region: 'us-east-1', az: 'us-east-1a' });
    const west = endpoint(env, { id: 'west', region: 'us-west-2', az: 'us-west-2b' });
    const create = (fqdn: string) =>
      env.sim.createHealthCheck({ config: { Type: 'HTTPS', FullyQualifiedDomainName: fqdn } })._unsafeUnwrap().id;
    const [hcEast, hcWest, hcUnknown] = [create(east.dnsName!), create(west.dnsName!), create('nowhere.example.net')];

    env.faults.inject('region-outage:us-east-1')._unsafeUnwrap();
    env.faults.inject('az-outage:us-west-2b@+5m')._unsafeUnwrap();
    await env.advance(90_000);

    expect(env.sim.healthCheckStatus(hcEast)!.healthy).toBe(false);
    expect(env.sim.healthCheckStatus(hcWest)!.healthy).toBe(true);
    expect(env.sim.healthCheckStatus(hcUnknown)!.healthy).toBe(false);
    await env.advance(300_000);
    expect(env.sim.healthCheckStatus(hcWest)!.healthy).toBe(false);
  });

  it('applies Disabled and Inverted at once and checks HealthCheckVersion', () => {
    const env = setup();
    const id = env.sim
      .createHealthCheck({ config: { Type: 'TCP', IPAddress: '192.0.2.1', Port: 443 } })
      ._unsafeUnwrap().id;

    const before = env.sim.healthCheckStatus(id)!.healthy;
    const inverted = env.call('UpdateHealthCheck', {
      HealthCheckId: id,
      HealthCheckVersion: 1,
      Inverted: true,
    }).HealthCheck;
    const afterInvert = env.sim.healthCheckStatus(id)!.healthy;
    const stale = env.fails('UpdateHealthCheck', { HealthCheckId: id, HealthCheckVersion: 1, Disabled: true });
    env.call('UpdateHealthCheck', { HealthCheckId: id, Inverted: false, Disabled: true });

    expect(before).toBe(false);
    expect(inverted.HealthCheckVersion).toBe(2);
    expect(afterInvert).toBe(true);
    expect(stale.name).toBe('HealthCheckVersionMismatch');
    expect(env.sim.healthCheckStatus(id)!.healthy).toBe(true);
  });

  it('computes CALCULATED checks from their children and lists checks with a marker', () => {
    const env = setup();
    const up = endpoint(env, { id: 'up', region: 'us-west-2' });
    const child1 = env.sim
      .createHealthCheck({ config: { Type: 'HTTP', FullyQualifiedDomainName: up.dnsName! } })
      ._unsafeUnwrap().id;
    const child2 = env.sim
      .createHealthCheck({ config: { Type: 'HTTP', FullyQualifiedDomainName: 'gone.example.net' } })
      ._unsafeUnwrap().id;
    const parent = env.call('CreateHealthCheck', {
      CallerReference: 'calc',
      HealthCheckConfig: { Type: 'CALCULATED', ChildHealthChecks: [child1, child2], HealthThreshold: 2 },
    }).HealthCheck.Id;

    const page = env.call('ListHealthChecks', { MaxItems: 2 });
    const rest = env.call('ListHealthChecks', { Marker: page.NextMarker });

    expect(env.sim.healthCheckStatus(parent)!.healthy).toBe(false);
    env.call('UpdateHealthCheck', { HealthCheckId: parent, HealthThreshold: 1 });
    expect(env.sim.healthCheckStatus(parent)!.healthy).toBe(true);
    expect([...page.HealthChecks, ...rest.HealthChecks].map((h: any) => h.Id)).toEqual([child1, child2, parent]);
    expect(env.call('GetHealthCheckCount').HealthCheckCount).toBe(3);
  });
});

describe('DNS answers', () => {
  it('shares weighted traffic by weight; zero weights answer only when nothing else can', () => {
    const env = setup();
    const zone = zoneWith(env);
    env.sim
      .putRecords(zone.id, [
        a('api.example.com', '10.0.0.1', { SetIdentifier: 'blue', Weight: 90 }),
        a('api.example.com', '10.0.0.2', { SetIdentifier: 'green', Weight: 10 }),
        a('api.example.com', '10.0.0.3', { SetIdentifier: 'idle', Weight: 0 }),
        a('zero.example.com', '10.0.1.1', { SetIdentifier: 'x', Weight: 0 }),
        a('zero.example.com', '10.0.1.2', { SetIdentifier: 'y', Weight: 0 }),
      ])
      ._unsafeUnwrap();

    const counts: Record<string, number> = {};
    for (let i = 0; i < 2000; i++) {
      const id = env.sim.resolve('api.example.com').setIdentifier!;
      counts[id] = (counts[id] ?? 0) + 1;
    }

    expect(env.sim.distribution('api.example.com')).toEqual({ blue: 0.9, green: 0.1 });
    expect(env.sim.distribution('zero.example.com')).toEqual({ x: 0.5, y: 0.5 });
    expect(env.sim.weights('api.example.com')).toEqual({ blue: 90, green: 10, idle: 0 });
    expect(counts.blue! / 2000).toBeGreaterThan(0.87);
    expect(counts.blue! / 2000).toBeLessThan(0.93);
    expect(counts.idle).toBeUndefined();
  });

  it('drops unhealthy weighted records, and falls back to zero-weight then to all records', async () => {
    const env = setup();
    const zone = zoneWith(env);
    const blue = endpoint(env, { id: 'blue', region: 'us-east-1' });
    const green = endpoint(env, { id: 'green', region: 'us-west-2' });
    const spare = endpoint(env, { id: 'spare', region: 'eu-west-1' });
    const hc = (lb: SimResource) =>
      env.sim.createHealthCheck({ config: { Type: 'HTTPS', FullyQualifiedDomainName: lb.dnsName! } })._unsafeUnwrap()
        .id;
    env.sim
      .putRecords(zone.id, [
        a('api.example.com', '10.0.0.1', { SetIdentifier: 'blue', Weight: 50, HealthCheckId: hc(blue) }),
        a('api.example.com', '10.0.0.2', { SetIdentifier: 'green', Weight: 50, HealthCheckId: hc(green) }),
        a('api.example.com', '10.0.0.3', { SetIdentifier: 'spare', Weight: 0, HealthCheckId: hc(spare) }),
      ])
      ._unsafeUnwrap();

    env.faults.inject('region-outage:us-east-1')._unsafeUnwrap();
    await env.advance(120_000);
    expect(env.sim.distribution('api.example.com')).toEqual({ green: 1 });
    env.faults.inject('region-outage:us-west-2')._unsafeUnwrap();
    await env.advance(120_000);
    expect(env.sim.distribution('api.example.com')).toEqual({ spare: 1 });
    env.faults.inject('region-outage:eu-west-1')._unsafeUnwrap();
    await env.advance(120_000);
    // Every record is unhealthy: Route 53 answers as if all were healthy.
    expect(env.sim.distribution('api.example.com')).toEqual({ blue: 0.5, green: 0.5 });
  });

  it('answers the PRIMARY while healthy and the SECONDARY after its region goes dark', async () => {
    const env = setup();
    const zone = zoneWith(env);
    const primary = endpoint(env, { id: 'primary', region: 'us-east-1' });
    const hcId = env.sim
      .createHealthCheck({ config: { Type: 'HTTPS', FullyQualifiedDomainName: primary.dnsName!, FailureThreshold: 3 } })
      ._unsafeUnwrap().id;
    env.sim
      .putRecords(zone.id, [
        {
          Name: 'api.example.com',
          Type: 'A',
          SetIdentifier: 'east',
          Failover: 'PRIMARY',
          HealthCheckId: hcId,
          AliasTarget: { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: primary.dnsName!, EvaluateTargetHealth: false },
        },
        {
          Name: 'api.example.com',
          Type: 'A',
          SetIdentifier: 'west',
          Failover: 'SECONDARY',
          AliasTarget: {
            HostedZoneId: 'Z1H1FL5HABSF5',
            DNSName: 'dualstack.standby.us-west-2.elb.amazonaws.com',
            EvaluateTargetHealth: true,
          },
        },
      ])
      ._unsafeUnwrap();

    const before = env.sim.resolve('api.example.com');
    env.faults.inject('region-outage:us-east-1')._unsafeUnwrap();
    await env.advance(60_000);
    const during = env.sim.resolve('api.example.com');
    await env.advance(60_000);
    const after = env.sim.resolve('api.example.com');
    const tested = env.call('TestDNSAnswer', { HostedZoneId: zone.id, RecordName: 'api.example.com', RecordType: 'A' });

    expect(before.setIdentifier).toBe('east');
    expect(before.values).toEqual([primary.dnsName]);
    expect(during.setIdentifier).toBe('east');
    expect(after.setIdentifier).toBe('west');
    expect(tested).toMatchObject({
      ResponseCode: 'NOERROR',
      RecordData: ['dualstack.standby.us-west-2.elb.amazonaws.com'],
      Protocol: 'UDP',
    });
  });

  it('evaluates alias target health inside the zone and follows CNAMEs and wildcards', () => {
    const env = setup();
    const zone = zoneWith(env);
    const east = endpoint(env, { id: 'east', region: 'us-east-1' });
    env.sim
      .putRecords(zone.id, [
        {
          Name: 'east.example.com',
          Type: 'A',
          AliasTarget: { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: east.dnsName!, EvaluateTargetHealth: true },
        },
        a('west.example.com', '10.2.0.1'),
        {
          Name: 'api.example.com',
          Type: 'A',
          SetIdentifier: 'p',
          Failover: 'PRIMARY',
          AliasTarget: { HostedZoneId: zone.id, DNSName: 'east.example.com', EvaluateTargetHealth: true },
        },
        {
          Name: 'api.example.com',
          Type: 'A',
          SetIdentifier: 's',
          Failover: 'SECONDARY',
          AliasTarget: { HostedZoneId: zone.id, DNSName: 'west.example.com', EvaluateTargetHealth: true },
        },
        { Name: 'www.example.com', Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: 'api.example.com' }] },
        a('*.apps.example.com', '10.9.9.9'),
      ])
      ._unsafeUnwrap();

    const before = env.sim.resolve('api.example.com');
    env.faults.inject('region-outage:us-east-1')._unsafeUnwrap();
    const after = env.sim.resolve('api.example.com');

    expect(before.values).toEqual([east.dnsName]);
    expect(after.values).toEqual(['10.2.0.1']);
    expect(env.sim.resolve('www.example.com').values).toEqual(['api.example.com']);
    expect(env.sim.resolve('foo.apps.example.com').values).toEqual(['10.9.9.9']);
    expect(env.sim.resolve('missing.example.com').responseCode).toBe('NXDOMAIN');
    expect(env.sim.resolve('west.example.com', 'TXT')).toMatchObject({ responseCode: 'NOERROR', values: [] });
  });
});

describe('state API', () => {
  it('reports bad seeds as InvalidInput listing every problem', () => {
    const env = setup();
    const zone = zoneWith(env);

    const bad = env.sim.putRecords(zone.id, [a('x.example.com', 'nope'), a('y.other.org', '10.0.0.1')]);
    const badOptions = env.sim.configure({ propagationMs: -1, bogus: 3 } as never);
    const noZone = env.sim.putRecords('missing.org', [a('x.missing.org', '10.0.0.1')]);

    expect(bad._unsafeUnwrapErr().kind).toBe('InvalidInput');
    expect(bad._unsafeUnwrapErr().problems).toHaveLength(2);
    expect(badOptions._unsafeUnwrapErr().problems).toHaveLength(2);
    expect(noZone.isErr()).toBe(true);
    expect(env.sim.hostedZone('example.com')?.id).toBe(zone.id);
  });

  it('reads weights as the API sees them or as DNS answers them', () => {
    const env = setup();
    const zone = zoneWith(env);
    env.sim
      .putRecords(zone.id, [a('api.example.com', '10.0.0.1', { SetIdentifier: 'blue', Weight: 100 })])
      ._unsafeUnwrap();

    env.sim
      .putRecords(zone.id, [a('api.example.com', '10.0.0.1', { SetIdentifier: 'blue', Weight: 40 })], { pending: true })
      ._unsafeUnwrap();

    expect(env.sim.weights('api.example.com')).toEqual({ blue: 40 });
    expect(env.sim.weights('api.example.com', 'A', 'dns')).toEqual({ blue: 100 });
    expect(env.sim.pendingChanges()).toHaveLength(1);
  });
});
