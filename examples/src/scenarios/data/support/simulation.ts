import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { drError, toDrError, type DrContext, type DrError, type RestoredResource } from '@drkit/core';
import type { RestoredResourceOps } from '@drkit/aws/backup';
import { appEndpoint } from '@drkit/testing';
import type { DrillEnvironment } from '../../../env/types';

/**
 * The isolated subnet and security group restore tests launch into on the simulated cloud: a
 * subnet of no production VPC (nothing routes to it), and a group that lets only the validator in.
 */
export const ISOLATED_NETWORK = {
  subnetId: 'subnet-0e1a5e0b5c0de01ab',
  securityGroupIds: ['sg-0e1a5e0b5c0de01ab'],
} as const;

/**
 * The IAM role AWS Backup restores with: the seed estate's, or AWS Backup's default service role
 * of the config's account.
 *
 * @example
 * ```ts
 * backupRoleArn(env); // 'arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole'
 * ```
 */
export function backupRoleArn(env: DrillEnvironment): string {
  return (
    env.simulation?.topology.backup.iamRoleArn ??
    `arn:aws:iam::${env.config.accountId}:role/service-role/AWSBackupDefaultServiceRole`
  );
}

/**
 * How a restored EC2 instance is deleted. The simulated cloud has no EC2 API: deleting marks the
 * instance terminated (what `TerminateInstances` does). Live, the drill has no EC2 client and
 * refuses, so nothing is ever deleted by guesswork.
 *
 * @example
 * ```ts
 * backupVaultSource({ …, resources: { EC2: restoredInstanceOps(env) } });
 * ```
 */
export function restoredInstanceOps(env: DrillEnvironment): RestoredResourceOps {
  const sim = env.simulation;
  if (!sim)
    return {
      delete: (r) =>
        errAsync(
          drError(
            'Conflict',
            `the drill cannot terminate ${r.id} live: terminate restore-test instances with your EC2 tooling`,
          ),
        ),
    };
  const { cloud } = sim;
  return {
    delete: (r) =>
      okAsync(cloud.resources.delete(r.id, cloud.clock.now()) ? ('deleted' as const) : ('already-gone' as const)),
    readTags: (r) => okAsync(cloud.resources.get(r.id)?.tags),
  };
}

/**
 * The base URL of a restored instance's application (no trailing slash). Simulated: the
 * application's loopback endpoint for that instance.
 *
 * @example
 * ```ts
 * const base = await applicationUrlOf(env)(resource, ctx); // 'http://127.0.0.1:41234/r/i-0abc…'
 * ```
 */
export function applicationUrlOf(
  env: DrillEnvironment,
): (resource: RestoredResource, ctx: DrContext) => ResultAsync<string, DrError> {
  const sim = env.simulation;
  if (!sim)
    return (r) =>
      errAsync(drError('Conflict', `the drill does not know how to reach ${r.id} live (its private address)`));
  return (r) =>
    ResultAsync.fromPromise(appEndpoint(sim.cloud, r.id, '/'), (e) =>
      toDrError(e, { provider: 'simulation', operation: 'appEndpoint' }),
    ).map((url) => url.replace(/\/$/, ''));
}
