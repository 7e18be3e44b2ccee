import type { AuditRecord, AuditSink } from '../types';

/** An {@link AuditSink} that keeps records in memory, for tests and short scripts. */
export interface MemoryAuditSink extends AuditSink {
  read(): Promise<readonly AuditRecord[]>;
  /** The records appended so far (a snapshot). */
  readonly records: readonly AuditRecord[];
}

/**
 * An audit sink that keeps records in memory. Each record is stored as its JSON round trip,
 * exactly what a file or log line would hold. Pass earlier records to continue their chain.
 *
 * @example
 * ```ts
 * const sink = memoryAuditSink();
 * const audited = withAuditLog(restorePoint, { sink, actor: 'restore-test' });
 * await audited(source, options, ctx);
 * verifyAuditLog(sink.records); // { ok: true, count: 2 }
 * ```
 */
export function memoryAuditSink(initial: readonly AuditRecord[] = []): MemoryAuditSink {
  const stored: AuditRecord[] = initial.map(clone);
  return {
    append: async (record) => {
      stored.push(clone(record));
    },
    read: async () => stored.map(clone),
    get records() {
      return stored.map(clone);
    },
  };
}

function clone(record: AuditRecord): AuditRecord {
  return JSON.parse(JSON.stringify(record)) as AuditRecord;
}
