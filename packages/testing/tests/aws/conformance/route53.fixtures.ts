import type { SimulatedCloud } from '../../../src/aws/SimulatedCloud';
import { route53Sim } from '../../../src/aws/route53/index';

/**
 * Conformance fixtures of the simulated Route 53: every implemented operation at least once,
 * with inputs shaped as the SDK sends them, and the errors AWS documents for the failing ones.
 */
const ZONE = 'Z0FIXTURE000000000001';
const EMPTY_ZONE = 'Z0FIXTURE000000000002';
const HEALTH_CHECK = '0f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5';
const DOOMED_HEALTH_CHECK = '1f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d6';

/** The id of a change made during setup (change ids are drawn at random). */
let seededChangeId = '';

const blue = {
  Name: 'api.example.com',
  Type: 'A' as const,
  SetIdentifier: 'blue',
  Weight: 100,
  TTL: 60,
  ResourceRecords: [{ Value: '10.0.0.1' }],
};

export default {
  service: 'route53',
  setup(cloud: SimulatedCloud): void {
    cloud.resources.register({
      arn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/jobs/0123456789abcdef',
      id: 'jobs',
      type: 'ELB',
      region: 'us-east-1',
      dnsName: 'jobs-123456.us-east-1.elb.amazonaws.com',
      createdAt: cloud.clock.now(),
      tags: {},
      createdBy: 'topology',
      isHealthy: () => true,
    });
    const sim = route53Sim(cloud);
    sim.createHostedZone({ name: 'example.com', id: ZONE })._unsafeUnwrap();
    sim.createHostedZone({ name: 'empty.example.net', id: EMPTY_ZONE })._unsafeUnwrap();
    seededChangeId = sim.putRecords(ZONE, [blue])._unsafeUnwrap().Id ?? '';
    sim
      .createHealthCheck({
        id: HEALTH_CHECK,
        config: {
          Type: 'HTTPS',
          FullyQualifiedDomainName: 'jobs-123456.us-east-1.elb.amazonaws.com',
          ResourcePath: '/health',
        },
      })
      ._unsafeUnwrap();
    sim
      .createHealthCheck({ id: DOOMED_HEALTH_CHECK, config: { Type: 'TCP', IPAddress: '192.0.2.10', Port: 443 } })
      ._unsafeUnwrap();
  },
  calls: [
    { operation: 'CreateHostedZone', input: { Name: 'conformance.example.org', CallerReference: 'conformance-1' } },
    {
      operation: 'CreateHostedZone',
      input: { Name: 'other.example.org', CallerReference: 'conformance-1' },
      expectError: 'HostedZoneAlreadyExists',
    },
    { operation: 'GetHostedZone', input: { Id: ZONE } },
    { operation: 'GetHostedZone', input: { Id: 'Z0DOESNOTEXIST0000000' }, expectError: 'NoSuchHostedZone' },
    { operation: 'ListHostedZones', input: { MaxItems: 1 } },
    { operation: 'ListHostedZonesByName', input: { DNSName: 'example.com', MaxItems: 2 } },
    { operation: 'GetHostedZoneCount', input: {} },
    { operation: 'UpdateHostedZoneComment', input: { Id: ZONE, Comment: 'conformance' } },
    {
      operation: 'ChangeResourceRecordSets',
      input: { HostedZoneId: ZONE, ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: blue }] } },
      expectError: 'InvalidChangeBatch',
    },
    {
      operation: 'ChangeResourceRecordSets',
      input: {
        HostedZoneId: ZONE,
        ChangeBatch: {
          Changes: [
            { Action: 'CREATE', ResourceRecordSet: { ...blue, Name: 'x.example.com', SetIdentifier: undefined } },
          ],
        },
      },
      expectError: 'InvalidInput',
    },
    {
      operation: 'ChangeResourceRecordSets',
      input: {
        HostedZoneId: ZONE,
        ChangeBatch: {
          Comment: 'conformance',
          Changes: [
            {
              Action: 'UPSERT',
              ResourceRecordSet: {
                Name: 'jobs.example.com',
                Type: 'A',
                SetIdentifier: 'east',
                Failover: 'PRIMARY',
                HealthCheckId: HEALTH_CHECK,
                AliasTarget: {
                  HostedZoneId: 'Z35SXDOTRQ7X7K',
                  DNSName: 'dualstack.jobs-123456.us-east-1.elb.amazonaws.com',
                  EvaluateTargetHealth: true,
                },
              },
            },
          ],
        },
      },
    },
    {
      operation: 'GetChange',
      input: {
        get Id() {
          return seededChangeId;
        },
      },
    },
    { operation: 'GetChange', input: { Id: 'C0DOESNOTEXIST0000000' }, expectError: 'NoSuchChange' },
    { operation: 'ListResourceRecordSets', input: { HostedZoneId: ZONE, MaxItems: 2 } },
    {
      operation: 'ListResourceRecordSets',
      input: {
        HostedZoneId: ZONE,
        StartRecordName: 'api.example.com',
        StartRecordType: 'A',
        StartRecordIdentifier: 'blue',
      },
    },
    { operation: 'TestDNSAnswer', input: { HostedZoneId: ZONE, RecordName: 'api.example.com', RecordType: 'A' } },
    {
      operation: 'CreateHealthCheck',
      input: {
        CallerReference: 'conformance-hc',
        HealthCheckConfig: {
          Type: 'HTTP',
          FullyQualifiedDomainName: 'jobs-123456.us-east-1.elb.amazonaws.com',
          Port: 80,
        },
      },
    },
    {
      operation: 'CreateHealthCheck',
      input: {
        CallerReference: 'conformance-hc',
        HealthCheckConfig: { Type: 'TCP', IPAddress: '192.0.2.1', Port: 22 },
      },
      expectError: 'HealthCheckAlreadyExists',
    },
    { operation: 'GetHealthCheck', input: { HealthCheckId: HEALTH_CHECK } },
    { operation: 'ListHealthChecks', input: { MaxItems: 1 } },
    {
      operation: 'UpdateHealthCheck',
      input: { HealthCheckId: HEALTH_CHECK, HealthCheckVersion: 1, FailureThreshold: 2 },
    },
    {
      operation: 'UpdateHealthCheck',
      input: { HealthCheckId: HEALTH_CHECK, HealthCheckVersion: 1, Inverted: true },
      expectError: 'HealthCheckVersionMismatch',
    },
    { operation: 'GetHealthCheckStatus', input: { HealthCheckId: HEALTH_CHECK } },
    { operation: 'GetHealthCheckLastFailureReason', input: { HealthCheckId: DOOMED_HEALTH_CHECK } },
    { operation: 'GetHealthCheckCount', input: {} },
    {
      operation: 'ChangeTagsForResource',
      input: { ResourceType: 'healthcheck', ResourceId: HEALTH_CHECK, AddTags: [{ Key: 'app', Value: 'jobs' }] },
    },
    { operation: 'ListTagsForResource', input: { ResourceType: 'healthcheck', ResourceId: HEALTH_CHECK } },
    { operation: 'ListTagsForResources', input: { ResourceType: 'hostedzone', ResourceIds: [ZONE] } },
    { operation: 'DeleteHealthCheck', input: { HealthCheckId: DOOMED_HEALTH_CHECK } },
    { operation: 'DeleteHealthCheck', input: { HealthCheckId: DOOMED_HEALTH_CHECK }, expectError: 'NoSuchHealthCheck' },
    { operation: 'DeleteHostedZone', input: { Id: ZONE }, expectError: 'HostedZoneNotEmpty' },
    { operation: 'DeleteHostedZone', input: { Id: EMPTY_ZONE } },
  ] as Array<{ operation: string; input: Record<string, unknown>; expectError?: string }>,
};
