import { defineSimService } from '../kernel/SimService';
import { AutoScalingState } from './AutoScalingState';
import { autoscalingHandlers } from './handlers';

export * from './AutoScalingState';

/**
 * Simulated Amazon EC2 Auto Scaling: groups with min/max/desired capacity across availability
 * zones, instances that launch (`Pending` → `InService` after a few minutes), fail under
 * `instance-failure:GROUP` and `az-outage:AZ` faults and are replaced, scale-in with draining,
 * and the scaling activities that record all of it.
 *
 * @example
 * ```ts
 * const asg = cloud.client(AutoScalingClient, { region: 'us-east-1' });
 * await asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'jobs-api', DesiredCapacity: 4 }));
 * ```
 */
export const autoscalingService = defineSimService<AutoScalingState>({
  name: 'autoscaling',
  model: 'autoscaling',
  clientName: 'AutoScalingClient',
  createState: (region, world) => new AutoScalingState(region, world),
  handlers: autoscalingHandlers,
});
