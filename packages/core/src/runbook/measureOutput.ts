import type { CloudOperation } from '../measure/objectives';
import type { RecoveryPointUsed, StepMeasurement } from './types';

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Reads a step's cloud operations and recovery points out of its output, by convention:
 *
 * - `operations: [{ name, startedAt, readyAt }]` and `recoveryPoints: [{ dataAsOf, label? }]`
 *   fields, or a `dataAsOf` time, on your own outputs;
 * - a `restorePoint` report (or an object holding its `job`, `timings` and `point`): the restore
 *   job from the provider's start to its completion, and the point's `createdAt` as `dataAsOf`;
 * - a `promoteStandby` report: each standby from `promotedAt` to `readyAt`;
 * - a `shiftTraffic` report: each applied step from `appliedAt` to the end of its bake (the
 *   propagation and the bake the plan requires).
 *
 * Steps can also report through their context (`ctx.reportOperation`, `ctx.reportRecoveryPoint`).
 *
 * @example
 * ```ts
 * measureStepOutput({ dataAsOf: t0 - 600_000, operations: [{ name: 'restore job 1', startedAt: t0, readyAt: t0 + 1_800_000 }] });
 * // { operations: [{ name: 'restore job 1', … }], recoveryPoints: [{ dataAsOf: t0 - 600_000 }] }
 * ```
 */
export function measureStepOutput(output: unknown): StepMeasurement {
  const operations: CloudOperation[] = [];
  const recoveryPoints: RecoveryPointUsed[] = [];
  if (!isObject(output)) return { operations, recoveryPoints };

  if (Array.isArray(output.operations)) {
    for (const o of output.operations as unknown[]) {
      if (isObject(o) && typeof o.name === 'string' && isTime(o.startedAt) && isTime(o.readyAt))
        operations.push({ name: o.name, startedAt: o.startedAt, readyAt: o.readyAt });
    }
  }
  if (Array.isArray(output.recoveryPoints)) {
    for (const p of output.recoveryPoints as unknown[]) {
      if (isObject(p) && isTime(p.dataAsOf))
        recoveryPoints.push({ dataAsOf: p.dataAsOf, ...(typeof p.label === 'string' ? { label: p.label } : {}) });
    }
  }
  if (isTime(output.dataAsOf)) recoveryPoints.push({ dataAsOf: output.dataAsOf });

  // restorePoint (RestoreCompleted): job + timings + point.
  const timings = output.timings;
  const job = output.job;
  if (isObject(timings) && isTime(timings.startedAt) && isTime(timings.completedAt)) {
    const jobId = isObject(job) && typeof job.jobId === 'string' ? job.jobId : 'restore';
    operations.push({ name: `restore job ${jobId}`, startedAt: timings.startedAt, readyAt: timings.completedAt });
  }
  const point = output.point;
  if (output.dryRun === false && isObject(point) && isTime(point.createdAt) && !isTime(output.dataAsOf)) {
    recoveryPoints.push({ dataAsOf: point.createdAt, ...(typeof point.id === 'string' ? { label: point.id } : {}) });
  }

  // promoteStandby (StandbysPromoted): standbys with promotedAt/readyAt.
  if (output.dryRun === false && Array.isArray(output.standbys)) {
    for (const s of output.standbys as unknown[]) {
      if (isObject(s) && isTime(s.promotedAt) && isTime(s.readyAt))
        operations.push({
          name: `promote ${typeof s.name === 'string' ? s.name : 'standby'}`,
          startedAt: s.promotedAt,
          readyAt: s.readyAt,
        });
    }
  }

  // shiftTraffic (ShiftTrafficReport): steps with appliedAt → bakeEndedAt (or propagatedAt).
  if (output.dryRun === false && Array.isArray(output.steps) && typeof output.router === 'string') {
    for (const s of output.steps as unknown[]) {
      if (!isObject(s) || !isTime(s.appliedAt)) continue;
      const end = isTime(s.bakeEndedAt) ? s.bakeEndedAt : isTime(s.propagatedAt) ? s.propagatedAt : undefined;
      if (end !== undefined && end >= s.appliedAt)
        operations.push({
          name: `shift ${String(s.percent)}% on ${output.router}`,
          startedAt: s.appliedAt,
          readyAt: end,
        });
    }
  }
  return { operations, recoveryPoints };
}
