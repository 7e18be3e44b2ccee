import { defineSimService } from '../kernel/SimService';
import { LoadBalancingState } from './LoadBalancingState';
import { elbv2Handlers } from './handlers';

export * from './LoadBalancingState';

/**
 * Simulated Elastic Load Balancing (v2): application load balancers with DNS names (registered
 * in `world.resources`, healthy while at least one target is), target groups that follow their
 * Auto Scaling groups' instances, listeners, and target health that moves through `initial`,
 * `healthy`, `unhealthy` and `draining` on virtual time.
 *
 * @example
 * ```ts
 * const elb = cloud.client(ElasticLoadBalancingV2Client, { region: 'us-east-1' });
 * await waitUntilTargetInService({ client: elb, maxWaitTime: 900 }, { TargetGroupArn });
 * ```
 */
export const elbv2Service = defineSimService<LoadBalancingState>({
  name: 'elbv2',
  model: 'elbv2',
  clientName: 'ElasticLoadBalancingV2Client',
  createState: (region, world) => new LoadBalancingState(region, world),
  handlers: elbv2Handlers,
});
