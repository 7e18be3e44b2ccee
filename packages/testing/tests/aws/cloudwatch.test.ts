import { describe, expect, it } from 'vitest';
import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  paginateDescribeAlarms,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { AutoScalingClient, SetDesiredCapacityCommand } from '@aws-sdk/client-auto-scaling';
import { createSimulatedCloud } from '../../src/aws/SimulatedCloud';
import { elbv2Service, type SimLoadBalancer } from '../../src/aws/elbv2';
import { autoscalingService } from '../../src/aws/autoscaling';
import { snsService } from '../../src/aws/sns';
import { appMetrics } from '../../src/app';

const MIN = 60_000;

/** A steady-state estate in two regions: ALB → target group ← Auto Scaling group (3 instances in us-east-1, 1 in us-west-2). */
function estate(seed = 7) {
  const cloud = createSimulatedCloud({ seed, regions: ['us-east-1', 'us-west-2'] });
  const lbs: Record<string, SimLoadBalancer> = {};
  for (const [region, desired] of [
    ['us-east-1', 3],
    ['us-west-2', 1],
  ] as const) {
    const elb = cloud.state(elbv2Service, region);
    const tg = elb.createTargetGroup({ name: 'jobs-api', port: 8080 });
    lbs[region] = elb.createLoadBalancer({ name: 'jobs-api-alb', targetGroupArn: tg.arn, inService: true });
    cloud.state(autoscalingService, region).createGroup({
      name: 'jobs-api',
      minSize: 0,
      maxSize: 6,
      desiredCapacity: desired,
      targetGroupArns: [tg.arn],
      inService: true,
    });
  }
  const cw = cloud.client(CloudWatchClient, { region: 'us-east-1' });
  return { cloud, cw, lbs };
}

const albMetric = (lb: SimLoadBalancer, MetricName: string) => ({
  Namespace: 'AWS/ApplicationELB',
  MetricName,
  Dimensions: [{ Name: 'LoadBalancer', Value: lb.dimension }],
});

const noHealthyTargetsAlarm = (lb: SimLoadBalancer, actions: string[] = []): PutMetricAlarmCommandInput => ({
  AlarmName: 'jobs-api-elb-5xx',
  ...albMetric(lb, 'HTTPCode_ELB_5XX_Count'),
  Statistic: 'Sum',
  Period: 60,
  EvaluationPeriods: 2,
  Threshold: 10,
  ComparisonOperator: 'GreaterThanThreshold',
  TreatMissingData: 'notBreaching',
  AlarmActions: actions,
  OKActions: actions,
});

async function alarmState(cw: CloudWatchClient, name: string) {
  return (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms![0]!;
}

describe('simulated CloudWatch', () => {
  it('serves the application load balancer metrics per minute of virtual time', async () => {
    // Prepare
    const { cloud, cw, lbs } = estate();
    await cloud.clock.advance(30 * MIN);
    const end = new Date(Math.floor(cloud.clock.now() / MIN) * MIN);
    const start = new Date(end.getTime() - 10 * MIN);

    // Act
    const out = await cw.send(
      new GetMetricDataCommand({
        StartTime: start,
        EndTime: end,
        MetricDataQueries: [
          {
            Id: 'requests',
            MetricStat: { Metric: albMetric(lbs['us-east-1']!, 'RequestCount'), Period: 60, Stat: 'Sum' },
          },
          {
            Id: 'errors',
            MetricStat: { Metric: albMetric(lbs['us-east-1']!, 'HTTPCode_Target_5XX_Count'), Period: 300, Stat: 'Sum' },
          },
          {
            Id: 'p95',
            MetricStat: { Metric: albMetric(lbs['us-east-1']!, 'TargetResponseTime'), Period: 60, Stat: 'p95' },
          },
          {
            Id: 'standby',
            MetricStat: { Metric: albMetric(lbs['us-west-2']!, 'RequestCount'), Period: 60, Stat: 'Sum' },
          },
        ],
      }),
    );
    const [requests, errors, p95, standby] = out.MetricDataResults!;

    // Assess
    expect(requests!.Timestamps).toHaveLength(10);
    expect(requests!.Timestamps![0]!.getTime()).toBe(end.getTime() - MIN); // newest first
    expect(Math.min(...requests!.Values!)).toBeGreaterThan(2700);
    expect(Math.max(...requests!.Values!)).toBeLessThan(3300);
    expect(errors!.Values!).toHaveLength(2);
    expect(errors!.Values![0]! / 15_000).toBeLessThan(0.01);
    expect(p95!.Values!.every((v) => v > 0.12 && v < 0.25)).toBe(true);
    expect(standby!.Values).toEqual([]); // no traffic is sent to the standby region
  });

  it('flips an alarm to ALARM when the load balancer loses its targets, notifies SNS, and back to OK', async () => {
    // Prepare
    const { cloud, cw, lbs } = estate();
    const topic = cloud.state(snsService, 'us-east-1').createTopic('ops-alarms');
    await cw.send(new PutMetricAlarmCommand(noHealthyTargetsAlarm(lbs['us-east-1']!, [topic.arn])));
    await cloud.clock.advance(5 * MIN);
    const calm = await alarmState(cw, 'jobs-api-elb-5xx');
    const asg = cloud.client(AutoScalingClient, { region: 'us-east-1' });

    // Act
    await asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'jobs-api', DesiredCapacity: 0 }));
    await cloud.clock.advance(5 * MIN);
    const firing = await alarmState(cw, 'jobs-api-elb-5xx');
    await asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'jobs-api', DesiredCapacity: 3 }));
    await cloud.clock.advance(12 * MIN);
    const recovered = await alarmState(cw, 'jobs-api-elb-5xx');

    // Assess
    expect(calm.StateValue).toBe('OK');
    expect(firing.StateValue).toBe('ALARM');
    expect(firing.StateReason).toMatch(/^Threshold Crossed: 2 out of the last 2 datapoints/);
    expect(recovered.StateValue).toBe('OK');
    const notes = cloud.state(snsService, 'us-east-1').published({ topicArn: topic.arn });
    expect(notes.map((n) => n.subject)).toEqual([
      'OK: "jobs-api-elb-5xx" in US East (N. Virginia)', // the first evaluation: INSUFFICIENT_DATA -> OK
      'ALARM: "jobs-api-elb-5xx" in US East (N. Virginia)',
      'OK: "jobs-api-elb-5xx" in US East (N. Virginia)',
    ]);
    expect(JSON.parse(notes[1]!.message)).toMatchObject({ NewStateValue: 'ALARM', OldStateValue: 'OK' });
    const history = await cw.send(
      new DescribeAlarmHistoryCommand({ AlarmName: 'jobs-api-elb-5xx', HistoryItemType: 'StateUpdate' }),
    );
    expect(history.AlarmHistoryItems!.map((h) => h.HistorySummary)).toEqual([
      'Alarm updated from ALARM to OK',
      'Alarm updated from OK to ALARM',
      'Alarm updated from INSUFFICIENT_DATA to OK',
    ]);
  });

  it('keeps an alarm with missing data in INSUFFICIENT_DATA (a standby region without traffic)', async () => {
    // Prepare
    const { cloud, lbs } = estate();
    const cw = cloud.client(CloudWatchClient, { region: 'us-west-2' });

    // Act
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: 'standby-requests',
        ...albMetric(lbs['us-west-2']!, 'RequestCount'),
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 3,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
      }),
    );
    await cloud.clock.advance(5 * MIN);

    // Assess
    expect((await alarmState(cw, 'standby-requests')).StateValue).toBe('INSUFFICIENT_DATA');
  });

  it('stores custom metrics at virtual time and answers statistics, percentiles and math on them', async () => {
    // Prepare
    const { cloud, cw } = estate();
    const t0 = cloud.clock.now();
    for (let m = 0; m < 5; m++) {
      await cw.send(
        new PutMetricDataCommand({
          Namespace: 'DrKit/Drill',
          MetricData: [
            { MetricName: 'ChecksPassed', Value: 10 - m, Dimensions: [{ Name: 'Run', Value: 'weekly' }] },
            { MetricName: 'ChecksRun', Value: 10, Dimensions: [{ Name: 'Run', Value: 'weekly' }] },
            { MetricName: 'StepSeconds', Values: [1, 2, 30], Counts: [10, 5, 1] },
          ],
        }),
      );
      await cloud.clock.advance(MIN);
    }
    const dims = [{ Name: 'Run', Value: 'weekly' }];

    // Act
    const out = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(t0 - MIN),
        EndTime: new Date(cloud.clock.now()),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [
          {
            Id: 'passed',
            MetricStat: {
              Metric: { Namespace: 'DrKit/Drill', MetricName: 'ChecksPassed', Dimensions: dims },
              Period: 60,
              Stat: 'Sum',
            },
            ReturnData: false,
          },
          {
            Id: 'run',
            MetricStat: {
              Metric: { Namespace: 'DrKit/Drill', MetricName: 'ChecksRun', Dimensions: dims },
              Period: 60,
              Stat: 'Sum',
            },
            ReturnData: false,
          },
          { Id: 'rate', Expression: '100 * passed / run', Label: 'pass %' },
          {
            Id: 'p90',
            MetricStat: { Metric: { Namespace: 'DrKit/Drill', MetricName: 'StepSeconds' }, Period: 300, Stat: 'p90' },
          },
        ],
      }),
    );

    // Assess
    const [rate, p90] = out.MetricDataResults!;
    expect(rate!.Label).toBe('pass %');
    expect(rate!.Values).toEqual([100, 90, 80, 70, 60]);
    expect(rate!.Timestamps![0]!.getTime()).toBe(t0);
    expect(p90!.Values).toEqual([2]);
  });

  it('holds a state set by SetAlarmState until the next evaluation, and pages DescribeAlarms', async () => {
    // Prepare
    const { cloud, cw, lbs } = estate();
    for (const n of ['a', 'b', 'c'])
      await cw.send(
        new PutMetricAlarmCommand({ ...noHealthyTargetsAlarm(lbs['us-east-1']!), AlarmName: `drill-${n}` }),
      );
    await cloud.clock.advance(3 * MIN);

    // Act
    await cw.send(
      new SetAlarmStateCommand({ AlarmName: 'drill-b', StateValue: 'ALARM', StateReason: 'testing the pager' }),
    );
    const forced = await alarmState(cw, 'drill-b');
    await cloud.clock.advance(MIN);
    const evaluated = await alarmState(cw, 'drill-b');
    const names: string[] = [];
    for await (const page of paginateDescribeAlarms({ client: cw, pageSize: 2 }, { AlarmNamePrefix: 'drill-' }))
      names.push(...page.MetricAlarms!.map((a) => a.AlarmName!));

    // Assess
    expect(forced).toMatchObject({ StateValue: 'ALARM', StateReason: 'testing the pager' });
    expect(evaluated.StateValue).toBe('OK');
    expect(names).toEqual(['drill-a', 'drill-b', 'drill-c']);
  });

  it('derives the application figures the metrics come from', async () => {
    // Prepare
    const { cloud } = estate();
    await cloud.clock.advance(5 * MIN);

    // Act
    const primary = appMetrics(cloud, 'us-east-1');
    const standby = appMetrics(cloud, 'us-west-2');
    cloud.inject('region-outage:us-east-1')._unsafeUnwrap();
    await cloud.clock.advance(2 * MIN);
    const dark = appMetrics(cloud, 'us-east-1');

    // Assess
    expect(primary.errorRate).toBeLessThan(0.01);
    expect(primary.p95Ms).toBeGreaterThan(100);
    expect(standby.requests).toBe(0);
    expect(dark).toMatchObject({ up: false, errorRate: 1 });
  });
});
