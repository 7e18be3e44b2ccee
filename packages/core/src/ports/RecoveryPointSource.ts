import type { ResultAsync } from 'neverthrow';
import type { DrError } from '../errors/DrError';
import type { DrContext } from '../context/DrContext';

/**
 * The state of a recovery point, normalised across providers.
 *
 * | drkit       | AWS Backup                 | ElastiCache snapshot | Atlas Cloud Backup |
 * |-------------|----------------------------|----------------------|--------------------|
 * | `completed` | `COMPLETED`, `AVAILABLE`   | `available`          | `completed`        |
 * | `partial`   | `PARTIAL`                  | —                    | —                  |
 * | `running`   | `CREATING`                 | `creating`           | `queued`, `inProgress` |
 * | `failed`    | —                          | `failed`             | `failed`           |
 * | `expired`   | `EXPIRED`                  | —                    | —                  |
 * | `deleting`  | `DELETING`                 | `deleting`           | —                  |
 * | `stopped`   | `STOPPED`                  | —                    | —                  |
 *
 * Only `completed` points are ever restored by {@link restorePoint}.
 */
export type RecoveryPointStatus = 'completed' | 'partial' | 'running' | 'failed' | 'expired' | 'deleting' | 'stopped';

/**
 * One restorable copy of a resource: an AWS Backup recovery point, an ElastiCache snapshot,
 * an Atlas Cloud Backup snapshot. Plain, JSON-serialisable data without secrets.
 */
export interface RecoveryPoint {
  /** Provider id: recovery point ARN, snapshot name, Atlas snapshot id. */
  readonly id: string;
  /**
   * When the data in the point is consistent as of (ms epoch): AWS Backup `CreationDate`,
   * the snapshot's start time. The achieved RPO is measured against this instant.
   */
  readonly createdAt: number;
  readonly status: RecoveryPointStatus;
  /** The protected resource (ARN, replication group id, cluster name). */
  readonly resourceId?: string;
  /** The provider's resource type (`RDS`, `EC2`, `ElastiCache`, `Atlas`…). */
  readonly resourceType?: string;
  readonly sizeBytes?: number;
  /** Set on a member of a composite point (AWS Backup `ParentRecoveryPointArn`). */
  readonly parentId?: string;
  /** True for the parent of a composite point (AWS Backup `IsParent`); restoring it restores its members. */
  readonly isParent?: boolean;
  /** The region the point was copied from, for cross-region copies. */
  readonly sourceRegion?: string;
  /** How long a restore of this point is expected to take (ms), from history or the provider; seeds polling. */
  readonly expectedRestoreMs?: number;
  /** Extra provider facts worth showing in a report (never secrets). */
  readonly attributes?: Readonly<Record<string, string>>;
}

/** Filters for {@link RecoveryPointSource.listPoints}. Adapters may ignore some; core filters again. */
export interface RecoveryPointQuery {
  /** Only points created strictly after this time (ms epoch). */
  readonly after?: number;
  /** Only points created at or before this time (ms epoch). */
  readonly before?: number;
  /** Only points of this protected resource. */
  readonly resourceId?: string;
  /** Only points of this resource type. */
  readonly resourceType?: string;
}

/** The span within which a point-in-time restore is possible (ms epoch, inclusive). */
export interface PointInTimeWindow {
  readonly earliest: number;
  readonly latest: number;
}

/** What to restore: one recovery point, or a moment inside a point-in-time window. */
export type RestoreTarget =
  | { readonly kind: 'point'; readonly point: RecoveryPoint }
  | { readonly kind: 'pointInTime'; readonly at: number; readonly resourceId?: string };

/** Options core passes to {@link RecoveryPointSource.startRestore}. */
export interface StartRestoreOptions {
  /**
   * Derived deterministically from the run id and step. A repeated call with the same key must
   * return the job started the first time (AWS Backup `IdempotencyToken`; for providers without
   * one, the adapter names or tags the restored resource after the key and finds it again).
   */
  readonly idempotencyKey: string;
  /** The run that owns whatever this restore creates; the adapter tags/records it for {@link RecoveryPointSource.cleanup}. */
  readonly runId: string;
  /** Target overrides (new resource name, subnet group, instance class…). May hold secrets: adapters must not log them. */
  readonly overrides?: Readonly<Record<string, string>>;
  /** Extra tags to put on the restored resource. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A started restore job, as {@link RecoveryPointSource.startRestore} hands it back. JSON-serialisable. */
export interface RestoreHandle {
  /** Provider job id (AWS Backup `RestoreJobId`, Atlas restore job id, or the new resource's id). */
  readonly jobId: string;
  readonly idempotencyKey: string;
  /** The run recorded on the job (equals `StartRestoreOptions.runId`). */
  readonly createdByRun: string;
  /** True when the adapter found an existing job for the key instead of starting one. */
  readonly reused?: boolean;
  /** When the provider says the job started (ms epoch). */
  readonly startedAt?: number;
  /** Provider facts the adapter needs later (never secrets). */
  readonly attributes?: Readonly<Record<string, string>>;
}

/** A resource a restore created. JSON-serialisable, no secrets (no passwords, no connection strings with credentials). */
export interface RestoredResource {
  /** Provider id (ARN, replication group id, cluster name). */
  readonly id: string;
  readonly type?: string;
  readonly region?: string;
  /**
   * The run that created it, read back from the provider's tag/record. Core refuses to clean up a
   * resource whose marker differs from the current run id, and the adapter must refuse too.
   */
  readonly createdByRun: string;
  /** The restore job that created it (needed e.g. for AWS Backup `PutRestoreValidationResult`). */
  readonly restoreJobId?: string;
  /** Where to reach it (host name, endpoint ARN), without credentials. */
  readonly endpoint?: string;
  readonly attributes?: Readonly<Record<string, string>>;
}

/** Lifecycle of a restore job. AWS Backup `ABORTED` is `cancelled`. */
export type RestoreState = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';

/** One observation of a restore job, from {@link RecoveryPointSource.describeRestore}. */
export interface RestoreStatus {
  readonly state: RestoreState;
  /** The created resource; required once `state` is `completed`. */
  readonly resource?: RestoredResource;
  /** When the provider says the job finished (ms epoch, AWS Backup `CompletionDate`). */
  readonly completedAt?: number;
  /** Provider status message, progress (`'RUNNING 40%'`) or failure reason. */
  readonly detail?: string;
  /** The provider's estimate of the job's total duration (ms), e.g. `ExpectedCompletionTimeMinutes`. */
  readonly expectedCompletionMs?: number;
  readonly percentDone?: number;
}

/** What {@link RecoveryPointSource.cleanup} did. */
export interface CleanupOutcome {
  readonly resourceId: string;
  /** `deleted` now, or `already-gone` (a repeated cleanup is not an error). */
  readonly outcome: 'deleted' | 'already-gone';
  readonly detail?: string;
}

/**
 * Port: where recovery points come from and where restores run. Implemented by the AWS Backup
 * vault and ElastiCache snapshot adapters in `@drkit/aws` and the Cloud Backup adapter in
 * `@drkit/atlas`. Every method returns `ResultAsync` and never throws; errors are `DrError`s
 * (throttling `Throttled`, transient faults `Unavailable`, both `retryable`).
 *
 * Contract for implementers:
 * - `listPoints` is read-only and returns every page (the adapter paginates).
 * - `startRestore` is idempotent on `options.idempotencyKey`: a repeated call never starts a
 *   second job; it returns the first job's handle (with `reused: true` when it can tell).
 * - The adapter records `options.runId` on what it creates (a `drkit:run-id` tag) and returns it
 *   as `createdByRun`; `cleanup` deletes only resources carrying the caller's `ctx.runId` and
 *   refuses any other with an `AccessDenied` error (a `Conflict` if the resource is busy).
 *
 * @example
 * ```ts
 * const source: RecoveryPointSource = {
 *   name: 'memory',
 *   listPoints: () => okAsync([{ id: 'p1', createdAt: Date.parse('2026-11-22T02:50:00Z'), status: 'completed' }]),
 *   startRestore: (_t, o) => okAsync({ jobId: 'job-1', idempotencyKey: o.idempotencyKey, createdByRun: o.runId }),
 *   describeRestore: (h) => okAsync({ state: 'completed', resource: { id: 'restored-1', createdByRun: h.createdByRun } }),
 *   cleanup: (r) => okAsync({ resourceId: r.id, outcome: 'deleted' }),
 * };
 * ```
 */
export interface RecoveryPointSource {
  /** Names the source in reports and errors: `'aws-backup:dr-vault'`, `'atlas:orders-cluster'`. */
  readonly name: string;
  /** True when {@link RecoveryPointSource.pointInTimeWindow} and `pointInTime` restore targets are supported. */
  readonly supportsPointInTime?: boolean;
  /** Recovery points matching the query, any order, every page. */
  listPoints(query: RecoveryPointQuery, ctx: DrContext): ResultAsync<readonly RecoveryPoint[], DrError>;
  /** The current point-in-time restore window, or `undefined` when there is none (continuous backup off). */
  pointInTimeWindow?(query: RecoveryPointQuery, ctx: DrContext): ResultAsync<PointInTimeWindow | undefined, DrError>;
  /** Starts (or finds, for a known idempotency key) a restore job. */
  startRestore(
    target: RestoreTarget,
    options: StartRestoreOptions,
    ctx: DrContext,
  ): ResultAsync<RestoreHandle, DrError>;
  /** Reads the job's current state; read-only. */
  describeRestore(handle: RestoreHandle, ctx: DrContext): ResultAsync<RestoreStatus, DrError>;
  /** Deletes a resource this run created; refuses (`AccessDenied`) a resource created by anyone else. */
  cleanup(resource: RestoredResource, ctx: DrContext): ResultAsync<CleanupOutcome, DrError>;
}
