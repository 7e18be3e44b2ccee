import { defineSimService } from '../kernel/SimService';
import { CloudWatchState } from './CloudWatchState';
import { cloudwatchHandlers } from './handlers';

export * from './CloudWatchState';
export { ALB_NAMESPACE, ALB_METRICS, ALB_TARGET_GROUP_METRICS } from './loadBalancerMetrics';
export type { MetricSample, Series } from './metricMath';

/**
 * Simulated Amazon CloudWatch: custom metrics, the `AWS/ApplicationELB` metrics of the
 * simulated application (request counts, 5xx counts, response times, healthy hosts), metric
 * math on query ids, and metric alarms evaluated every virtual minute, with SNS actions.
 *
 * @example
 * ```ts
 * const cw = cloud.client(CloudWatchClient, { region: 'us-east-1' });
 * const { MetricAlarms } = await cw.send(new DescribeAlarmsCommand({ StateValue: 'ALARM' }));
 * ```
 */
export const cloudwatchService = defineSimService<CloudWatchState>({
  name: 'cloudwatch',
  model: 'cloudwatch',
  clientName: 'CloudWatchClient',
  createState: (region, world) => new CloudWatchState(region, world),
  handlers: cloudwatchHandlers,
});
