import type { SimulatedCloud } from '../../aws/SimulatedCloud';
import { autoscalingService } from '../../aws/autoscaling';
import { elbv2Service, type SimLoadBalancer, type SimTargetGroup } from '../../aws/elbv2';
import type { SeedTopology, SeedWebTier } from '../names';

/** What the web tier of one region is, once built. */
export interface BuiltWebTier {
  readonly loadBalancer: SimLoadBalancer;
  readonly targetGroup: SimTargetGroup;
}

/**
 * Builds one region's web tier: a target group with an `/health` check, an internet-facing ALB
 * forwarding HTTP:80 to it, and an Auto Scaling group (ELB health checks) whose instances have
 * been `InService` for an hour.
 *
 * @example
 * ```ts
 * const { loadBalancer } = buildWebTier(cloud, topology, topology.web.dr);
 * ```
 */
export function buildWebTier(cloud: SimulatedCloud, topology: SeedTopology, tier: SeedWebTier): BuiltWebTier {
  const elb = cloud.state(elbv2Service, tier.region);
  const asg = cloud.state(autoscalingService, tier.region);
  const tags = {
    Application: topology.applicationName,
    Environment: tier.region === topology.regions.primary ? 'production' : 'dr',
  };
  const targetGroup = elb.createTargetGroup({
    name: tier.targetGroupName,
    port: 8080,
    healthCheck: { path: topology.dns.healthCheckPath, intervalSeconds: 15, healthyThreshold: 3 },
    deregistrationDelaySeconds: 60,
    tags,
  });
  const loadBalancer = elb.createLoadBalancer({
    name: tier.loadBalancerName,
    availabilityZones: [...tier.availabilityZones],
    targetGroupArn: targetGroup.arn,
    inService: true,
    tags,
  });
  asg.createGroup({
    name: tier.autoScalingGroupName,
    minSize: tier.minSize,
    maxSize: tier.maxSize,
    desiredCapacity: tier.desiredCapacity,
    availabilityZones: [...tier.availabilityZones],
    targetGroupArns: [targetGroup.arn],
    healthCheckType: 'ELB',
    healthCheckGracePeriod: 300,
    instanceType: 'm6i.large',
    launchTemplate: { LaunchTemplateName: topology.applicationName, Version: '$Latest' },
    tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value, PropagateAtLaunch: true })),
    inService: true,
  });
  return { loadBalancer, targetGroup };
}
