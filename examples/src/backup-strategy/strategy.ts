import type { InvalidInputError } from '@drkit/core';
import { drPlanStrategy, type BackupStrategy, type DrPlanEstate } from '@drkit/aws/strategy';
import type { SeedTopology } from '@drkit/testing';
import type { Result } from 'neverthrow';

/**
 * The estate the Job Matching API's backup strategy covers, named by the seed topology: the two
 * EC2 instances, the RDS database and the EFS file system in AWS Backup, and the primary Redis
 * replication group's snapshot policy.
 *
 * @example
 * ```ts
 * const estate = jobMatchingEstate(seedTopology());
 * estate.resources.ec2.length; // 2
 * ```
 */
export function jobMatchingEstate(topology: SeedTopology): DrPlanEstate {
  const b = topology.backup;
  return {
    application: topology.applicationName,
    accountId: topology.accountId,
    regions: { ...topology.regions },
    vaults: { primary: b.primaryVaultName, dr: b.drVaultName },
    iamRoleArn: b.iamRoleArn,
    resources: {
      ec2: [...b.resources.ec2InstanceArns],
      rds: [b.resources.rdsDatabaseArn],
      efs: [b.resources.efsFileSystemArn],
    },
    cache: {
      replicationGroupId: topology.cache.primaryGroupId,
      window: topology.cache.snapshotWindow,
      weeklyPrefix: topology.cache.weeklySnapshotPrefix,
    },
  };
}

/**
 * The DR plan's backup strategy ("Backup Strategy": the primary vault's table and the DR vault's
 * copies, RPO 15 min, restore within the 1-hour RTO) over the Job Matching API's estate.
 *
 * @example
 * ```ts
 * const strategy = jobMatchingStrategy(seedTopology())._unsafeUnwrap();
 * strategy.plans.map((p) => p.name); // ['jobs-api-ec2', 'jobs-api-rds', 'jobs-api-efs']
 * ```
 */
export function jobMatchingStrategy(topology: SeedTopology): Result<BackupStrategy, InvalidInputError> {
  return drPlanStrategy(jobMatchingEstate(topology));
}
