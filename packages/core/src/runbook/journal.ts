import { err, ok, type Result } from 'neverthrow';
import { drError, type DrError } from '../errors/DrError';
import { appendToAuditLog } from '../audit/chain';
import { canonicalJson } from '../audit/canonicalJson';
import { redact } from '../audit/redact';
import type { AuditEntry, AuditRecord, AuditSink } from '../audit/types';
import type { CloudOperation } from '../measure/objectives';
import type { ErrorSummary, RecoveryPointUsed } from './types';

/**
 * How a runbook's journal records are told apart from other records in the same sink:
 * `attributes.runbook` names the runbook and `attributes.record` says what the record is about.
 *
 * | record       | callId             | phase start                      | phase end                         |
 * |--------------|--------------------|----------------------------------|-----------------------------------|
 * | `run`        | `run`              | incident, objectives, structure  | status, reason                    |
 * | `approval`   | `<step>#approval`  | requested (message)              | granted/denied (`actor` = who)    |
 * | `step`       | `<step>`           | started                          | outcome, output, operations       |
 * | `phase`      | `compensation`/`cleanup` | the run entered that phase |                                   |
 * | `compensate` | `<step>#compensate`| started                          | outcome                           |
 * | `cleanup`    | `<step>#cleanup`   | started                          | outcome                           |
 */
export type JournalRecordKind = 'run' | 'approval' | 'step' | 'phase' | 'compensate' | 'cleanup';

/** How a step's output is kept in its `end` record (`attributes.output`). */
export type JournalledOutput = 'journalled' | 'undefined' | 'not-replayable';

/** Writes a run's records to the sink, one at a time, through the sink's hash-chain writer. */
export class JournalWriter {
  readonly #sink: AuditSink;
  readonly #base: { runId: string; actor: string; runbook: string };
  readonly #now: () => number;
  readonly #stopped: () => boolean;
  readonly #onRecord: (record: AuditRecord) => void;
  written = 0;
  writeErrors = 0;
  last: AuditRecord | undefined;

  constructor(
    sink: AuditSink,
    base: { runId: string; actor: string; runbook: string },
    now: () => number,
    stopped: () => boolean,
    onRecord: (record: AuditRecord) => void,
  ) {
    this.#sink = sink;
    this.#base = base;
    this.#now = now;
    this.#stopped = stopped;
    this.#onRecord = onRecord;
  }

  get sink(): AuditSink {
    return this.#sink;
  }

  /** Appends one record; `ok: false` when the sink failed or the run has stopped (a simulated crash). */
  async write(
    kind: JournalRecordKind,
    fields: {
      step: string;
      phase: 'start' | 'end';
      callId: string;
      actor?: string;
      outcome?: 'succeeded' | 'failed';
      durationMs?: number;
      result?: unknown;
      error?: ErrorSummary & { retryable?: boolean };
      attributes?: Record<string, unknown>;
    },
  ): Promise<{ ok: true; record: AuditRecord } | { ok: false; error: DrError }> {
    if (this.#stopped()) return { ok: false, error: drError('Aborted', 'the run has stopped') };
    const { attributes, error, actor, ...rest } = fields;
    const entry: AuditEntry = {
      runId: this.#base.runId,
      actor: actor ?? this.#base.actor,
      at: new Date(this.#now()).toISOString(),
      ...rest,
      ...(error ? { error: { kind: error.kind, message: error.message, retryable: error.retryable ?? false } } : {}),
      attributes: { runbook: this.#base.runbook, record: kind, ...attributes },
    };
    const appended = (await appendToAuditLog(this.#sink, entry)).match(
      (record) => ({ ok: true as const, record }),
      (error) => ({ ok: false as const, error }),
    );
    if (!appended.ok) {
      this.writeErrors += 1;
      return appended;
    }
    this.written += 1;
    this.last = appended.record;
    this.#onRecord(appended.record);
    return appended;
  }
}

/**
 * How a step's output is kept in the journal: `journalled` when it is plain JSON that the audit
 * redaction leaves unchanged (so a resumed run reads it back as it was), `undefined` for no
 * output, `not-replayable` otherwise (it is journalled redacted, and a resumed run runs the step
 * again, with the same idempotency keys, to get it back).
 *
 * @example
 * ```ts
 * outputMode({ resourceId: 'orders-db-restored', jobId: 'job-1' }); // 'journalled'
 * outputMode({ user: 'app', password: 'hunter2' }); // 'not-replayable' (the password is redacted)
 * outputMode({ at: new Date(ctx.clock.now()) }); // 'not-replayable' (not plain JSON)
 * ```
 */
export function outputMode(output: unknown): JournalledOutput {
  if (output === undefined) return 'undefined';
  if (!isPlainJson(output, 0)) return 'not-replayable';
  return canonicalJson(redact(output)) === canonicalJson(output) ? 'journalled' : 'not-replayable';
}

function isPlainJson(value: unknown, depth: number): boolean {
  if (depth > 40) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.every((v) => isPlainJson(v, depth + 1));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  // `undefined` members vanish in JSON; everything else must be JSON itself.
  return Object.values(value).every((v) => v === undefined || isPlainJson(v, depth + 1));
}

/** One step as the journal tells it. */
export interface ReplayedStep {
  approval?: { approved: boolean; by: string; at: number; comment?: string };
  startedAt?: number;
  end?: {
    outcome: 'succeeded' | 'failed';
    startedAt: number;
    finishedAt: number;
    invoked: boolean;
    output: unknown;
    outputMode: JournalledOutput;
    error?: ErrorSummary;
    operations: CloudOperation[];
    recoveryPoints: RecoveryPointUsed[];
  };
  compensation?: 'started' | 'succeeded' | 'failed';
  cleanup?: 'started' | 'succeeded' | 'failed';
}

/** A run as the journal tells it. */
export interface ReplayedRun {
  runId: string;
  startedAt: number;
  incidentAt: number;
  rtoMs: number;
  rpoMs: number;
  dryRun: boolean;
  structure: string[][];
  steps: Map<string, ReplayedStep>;
  /** Step names in the order their `end` records were written. */
  finishOrder: string[];
  failure?: { reason: string; error: ErrorSummary; at: number; stage: number; step?: string };
  compensationPhase: boolean;
  cleanupPhase: boolean;
  ended?: { status: 'passed' | 'failed'; reason?: string; finishedAt: number };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const timeOf = (record: AuditRecord): number => Date.parse(record.at);

/**
 * Rebuilds a run of `runbook` from journal records: the run `runId`, or the last run of the
 * runbook when `runId` is undefined. `NotFound` when there is none.
 */
export function replayJournal(
  records: readonly AuditRecord[],
  runbook: string,
  runId: string | undefined,
): Result<ReplayedRun, DrError> {
  const mine = records.filter((r) => isObject(r.attributes) && r.attributes.runbook === runbook);
  const runStarts = mine.filter((r) => r.attributes?.record === 'run' && r.phase === 'start');
  const start = runId === undefined ? runStarts.at(-1) : runStarts.filter((r) => r.runId === runId).at(-1);
  if (!start) {
    return err(
      drError(
        'NotFound',
        `the journal holds no run of runbook "${runbook}"${runId === undefined ? '' : ` with run id "${runId}"`}`,
        { resource: runbook },
      ),
    );
  }
  const a = start.attributes ?? {};
  const structure = Array.isArray(a.structure) ? (a.structure as unknown[][]).map((s) => s.map(String)) : [];
  const run: ReplayedRun = {
    runId: start.runId,
    startedAt: timeOf(start),
    incidentAt: isTime(a.incidentAt) ? a.incidentAt : timeOf(start),
    rtoMs: isTime(a.rtoMs) ? a.rtoMs : 3_600_000,
    rpoMs: isTime(a.rpoMs) ? a.rpoMs : 900_000,
    dryRun: a.dryRun === true,
    structure,
    steps: new Map(),
    finishOrder: [],
    compensationPhase: false,
    cleanupPhase: false,
  };
  const stageOf = new Map<string, number>();
  structure.forEach((names, i) => names.forEach((n) => stageOf.set(n, i)));
  const step = (name: string): ReplayedStep => {
    let s = run.steps.get(name);
    if (!s) run.steps.set(name, (s = {}));
    return s;
  };
  for (const r of mine) {
    if (r.runId !== run.runId || r.seq < start.seq) continue;
    const attrs = r.attributes ?? {};
    switch (attrs.record) {
      case 'run':
        if (r.phase === 'end') {
          run.ended = {
            status: attrs.status === 'passed' ? 'passed' : 'failed',
            ...(typeof attrs.reason === 'string' ? { reason: attrs.reason } : {}),
            finishedAt: timeOf(r),
          };
        }
        break;
      case 'approval':
        if (r.phase === 'end') {
          step(r.step).approval = {
            approved: r.outcome === 'succeeded',
            by: r.actor,
            at: timeOf(r),
            ...(typeof attrs.comment === 'string' ? { comment: attrs.comment } : {}),
          };
        }
        break;
      case 'step': {
        const s = step(r.step);
        if (r.phase === 'start') {
          s.startedAt = isTime(attrs.startedAt) ? attrs.startedAt : timeOf(r);
          break;
        }
        const mode = (attrs.output as JournalledOutput | undefined) ?? 'not-replayable';
        s.end = {
          outcome: r.outcome === 'succeeded' ? 'succeeded' : 'failed',
          startedAt: isTime(attrs.startedAt) ? attrs.startedAt : timeOf(r),
          finishedAt: isTime(attrs.finishedAt) ? attrs.finishedAt : timeOf(r),
          invoked: attrs.invoked !== false,
          output: mode === 'journalled' ? r.result : undefined,
          outputMode: mode,
          ...(r.error ? { error: { kind: r.error.kind, message: r.error.message } } : {}),
          operations: Array.isArray(attrs.operations) ? (attrs.operations as CloudOperation[]) : [],
          recoveryPoints: Array.isArray(attrs.recoveryPoints) ? (attrs.recoveryPoints as RecoveryPointUsed[]) : [],
        };
        run.finishOrder = run.finishOrder.filter((n) => n !== r.step);
        run.finishOrder.push(r.step);
        if (s.end.outcome === 'failed' && !run.failure && s.end.error) {
          run.failure = {
            reason: typeof attrs.reason === 'string' ? attrs.reason : `step "${r.step}" failed`,
            error: s.end.error,
            at: s.end.finishedAt,
            stage: stageOf.get(r.step) ?? 0,
            step: r.step,
          };
        }
        break;
      }
      case 'phase':
        if (attrs.phase === 'compensation') {
          run.compensationPhase = true;
          if (typeof attrs.reason === 'string' && isObject(attrs.error)) {
            run.failure = {
              reason: attrs.reason,
              error: { kind: String(attrs.error.kind), message: String(attrs.error.message) },
              at: isTime(attrs.failedAt) ? attrs.failedAt : timeOf(r),
              stage: isTime(attrs.stage) ? attrs.stage : 0,
              ...(typeof attrs.failedStep === 'string' ? { step: attrs.failedStep } : {}),
            };
          }
        }
        if (attrs.phase === 'cleanup') run.cleanupPhase = true;
        break;
      case 'compensate':
        step(r.step).compensation =
          r.phase === 'start' ? 'started' : r.outcome === 'succeeded' ? 'succeeded' : 'failed';
        break;
      case 'cleanup':
        step(r.step).cleanup = r.phase === 'start' ? 'started' : r.outcome === 'succeeded' ? 'succeeded' : 'failed';
        break;
      default:
        break;
    }
  }
  return ok(run);
}
