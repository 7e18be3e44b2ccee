import { BackupClient } from '@aws-sdk/client-backup';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { formatDrError, type DrError, type InvalidInputError } from '@drkit/core';
import { emfMetrics, snsNotifier } from '@drkit/aws/notify';
import type { Result, ResultAsync } from 'neverthrow';
import { restoreTestConfigFromEnv } from './config';
import type { RestoreTestDeps } from './deps';
import { validateWeeklyRestore, type RestoreJobHandled } from './restoreJobCompleted';
import { startWeeklyRestore, type ScheduledRestoreResult } from './scheduledRestore';
import { weeklyRestoreSummary, type RestoreTestSummary } from './weeklySummary';

/** The three Lambda handlers of the weekly restore test. */
export interface RestoreTestHandlers {
  /** EventBridge schedule (Sundays 03:00 UTC). */
  readonly scheduled: (event: unknown) => Promise<ScheduledRestoreResult>;
  /** EventBridge `Restore Job State Change`. */
  readonly completed: (event: unknown) => Promise<RestoreJobHandled>;
  /** EventBridge schedule (the weekly report). */
  readonly summary: (event?: unknown) => Promise<RestoreTestSummary>;
}

/** Lambda reports a failed invocation by a rejected promise; EventBridge then retries it. */
async function settle<T>(result: ResultAsync<T, DrError>): Promise<T> {
  const r = await result;
  if (r.isOk()) return r.value;
  throw Object.assign(new Error(formatDrError(r.error)), { name: r.error.kind, retryable: r.error.retryable });
}

/**
 * The Lambda handlers over a set of deps. A handler rejects (so Lambda records an error and
 * EventBridge retries the event) only when it could not do its work; a failed restore test is a
 * result, reported by metric and SNS, not an error.
 *
 * @example
 * ```ts
 * const handlers = restoreTestHandlers(deps);
 * export const scheduled = handlers.scheduled;
 * export const completed = handlers.completed;
 * export const summary = handlers.summary;
 * ```
 */
export function restoreTestHandlers(deps: RestoreTestDeps): RestoreTestHandlers {
  return {
    scheduled: (event) => settle(startWeeklyRestore(event, deps)),
    completed: (event) => settle(validateWeeklyRestore(event, deps)),
    summary: () => settle(weeklyRestoreSummary(deps)),
  };
}

/**
 * Deps for the deployed Lambdas: the config from the environment (`RESTORE_TEST_*`, see
 * `RESTORE_TEST_ENV`), SDK clients in the Lambda's region with the usual credential chain, the
 * SNS topic of the config and EMF metrics on stdout. `resources` and `endpointOf` are yours.
 *
 * @example
 * ```ts
 * const deps = depsFromEnvironment(process.env, {
 *   resources: { EC2: { delete: (r, ctx) => terminateInstance(r.id, ctx) } },
 *   endpointOf: (r, ctx) => privateIpOf(r.id, ctx).map((ip) => `http://${ip}:8080`),
 * });
 * if (deps.isErr()) throw new Error(deps.error.message);
 * export const { scheduled, completed, summary } = restoreTestHandlers(deps.value);
 * ```
 */
export function depsFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  own: Pick<RestoreTestDeps, 'resources' | 'endpointOf'> & Partial<RestoreTestDeps>,
): Result<RestoreTestDeps, InvalidInputError> {
  return restoreTestConfigFromEnv(env).andThen((config) =>
    emfMetrics({ namespace: config.metricsNamespace }).map((metrics): RestoreTestDeps => ({
      config,
      backup: new BackupClient({}),
      ssm: new SSMClient({}),
      notifier: snsNotifier({ client: new SNSClient({}), topicArn: config.topicArn }),
      metrics,
      ...own,
    })),
  );
}
