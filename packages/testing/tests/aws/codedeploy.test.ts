import { describe, expect, it } from 'vitest';
import {
  CodeDeployClient,
  CreateApplicationCommand,
  CreateDeploymentCommand,
  CreateDeploymentGroupCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  ListApplicationRevisionsCommand,
  ListDeploymentsCommand,
  RegisterApplicationRevisionCommand,
  StopDeploymentCommand,
  waitUntilDeploymentSuccessful,
  type RevisionLocation,
} from '@aws-sdk/client-codedeploy';
import { CloudWatchClient, DescribeAlarmHistoryCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { createSimulatedCloud, type SimulatedCloud } from '../../src/aws/SimulatedCloud';
import { withVirtualTimers } from '../../src/time/virtualTimers';
import { autoscalingService } from '../../src/aws/autoscaling';
import { elbv2Service, type SimLoadBalancer } from '../../src/aws/elbv2';
import { codedeployService } from '../../src/aws/codedeploy';
import { appMetrics } from '../../src/app';

const MIN = 60_000;
const ROLE = 'arn:aws:iam::123456789012:role/CodeDeployServiceRole';
const rev = (v: string): RevisionLocation => ({
  revisionType: 'S3',
  s3Location: { bucket: 'artifacts', key: `jobs-api/${v}.zip`, bundleType: 'zip' },
});

/** jobs-api: ALB → target group ← 3 instances, a CodeDeploy application with v1 deployed. */
async function estate(options: { seed?: number; rollback?: string[]; alarms?: string[] } = {}) {
  const cloud = createSimulatedCloud({ seed: options.seed ?? 8, regions: ['us-east-1', 'us-west-2'] });
  const elb = cloud.state(elbv2Service, 'us-east-1');
  const tg = elb.createTargetGroup({ name: 'jobs-api', port: 8080 });
  const lb = elb.createLoadBalancer({ name: 'jobs-api-alb', targetGroupArn: tg.arn, inService: true });
  cloud.state(autoscalingService, 'us-east-1').createGroup({
    name: 'jobs-api',
    minSize: 1,
    maxSize: 6,
    desiredCapacity: 3,
    targetGroupArns: [tg.arn],
    inService: true,
  });
  const cd = cloud.client(CodeDeployClient, { region: 'us-east-1' });
  await cd.send(new CreateApplicationCommand({ applicationName: 'jobs-api', computePlatform: 'Server' }));
  await cd.send(
    new CreateDeploymentGroupCommand({
      applicationName: 'jobs-api',
      deploymentGroupName: 'prod',
      serviceRoleArn: ROLE,
      autoScalingGroups: ['jobs-api'],
      ...(options.rollback ? { autoRollbackConfiguration: { enabled: true, events: options.rollback as never } } : {}),
      ...(options.alarms
        ? { alarmConfiguration: { enabled: true, alarms: options.alarms.map((name) => ({ name })) } }
        : {}),
    }),
  );
  const v1 = await deploy(cloud, cd, rev('v1'));
  return { cloud, cd, lb, v1 };
}

async function deploy(cloud: SimulatedCloud, cd: CodeDeployClient, revision: RevisionLocation): Promise<string> {
  const { deploymentId } = await cd.send(
    new CreateDeploymentCommand({ applicationName: 'jobs-api', deploymentGroupName: 'prod', revision }),
  );
  return deploymentId!;
}

async function info(cd: CodeDeployClient, id: string) {
  return (await cd.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo!;
}

describe('simulated CodeDeploy', () => {
  it('moves a deployment Created → InProgress → Succeeded, one instance at a time (DeploymentSuccessful waiter)', async () => {
    // Prepare
    const { cloud, cd, v1 } = await estate();

    // Act
    const created = await info(cd, v1);
    await cloud.clock.advance(30_000);
    const running = await info(cd, v1);
    const t0 = cloud.clock.now();
    await withVirtualTimers(cloud.clock, () =>
      waitUntilDeploymentSuccessful({ client: cd, maxWaitTime: 3600 }, { deploymentId: v1 }),
    );
    const done = await info(cd, v1);
    const group = (
      await cd.send(new GetDeploymentGroupCommand({ applicationName: 'jobs-api', deploymentGroupName: 'prod' }))
    ).deploymentGroupInfo!;

    // Assess
    expect(v1).toMatch(/^d-[A-Z0-9]{9}$/);
    expect(created.status).toBe('Created');
    expect(running.status).toBe('InProgress');
    expect(running.deploymentOverview).toMatchObject({ Succeeded: 0, InProgress: 1, Pending: 2 });
    expect(done.status).toBe('Succeeded');
    expect(done.deploymentOverview?.Succeeded).toBe(3);
    const minutes = (done.completeTime!.getTime() - done.startTime!.getTime()) / MIN;
    expect(minutes).toBeGreaterThanOrEqual(3); // 3 instances × 1-2 min
    expect(minutes).toBeLessThanOrEqual(6);
    expect(cloud.clock.now() - t0).toBeLessThan(7 * MIN);
    expect(group.lastSuccessfulDeployment).toMatchObject({ deploymentId: v1, status: 'Succeeded' });
    expect(group.targetRevision).toEqual(rev('v1'));
  });

  it('fails a deployment of a revision marked bad and rolls back automatically to the last successful revision', async () => {
    // Prepare
    const { cloud, cd } = await estate({ rollback: ['DEPLOYMENT_FAILURE'] });
    await cloud.clock.advance(10 * MIN);
    cloud.state(codedeployService, 'us-east-1').markRevisionBad('jobs-api', rev('v2'));

    // Act
    const v2 = await deploy(cloud, cd, rev('v2'));
    const waited = await withVirtualTimers(cloud.clock, () =>
      waitUntilDeploymentSuccessful({ client: cd, maxWaitTime: 3600 }, { deploymentId: v2 }).catch((e: Error) => e),
    );
    const failed = await info(cd, v2);
    const rollback = await info(cd, failed.rollbackInfo!.rollbackDeploymentId!);
    await cloud.clock.advance(10 * MIN);

    // Assess
    expect(waited).toBeInstanceOf(Error);
    expect(failed.status).toBe('Failed');
    expect(failed.errorInformation?.code).toBe('HOOK_EXECUTION_FAILURE');
    expect(rollback).toMatchObject({
      creator: 'codeDeployRollback',
      revision: rev('v1'),
      rollbackInfo: { rollbackTriggeringDeploymentId: v2 },
    });
    expect((await info(cd, rollback.deploymentId!)).status).toBe('Succeeded');
  });

  it('stops a deployment with rollback: Stopped, a rollback deployment to v1, and no second stop', async () => {
    // Prepare
    const { cloud, cd } = await estate();
    await cloud.clock.advance(10 * MIN);
    const v2 = await deploy(cloud, cd, rev('v2'));
    await cloud.clock.advance(2 * MIN);

    // Act
    const stop = await cd.send(new StopDeploymentCommand({ deploymentId: v2, autoRollbackEnabled: true }));
    const stopped = await info(cd, v2);
    const again = await cd.send(new StopDeploymentCommand({ deploymentId: v2 })).catch((e: Error) => e);
    const missing = await cd.send(new GetDeploymentCommand({ deploymentId: 'd-AAAAAAAAA' })).catch((e: Error) => e);
    const listed = await cd.send(
      new ListDeploymentsCommand({ applicationName: 'jobs-api', deploymentGroupName: 'prod' }),
    );

    // Assess
    expect(stop.status).toBe('Succeeded');
    expect(stopped.status).toBe('Stopped');
    expect(stopped.errorInformation?.code).toBe('MANUAL_STOP');
    const rollbackId = stopped.rollbackInfo!.rollbackDeploymentId!;
    expect(await info(cd, rollbackId)).toMatchObject({ revision: rev('v1'), creator: 'codeDeployRollback' });
    expect(again).toMatchObject({ name: 'DeploymentAlreadyCompletedException' });
    expect(missing).toMatchObject({ name: 'DeploymentDoesNotExistException' });
    expect(listed.deployments).toEqual([rollbackId, v2, expect.any(String)]);
    const revisions = await cd.send(new ListApplicationRevisionsCommand({ applicationName: 'jobs-api' }));
    expect(revisions.revisions).toEqual([rev('v1'), rev('v2')]);
  });

  it('raises the error rate when a bad revision deploys successfully, until the good one is redeployed', async () => {
    // Prepare
    const { cloud, cd } = await estate();
    await cloud.clock.advance(10 * MIN);
    const state = cloud.state(codedeployService, 'us-east-1');
    state.markRevisionBad('jobs-api', rev('v2'), { failsDeployment: false, errorRate: 0.3 });
    await cd.send(new RegisterApplicationRevisionCommand({ applicationName: 'jobs-api', revision: rev('v2') }));
    const before = appMetrics(cloud, 'us-east-1');

    // Act
    const v2 = await deploy(cloud, cd, rev('v2'));
    await cloud.clock.advance(10 * MIN);
    const bad = appMetrics(cloud, 'us-east-1');
    const group = state.group('jobs-api', 'prod')!;
    const lastGood = state.lastKnownGoodRevision(group, cloud.clock.now());
    await deploy(cloud, cd, lastGood as RevisionLocation);
    await cloud.clock.advance(10 * MIN);
    const fixed = appMetrics(cloud, 'us-east-1');

    // Assess
    expect((await info(cd, v2)).status).toBe('Succeeded');
    expect(before.errorRate).toBeLessThan(0.01);
    expect(bad.errorRate).toBeGreaterThan(0.25);
    expect(lastGood).toEqual(rev('v1'));
    expect(fixed.errorRate).toBeLessThan(0.01);
  });

  it('stops a deployment when a watched alarm fires and rolls back (DEPLOYMENT_STOP_ON_ALARM)', async () => {
    // Prepare
    const { cloud, cd, lb } = await estate({
      seed: 12,
      rollback: ['DEPLOYMENT_STOP_ON_ALARM'],
      alarms: ['jobs-api-5xx'],
    });
    const cw = cloud.client(CloudWatchClient, { region: 'us-east-1' });
    await cw.send(new PutMetricAlarmCommand(errorAlarm(lb)));
    await cloud.clock.advance(10 * MIN);
    cloud
      .state(codedeployService, 'us-east-1')
      .markRevisionBad('jobs-api', rev('v2'), { failsDeployment: false, errorRate: 0.5 });

    // Act
    const v2 = await deploy(cloud, cd, rev('v2'));
    await cloud.clock.advance(15 * MIN);
    const stopped = await info(cd, v2);
    await cloud.clock.advance(15 * MIN);
    const history = await cw.send(
      new DescribeAlarmHistoryCommand({ AlarmName: 'jobs-api-5xx', HistoryItemType: 'StateUpdate' }),
    );

    // Assess
    expect(stopped.status).toBe('Stopped');
    expect(stopped.errorInformation?.code).toBe('ALARM_ACTIVE');
    const rollback = await info(cd, stopped.rollbackInfo!.rollbackDeploymentId!);
    expect(rollback).toMatchObject({ status: 'Succeeded', revision: rev('v1') });
    expect(history.AlarmHistoryItems!.map((h) => h.HistorySummary)).toEqual([
      'Alarm updated from ALARM to OK',
      'Alarm updated from OK to ALARM',
      'Alarm updated from INSUFFICIENT_DATA to OK',
    ]);
    expect(stopped.completeTime!.getTime()).toBe(history.AlarmHistoryItems![1]!.Timestamp!.getTime());
    expect(appMetrics(cloud, 'us-east-1').errorRate).toBeLessThan(0.01);
  });
});

function errorAlarm(lb: SimLoadBalancer) {
  return {
    AlarmName: 'jobs-api-5xx',
    Namespace: 'AWS/ApplicationELB',
    MetricName: 'HTTPCode_Target_5XX_Count',
    Dimensions: [{ Name: 'LoadBalancer', Value: lb.dimension }],
    Statistic: 'Sum' as const,
    Period: 60,
    EvaluationPeriods: 2,
    Threshold: 100,
    ComparisonOperator: 'GreaterThanThreshold' as const,
    TreatMissingData: 'notBreaching',
  };
}
