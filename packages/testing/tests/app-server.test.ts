import { afterEach, describe, expect, it } from 'vitest';
import { createSimulatedCloud, type SimulatedCloud } from '../src/aws/SimulatedCloud';
import { autoscalingService } from '../src/aws/autoscaling';
import { elbv2Service } from '../src/aws/elbv2';
import { codedeployService } from '../src/aws/codedeploy';
import { route53Sim } from '../src/aws/route53';
import {
  appEndpoint,
  appMetrics,
  closeAppServer,
  configureApp,
  dataChecksum,
  regionShares,
  type AppHealthBody,
} from '../src/app';

let cloud: SimulatedCloud | undefined;
afterEach(async () => {
  if (cloud) await closeAppServer(cloud);
  cloud = undefined;
});

async function get(
  c: SimulatedCloud,
  url: string,
): Promise<{ status: number; body: AppHealthBody & Record<string, unknown> }> {
  const res = await c.clock.track(fetch(url));
  return { status: res.status, body: (await c.clock.track(res.json())) as AppHealthBody & Record<string, unknown> };
}

/** A restored EC2 instance as a restore job registers it: sentinel data, optionally corrupted. */
function restoredInstance(c: SimulatedCloud, id: string, corrupt: boolean) {
  return c.resources.register({
    arn: `arn:aws:ec2:us-east-1:123456789012:instance/${id}`,
    id,
    type: 'EC2',
    region: 'us-east-1',
    az: 'us-east-1b',
    createdAt: c.clock.now(),
    tags: {},
    createdBy: 'restore',
    isHealthy: () => true,
    corrupt,
    data: { 'sentinel:weekly': 'jobs-42', 'sentinel:count': '1288' },
  });
}

describe('simulated application endpoints', () => {
  it('lets an application-level check tell a corrupted restore from an intact one', async () => {
    // Prepare
    cloud = createSimulatedCloud({ seed: 3 });
    restoredInstance(cloud, 'i-0aaaaaaaaaaaaaaaa', false);
    restoredInstance(cloud, 'i-0bbbbbbbbbbbbbbbb', true);

    // Act
    const intact = await get(cloud, await appEndpoint(cloud, 'i-0aaaaaaaaaaaaaaaa'));
    const corrupt = await get(cloud, await appEndpoint(cloud, 'i-0bbbbbbbbbbbbbbbb'));

    // Assess
    expect(intact.status).toBe(200);
    expect(intact.body.checksum).toBe(dataChecksum(intact.body.data));
    expect(intact.body.data['sentinel:weekly']).toBe('jobs-42');
    expect(corrupt.status).toBe(200); // it answers: only its data is wrong
    expect(corrupt.body.checksum).not.toBe(dataChecksum(corrupt.body.data));
    expect(corrupt.body.data['sentinel:weekly']).not.toBe('jobs-42');
  });

  it('answers 503 for an instance whose availability zone is down, 404 once it is deleted', async () => {
    // Prepare
    cloud = createSimulatedCloud({ seed: 3 });
    const r = restoredInstance(cloud, 'i-0cccccccccccccccc', false);
    const url = await appEndpoint(cloud, r.arn);

    // Act
    cloud.inject('az-outage:us-east-1b~10m')._unsafeUnwrap();
    const down = await get(cloud, url);
    await cloud.clock.advance(11 * 60_000);
    const back = await get(cloud, url);
    cloud.resources.delete(r.id, cloud.clock.now());
    const gone = await get(cloud, url);

    // Assess
    expect([down.status, back.status, gone.status]).toEqual([503, 200, 404]);
  });

  it('reports the deployed CodeDeploy revision as the version and fails requests at the error rate', async () => {
    // Prepare
    cloud = createSimulatedCloud({ seed: 5 });
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
    const cd = cloud.state(codedeployService, 'us-east-1');
    cd.createApplication('api');
    cd.createDeploymentGroup({ applicationName: 'api', name: 'prod', autoScalingGroups: ['api'] });
    const v2 = { revisionType: 'S3', s3Location: { bucket: 'b', key: 'api/v2.zip', bundleType: 'zip' } };
    cd.markRevisionBad('api', v2, { failsDeployment: false, errorRate: 1 });
    configureApp(cloud, { baselineErrorRate: 0 });
    const health = await appEndpoint(cloud, lb.dnsName);
    const request = await appEndpoint(cloud, lb.dnsName, '/api/jobs');

    // Act
    const before = await get(cloud, health);
    const okRequest = await get(cloud, request);
    cd.createDeployment({ applicationName: 'api', groupName: 'prod', revision: v2 });
    await cloud.clock.advance(15 * 60_000);
    const after = await get(cloud, health);
    const failedRequest = await get(cloud, request);

    // Assess
    expect(before.body.version).toBe('v1');
    expect(okRequest.status).toBe(200);
    expect(after).toMatchObject({ status: 200, body: { version: 'v2.zip' } });
    expect(failedRequest.status).toBe(500);
  });

  it('sends the traffic where Route 53 answers: failover moves requests to the standby region', async () => {
    // Prepare
    cloud = createSimulatedCloud({ seed: 4, regions: ['us-east-1', 'us-west-2'] });
    const dns: Record<string, string> = {};
    for (const region of cloud.regions) {
      const elb = cloud.state(elbv2Service, region);
      const tg = elb.createTargetGroup({ name: 'api', port: 8080 });
      dns[region] = elb.createLoadBalancer({ name: 'api-alb', targetGroupArn: tg.arn, inService: true }).dnsName;
      cloud.state(autoscalingService, region).createGroup({
        name: 'api',
        minSize: 1,
        maxSize: 4,
        desiredCapacity: 2,
        targetGroupArns: [tg.arn],
        inService: true,
      });
    }
    const r53 = route53Sim(cloud);
    const zone = r53.createHostedZone({ name: 'jobs.example.com' })._unsafeUnwrap();
    const hc = r53
      .createHealthCheck({
        config: { Type: 'HTTPS', FullyQualifiedDomainName: dns['us-east-1'], ResourcePath: '/health' },
      })
      ._unsafeUnwrap();
    const alias = (region: string) => ({
      HostedZoneId: 'Z35SXDOTRQ7X7K',
      DNSName: dns[region]!,
      EvaluateTargetHealth: true,
    });
    r53
      .putRecords(zone.id, [
        {
          Name: 'api.jobs.example.com',
          Type: 'A',
          SetIdentifier: 'primary',
          Failover: 'PRIMARY',
          HealthCheckId: hc.id,
          AliasTarget: alias('us-east-1'),
        },
        {
          Name: 'api.jobs.example.com',
          Type: 'A',
          SetIdentifier: 'secondary',
          Failover: 'SECONDARY',
          AliasTarget: alias('us-west-2'),
        },
      ])
      ._unsafeUnwrap();
    configureApp(cloud, { trafficName: 'api.jobs.example.com' });
    await cloud.clock.advance(2 * 60_000);

    // Act
    const before = regionShares(cloud, cloud.clock.now());
    cloud.inject('region-outage:us-east-1')._unsafeUnwrap();
    await cloud.clock.advance(10 * 60_000);
    const after = regionShares(cloud, cloud.clock.now());

    // Assess
    expect(before).toEqual({ 'us-east-1': 1, 'us-west-2': 0 });
    expect(after).toEqual({ 'us-east-1': 0, 'us-west-2': 1 });
    expect(appMetrics(cloud, 'us-west-2').requests).toBeGreaterThan(2500);
    expect(appMetrics(cloud, 'us-west-2').errorRate).toBeLessThan(0.01);
  });
});
