import type { ConformanceFixture } from './types';
import { autoscalingService } from '../../../src/aws/autoscaling';
import { elbv2Service } from '../../../src/aws/elbv2';
import { snsService } from '../../../src/aws/sns';

let lbDimension = '';
const start = new Date('2026-11-22T02:00:00Z');
const end = new Date('2026-11-22T03:00:00Z');
const topic = 'arn:aws:sns:us-east-1:123456789012:alarms';

export default {
  service: 'cloudwatch',
  setup(cloud) {
    const elb = cloud.state(elbv2Service, 'us-east-1');
    const tg = elb.createTargetGroup({ name: 'api', port: 8080 });
    const lb = elb.createLoadBalancer({ name: 'api-alb', targetGroupArn: tg.arn, inService: true });
    cloud.state(autoscalingService, 'us-east-1').createGroup({
      name: 'api',
      minSize: 2,
      maxSize: 4,
      desiredCapacity: 2,
      targetGroupArns: [tg.arn],
      inService: true,
    });
    cloud.state(snsService, 'us-east-1').createTopic('alarms');
    lbDimension = lb.dimension;
  },
  get calls() {
    const lb = [{ Name: 'LoadBalancer', Value: lbDimension }];
    return [
      {
        operation: 'PutMetricData',
        input: {
          Namespace: 'DrKit/Drill',
          MetricData: [
            { MetricName: 'RestoreMinutes', Value: 38, Unit: 'None', Timestamp: new Date('2026-11-22T02:30:00Z') },
            {
              MetricName: 'Latency',
              Values: [1, 2, 3],
              Counts: [1, 1, 2],
              Dimensions: [{ Name: 'Step', Value: 'restore' }],
            },
          ],
        },
      },
      {
        operation: 'PutMetricData',
        input: { Namespace: 'AWS/EC2', MetricData: [{ MetricName: 'x', Value: 1 }] },
        expectError: 'InvalidParameterValueException',
      },
      {
        operation: 'PutMetricData',
        input: { Namespace: 'DrKit/Drill', MetricData: [{ MetricName: 'x', Value: 1, Values: [1] }] },
        expectError: 'InvalidParameterCombinationException',
      },
      {
        operation: 'GetMetricData',
        input: {
          StartTime: start,
          EndTime: end,
          MetricDataQueries: [
            {
              Id: 'requests',
              MetricStat: {
                Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount', Dimensions: lb },
                Period: 300,
                Stat: 'Sum',
              },
            },
            {
              Id: 'errors',
              MetricStat: {
                Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count', Dimensions: lb },
                Period: 300,
                Stat: 'Sum',
              },
              ReturnData: false,
            },
            { Id: 'rate', Expression: '100 * errors / requests', Label: 'error %' },
            {
              Id: 'p95',
              MetricStat: {
                Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'TargetResponseTime', Dimensions: lb },
                Period: 60,
                Stat: 'p95',
              },
            },
            {
              Id: 'drill',
              MetricStat: {
                Metric: { Namespace: 'DrKit/Drill', MetricName: 'RestoreMinutes' },
                Period: 3600,
                Stat: 'Maximum',
              },
            },
          ],
        },
      },
      {
        operation: 'GetMetricData',
        input: { StartTime: end, EndTime: start, MetricDataQueries: [{ Id: 'm', Expression: '1' }] },
        expectError: 'ValidationError',
      },
      {
        operation: 'GetMetricStatistics',
        input: {
          Namespace: 'AWS/ApplicationELB',
          MetricName: 'RequestCount',
          Dimensions: lb,
          StartTime: start,
          EndTime: end,
          Period: 600,
          Statistics: ['Sum', 'Average'],
          ExtendedStatistics: ['p99'],
        },
      },
      { operation: 'ListMetrics', input: { Namespace: 'AWS/ApplicationELB' } },
      {
        operation: 'PutMetricAlarm',
        input: {
          AlarmName: 'api-5xx',
          Namespace: 'AWS/ApplicationELB',
          MetricName: 'HTTPCode_Target_5XX_Count',
          Dimensions: lb,
          Statistic: 'Sum',
          Period: 60,
          EvaluationPeriods: 3,
          DatapointsToAlarm: 2,
          Threshold: 100,
          ComparisonOperator: 'GreaterThanThreshold',
          TreatMissingData: 'notBreaching',
          AlarmActions: [topic],
        },
      },
      {
        operation: 'PutMetricAlarm',
        input: {
          AlarmName: 'api-error-rate',
          EvaluationPeriods: 5,
          Threshold: 5,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          Metrics: [
            {
              Id: 'r',
              MetricStat: {
                Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount', Dimensions: lb },
                Period: 60,
                Stat: 'Sum',
              },
              ReturnData: false,
            },
            {
              Id: 'e',
              MetricStat: {
                Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count', Dimensions: lb },
                Period: 60,
                Stat: 'Sum',
              },
              ReturnData: false,
            },
            { Id: 'pct', Expression: '100 * e / r' },
          ],
        },
      },
      {
        operation: 'PutMetricAlarm',
        input: {
          AlarmName: 'bad',
          Namespace: 'DrKit/Drill',
          MetricName: 'x',
          Statistic: 'Sum',
          Period: 45,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanThreshold',
        },
        expectError: 'ValidationError',
      },
      { operation: 'DescribeAlarms', input: { AlarmNamePrefix: 'api-', MaxRecords: 1 } },
      { operation: 'DescribeAlarms', input: { StateValue: 'ALARM' } },
      {
        operation: 'DescribeAlarmsForMetric',
        input: { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count', Dimensions: lb },
      },
      {
        operation: 'SetAlarmState',
        input: { AlarmName: 'api-5xx', StateValue: 'ALARM', StateReason: 'drill', StateReasonData: '{}' },
      },
      {
        operation: 'SetAlarmState',
        input: { AlarmName: 'ghost', StateValue: 'OK', StateReason: 'x' },
        expectError: 'ResourceNotFound',
      },
      { operation: 'DescribeAlarmHistory', input: { AlarmName: 'api-5xx', HistoryItemType: 'StateUpdate' } },
      { operation: 'DisableAlarmActions', input: { AlarmNames: ['api-5xx'] } },
      { operation: 'EnableAlarmActions', input: { AlarmNames: ['api-5xx'] } },
      { operation: 'DeleteAlarms', input: { AlarmNames: ['api-5xx', 'ghost'] }, expectError: 'ResourceNotFound' },
      { operation: 'DeleteAlarms', input: { AlarmNames: ['api-5xx', 'api-error-rate'] } },
    ];
  },
} satisfies ConformanceFixture;
