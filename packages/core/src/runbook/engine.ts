import { ResultAsync, err, ok, okAsync, type Result } from 'neverthrow';
import { resolveContext, type DrContext, type DrContextInput } from '../context/DrContext';
import { silentLogger } from '../context/Logger';
import { drError, formatDrError, invalidInput, isDrError, toDrError, type DrError } from '../errors/DrError';
import { Problems } from '../errors/problems';
import { abortedError } from '../time/Clock';
import { formatDuration, parseDuration } from '../time/duration';
import { retry, retryPolicy } from '../retry/retry';
import { verifyAuditLog } from '../audit/hashChain';
import { memoryAuditSink } from '../audit/sinks/memory';
import type { AuditRecord, AuditSink } from '../audit/types';
import { idempotencyKey } from '../primitives/idempotency';
import { linkedAbort } from '../primitives/internal';
import {
  DEFAULT_RPO_MS,
  DEFAULT_RTO_MS,
  measureRpo,
  measureRto,
  operationsCriticalPath,
  type CloudOperation,
} from '../measure/objectives';
import { approvalDenied } from './approvers';
import { JournalWriter, outputMode, replayJournal, type JournalledOutput, type ReplayedRun } from './journal';
import { measureStepOutput } from './measureOutput';
import type { Runbook } from './runbook';
import type {
  AnyStep,
  Approver,
  ErrorSummary,
  PlannedStep,
  RecoveryPointUsed,
  ResumeOptions,
  RunbookEvent,
  RunbookOptions,
  RunbookReport,
  RunbookStepReport,
  StepContext,
  StepKind,
  StepOutputs,
} from './types';

/**
 * Runs a runbook: stage after stage, the steps of a stage in parallel, each step getting the
 * outputs of the earlier stages. Every step is journalled (hash-chained records in
 * `options.journal`) so that {@link resumeRunbook} can continue the run after a crash.
 *
 * - **Failure**: when a step fails (or is denied approval, times out, or the RTO deadline
 *   passes), no further stage starts; the other steps of the same stage finish; then the
 *   compensations of the steps that succeeded run, newest first.
 * - **Cleanup**: always runs last, after success, failure or abort: each succeeded step's
 *   `cleanup`, and each failed step's `abandon`, newest first. Compensation and cleanup are not
 *   cancelled by `ctx.signal` (an abort must still leave the cloud consistent).
 * - **Deadline**: `incidentAt + rto`. A step still running then is aborted and fails with
 *   `RtoExceeded`, and the steps after it do not start. Stages after the last one holding a
 *   `recovery`/`validation` step are not bound by it (the recovery is over by then).
 * - **Approvals**: a step with `approval` first asks `options.approver`; a denial fails the run.
 * - **Dry run** (`options.dryRun` or `ctx.dryRun`): no step runs and no approval is asked; the
 *   report's `plan` lists each step's planned calls (see {@link formatRunbookPlan}).
 * - **Measurement**: RTO from `incidentAt` to the last recovery/validation step finished; RPO
 *   from the recovery points the steps report; and the critical-path bound from the cloud
 *   operations they report (see {@link measureStepOutput}).
 *
 * The result is `ok(report)` for a run that passed or failed (see `report.status` and
 * `report.reason`); `err` only for bad input (`InvalidInput`, every problem listed, before
 * anything runs), a journal whose first record cannot be written, or a simulated crash.
 *
 * @example
 * ```ts
 * const journal = fileAuditSink('/var/lib/drkit/failover.jsonl');
 * const report = await runRunbook(failover, {
 *   incidentAt: Date.parse('2026-11-22T02:55:00Z'),
 *   objectives: { rto: '1h', rpo: '15m' },
 *   approver: consoleApprover(),
 *   journal,
 *   onEvent: (e) => console.error(e.type, 'step' in e ? e.step : ''),
 * }, { runId: 'failover-2026-11-22' });
 * if (report.isOk()) console.log(report.value.status, report.value.rto.measuredMs / 60_000, 'min');
 * ```
 */
export function runRunbook<O extends StepOutputs>(
  rb: Runbook<O>,
  options: RunbookOptions = {},
  ctxInput?: DrContextInput,
): ResultAsync<RunbookReport<O>, DrError> {
  return new ResultAsync(
    (async (): Promise<Result<RunbookReport<O>, DrError>> => {
      const checked = await checkInput(rb, options, 'run');
      if (checked.isErr()) return err(checked.error);
      const ctx = resolveContext(ctxInput);
      const dryRun = options.dryRun ?? ctx.dryRun;
      const startedAt = ctx.clock.now();
      const incidentAt = options.incidentAt ?? startedAt;
      const needing = needsApprover(rb, undefined);
      if (!dryRun && needing && !options.approver) {
        return err(invalidInput([{ path: 'options.approver', message: `is required: ${needing} needs approval` }]));
      }
      const run = new RunbookRun(
        rb,
        options,
        { ...ctx, dryRun: false },
        {
          journal: options.journal ?? ctx.audit ?? memoryAuditSink(),
          incidentAt,
          startedAt,
          rtoMs: checked.value.rtoMs,
          rpoMs: checked.value.rpoMs,
          dryRun,
          resumed: false,
        },
      );
      const report = await (dryRun ? run.plan() : run.execute());
      return report as Result<RunbookReport<O>, DrError>;
    })(),
  );
}

/**
 * Continues a run from its journal after a crash or a Lambda timeout, with the same `runId` (the
 * journal's last run of this runbook, or `ctx.runId` when given), incident time and objectives.
 *
 * The journal's hash chain is verified first; a broken chain is refused (`Conflict`), as is a
 * runbook whose steps differ from the journalled run's. Then: steps with a successful `end`
 * record are not run again (their outputs come from the journal; an output the journal could
 * not keep — not plain JSON, or holding something that looks like a secret — is recovered by
 * running the step again with the same idempotency keys); a step with a `start` but no `end`
 * runs again with the same idempotency keys, so primitives find the jobs it started; approvals
 * already given are not asked again; compensations and cleanups already done are not repeated,
 * and those started but not finished run again. A run that had finished returns its report
 * without running anything. The report equals that of an uninterrupted run (apart from
 * `resumed` and `journal`, and the timings of steps that ran again). `NotFound` when the journal
 * holds no run of the runbook (the process died before the run's first record): start it anew.
 *
 * @example
 * ```ts
 * // In the Lambda's next invocation, after the previous one timed out:
 * const report = await resumeRunbook(failover, fileAuditSink('/mnt/efs/failover.jsonl'), { approver: autoApprove() }, ctx);
 * ```
 */
export function resumeRunbook<O extends StepOutputs>(
  rb: Runbook<O>,
  journal: AuditSink,
  options: ResumeOptions = {},
  ctxInput?: DrContextInput,
): ResultAsync<RunbookReport<O>, DrError> {
  return new ResultAsync(
    (async (): Promise<Result<RunbookReport<O>, DrError>> => {
      const checked = await checkInput(rb, { ...options, journal }, 'resume');
      if (checked.isErr()) return err(checked.error);
      let records: readonly AuditRecord[];
      try {
        records = await journal.read!();
      } catch (e) {
        return err(toDrError(e, { provider: 'audit', operation: 'read' }));
      }
      const verified = verifyAuditLog(records);
      if (!verified.ok) {
        return err(
          drError(
            'Conflict',
            `refusing to resume: the journal's hash chain is broken at record ${verified.index} (${verified.reason})`,
          ),
        );
      }
      const replayed = replayJournal(records, rb.name, ctxInput?.runId);
      if (replayed.isErr()) return err(replayed.error);
      const r = replayed.value;
      if (r.dryRun)
        return err(drError('Conflict', `run "${r.runId}" of "${rb.name}" was a dry run: nothing to resume`));
      const expected = rb.stages.map((s) => s.map((step) => step.name));
      if (JSON.stringify(expected) !== JSON.stringify(r.structure)) {
        return err(
          drError(
            'Conflict',
            `refusing to resume run "${r.runId}": the runbook's stages ${JSON.stringify(expected)} differ from the journalled ${JSON.stringify(r.structure)}`,
          ),
        );
      }
      const missing = needsApprover(rb, r);
      if (missing && !options.approver && !r.ended && !r.failure) {
        return err(invalidInput([{ path: 'options.approver', message: `is required: ${missing} needs approval` }]));
      }
      const ctx = resolveContext({ ...ctxInput, runId: r.runId });
      const run = new RunbookRun(
        rb,
        options,
        { ...ctx, dryRun: false },
        {
          journal,
          incidentAt: r.incidentAt,
          startedAt: r.startedAt,
          rtoMs: r.rtoMs,
          rpoMs: r.rpoMs,
          dryRun: false,
          resumed: true,
        },
      );
      run.restore(r);
      return (await run.execute()) as Result<RunbookReport<O>, DrError>;
    })(),
  );
}

/** Names the first step that still needs an approval, if any. */
function needsApprover(rb: Runbook<StepOutputs>, replayed: ReplayedRun | undefined): string | undefined {
  for (const stage of rb.stages)
    for (const s of stage)
      if (s.approval !== undefined && !replayed?.steps.get(s.name)?.approval) return `step "${s.name}"`;
  return undefined;
}

const STEP_KINDS: readonly StepKind[] = ['recovery', 'validation', 'other'];

async function checkInput(
  rb: Runbook<StepOutputs>,
  options: RunbookOptions,
  mode: 'run' | 'resume',
): Promise<Result<{ rtoMs: number; rpoMs: number }, DrError>> {
  const problems = new Problems();
  if (typeof rb !== 'object' || rb === null || !Array.isArray(rb.stages)) {
    return problems.add('runbook', 'must be a runbook (see runbook())').result(undefined as never);
  }
  if (typeof rb.name !== 'string' || rb.name.trim() === '') problems.add('runbook.name', 'must be a non-empty string');
  if (rb.stages.length === 0) problems.add('runbook', 'has no steps');
  const names = new Set<string>();
  for (const [i, stage] of rb.stages.entries()) {
    if (!Array.isArray(stage) || stage.length === 0)
      problems.add(`runbook.stages[${i}]`, 'must hold at least one step');
    for (const [j, step] of (Array.isArray(stage) ? stage : []).entries()) {
      const at = `runbook.stages[${i}][${j}]`;
      if (typeof step !== 'object' || step === null) {
        problems.add(at, 'must be a step');
        continue;
      }
      const s = step as AnyStep;
      if (typeof s.name !== 'string' || s.name.trim() === '') problems.add(`${at}.name`, 'must be a non-empty string');
      else if (names.has(s.name)) problems.add(`${at}.name`, `duplicates step "${s.name}"`);
      else names.add(s.name);
      const where = typeof s.name === 'string' && s.name !== '' ? `steps.${s.name}` : at;
      if (typeof s.run !== 'function') problems.add(`${where}.run`, 'must be a function');
      for (const f of ['compensate', 'cleanup', 'abandon', 'plan', 'measure'] as const)
        if (s[f] !== undefined && typeof s[f] !== 'function') problems.add(`${where}.${f}`, 'must be a function');
      if (s.kind !== undefined && !STEP_KINDS.includes(s.kind))
        problems.add(`${where}.kind`, `must be one of ${STEP_KINDS.join(', ')}`);
      if (s.approval !== undefined) {
        const message = typeof s.approval === 'string' ? s.approval : (s.approval as { message?: unknown })?.message;
        if (typeof message !== 'string' || message.trim() === '')
          problems.add(`${where}.approval`, 'must be a message or { message }');
      }
      if (s.timeout !== undefined) {
        const t = parseDuration(s.timeout, `${where}.timeout`);
        if (t.isErr()) problems.addAll('', t.error.problems);
        else if (t.value === 0) problems.add(`${where}.timeout`, 'must be longer than 0');
      }
      if (s.retry !== undefined) {
        if (typeof s.retry !== 'object' || s.retry === null) problems.add(`${where}.retry`, 'must be retry options');
        else {
          const tried = await retryPolicy(s.retry).execute(() => okAsync(undefined), { logger: silentLogger });
          if (tried.isErr() && tried.error.kind === 'InvalidInput')
            problems.addAll(`${where}.retry`, tried.error.problems);
        }
      }
    }
  }
  if (mode === 'run' && options.incidentAt !== undefined) {
    if (typeof options.incidentAt !== 'number' || !Number.isFinite(options.incidentAt))
      problems.add('options.incidentAt', 'must be a time in ms since the epoch');
  }
  const objective = (key: 'rto' | 'rpo', fallback: number): number => {
    const value = mode === 'run' ? options.objectives?.[key] : undefined;
    if (value === undefined) return fallback;
    const parsed = parseDuration(value, `options.objectives.${key}`);
    if (parsed.isErr()) {
      problems.addAll('', parsed.error.problems);
      return fallback;
    }
    if (parsed.value === 0) problems.add(`options.objectives.${key}`, 'must be longer than 0');
    return parsed.value;
  };
  const rtoMs = objective('rto', DEFAULT_RTO_MS);
  const rpoMs = objective('rpo', DEFAULT_RPO_MS);
  if (options.approver !== undefined && typeof (options.approver as Partial<Approver>)?.request !== 'function')
    problems.add('options.approver', 'must be an Approver (with request)');
  if (options.journal !== undefined && typeof options.journal?.append !== 'function')
    problems.add('options.journal', 'must be an AuditSink (with append)');
  if (mode === 'resume' && typeof options.journal?.read !== 'function')
    problems.add('journal', 'must be readable (an AuditSink with read) to resume from it');
  if (options.onEvent !== undefined && typeof options.onEvent !== 'function')
    problems.add('options.onEvent', 'must be a function');
  if (options.simulateCrash !== undefined && typeof options.simulateCrash !== 'function')
    problems.add('options.simulateCrash', 'must be a function');
  if (options.actor !== undefined && (typeof options.actor !== 'string' || options.actor.trim() === ''))
    problems.add('options.actor', 'must be a non-empty string');
  return problems.result({ rtoMs, rpoMs });
}

/** The state of one step in a run. */
interface StepState {
  readonly spec: AnyStep;
  readonly stage: number;
  readonly kind: StepKind;
  status: 'pending' | 'running' | 'succeeded' | 'failed';
  /** `run` was called (so `abandon` applies if it did not succeed). */
  invoked: boolean;
  /** It had started before a crash and never finished. */
  interrupted: boolean;
  startedAt?: number;
  finishedAt?: number;
  hasOutput: boolean;
  output?: unknown;
  outputMode?: JournalledOutput;
  error?: ErrorSummary;
  operations: CloudOperation[];
  recoveryPoints: RecoveryPointUsed[];
  approval?: { approved: boolean; by: string; at: number; comment?: string };
  compensation?: 'started' | 'succeeded' | 'failed';
  cleanup?: 'started' | 'succeeded' | 'failed';
}

interface RunSettings {
  journal: AuditSink;
  incidentAt: number;
  startedAt: number;
  rtoMs: number;
  rpoMs: number;
  dryRun: boolean;
  resumed: boolean;
}

interface Failure {
  reason: string;
  error: ErrorSummary;
  at: number;
  stage: number;
  step?: string;
}

const TIMEOUT = Symbol('timeout');
const STOPPED = Symbol('stopped');

/** One execution (or resumption) of a runbook. */
class RunbookRun {
  readonly #rb: Runbook<StepOutputs>;
  readonly #options: RunbookOptions;
  readonly #ctx: DrContext;
  readonly #s: RunSettings;
  readonly #steps: StepState[];
  readonly #byName: Map<string, StepState>;
  readonly #journal: JournalWriter;
  /** Aborted by ctx.signal or a crash: stops the steps. */
  readonly #runAbort: { controller: AbortController; dispose: () => void };
  /** Aborted only by a crash: stops compensation and cleanup. */
  readonly #crashAbort = new AbortController();
  readonly #deadlineAt: number;
  /** Stages up to this index are bound by the RTO deadline. */
  readonly #boundedStage: number;
  #finishOrder: string[] = [];
  #failure: Failure | undefined;
  #crashed = false;
  #runStartWritten = false;
  #compensationPhaseWritten = false;
  #cleanupPhaseWritten = false;
  #ended: { status: 'passed' | 'failed'; reason?: string; finishedAt: number } | undefined;

  constructor(rb: Runbook<StepOutputs>, options: RunbookOptions, ctx: DrContext, settings: RunSettings) {
    this.#rb = rb;
    this.#options = options;
    this.#ctx = ctx;
    this.#s = settings;
    this.#steps = rb.stages.flatMap((stage, i) =>
      stage.map((spec): StepState => ({
        spec,
        stage: i,
        kind: spec.kind ?? 'recovery',
        status: 'pending',
        invoked: false,
        interrupted: false,
        hasOutput: false,
        operations: [],
        recoveryPoints: [],
      })),
    );
    this.#byName = new Map(this.#steps.map((s) => [s.spec.name, s]));
    this.#deadlineAt = settings.incidentAt + settings.rtoMs;
    const lastRecovery = this.#steps.filter((s) => s.kind !== 'other').at(-1);
    this.#boundedStage = lastRecovery ? lastRecovery.stage : rb.stages.length - 1;
    this.#runAbort = linkedAbort(ctx.signal);
    this.#journal = new JournalWriter(
      settings.journal,
      { runId: ctx.runId, actor: options.actor ?? 'drkit-runbook', runbook: rb.name },
      () => ctx.clock.now(),
      () => this.#crashed,
      (record) => this.#maybeCrash({ record }),
    );
  }

  /** Takes over the state of a journalled run. */
  restore(r: ReplayedRun): void {
    this.#runStartWritten = true;
    this.#finishOrder = [...r.finishOrder];
    this.#compensationPhaseWritten = r.compensationPhase;
    this.#cleanupPhaseWritten = r.cleanupPhase;
    if (r.failure) this.#failure = { ...r.failure };
    if (r.ended) this.#ended = { ...r.ended };
    for (const [name, replayed] of r.steps) {
      const st = this.#byName.get(name);
      if (!st) continue;
      if (replayed.approval) st.approval = { ...replayed.approval };
      if (replayed.compensation) st.compensation = replayed.compensation;
      if (replayed.cleanup) st.cleanup = replayed.cleanup;
      const end = replayed.end;
      if (end) {
        st.status = end.outcome;
        st.invoked = end.invoked;
        st.startedAt = end.startedAt;
        st.finishedAt = end.finishedAt;
        st.operations = [...end.operations];
        st.recoveryPoints = [...end.recoveryPoints];
        st.outputMode = end.outputMode;
        if (end.error) st.error = end.error;
        if (end.outcome === 'succeeded' && end.outputMode !== 'not-replayable') {
          st.hasOutput = true;
          st.output = end.output;
        }
      } else if (replayed.startedAt !== undefined) {
        st.interrupted = true;
        st.invoked = true;
      }
    }
  }

  // ---- the phases ------------------------------------------------------------------------

  async execute(): Promise<Result<RunbookReport, DrError>> {
    try {
      if (!this.#ended) {
        if (!this.#runStartWritten) {
          const started = await this.#writeRunStart();
          if (!started.ok) return err(started.error);
        }
        this.#emit({ type: 'run:started', resumed: this.#s.resumed, dryRun: false });
        await this.#forward();
        if (this.#failure) await this.#compensate();
        await this.#cleanupPhase();
        if (this.#crashed) return err(this.#crashError());
        const report = this.#report();
        this.#ended = {
          status: report.status,
          ...(report.reason ? { reason: report.reason } : {}),
          finishedAt: report.finishedAt,
        };
        await this.#journal.write('run', {
          step: this.#rb.name,
          phase: 'end',
          callId: 'run',
          outcome: report.status === 'passed' ? 'succeeded' : 'failed',
          durationMs: report.finishedAt - report.startedAt,
          attributes: {
            status: report.status,
            ...(report.reason ? { reason: report.reason } : {}),
            rtoMeasuredMs: report.rto.measuredMs,
            rtoCriticalPathMs: report.rto.criticalPathMs,
            rpoMeasuredMs: report.rpo.measuredMs,
          },
        });
        if (this.#crashed) return err(this.#crashError());
        this.#emit({
          type: 'run:finished',
          status: report.status,
          ...(report.reason ? { reason: report.reason } : {}),
        });
        if (this.#crashed) return err(this.#crashError());
      }
      return ok(await this.#withJournal(this.#report()));
    } finally {
      this.#runAbort.dispose();
    }
  }

  /** The dry run: every step's plan, nothing run. */
  async plan(): Promise<Result<RunbookReport, DrError>> {
    const started = await this.#writeRunStart();
    if (!started.ok) return err(started.error);
    this.#emit({ type: 'run:started', resumed: false, dryRun: true });
    const plan: PlannedStep[] = [];
    for (const st of this.#steps) {
      const spec = st.spec;
      let calls: PlannedStep['calls'] = [];
      let error: string | undefined;
      if (spec.plan) {
        try {
          const planned = spec.plan({});
          calls = Array.isArray(planned) ? [...(planned as PlannedStep['calls'])] : [];
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
        }
      }
      const approval = approvalMessage(spec);
      plan.push({
        name: spec.name,
        kind: st.kind,
        stage: st.stage,
        ...(spec.description ? { description: spec.description } : {}),
        ...(approval !== undefined ? { approval } : {}),
        calls,
        declared: spec.plan !== undefined,
        ...(error !== undefined ? { error } : {}),
      });
      this.#emit({ type: 'step:planned', step: spec.name, calls });
    }
    const base = this.#report();
    const report: RunbookReport = { ...base, plan };
    await this.#journal.write('run', {
      step: this.#rb.name,
      phase: 'end',
      callId: 'run',
      outcome: 'succeeded',
      durationMs: 0,
      attributes: { status: report.status, dryRun: true },
    });
    this.#emit({ type: 'run:finished', status: report.status });
    this.#runAbort.dispose();
    return ok(await this.#withJournal(report));
  }

  #writeRunStart(): ReturnType<JournalWriter['write']> {
    this.#runStartWritten = true;
    return this.#journal.write('run', {
      step: this.#rb.name,
      phase: 'start',
      callId: 'run',
      attributes: {
        incidentAt: this.#s.incidentAt,
        startedAt: this.#s.startedAt,
        rtoMs: this.#s.rtoMs,
        rpoMs: this.#s.rpoMs,
        deadlineAt: this.#deadlineAt,
        dryRun: this.#s.dryRun,
        structure: this.#rb.stages.map((s) => s.map((step) => step.name)),
      },
    });
  }

  async #forward(): Promise<void> {
    for (let stage = 0; stage < this.#rb.stages.length; stage++) {
      if (this.#crashed) return;
      // Siblings of a failed step still finish (they were running when it failed).
      if (this.#failure && this.#failure.stage < stage) return;
      const pending = this.#steps.filter((s) => s.stage === stage && s.status === 'pending');
      if (pending.length === 0) continue;
      const input = await this.#inputFor(stage);
      if (this.#crashed) return;
      if (input.isErr()) {
        this.#fail(
          input.error.error,
          stage,
          input.error.step,
          `could not recover the output of step "${input.error.step}"`,
        );
        return;
      }
      await Promise.all(pending.map((st) => this.#runStep(st, { ...input.value })));
    }
  }

  async #runStep(st: StepState, input: Record<string, unknown>): Promise<void> {
    const name = st.spec.name;
    const bound = st.stage <= this.#boundedStage ? this.#deadlineAt : Infinity;
    const now = this.#ctx.clock.now();
    if (now >= bound) {
      await this.#endStep(st, { ok: false, error: this.#rtoError(name) }, now, now, [], []);
      return;
    }
    const message = approvalMessage(st.spec);
    if (message !== undefined) {
      // An approval given (or refused) before a crash is not asked again.
      const decided: Outcome<void> = st.approval
        ? st.approval.approved
          ? { ok: true, value: undefined }
          : { ok: false, error: approvalDenied(name, st.approval) }
        : await settle(this.#approve(st, message, bound));
      if (this.#crashed) return;
      if (!decided.ok) {
        const at = this.#ctx.clock.now();
        await this.#endStep(st, decided, at, at, [], []);
        return;
      }
    }
    const startedAt = this.#ctx.clock.now();
    const resumed = st.interrupted;
    st.status = 'running';
    st.startedAt = startedAt;
    const written = await this.#journal.write('step', {
      step: name,
      phase: 'start',
      callId: name,
      attributes: { kind: st.kind, stage: st.stage, startedAt, resumed },
    });
    if (this.#crashed) return;
    if (!written.ok) {
      await this.#endStep(st, written, startedAt, this.#ctx.clock.now(), [], [], false);
      return;
    }
    st.invoked = true;
    this.#emit({ type: 'step:started', step: name, resumed });
    const operations: CloudOperation[] = [];
    const points: RecoveryPointUsed[] = [];
    const result = await settle(this.#invoke(st, input, { operations, points, resumed, bound }));
    if (this.#crashed) return;
    await this.#endStep(st, result, startedAt, this.#ctx.clock.now(), operations, points);
  }

  async #approve(st: StepState, message: string, bound: number): Promise<Result<void, DrError>> {
    const name = st.spec.name;
    const approver = this.#options.approver!;
    await this.#journal.write('approval', {
      step: name,
      phase: 'start',
      callId: `${name}#approval`,
      attributes: { message, approver: approver.name },
    });
    if (this.#crashed) return ok(undefined);
    this.#emit({ type: 'approval:requested', step: name, message });
    const decided = await this.#bounded(this.#runAbort.controller.signal, bound, name, (signal) =>
      callSafely(`approve ${name}`, () =>
        approver.request(
          { runbook: this.#rb.name, runId: this.#ctx.runId, step: name, message },
          { ...this.#ctx, signal },
        ),
      ),
    );
    if (this.#crashed) return ok(undefined);
    if (decided.isErr()) return err(decided.error);
    const d = decided.value;
    const at = this.#ctx.clock.now();
    st.approval = { approved: d.approved, by: d.by, at, ...(d.comment ? { comment: d.comment } : {}) };
    await this.#journal.write('approval', {
      step: name,
      phase: 'end',
      callId: `${name}#approval`,
      actor: d.by,
      outcome: d.approved ? 'succeeded' : 'failed',
      attributes: { approver: approver.name, ...(d.comment ? { comment: d.comment } : {}) },
    });
    if (this.#crashed) return ok(undefined);
    if (d.approved) {
      this.#emit({ type: 'approval:granted', step: name, by: d.by });
      return ok(undefined);
    }
    this.#emit({ type: 'approval:denied', step: name, by: d.by, ...(d.comment ? { comment: d.comment } : {}) });
    return err(approvalDenied(name, d));
  }

  /** Runs a step's `run` under its timeout, the RTO deadline, its retry policy and the run's signal. */
  #invoke(
    st: StepState,
    input: Record<string, unknown>,
    sinks: { operations: CloudOperation[]; points: RecoveryPointUsed[]; resumed: boolean; bound: number },
    parent: AbortSignal = this.#runAbort.controller.signal,
  ): Promise<Result<unknown, DrError>> {
    const spec = st.spec;
    const name = spec.name;
    const startedAt = this.#ctx.clock.now();
    const timeoutMs = spec.timeout !== undefined ? parseDuration(spec.timeout).unwrapOr(Infinity) : Infinity;
    const timeoutAt = startedAt + timeoutMs;
    const deadlineAt = Math.min(sinks.bound, timeoutAt);
    const onDeadline = (): DrError =>
      timeoutAt <= sinks.bound
        ? drError('Timeout', `step "${name}" did not finish within ${formatDuration(timeoutMs)}`, {
            deadlineMs: timeoutMs,
          })
        : this.#rtoError(name);
    return this.#bounded(
      parent,
      deadlineAt,
      name,
      (signal) => {
        const stepCtx = this.#stepContext(name, signal, deadlineAt, sinks);
        const once = () => new ResultAsync(callSafely(name, () => spec.run(input, stepCtx)));
        return spec.retry ? retry(once, spec.retry, stepCtx) : once();
      },
      onDeadline,
    );
  }

  #stepContext(
    name: string,
    signal: AbortSignal,
    deadlineAt: number,
    sinks: { operations: CloudOperation[]; points: RecoveryPointUsed[]; resumed: boolean },
  ): StepContext {
    const runId = this.#ctx.runId;
    return {
      ...this.#ctx,
      signal,
      runbook: this.#rb.name,
      step: name,
      incidentAt: this.#s.incidentAt,
      deadlineAt,
      resumed: sinks.resumed,
      idempotencyKey: (...parts) => idempotencyKey(runId, name, ...parts),
      progress: (message, data) =>
        this.#emit({ type: 'step:progress', step: name, message: String(message), ...(data ? { data } : {}) }),
      reportOperation: (o) => {
        if (typeof o?.name === 'string' && isTime(o.startedAt) && isTime(o.readyAt) && o.readyAt >= o.startedAt)
          sinks.operations.push({ name: o.name, startedAt: o.startedAt, readyAt: o.readyAt });
        else this.#ctx.logger.warn('runbook: ignored a malformed operation report', { step: name });
      },
      reportRecoveryPoint: (p) => {
        if (isTime(p?.dataAsOf))
          sinks.points.push({ dataAsOf: p.dataAsOf, ...(typeof p.label === 'string' ? { label: p.label } : {}) });
        else this.#ctx.logger.warn('runbook: ignored a malformed recovery point report', { step: name });
      },
    };
  }

  async #endStep(
    st: StepState,
    result: Outcome<unknown>,
    startedAt: number,
    finishedAt: number,
    reportedOps: CloudOperation[],
    reportedPoints: RecoveryPointUsed[],
    invoked = st.invoked,
  ): Promise<void> {
    const name = st.spec.name;
    st.startedAt = startedAt;
    st.finishedAt = finishedAt;
    st.invoked = invoked;
    st.interrupted = false;
    let reason: string | undefined;
    if (result.ok) {
      const measured = this.#measure(st, result.value);
      st.status = 'succeeded';
      st.output = result.value;
      st.hasOutput = true;
      st.outputMode = outputMode(result.value);
      st.operations = [...reportedOps, ...measured.operations];
      st.recoveryPoints = [...reportedPoints, ...measured.points];
    } else {
      st.status = 'failed';
      st.error = summary(result.error);
      st.operations = reportedOps;
      st.recoveryPoints = reportedPoints;
      reason = `step "${name}" failed: ${formatDrError(result.error)}`;
    }
    this.#finishOrder.push(name);
    const written = await this.#journal.write('step', {
      step: name,
      phase: 'end',
      callId: name,
      outcome: result.ok ? 'succeeded' : 'failed',
      durationMs: finishedAt - startedAt,
      ...(result.ok && st.outputMode !== 'undefined' ? { result: result.value } : {}),
      ...(!result.ok ? { error: result.error } : {}),
      attributes: {
        kind: st.kind,
        stage: st.stage,
        startedAt,
        finishedAt,
        invoked,
        operations: st.operations,
        recoveryPoints: st.recoveryPoints,
        ...(result.ok ? { output: st.outputMode } : { reason }),
      },
    });
    if (this.#crashed) return;
    if (!result.ok) this.#fail(result.error, st.stage, name, reason);
    else if (!written.ok) this.#fail(written.error, st.stage, name, `the journal record of step "${name}" failed`);
    this.#emit({
      type: 'step:finished',
      step: name,
      status: result.ok ? 'ok' : 'failed',
      durationMs: finishedAt - startedAt,
      ...(!result.ok ? { error: summary(result.error) } : {}),
    });
  }

  #measure(st: StepState, output: unknown): { operations: CloudOperation[]; points: RecoveryPointUsed[] } {
    try {
      const m = st.spec.measure ? st.spec.measure(output) : measureStepOutput(output);
      return {
        operations: (m?.operations ?? [])
          .filter((o) => isTime(o?.startedAt) && isTime(o?.readyAt))
          .map((o) => ({ ...o })),
        points: (m?.recoveryPoints ?? []).filter((p) => isTime(p?.dataAsOf)).map((p) => ({ ...p })),
      };
    } catch (e) {
      this.#ctx.logger.warn('runbook: measure threw; the step reports no operations', {
        step: st.spec.name,
        error: e instanceof Error ? e.message : String(e),
      });
      return { operations: [], points: [] };
    }
  }

  #fail(error: DrError | ErrorSummary, stage: number, step: string | undefined, reason?: string): void {
    if (this.#failure) return;
    this.#failure = {
      reason: reason ?? `${error.kind}: ${error.message}`,
      error: summary(error),
      at: this.#ctx.clock.now(),
      stage,
      ...(step !== undefined ? { step } : {}),
    };
  }

  async #compensate(): Promise<void> {
    const failure = this.#failure!;
    if (!this.#compensationPhaseWritten) {
      this.#compensationPhaseWritten = true;
      await this.#journal.write('phase', {
        step: this.#rb.name,
        phase: 'start',
        callId: 'compensation',
        attributes: {
          phase: 'compensation',
          reason: failure.reason,
          error: failure.error,
          failedAt: failure.at,
          stage: failure.stage,
          ...(failure.step ? { failedStep: failure.step } : {}),
        },
      });
    }
    for (const name of [...this.#finishOrder].reverse()) {
      if (this.#crashed) return;
      const st = this.#byName.get(name)!;
      const compensate = st.spec.compensate;
      if (st.status !== 'succeeded' || !compensate || st.compensation === 'succeeded' || st.compensation === 'failed')
        continue;
      await this.#sideJob(st, 'compensate', (output, ctx) => compensate(output, ctx));
    }
  }

  async #cleanupPhase(): Promise<void> {
    if (this.#crashed) return;
    const work = [...this.#finishOrder]
      .reverse()
      .map((n) => this.#byName.get(n)!)
      .filter(
        (st) =>
          st.cleanup !== 'succeeded' &&
          st.cleanup !== 'failed' &&
          ((st.status === 'succeeded' && st.spec.cleanup) || (st.status === 'failed' && st.invoked && st.spec.abandon)),
      );
    if (!this.#cleanupPhaseWritten) {
      this.#cleanupPhaseWritten = true;
      await this.#journal.write('phase', {
        step: this.#rb.name,
        phase: 'start',
        callId: 'cleanup',
        attributes: { phase: 'cleanup' },
      });
    }
    for (const st of work) {
      if (this.#crashed) return;
      if (st.status === 'succeeded') {
        const cleanup = st.spec.cleanup!;
        await this.#sideJob(st, 'cleanup', (output, ctx) => cleanup(output, ctx));
      } else {
        const abandon = st.spec.abandon!;
        await this.#sideJob(st, 'abandon', async (_output, ctx) => {
          const input = await this.#inputFor(st.stage);
          if (input.isErr()) return err(input.error.error);
          return abandon(input.value, ctx);
        });
      }
    }
  }

  /** One compensation, cleanup or abandon: journalled, not cancelled by ctx.signal, never throws. */
  async #sideJob(
    st: StepState,
    action: 'compensate' | 'cleanup' | 'abandon',
    work: (output: unknown, ctx: StepContext) => PromiseLike<Result<unknown, DrError>>,
  ): Promise<void> {
    const name = st.spec.name;
    const kind = action === 'compensate' ? 'compensate' : 'cleanup';
    const field = action === 'compensate' ? 'compensation' : 'cleanup';
    const resumed = st[field] === 'started';
    st[field] = 'started';
    await this.#journal.write(kind, {
      step: name,
      phase: 'start',
      callId: `${name}#${kind}`,
      attributes: { action, resumed },
    });
    if (this.#crashed) return;
    let result: Outcome<unknown>;
    const output: Outcome<unknown> =
      action === 'abandon' ? { ok: true, value: undefined } : await settle(this.#outputOf(st));
    if (this.#crashed) return;
    if (!output.ok) result = output;
    else {
      const sinks = { operations: [], points: [], resumed };
      result = await settle(
        this.#bounded(this.#crashAbort.signal, Infinity, `${action} ${name}`, (signal) =>
          callSafely(`${action} ${name}`, () => work(output.value, this.#stepContext(name, signal, Infinity, sinks))),
        ),
      );
    }
    if (this.#crashed) return;
    st[field] = result.ok ? 'succeeded' : 'failed';
    await this.#journal.write(kind, {
      step: name,
      phase: 'end',
      callId: `${name}#${kind}`,
      outcome: result.ok ? 'succeeded' : 'failed',
      ...(!result.ok ? { error: result.error } : {}),
      attributes: { action },
    });
    if (this.#crashed) return;
    const error = !result.ok ? { error: summary(result.error) } : {};
    if (action === 'compensate') {
      this.#emit({ type: 'step:compensated', step: name, status: result.ok ? 'ok' : 'failed', ...error });
    } else {
      this.#emit({ type: 'step:cleanup', step: name, action, status: result.ok ? 'ok' : 'failed', ...error });
    }
  }

  /** The outputs of the stages before `stage`, recovering any the journal could not keep. */
  async #inputFor(stage: number): Promise<Result<Record<string, unknown>, { error: DrError; step: string }>> {
    const input: Record<string, unknown> = {};
    for (const st of this.#steps) {
      if (st.stage >= stage || st.status !== 'succeeded') continue;
      const output = await this.#outputOf(st);
      if (output.isErr()) return err({ error: output.error, step: st.spec.name });
      input[st.spec.name] = output.value;
    }
    return ok(input);
  }

  /**
   * A succeeded step's output; in a resumed run whose journal could not keep it, the step runs
   * again (same run id, same idempotency keys) to get it back. Not journalled again.
   */
  async #outputOf(st: StepState): Promise<Result<unknown, DrError>> {
    if (st.hasOutput) return ok(st.output);
    const input = await this.#inputFor(st.stage);
    if (input.isErr()) return err(input.error.error);
    this.#ctx.logger.info('runbook: running a finished step again to recover its output', { step: st.spec.name });
    // Outside the forward phase (compensation, cleanup) only a crash may stop it, not ctx.signal.
    const parent =
      this.#failure || this.#cleanupPhaseWritten ? this.#crashAbort.signal : this.#runAbort.controller.signal;
    const recovered = await this.#invoke(
      st,
      input.value,
      { operations: [], points: [], resumed: true, bound: Infinity },
      parent,
    );
    if (recovered.isOk()) {
      st.output = recovered.value;
      st.hasOutput = true;
    }
    return recovered;
  }

  /**
   * Runs `work` with a signal linked to `parent`, until it settles, the parent aborts, or the
   * clock reaches `deadlineAt` (then the work's signal is aborted and the deadline's error returned).
   */
  async #bounded<T>(
    parent: AbortSignal,
    deadlineAt: number,
    name: string,
    work: (signal: AbortSignal) => PromiseLike<Result<T, DrError>>,
    onDeadline: () => DrError = () => this.#rtoError(name),
  ): Promise<Result<T, DrError>> {
    const clock = this.#ctx.clock;
    // One sleep of more than 2^31-1 ms would fire at once on a setTimeout clock: sleep in slices.
    const sleepUntil = async (at: number, signal: AbortSignal): Promise<void> => {
      while (clock.now() < at) await clock.sleep(Math.min(at - clock.now(), 2_147_483_647), signal);
    };
    const crashAware = linkedAbort(parent);
    const controller = crashAware.controller;
    const onCrash = () => controller.abort(this.#crashError());
    this.#crashAbort.signal.addEventListener('abort', onCrash, { once: true });
    const stopTimer = new AbortController();
    try {
      if (controller.signal.aborted) return err(abortedError(controller.signal));
      if (clock.now() >= deadlineAt) return err(onDeadline());
      const timer: Promise<typeof TIMEOUT | typeof STOPPED> = Number.isFinite(deadlineAt)
        ? sleepUntil(deadlineAt, stopTimer.signal).then(
            () => TIMEOUT,
            () => STOPPED,
          )
        : new Promise<never>(() => {});
      const aborted = new Promise<typeof STOPPED>((resolve) =>
        controller.signal.addEventListener('abort', () => resolve(STOPPED), { once: true }),
      );
      const running = Promise.resolve(work(controller.signal)).then(
        (r) => r,
        (e: unknown) => err<T, DrError>(toDrError(e, { provider: 'runbook', operation: name })),
      );
      for (;;) {
        const winner = await Promise.race([running, timer, aborted]);
        if (winner === TIMEOUT) {
          const error = onDeadline();
          controller.abort(error);
          return err(error);
        }
        if (winner === STOPPED) {
          if (controller.signal.aborted) {
            // Give a cooperative step a moment to settle with its own error.
            const settled = await Promise.race([running, Promise.resolve(STOPPED)]);
            return settled === STOPPED ? err(abortedError(controller.signal)) : settled;
          }
          // The timer stopped for a reason of its own (not ours): keep waiting for the work.
          continue;
        }
        return winner;
      }
    } finally {
      stopTimer.abort();
      this.#crashAbort.signal.removeEventListener('abort', onCrash);
      crashAware.dispose();
    }
  }

  #rtoError(step: string): DrError {
    const achievedMs = this.#ctx.clock.now() - this.#s.incidentAt;
    return drError(
      'RtoExceeded',
      `the RTO deadline (${formatDuration(this.#s.rtoMs)} after the incident, ${new Date(this.#deadlineAt).toISOString()}) passed at step "${step}"`,
      { objectiveMs: this.#s.rtoMs, achievedMs },
    );
  }

  // ---- events and crashes ----------------------------------------------------------------

  #emit(event: DistributiveOmit<RunbookEvent, 'runbook' | 'runId' | 'at'>): void {
    if (this.#crashed) return;
    const full = {
      runbook: this.#rb.name,
      runId: this.#ctx.runId,
      at: this.#ctx.clock.now(),
      ...event,
    } as RunbookEvent;
    if (this.#options.onEvent) {
      try {
        this.#options.onEvent(full);
      } catch (e) {
        this.#ctx.logger.warn('runbook: onEvent listener threw; ignored', {
          event: full.type,
          error: e instanceof Error ? e.message : String(e),
        });
      }
    }
    this.#maybeCrash({ event: full });
  }

  #maybeCrash(at: { record: AuditRecord } | { event: RunbookEvent }): void {
    if (this.#crashed || !this.#options.simulateCrash) return;
    let crash = false;
    try {
      crash = this.#options.simulateCrash(at) === true;
    } catch {
      crash = true;
    }
    if (!crash) return;
    this.#crashed = true;
    const error = this.#crashError();
    this.#crashAbort.abort(error);
    this.#runAbort.controller.abort(error);
  }

  #crashError(): DrError {
    const last = this.#journal.last;
    return drError(
      'Aborted',
      `run "${this.#ctx.runId}" of "${this.#rb.name}" stopped by simulateCrash${last ? ` after journal record ${last.seq}` : ''}; resume it with resumeRunbook`,
    );
  }

  // ---- the report ------------------------------------------------------------------------

  #report(): RunbookReport {
    const s = this.#s;
    const now = this.#ended?.finishedAt ?? this.#ctx.clock.now();
    const steps: RunbookStepReport[] = this.#steps.map((st) => stepReport(st, s.dryRun));
    const recoverySteps = this.#steps.filter((st) => st.kind !== 'other');
    const counted = recoverySteps.length > 0 ? recoverySteps : this.#steps;
    const done = counted.filter((st) => st.status === 'succeeded');
    const finished = this.#steps.filter((st) => st.finishedAt !== undefined);

    // RTO: incident → the last recovery/validation step finished; for a failed run, → the failure.
    let measuredMs = 0;
    let lastStep: string | undefined;
    if (!s.dryRun) {
      if (!this.#failure && done.length === counted.length && done.length > 0) {
        const rto = measureRto({
          incidentAt: s.incidentAt,
          objective: s.rtoMs,
          steps: done.map((st) => ({ name: st.spec.name, startedAt: st.startedAt!, completedAt: st.finishedAt! })),
        });
        measuredMs = rto.isOk() ? rto.value.measuredMs : 0;
        lastStep = rto.isOk() ? rto.value.lastStep : undefined;
      } else {
        const until = this.#failure?.at ?? Math.max(now, ...finished.map((st) => st.finishedAt!));
        measuredMs = Math.max(0, until - s.incidentAt);
      }
    }
    const bound = operationsCriticalPath(
      this.#steps.map((st) => ({
        name: st.spec.name,
        dependsOn: st.stage === 0 ? [] : this.#rb.stages[st.stage - 1]!.map((p) => p.name),
        operations: st.operations,
      })),
      { endAt: counted.map((st) => st.spec.name) },
    ).unwrapOr({ ms: 0, path: [] });
    const rtoMet = !s.dryRun && !this.#failure && done.length === counted.length && measuredMs <= s.rtoMs;

    // RPO: the largest data-loss window among the recovery points used.
    const points = this.#steps.filter((st) => st.status === 'succeeded').flatMap((st) => st.recoveryPoints);
    let rpoMeasured: number | null = null;
    let dataAsOf: number | undefined;
    for (const p of points) {
      const m = measureRpo({ incidentAt: s.incidentAt, dataAsOf: p.dataAsOf, objective: s.rpoMs });
      if (m.isOk() && (rpoMeasured === null || m.value.measuredMs > rpoMeasured)) {
        rpoMeasured = m.value.measuredMs;
        dataAsOf = p.dataAsOf;
      }
    }
    const rpoMet = rpoMeasured === null || rpoMeasured <= s.rpoMs;

    const reasons: string[] = [];
    if (this.#failure) reasons.push(this.#failure.reason);
    else if (!s.dryRun && !rtoMet)
      reasons.push(`RtoExceeded: recovery took ${formatDuration(measuredMs)}, over the ${formatDuration(s.rtoMs)} RTO`);
    if (!s.dryRun && !rpoMet)
      reasons.push(
        `RpoViolated: recovered data is ${formatDuration(rpoMeasured!)} old, over the ${formatDuration(s.rpoMs)} RPO`,
      );
    for (const st of this.#steps) {
      if (st.compensation === 'failed') reasons.push(`compensation of step "${st.spec.name}" failed`);
      if (st.cleanup === 'failed') reasons.push(`cleanup of step "${st.spec.name}" failed`);
    }
    const status: 'passed' | 'failed' = reasons.length === 0 ? 'passed' : 'failed';
    const reason = this.#ended ? this.#ended.reason : reasons.length > 0 ? reasons.join('; ') : undefined;
    const outputs: Record<string, unknown> = {};
    for (const st of this.#steps) if (st.status === 'succeeded' && st.hasOutput) outputs[st.spec.name] = st.output;
    return {
      name: this.#rb.name,
      runId: this.#ctx.runId,
      status: this.#ended?.status ?? status,
      ...(reason !== undefined ? { reason } : {}),
      dryRun: s.dryRun,
      resumed: s.resumed,
      incidentAt: s.incidentAt,
      startedAt: s.startedAt,
      finishedAt: now,
      rto: {
        objectiveMs: s.rtoMs,
        measuredMs,
        criticalPathMs: bound.ms,
        criticalPath: bound.path,
        met: rtoMet,
        deadlineAt: this.#deadlineAt,
        ...(lastStep ? { lastStep } : {}),
      },
      rpo: {
        objectiveMs: s.rpoMs,
        measuredMs: rpoMeasured,
        met: !s.dryRun && rpoMet,
        ...(dataAsOf !== undefined ? { dataAsOf } : {}),
      },
      steps,
      outputs,
      journal: { records: this.#journal.written, verified: false, writeErrors: this.#journal.writeErrors },
    };
  }

  /** Fills in the report's journal section from the sink. */
  async #withJournal(report: RunbookReport): Promise<RunbookReport> {
    const sink = this.#journal.sink;
    if (typeof sink.read !== 'function') return report;
    try {
      const records = await sink.read();
      const mine = records.filter(
        (r) =>
          r.runId === this.#ctx.runId && (r.attributes as { runbook?: unknown } | undefined)?.runbook === this.#rb.name,
      );
      const last = mine.at(-1);
      return {
        ...report,
        journal: {
          records: mine.length,
          verified: verifyAuditLog(records).ok,
          ...(last ? { head: { seq: last.seq, hash: last.hash } } : {}),
          writeErrors: this.#journal.writeErrors,
        },
      };
    } catch {
      return report;
    }
  }
}

/** A settled Result as plain data (the engine passes outcomes around without re-wrapping them). */
type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DrError };

async function settle<T>(pending: PromiseLike<Result<T, DrError>>): Promise<Outcome<T>> {
  return (await pending).match(
    (value): Outcome<T> => ({ ok: true, value }),
    (error): Outcome<T> => ({ ok: false, error }),
  );
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function stepReport(st: StepState, dryRun: boolean): RunbookStepReport {
  const status: RunbookStepReport['status'] =
    st.status === 'succeeded' || st.status === 'failed' ? st.status : dryRun ? 'planned' : 'skipped';
  const compensation = st.compensation === 'succeeded' || st.compensation === 'failed' ? st.compensation : undefined;
  const cleanup = st.cleanup === 'succeeded' || st.cleanup === 'failed' ? st.cleanup : undefined;
  return {
    name: st.spec.name,
    kind: st.kind,
    stage: st.stage,
    status,
    ...(st.startedAt !== undefined && status !== 'skipped' ? { startedAt: st.startedAt } : {}),
    ...(st.finishedAt !== undefined ? { finishedAt: st.finishedAt } : {}),
    ...(st.startedAt !== undefined && st.finishedAt !== undefined ? { durationMs: st.finishedAt - st.startedAt } : {}),
    compensated: compensation === 'succeeded',
    ...(compensation ? { compensation } : {}),
    ...(cleanup ? { cleanup } : {}),
    operations: st.operations,
    recoveryPoints: st.recoveryPoints,
    ...(st.approval ? { approval: { approved: st.approval.approved, by: st.approval.by, at: st.approval.at } } : {}),
    ...(st.error ? { error: st.error } : {}),
  };
}

function approvalMessage(spec: AnyStep): string | undefined {
  if (spec.approval === undefined) return undefined;
  return typeof spec.approval === 'string' ? spec.approval : spec.approval.message;
}

function summary(error: DrError | ErrorSummary): ErrorSummary {
  return { kind: error.kind, message: error.message };
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Calls user code that should return a ResultAsync; a throw or a non-Result becomes an `err`. */
async function callSafely<T>(
  operation: string,
  call: () => PromiseLike<Result<T, DrError>>,
): Promise<Result<T, DrError>> {
  try {
    const result: unknown = await call();
    if (typeof result === 'object' && result !== null && typeof (result as Result<T, DrError>).isOk === 'function')
      return result as Result<T, DrError>;
    return err(
      drError('ProviderError', `${operation} returned something other than a Result (return a ResultAsync)`, {
        provider: 'runbook',
        operation,
      }),
    );
  } catch (e) {
    return err(isDrError(e) ? e : toDrError(e, { provider: 'runbook', operation }));
  }
}
