import { ResultAsync } from 'neverthrow';
import { toDrError, type DrError } from '../errors/DrError';
import { Problems } from '../errors/problems';
import { GENESIS_HASH, hashRecord } from './hashChain';
import { redact, type RedactionRulesInput } from './redact';
import type { AuditEntry, AuditRecord, AuditSink } from './types';

/**
 * The chain state of one sink. All appends to a sink go through its one writer, one at a time,
 * so concurrent calls never interleave records or fork the chain.
 */
interface ChainWriter {
  seq: number;
  lastHash: string;
  /** False until the writer has read where the sink's chain stands (and after a failed append). */
  synced: boolean;
  /** The tail of the append queue; never rejects. */
  tail: Promise<unknown>;
}

const writers = new WeakMap<AuditSink, ChainWriter>();

function writerFor(sink: AuditSink): ChainWriter {
  let writer = writers.get(sink);
  if (!writer) {
    writer = { seq: 0, lastHash: GENESIS_HASH, synced: false, tail: Promise.resolve() };
    writers.set(sink, writer);
  }
  return writer;
}

/** Continues the chain from the last record the sink holds (a resumed file, a pre-filled memory sink). */
async function sync(sink: AuditSink, writer: ChainWriter): Promise<void> {
  if (writer.synced) return;
  if (sink.read) {
    const records = await sink.read();
    const last = records.at(-1);
    writer.seq = last ? (Number.isInteger(last.seq) ? last.seq + 1 : records.length) : 0;
    writer.lastHash = last?.hash ?? GENESIS_HASH;
  }
  writer.synced = true;
}

/**
 * Appends an already-redacted entry as the next link of the sink's chain. Resolves with the
 * record once the sink reports it durable; rejects with whatever the sink rejected with.
 * @internal
 */
export function appendEntry(sink: AuditSink, entry: AuditEntry): Promise<AuditRecord> {
  const writer = writerFor(sink);
  const appended = writer.tail.then(async () => {
    await sync(sink, writer);
    const unhashed = { ...entry, seq: writer.seq, prevHash: writer.lastHash };
    const record: AuditRecord = { ...unhashed, hash: hashRecord(unhashed) };
    try {
      await sink.append(record);
    } catch (e) {
      // The record may or may not have landed. A sink that can be read tells us on the next
      // append; one that cannot is assumed not to hold it (a gap would be reported by
      // verifyAuditLog either way, never hidden).
      writer.synced = !sink.read;
      throw e;
    }
    writer.seq += 1;
    writer.lastHash = record.hash;
    return record;
  });
  writer.tail = appended.catch(() => undefined);
  return appended;
}

/**
 * Appends one entry to a sink's hash chain after redacting it, for journal entries that are
 * not a wrapped call (an approval, a compensation, a note). `seq`, `prevHash` and `hash` are
 * assigned by the sink's single writer, so this is safe to call concurrently with
 * `withAuditLog` calls on the same sink.
 *
 * @example
 * ```ts
 * await appendToAuditLog(sink, {
 *   runId: ctx.runId, step: 'approve-failover', actor: 'alice@example.com',
 *   phase: 'end', callId: 'approval-1', at: new Date(ctx.clock.now()).toISOString(),
 *   outcome: 'succeeded', attributes: { ticket: 'CHG-1234' },
 * });
 * ```
 */
export function appendToAuditLog(
  sink: AuditSink,
  entry: AuditEntry,
  rules?: RedactionRulesInput,
): ResultAsync<AuditRecord, DrError> {
  const problems = new Problems();
  for (const field of ['runId', 'step', 'actor', 'callId', 'at'] as const) {
    const value: unknown = entry?.[field];
    if (typeof value !== 'string' || value.trim() === '') problems.add(field, 'must be a non-empty string');
  }
  if (entry?.phase !== 'start' && entry?.phase !== 'end') problems.add('phase', "must be 'start' or 'end'");
  if (typeof sink?.append !== 'function') problems.add('sink', 'must be an AuditSink (with append)');
  return problems
    .result(entry)
    .asyncAndThen((checked) =>
      ResultAsync.fromPromise(appendEntry(sink, redact(checked, rules) as AuditEntry), (e) =>
        toDrError(e, { provider: 'audit', operation: 'append' }),
      ),
    );
}
