import { errAsync, okAsync } from 'neverthrow';
import {
  drError,
  type CleanupOutcome,
  type DrContext,
  type PointInTimeWindow,
  type RecoveryPoint,
  type RecoveryPointQuery,
  type RecoveryPointSource,
  type RestoreHandle,
  type RestoreStatus,
  type RestoreTarget,
  type StartRestoreOptions,
} from '../../src/index';
import { PortCalls } from './PortCalls';

/** A restore job inside the fake. */
export interface FakeRestoreJob {
  readonly jobId: string;
  readonly idempotencyKey: string;
  readonly runId: string;
  readonly target: RestoreTarget;
  readonly startedAt: number;
  readonly completesAt: number;
  readonly outcome: 'completed' | 'failed';
  readonly resourceId: string;
}

/** A resource the fake knows: restored by a job, or there from the start (production). */
export interface FakeResource {
  readonly id: string;
  readonly createdByRun: string;
  deleted: boolean;
}

/** Options of {@link FakeRecoveryPointSource}. */
export interface FakeRecoveryPointSourceOptions {
  name?: string;
  points?: RecoveryPoint[];
  /** How long a restore job runs. Default 30 min. */
  restoreDurationMs?: number;
  /** Jobs of these point ids fail. */
  failingPoints?: string[];
  pointInTimeWindow?: PointInTimeWindow;
  calls?: PortCalls;
}

/**
 * An in-memory {@link RecoveryPointSource}: restore jobs run for `restoreDurationMs` of the
 * context clock; `startRestore` is idempotent on the key; `cleanup` deletes only resources
 * tagged with the caller's run id.
 */
export class FakeRecoveryPointSource implements RecoveryPointSource {
  readonly name: string;
  readonly supportsPointInTime: boolean;
  readonly points: RecoveryPoint[];
  readonly jobs: FakeRestoreJob[] = [];
  readonly resources = new Map<string, FakeResource>();
  readonly calls: PortCalls;
  restoreDurationMs: number;
  readonly #failing: Set<string>;
  readonly #window: PointInTimeWindow | undefined;

  constructor(options: FakeRecoveryPointSourceOptions = {}) {
    this.name = options.name ?? 'fake-vault';
    this.points = options.points ?? [];
    this.restoreDurationMs = options.restoreDurationMs ?? 30 * 60_000;
    this.#failing = new Set(options.failingPoints ?? []);
    this.#window = options.pointInTimeWindow;
    this.supportsPointInTime = options.pointInTimeWindow !== undefined;
    this.calls = options.calls ?? new PortCalls();
  }

  /** Adds a resource that no run created (e.g. the production database). */
  addForeignResource(id: string, createdByRun = ''): void {
    this.resources.set(id, { id, createdByRun, deleted: false });
  }

  listPoints(query: RecoveryPointQuery) {
    this.#record('listPoints', false, query);
    const fault = this.calls.takeFault('listPoints');
    if (fault) return errAsync(fault);
    return okAsync(
      this.points.filter(
        (p) =>
          (query.resourceId === undefined || p.resourceId === query.resourceId) &&
          (query.after === undefined || p.createdAt > query.after) &&
          (query.before === undefined || p.createdAt <= query.before),
      ),
    );
  }

  pointInTimeWindow(_query: RecoveryPointQuery) {
    this.#record('pointInTimeWindow', false);
    return okAsync(this.#window);
  }

  startRestore(target: RestoreTarget, options: StartRestoreOptions, ctx: DrContext) {
    this.#record('startRestore', true, { target, idempotencyKey: options.idempotencyKey });
    const fault = this.calls.takeFault('startRestore');
    if (fault) return errAsync(fault);
    const existing = this.jobs.find((j) => j.idempotencyKey === options.idempotencyKey);
    if (existing) return okAsync(this.#handle(existing, true));
    const n = this.jobs.length + 1;
    const now = ctx.clock.now();
    const pointId = target.kind === 'point' ? target.point.id : `pit@${target.at}`;
    const job: FakeRestoreJob = {
      jobId: `job-${n}`,
      idempotencyKey: options.idempotencyKey,
      runId: options.runId,
      target,
      startedAt: now,
      completesAt: now + this.restoreDurationMs,
      outcome: this.#failing.has(pointId) ? 'failed' : 'completed',
      resourceId: `restored-${n}`,
    };
    this.jobs.push(job);
    return okAsync(this.#handle(job, false));
  }

  describeRestore(handle: RestoreHandle, ctx: DrContext) {
    this.#record('describeRestore', false, { jobId: handle.jobId });
    const fault = this.calls.takeFault('describeRestore');
    if (fault) return errAsync(fault);
    const job = this.jobs.find((j) => j.jobId === handle.jobId);
    if (!job) return errAsync(drError('NotFound', `no restore job ${handle.jobId}`, { resource: handle.jobId }));
    const now = ctx.clock.now();
    if (now < job.completesAt) {
      const percentDone = Math.floor(((now - job.startedAt) / (job.completesAt - job.startedAt)) * 100);
      return okAsync<RestoreStatus>({ state: 'running', percentDone, expectedCompletionMs: this.restoreDurationMs });
    }
    if (job.outcome === 'failed') {
      return okAsync<RestoreStatus>({ state: 'failed', completedAt: job.completesAt, detail: 'Insufficient capacity' });
    }
    if (!this.resources.has(job.resourceId)) {
      this.resources.set(job.resourceId, { id: job.resourceId, createdByRun: job.runId, deleted: false });
    }
    return okAsync<RestoreStatus>({
      state: 'completed',
      completedAt: job.completesAt,
      resource: { id: job.resourceId, type: 'RDS', createdByRun: job.runId, restoreJobId: job.jobId },
    });
  }

  cleanup(resource: { id: string }, ctx: DrContext) {
    this.#record('cleanup', true, { resourceId: resource.id });
    const known = this.resources.get(resource.id);
    if (!known) return errAsync(drError('NotFound', `no resource ${resource.id}`, { resource: resource.id }));
    if (known.createdByRun !== ctx.runId) {
      return errAsync(drError('AccessDenied', `${resource.id} is not tagged with run ${ctx.runId}`));
    }
    const outcome: CleanupOutcome = { resourceId: resource.id, outcome: known.deleted ? 'already-gone' : 'deleted' };
    known.deleted = true;
    return okAsync(outcome);
  }

  #handle(job: FakeRestoreJob, reused: boolean): RestoreHandle {
    return {
      jobId: job.jobId,
      idempotencyKey: job.idempotencyKey,
      createdByRun: job.runId,
      reused,
      startedAt: job.startedAt,
    };
  }

  #record(operation: string, mutating: boolean, input?: unknown): void {
    this.calls.record({ port: 'RecoveryPointSource', target: this.name, operation, mutating, input });
  }
}
