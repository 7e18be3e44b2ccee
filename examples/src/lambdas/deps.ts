import type { BackupClient } from '@aws-sdk/client-backup';
import type { SSMClient } from '@aws-sdk/client-ssm';
import {
  resolveContext,
  type Clock,
  type DrContext,
  type DrError,
  type Logger,
  type MetricsSink,
  type Notifier,
  type RestoredResource,
} from '@drkit/core';
import type { RestoredResourceOps } from '@drkit/aws/backup';
import type { ResultAsync } from 'neverthrow';
import type { RestoreTestConfig } from './config';
import { parameterRunStore, type RunStore } from './runStore';

/** A metrics sink; one that buffers (`flush()` writes what was put since the last flush) is flushed at the end of each handler. */
export type FlushableMetrics = MetricsSink & { flush?(): void };

/**
 * Everything the restore-test Lambdas use from outside, injected: the deployed handlers build
 * these from the environment and real SDK clients (see `lambdas/index.ts`); tests pass clients
 * of the simulated cloud and its virtual clock.
 */
export interface RestoreTestDeps {
  readonly config: RestoreTestConfig;
  /** AWS Backup in the vault's region. */
  readonly backup: BackupClient;
  /** Parameter Store, where runs are recorded. */
  readonly ssm: SSMClient;
  /** Tells the operations team (SNS). */
  readonly notifier: Notifier;
  /** CloudWatch metrics (EMF on stdout in Lambda). */
  readonly metrics: FlushableMetrics;
  /**
   * Deletes what a restore created, by resource type (`EC2`: terminate the instance). AWS
   * Backup does not delete restored resources itself (outside restore testing plans).
   */
  readonly resources: Readonly<Record<string, RestoredResourceOps>>;
  /** The base URL of the restored instance's application (`http://<private ip>:8080`). */
  readonly endpointOf: (resource: RestoredResource, ctx: DrContext) => ResultAsync<string, DrError>;
  /** Where runs are kept. Default: Parameter Store under `config.parameterPrefix`. */
  readonly runs?: RunStore;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly fetch?: typeof fetch;
  /** Random numbers for retry jitter. Default `Math.random`. */
  readonly random?: () => number;
}

/**
 * The run store the deps name, or Parameter Store under the config's prefix.
 *
 * @example
 * ```ts
 * const run = await runStoreOf(deps).get('restore-test-2026-11-22', ctx);
 * ```
 */
export function runStoreOf(deps: RestoreTestDeps): RunStore {
  return deps.runs ?? parameterRunStore(deps.ssm, deps.config.parameterPrefix);
}

/**
 * The drkit context a handler runs a run under: the deps' clock, logger, metrics and the run id.
 *
 * @example
 * ```ts
 * const ctx = contextFor(deps, 'restore-test-2026-11-22');
 * ```
 */
export function contextFor(deps: RestoreTestDeps, runId: string): DrContext {
  return resolveContext({
    runId,
    metrics: deps.metrics,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.random ? { random: deps.random } : {}),
  });
}
