import type { SimulatedCloud } from '../aws/SimulatedCloud';
import { configureApp } from '../app/appProfile';
import { seedTopologyNames, type SeedTopology, type SeedTopologyOptions } from './names';
import { buildWebTier } from './parts/web';
import { buildCache } from './parts/cache';
import { buildBackup } from './parts/backup';
import { buildDns } from './parts/dns';
import { seedParameters } from './parts/parameters';
import { buildMonitoring } from './parts/monitoring';
import { buildDeploy } from './parts/deploy';

/**
 * A topology preset: the names of the estate, and a function that builds it in a simulated
 * cloud. Pass it as `createSimulatedCloud({ topology })`; read names from it afterwards.
 */
export type SeedTopologyPreset = SeedTopology & ((cloud: SimulatedCloud) => void);

/**
 * The Job Matching API of the DR plan (`shared/dr-plan.md`) as a topology preset: primary
 * `us-east-1`, DR `us-west-2`; in each region an ALB, a target group and an Auto Scaling group
 * (desired 4 across three AZs in the primary, a warm standby of 1 in the DR region);
 * ElastiCache Redis with a Global Datastore secondary in the DR region, daily automatic
 * snapshots kept 7 days and weekly manual snapshots kept 30 days, copied to the DR region;
 * AWS Backup vaults in both regions and plans per the plan's tables (EC2 daily 7 d / weekly
 * 30 d / monthly 365 d, RDS daily 7 d plus 24 h point-in-time, EFS daily 30 d, weekly copies to
 * the DR vault kept 30 d and monthly EC2 copies kept 365 d) over two EC2 instances, an RDS
 * database and an EFS file system, with 400 days of history; a Route 53 zone with failover
 * and weighted records and health checks; SSM parameters holding the endpoints; CloudWatch
 * alarms notifying an SNS topic; CodeDeploy with a known-good revision deployed. The simulated
 * application's traffic follows the failover record.
 *
 * The MongoDB Atlas cluster is served by the Atlas emulator, a separate HTTP server: start it
 * with `startSeedAtlas(cloud, topology)` (names in `topology.atlas`).
 *
 * Building takes well under 300 ms of wall time; history comes from the backup service's
 * lazy plan evaluation, not from replaying 400 days.
 *
 * @example
 * ```ts
 * const topology = seedTopology();
 * const cloud = createSimulatedCloud({ topology });
 * const r53 = route53Sim(cloud);
 * r53.resolve(topology.dns.failoverRecordName).setIdentifier; // 'us-east-1'
 * ```
 */
export function seedTopology(options: SeedTopologyOptions = {}): SeedTopologyPreset {
  const names = seedTopologyNames(options);
  const apply = (cloud: SimulatedCloud): void => applySeedTopology(cloud, names);
  return Object.assign(apply, names);
}

/**
 * Builds the seed estate named by `topology` in `cloud` (what the preset does when the cloud
 * calls it). Throws a `RangeError` when the cloud cannot hold it (wrong account, missing
 * region, a service not simulated).
 *
 * @example
 * ```ts
 * const cloud = createSimulatedCloud();
 * applySeedTopology(cloud, seedTopologyNames());
 * ```
 */
export function applySeedTopology(cloud: SimulatedCloud, topology: SeedTopology): void {
  const problems: string[] = [];
  if (cloud.accountId !== topology.accountId)
    problems.push(`the cloud's account is ${cloud.accountId}, the topology's ${topology.accountId}`);
  for (const region of [topology.regions.primary, topology.regions.dr])
    if (!cloud.regions.includes(region)) problems.push(`the cloud does not simulate ${region}`);
  const needed = ['autoscaling', 'elbv2', 'elasticache', 'backup', 'route53', 'ssm', 'cloudwatch', 'sns', 'codedeploy'];
  const missing = needed.filter((n) => !cloud.services.some((s) => s.name === n));
  if (missing.length > 0) problems.push(`the cloud does not simulate ${missing.join(', ')}`);
  if (problems.length > 0) throw new RangeError(`seedTopology: ${problems.join('; ')}`);

  const primary = buildWebTier(cloud, topology, topology.web.primary);
  const dr = buildWebTier(cloud, topology, topology.web.dr);
  const loadBalancers = { primary: primary.loadBalancer, dr: dr.loadBalancer };
  const cache = buildCache(cloud, topology);
  buildBackup(cloud, topology);
  buildDns(cloud, topology, loadBalancers);
  seedParameters(cloud, topology, cache);
  configureApp(cloud, { primaryRegion: topology.regions.primary, trafficName: topology.dns.failoverRecordName });
  buildMonitoring(cloud, topology, loadBalancers);
  buildDeploy(cloud, topology);
}
