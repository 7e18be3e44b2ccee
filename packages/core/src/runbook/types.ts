import type { ResultAsync } from 'neverthrow';
import type { DrContext } from '../context/DrContext';
import type { DrError } from '../errors/DrError';
import type { Duration } from '../time/duration';
import type { RetryOptions } from '../retry/retry';
import type { PlannedCall } from '../primitives/plan';
import type { CloudOperation } from '../measure/objectives';
import type { AuditAnchor } from '../audit/hashChain';
import type { AuditRecord, AuditSink } from '../audit/types';

/** The outputs of the steps so far, by step name. */
export type StepOutputs = Readonly<Record<string, unknown>>;

/**
 * What a step does for the RTO: the RTO ends when the last `recovery` or `validation` step has
 * finished; `other` steps (approvals, notifications, reports) do not count. Default `recovery`.
 */
export type StepKind = 'recovery' | 'validation' | 'other';

/** A manual approval a step needs before it runs: the question put to the approver. */
export type ApprovalSpec = string | { readonly message: string };

/** A recovery point a step restored from: the data it brought back is consistent as of `dataAsOf`. */
export interface RecoveryPointUsed {
  /** When the restored data is consistent as of (ms epoch): the point's creation, a point-in-time target. */
  readonly dataAsOf: number;
  /** What it was: `'orders-db p-10m'`. */
  readonly label?: string;
}

/** What a step's output says for measurement (see {@link StepSpec.measure}). */
export interface StepMeasurement {
  /** The cloud operations the step waited on, with the provider's own times. */
  readonly operations?: readonly CloudOperation[];
  /** The recovery points the step restored from (the RPO is measured against them). */
  readonly recoveryPoints?: readonly RecoveryPointUsed[];
}

/**
 * The context a step runs with: the run's {@link DrContext} (same `runId`, so idempotency keys
 * derived from it and the step name are the same in a resumed run) plus the step's own signal,
 * deadline and reporting hooks.
 */
export interface StepContext extends DrContext {
  /** The runbook's name. */
  readonly runbook: string;
  /** This step's name. */
  readonly step: string;
  /**
   * The latest moment the step may finish (ms epoch on `clock`): the earlier of the step's
   * `timeout` and the RTO deadline. Pass it to waits as `deadlineAt`. `Infinity` when unbounded.
   */
  readonly deadlineAt: number;
  /**
   * When the incident began (ms epoch), the same in a resumed run. Choose by it, not by the clock
   * (e.g. `restorePoint(…, { incidentAt: ctx.incidentAt, strategy: { latestWithinRpo } })`), so a
   * step run again after a crash makes the same choice.
   */
  readonly incidentAt: number;
  /** True when the step runs again in a resumed run (it started before the crash and never finished). */
  readonly resumed: boolean;
  /** `idempotencyKey(runId, step, ...parts)`: the same in every attempt and every resumed run. */
  idempotencyKey(...parts: readonly string[]): string;
  /** Emits a `step:progress` event. */
  progress(message: string, data?: Readonly<Record<string, unknown>>): void;
  /** Reports a cloud operation the step waited on (for the critical-path bound). */
  reportOperation(operation: CloudOperation): void;
  /** Reports a recovery point the step restored from (for the RPO). */
  reportRecoveryPoint(point: RecoveryPointUsed): void;
}

/**
 * One step of a runbook. `run` gets the outputs of every step of the earlier stages, by name, and
 * returns its own output as a `ResultAsync` (any primitive, or your own function).
 *
 * Outputs are written to the run's journal so that a resumed run need not repeat the step: make
 * them plain JSON (objects, arrays, strings, finite numbers, booleans, null) without secrets. An
 * output that is not plain JSON, or that the audit redaction would change (it holds something
 * that looks like a secret), is journalled redacted and marked as not replayable: a resumed run
 * then runs the step again to get it back, with the same idempotency keys. Map a primitive's
 * report to the fields later steps need (`restored.resource`) to keep the journal replayable.
 *
 * `run`, `compensate`, `cleanup` and `abandon` must be idempotent: after a crash they may run
 * again. Derive idempotency keys from `ctx.runId` and the step name (`ctx.idempotencyKey()`, or
 * the primitives' `step` option set to `ctx.step`), and take reference times from
 * `ctx.incidentAt` rather than the clock, so a step run again makes the same choices.
 */
export interface StepSpec<N extends string, I, T> {
  /** Unique within the runbook; with `ctx.runId` it determines the step's idempotency keys. */
  readonly name: N;
  /** Default `recovery`. */
  readonly kind?: StepKind;
  /** One line for plans and reports. */
  readonly description?: string;
  /** Ask the run's approver before running the step; a denial fails the run. */
  readonly approval?: ApprovalSpec;
  /** Longest the step may take (attempts and backoff included); then it fails with `Timeout`. */
  readonly timeout?: Duration;
  /** Retry the step's `run` on retryable errors (see {@link RetryOptions}). */
  readonly retry?: RetryOptions;
  /** Does the step's work. */
  readonly run: (input: I, ctx: StepContext) => ResultAsync<T, DrError>;
  /** Undoes the step after a later step failed (the run is then `failed`). Called with the step's output. */
  readonly compensate?: (output: T, ctx: StepContext) => ResultAsync<unknown, DrError>;
  /** Always runs at the end of a run in which the step succeeded (after success, failure or abort). */
  readonly cleanup?: (output: T, ctx: StepContext) => ResultAsync<unknown, DrError>;
  /**
   * Runs in the cleanup phase when the step started but did not succeed (it failed, timed out or
   * was stopped by the RTO deadline), to remove what it may have left behind. It gets the step's
   * input; the context gives the same idempotency keys, so it can find the step's jobs.
   */
  readonly abandon?: (input: I, ctx: StepContext) => ResultAsync<unknown, DrError>;
  /**
   * The calls the step would make, for a dry run. In a dry run no step has run, so the earlier
   * outputs are absent: describe the calls from what the step knows itself (names, ids).
   */
  readonly plan?: (input: Partial<I>) => readonly PlannedCall[];
  /**
   * Reads the operations and recovery points out of the step's output. Default:
   * {@link measureStepOutput} (understands `operations`, `recoveryPoints`, `dataAsOf` fields and
   * the reports of restorePoint, promoteStandby and shiftTraffic).
   */
  readonly measure?: (output: T) => StepMeasurement;
}

/** Any step, as a runbook stores it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStep = StepSpec<string, any, any>;

/** The output type of a step. */
export type OutputOf<S> = S extends StepSpec<string, never, infer T> ? T : never;

/** Flattens an intersection for readable hovers. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** `O` with one more output. */
export type WithOutput<O, N extends string, T> = Simplify<O & { readonly [K in N]: T }>;

/** The outputs a list of steps adds, by name. */
export type OutputsOf<S extends readonly AnyStep[]> = { readonly [E in S[number] as E['name']]: OutputOf<E> };

/** One approval asked of an {@link Approver}. */
export interface ApprovalRequest {
  readonly runbook: string;
  readonly runId: string;
  readonly step: string;
  readonly message: string;
}

/** An approver's answer. */
export interface ApprovalDecision {
  readonly approved: boolean;
  /** Who decided: a person, a role, `'auto-approve'`. Recorded in the journal. */
  readonly by: string;
  readonly comment?: string;
}

/** Answers approval requests: a console prompt, a callback (chat, ticket), or auto-approve in drills. */
export interface Approver {
  /** Names the approver in logs: `'console'`, `'auto-approve'`. */
  readonly name: string;
  request(request: ApprovalRequest, ctx: DrContext): ResultAsync<ApprovalDecision, DrError>;
}

/** An error as events and reports show it. */
export interface ErrorSummary {
  readonly kind: string;
  readonly message: string;
}

/** Fields of every {@link RunbookEvent}. */
interface EventBase {
  readonly runbook: string;
  readonly runId: string;
  /** Clock time of the event (ms epoch). */
  readonly at: number;
}

/** What a runbook reports while it runs, for a CLI, a log or a dashboard. */
export type RunbookEvent =
  | (EventBase & { readonly type: 'run:started'; readonly resumed: boolean; readonly dryRun: boolean })
  | (EventBase & { readonly type: 'step:planned'; readonly step: string; readonly calls: readonly PlannedCall[] })
  | (EventBase & { readonly type: 'approval:requested'; readonly step: string; readonly message: string })
  | (EventBase & { readonly type: 'approval:granted'; readonly step: string; readonly by: string })
  | (EventBase & {
      readonly type: 'approval:denied';
      readonly step: string;
      readonly by: string;
      readonly comment?: string;
    })
  | (EventBase & { readonly type: 'step:started'; readonly step: string; readonly resumed: boolean })
  | (EventBase & {
      readonly type: 'step:progress';
      readonly step: string;
      readonly message: string;
      readonly data?: Readonly<Record<string, unknown>>;
    })
  | (EventBase & {
      readonly type: 'step:finished';
      readonly step: string;
      readonly status: 'ok' | 'failed';
      readonly durationMs: number;
      readonly error?: ErrorSummary;
    })
  | (EventBase & {
      readonly type: 'step:compensated';
      readonly step: string;
      readonly status: 'ok' | 'failed';
      readonly error?: ErrorSummary;
    })
  | (EventBase & {
      readonly type: 'step:cleanup';
      readonly step: string;
      /** `cleanup` for a step that succeeded, `abandon` for one that did not. */
      readonly action: 'cleanup' | 'abandon';
      readonly status: 'ok' | 'failed';
      readonly error?: ErrorSummary;
    })
  | (EventBase & {
      readonly type: 'run:finished';
      readonly status: 'passed' | 'failed';
      readonly reason?: string;
    });

/** Where a simulated crash may happen: after a journal record is durable, or after an event. */
export type CrashPoint = { readonly record: AuditRecord } | { readonly event: RunbookEvent };

/** Options of {@link runRunbook}. */
export interface RunbookOptions {
  /** When the incident began (ms epoch): the start of the RTO and the reference of the RPO. Default: now. */
  readonly incidentAt?: number;
  /** Recovery objectives. Default `{ rto: '1h', rpo: '15m' }`. */
  readonly objectives?: { readonly rto?: Duration; readonly rpo?: Duration };
  /** Answers the steps' approval requests. Required when a step needs approval (except in a dry run). */
  readonly approver?: Approver;
  /**
   * Where the run's journal goes (hash-chained records). Give it a sink with `read()` (a file, or
   * memory in tests) to be able to resume. Default: `ctx.audit`, else a new in-memory sink.
   */
  readonly journal?: AuditSink;
  /** Who runs the runbook, for the journal's `actor`. Default `'drkit-runbook'`. */
  readonly actor?: string;
  /** Plan only: no step runs, no approval is asked; the report lists every step's planned calls. */
  readonly dryRun?: boolean;
  /** Receives every event, in order. A throwing listener is logged and ignored. */
  readonly onEvent?: (event: RunbookEvent) => void;
  /**
   * Testing aid: called after every journal record is durable and after every event; returning
   * `true` stops the run on the spot as if the process died (no further record, no compensation,
   * no cleanup; steps in flight are aborted and their late results ignored). The run then returns
   * `Aborted`; {@link resumeRunbook} continues it from the journal.
   */
  readonly simulateCrash?: (at: CrashPoint) => boolean;
}

/** Options of {@link resumeRunbook}: incident time, objectives and dry-run come from the journal. */
export type ResumeOptions = Omit<RunbookOptions, 'incidentAt' | 'objectives' | 'dryRun' | 'journal'>;

/** What one step did in a run. */
export interface RunbookStepReport {
  readonly name: string;
  readonly kind: StepKind;
  /** Position of the step's stage, from 0: steps of one stage ran in parallel. */
  readonly stage: number;
  /** `skipped`: not reached (an earlier step failed); `planned`: a dry run. */
  readonly status: 'succeeded' | 'failed' | 'skipped' | 'planned';
  readonly startedAt?: number;
  readonly finishedAt?: number;
  readonly durationMs?: number;
  /** True when the step's compensation ran and succeeded. */
  readonly compensated: boolean;
  /** How the compensation went, when one ran. */
  readonly compensation?: 'succeeded' | 'failed';
  /** How the cleanup (or, for a step that did not succeed, `abandon`) went, when one ran. */
  readonly cleanup?: 'succeeded' | 'failed';
  readonly operations: readonly CloudOperation[];
  readonly recoveryPoints: readonly RecoveryPointUsed[];
  readonly approval?: { readonly approved: boolean; readonly by: string; readonly at: number };
  readonly error?: ErrorSummary;
}

/** One step of a dry run's plan. */
export interface PlannedStep {
  readonly name: string;
  readonly kind: StepKind;
  readonly stage: number;
  readonly description?: string;
  /** The approval question, when the step needs one. */
  readonly approval?: string;
  readonly calls: readonly PlannedCall[];
  /** False when the step declares no `plan`: its calls are unknown. */
  readonly declared: boolean;
  /** Why `plan` could not list the calls (it threw). */
  readonly error?: string;
}

/** The outcome of a run: every step, RTO and RPO against the objectives, and the journal. */
export interface RunbookReport<O extends StepOutputs = StepOutputs> {
  readonly name: string;
  readonly runId: string;
  /** `passed`: every step succeeded within the RTO and RPO. */
  readonly status: 'passed' | 'failed';
  /** Why the run failed: the failing step and its error, or the objective missed. */
  readonly reason?: string;
  readonly dryRun: boolean;
  /** True when this report comes from {@link resumeRunbook}. */
  readonly resumed: boolean;
  readonly incidentAt: number;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly rto: {
    readonly objectiveMs: number;
    /** Incident → the last recovery/validation step finished (for a failed run: → the failure). */
    readonly measuredMs: number;
    /** The longest dependency path through the run, counting the cloud operations' durations alone. */
    readonly criticalPathMs: number;
    readonly criticalPath: readonly string[];
    readonly met: boolean;
    /** `incidentAt + objective`: when remaining steps would have been stopped. */
    readonly deadlineAt: number;
    readonly lastStep?: string;
  };
  readonly rpo: {
    readonly objectiveMs: number;
    /** The largest data-loss window of the recovery points used; `null` when no step restored from one. */
    readonly measuredMs: number | null;
    readonly met: boolean;
    /** The oldest recovered data's instant. */
    readonly dataAsOf?: number;
  };
  readonly steps: readonly RunbookStepReport[];
  /** The outputs of the steps that succeeded (and, in a resumed run, whose output the journal kept or that ran again). */
  readonly outputs: Partial<O>;
  /** A dry run's plan. */
  readonly plan?: readonly PlannedStep[];
  readonly journal: {
    /** Records of this run in the journal. */
    readonly records: number;
    /** Whether the whole journal's hash chain verified after the run. */
    readonly verified: boolean;
    /** The last record of this run: keep it elsewhere to detect a truncated journal later. */
    readonly head?: AuditAnchor;
    /** Records that could not be written (the sink failed). */
    readonly writeErrors: number;
  };
}
