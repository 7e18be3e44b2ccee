import { createHash } from 'node:crypto';
import type { AuditRecord } from './types';
import { canonicalJson } from './canonicalJson';

/** The `prevHash` of the first record of a chain: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The SHA-256 (lowercase hex) of a record's canonical JSON, leaving out its own `hash` field.
 * This is the value a record carries as `hash` and the next record carries as `prevHash`.
 *
 * @example
 * ```ts
 * const [first] = await sink.read();
 * hashRecord(first) === first.hash; // true unless the record was edited
 * ```
 */
export function hashRecord(record: Omit<AuditRecord, 'hash'> | AuditRecord): string {
  const { hash: _ignored, ...rest } = record as AuditRecord;
  return createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex');
}

/** The outcome of {@link verifyAuditLog}. */
export type AuditVerification =
  | { readonly ok: true; readonly count: number }
  | {
      readonly ok: false;
      /** The position of the first record that breaks the chain. */
      readonly index: number;
      readonly reason: string;
    };

/** A chain position known from elsewhere (kept off the log), to detect a cut-off tail. */
export interface AuditAnchor {
  readonly seq: number;
  readonly hash: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Checks that records form one unbroken hash chain and names the first position where it
 * breaks: `seq` must run 0, 1, 2… with no gap, each `prevHash` must be the previous record's
 * `hash` (`GENESIS_HASH` for the first) and each `hash` must match the record's content.
 *
 * What each kind of tampering looks like:
 * - a record edited in place: its own index (hash mismatch); edited and re-hashed: the next
 *   index (the next record's `prevHash` no longer links);
 * - a record deleted, inserted or two records swapped: the index where that happened (`seq`);
 * - the log truncated and then appended to by a writer that had seen the longer log: the
 *   index of the first appended record.
 *
 * Removing records from the END leaves a valid, shorter chain: pass the last `{ seq, hash }`
 * you kept elsewhere (a report, a metric, a ticket) as `head` to detect that too.
 *
 * @example
 * ```ts
 * const check = verifyAuditLog(await fileAuditSink('/var/drkit/audit.jsonl').read());
 * if (!check.ok) console.error(`audit log broken at record ${check.index}: ${check.reason}`);
 * ```
 */
export function verifyAuditLog(
  records: readonly unknown[],
  options: { readonly head?: AuditAnchor } = {},
): AuditVerification {
  let prevHash = GENESIS_HASH;
  for (let index = 0; index < records.length; index++) {
    const record = records[index] as Partial<AuditRecord> | null;
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      return { ok: false, index, reason: 'not an audit record (not an object)' };
    }
    if (record.seq !== index) {
      return {
        ok: false,
        index,
        reason: `seq is ${String(record.seq)} where ${index} was expected: a record was deleted, inserted or moved here`,
      };
    }
    if (typeof record.hash !== 'string' || !HEX64.test(record.hash)) {
      return { ok: false, index, reason: 'hash is missing or not a SHA-256 hex digest' };
    }
    if (hashRecord(record as AuditRecord) !== record.hash) {
      return { ok: false, index, reason: 'hash does not match the record content: the record was edited' };
    }
    if (record.prevHash !== prevHash) {
      return {
        ok: false,
        index,
        reason:
          index === 0
            ? 'prevHash of the first record is not the genesis hash: records before it were removed'
            : `prevHash does not link to record ${index - 1}: a record before it was edited, replaced or removed`,
      };
    }
    prevHash = record.hash;
  }
  const head = options.head;
  if (head) {
    if (records.length <= head.seq) {
      return {
        ok: false,
        index: records.length,
        reason: `the log ends before the anchored record ${head.seq}: it was truncated`,
      };
    }
    if ((records[head.seq] as AuditRecord).hash !== head.hash) {
      return { ok: false, index: head.seq, reason: 'the record differs from the anchored one: the log was rewritten' };
    }
  }
  return { ok: true, count: records.length };
}
