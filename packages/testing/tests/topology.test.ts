import { describe, expect, it } from 'vitest';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  BackupClient,
  DescribeRecoveryPointCommand,
  paginateListBackupJobs,
  paginateListRecoveryPointsByBackupVault,
  type RecoveryPointByBackupVault,
} from '@aws-sdk/client-backup';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient, GetDeploymentCommand, GetDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeGlobalReplicationGroupsCommand,
  DescribeReplicationGroupsCommand,
  DescribeSnapshotsCommand,
  ElastiCacheClient,
} from '@aws-sdk/client-elasticache';
import {
  GetHealthCheckStatusCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  TestDNSAnswerCommand,
} from '@aws-sdk/client-route-53';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  backupSim,
  createSimulatedCloud,
  route53Sim,
  seedTopology,
  seedTopologyNames,
  startSeedAtlas,
  type SimulatedCloud,
} from '../src/index';

const DAY = 86_400_000;

function seedCloud(seed = 1) {
  const topology = seedTopology();
  const cloud = createSimulatedCloud({ seed, topology });
  return { topology, cloud };
}

async function allPoints(cloud: SimulatedCloud, region: string, vault: string) {
  const backup = cloud.client(BackupClient, { region });
  const points: RecoveryPointByBackupVault[] = [];
  for await (const page of paginateListRecoveryPointsByBackupVault(
    { client: backup, pageSize: 100 },
    { BackupVaultName: vault },
  ))
    points.push(...(page.RecoveryPoints ?? []));
  return points;
}

/** Age in days of each point of one rule, oldest first. */
function agesOf(points: RecoveryPointByBackupVault[], rule: string, now: number, resourceType?: string): number[] {
  return points
    .filter(
      (p) => p.CreatedBy?.BackupRuleName === rule && (resourceType === undefined || p.ResourceType === resourceType),
    )
    .map((p) => (now - p.CreationDate!.getTime()) / DAY)
    .sort((a, b) => b - a);
}

describe('seedTopology: the Job Matching API estate, through real SDK clients', () => {
  it('runs the primary web tier at 4 instances across three AZs and the DR region as a warm standby of 1', async () => {
    // Prepare
    const { topology, cloud } = seedCloud();
    const east = cloud.client(AutoScalingClient, { region: topology.regions.primary });
    const west = cloud.client(AutoScalingClient, { region: topology.regions.dr });

    // Act
    const primary = await east.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [topology.web.primary.autoScalingGroupName] }),
    );
    const standby = await west.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [topology.web.dr.autoScalingGroupName] }),
    );

    // Assess
    const p = primary.AutoScalingGroups![0]!;
    const s = standby.AutoScalingGroups![0]!;
    expect(p.DesiredCapacity).toBe(4);
    expect(p.Instances?.filter((i) => i.LifecycleState === 'InService')).toHaveLength(4);
    expect(new Set(p.Instances?.map((i) => i.AvailabilityZone)).size).toBe(3);
    expect(p.TargetGroupARNs).toHaveLength(1);
    expect(s.DesiredCapacity).toBe(1);
    expect(s.Instances?.filter((i) => i.LifecycleState === 'InService')).toHaveLength(1);
  });

  it('puts the instances behind each region’s ALB, healthy in their target group', async () => {
    const { topology, cloud } = seedCloud();
    const healthy: Record<string, number> = {};

    for (const side of ['primary', 'dr'] as const) {
      const elb = cloud.client(ElasticLoadBalancingV2Client, { region: topology.regions[side] });
      const { LoadBalancers } = await elb.send(
        new DescribeLoadBalancersCommand({ Names: [topology.web[side].loadBalancerName] }),
      );
      const { TargetGroups } = await elb.send(
        new DescribeTargetGroupsCommand({ LoadBalancerArn: LoadBalancers![0]!.LoadBalancerArn }),
      );
      const { TargetHealthDescriptions } = await elb.send(
        new DescribeTargetHealthCommand({ TargetGroupArn: TargetGroups![0]!.TargetGroupArn }),
      );
      expect(LoadBalancers![0]!.State?.Code).toBe('active');
      expect(TargetGroups![0]!.TargetGroupName).toBe(topology.web[side].targetGroupName);
      healthy[side] = TargetHealthDescriptions!.filter((t) => t.TargetHealth?.State === 'healthy').length;
    }

    expect(healthy).toEqual({ primary: 4, dr: 1 });
  });

  it('answers the failover record with the primary ALB, and with the DR ALB once us-east-1 goes dark', async () => {
    // Prepare
    const { topology, cloud } = seedCloud();
    const r53 = cloud.client(Route53Client, { region: topology.regions.primary });
    const dns = route53Sim(cloud);
    const before = await r53.send(
      new TestDNSAnswerCommand({
        HostedZoneId: topology.dns.zoneId,
        RecordName: topology.dns.failoverRecordName,
        RecordType: 'A',
      }),
    );

    // Act
    cloud.inject(`region-outage:${topology.regions.primary}`)._unsafeUnwrap();
    await cloud.clock.advance(5 * 60_000);
    const primaryCheck = await r53.send(
      new GetHealthCheckStatusCommand({ HealthCheckId: topology.dns.healthCheckIds.primary }),
    );

    // Assess
    expect(before.RecordData?.[0]).toContain(`.${topology.regions.primary}.elb.amazonaws.com`);
    expect(dns.resolve(topology.dns.failoverRecordName).setIdentifier).toBe(topology.dns.setIdentifiers.dr);
    expect(dns.resolve(topology.dns.failoverRecordName).values[0]).toContain(
      `.${topology.regions.dr}.elb.amazonaws.com`,
    );
    expect(primaryCheck.HealthCheckObservations?.some((o) => o.StatusReport?.Status?.startsWith('Failure'))).toBe(true);
  });

  it('lists the failover and weighted records with their health checks, weights 100 / 0', async () => {
    const { topology, cloud } = seedCloud();
    const r53 = cloud.client(Route53Client);

    const { ResourceRecordSets } = await r53.send(
      new ListResourceRecordSetsCommand({ HostedZoneId: topology.dns.zoneId }),
    );

    const failover = ResourceRecordSets!.filter((r) => r.Name === `${topology.dns.failoverRecordName}.`);
    const weighted = ResourceRecordSets!.filter((r) => r.Name === `${topology.dns.weightedRecordName}.`);
    expect(failover.map((r) => [r.SetIdentifier, r.Failover, r.HealthCheckId])).toEqual([
      [topology.dns.setIdentifiers.primary, 'PRIMARY', topology.dns.healthCheckIds.primary],
      [topology.dns.setIdentifiers.dr, 'SECONDARY', topology.dns.healthCheckIds.dr],
    ]);
    expect(Object.fromEntries(weighted.map((r) => [r.SetIdentifier, r.Weight]))).toEqual(topology.dns.weights);
    expect(route53Sim(cloud).distribution(topology.dns.weightedRecordName)).toEqual({ [topology.regions.primary]: 1 });
  });

  it('keeps each region’s endpoints in Parameter Store, the Atlas URI as a SecureString', async () => {
    const { topology, cloud } = seedCloud();
    const p = topology.parameters;
    const values: Record<string, Record<string, string | undefined>> = {};

    for (const region of [topology.regions.primary, topology.regions.dr]) {
      const ssm = cloud.client(SSMClient, { region });
      const { Parameters, InvalidParameters } = await ssm.send(
        new GetParametersCommand({ Names: [p.redisEndpoint, p.mongodbUri, p.activeRegion] }),
      );
      expect(InvalidParameters).toEqual([]);
      values[region] = Object.fromEntries(Parameters!.map((x) => [x.Name!, x.Value]));
      expect(Parameters!.find((x) => x.Name === p.mongodbUri)?.Type).toBe('SecureString');
    }

    const east = values[topology.regions.primary]!;
    const west = values[topology.regions.dr]!;
    expect(east[p.activeRegion]).toBe(topology.regions.primary);
    expect(west[p.activeRegion]).toBe(topology.regions.primary);
    expect(east[p.redisEndpoint]).toMatch(new RegExp(`^master\\.${topology.cache.primaryGroupId}\\..*:6379$`));
    expect(west[p.redisEndpoint]).toContain(topology.cache.drGroupId);
    expect(east[p.mongodbUri]).not.toContain('mongodb+srv://'); // encrypted without WithDecryption
  });

  it('replicates Redis to the DR region through a Global Datastore and keeps 7 daily and 4 weekly snapshots', async () => {
    const { topology, cloud } = seedCloud();
    const east = cloud.client(ElastiCacheClient, { region: topology.regions.primary });
    const west = cloud.client(ElastiCacheClient, { region: topology.regions.dr });

    const { GlobalReplicationGroups } = await east.send(
      new DescribeGlobalReplicationGroupsCommand({
        GlobalReplicationGroupId: topology.cache.globalDatastoreId,
        ShowMemberInfo: true,
      }),
    );
    const { ReplicationGroups } = await east.send(
      new DescribeReplicationGroupsCommand({ ReplicationGroupId: topology.cache.primaryGroupId }),
    );
    const eastSnapshots = (
      await east.send(new DescribeSnapshotsCommand({ ReplicationGroupId: topology.cache.primaryGroupId }))
    ).Snapshots!;
    const westSnapshots = (await west.send(new DescribeSnapshotsCommand({}))).Snapshots!;

    const members = GlobalReplicationGroups![0]!.Members!;
    expect(members.map((m) => [m.ReplicationGroupRegion, m.Role])).toEqual([
      [topology.regions.primary, 'PRIMARY'],
      [topology.regions.dr, 'SECONDARY'],
    ]);
    expect(ReplicationGroups![0]!.SnapshotRetentionLimit).toBe(7);
    expect(eastSnapshots.filter((s) => s.SnapshotSource === 'automated')).toHaveLength(7);
    const weekly = (list: typeof eastSnapshots) =>
      list.filter((s) => s.SnapshotName!.startsWith(topology.cache.weeklySnapshotPrefix)).map((s) => s.SnapshotName);
    expect(weekly(eastSnapshots)).toHaveLength(4);
    expect(weekly(westSnapshots)).toEqual(weekly(eastSnapshots));
  });

  it('has 400 days of recovery points in the retention shape of the plan’s tables', async () => {
    // Prepare
    const { topology, cloud } = seedCloud();
    const now = cloud.clock.now();
    const b = topology.backup;

    // Act
    const primary = await allPoints(cloud, topology.regions.primary, b.primaryVaultName);
    const dr = await allPoints(cloud, topology.regions.dr, b.drVaultName);

    // Assess: dailies only for their retention, weeklies for 30 days, monthlies for a year.
    const ec2Daily = agesOf(primary, b.plans.ec2.rules['daily']!, now);
    expect(ec2Daily.length).toBeGreaterThanOrEqual(12); // 2 instances × 7 days, less a seeded failure or two
    expect(Math.max(...ec2Daily)).toBeLessThanOrEqual(7);
    expect(Math.max(...agesOf(primary, b.plans.rds.rules['daily']!, now))).toBeLessThanOrEqual(7);
    const efsDaily = agesOf(primary, b.plans.efs.rules['daily']!, now);
    expect(efsDaily.length).toBeGreaterThanOrEqual(27);
    expect(Math.max(...efsDaily)).toBeLessThanOrEqual(30);
    expect(Math.max(...agesOf(primary, b.plans.ec2.rules['weekly']!, now))).toBeLessThanOrEqual(30);
    const monthly = agesOf(primary, b.plans.ec2.rules['monthly']!, now);
    expect(monthly.length).toBeGreaterThanOrEqual(22); // 2 instances × 12 months
    expect(Math.max(...monthly)).toBeGreaterThan(330);
    expect(Math.max(...monthly)).toBeLessThanOrEqual(365);
    // Copies in the DR vault: the weekly ones for 30 days, the monthly EC2 ones for a year.
    expect(new Set(dr.map((p) => p.CreatedBy?.BackupRuleName))).toEqual(
      new Set([
        b.plans.ec2.rules['weekly'],
        b.plans.ec2.rules['monthly'],
        b.plans.rds.rules['weekly'],
        b.plans.efs.rules['weekly'],
      ]),
    );
    expect(dr.every((p) => p.SourceBackupVaultArn === b.primaryVaultArn)).toBe(true);
    expect(Math.max(...agesOf(dr, b.plans.rds.rules['weekly']!, now))).toBeLessThanOrEqual(30);
    expect(Math.max(...agesOf(dr, b.plans.ec2.rules['monthly']!, now))).toBeGreaterThan(330);
  });

  it('keeps a 24-hour point-in-time window of the RDS database, and a history of backup jobs with a few failures', async () => {
    const { topology, cloud } = seedCloud();
    const b = topology.backup;
    const backup = cloud.client(BackupClient, { region: topology.regions.primary });
    const points = await allPoints(cloud, topology.regions.primary, b.primaryVaultName);
    const continuous = points.find((p) => p.CreatedBy?.BackupRuleName === b.plans.rds.rules['continuous']);

    const described = await backup.send(
      new DescribeRecoveryPointCommand({
        BackupVaultName: b.primaryVaultName,
        RecoveryPointArn: continuous!.RecoveryPointArn,
      }),
    );
    let jobs = 0;
    let failed = 0;
    for await (const page of paginateListBackupJobs({ client: backup, pageSize: 1000 }, {})) {
      jobs += page.BackupJobs?.length ?? 0;
      failed += page.BackupJobs?.filter((j) => j.State === 'FAILED').length ?? 0;
    }

    expect(described.ResourceArn).toBe(b.resources.rdsDatabaseArn);
    const window = backupSim(cloud).pitrWindow(topology.regions.primary, continuous!.RecoveryPointArn!);
    expect(window!.latest.getTime() - window!.earliest.getTime()).toBeLessThanOrEqual(DAY);
    expect(window!.latest.getTime()).toBeGreaterThan(cloud.clock.now() - 10 * 60_000);
    expect(jobs).toBeGreaterThan(2000); // ~400 days × 6 backups a day, weeklies and monthlies
    expect(failed).toBeGreaterThan(0);
    expect(failed / jobs).toBeLessThan(0.03);
  });

  it('starts with every alarm OK, each notifying the ops topic, and a known-good revision deployed', async () => {
    const { topology, cloud } = seedCloud();
    const cw = cloud.client(CloudWatchClient, { region: topology.regions.primary });
    const cd = cloud.client(CodeDeployClient, { region: topology.regions.primary });
    const sns = cloud.client(SNSClient, { region: topology.regions.primary });

    const { MetricAlarms } = await cw.send(new DescribeAlarmsCommand({}));
    const { deploymentGroupInfo } = await cd.send(
      new GetDeploymentGroupCommand({
        applicationName: topology.deploy.applicationName,
        deploymentGroupName: topology.deploy.primaryDeploymentGroupName,
      }),
    );
    const last = await cd.send(
      new GetDeploymentCommand({ deploymentId: deploymentGroupInfo!.lastSuccessfulDeployment!.deploymentId }),
    );
    const { Subscriptions } = await sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: topology.notifications.topicArn }),
    );

    expect(MetricAlarms!.map((a) => [a.AlarmName, a.StateValue]).sort()).toEqual(
      [
        [topology.alarms.backupJobFailures, 'OK'],
        [topology.alarms.errorRate, 'OK'],
        [topology.alarms.latencyP95, 'OK'],
      ].sort(),
    );
    expect(MetricAlarms!.every((a) => a.AlarmActions?.includes(topology.notifications.topicArn))).toBe(true);
    expect(last.deploymentInfo?.status).toBe('Succeeded');
    expect(last.deploymentInfo?.revision?.s3Location?.key).toBe(topology.deploy.knownGoodRevision.s3Location?.key);
    expect(Subscriptions?.map((s) => s.Endpoint)).toEqual([topology.notifications.subscriberEmail]);
  });

  it('goes on backing up as virtual time passes: a week later there are new dailies and the old ones expired', async () => {
    const { topology, cloud } = seedCloud();
    const b = topology.backup;
    const before = await allPoints(cloud, topology.regions.primary, b.primaryVaultName);

    await cloud.clock.advance(7 * DAY);
    const after = await allPoints(cloud, topology.regions.primary, b.primaryVaultName);

    const arns = new Set(before.map((p) => p.RecoveryPointArn));
    const fresh = after.filter((p) => !arns.has(p.RecoveryPointArn));
    expect(
      fresh.filter((p) => p.CreatedBy?.BackupRuleName === b.plans.ec2.rules['daily']).length,
    ).toBeGreaterThanOrEqual(12);
    expect(Math.max(...agesOf(after, b.plans.ec2.rules['daily']!, cloud.clock.now()))).toBeLessThanOrEqual(7);
  });

  it('is the same estate for the same seed (determinism)', async () => {
    const a = seedCloud(5);
    const b = seedCloud(5);

    const pa = await allPoints(a.cloud, 'us-east-1', a.topology.backup.primaryVaultName);
    const pb = await allPoints(b.cloud, 'us-east-1', b.topology.backup.primaryVaultName);

    expect(pa.map((p) => p.RecoveryPointArn)).toEqual(pb.map((p) => p.RecoveryPointArn));
    expect(route53Sim(a.cloud).resolve(a.topology.dns.failoverRecordName).values).toEqual(
      route53Sim(b.cloud).resolve(b.topology.dns.failoverRecordName).values,
    );
  });

  it('names every part of the estate without building it, and rejects bad options all at once', () => {
    const names = seedTopologyNames({ primaryRegion: 'eu-west-1', drRegion: 'eu-central-1' });

    expect(names.backup.drVaultArn).toBe('arn:aws:backup:eu-central-1:123456789012:backup-vault:jobs-api-dr');
    expect(names.atlas.topology.clusters[0]!.regions.map((r) => r.regionName)).toEqual(['EU_WEST_1', 'EU_CENTRAL_1']);
    expect(() => seedTopology({ primaryRegion: 'mars', historyDays: -1, standbyCapacity: 99 })).toThrow(
      /primaryRegion.*historyDays.*standbyCapacity/,
    );
  });

  it('refuses a cloud that cannot hold it, naming what is missing', () => {
    expect(() =>
      createSimulatedCloud({ regions: ['us-east-1'], accountId: '210987654321', topology: seedTopology() }),
    ).toThrow(/account is 210987654321.*does not simulate us-west-2/);
  });

  it('serves the Atlas cluster from the emulator on the cloud’s clock when asked', async () => {
    const { topology, cloud } = seedCloud();

    const atlas = (await startSeedAtlas(cloud, topology))._unsafeUnwrap();
    try {
      const cluster = atlas.state.cluster(topology.atlas.clusterName);
      expect(cluster?.primary?.regionName).toBe(topology.atlas.primaryRegionName);
      expect(cluster?.pitEnabled).toBe(true);
      expect(atlas.clock).toBe(cloud.clock);
      expect(atlas.state.snapshots(topology.atlas.clusterName).length).toBeGreaterThan(10);
    } finally {
      await atlas.close();
    }
  });
});
