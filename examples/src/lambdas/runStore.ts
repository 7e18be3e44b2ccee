import type { RestoreValidationStatus } from '@aws-sdk/client-backup';
import { GetParameterCommand, GetParametersCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { drError, type DrContext, type DrError } from '@drkit/core';
import { awsSend } from '@drkit/aws';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';

/** One restore job a run started. */
export interface RestoreAttempt {
  /** 1 for the scheduled restore, 2… for retries after a transient failure. */
  readonly attempt: number;
  readonly idempotencyKey: string;
  readonly jobId: string;
  readonly recoveryPointArn: string;
  /** When the recovery point's data is consistent as of (ISO-8601). */
  readonly pointCreatedAt: string;
  readonly startedAt: string;
  /** Set when the job's completion event has been handled. */
  readonly state?: 'completed' | 'failed';
  readonly finishedAt?: string;
  /** The restore job's own reason when it failed. */
  readonly failure?: string;
}

/** One check of the outcome, as the run record keeps it. */
export interface RecordedCheck {
  readonly name: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly detail?: string;
}

/** How a run ended. */
export interface RestoreTestOutcome {
  readonly status: 'passed' | 'failed';
  /** Why it failed: the failed checks, or the restore job's reason. */
  readonly reason?: string;
  /** What was recorded on the restore job with `PutRestoreValidationResult`. */
  readonly validationStatus?: RestoreValidationStatus;
  /** The restore job's duration (creation → completion), seconds. */
  readonly restoreSeconds?: number;
  /** How old the restored data was at the scheduled time, seconds. */
  readonly dataAgeSeconds?: number;
  readonly checks: readonly RecordedCheck[];
  /** Whether the test instance was deleted. */
  readonly cleanedUp: boolean;
  readonly finishedAt: string;
}

/**
 * One week's restore test, kept in Parameter Store between the two Lambdas (a Lambda keeps no
 * state between invocations). JSON, no secrets.
 */
export interface RestoreTestRun {
  readonly runId: string;
  readonly scheduledAt: string;
  readonly vault: string;
  readonly resourceArn?: string;
  readonly attempts: readonly RestoreAttempt[];
  readonly outcome?: RestoreTestOutcome;
}

/**
 * The run id of the restore test scheduled at `time`: `restore-test-YYYY-MM-DD` (UTC date), so
 * every delivery of one week's schedule event names the same run.
 *
 * @example
 * ```ts
 * restoreTestRunId(Date.parse('2026-11-22T03:00:00Z')); // 'restore-test-2026-11-22'
 * ```
 */
export function restoreTestRunId(time: number): string {
  return `restore-test-${new Date(time).toISOString().slice(0, 10)}`;
}

/** Where runs are recorded: one parameter per run, one index parameter per restore job. */
export interface RunStore {
  /** The run, or `undefined` when none was recorded under that id. */
  get(runId: string, ctx: DrContext): ResultAsync<RestoreTestRun | undefined, DrError>;
  put(run: RestoreTestRun, ctx: DrContext): ResultAsync<RestoreTestRun, DrError>;
  /** Records that `jobId` belongs to `runId` (how the completion handler recognises its jobs). */
  indexJob(jobId: string, runId: string, ctx: DrContext): ResultAsync<void, DrError>;
  /** The run a restore job belongs to, or `undefined` for a job no restore test started. */
  runOfJob(jobId: string, ctx: DrContext): ResultAsync<string | undefined, DrError>;
  /** The runs of many jobs at once (jobs of no run are absent from the map). */
  runsOfJobs(jobIds: readonly string[], ctx: DrContext): ResultAsync<ReadonlyMap<string, string>, DrError>;
}

const SITE = { service: 'ssm' };
/** `GetParameters` takes at most 10 names. */
const BATCH = 10;

/**
 * A {@link RunStore} in SSM Parameter Store under `prefix`: `<prefix>/runs/<run id>` holds the
 * run as JSON, `<prefix>/jobs/<restore job id>` the run id of each job it started.
 *
 * @example
 * ```ts
 * const runs = parameterRunStore(new SSMClient({}), '/jobs-api/restore-test');
 * const run = await runs.get('restore-test-2026-11-22', ctx);
 * ```
 */
export function parameterRunStore(ssm: SSMClient, prefix: string): RunStore {
  const runName = (runId: string) => `${prefix}/runs/${runId}`;
  const jobName = (jobId: string) => `${prefix}/jobs/${jobId}`;
  const read = (name: string, ctx: DrContext): ResultAsync<string | undefined, DrError> =>
    awsSend(ssm, new GetParameterCommand({ Name: name }), SITE, ctx)
      .map((out) => out.Parameter?.Value)
      .orElse((e) => (e.kind === 'NotFound' ? okAsync(undefined) : errAsync(e)));
  const write = (name: string, value: string, description: string, ctx: DrContext) =>
    awsSend(
      ssm,
      new PutParameterCommand({
        Name: name,
        Value: value,
        Type: 'String',
        Overwrite: true,
        Description: description,
        // A run with several attempts can outgrow the Standard tier's 4 KB.
        Tier: 'Intelligent-Tiering',
      }),
      SITE,
      ctx,
    );

  return {
    get: (runId, ctx) =>
      read(runName(runId), ctx).andThen((text) => {
        if (text === undefined) return okAsync(undefined);
        try {
          return okAsync(JSON.parse(text) as RestoreTestRun);
        } catch {
          return errAsync(drError('Conflict', `run record ${runName(runId)} is not JSON; fix or delete it`));
        }
      }),
    put: (run, ctx) =>
      write(runName(run.runId), JSON.stringify(run), 'drkit weekly restore test run', ctx).map(() => run),
    indexJob: (jobId, runId, ctx) =>
      write(jobName(jobId), runId, 'drkit weekly restore test: the run of this restore job', ctx).map(() => undefined),
    runOfJob: (jobId, ctx) => read(jobName(jobId), ctx),
    runsOfJobs: (jobIds, ctx) => {
      const batches: string[][] = [];
      for (let i = 0; i < jobIds.length; i += BATCH) batches.push(jobIds.slice(i, i + BATCH));
      return ResultAsync.combine(
        batches.map((batch) =>
          awsSend(ssm, new GetParametersCommand({ Names: batch.map(jobName) }), SITE, ctx).map((out) =>
            (out.Parameters ?? []).flatMap((p) =>
              p.Name && p.Value ? [[p.Name.slice(jobName('').length), p.Value] as const] : [],
            ),
          ),
        ),
      ).map((pages) => new Map(pages.flat()));
    },
  };
}
