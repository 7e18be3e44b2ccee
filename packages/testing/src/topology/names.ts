import type { AtlasTopology } from '../atlas/topology';
import { seedAtlasTopology } from '../atlas/topology';
import { globalDatastorePrefix } from '../aws/elasticache/names';
import type { RevisionLocation } from '../aws/codedeploy';

/** Options of {@link seedTopology}. Every one has a default that matches the DR plan. */
export interface SeedTopologyOptions {
  /** The account the ARNs name; must be the simulated cloud's (default `123456789012`, as the cloud's). */
  readonly accountId?: string;
  /** The primary region (default `us-east-1`). */
  readonly primaryRegion?: string;
  /** The DR region (default `us-west-2`). */
  readonly drRegion?: string;
  /** How many days the backup plans have already run when the cloud is created (default 400). */
  readonly historyDays?: number;
  /** Desired capacity of the primary Auto Scaling group (default 4). */
  readonly primaryCapacity?: number;
  /** Desired capacity of the DR warm standby (default 1). */
  readonly standbyCapacity?: number;
}

/** The two regions of the estate. */
export interface SeedRegions {
  readonly primary: string;
  readonly dr: string;
}

/** One region's web tier: load balancer, target group and Auto Scaling group. */
export interface SeedWebTier {
  readonly region: string;
  readonly loadBalancerName: string;
  readonly targetGroupName: string;
  readonly autoScalingGroupName: string;
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredCapacity: number;
  readonly availabilityZones: readonly string[];
}

/** ElastiCache: the primary replication group, its Global Datastore secondary and snapshot policy. */
export interface SeedCache {
  readonly primaryGroupId: string;
  readonly drGroupId: string;
  /** Suffix given to `CreateGlobalReplicationGroup`. */
  readonly globalDatastoreSuffix: string;
  /** Full Global Datastore id (region prefix + suffix), as `DescribeGlobalReplicationGroups` shows it. */
  readonly globalDatastoreId: string;
  /** Automatic daily snapshots kept (days). */
  readonly automaticSnapshotRetentionDays: number;
  /** `HH:MM-HH:MM` UTC daily snapshot window. */
  readonly snapshotWindow: string;
  /** Weekly manual snapshots are named `<prefix>YYYY-MM-DD` in both regions. */
  readonly weeklySnapshotPrefix: string;
  /** Weekly manual snapshots (and their DR copies) kept (days). */
  readonly weeklySnapshotRetentionDays: number;
}

/** A backup plan the topology creates, with its rules' names. */
export interface SeedBackupPlan {
  readonly planName: string;
  /** Fixed plan id (so runbooks and tests can name it). */
  readonly planId: string;
  readonly selectionName: string;
  readonly selectionId: string;
  /** Rule names keyed by what they do. */
  readonly rules: Readonly<Record<string, string>>;
}

/** AWS Backup: vaults, plans, the resources they protect, and how long the plans have run. */
export interface SeedBackup {
  readonly primaryVaultName: string;
  readonly primaryVaultArn: string;
  readonly drVaultName: string;
  readonly drVaultArn: string;
  readonly iamRoleArn: string;
  readonly plans: {
    readonly ec2: SeedBackupPlan;
    readonly rds: SeedBackupPlan;
    readonly efs: SeedBackupPlan;
  };
  /** Protected resources (registered in `cloud.resources`, type EC2 / RDS / EFS). */
  readonly resources: {
    readonly ec2InstanceArns: readonly string[];
    readonly rdsDatabaseArn: string;
    readonly efsFileSystemArn: string;
  };
  /** Retention (days) of each kind of point, as the plan's tables say. */
  readonly retentionDays: {
    readonly ec2Daily: number;
    readonly ec2Weekly: number;
    readonly ec2Monthly: number;
    readonly rdsDaily: number;
    readonly rdsContinuous: number;
    readonly efsDaily: number;
    readonly weeklyCopy: number;
    readonly monthlyCopy: number;
  };
  readonly historyDays: number;
}

/** Route 53: the zone, failover and weighted records, and their health checks. */
export interface SeedDns {
  readonly zoneName: string;
  readonly zoneId: string;
  /** Failover record (PRIMARY → primary ALB, SECONDARY → DR ALB). */
  readonly failoverRecordName: string;
  /** Weighted record (primary 100, DR 0). */
  readonly weightedRecordName: string;
  /** SetIdentifier of each region's records (failover and weighted alike). */
  readonly setIdentifiers: { readonly primary: string; readonly dr: string };
  /** Initial weights of the weighted record, by SetIdentifier. */
  readonly weights: Readonly<Record<string, number>>;
  /** HTTPS `/health` checks of each region's ALB. */
  readonly healthCheckIds: { readonly primary: string; readonly dr: string };
  readonly healthCheckPath: string;
}

/** SSM Parameter Store names (the same names hold each region's values in that region). */
export interface SeedParameters {
  readonly redisEndpoint: string;
  /** SecureString. */
  readonly mongodbUri: string;
  readonly activeRegion: string;
}

/** CloudWatch alarms: the first two exist in both regions, the backup one in the primary. */
export interface SeedAlarms {
  readonly errorRate: string;
  readonly latencyP95: string;
  readonly backupJobFailures: string;
}

/** SNS: the operations team's topic (one per region, as alarm actions must be). */
export interface SeedNotifications {
  readonly topicName: string;
  /** The primary region's topic. */
  readonly topicArn: string;
  readonly drTopicArn: string;
  readonly subscriberEmail: string;
}

/** CodeDeploy: the application, one deployment group per region and the known-good revision. */
export interface SeedDeploy {
  readonly applicationName: string;
  readonly primaryDeploymentGroupName: string;
  readonly drDeploymentGroupName: string;
  /** The revision deployed (successfully) in both regions when the cloud is created. */
  readonly knownGoodRevision: RevisionLocation;
  readonly deploymentConfigName: string;
}

/** The Atlas part: names of the `jobs-prod` cluster the Atlas emulator serves (see `startSeedAtlas`). */
export interface SeedAtlas {
  readonly projectName: string;
  readonly clusterName: string;
  /** Atlas region names of the primary and DR region. */
  readonly primaryRegionName: string;
  readonly drRegionName: string;
  /** Point-in-time restore window (days). */
  readonly restoreWindowDays: number;
  /** What `startAtlasEmulator({ topology })` takes. */
  readonly topology: AtlasTopology;
}

/**
 * Every name and id of the seed estate (the Job Matching API of the DR plan), so tests, drills
 * and runbooks refer to `topology.dns.failoverRecordName` rather than to strings.
 */
export interface SeedTopology {
  readonly accountId: string;
  readonly applicationName: string;
  readonly regions: SeedRegions;
  /** The web tier of each region: `web.primary` (desired 4) and `web.dr` (the warm standby, desired 1). */
  readonly web: { readonly primary: SeedWebTier; readonly dr: SeedWebTier };
  readonly cache: SeedCache;
  readonly backup: SeedBackup;
  readonly dns: SeedDns;
  readonly parameters: SeedParameters;
  readonly alarms: SeedAlarms;
  readonly notifications: SeedNotifications;
  readonly deploy: SeedDeploy;
  readonly atlas: SeedAtlas;
}

const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/**
 * The names of the seed estate for some options, without building anything. Throws a
 * `RangeError` listing every bad option.
 *
 * @example
 * ```ts
 * seedTopologyNames().dns.failoverRecordName; // 'api.jobs.example.com'
 * ```
 */
export function seedTopologyNames(options: SeedTopologyOptions = {}): SeedTopology {
  const accountId = options.accountId ?? '123456789012';
  const primary = options.primaryRegion ?? 'us-east-1';
  const dr = options.drRegion ?? 'us-west-2';
  const historyDays = options.historyDays ?? 400;
  const primaryCapacity = options.primaryCapacity ?? 4;
  const standbyCapacity = options.standbyCapacity ?? 1;
  const problems: string[] = [];
  if (!/^\d{12}$/.test(accountId)) problems.push(`accountId must be 12 digits, got ${accountId}`);
  if (!REGION_PATTERN.test(primary)) problems.push(`primaryRegion is not a region name: ${primary}`);
  if (!REGION_PATTERN.test(dr)) problems.push(`drRegion is not a region name: ${dr}`);
  if (primary === dr) problems.push('primaryRegion and drRegion must differ');
  if (!Number.isInteger(historyDays) || historyDays < 0 || historyDays > 3650)
    problems.push(`historyDays must be an integer from 0 to 3650, got ${historyDays}`);
  if (!Number.isInteger(primaryCapacity) || primaryCapacity < 1 || primaryCapacity > 12)
    problems.push(`primaryCapacity must be an integer from 1 to 12, got ${primaryCapacity}`);
  if (!Number.isInteger(standbyCapacity) || standbyCapacity < 0 || standbyCapacity > 12)
    problems.push(`standbyCapacity must be an integer from 0 to 12, got ${standbyCapacity}`);
  if (problems.length > 0) throw new RangeError(`seedTopology: ${problems.join('; ')}`);

  const app = 'jobs-api';
  const vaultArn = (region: string, name: string) => `arn:aws:backup:${region}:${accountId}:backup-vault:${name}`;
  const atlasTopology = atlasFor(primary, dr);
  const atlasCluster = atlasTopology.clusters[0]!;
  const ec2 = (n: number) => `arn:aws:ec2:${primary}:${accountId}:instance/i-0e1a5e0b5c0de000${n}`;
  const plan = (kind: string, n: number, rules: Record<string, string>): SeedBackupPlan => ({
    planName: `${app}-${kind}`,
    planId: `5eed0000-0000-4000-8000-00000000000${n}`,
    selectionName: `${app}-${kind}-resources`,
    selectionId: `5eed0000-0000-4000-9000-00000000000${n}`,
    rules,
  });
  return {
    accountId,
    applicationName: app,
    regions: { primary, dr },
    web: {
      primary: {
        region: primary,
        loadBalancerName: `${app}-alb`,
        targetGroupName: `${app}-tg`,
        autoScalingGroupName: app,
        minSize: Math.min(2, primaryCapacity),
        maxSize: 12,
        desiredCapacity: primaryCapacity,
        availabilityZones: ['a', 'b', 'c'].map((l) => `${primary}${l}`),
      },
      dr: {
        region: dr,
        loadBalancerName: `${app}-dr-alb`,
        targetGroupName: `${app}-dr-tg`,
        autoScalingGroupName: `${app}-dr`,
        minSize: standbyCapacity,
        maxSize: 12,
        desiredCapacity: standbyCapacity,
        availabilityZones: ['a', 'b'].map((l) => `${dr}${l}`),
      },
    },
    cache: {
      primaryGroupId: `${app}-redis`,
      drGroupId: `${app}-redis-dr`,
      globalDatastoreSuffix: app,
      globalDatastoreId: `${globalDatastorePrefix(primary)}-${app}`,
      automaticSnapshotRetentionDays: 7,
      snapshotWindow: '05:00-06:00',
      weeklySnapshotPrefix: `${app}-redis-weekly-`,
      weeklySnapshotRetentionDays: 30,
    },
    backup: {
      primaryVaultName: `${app}-primary`,
      primaryVaultArn: vaultArn(primary, `${app}-primary`),
      drVaultName: `${app}-dr`,
      drVaultArn: vaultArn(dr, `${app}-dr`),
      iamRoleArn: `arn:aws:iam::${accountId}:role/service-role/AWSBackupDefaultServiceRole`,
      plans: {
        ec2: plan('ec2', 1, { daily: 'ec2-daily', weekly: 'ec2-weekly', monthly: 'ec2-monthly' }),
        rds: plan('rds', 2, { daily: 'rds-daily', continuous: 'rds-continuous', weekly: 'rds-weekly' }),
        efs: plan('efs', 3, { daily: 'efs-daily', weekly: 'efs-weekly' }),
      },
      resources: {
        ec2InstanceArns: [ec2(1), ec2(2)],
        rdsDatabaseArn: `arn:aws:rds:${primary}:${accountId}:db:${app}-db`,
        efsFileSystemArn: `arn:aws:elasticfilesystem:${primary}:${accountId}:file-system/fs-0e1a5e0b5c0de0001`,
      },
      retentionDays: {
        ec2Daily: 7,
        ec2Weekly: 30,
        ec2Monthly: 365,
        rdsDaily: 7,
        rdsContinuous: 1,
        efsDaily: 30,
        weeklyCopy: 30,
        monthlyCopy: 365,
      },
      historyDays,
    },
    dns: {
      zoneName: 'jobs.example.com',
      zoneId: 'Z05EEDJOBSAPI0000001',
      failoverRecordName: 'api.jobs.example.com',
      weightedRecordName: 'api-weighted.jobs.example.com',
      setIdentifiers: { primary, dr },
      weights: { [primary]: 100, [dr]: 0 },
      healthCheckIds: {
        primary: '5eed0000-0000-4000-a000-000000000001',
        dr: '5eed0000-0000-4000-a000-000000000002',
      },
      healthCheckPath: '/health',
    },
    parameters: {
      redisEndpoint: `/${app}/redis/endpoint`,
      mongodbUri: `/${app}/mongodb/uri`,
      activeRegion: `/${app}/active-region`,
    },
    alarms: {
      errorRate: `${app}-5xx-error-rate`,
      latencyP95: `${app}-p95-latency`,
      backupJobFailures: `${app}-backup-job-failures`,
    },
    notifications: {
      topicName: `${app}-ops`,
      topicArn: `arn:aws:sns:${primary}:${accountId}:${app}-ops`,
      drTopicArn: `arn:aws:sns:${dr}:${accountId}:${app}-ops`,
      subscriberEmail: 'ops@jobs.example.com',
    },
    deploy: {
      applicationName: app,
      primaryDeploymentGroupName: `${app}-prod`,
      drDeploymentGroupName: `${app}-dr`,
      knownGoodRevision: {
        revisionType: 'S3',
        s3Location: {
          bucket: `${app}-artifacts-${accountId}`,
          key: `releases/${app}-1.42.0.zip`,
          bundleType: 'zip',
          eTag: '5eed1420c0de5eed1420c0de5eed1420',
        },
      },
      deploymentConfigName: 'CodeDeployDefault.OneAtATime',
    },
    atlas: {
      projectName: atlasTopology.projectName,
      clusterName: atlasCluster.name,
      primaryRegionName: atlasCluster.regions[0]?.regionName ?? 'US_EAST_1',
      drRegionName: atlasCluster.regions[1]?.regionName ?? 'US_WEST_2',
      restoreWindowDays: atlasCluster.schedule?.restoreWindowDays ?? 7,
      topology: atlasTopology,
    },
  };
}

/** `us-east-1` → `US_EAST_1`, the Atlas spelling of an AWS region. */
function atlasRegion(region: string): string {
  return region.toUpperCase().replace(/-/g, '_');
}

/** The Atlas emulator's seed topology, with its regions moved to the estate's regions. */
function atlasFor(primary: string, dr: string): AtlasTopology {
  const seed = seedAtlasTopology();
  return {
    ...seed,
    clusters: seed.clusters.map((c) => ({
      ...c,
      regions: c.regions.map((r, i) => ({ ...r, regionName: atlasRegion(i === 0 ? primary : dr) })),
    })),
  };
}
