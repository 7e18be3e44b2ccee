/**
 * One entry of the tamper-evident audit journal. Records form a hash chain: `prevHash` is the
 * SHA-256 of the previous record's canonical JSON (`GENESIS_HASH` for the first).
 */
export interface AuditRecord {
  /** Position in the chain, from 0. */
  readonly seq: number;
  readonly runId: string;
  /** The step (function) name. */
  readonly step: string;
  readonly actor: string;
  /** `start` when the call begins, `end` when it finishes. */
  readonly phase: 'start' | 'end';
  /** Correlates the `start` and `end` records of one call. */
  readonly callId: string;
  /** ISO-8601 time from the context's clock. */
  readonly at: string;
  /** Milliseconds the call took (on `end`). */
  readonly durationMs?: number;
  /** The redacted input (on `start`). */
  readonly input?: unknown;
  /** `succeeded` or `failed` (on `end`). */
  readonly outcome?: 'succeeded' | 'failed';
  /** A redacted summary of the result (on `end`, when it succeeded). */
  readonly result?: unknown;
  /** The redacted error (on `end`, when it failed). */
  readonly error?: { kind: string; message: string; retryable: boolean };
  /** Free-form redacted attributes (idempotency keys, resource ids…). */
  readonly attributes?: Record<string, unknown>;
  readonly prevHash: string;
  /** SHA-256 of this record's canonical JSON without `hash`. */
  readonly hash: string;
}

/** Where audit records are appended. Appends are ordered; `append` resolves once durable. */
export interface AuditSink {
  append(record: AuditRecord): Promise<void>;
  /** All records appended so far, where the sink can read them back (memory, file). */
  read?(): Promise<readonly AuditRecord[]>;
}

/**
 * A record as a writer hands it over: the chain fields (`seq`, `prevHash`, `hash`) are assigned
 * by the one serialised writer of the sink (see `appendToAuditLog`).
 */
export type AuditEntry = Omit<AuditRecord, 'seq' | 'prevHash' | 'hash'>;
