/**
 * What an adapter recorded when it created something for a run: the evidence `cleanup` checks
 * (together with provider tags) before it deletes anything.
 */
export interface OwnershipRecord {
  /** The idempotency key the thing was created under. */
  readonly idempotencyKey: string;
  /** The run that created it. */
  readonly runId: string;
  /** The provider job that creates it (AWS Backup `RestoreJobId`), if any. */
  readonly jobId?: string;
  /** The created resource's id (ARN, replication group id), once known. */
  readonly resourceId?: string;
  /** Which adapter created it: `restorePoint:aws-backup`. */
  readonly createdBy: string;
}

/**
 * Where adapters record what each run created. The default ({@link memoryLedger}) lives as long
 * as the adapter object; a resumed run re-records its jobs when `startRestore` is called again
 * with the same idempotency key. Implement it over a durable store to keep records across
 * processes (keep it synchronous: cache in memory, persist in the background).
 */
export interface OwnershipLedger {
  record(entry: OwnershipRecord): void;
  byKey(idempotencyKey: string): OwnershipRecord | undefined;
  byJob(jobId: string): OwnershipRecord | undefined;
  byResource(resourceId: string): OwnershipRecord | undefined;
}

/**
 * An in-memory {@link OwnershipLedger}. Recording again under the same key merges the fields
 * (e.g. the resource id once the job has finished).
 *
 * @example
 * ```ts
 * const ledger = memoryLedger();
 * ledger.record({ idempotencyKey: key, runId: ctx.runId, jobId, createdBy: 'restorePoint:aws-backup' });
 * ledger.byJob(jobId)?.runId; // ctx.runId
 * ```
 */
export function memoryLedger(): OwnershipLedger & { readonly size: number } {
  const byKey = new Map<string, OwnershipRecord>();
  const find = (pick: (r: OwnershipRecord) => string | undefined, value: string) => {
    for (const r of byKey.values()) if (pick(r) === value) return r;
    return undefined;
  };
  return {
    record(entry) {
      byKey.set(entry.idempotencyKey, { ...byKey.get(entry.idempotencyKey), ...entry });
    },
    byKey: (key) => byKey.get(key),
    byJob: (jobId) => find((r) => r.jobId, jobId),
    byResource: (id) => find((r) => r.resourceId, id),
    get size() {
      return byKey.size;
    },
  };
}
