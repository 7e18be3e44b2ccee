import {
  BackupClient,
  PutRestoreValidationResultCommand,
  type BackupClientConfig,
  type RestoreValidationStatus,
} from '@aws-sdk/client-backup';
import {
  Problems,
  invalidInput,
  type DrError,
  type RestoredResource,
  type ValidationReport,
  type ValidationReporter,
} from '@drkit/core';
import { errAsync } from 'neverthrow';
import { checkClientOption, resolveClient, type AwsClientOption } from '../shared/clientOptions';
import { awsSend, type AwsCallOptions } from '../shared/send';

/** Options of {@link restoreValidationReporter}. */
export type RestoreValidationReporterOptions = AwsClientOption<BackupClient, BackupClientConfig> & AwsCallOptions;

/** What a subject needs for {@link restoreValidationReporter}: the AWS Backup restore job that created it. */
export type RestoreJobSubject = Pick<RestoredResource, 'id' | 'restoreJobId'>;

/** `ValidationStatusMessage` is kept short enough for consoles and CloudTrail. */
const MAX_MESSAGE = 1000;

/**
 * The AWS Backup validation status of a drkit validation report: `passed` → `SUCCESSFUL`; a
 * failure where every failed required check timed out → `TIMED_OUT`; any other failure → `FAILED`.
 *
 * @example
 * ```ts
 * validationStatusOf(report); // 'FAILED'
 * ```
 */
export function validationStatusOf(report: ValidationReport): RestoreValidationStatus {
  if (report.status === 'passed') return 'SUCCESSFUL';
  const failed = report.verdicts.filter((v) => report.failed.includes(v.name));
  return failed.length > 0 && failed.every((v) => v.error?.kind === 'Timeout') ? 'TIMED_OUT' : 'FAILED';
}

/**
 * A `validateRestore` reporter that records the verdict on the AWS Backup restore job with
 * `PutRestoreValidationResult` (`SUCCESSFUL`, `FAILED` or `TIMED_OUT`, with a one-line message
 * naming the failed checks). Meant for restore jobs started by an AWS Backup restore testing
 * plan, which then shows the verdict in the console and deletes the restored resource; AWS
 * accepts a result only for a `COMPLETED` job. Use a client in the job's region.
 *
 * @example
 * ```ts
 * await validateRestore(restored.resource, checks, {
 *   reporter: restoreValidationReporter({ client: new BackupClient({ region: 'us-west-2' }) }),
 * }, ctx);
 * ```
 */
export function restoreValidationReporter<S extends RestoreJobSubject>(
  options: RestoreValidationReporterOptions,
): ValidationReporter<S> {
  const problems = new Problems();
  checkClientOption(problems, options);
  if (problems.any) {
    const error = invalidInput(problems.list);
    return () => errAsync(error);
  }
  const client = resolveClient<BackupClient, BackupClientConfig>(options, (config) => new BackupClient(config));
  return (report, subject, ctx) => {
    const jobId = subject?.restoreJobId;
    if (typeof jobId !== 'string' || jobId === '')
      return errAsync<unknown, DrError>(
        invalidInput([{ path: 'subject.restoreJobId', message: 'names no AWS Backup restore job to report to' }]),
      );
    const status = validationStatusOf(report);
    const message =
      status === 'SUCCESSFUL'
        ? `drkit: ${report.verdicts.length} checks passed`
        : `drkit: failed ${report.failed.join(', ')}`;
    return awsSend(
      client,
      new PutRestoreValidationResultCommand({
        RestoreJobId: jobId,
        ValidationStatus: status,
        ValidationStatusMessage: message.slice(0, MAX_MESSAGE),
      }),
      { service: 'backup' },
      ctx,
      options,
    ).map(() => ({ restoreJobId: jobId, validationStatus: status }));
  };
}
