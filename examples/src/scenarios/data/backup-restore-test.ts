import { BackupClient, DescribeRestoreJobCommand } from '@aws-sdk/client-backup';
import { CloudWatchClient, PutMetricDataCommand, type StandardUnit } from '@aws-sdk/client-cloudwatch';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import {
  cleanupRestored,
  drError,
  idempotencyKey,
  restorePoint,
  runbook,
  validateRestore,
  type DrContext,
  type DrError,
  type RestoredResource,
  type StepContext,
  type ValidationReport,
} from '@drkit/core';
import { awsSend, memoryLedger, type OwnershipLedger } from '@drkit/aws';
import { backupVaultSource, restoreValidationReporter, type BackupVaultSource } from '@drkit/aws/backup';
import type { DrillEnvironment } from '../../env/types';
import { defineScenario } from '../types';
import { restoreTestChecks, waitUntilServing } from '../../lambdas/restoreTestChecks';
import { claimed } from './support/consistency';
import { ISOLATED_NETWORK, applicationUrlOf, backupRoleArn, restoredInstanceOps } from './support/simulation';

/** The step that restores; its name keys the restore job's idempotency token. */
const RESTORE = 'restore-latest-ec2-point';
/** CloudWatch namespace of the restore test's metrics (the same as the weekly Lambda's). */
const NAMESPACE = 'JobsApi/RestoreTests';
/**
 * The recovery point objective of the EC2 tier: the DR plan backs instances up daily (05:00 UTC,
 * a 1-hour start window), so the newest point may be a day and a window old. The 15-minute RPO
 * of the plan is the data tiers' (Atlas point-in-time, Redis).
 */
export const EC2_TIER_RPO = '26h';

/** What the restore step hands on (plain JSON, journalled). */
interface Restored {
  readonly resource: RestoredResource;
  readonly idempotencyKey: string;
  readonly pointId: string;
  /** The recovery point's creation: the data's age is measured from here. */
  readonly dataAsOf: number;
  readonly operations: readonly { readonly name: string; readonly startedAt: number; readonly readyAt: number }[];
}

/** What the validate step hands on. */
interface Validated {
  readonly status: 'passed';
  readonly checks: readonly { readonly name: string; readonly status: string; readonly detail?: string }[];
  readonly reported: string;
  readonly restoreSeconds: number;
  readonly dataAgeSeconds: number;
}

/** The AWS Backup source of the primary vault, restoring into the isolated subnet, with its ownership records. */
function sourceFor(env: DrillEnvironment, ledger: OwnershipLedger): BackupVaultSource {
  return backupVaultSource({
    client: env.client(BackupClient, env.config.regions.primary),
    vault: env.config.backup?.primaryVaultName ?? 'unknown-vault',
    iamRoleArn: backupRoleArn(env),
    ledger,
    resources: { EC2: restoredInstanceOps(env) },
    expectedRestoreTime: { EC2: '20m' },
    overrides: {
      subnetId: ISOLATED_NETWORK.subnetId,
      securityGroupIds: ISOLATED_NETWORK.securityGroupIds,
      metadata: {
        NetworkInterfaces: JSON.stringify([
          {
            DeviceIndex: 0,
            SubnetId: ISOLATED_NETWORK.subnetId,
            Groups: ISOLATED_NETWORK.securityGroupIds,
            DeleteOnTermination: true,
          },
        ]),
      },
    },
  });
}

/** The protected instance whose points are tested: the first EC2 instance of the estate. */
function instanceOf(env: DrillEnvironment): string | undefined {
  return env.simulation?.topology.backup.resources.ec2InstanceArns[0];
}

/** Puts the test's figures on CloudWatch (what the plan's dashboard and alarms read). */
function publishMetrics(
  env: DrillEnvironment,
  figures: { succeeded: boolean; restoreSeconds?: number; dataAgeSeconds?: number },
  ctx: DrContext,
): ResultAsync<unknown, DrError> {
  const vault = env.config.backup?.primaryVaultName ?? 'unknown-vault';
  const at = new Date(ctx.clock.now());
  const datum = (MetricName: string, Value: number, Unit: StandardUnit) => ({
    MetricName,
    Value,
    Unit,
    Timestamp: at,
    Dimensions: [{ Name: 'Vault', Value: vault }],
  });
  return awsSend(
    env.client(CloudWatchClient, env.config.regions.primary),
    new PutMetricDataCommand({
      Namespace: NAMESPACE,
      MetricData: [
        datum('RestoreTestSucceeded', figures.succeeded ? 1 : 0, 'Count'),
        ...(figures.restoreSeconds !== undefined
          ? [datum('RestoreDurationSeconds', figures.restoreSeconds, 'Seconds')]
          : []),
        ...(figures.dataAgeSeconds !== undefined
          ? [datum('RecoveryPointAgeSeconds', figures.dataAgeSeconds, 'Seconds')]
          : []),
      ],
    }),
    { service: 'cloudwatch' },
    ctx,
  );
}

/** Removes what a restore of this run left, after the step failed (a job that outlived its deadline). */
function abandonRestore(
  env: DrillEnvironment,
  source: BackupVaultSource,
  ledger: OwnershipLedger,
  ctx: StepContext,
): ResultAsync<unknown, DrError> {
  const jobId = ledger.byKey(idempotencyKey(ctx.runId, ctx.step))?.jobId;
  if (!jobId) return okAsync(undefined);
  return awsSend(
    env.client(BackupClient, env.config.regions.primary),
    new DescribeRestoreJobCommand({ RestoreJobId: jobId }),
    { service: 'backup' },
    ctx,
  ).andThen((job) => {
    if (job.Status !== 'COMPLETED') {
      ctx.progress(
        `restore job ${jobId} is ${job.Status ?? 'unknown'}: AWS Backup cannot cancel it; nothing to delete yet`,
      );
      return okAsync(undefined);
    }
    return source.restoredResource(jobId, ctx).andThen((resource) => cleanupRestored(source, resource, ctx));
  });
}

/**
 * The weekly automated restore test of the DR plan ("Automated Backup Testing"), as a drill: the
 * newest EC2 recovery point of the primary vault is restored into an isolated subnet, the
 * restored instance is validated over HTTP (health, an application request, data integrity
 * against the backed-up checksum, the backup's freshness), the verdict is recorded on the
 * restore job (`PutRestoreValidationResult`, visible in `DescribeRestoreJob`), the figures go
 * to CloudWatch, and the test instance is deleted — whatever the outcome.
 *
 * The "incident" is the test itself, at its scheduled time. The RPO measured is the age of the
 * restored point against the EC2 tier's objective ({@link EC2_TIER_RPO}: daily backups).
 * Under `corrupt:restore` the data-integrity check fails the run, `FAILED` is recorded on the
 * job, and the instance is still deleted.
 */
export default defineScenario({
  name: 'backup-restore-test',
  live: 'the drill config names no isolated subnet nor how to terminate restored instances; deploy the weekly restore-test Lambdas (examples/src/lambdas) instead',
  objectives: { rpo: EC2_TIER_RPO },
  incident: (env, ctx) =>
    okAsync({
      at: ctx.clock.now(),
      description: `weekly restore test of vault ${env.config.backup?.primaryVaultName ?? '?'} (scheduled Sunday 03:00 UTC)`,
      facts: { vault: env.config.backup?.primaryVaultName ?? null, instance: instanceOf(env) ?? null },
    }),
  runbook: (env) => {
    const ledger = memoryLedger();
    const source = sourceFor(env, ledger);
    const backup = env.client(BackupClient, env.config.regions.primary);
    const instance = instanceOf(env);
    return runbook('backup-restore-test')
      .step({
        name: RESTORE,
        description: 'restore the newest EC2 recovery point of the primary vault into the isolated subnet',
        timeout: '50m',
        plan: () => [
          {
            port: 'RecoveryPointSource',
            target: source.name,
            operation: 'startRestore',
            input: { strategy: 'latest', resourceType: 'EC2', subnet: ISOLATED_NETWORK.subnetId },
          },
        ],
        run: (_in, ctx) =>
          restorePoint(
            source,
            {
              step: ctx.step,
              strategy: { latest: true },
              resourceType: 'EC2',
              ...(instance ? { resourceId: instance } : {}),
              incidentAt: ctx.incidentAt,
              rpo: EC2_TIER_RPO,
              deadlineAt: ctx.deadlineAt,
              timeout: '50m',
            },
            ctx,
          ).andThen((report) => {
            if (report.dryRun) return errAsync<Restored, DrError>(drError('Conflict', 'a dry run restores nothing'));
            ctx.progress(`restored ${report.resource.id} from ${report.point.id}`, { jobId: report.job.jobId });
            return okAsync<Restored, DrError>({
              resource: report.resource,
              idempotencyKey: report.idempotencyKey,
              pointId: report.point.id,
              dataAsOf: report.point.createdAt,
              operations: [
                {
                  name: `restore job ${report.job.jobId}`,
                  startedAt: report.timings.startedAt,
                  readyAt: report.timings.completedAt,
                },
              ],
            });
          }),
        // The journal is the evidence that this run started the job, even in a resumed process.
        cleanup: (out, ctx) => {
          ledger.record({
            idempotencyKey: out.idempotencyKey,
            runId: ctx.runId,
            ...(out.resource.restoreJobId ? { jobId: out.resource.restoreJobId } : {}),
            resourceId: out.resource.id,
            createdBy: 'restorePoint:aws-backup',
          });
          return cleanupRestored(source, claimed(env, out.resource), ctx);
        },
        abandon: (_in, ctx) => abandonRestore(env, source, ledger, ctx),
      })
      .step({
        name: 'validate',
        kind: 'validation',
        description: 'boot, health, an application request, data integrity, backup freshness; verdict to AWS Backup',
        plan: () => [
          {
            port: 'Check',
            target: 'restored instance',
            operation: 'health, application, data-integrity, backup-freshness',
            input: {},
          },
          { port: 'reporter', target: 'aws-backup', operation: 'PutRestoreValidationResult', input: {} },
        ],
        run: ({ [RESTORE]: restored }, ctx) =>
          applicationUrlOf(env)(claimed(env, restored.resource), ctx).andThen((baseUrl) =>
            waitUntilServing(`${baseUrl}/health`, '10m', ctx)
              .orElse((e) => {
                // Not booting is itself a finding: the checks below say what does not answer.
                ctx.progress(`the restored instance did not come up: ${e.message}`);
                return okAsync({ servingAfterMs: -1, polls: 0 });
              })
              .andThen(() =>
                validateRestore(
                  restored.resource,
                  // #region checks
                  restoreTestChecks({
                    baseUrl,
                    dataAsOf: restored.dataAsOf,
                    referenceAt: ctx.incidentAt,
                    maxDataAge: EC2_TIER_RPO,
                  }),
                  // #endregion checks
                  { reporter: restoreValidationReporter<RestoredResource>({ client: backup }), failOnInvalid: false },
                  ctx,
                ),
              )
              .andThen((report: ValidationReport) => {
                const job = restored.operations[0]!;
                const figures = {
                  succeeded: report.status === 'passed',
                  restoreSeconds: Math.round((job.readyAt - job.startedAt) / 1000),
                  dataAgeSeconds: Math.round((ctx.incidentAt - restored.dataAsOf) / 1000),
                };
                const checks = report.verdicts.map((v) => ({
                  name: v.name,
                  status: v.status,
                  ...(v.detail ? { detail: v.detail } : {}),
                }));
                if (report.status !== 'passed')
                  // Metrics first: a failed test is exactly what the dashboard must show.
                  return publishMetrics(env, figures, ctx).andThen(() =>
                    errAsync<Validated, DrError>(
                      drError(
                        'ValidationFailed',
                        `the restored instance failed ${report.failed.join(', ')}: ${report.verdicts
                          .filter((v) => report.failed.includes(v.name))
                          .map((v) => (v.detail ?? v.error?.message ?? 'failed').replace(/^https?:\/\/\S+: /, ''))
                          .join('; ')}`,
                        { evidence: { checks, reporting: report.reporting.status } },
                      ),
                    ),
                  );
                return okAsync<Validated, DrError>({
                  status: 'passed',
                  checks,
                  reported: report.reporting.status,
                  restoreSeconds: figures.restoreSeconds,
                  dataAgeSeconds: figures.dataAgeSeconds,
                });
              }),
          ),
      })
      .step({
        name: 'publish-metrics',
        kind: 'other',
        description: `RestoreTestSucceeded, RestoreDurationSeconds, RecoveryPointAgeSeconds to CloudWatch (${NAMESPACE})`,
        plan: () => [{ port: 'cloudwatch', target: NAMESPACE, operation: 'PutMetricData', input: {} }],
        run: ({ validate }, ctx) =>
          publishMetrics(
            env,
            { succeeded: true, restoreSeconds: validate.restoreSeconds, dataAgeSeconds: validate.dataAgeSeconds },
            ctx,
          ).map(() => ({ published: 3 })),
      });
  },
  verify: (env, ctx, { report }) => {
    const restored = report.outputs[RESTORE] as Restored | undefined;
    const jobId = restored?.resource.restoreJobId;
    if (!jobId) return okAsync([]);
    return awsSend(
      env.client(BackupClient, env.config.regions.primary),
      new DescribeRestoreJobCommand({ RestoreJobId: jobId }),
      { service: 'backup' },
      ctx,
    ).map((job) => {
      const validated = report.steps.find((st) => st.name === 'validate')?.status === 'succeeded';
      const expected = validated ? 'SUCCESSFUL' : 'FAILED';
      return [
        {
          name: 'verdict-recorded-on-restore-job',
          passed:
            job.ValidationStatus === expected || (report.status === 'failed' && job.ValidationStatus === 'TIMED_OUT'),
          detail: `restore job ${jobId}: ValidationStatus ${job.ValidationStatus ?? 'none'}${job.ValidationStatusMessage ? ` (${job.ValidationStatusMessage})` : ''}`,
        },
      ];
    });
  },
});
