import { afterEach, describe, expect, it } from 'vitest';
import {
  DescribeRestoreJobCommand,
  StartRestoreJobCommand,
  type DescribeRestoreJobCommandOutput,
} from '@aws-sdk/client-backup';
import { resolveContext, silentLogger } from '@drkit/core';
import {
  backupSim,
  createSimulatedCloud,
  seedTopology,
  snsService,
  type SeedTopologyPreset,
  type SimulatedCloud,
} from '@drkit/testing';
import { orphanedRestores } from '@drkit/testing/vitest';
import {
  RESTORE_TEST_ENV,
  deployedRestoreTest,
  SIMULATED_ISOLATED_NETWORK,
  parameterRunStore,
  restoreJobEventOf,
  restoreTestConfigFromEnv,
  simulatedRestoreTest,
  type RestoreTestDeps,
  type RestoreTestHandlers,
} from '../src/lambdas/index';

const ISOLATED_SUBNET = SIMULATED_ISOLATED_NETWORK.subnetId;
const PREFIX = '/jobs-api/restore-test';

interface Harness {
  readonly cloud: SimulatedCloud;
  readonly topology: SeedTopologyPreset;
  readonly deps: RestoreTestDeps;
  readonly handlers: RestoreTestHandlers;
  /** EMF lines the handlers printed, parsed. */
  readonly emf: Array<Record<string, unknown>>;
  /** `Metadata.SubnetId` of every StartRestoreJob the handlers sent. */
  readonly restoreSubnets: string[];
}

const clouds: SimulatedCloud[] = [];
afterEach(async () => {
  await Promise.all(clouds.splice(0).map((c) => c.dispose()));
});

/** The seed estate, and the restore-test Lambdas wired to it as a deployment would wire them. */
function harness(seed = 1): Harness {
  const topology = seedTopology();
  const cloud = createSimulatedCloud({ topology, seed });
  clouds.push(cloud);
  const { deps, handlers, emf } = simulatedRestoreTest(cloud, topology, { parameterPrefix: PREFIX });
  const restoreSubnets: string[] = [];
  // Watch what the handler asks AWS Backup for, as the service would see it.
  deps.backup.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Metadata?: Record<string, string> };
      if (context.commandName === 'StartRestoreJobCommand' && input.Metadata?.SubnetId)
        restoreSubnets.push(input.Metadata.SubnetId);
      return next(args);
    },
    { step: 'initialize', name: 'watchRestoreSubnet' },
  );
  return { cloud, topology, deps, handlers, emf, restoreSubnets };
}

/** The EventBridge schedule event at the cloud's current time. */
const scheduledEvent = (cloud: SimulatedCloud) => ({
  version: '0',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  time: cloud.clock.date().toISOString(),
  resources: ['arn:aws:events:us-east-1:123456789012:rule/jobs-api-weekly-restore-test'],
  detail: {},
});

/** Lets virtual time run until AWS Backup finishes the job; returns what DescribeRestoreJob says then. */
async function finished(h: Harness, jobId: string): Promise<DescribeRestoreJobCommandOutput> {
  for (;;) {
    // The test's own polling rides out throttling faults like any caller would.
    const job = await h.deps.backup.send(new DescribeRestoreJobCommand({ RestoreJobId: jobId })).catch(() => undefined);
    if (job && (job.Status === 'COMPLETED' || job.Status === 'FAILED' || job.Status === 'ABORTED')) return job;
    await h.cloud.clock.sleep(60_000);
  }
}

/** One week of the test: the schedule fires, the job runs, each completion event is handled (retries too). */
async function runWeek(h: Harness) {
  const started = await h.handlers.scheduled(scheduledEvent(h.cloud));
  let jobId = started.jobId!;
  for (;;) {
    const job = await finished(h, jobId);
    const handled = await h.handlers.completed(restoreJobEventOf(job, h.topology.regions.primary));
    if (handled.status !== 'retried') return { started, job, handled };
    jobId = handled.nextJobId!;
  }
}

const failureMessages = (h: Harness) =>
  h.cloud
    .state(snsService, h.topology.regions.primary)
    .published({ topicArn: h.topology.notifications.topicArn })
    .filter((m) => m.subject?.startsWith('Weekly restore test FAILED'));

const emfValues = (h: Harness, metric: string) => h.emf.filter((l) => metric in l).map((l) => l[metric]);

describe('the weekly restore test Lambdas on the simulated cloud', () => {
  it('restore the newest EC2 point into the isolated subnet, validate it on completion, record SUCCESSFUL, print EMF and delete the test instance', async () => {
    // Prepare
    const h = harness();
    const scheduledAt = h.cloud.clock.now();

    // Act
    const { started, job, handled } = await runWeek(h);

    // Assess: the newest point of the instance was restored, into the isolated subnet
    const points = backupSim(h.cloud)
      .points(h.topology.regions.primary, h.topology.backup.primaryVaultName)
      .filter((p) => p.resourceArn === h.topology.backup.resources.ec2InstanceArns[0] && p.status === 'COMPLETED');
    const newest = points.reduce((a, b) => (b.sortMs > a.sortMs ? b : a));
    expect(started).toMatchObject({
      runId: 'restore-test-2026-11-22',
      status: 'started',
      recoveryPointArn: newest.arn,
    });
    expect(h.restoreSubnets).toEqual([ISOLATED_SUBNET]);
    // The verdict is on the restore job, where the AWS Backup console shows it
    expect(handled).toMatchObject({ status: 'passed', validationStatus: 'SUCCESSFUL', cleanedUp: true });
    const after = await h.deps.backup.send(new DescribeRestoreJobCommand({ RestoreJobId: job.RestoreJobId }));
    expect(after.ValidationStatus).toBe('SUCCESSFUL');
    expect(after.ValidationStatusMessage).toBe('drkit: 4 checks passed');
    // EMF: CloudWatch metrics as log lines, in the configured namespace
    const outcome = h.emf.find((l) => 'RestoreTestSucceeded' in l)!;
    expect(outcome).toMatchObject({ RestoreTestSucceeded: 1, Vault: h.topology.backup.primaryVaultName });
    expect(outcome._aws).toMatchObject({
      CloudWatchMetrics: [{ Namespace: 'JobsApi/RestoreTests', Dimensions: [['Vault']] }],
    });
    expect(emfValues(h, 'RestoreAttempts')).toEqual([1]);
    expect(emfValues(h, 'RestoreDurationSeconds')[0]).toBeGreaterThanOrEqual(10 * 60); // an EC2 restore takes 10-40 min
    expect(emfValues(h, 'RecoveryPointAgeSeconds')).toEqual([Math.round((scheduledAt - newest.sortMs) / 1000)]);
    // Nothing left running, nothing to tell the operations team
    expect(h.cloud.resources.get(job.CreatedResourceArn!)?.deletedAt).toBeDefined();
    expect(orphanedRestores(h.cloud)).toEqual([]);
    expect(failureMessages(h)).toHaveLength(0);
    const run = (await parameterRunStore(h.deps.ssm, PREFIX).get(started.runId, contextOf(h)))._unsafeUnwrap();
    expect(run?.outcome).toMatchObject({ status: 'passed', cleanedUp: true });
  });

  it('fail a corrupted restore: FAILED on the job naming the check, an SNS notification, a 0 in EMF, and no instance left', async () => {
    // Prepare
    const h = harness();
    h.cloud.inject('corrupt:restore')._unsafeUnwrap();

    // Act
    const { job, handled } = await runWeek(h);

    // Assess
    expect(handled.status).toBe('failed');
    expect(handled.reason).toBe('validation failed: data-integrity');
    const after = await h.deps.backup.send(new DescribeRestoreJobCommand({ RestoreJobId: job.RestoreJobId }));
    expect(after).toMatchObject({
      ValidationStatus: 'FAILED',
      ValidationStatusMessage: 'drkit: failed data-integrity',
    });
    expect(emfValues(h, 'RestoreTestSucceeded')).toEqual([0]);
    const [message] = failureMessages(h);
    expect(message?.message).toContain('FAILED data-integrity');
    expect(message?.message).toContain('The test instance was deleted.');
    expect(h.cloud.resources.get(job.CreatedResourceArn!)?.deletedAt).toBeDefined();
    expect(orphanedRestores(h.cloud)).toEqual([]);
  });

  it('retry a restore job that failed for a transient reason, and pass on the second attempt', async () => {
    // Prepare
    const h = harness();
    backupSim(h.cloud).failNextRestores(
      1,
      'An internal error occurred while restoring the instance. Retry the restore.',
    );

    // Act
    const { started, job, handled } = await runWeek(h);

    // Assess
    expect(job.RestoreJobId).not.toBe(started.jobId);
    expect(handled).toMatchObject({ status: 'passed', validationStatus: 'SUCCESSFUL' });
    expect(emfValues(h, 'RestoreAttempts')).toEqual([2]);
    expect(h.restoreSubnets).toEqual([ISOLATED_SUBNET, ISOLATED_SUBNET]);
    expect(failureMessages(h)).toHaveLength(0);
  });

  it('start nothing and validate nothing twice when EventBridge delivers an event again', async () => {
    // Prepare
    const h = harness();
    const first = await h.handlers.scheduled(scheduledEvent(h.cloud));

    // Act
    const again = await h.handlers.scheduled(scheduledEvent(h.cloud));
    const job = await finished(h, first.jobId!);
    const event = restoreJobEventOf(job, h.topology.regions.primary);
    const handled = await h.handlers.completed(event);
    const redelivered = await h.handlers.completed(event);

    // Assess
    expect(again).toMatchObject({ status: 'already-started', jobId: first.jobId });
    expect(h.cloud.recorder.calls({ operation: 'StartRestoreJob' })).toHaveLength(1);
    expect(handled.status).toBe('passed');
    expect(redelivered.status).toBe('duplicate');
    expect(h.cloud.recorder.calls({ operation: 'PutRestoreValidationResult' })).toHaveLength(1);
  });

  it('leave alone a restore job it did not start', async () => {
    // Prepare: an operator restores the same instance by hand
    const h = harness();
    const point = backupSim(h.cloud)
      .points(h.topology.regions.primary, h.topology.backup.primaryVaultName)
      .find((p) => p.resourceType === 'EC2' && p.status === 'COMPLETED')!;
    const { RestoreJobId } = await h.deps.backup.send(
      new StartRestoreJobCommand({
        RecoveryPointArn: point.arn,
        IamRoleArn: h.topology.backup.iamRoleArn,
        Metadata: { SubnetId: 'subnet-0123456789abcdef0', InstanceType: 't3.medium' },
        ResourceType: 'EC2',
      }),
    );
    const job = await finished(h, RestoreJobId!);

    // Act
    const handled = await h.handlers.completed(restoreJobEventOf(job, h.topology.regions.primary));

    // Assess
    expect(handled).toMatchObject({ status: 'ignored', reason: 'not a restore job of the weekly restore test' });
    expect(h.cloud.resources.get(job.CreatedResourceArn!)?.deletedAt).toBeUndefined();
    expect(h.cloud.recorder.calls({ operation: 'PutRestoreValidationResult' })).toHaveLength(0);
  });

  it('still pass while AWS Backup and Parameter Store throttle', async () => {
    const h = harness(3);
    h.cloud.inject('throttle:backup:0.5')._unsafeUnwrap();
    h.cloud.inject('throttle:ssm:0.3')._unsafeUnwrap();

    const { handled } = await runWeek(h);

    expect(handled).toMatchObject({ status: 'passed', validationStatus: 'SUCCESSFUL', cleanedUp: true });
    expect(h.cloud.recorder.calls({ outcome: 'error' }).length).toBeGreaterThan(0);
  });

  it('summarise six weeks: success rate and the trend of restore durations, to EMF and SNS', async () => {
    // Prepare: six Sundays of tests; the fourth restore is corrupted
    const h = harness();
    const WEEK = 7 * 86_400_000;
    const sunday = h.cloud.clock.now();
    const outcomes: string[] = [];
    for (let week = 0; week < 6; week++) {
      await h.cloud.clock.advanceTo(sunday + week * WEEK);
      if (week === 3) h.cloud.inject('corrupt:restore~2h')._unsafeUnwrap();
      outcomes.push((await runWeek(h)).handled.status);
    }
    await h.cloud.clock.advanceTo(sunday + 5 * WEEK + 86_400_000); // Monday: the summary's slot

    // Act
    const summary = await h.handlers.summary();

    // Assess
    expect(outcomes).toEqual(['passed', 'passed', 'passed', 'failed', 'passed', 'passed']);
    expect(summary).toMatchObject({ total: 6, passed: 5, successRatePercent: 83.3 });
    expect(summary.runs.map((r) => r.runId)).toEqual(
      [0, 1, 2, 3, 4, 5].map((w) => `restore-test-${new Date(sunday + w * WEEK).toISOString().slice(0, 10)}`),
    );
    expect(summary.runs[3]).toMatchObject({ status: 'failed', detail: 'FAILED' });
    expect(summary.durations.count).toBe(6);
    expect(summary.durations.minSeconds).toBeLessThanOrEqual(summary.durations.medianSeconds!);
    expect(['rising', 'falling', 'flat']).toContain(summary.durations.direction);
    expect(summary.recommendations.join(' ')).toContain(summary.runs[3]!.runId);
    expect(emfValues(h, 'RestoreTestSuccessRate')).toEqual([83.3]);
    const report = h.cloud
      .state(snsService, h.topology.regions.primary)
      .published({ topicArn: h.topology.notifications.topicArn })
      .find((m) => m.subject?.startsWith('Weekly restore test summary'));
    expect(report?.message).toContain('Success rate: 83.3% (5 of 6 runs passed)');
  });
});

describe('the restore test configuration', () => {
  it('names every missing or malformed environment variable at once', () => {
    const config = restoreTestConfigFromEnv({
      [RESTORE_TEST_ENV.vault]: 'jobs-api-primary',
      [RESTORE_TEST_ENV.securityGroupIds]: 'sg-0e1a5e0b5c0de01ab, default',
      [RESTORE_TEST_ENV.maxAttempts]: 'three',
    });

    const e = config._unsafeUnwrapErr();
    expect(e.problems.map((p) => p.path)).toEqual([
      'RESTORE_TEST_IAM_ROLE_ARN',
      'RESTORE_TEST_SUBNET_ID',
      'RESTORE_TEST_SECURITY_GROUP_IDS',
      'RESTORE_TEST_PARAMETER_PREFIX',
      'RESTORE_TEST_TOPIC_ARN',
      'RESTORE_TEST_MAX_ATTEMPTS',
    ]);
  });

  it('builds the deployed handlers from a complete environment, and refuses an incomplete one', () => {
    const instances = { terminate: async () => 'deleted' as const, privateIp: async () => '10.0.3.17' };
    const env = {
      RESTORE_TEST_VAULT: 'jobs-api-primary',
      RESTORE_TEST_IAM_ROLE_ARN: 'arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole',
      RESTORE_TEST_SUBNET_ID: 'subnet-0e1a5e0b5c0de01ab',
      RESTORE_TEST_SECURITY_GROUP_IDS: 'sg-0e1a5e0b5c0de01ab',
      RESTORE_TEST_PARAMETER_PREFIX: '/jobs-api/restore-test',
      RESTORE_TEST_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:jobs-api-ops',
      AWS_REGION: 'us-east-1',
    };

    const deployed = deployedRestoreTest(instances, { port: 8080, env });
    const refused = deployedRestoreTest(instances, { port: 8080, env: { RESTORE_TEST_VAULT: 'jobs-api-primary' } });

    expect(Object.keys(deployed._unsafeUnwrap()).sort()).toEqual(['completed', 'scheduled', 'summary']);
    expect(refused._unsafeUnwrapErr().problems.map((p) => p.path)).toContain('RESTORE_TEST_TOPIC_ARN');
  });
});

function contextOf(h: Harness) {
  return resolveContext({ clock: h.cloud.clock, logger: silentLogger, runId: 'test' });
}
