import type { SimulatedCloud } from '../../aws/SimulatedCloud';
import { cloudwatchService } from '../../aws/cloudwatch';
import { snsService } from '../../aws/sns';
import type { SimLoadBalancer } from '../../aws/elbv2';
import type { SeedTopology } from '../names';

/**
 * Builds the operations team's SNS topic (one per region, with an e-mail subscription) and the
 * CloudWatch alarms: in each region the ALB's 5xx error rate (metric math, over 5 % for 3
 * minutes) and p95 target response time (over 1 s for 5 minutes); in the primary region, failed
 * AWS Backup jobs (any in an hour). Alarms notify the topic. They are evaluated over the last
 * few minutes at creation, so they start `OK` as in an estate that has been running.
 *
 * @example
 * ```ts
 * buildMonitoring(cloud, topology, { primary: east.loadBalancer, dr: west.loadBalancer });
 * ```
 */
export function buildMonitoring(
  cloud: SimulatedCloud,
  topology: SeedTopology,
  loadBalancers: { primary: SimLoadBalancer; dr: SimLoadBalancer },
): void {
  const n = topology.notifications;
  const a = topology.alarms;
  const now = cloud.clock.now();
  for (const side of ['primary', 'dr'] as const) {
    const region = topology.regions[side];
    const sns = cloud.state(snsService, region);
    const topic = sns.createTopic(
      n.topicName,
      { DisplayName: 'Jobs API ops' },
      { Application: topology.applicationName },
    );
    sns.subscribe(topic.arn, 'email', n.subscriberEmail);
    const cw = cloud.state(cloudwatchService, region);
    const lb = [{ Name: 'LoadBalancer', Value: loadBalancers[side].dimension }];
    const actions = { AlarmActions: [topic.arn], OKActions: [] as string[] };
    cw.putAlarm({
      AlarmName: a.errorRate,
      AlarmDescription: `5xx responses over 5 % of ${loadBalancers[side].name} requests for 3 minutes`,
      ...actions,
      Metrics: [
        {
          Id: 'errors',
          MetricStat: {
            Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count', Dimensions: lb },
            Period: 60,
            Stat: 'Sum',
          },
          ReturnData: false,
        },
        {
          Id: 'requests',
          MetricStat: {
            Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount', Dimensions: lb },
            Period: 60,
            Stat: 'Sum',
          },
          ReturnData: false,
        },
        { Id: 'rate', Expression: '100 * errors / requests', Label: '5xx error rate (%)', ReturnData: true },
      ],
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    cw.putAlarm({
      AlarmName: a.latencyP95,
      AlarmDescription: `p95 target response time of ${loadBalancers[side].name} over 1 s for 5 minutes`,
      ...actions,
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'TargetResponseTime',
      Dimensions: lb,
      ExtendedStatistic: 'p95',
      Period: 60,
      EvaluationPeriods: 5,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    if (side === 'primary')
      cw.putAlarm({
        AlarmName: a.backupJobFailures,
        AlarmDescription: `An AWS Backup job failed in ${topology.backup.primaryVaultName}`,
        ...actions,
        Namespace: 'AWS/Backup',
        MetricName: 'NumberOfBackupJobsFailed',
        Dimensions: [{ Name: 'BackupVaultName', Value: topology.backup.primaryVaultName }],
        Statistic: 'Sum',
        Period: 3600,
        EvaluationPeriods: 1,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      });
    // An estate that has been running: evaluate the last few minutes now rather than starting
    // in INSUFFICIENT_DATA.
    for (const alarm of cw.alarms.values()) alarm.lastEvaluatedAt = now - 5 * 60_000;
    cw.sync(now);
  }
}
