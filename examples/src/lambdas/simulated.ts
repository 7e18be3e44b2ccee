import { BackupClient } from '@aws-sdk/client-backup';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { silentLogger } from '@drkit/core';
import { emfMetrics, snsNotifier } from '@drkit/aws/notify';
import { appEndpoint, type SeedTopology, type SimulatedCloud } from '@drkit/testing';
import { ResultAsync, okAsync } from 'neverthrow';
import { checkRestoreTestConfig, type RestoreTestConfig } from './config';
import type { RestoreTestDeps } from './deps';
import { restoreTestHandlers, type RestoreTestHandlers } from './handlers';

/** The isolated subnet and security group the simulated restore tests launch into. */
export const SIMULATED_ISOLATED_NETWORK = {
  subnetId: 'subnet-0e1a5e0b5c0de01ab',
  securityGroupIds: ['sg-0e1a5e0b5c0de01ab'],
} as const;

/** The restore test wired to a simulated cloud: its deps, its handlers, and the EMF lines printed. */
export interface SimulatedRestoreTest {
  readonly deps: RestoreTestDeps;
  readonly handlers: RestoreTestHandlers;
  /** Every EMF line the handlers printed, parsed. */
  readonly emf: Array<Record<string, unknown>>;
}

/**
 * The weekly restore test's handlers against a simulated cloud with the seed topology, wired as
 * a deployment wires them: the primary vault, SNS and EMF, Parameter Store for the runs. The
 * simulation has no EC2 API, so terminating an instance marks it deleted, and its application is
 * the simulated one on a loopback port.
 *
 * @example
 * ```ts
 * const cloud = createSimulatedCloud({ topology });
 * const { handlers } = simulatedRestoreTest(cloud, topology);
 * const started = await handlers.scheduled({ 'detail-type': 'Scheduled Event', source: 'aws.events', time: cloud.clock.date().toISOString() });
 * ```
 */
// #region simulated
export function simulatedRestoreTest(
  cloud: SimulatedCloud,
  topology: SeedTopology,
  overrides: Partial<RestoreTestConfig> = {},
): SimulatedRestoreTest {
  const region = topology.regions.primary;
  const emf: Array<Record<string, unknown>> = [];
  const config = checkRestoreTestConfig({
    vault: topology.backup.primaryVaultName,
    iamRoleArn: topology.backup.iamRoleArn,
    resourceArn: topology.backup.resources.ec2InstanceArns[0],
    isolatedSubnetId: SIMULATED_ISOLATED_NETWORK.subnetId,
    securityGroupIds: SIMULATED_ISOLATED_NETWORK.securityGroupIds,
    parameterPrefix: `/${topology.applicationName}/restore-test`,
    topicArn: topology.notifications.topicArn,
    ...overrides,
  })._unsafeUnwrap();
  const deps: RestoreTestDeps = {
    config,
    backup: cloud.client(BackupClient, { region }),
    ssm: cloud.client(SSMClient, { region }),
    notifier: snsNotifier({ client: cloud.client(SNSClient, { region }), topicArn: config.topicArn }),
    metrics: emfMetrics({
      namespace: config.metricsNamespace,
      write: (line) => emf.push(JSON.parse(line) as Record<string, unknown>),
      clock: cloud.clock,
    })._unsafeUnwrap(),
    resources: {
      EC2: {
        delete: (r) =>
          okAsync(cloud.resources.delete(r.id, cloud.clock.now()) ? ('deleted' as const) : ('already-gone' as const)),
      },
    },
    endpointOf: (r) => ResultAsync.fromSafePromise(appEndpoint(cloud, r.id, '/')).map((url) => url.replace(/\/$/, '')),
    clock: cloud.clock,
    logger: silentLogger,
  };
  return { deps, handlers: restoreTestHandlers(deps), emf };
}
// #endregion simulated
