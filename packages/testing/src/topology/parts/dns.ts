import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { SimulatedCloud } from '../../aws/SimulatedCloud';
import { route53Sim } from '../../aws/route53';
import type { SimLoadBalancer } from '../../aws/elbv2';
import type { SeedTopology } from '../names';

/**
 * Builds Route 53: the public zone, an HTTPS `/health` check on each region's ALB (settled: it
 * has been running for a while), the failover record (PRIMARY → primary ALB, SECONDARY → DR
 * ALB) and the weighted record (primary 100, DR 0), all aliases that evaluate target health.
 *
 * @example
 * ```ts
 * buildDns(cloud, topology, { primary: east.loadBalancer, dr: west.loadBalancer });
 * ```
 */
export function buildDns(
  cloud: SimulatedCloud,
  topology: SeedTopology,
  loadBalancers: { primary: SimLoadBalancer; dr: SimLoadBalancer },
): void {
  const d = topology.dns;
  const r53 = route53Sim(cloud);
  const fail = (what: string) => (e: { message: string }) => {
    throw new Error(`seedTopology: ${what}: ${e.message}`);
  };
  r53
    .createHostedZone({ name: d.zoneName, id: d.zoneId, comment: `${topology.applicationName} public zone` })
    .match(() => undefined, fail('hosted zone'));
  for (const side of ['primary', 'dr'] as const) {
    r53
      .createHealthCheck({
        id: d.healthCheckIds[side],
        callerReference: `${topology.applicationName}-${side}-health`,
        config: {
          Type: 'HTTPS',
          FullyQualifiedDomainName: loadBalancers[side].dnsName,
          Port: 443,
          ResourcePath: d.healthCheckPath,
          RequestInterval: 30,
          FailureThreshold: 3,
        },
      })
      .match(() => undefined, fail(`${side} health check`));
  }
  const alias = (lb: SimLoadBalancer) => ({
    HostedZoneId: lb.canonicalHostedZoneId,
    DNSName: lb.dnsName,
    EvaluateTargetHealth: true,
  });
  const records: ResourceRecordSet[] = [
    {
      Name: d.failoverRecordName,
      Type: 'A',
      SetIdentifier: d.setIdentifiers.primary,
      Failover: 'PRIMARY',
      HealthCheckId: d.healthCheckIds.primary,
      AliasTarget: alias(loadBalancers.primary),
    },
    {
      Name: d.failoverRecordName,
      Type: 'A',
      SetIdentifier: d.setIdentifiers.dr,
      Failover: 'SECONDARY',
      HealthCheckId: d.healthCheckIds.dr,
      AliasTarget: alias(loadBalancers.dr),
    },
    ...(['primary', 'dr'] as const).map((side): ResourceRecordSet => ({
      Name: d.weightedRecordName,
      Type: 'A',
      SetIdentifier: d.setIdentifiers[side],
      Weight: d.weights[d.setIdentifiers[side]] ?? 0,
      HealthCheckId: d.healthCheckIds[side],
      AliasTarget: alias(loadBalancers[side]),
    })),
  ];
  r53.putRecords(d.zoneId, records).match(() => undefined, fail('records'));
}
