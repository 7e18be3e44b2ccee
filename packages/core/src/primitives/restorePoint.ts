import { ResultAsync, err, errAsync, ok, okAsync, type Result } from 'neverthrow';
import { drError, invalidInput, type DrError } from '../errors/DrError';
import { Problems } from '../errors/problems';
import { resolveContext, type DrContext, type DrContextInput } from '../context/DrContext';
import { formatDuration, type Duration } from '../time/duration';
import { waitFor, type WaitStatus } from '../wait/waitFor';
import { DEFAULT_RPO_MS, DEFAULT_RTO_MS, type RpoMeasurement } from '../measure/objectives';
import type {
  CleanupOutcome,
  RecoveryPoint,
  RecoveryPointQuery,
  RecoveryPointSource,
  RestoreHandle,
  RestoredResource,
  RestoreStatus,
  RestoreTarget,
} from '../ports/RecoveryPointSource';
import { idempotencyKey } from './idempotency';
import type { PlannedCall } from './plan';
import {
  callPort,
  callPortWithRetry,
  checkPort,
  checkStringRecord,
  durationOption,
  isNonEmptyString,
  isObject,
  isTime,
} from './internal';

/**
 * How {@link restorePoint} chooses what to restore. Exactly one key:
 *
 * - `{ latest: true }` — the newest completed point.
 * - `{ latestWithinRpo: { rpo, before? } }` — the newest completed point taken at or before
 *   `before` (default `incidentAt`, else now) and no more than `rpo` older than it;
 *   `RpoViolated` when there is none.
 * - `{ randomWithin: { window } }` — a completed point taken within `window` before now, drawn
 *   with `ctx.random` (restore tests that should not always pick the newest).
 * - `{ exact: id }` — that point; `NotFound` if absent, `Conflict` if it is not completed.
 * - `{ pointInTime: { at? } }` — a point-in-time restore at `at` (default: the latest restorable
 *   instant not after `incidentAt`/now), for sources with `supportsPointInTime`.
 *
 * Points that are not `completed` are never chosen. Members of a composite point (`parentId`)
 * are not chosen on their own unless `includeMembers` is set; a parent whose listed members are
 * not all completed counts as not completed.
 */
export type RecoveryPointStrategy =
  | { readonly latest: true }
  | { readonly latestWithinRpo: { readonly rpo: Duration; readonly before?: number } }
  | { readonly randomWithin: { readonly window: Duration } }
  | { readonly exact: string }
  | { readonly pointInTime: { readonly at?: number } };

/** Options of {@link restorePoint}. */
export interface RestorePointOptions {
  /**
   * Names this restore within the run. With `ctx.runId` it determines the idempotency key, so
   * calling again with the same run and step (a retry, a resume after a crash) never starts a
   * second restore job.
   */
  readonly step: string;
  readonly strategy: RecoveryPointStrategy;
  /** Only points of this protected resource. */
  readonly resourceId?: string;
  /** Only points of this resource type. */
  readonly resourceType?: string;
  /** Let members of composite points be chosen on their own. Default false. */
  readonly includeMembers?: boolean;
  /** When the incident began (ms epoch): the reference for the achieved RPO. Default: now. */
  readonly incidentAt?: number;
  /** The RPO the report measures against. Default: the strategy's `rpo`, else 15 min. */
  readonly rpo?: Duration;
  /** How long to wait for the restore job. Default `'1h'`. */
  readonly timeout?: Duration;
  /** Absolute deadline for the wait (ms epoch); the earlier of this and `timeout` wins. */
  readonly deadlineAt?: number;
  /** Shortest gap between polls of the job. Default `'5s'`. */
  readonly minPollInterval?: Duration;
  /** Longest gap between polls of the job (the worst detection lag accepted). Default `'1m'`. */
  readonly maxPollInterval?: Duration;
  /** Target overrides for the restore (new name, subnet group…). Only their names are ever logged. */
  readonly overrides?: Readonly<Record<string, string>>;
  /** Extra tags for the restored resource. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Timings of a restore job, on `ctx.clock`. */
export interface RestoreTimings {
  /** When the job started (the provider's time when it says, else when drkit asked). */
  readonly startedAt: number;
  /** When the job finished (the provider's `completedAt` when it says, else when drkit saw it). */
  readonly completedAt: number;
  readonly durationMs: number;
  /** Status reads it took to see the job finish. */
  readonly polls: number;
  /** How long after the job finished drkit noticed, when the provider gives `completedAt`. */
  readonly detectionLagMs?: number;
}

/** What a {@link restorePoint} cleanup did. */
export interface CleanupReport {
  readonly dryRun: boolean;
  readonly resourceId: string;
  /** `planned` in a dry run. */
  readonly outcome: CleanupOutcome['outcome'] | 'planned';
  readonly plannedCalls: readonly PlannedCall[];
}

/** Fields every {@link RestorePointReport} has. */
interface RestoreReportBase {
  /** `source.name`. */
  readonly source: string;
  readonly step: string;
  readonly idempotencyKey: string;
  /** The chosen point (for a point-in-time restore, a synthetic point with `createdAt` = the target instant). */
  readonly point: RecoveryPoint;
  readonly target: RestoreTarget;
  /** Age of the restored data at `incidentAt` (or at the start of the call). */
  readonly achievedRpoMs: number;
  readonly rpo: RpoMeasurement;
  /** The calls that changed (or, in a dry run, would change) something. */
  readonly plannedCalls: readonly PlannedCall[];
}

/** A restore that ran. */
export interface RestoreCompleted extends RestoreReportBase {
  readonly dryRun: false;
  readonly job: RestoreHandle;
  readonly resource: RestoredResource;
  readonly timings: RestoreTimings;
  /**
   * Deletes the restored resource, and only it; refuses (`AccessDenied`, no provider call) if the
   * resource's `createdByRun` is not this run. Safe to call twice.
   */
  cleanup(): ResultAsync<CleanupReport, DrError>;
}

/** A dry run: the point that would be restored and the calls that would be made. */
export interface RestorePlanned extends RestoreReportBase {
  readonly dryRun: true;
  /** Does nothing; resolves to a `planned` cleanup report. */
  cleanup(): ResultAsync<CleanupReport, DrError>;
}

/** The report of {@link restorePoint}; narrow on `dryRun`. */
export type RestorePointReport = RestoreCompleted | RestorePlanned;

interface Settings {
  options: RestorePointOptions;
  timeoutMs: number;
  minPollMs: number;
  maxPollMs: number;
  rpoMs: number;
  /** The strategy's `rpo` (latestWithinRpo) or `window` (randomWithin), parsed. */
  strategyMs: number;
}

/**
 * Restores a recovery point: chooses one by strategy, starts the restore with an idempotency key
 * derived from `ctx.runId` and `options.step`, waits for it under a deadline (polling seeded by
 * the point's `expectedRestoreMs`) and hands back the restored resource, timings, the achieved
 * RPO and a `cleanup()` that deletes only what this run created.
 *
 * Every input problem is reported as one `InvalidInput` before any call to the source. In a dry
 * run (`ctx.dryRun`) the points are listed and one is chosen (reads), but no restore starts: the
 * report lists the planned `startRestore` call. Errors: `RpoViolated` (nothing within the RPO),
 * `NotFound` (no eligible point), `Conflict` (an exact point that is not completed),
 * `ProviderError` (the job failed or was cancelled), `Timeout` (the job outlived the deadline; it
 * keeps running, and calling again with the same run and step picks it up), `Aborted`.
 *
 * @example
 * ```ts
 * const restored = await restorePoint(
 *   backupVaultSource({ client, vault: 'dr-vault', iamRoleArn }),
 *   { step: 'restore-orders-db', strategy: { latestWithinRpo: { rpo: '15m' } }, resourceId: ordersDbArn, timeout: '45m' },
 *   { runId: 'weekly-2026-11-22', clock },
 * );
 * if (restored.isOk() && !restored.value.dryRun) {
 *   console.log(restored.value.resource.id, restored.value.timings.durationMs, restored.value.achievedRpoMs);
 *   await restored.value.cleanup();
 * }
 * ```
 */
export function restorePoint(
  source: RecoveryPointSource,
  options: RestorePointOptions,
  ctxInput?: DrContextInput,
): ResultAsync<RestorePointReport, DrError> {
  const checked = checkOptions(source, options);
  if (checked.isErr()) return errAsync(checked.error);
  const ctx = resolveContext(ctxInput);
  return new ResultAsync(run(source, checked.value, ctx));
}

function checkOptions(source: RecoveryPointSource, options: RestorePointOptions): Result<Settings, DrError> {
  const problems = new Problems();
  checkPort(problems, 'source', source, ['listPoints', 'startRestore', 'describeRestore', 'cleanup']);
  if (!isObject(options)) return problems.add('options', 'must be an object').result(undefined as never);
  if (!isNonEmptyString(options.step))
    problems.add('step', 'must name this restore within the run, e.g. "restore-orders-db"');
  let strategyRpoMs: number | undefined;
  let strategyMs = 0;
  const strategy = options.strategy as unknown;
  if (!isObject(strategy)) {
    problems.add(
      'strategy',
      'must be one of { latest: true }, { latestWithinRpo }, { randomWithin }, { exact }, { pointInTime }',
    );
  } else {
    const keys = Object.keys(strategy);
    if (keys.length !== 1) {
      problems.add(
        'strategy',
        `must have exactly one of latest, latestWithinRpo, randomWithin, exact, pointInTime (got ${keys.join(', ') || 'none'})`,
      );
    } else if ('latest' in strategy) {
      if (strategy.latest !== true) problems.add('strategy.latest', 'must be true');
    } else if ('latestWithinRpo' in strategy) {
      const s = strategy.latestWithinRpo;
      if (!isObject(s)) problems.add('strategy.latestWithinRpo', 'must be { rpo, before? }');
      else {
        if (s.rpo === undefined) problems.add('strategy.latestWithinRpo.rpo', 'is required');
        else
          strategyMs = strategyRpoMs = durationOption(problems, 'strategy.latestWithinRpo.rpo', s.rpo as Duration, 0);
        if (s.before !== undefined && !isTime(s.before))
          problems.add('strategy.latestWithinRpo.before', 'must be a time in ms since the epoch');
      }
    } else if ('randomWithin' in strategy) {
      const s = strategy.randomWithin;
      if (!isObject(s) || s.window === undefined) problems.add('strategy.randomWithin.window', 'is required');
      else strategyMs = durationOption(problems, 'strategy.randomWithin.window', s.window as Duration, 0);
    } else if ('exact' in strategy) {
      if (!isNonEmptyString(strategy.exact)) problems.add('strategy.exact', 'must be a recovery point id');
    } else if ('pointInTime' in strategy) {
      const s = strategy.pointInTime;
      if (!isObject(s)) problems.add('strategy.pointInTime', 'must be { at? }');
      else if (s.at !== undefined && !isTime(s.at))
        problems.add('strategy.pointInTime.at', 'must be a time in ms since the epoch');
      if (isObject(source) && (source.supportsPointInTime !== true || typeof source.pointInTimeWindow !== 'function')) {
        problems.add('strategy.pointInTime', `source "${String(source.name)}" does not support point-in-time restores`);
      }
    } else {
      problems.add('strategy', `unknown strategy "${keys[0]}"`);
    }
  }
  for (const k of ['resourceId', 'resourceType'] as const) {
    if (options[k] !== undefined && !isNonEmptyString(options[k])) problems.add(k, 'must be a non-empty string');
  }
  if (options.includeMembers !== undefined && typeof options.includeMembers !== 'boolean')
    problems.add('includeMembers', 'must be a boolean');
  if (options.incidentAt !== undefined && !isTime(options.incidentAt))
    problems.add('incidentAt', 'must be a time in ms since the epoch');
  if (options.deadlineAt !== undefined && !isTime(options.deadlineAt))
    problems.add('deadlineAt', 'must be a time in ms since the epoch');
  const rpoMs = durationOption(problems, 'rpo', options.rpo, strategyRpoMs ?? DEFAULT_RPO_MS);
  const timeoutMs = durationOption(problems, 'timeout', options.timeout, DEFAULT_RTO_MS);
  const minPollMs = durationOption(problems, 'minPollInterval', options.minPollInterval, 5_000);
  const maxPollMs = durationOption(problems, 'maxPollInterval', options.maxPollInterval, Math.max(60_000, minPollMs));
  if (maxPollMs < minPollMs) problems.add('maxPollInterval', 'must not be shorter than minPollInterval');
  checkStringRecord(problems, 'overrides', options.overrides);
  checkStringRecord(problems, 'tags', options.tags);
  return problems.result({ options, timeoutMs, minPollMs, maxPollMs, rpoMs, strategyMs });
}

async function run(
  source: RecoveryPointSource,
  s: Settings,
  ctx: DrContext,
): Promise<Result<RestorePointReport, DrError>> {
  const { options } = s;
  const calledAt = ctx.clock.now();
  const reference = options.incidentAt ?? calledAt;
  const chosen = await choose(source, s, reference, ctx);
  if (chosen.isErr()) return err(chosen.error);
  const { point, target } = chosen.value;

  const key = idempotencyKey(ctx.runId, options.step);
  const achievedRpoMs = Math.max(0, reference - point.createdAt);
  const rpo: RpoMeasurement = {
    objectiveMs: s.rpoMs,
    measuredMs: achievedRpoMs,
    met: achievedRpoMs <= s.rpoMs,
    incidentAt: reference,
    dataAsOf: point.createdAt,
  };
  const startInput = {
    ...(target.kind === 'point' ? { pointId: point.id } : { pointInTime: new Date(target.at).toISOString() }),
    idempotencyKey: key,
    ...(options.overrides ? { overrideNames: Object.keys(options.overrides) } : {}),
  };
  const plannedCalls: PlannedCall[] = [
    { port: 'RecoveryPointSource', target: source.name, operation: 'startRestore', input: startInput },
  ];
  const base = {
    source: source.name,
    step: options.step,
    idempotencyKey: key,
    point,
    target,
    achievedRpoMs: rpo.measuredMs,
    rpo,
    plannedCalls,
  };
  ctx.logger.info('restorePoint: chose recovery point', {
    source: source.name,
    step: options.step,
    pointId: point.id,
    pointCreatedAt: new Date(point.createdAt).toISOString(),
    achievedRpoMs: rpo.measuredMs,
    dryRun: ctx.dryRun,
  });

  if (ctx.dryRun) {
    const planned: RestorePlanned = {
      ...base,
      dryRun: true,
      cleanup: () => okAsync({ dryRun: true, resourceId: '(not restored)', outcome: 'planned', plannedCalls: [] }),
    };
    return ok(planned);
  }

  const startedAsk = ctx.clock.now();
  const started = await callPortWithRetry(
    source.name,
    'startRestore',
    () =>
      source.startRestore(
        target,
        {
          idempotencyKey: key,
          runId: ctx.runId,
          ...(options.overrides ? { overrides: options.overrides } : {}),
          ...(options.tags ? { tags: options.tags } : {}),
        },
        ctx,
      ),
    ctx,
  );
  if (started.isErr()) return err(started.error);
  const job = started.value;
  ctx.logger.info('restorePoint: restore job started', {
    source: source.name,
    jobId: job.jobId,
    reused: job.reused === true,
  });

  const waited = await waitFor(
    (): ResultAsync<WaitStatus<RestoreStatus>, DrError> =>
      callPort(source.name, 'describeRestore', () => source.describeRestore(job, ctx)).andThen((status) =>
        jobStatus(source, job, point, status),
      ),
    {
      what: `restore job ${job.jobId} of ${point.id}`,
      timeout: s.timeoutMs,
      ...(options.deadlineAt !== undefined ? { deadlineAt: options.deadlineAt } : {}),
      ...(point.expectedRestoreMs && point.expectedRestoreMs > 0 ? { expectedDuration: point.expectedRestoreMs } : {}),
      minInterval: s.minPollMs,
      maxInterval: s.maxPollMs,
    },
    ctx,
  );
  if (waited.isErr()) {
    if (waited.error.kind === 'Timeout') {
      ctx.logger.warn(
        'restorePoint: restore job still running at the deadline; call again with the same run and step to resume',
        {
          jobId: job.jobId,
          step: options.step,
        },
      );
    }
    return err(waited.error);
  }
  const status = waited.value.value;
  const resource = status.resource!;
  if (resource.createdByRun !== ctx.runId) {
    ctx.logger.warn(
      'restorePoint: the restored resource is not marked as created by this run; cleanup will refuse it',
      {
        resourceId: resource.id,
      },
    );
  }
  const detectedAt = ctx.clock.now();
  const startedAt = job.startedAt ?? startedAsk;
  const completedAt = status.completedAt ?? detectedAt;
  const timings: RestoreTimings = {
    startedAt,
    completedAt,
    durationMs: Math.max(0, completedAt - startedAt),
    polls: waited.value.polls,
    ...(waited.value.detectionLagMs !== undefined ? { detectionLagMs: waited.value.detectionLagMs } : {}),
  };
  const dimensions = { step: options.step, source: source.name };
  ctx.metrics.putMetric('RestoreDuration', timings.durationMs / 1000, 'Seconds', dimensions);
  ctx.metrics.putMetric('AchievedRpo', rpo.measuredMs / 1000, 'Seconds', dimensions);
  ctx.logger.info('restorePoint: restored', {
    source: source.name,
    resourceId: resource.id,
    durationMs: timings.durationMs,
    polls: timings.polls,
  });
  const completed: RestoreCompleted = {
    ...base,
    dryRun: false,
    job,
    resource,
    timings,
    cleanup: () => cleanupRestored(source, resource, ctx),
  };
  return ok(completed);
}

function jobStatus(
  source: RecoveryPointSource,
  job: RestoreHandle,
  point: RecoveryPoint,
  status: RestoreStatus,
): Result<WaitStatus<RestoreStatus>, DrError> {
  const why = status.detail ? `: ${status.detail}` : '';
  switch (status.state) {
    case 'completed':
      if (!status.resource || !isNonEmptyString(status.resource.id)) {
        return err(
          drError('ProviderError', `restore job ${job.jobId} completed without naming the restored resource`, {
            provider: source.name,
            operation: 'describeRestore',
          }),
        );
      }
      return ok({
        done: true,
        value: status,
        ...(isTime(status.completedAt) ? { completedAt: status.completedAt } : {}),
      });
    case 'failed':
    case 'cancelled':
      return err(
        drError(
          'ProviderError',
          `restore job ${job.jobId} of ${point.id} ${status.state === 'failed' ? 'failed' : 'was cancelled'}${why}`,
          {
            provider: source.name,
            operation: 'restore',
            code: status.state === 'failed' ? 'RestoreFailed' : 'RestoreCancelled',
          },
        ),
      );
    default: {
      const pct = typeof status.percentDone === 'number' ? ` ${status.percentDone}%` : '';
      return ok({
        done: false,
        progress: `${status.state}${pct}${why}`,
        // The provider's own estimate (ExpectedCompletionTimeMinutes) re-seeds the poll schedule.
        ...(typeof status.expectedCompletionMs === 'number' && status.expectedCompletionMs > 0
          ? { expectedTotalMs: status.expectedCompletionMs }
          : {}),
      });
    }
  }
}

async function choose(
  source: RecoveryPointSource,
  s: Settings,
  reference: number,
  ctx: DrContext,
): Promise<Result<{ point: RecoveryPoint; target: RestoreTarget }, DrError>> {
  const { options } = s;
  const strategy = options.strategy;
  const scope: RecoveryPointQuery = {
    ...(options.resourceId ? { resourceId: options.resourceId } : {}),
    ...(options.resourceType ? { resourceType: options.resourceType } : {}),
  };
  const what = options.resourceId ? ` of ${options.resourceId}` : '';

  if ('pointInTime' in strategy) {
    const window = await callPortWithRetry(
      source.name,
      'pointInTimeWindow',
      () => source.pointInTimeWindow!(scope, ctx),
      ctx,
    );
    if (window.isErr()) return err(window.error);
    const w = window.value;
    if (!w)
      return err(
        drError('NotFound', `${source.name} has no point-in-time window${what}`, {
          resource: options.resourceId ?? source.name,
        }),
      );
    const at = strategy.pointInTime.at ?? Math.min(reference, w.latest);
    if (at < w.earliest || at > w.latest) {
      const message = `${new Date(at).toISOString()} is outside the point-in-time window ${new Date(w.earliest).toISOString()} – ${new Date(w.latest).toISOString()}${what}`;
      // A time the caller chose is bad input; a default time outside the window means there is no
      // restorable moment at all.
      return err(
        strategy.pointInTime.at !== undefined
          ? invalidInput([{ path: 'strategy.pointInTime.at', message }])
          : drError('NotFound', message, { resource: options.resourceId ?? source.name }),
      );
    }
    const point: RecoveryPoint = {
      id: `${options.resourceId ?? source.name}@${new Date(at).toISOString()}`,
      createdAt: at,
      status: 'completed',
      ...(options.resourceId ? { resourceId: options.resourceId } : {}),
      ...(options.resourceType ? { resourceType: options.resourceType } : {}),
      attributes: { pointInTime: 'true' },
    };
    return ok({
      point,
      target: { kind: 'pointInTime', at, ...(options.resourceId ? { resourceId: options.resourceId } : {}) },
    });
  }

  const now = ctx.clock.now();
  let query: RecoveryPointQuery = scope;
  let withinRpo: { rpoMs: number; before: number } | undefined;
  let windowMs: number | undefined;
  if ('latestWithinRpo' in strategy) {
    withinRpo = { rpoMs: s.strategyMs, before: strategy.latestWithinRpo.before ?? reference };
    query = { ...scope, before: withinRpo.before };
  } else if ('randomWithin' in strategy) {
    windowMs = s.strategyMs;
    query = { ...scope, after: now - windowMs - 1, before: now };
  }
  const listed = await callPortWithRetry(source.name, 'listPoints', () => source.listPoints(query, ctx), ctx);
  if (listed.isErr()) return err(listed.error);
  const all = listed.value.filter((p) => matchesScope(p, scope));

  if ('exact' in strategy) {
    const point = all.find((p) => p.id === strategy.exact);
    if (!point)
      return err(
        drError('NotFound', `recovery point ${strategy.exact} not found in ${source.name}${what}`, {
          resource: strategy.exact,
        }),
      );
    if (!isRestorable(point, all)) {
      return err(
        drError(
          'Conflict',
          `recovery point ${point.id} is ${point.status === 'completed' ? 'a composite with incomplete members' : point.status}, not completed`,
        ),
      );
    }
    return ok({ point, target: { kind: 'point', point } });
  }

  const eligible = all
    .filter((p) => isRestorable(p, all) && (options.includeMembers === true || p.parentId === undefined))
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  if (withinRpo) {
    const before = withinRpo.before;
    const newest = eligible.filter((p) => p.createdAt <= before).at(-1);
    const age = newest ? before - newest.createdAt : undefined;
    if (!newest || age! > withinRpo.rpoMs) {
      return err(
        drError(
          'RpoViolated',
          newest
            ? `the newest completed recovery point${what} (${newest.id}) is ${formatDuration(age!)} old at ${new Date(before).toISOString()}, over the ${formatDuration(withinRpo.rpoMs)} RPO`
            : `no completed recovery point${what} at or before ${new Date(before).toISOString()} in ${source.name}`,
          { objectiveMs: withinRpo.rpoMs, ...(age !== undefined ? { achievedMs: age } : {}) },
        ),
      );
    }
    return ok({ point: newest, target: { kind: 'point', point: newest } });
  }
  if (windowMs !== undefined) {
    const inWindow = eligible.filter((p) => p.createdAt >= now - windowMs && p.createdAt <= now);
    if (inWindow.length === 0) {
      return err(
        drError(
          'NotFound',
          `no completed recovery point${what} within the last ${formatDuration(windowMs)} in ${source.name}`,
          { resource: options.resourceId ?? source.name },
        ),
      );
    }
    const r = ctx.random();
    const index = Math.min(
      inWindow.length - 1,
      Math.max(0, Math.floor((Number.isFinite(r) ? r : 0) * inWindow.length)),
    );
    const point = inWindow[index]!;
    return ok({ point, target: { kind: 'point', point } });
  }
  const latest = eligible.at(-1);
  if (!latest)
    return err(
      drError('NotFound', `no completed recovery point${what} in ${source.name}`, {
        resource: options.resourceId ?? source.name,
      }),
    );
  return ok({ point: latest, target: { kind: 'point', point: latest } });
}

function matchesScope(p: RecoveryPoint, scope: RecoveryPointQuery): boolean {
  if (!isObject(p) || !isNonEmptyString(p.id) || !isTime(p.createdAt)) return false;
  if (scope.resourceId !== undefined && p.resourceId !== undefined && p.resourceId !== scope.resourceId) return false;
  if (scope.resourceType !== undefined && p.resourceType !== undefined && p.resourceType !== scope.resourceType)
    return false;
  return true;
}

/** Completed, and for a composite parent, every listed member completed too. */
function isRestorable(p: RecoveryPoint, all: readonly RecoveryPoint[]): boolean {
  if (p.status !== 'completed') return false;
  if (p.isParent === true) return all.every((m) => m.parentId !== p.id || m.status === 'completed');
  return true;
}

/**
 * Deletes a resource a restore of this run created. Refuses with `AccessDenied`, making no
 * provider call, when `resource.createdByRun` is not `ctx.runId` (the source adapter checks its
 * own tag again). In a dry run it only reports the planned call. Retries throttling.
 *
 * @example
 * ```ts
 * // After a crash: clean up what the resumed run restored.
 * const cleaned = await cleanupRestored(source, report.resource, { runId: report.job.createdByRun });
 * ```
 */
export function cleanupRestored(
  source: RecoveryPointSource,
  resource: RestoredResource,
  ctxInput?: DrContextInput,
): ResultAsync<CleanupReport, DrError> {
  const problems = new Problems();
  checkPort(problems, 'source', source, ['cleanup']);
  if (!isObject(resource) || !isNonEmptyString(resource.id)) problems.add('resource.id', 'must be a non-empty string');
  if (problems.any) return errAsync(invalidInput(problems.list));
  const ctx = resolveContext(ctxInput);
  if (resource.createdByRun !== ctx.runId) {
    return errAsync(
      drError(
        'AccessDenied',
        `refusing to delete ${resource.id}: it was not created by run ${ctx.runId} (marked ${resource.createdByRun ? `"${resource.createdByRun}"` : 'with no run'})`,
      ),
    );
  }
  const plannedCalls: PlannedCall[] = [
    { port: 'RecoveryPointSource', target: source.name, operation: 'cleanup', input: { resourceId: resource.id } },
  ];
  if (ctx.dryRun) return okAsync({ dryRun: true, resourceId: resource.id, outcome: 'planned', plannedCalls });
  return callPortWithRetry(source.name, 'cleanup', () => source.cleanup(resource, ctx), ctx).map((outcome) => {
    ctx.logger.info('restorePoint: cleaned up', { resourceId: resource.id, outcome: outcome.outcome });
    return { dryRun: false, resourceId: resource.id, outcome: outcome.outcome, plannedCalls };
  });
}
