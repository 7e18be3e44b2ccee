import { err, ok, type Result } from 'neverthrow';
import { drError, type InvalidInputError, type RpoViolatedError, type RtoExceededError } from '../errors/DrError';
import { Problems } from '../errors/problems';
import { formatDuration, parseDuration, type Duration } from '../time/duration';

/** The DR plan's recovery time objective: 1 hour. */
export const DEFAULT_RTO_MS = 3_600_000;
/** The DR plan's recovery point objective: 15 minutes. */
export const DEFAULT_RPO_MS = 900_000;

/** A measured duration against its objective. */
export interface ObjectiveMeasurement {
  /** The objective (ms). */
  readonly objectiveMs: number;
  /** What was achieved (ms). */
  readonly measuredMs: number;
  /** `measuredMs <= objectiveMs`. */
  readonly met: boolean;
}

/** Recovery time: from the incident to the end of the last recovery step. */
export interface RtoMeasurement extends ObjectiveMeasurement {
  readonly incidentAt: number;
  /** When the last recovery step completed (ms epoch). */
  readonly recoveredAt: number;
  /** The step that completed last. */
  readonly lastStep?: string;
  /**
   * The longest chain of steps that had to run one after another (sum of their durations).
   * Time outside it (detection, approvals, idle gaps) is what an operator can still cut.
   */
  readonly criticalPathMs?: number;
  /** The names of the steps on that chain, in order. */
  readonly criticalPath?: readonly string[];
}

/** Recovery point: how much data (as time) was lost — the age of the recovered data at the incident. */
export interface RpoMeasurement extends ObjectiveMeasurement {
  readonly incidentAt: number;
  /** The instant the recovered data is consistent as of (ms epoch). */
  readonly dataAsOf: number;
}

/** One recovery step's timing, as {@link measureRto} reads it. */
export interface RecoveryStepTiming {
  readonly name: string;
  readonly startedAt: number;
  readonly completedAt: number;
  /**
   * Steps this one waited for. When omitted, every step that completed at or before this one
   * started counts as a predecessor (what actually happened in time).
   */
  readonly dependsOn?: readonly string[];
}

/** Input of {@link measureRto}. */
export interface MeasureRtoInput {
  /** When the incident began (ms epoch). */
  readonly incidentAt: number;
  /** The recovery steps (at least one). */
  readonly steps: readonly RecoveryStepTiming[];
  /** Default 1 h ({@link DEFAULT_RTO_MS}). */
  readonly objective?: Duration;
}

/** Input of {@link measureRpo}. */
export interface MeasureRpoInput {
  /** When the incident began (ms epoch); for a drill, when the drill started. */
  readonly incidentAt: number;
  /** When the recovered data is consistent as of: the recovery point's `createdAt`, or a point-in-time target. */
  readonly dataAsOf: number;
  /** Default 15 min ({@link DEFAULT_RPO_MS}). */
  readonly objective?: Duration;
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Measures the recovery time from the incident to the last recovery step, with the critical path
 * through the steps.
 *
 * @example
 * ```ts
 * const rto = measureRto({
 *   incidentAt: t0,
 *   steps: [
 *     { name: 'promote-data', startedAt: t0 + 300_000, completedAt: t0 + 900_000 },
 *     { name: 'shift-traffic', startedAt: t0 + 900_000, completedAt: t0 + 1_500_000 },
 *   ],
 * });
 * rto._unsafeUnwrap(); // { measuredMs: 1_500_000, criticalPathMs: 1_200_000, met: true, … }
 * ```
 */
export function measureRto(input: MeasureRtoInput): Result<RtoMeasurement, InvalidInputError> {
  const problems = new Problems();
  if (!isTime(input?.incidentAt)) problems.add('incidentAt', 'must be a time in ms since the epoch');
  const objectiveMs = objectiveOf(input?.objective, DEFAULT_RTO_MS, problems);
  const steps: readonly RecoveryStepTiming[] = Array.isArray(input?.steps) ? input.steps : [];
  if (!Array.isArray(input?.steps) || steps.length === 0) problems.add('steps', 'must list at least one step');
  const names = new Set<string>();
  steps.forEach((s, i) => {
    const at = `steps[${i}]`;
    if (typeof s?.name !== 'string' || s.name === '') problems.add(`${at}.name`, 'must be a non-empty string');
    else if (names.has(s.name)) problems.add(`${at}.name`, `duplicates step "${s.name}"`);
    else names.add(s.name);
    if (!isTime(s?.startedAt)) problems.add(`${at}.startedAt`, 'must be a time in ms since the epoch');
    if (!isTime(s?.completedAt)) problems.add(`${at}.completedAt`, 'must be a time in ms since the epoch');
    else if (isTime(s.startedAt) && s.completedAt < s.startedAt)
      problems.add(`${at}.completedAt`, 'must not be before startedAt');
  });
  steps.forEach((s, i) => {
    s?.dependsOn?.forEach((d, j) => {
      if (!names.has(d)) problems.add(`steps[${i}].dependsOn[${j}]`, `names no step ("${String(d)}")`);
    });
  });
  if (problems.any) return problems.result(undefined as never);

  const last = steps.reduce((a, b) => (b.completedAt > a.completedAt ? b : a));
  const path = criticalPath(steps);
  if (path === undefined) return new Problems().add('steps', 'dependsOn forms a cycle').result(undefined as never);
  const measuredMs = Math.max(0, last.completedAt - input.incidentAt);
  return ok({
    objectiveMs,
    measuredMs,
    met: measuredMs <= objectiveMs,
    incidentAt: input.incidentAt,
    recoveredAt: last.completedAt,
    lastStep: last.name,
    criticalPathMs: path.ms,
    criticalPath: path.names,
  });
}

/** Longest chain by summed duration; `undefined` on a dependency cycle. */
function criticalPath(steps: readonly RecoveryStepTiming[]): { ms: number; names: string[] } | undefined {
  const byName = new Map(steps.map((s) => [s.name, s]));
  const preds = (s: RecoveryStepTiming): RecoveryStepTiming[] =>
    s.dependsOn
      ? s.dependsOn.map((d) => byName.get(d)!)
      : steps.filter((o) => o !== s && o.completedAt <= s.startedAt && o.startedAt < s.startedAt);
  const memo = new Map<string, { ms: number; names: string[] }>();
  const visiting = new Set<string>();
  const longest = (s: RecoveryStepTiming): { ms: number; names: string[] } | undefined => {
    const known = memo.get(s.name);
    if (known) return known;
    if (visiting.has(s.name)) return undefined;
    visiting.add(s.name);
    let best = { ms: 0, names: [] as string[] };
    for (const p of preds(s)) {
      const sub = longest(p);
      if (sub === undefined) return undefined;
      if (sub.ms > best.ms) best = sub;
    }
    visiting.delete(s.name);
    const mine = { ms: best.ms + (s.completedAt - s.startedAt), names: [...best.names, s.name] };
    memo.set(s.name, mine);
    return mine;
  };
  let overall = { ms: 0, names: [] as string[] };
  for (const s of steps) {
    const l = longest(s);
    if (l === undefined) return undefined;
    if (l.ms > overall.ms) overall = l;
  }
  return overall;
}

/**
 * Measures the recovery point: the age of the recovered data at the incident.
 *
 * @example
 * ```ts
 * const rpo = measureRpo({ incidentAt: Date.parse('2026-11-22T03:00:00Z'), dataAsOf: Date.parse('2026-11-22T02:50:00Z') });
 * rpo._unsafeUnwrap(); // { measuredMs: 600_000, objectiveMs: 900_000, met: true, … }
 * ```
 */
export function measureRpo(input: MeasureRpoInput): Result<RpoMeasurement, InvalidInputError> {
  const problems = new Problems();
  if (!isTime(input?.incidentAt)) problems.add('incidentAt', 'must be a time in ms since the epoch');
  if (!isTime(input?.dataAsOf)) problems.add('dataAsOf', 'must be a time in ms since the epoch');
  const objectiveMs = objectiveOf(input?.objective, DEFAULT_RPO_MS, problems);
  if (problems.any) return problems.result(undefined as never);
  // Data newer than the incident (a drill restoring a point taken after its start) lost nothing.
  const measuredMs = Math.max(0, input.incidentAt - input.dataAsOf);
  return ok({
    objectiveMs,
    measuredMs,
    met: measuredMs <= objectiveMs,
    incidentAt: input.incidentAt,
    dataAsOf: input.dataAsOf,
  });
}

/**
 * The instant by which recovery must be complete: `incidentAt + objective`. Runbooks use it as the
 * `deadlineAt` of their waits.
 *
 * @example
 * ```ts
 * const deadline = rtoDeadline(incidentAt); // ok(incidentAt + 3_600_000)
 * ```
 */
export function rtoDeadline(
  incidentAt: number,
  objective: Duration = DEFAULT_RTO_MS,
): Result<number, InvalidInputError> {
  const problems = new Problems();
  if (!isTime(incidentAt)) problems.add('incidentAt', 'must be a time in ms since the epoch');
  const objectiveMs = objectiveOf(objective, DEFAULT_RTO_MS, problems);
  return problems.any ? problems.result(undefined as never) : ok(incidentAt + objectiveMs);
}

/**
 * `ok(measurement)` when the RTO was met, else an `RtoExceeded` error carrying objective and achieved time.
 *
 * @example
 * ```ts
 * const verdict = measureRto(input).andThen(requireRto); // err(RtoExceeded) when over 1 h
 * ```
 */
export function requireRto(measurement: RtoMeasurement): Result<RtoMeasurement, RtoExceededError> {
  if (measurement.met) return ok(measurement);
  return err(
    drError(
      'RtoExceeded',
      `recovery took ${formatDuration(measurement.measuredMs)}, over the ${formatDuration(measurement.objectiveMs)} RTO`,
      { objectiveMs: measurement.objectiveMs, achievedMs: measurement.measuredMs },
    ),
  );
}

/**
 * `ok(measurement)` when the RPO was met, else an `RpoViolated` error carrying objective and achieved age.
 *
 * @example
 * ```ts
 * const verdict = measureRpo({ incidentAt, dataAsOf: point.createdAt }).andThen(requireRpo);
 * ```
 */
export function requireRpo(measurement: RpoMeasurement): Result<RpoMeasurement, RpoViolatedError> {
  if (measurement.met) return ok(measurement);
  return err(
    drError(
      'RpoViolated',
      `recovered data is ${formatDuration(measurement.measuredMs)} old, over the ${formatDuration(measurement.objectiveMs)} RPO`,
      { objectiveMs: measurement.objectiveMs, achievedMs: measurement.measuredMs },
    ),
  );
}

function objectiveOf(value: Duration | undefined, fallback: number, problems: Problems): number {
  if (value === undefined) return fallback;
  const parsed = parseDuration(value, 'objective');
  if (parsed.isErr()) {
    problems.addAll('', parsed.error.problems);
    return fallback;
  }
  if (parsed.value === 0) problems.add('objective', 'must be longer than 0');
  return parsed.value;
}

/**
 * One provider-side operation a step waited on, with the provider's own times: a restore job
 * (AWS Backup `CreationDate` → `CompletionDate`), a DNS change (submitted → `INSYNC`), a scale-out
 * (promoted → every instance in service). JSON-serialisable.
 */
export interface CloudOperation {
  /** What it was: `'restore job 1234'`, `'route53 change C2'`. */
  readonly name: string;
  /** When the provider started it (ms epoch). */
  readonly startedAt: number;
  /** When the provider says it was done (ms epoch), not when drkit noticed. */
  readonly readyAt: number;
}

/** One step of a dependency graph, with the operations it waited on, as {@link operationsCriticalPath} reads it. */
export interface OperationStep {
  readonly name: string;
  /** Steps that had to finish before this one could start. */
  readonly dependsOn: readonly string[];
  readonly operations: readonly CloudOperation[];
}

/** The shortest time a graph of steps could have taken, counting only its cloud operations. */
export interface CriticalPathBound {
  /** Milliseconds along the longest dependency path. */
  readonly ms: number;
  /** The steps on that path, first to last. */
  readonly path: readonly string[];
}

/**
 * The critical-path bound of a run: the longest dependency path through the steps, where each step
 * weighs only the time its cloud operations took (the union of their `[startedAt, readyAt]`
 * intervals, so operations that overlapped count once and gaps between them not at all). It is
 * what the same operations could have taken had everything parallelisable run in parallel and
 * every completion been detected at once; `measured ÷ bound` shows the orchestration overhead.
 * `endAt` limits the paths to those ending at the named steps (the recovery steps, for an RTO).
 *
 * @example
 * ```ts
 * const bound = operationsCriticalPath([
 *   { name: 'restore-db', dependsOn: [], operations: [{ name: 'restore job 1', startedAt: t0, readyAt: t0 + 38 * 60_000 }] },
 *   { name: 'scale-web', dependsOn: [], operations: [{ name: 'asg web', startedAt: t0, readyAt: t0 + 5 * 60_000 }] },
 *   { name: 'dns', dependsOn: ['restore-db', 'scale-web'], operations: [{ name: 'change C1', startedAt: t1, readyAt: t1 + 45_000 }] },
 * ]);
 * bound._unsafeUnwrap(); // { ms: 38 * 60_000 + 45_000, path: ['restore-db', 'dns'] }
 * ```
 */
export function operationsCriticalPath(
  steps: readonly OperationStep[],
  options: { readonly endAt?: readonly string[] } = {},
): Result<CriticalPathBound, InvalidInputError> {
  const problems = new Problems();
  const list: readonly OperationStep[] = Array.isArray(steps) ? steps : [];
  if (!Array.isArray(steps)) problems.add('steps', 'must be an array');
  const byName = new Map<string, OperationStep>();
  list.forEach((s, i) => {
    if (typeof s?.name !== 'string' || s.name === '') problems.add(`steps[${i}].name`, 'must be a non-empty string');
    else if (byName.has(s.name)) problems.add(`steps[${i}].name`, `duplicates step "${s.name}"`);
    else byName.set(s.name, s);
    const operations: readonly CloudOperation[] = Array.isArray(s?.operations) ? s.operations : [];
    operations.forEach((o, j) => {
      const at = `steps[${i}].operations[${j}]`;
      if (!isTime(o?.startedAt)) problems.add(`${at}.startedAt`, 'must be a time in ms since the epoch');
      if (!isTime(o?.readyAt)) problems.add(`${at}.readyAt`, 'must be a time in ms since the epoch');
      else if (isTime(o.startedAt) && o.readyAt < o.startedAt)
        problems.add(`${at}.readyAt`, 'must not be before startedAt');
    });
  });
  list.forEach((s, i) => {
    const dependsOn: readonly string[] = Array.isArray(s?.dependsOn) ? s.dependsOn : [];
    dependsOn.forEach((d, j) => {
      if (!byName.has(d)) problems.add(`steps[${i}].dependsOn[${j}]`, `names no step ("${String(d)}")`);
    });
  });
  (options.endAt ?? []).forEach((n, i) => {
    if (!byName.has(n)) problems.add(`endAt[${i}]`, `names no step ("${String(n)}")`);
  });
  if (problems.any) return problems.result(undefined as never);

  const memo = new Map<string, CriticalPathBound>();
  const visiting = new Set<string>();
  const longest = (s: OperationStep): CriticalPathBound | undefined => {
    const known = memo.get(s.name);
    if (known) return known;
    if (visiting.has(s.name)) return undefined;
    visiting.add(s.name);
    let best: CriticalPathBound = { ms: 0, path: [] };
    for (const d of s.dependsOn ?? []) {
      const sub = longest(byName.get(d)!);
      if (sub === undefined) return undefined;
      if (sub.ms > best.ms || (best.path.length === 0 && sub.path.length > 0 && sub.ms === best.ms)) best = sub;
    }
    visiting.delete(s.name);
    const mine = { ms: best.ms + unionMs(s.operations ?? []), path: [...best.path, s.name] };
    memo.set(s.name, mine);
    return mine;
  };
  const ends = options.endAt ? options.endAt.map((n) => byName.get(n)!) : list;
  let overall: CriticalPathBound = { ms: 0, path: [] };
  for (const s of ends) {
    const l = longest(s);
    if (l === undefined) return new Problems().add('steps', 'dependsOn forms a cycle').result(undefined as never);
    if (l.ms > overall.ms || (overall.path.length === 0 && l.ms === overall.ms)) overall = l;
  }
  return ok(overall);
}

/** Total length of the union of the operations' intervals. */
function unionMs(operations: readonly CloudOperation[]): number {
  const sorted = [...operations].sort((a, b) => a.startedAt - b.startedAt);
  let total = 0;
  let start = -Infinity;
  let end = -Infinity;
  for (const o of sorted) {
    if (o.startedAt > end) {
      if (end > start) total += end - start;
      start = o.startedAt;
      end = o.readyAt;
    } else if (o.readyAt > end) end = o.readyAt;
  }
  if (end > start) total += end - start;
  return total;
}
