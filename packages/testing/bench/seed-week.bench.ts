/**
 * Wall time of the seed topology: building it (400 days of backup history included), then a
 * simulation of 7 virtual days in which, once a virtual day, a monitoring job reads every
 * service through real SDK clients (so every service's lazy state is brought up to date:
 * plan runs, copies and expiries, alarm evaluation minute by minute, health check samples,
 * automatic snapshots, Auto Scaling and target health).
 *
 * Run: `pnpm --filter @drkit/testing bench` (all benchmarks) or
 * `tsx --conditions=@drkit/source bench/seed-week.bench.ts`.
 */
import { performance } from 'node:perf_hooks';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { BackupClient, paginateListBackupJobs, paginateListRecoveryPointsByBackupVault } from '@aws-sdk/client-backup';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient, ListDeploymentsCommand } from '@aws-sdk/client-codedeploy';
import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeSnapshotsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { GetHealthCheckStatusCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { createSimulatedCloud, type SimulatedCloud } from '../src/aws/SimulatedCloud';
import { seedTopology, type SeedTopology } from '../src/topology';

const DAY = 86_400_000;
const BUILDS = Number(process.env.BENCH_BUILDS ?? 10);

/** One pass of a monitoring job over the whole estate; returns the number of API calls made. */
async function touchEverything(cloud: SimulatedCloud, t: SeedTopology): Promise<number> {
  let calls = 0;
  const count = async <T>(p: Promise<T>): Promise<T> => {
    calls++;
    return p;
  };
  for (const side of ['primary', 'dr'] as const) {
    const region = t.regions[side];
    const backup = cloud.client(BackupClient, { region });
    const vault = side === 'primary' ? t.backup.primaryVaultName : t.backup.drVaultName;
    for await (const _ of paginateListRecoveryPointsByBackupVault(
      { client: backup, pageSize: 100 },
      { BackupVaultName: vault },
    ))
      calls++;
    if (side === 'primary')
      for await (const _ of paginateListBackupJobs(
        { client: backup, pageSize: 1000 },
        { ByCreatedAfter: new Date(cloud.clock.now() - DAY) },
      ))
        calls++;
    const asg = cloud.client(AutoScalingClient, { region });
    await count(
      asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [t.web[side].autoScalingGroupName] })),
    );
    const elb = cloud.client(ElasticLoadBalancingV2Client, { region });
    const { TargetGroups } = await count(
      elb.send(new DescribeTargetGroupsCommand({ Names: [t.web[side].targetGroupName] })),
    );
    await count(elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: TargetGroups![0]!.TargetGroupArn })));
    await count(cloud.client(CloudWatchClient, { region }).send(new DescribeAlarmsCommand({})));
    await count(cloud.client(ElastiCacheClient, { region }).send(new DescribeSnapshotsCommand({})));
    await count(
      cloud
        .client(SSMClient, { region })
        .send(new GetParametersCommand({ Names: Object.values(t.parameters), WithDecryption: true })),
    );
    await count(
      cloud
        .client(CodeDeployClient, { region })
        .send(new ListDeploymentsCommand({ applicationName: t.deploy.applicationName })),
    );
    await count(cloud.client(SNSClient, { region }).send(new ListTopicsCommand({})));
  }
  const r53 = cloud.client(Route53Client);
  await count(r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: t.dns.zoneId })));
  for (const id of Object.values(t.dns.healthCheckIds))
    await count(r53.send(new GetHealthCheckStatusCommand({ HealthCheckId: id })));
  return calls;
}

const builds: number[] = [];
for (let i = 0; i < BUILDS; i++) {
  const t0 = performance.now();
  createSimulatedCloud({ seed: i + 1, topology: seedTopology() });
  builds.push(performance.now() - t0);
}
const sorted = [...builds].sort((a, b) => a - b);
console.log(
  `seedTopology() build (400 days of history): first ${builds[0]!.toFixed(1)} ms, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, best ${sorted[0]!.toFixed(1)} ms over ${BUILDS} builds`,
);

const topology = seedTopology();
const cloud = createSimulatedCloud({ seed: 42, topology });
const start = cloud.clock.now();
const t0 = performance.now();
let calls = await touchEverything(cloud, topology);
const perDay: number[] = [];
for (let day = 1; day <= 7; day++) {
  const d0 = performance.now();
  await cloud.clock.advanceTo(start + day * DAY);
  calls += await touchEverything(cloud, topology);
  perDay.push(performance.now() - d0);
}
const wall = performance.now() - t0;
const virtual = cloud.clock.now() - start;
console.log(
  `7 virtual days of the seed topology, every service read daily through real SDK clients: ${wall.toFixed(0)} ms wall (${calls} API calls)`,
);
console.log(`  per virtual day: ${perDay.map((ms) => ms.toFixed(0)).join(', ')} ms`);
console.log(`  virtual time / wall time: ${(virtual / wall).toFixed(0)}×`);
