import {
  BackupClient,
  DescribeRestoreJobCommand,
  GetRecoveryPointRestoreMetadataCommand,
  StartRestoreJobCommand,
  type DescribeRestoreJobCommandOutput,
  paginateListRecoveryPointsByBackupVault,
  type BackupClientConfig,
  type ListRecoveryPointsByBackupVaultCommandInput,
  type RecoveryPointByBackupVault,
} from '@aws-sdk/client-backup';
import {
  Problems,
  drError,
  invalidInput,
  parseDuration,
  type CleanupOutcome,
  type DrContext,
  type DrError,
  type Duration,
  type RecoveryPoint,
  type RecoveryPointQuery,
  type RecoveryPointSource,
  type RestoreHandle,
  type RestoredResource,
  type RestoreStatus,
  type RestoreTarget,
  type StartRestoreOptions,
} from '@drkit/core';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { checkClientOption, resolveClient, type AwsClientOption } from '../shared/clientOptions';
import { memoryLedger, type OwnershipLedger } from '../shared/ledger';
import { RUN_ID_TAG } from '../shared/ownership';
import { awsAttempt, awsSend, clientRegion, pacedClient, type AwsCallOptions } from '../shared/send';
import { toEpochMs } from '../shared/time';
import { restoreStateOf, toRecoveryPoint } from './points';
import { NAMED_RESTORE_TYPES, restoreMetadataFor, type RestoreOverrides } from './restoreMetadata';

const SERVICE = 'backup';
const CREATED_BY = 'restorePoint:aws-backup';

/**
 * What to do with a restored resource of one type, in your account: AWS Backup restores into
 * EC2, RDS, EFS, DynamoDB… whose delete APIs are not AWS Backup's, so cleanup calls yours.
 */
export interface RestoredResourceOps {
  /** Deletes the restored resource; `'already-gone'` when it no longer exists. */
  delete(resource: RestoredResource, ctx: DrContext): ResultAsync<'deleted' | 'already-gone', DrError>;
  /**
   * Reads the resource's tags (`undefined` when it is gone). With it, cleanup also accepts a
   * resource tagged `drkit:run-id` = this run when this source has no record of it (a new process).
   */
  readTags?(
    resource: RestoredResource,
    ctx: DrContext,
  ): ResultAsync<Readonly<Record<string, string>> | undefined, DrError>;
}

/** Options of {@link backupVaultSource}. */
export type BackupVaultSourceOptions = AwsClientOption<BackupClient, BackupClientConfig> &
  AwsCallOptions & {
    /** The backup vault to restore from. For cross-region DR, the DR region's vault (and a client in that region). */
    readonly vault: string;
    /** The IAM role AWS Backup assumes to restore (`StartRestoreJob` `IamRoleArn`). */
    readonly iamRoleArn: string;
    /** Names the source in reports. Default `aws-backup:<vault>`. */
    readonly name?: string;
    /** The vault's account, for a vault shared from another account (`BackupVaultAccountId`). */
    readonly vaultAccountId?: string;
    /** Typed overrides applied to every restore (per-call `overrides` from `restorePoint` win). */
    readonly overrides?: RestoreOverrides;
    /**
     * Keep the production name (`DBInstanceIdentifier`…) from the recovery point's metadata
     * instead of naming RDS, Aurora and DynamoDB restores after the idempotency key. Default false.
     */
    readonly keepOriginalName?: boolean;
    /** `CopySourceTagsToRestoredResource`. Default false. */
    readonly copySourceTags?: boolean;
    /** How long a restore typically takes (seeds polling), overall or per resource type. */
    readonly expectedRestoreTime?: Duration | Readonly<Record<string, Duration>>;
    /** Delete (and tag-read) operations per resource type (`RDS`, `EC2`…), `'*'` for any. Needed by cleanup. */
    readonly resources?: Readonly<Record<string, RestoredResourceOps>>;
    /** Where started restores are recorded for cleanup's ownership check. Default in memory. */
    readonly ledger?: OwnershipLedger;
  };

/** An AWS Backup {@link RecoveryPointSource}, with the client it uses. */
export interface BackupVaultSource extends RecoveryPointSource {
  /** The vault this source restores from. */
  readonly vault: string;
  /** The SDK client (yours, or the one built from `clientConfig`). */
  readonly client: BackupClient;
  /**
   * The resource a completed restore job created, e.g. for a job an AWS Backup restore testing
   * plan started (the EventBridge "Restore Job State Change" event names the job). Its
   * `createdByRun` is the run this source recorded for the job, else `aws-backup:<plan ARN>` or
   * `unknown`, so drkit's cleanup refuses it (restore testing deletes its own resources).
   */
  restoredResource(restoreJobId: string, ctx: DrContext): ResultAsync<RestoredResource, DrError>;
}

/**
 * A {@link RecoveryPointSource} over one AWS Backup vault.
 *
 * - `listPoints` pages through `ListRecoveryPointsByBackupVault` (by resource, type and creation
 *   time); composite members carry `parentId`, parents `isParent`.
 * - `startRestore` reads `GetRecoveryPointRestoreMetadata`, applies your overrides (new name,
 *   subnet, security groups…; RDS/Aurora/DynamoDB restores are named after the idempotency key
 *   unless `keepOriginalName`) and calls `StartRestoreJob` with `IdempotencyToken` = the key core
 *   derives from run and step. A repeated call on this source returns the recorded job without a
 *   call; from another process AWS Backup's token returns the same job. Metadata is never logged.
 * - `describeRestore` maps `DescribeRestoreJob`: `ExpectedCompletionTimeMinutes` →
 *   `expectedCompletionMs`, `CompletionDate` → `completedAt`, `CreatedResourceArn` → the resource.
 * - `cleanup` deletes only what a restore of this run created: the resource must be marked with
 *   this run, recorded (or tagged `drkit:run-id`) for it, and be the `CreatedResourceArn` of its
 *   restore job; anything else is refused with `AccessDenied` before any delete.
 *
 * Bad options make every method return the same `InvalidInput`, before any call.
 *
 * @example
 * ```ts
 * import { BackupClient } from '@aws-sdk/client-backup';
 * import { restorePoint } from '@drkit/core';
 * import { backupVaultSource } from '@drkit/aws/backup';
 *
 * // Restore from the DR region's vault: the primary region may be what is gone.
 * const source = backupVaultSource({
 *   client: new BackupClient({ region: 'us-west-2' }),
 *   vault: 'dr-vault',
 *   iamRoleArn: 'arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole',
 *   resources: { RDS: { delete: (r, ctx) => deleteDbInstance(r.id, ctx) } },
 * });
 * const restored = await restorePoint(source, { step: 'restore-orders', strategy: { latestWithinRpo: { rpo: '15m' } }, resourceId: ordersDbArn });
 * ```
 */
export function backupVaultSource(options: BackupVaultSourceOptions): BackupVaultSource {
  const problems = checkOptions(options);
  const vault = typeof options?.vault === 'string' ? options.vault : '';
  const name = typeof options?.name === 'string' && options.name ? options.name : `aws-backup:${vault}`;
  if (problems.any) return refusing(name, vault, invalidInput(problems.list));
  const client = resolveClient<BackupClient, BackupClientConfig>(options, (config) => new BackupClient(config));
  const ledger = options.ledger ?? memoryLedger();
  const call: AwsCallOptions = {
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(options.retry !== undefined ? { retry: options.retry } : {}),
    ...(options.accountId ? { accountId: options.accountId } : {}),
  };
  const site = { service: SERVICE };
  const expectedMs = expectedRestoreOf(options.expectedRestoreTime);

  const listPoints = (query: RecoveryPointQuery, ctx: DrContext): ResultAsync<readonly RecoveryPoint[], DrError> => {
    const input: ListRecoveryPointsByBackupVaultCommandInput = {
      BackupVaultName: vault,
      ...(options.vaultAccountId ? { BackupVaultAccountId: options.vaultAccountId } : {}),
      ...(query.resourceId ? { ByResourceArn: query.resourceId } : {}),
      ...(query.resourceType ? { ByResourceType: query.resourceType } : {}),
      ...(query.after !== undefined ? { ByCreatedAfter: new Date(query.after) } : {}),
      ...(query.before !== undefined ? { ByCreatedBefore: new Date(query.before) } : {}),
    };
    const paced = pacedClient(client, site, ctx, call);
    return awsAttempt({ service: SERVICE, operation: 'ListRecoveryPointsByBackupVault' }, async () => {
      const found: RecoveryPointByBackupVault[] = [];
      for await (const page of paginateListRecoveryPointsByBackupVault({ client: paced, pageSize: 100 }, input))
        found.push(...(page.RecoveryPoints ?? []));
      return found;
    }).map((found) =>
      found.flatMap((p) => {
        const point = toRecoveryPoint(p, { ...expectedFor(expectedMs, p.ResourceType) });
        return point ? [point] : [];
      }),
    );
  };

  const startRestore = (
    target: RestoreTarget,
    start: StartRestoreOptions,
    ctx: DrContext,
  ): ResultAsync<RestoreHandle, DrError> => {
    if (target.kind !== 'point')
      return errAsync(
        invalidInput([{ path: 'target', message: `${name} restores recovery points, not point-in-time targets` }]),
      );
    const point = target.point;
    const known = ledger.byKey(start.idempotencyKey);
    if (known?.jobId) {
      ctx.logger.info('aws-backup: restore already started for this key; not starting another', {
        source: name,
        jobId: known.jobId,
      });
      return okAsync({
        jobId: known.jobId,
        idempotencyKey: start.idempotencyKey,
        createdByRun: known.runId,
        reused: true,
        attributes: { recoveryPointArn: point.id, ...(point.resourceType ? { resourceType: point.resourceType } : {}) },
      });
    }
    const askedAt = ctx.clock.now();
    return awsSend(
      client,
      new GetRecoveryPointRestoreMetadataCommand({
        BackupVaultName: vault,
        RecoveryPointArn: point.id,
        ...(options.vaultAccountId ? { BackupVaultAccountId: options.vaultAccountId } : {}),
      }),
      site,
      ctx,
      call,
    )
      .andThen((md) => {
        const resourceType = md.ResourceType ?? point.resourceType;
        const naming =
          !options.keepOriginalName && resourceType && NAMED_RESTORE_TYPES.has(resourceType)
            ? restoreMetadataFor(resourceType, { newName: start.idempotencyKey })
            : {};
        // Secret: built, sent, never logged or returned.
        const metadata: Record<string, string> = {
          ...(md.RestoreMetadata ?? {}),
          ...naming,
          ...restoreMetadataFor(resourceType, options.overrides ?? {}),
          ...(start.overrides ?? {}),
        };
        ctx.logger.info('aws-backup: starting restore job', {
          source: name,
          recoveryPointArn: point.id,
          resourceType,
          metadataKeys: Object.keys(metadata).length,
        });
        return awsSend(
          client,
          new StartRestoreJobCommand({
            RecoveryPointArn: point.id,
            Metadata: metadata,
            IamRoleArn: options.iamRoleArn,
            IdempotencyToken: start.idempotencyKey,
            ...(resourceType ? { ResourceType: resourceType } : {}),
            ...(options.copySourceTags ? { CopySourceTagsToRestoredResource: true } : {}),
          }),
          site,
          ctx,
          call,
        ).map((out) => ({ jobId: out.RestoreJobId ?? '', resourceType }));
      })
      .andThen(({ jobId, resourceType }) => {
        if (!jobId)
          return errAsync<RestoreHandle, DrError>(
            drError('ProviderError', `${name}: StartRestoreJob returned no RestoreJobId`, {
              provider: 'aws:backup',
              operation: 'StartRestoreJob',
            }),
          );
        ledger.record({ idempotencyKey: start.idempotencyKey, runId: start.runId, jobId, createdBy: CREATED_BY });
        // One read for the provider's start time; it also tells a job AWS handed back for a
        // reused IdempotencyToken (created before we asked) from a new one.
        return awsSend(client, new DescribeRestoreJobCommand({ RestoreJobId: jobId }), site, ctx, call).map(
          (job): RestoreHandle => {
            const createdAt = toEpochMs(job.CreationDate);
            return {
              jobId,
              idempotencyKey: start.idempotencyKey,
              createdByRun: start.runId,
              ...(createdAt !== undefined && createdAt < askedAt ? { reused: true } : {}),
              ...(createdAt !== undefined ? { startedAt: createdAt } : {}),
              attributes: { recoveryPointArn: point.id, ...(resourceType ? { resourceType } : {}) },
            };
          },
        );
      });
  };

  const describeRestore = (handle: RestoreHandle, ctx: DrContext): ResultAsync<RestoreStatus, DrError> =>
    awsSend(client, new DescribeRestoreJobCommand({ RestoreJobId: handle.jobId }), site, ctx, call).andThen((job) =>
      ResultAsync.fromSafePromise(clientRegion(client)).map((region) => {
        const owner = ledger.byJob(handle.jobId)?.runId ?? handle.createdByRun;
        const status = toRestoreStatus(job, owner, region);
        if (status.resource)
          ledger.record({
            idempotencyKey: handle.idempotencyKey,
            runId: owner,
            jobId: handle.jobId,
            resourceId: status.resource.id,
            createdBy: CREATED_BY,
          });
        return status;
      }),
    );

  const cleanup = (resource: RestoredResource, ctx: DrContext): ResultAsync<CleanupOutcome, DrError> => {
    const refuse = (why: string) =>
      errAsync<CleanupOutcome, DrError>(drError('AccessDenied', `${name}: refusing to delete ${resource.id}: ${why}`));
    if (resource.createdByRun !== ctx.runId) return refuse(`it is not marked as created by run ${ctx.runId}`);
    if (!resource.restoreJobId) return refuse('it names no restore job of this source');
    const ops = (resource.type && options.resources?.[resource.type]) || options.resources?.['*'];
    if (!ops)
      return errAsync(
        invalidInput([
          {
            path: `resources.${resource.type ?? '*'}`,
            message: `no delete operation configured for ${resource.type ?? 'this'} resources; pass resources: { ${resource.type ?? "'*'"}: { delete } }`,
          },
        ]),
      );
    const recorded = ledger.byJob(resource.restoreJobId);
    if (recorded && recorded.runId !== ctx.runId)
      return refuse(`restore job ${resource.restoreJobId} was started by run "${recorded.runId}"`);
    const confirmedByTags: ResultAsync<boolean, DrError> = recorded
      ? okAsync(true)
      : ops.readTags
        ? ops.readTags(resource, ctx).map((tags) => tags?.[RUN_ID_TAG] === ctx.runId)
        : okAsync(false);
    return confirmedByTags.andThen((confirmed) => {
      if (!confirmed)
        return refuse(
          `this source has no record of restore job ${resource.restoreJobId} for run ${ctx.runId}, and the resource is not tagged ${RUN_ID_TAG}=${ctx.runId}`,
        );
      return awsSend(
        client,
        new DescribeRestoreJobCommand({ RestoreJobId: resource.restoreJobId }),
        site,
        ctx,
        call,
      ).andThen((job) => {
        if (job.CreatedResourceArn !== resource.id)
          return refuse(
            `restore job ${resource.restoreJobId} created ${job.CreatedResourceArn ?? 'nothing'}, not this resource`,
          );
        return ops.delete(resource, ctx).map((outcome): CleanupOutcome => ({
          resourceId: resource.id,
          outcome,
          detail: `restored by AWS Backup job ${resource.restoreJobId}`,
        }));
      });
    });
  };

  const restoredResource = (restoreJobId: string, ctx: DrContext): ResultAsync<RestoredResource, DrError> => {
    if (typeof restoreJobId !== 'string' || restoreJobId === '')
      return errAsync(invalidInput([{ path: 'restoreJobId', message: 'must be a restore job id' }]));
    return awsSend(client, new DescribeRestoreJobCommand({ RestoreJobId: restoreJobId }), site, ctx, call).andThen(
      (job) =>
        ResultAsync.fromSafePromise(clientRegion(client)).andThen((region) => {
          const plan = job.CreatedBy?.RestoreTestingPlanArn;
          const owner = ledger.byJob(restoreJobId)?.runId ?? (plan ? `aws-backup:${plan}` : 'unknown');
          const status = toRestoreStatus(job, owner, region);
          return status.resource
            ? okAsync<RestoredResource, DrError>(status.resource)
            : errAsync<RestoredResource, DrError>(
                drError('Conflict', `restore job ${restoreJobId} is ${job.Status ?? 'unknown'}, not COMPLETED`),
              );
        }),
    );
  };

  return { name, vault, client, listPoints, startRestore, describeRestore, cleanup, restoredResource };
}

/** A `DescribeRestoreJob` answer as a drkit {@link RestoreStatus}; the resource only once COMPLETED. */
function toRestoreStatus(
  job: DescribeRestoreJobCommandOutput,
  owner: string,
  region: string | undefined,
): RestoreStatus {
  const state = restoreStateOf(job.Status);
  const completedAt = toEpochMs(job.CompletionDate);
  const percent = job.PercentDone !== undefined ? Number.parseFloat(job.PercentDone) : Number.NaN;
  const resource: RestoredResource | undefined =
    state === 'completed' && job.CreatedResourceArn && job.RestoreJobId
      ? {
          id: job.CreatedResourceArn,
          ...(job.ResourceType ? { type: job.ResourceType } : {}),
          ...(region ? { region } : {}),
          createdByRun: owner,
          restoreJobId: job.RestoreJobId,
          attributes: {
            ...(job.RecoveryPointArn ? { recoveryPointArn: job.RecoveryPointArn } : {}),
            ...(job.SourceResourceArn ? { sourceResourceArn: job.SourceResourceArn } : {}),
            ...(job.BackupVaultArn ? { backupVaultArn: job.BackupVaultArn } : {}),
            ...(job.ValidationStatus ? { validationStatus: job.ValidationStatus } : {}),
          },
        }
      : undefined;
  return {
    state,
    ...(resource ? { resource } : {}),
    ...(completedAt !== undefined ? { completedAt } : {}),
    ...(job.StatusMessage ? { detail: job.StatusMessage } : {}),
    ...(job.ExpectedCompletionTimeMinutes !== undefined
      ? { expectedCompletionMs: job.ExpectedCompletionTimeMinutes * 60_000 }
      : {}),
    ...(Number.isFinite(percent) ? { percentDone: percent } : {}),
  };
}

function checkOptions(options: BackupVaultSourceOptions): Problems {
  const problems = new Problems();
  checkClientOption(problems, options);
  if (typeof options !== 'object' || options === null) return problems;
  if (typeof options.vault !== 'string' || !/^[a-zA-Z0-9\-_]{2,50}$/.test(options.vault))
    problems.add('vault', 'must be a backup vault name (2-50 letters, digits, hyphens or underscores)');
  if (typeof options.iamRoleArn !== 'string' || !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(options.iamRoleArn))
    problems.add('iamRoleArn', 'must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)');
  if (options.vaultAccountId !== undefined && !/^\d{12}$/.test(String(options.vaultAccountId)))
    problems.add('vaultAccountId', 'must be a 12-digit account id');
  if (options.expectedRestoreTime !== undefined) {
    const entries: Array<[string, unknown]> =
      typeof options.expectedRestoreTime === 'object'
        ? Object.entries(options.expectedRestoreTime).map(([k, v]) => [`expectedRestoreTime.${k}`, v])
        : [['expectedRestoreTime', options.expectedRestoreTime]];
    for (const [path, value] of entries) {
      const parsed = parseDuration(value as Duration, path);
      if (parsed.isErr()) problems.addAll('', parsed.error.problems);
    }
  }
  for (const [type, ops] of Object.entries(options.resources ?? {}))
    if (typeof ops?.delete !== 'function') problems.add(`resources.${type}.delete`, 'must be a function');
  const o = options.overrides?.metadata;
  for (const [k, v] of Object.entries(o ?? {}))
    if (typeof v !== 'string') problems.add(`overrides.metadata.${k}`, 'must be a string');
  return problems;
}

type ExpectedRestore = number | Readonly<Record<string, number>> | undefined;

function expectedRestoreOf(value: BackupVaultSourceOptions['expectedRestoreTime']): ExpectedRestore {
  if (value === undefined) return undefined;
  if (typeof value !== 'object') return parseDuration(value).unwrapOr(undefined);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(value)) {
    const ms = parseDuration(v).unwrapOr(undefined);
    if (ms !== undefined) out[k] = ms;
  }
  return out;
}

function expectedFor(expected: ExpectedRestore, type: string | undefined): { expectedRestoreMs?: number } {
  const ms = typeof expected === 'number' ? expected : expected && type ? expected[type] : undefined;
  return ms !== undefined && ms > 0 ? { expectedRestoreMs: ms } : {};
}

function refusing(name: string, vault: string, error: DrError): BackupVaultSource {
  const fail = () => errAsync(error);
  return {
    name,
    vault,
    client: undefined as unknown as BackupClient,
    listPoints: fail,
    startRestore: fail,
    describeRestore: fail,
    cleanup: fail,
    restoredResource: fail,
  };
}
