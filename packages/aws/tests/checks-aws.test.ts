import { describe, expect, it } from 'vitest';
import {
  CloudWatchClient,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { validateRestore } from '@drkit/core';
import { createSimulatedCloud, type SimulatedCloud } from '@drkit/testing';
import {
  alarmsOkCheck,
  errorRateQueries,
  metricThresholdCheck,
  p95LatencyQuery,
  targetHealthCheck,
} from '../src/checks/index';
import { START, contextOf } from './support/sim';

const region = 'us-west-2';
const lb = { LoadBalancer: 'app/jobs-api-dr/50dc6c495c0c9188' };
const ns = 'AWS/ApplicationELB';

/** An instance in the simulated cloud, healthy or not, as restored EC2 instances are. */
function instance(cloud: SimulatedCloud, id: string, healthy: boolean) {
  cloud.resources.register({
    arn: `arn:aws:ec2:${region}:${cloud.accountId}:instance/${id}`,
    id,
    type: 'EC2',
    region,
    az: `${region}a`,
    createdAt: cloud.clock.now(),
    tags: {},
    createdBy: 'test',
    isHealthy: () => healthy,
  });
}

describe('targetHealthCheck', () => {
  it('counts healthy targets and fails when fewer than required are healthy', async () => {
    // Prepare: two instances behind the DR target group, one of them sick
    const cloud = createSimulatedCloud({ start: START });
    const ctx = contextOf(cloud);
    const elb = cloud.client(ElasticLoadBalancingV2Client, { region });
    instance(cloud, 'i-0aaaaaaaaaaaaaaa1', true);
    instance(cloud, 'i-0aaaaaaaaaaaaaaa2', false);
    const tg = await elb.send(
      new CreateTargetGroupCommand({
        Name: 'jobs-api-dr',
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: 'vpc-0123456789abcdef0',
      }),
    );
    const arn = tg.TargetGroups![0]!.TargetGroupArn!;
    const balancer = await elb.send(
      new CreateLoadBalancerCommand({
        Name: 'jobs-api-dr',
        Subnets: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
      }),
    );
    await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: balancer.LoadBalancers![0]!.LoadBalancerArn!,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: arn }],
      }),
    );
    await elb.send(
      new RegisterTargetsCommand({
        TargetGroupArn: arn,
        Targets: [{ Id: 'i-0aaaaaaaaaaaaaaa1' }, { Id: 'i-0aaaaaaaaaaaaaaa2' }],
      }),
    );
    await cloud.clock.advance(5 * 60_000);

    // Act
    const all = await targetHealthCheck({ client: elb, targetGroupArn: arn }).run(undefined, ctx);
    const one = await targetHealthCheck({ client: elb, targetGroupArn: arn, minHealthy: 1 }).run(undefined, ctx);

    // Assess
    expect(all._unsafeUnwrap()).toMatchObject({ status: 'failed', evidence: { total: 2, healthy: 1 } });
    expect(all._unsafeUnwrap().detail).toContain('i-0aaaaaaaaaaaaaaa2');
    expect(one._unsafeUnwrap().status).toBe('passed');
  });

  it('cannot decide for a target group that does not exist', async () => {
    const cloud = createSimulatedCloud({ start: START });
    const elb = cloud.client(ElasticLoadBalancingV2Client, { region });
    const arn = `arn:aws:elasticloadbalancing:${region}:${cloud.accountId}:targetgroup/nope/0123456789abcdef`;

    const result = await targetHealthCheck({ client: elb, targetGroupArn: arn }).run(undefined, contextOf(cloud));

    expect(result._unsafeUnwrapErr().kind).toBe('NotFound');
  });
});

describe('alarmsOkCheck', () => {
  it('passes when every matching alarm is OK and names the ones that are not', async () => {
    // Prepare
    const cloud = createSimulatedCloud({ start: START });
    const ctx = contextOf(cloud);
    const cw = cloud.client(CloudWatchClient, { region });
    for (const name of ['jobs-api-dr-5xx', 'jobs-api-dr-latency'])
      await cw.send(
        new PutMetricAlarmCommand({
          AlarmName: name,
          Namespace: ns,
          MetricName: 'HTTPCode_Target_5XX_Count',
          Dimensions: [{ Name: 'LoadBalancer', Value: lb.LoadBalancer }],
          Statistic: 'Sum',
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 10,
          ComparisonOperator: 'GreaterThanThreshold',
        }),
      );
    for (const name of ['jobs-api-dr-5xx', 'jobs-api-dr-latency'])
      await cw.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: 'OK', StateReason: 'drill' }));
    const check = alarmsOkCheck({ client: cw, alarmNamePrefix: 'jobs-api-dr-' });
    const ok = (await check.run(undefined, ctx))._unsafeUnwrap();

    // Act
    await cw.send(
      new SetAlarmStateCommand({ AlarmName: 'jobs-api-dr-5xx', StateValue: 'ALARM', StateReason: 'drill' }),
    );
    const alarming = (await check.run(undefined, ctx))._unsafeUnwrap();
    const named = (
      await alarmsOkCheck({ client: cw, alarmNames: ['jobs-api-dr-latency', 'no-such-alarm'] }).run(undefined, ctx)
    )._unsafeUnwrap();

    // Assess
    expect(ok).toMatchObject({ status: 'passed', detail: '2 alarms OK' });
    expect(alarming).toMatchObject({ status: 'failed', detail: 'jobs-api-dr-5xx is ALARM' });
    expect(named).toMatchObject({ status: 'failed', detail: 'no-such-alarm does not exist' });
  });
});

describe('metricThresholdCheck', () => {
  async function traffic(
    cloud: SimulatedCloud,
    minutes: Array<{ requests: number; errors: number; latency: number[] }>,
  ) {
    const cw = cloud.client(CloudWatchClient, { region });
    const Dimensions = [{ Name: 'LoadBalancer', Value: lb.LoadBalancer }];
    for (const m of minutes) {
      const Timestamp = cloud.clock.date();
      await cw.send(
        new PutMetricDataCommand({
          Namespace: 'Drkit/Test',
          MetricData: [
            { MetricName: 'RequestCount', Dimensions, Timestamp, Value: m.requests, Unit: 'Count' },
            { MetricName: 'HTTPCode_Target_5XX_Count', Dimensions, Timestamp, Value: m.errors, Unit: 'Count' },
            { MetricName: 'TargetResponseTime', Dimensions, Timestamp, Values: m.latency, Unit: 'Seconds' },
          ],
        }),
      );
      await cloud.clock.advance(60_000);
    }
    return cw;
  }
  const metric = (metricName: string) => ({ namespace: 'Drkit/Test', metricName, dimensions: lb });

  it('judges the error rate and the p95 latency over the window', async () => {
    // Prepare: five calm minutes, then one bad minute
    const cloud = createSimulatedCloud({ start: START });
    const ctx = contextOf(cloud);
    const calm = { requests: 1000, errors: 2, latency: Array.from({ length: 100 }, (_, i) => 0.05 + i * 0.002) };
    const cw = await traffic(
      cloud,
      Array.from({ length: 5 }, () => calm),
    );
    const errorRate = metricThresholdCheck({
      name: 'error-rate',
      client: cw,
      queries: errorRateQueries({ errors: metric('HTTPCode_Target_5XX_Count'), requests: metric('RequestCount') }),
      threshold: { max: 1 },
      window: '5m',
    });
    const p95 = metricThresholdCheck({
      name: 'p95-latency',
      client: cw,
      queries: p95LatencyQuery(metric('TargetResponseTime')),
      threshold: { max: 0.5 },
      window: '5m',
    });

    // Act
    const calm0 = await validateRestore({ id: 'dr-stack' }, [errorRate, p95], {}, ctx);
    if (calm0.isErr())
      throw new Error(JSON.stringify((calm0.error as { evidence?: unknown }).evidence ?? calm0.error.message));
    const calmReport = calm0.value;
    await traffic(cloud, [{ requests: 1000, errors: 80, latency: Array.from({ length: 100 }, () => 1.2) }]);
    const badReport = (
      await validateRestore({ id: 'dr-stack' }, [errorRate, p95], { failOnInvalid: false }, ctx)
    )._unsafeUnwrap();

    // Assess
    expect(calmReport.status).toBe('passed');
    expect(badReport.failed).toEqual(['error-rate', 'p95-latency']);
    expect(badReport.verdicts[0]!.evidence).toMatchObject({ query: 'errorRate', value: 8 });
  });

  it('fails on no data, and reports bad options as InvalidInput without a call', async () => {
    const cloud = createSimulatedCloud({ start: START });
    const ctx = contextOf(cloud);
    const cw = cloud.client(CloudWatchClient, { region });

    const empty = await metricThresholdCheck({
      client: cw,
      queries: p95LatencyQuery(metric('Nothing')),
      threshold: { max: 1 },
    }).run(undefined, ctx);
    const before = cloud.recorder.size;
    const bad = await metricThresholdCheck({ client: cw, queries: [], threshold: {}, window: '10s' }).run(
      undefined,
      ctx,
    );

    expect(empty._unsafeUnwrap()).toMatchObject({ status: 'failed', evidence: { datapoints: 0 } });
    const e = bad._unsafeUnwrapErr();
    expect(e.kind === 'InvalidInput' && e.problems.map((p) => p.path)).toEqual(['queries', 'threshold', 'window']);
    expect(cloud.recorder.size).toBe(before);
  });
});
