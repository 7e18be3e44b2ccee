import { errAsync, okAsync } from 'neverthrow';
import {
  cleanupRestored,
  drError,
  restorePoint,
  type DrError,
  type RestoredResource,
  type StepSpec,
} from '@drkit/core';
import type { ElastiCacheSnapshotSource } from '@drkit/aws/elasticache';
import type { DrillEnvironment } from '../../../env/types';
import { claimed } from './consistency';

/** What a cache-restore step hands on (plain JSON, journalled). */
export interface RestoredCache {
  readonly resource: RestoredResource;
  readonly snapshot: string;
  readonly dataAsOf: number;
  readonly operations: readonly { readonly name: string; readonly startedAt: number; readonly readyAt: number }[];
}

/**
 * The runbook step that restores a replication group's newest snapshot within the RPO (taken
 * before `before`, when given) as a new group: the snapshots are announced to the drill's scope
 * guard (they are the estate's), the restore is `restorePoint`, a later failure deletes what this
 * run restored, and a restore that outlived its deadline is abandoned by deleting its group.
 *
 * @example
 * ```ts
 * runbook('redis-failure').step(
 *   restoreCacheStep(env, source, 'restore-from-snapshot', { description: 'restore the newest snapshot', group: 'jobs-cache' }),
 * );
 * ```
 */
export function restoreCacheStep<N extends string>(
  env: DrillEnvironment,
  source: ElastiCacheSnapshotSource,
  name: N,
  o: { readonly description: string; readonly group: string; readonly before?: number },
): StepSpec<N, unknown, RestoredCache> {
  return {
    name,
    description: o.description,
    timeout: '45m',
    plan: () => [
      {
        port: 'RecoveryPointSource',
        target: source.name,
        operation: 'startRestore',
        input: o.before === undefined ? { strategy: 'latestWithinRpo' } : { before: 'T' },
      },
    ],
    run: (_in, ctx) =>
      // The snapshots of a named group are the estate's too: let the guard know them.
      source
        .listPoints({ resourceId: o.group }, ctx)
        .map((points) => env.guard.allow(...points.map((p) => p.id)))
        .andThen(() =>
          restorePoint(
            source,
            {
              step: ctx.step,
              strategy: {
                latestWithinRpo: {
                  rpo: env.config.objectives.rpo,
                  ...(o.before === undefined ? {} : { before: o.before }),
                },
              },
              resourceId: o.group,
              incidentAt: o.before ?? ctx.incidentAt,
              deadlineAt: ctx.deadlineAt,
              timeout: '45m',
            },
            ctx,
          ),
        )
        .andThen((report) => {
          if (report.dryRun) return errAsync<RestoredCache, DrError>(drError('Conflict', 'a dry run restores nothing'));
          ctx.progress(`restored ${report.point.id} as ${report.resource.id}`);
          return okAsync<RestoredCache, DrError>({
            resource: report.resource,
            snapshot: report.point.id,
            dataAsOf: report.point.createdAt,
            operations: [
              {
                name: `create ${report.resource.id} from ${report.point.id}`,
                startedAt: report.timings.startedAt,
                readyAt: report.timings.completedAt,
              },
            ],
          });
        }),
    // A later step failed (the data is bad, the application cannot reach it): delete what this run restored.
    compensate: (out, ctx) => cleanupRestored(source, claimed(env, out.resource), ctx),
    abandon: (_in, ctx) =>
      // A restore that outlived its deadline: delete the group it was creating, if any.
      source
        .cleanup({ id: ctx.idempotencyKey(), type: 'ElastiCache', createdByRun: ctx.runId }, ctx)
        .orElse((e) => (e.kind === 'AccessDenied' ? okAsync(undefined) : errAsync(e))),
  };
}
