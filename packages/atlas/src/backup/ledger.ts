/** What a Cloud Backup source recorded about one restore it started (or is starting) for a run. */
export interface AtlasRestoreRecord {
  /** The idempotency key core passed. */
  readonly idempotencyKey: string;
  /** The run that started it. */
  readonly runId: string;
  /** The source cluster whose backup is restored. */
  readonly sourceCluster: string;
  /** The cluster the restore writes into (and erases). */
  readonly targetCluster: string;
  /** Whether this source created the target cluster (only then may cleanup delete it). */
  readonly targetCreated: boolean;
  /** The Atlas restore job, once started. */
  readonly jobId?: string;
}

/**
 * Where a Cloud Backup source records what each run started and created: the evidence its
 * `cleanup` checks before deleting a cluster. The default ({@link memoryRestoreLedger}) lives as
 * long as the source object; implement it over a durable store to keep records across processes
 * (a resumed run re-records its restore when `startRestore` finds the job again).
 */
export interface AtlasRestoreLedger {
  record(entry: AtlasRestoreRecord): void;
  byKey(idempotencyKey: string): AtlasRestoreRecord | undefined;
  byJob(jobId: string): AtlasRestoreRecord | undefined;
  /** Records whose target is the cluster. */
  byTarget(clusterName: string): readonly AtlasRestoreRecord[];
  /** Every record of the run. */
  byRun(runId: string): readonly AtlasRestoreRecord[];
}

/**
 * An in-memory {@link AtlasRestoreLedger}. Recording again under the same key merges the fields.
 *
 * @example
 * ```ts
 * const ledger = memoryRestoreLedger();
 * ledger.record({ idempotencyKey: key, runId: 'r1', sourceCluster: 'jobs-prod', targetCluster: key, targetCreated: true });
 * ledger.byTarget(key)[0]?.runId; // 'r1'
 * ```
 */
export function memoryRestoreLedger(): AtlasRestoreLedger {
  const byKey = new Map<string, AtlasRestoreRecord>();
  const all = () => [...byKey.values()];
  return {
    record(entry) {
      const before = byKey.get(entry.idempotencyKey);
      byKey.set(entry.idempotencyKey, {
        ...before,
        ...entry,
        targetCreated: entry.targetCreated || before?.targetCreated === true,
      });
    },
    byKey: (key) => byKey.get(key),
    byJob: (jobId) => all().find((r) => r.jobId === jobId),
    byTarget: (name) => all().filter((r) => r.targetCluster === name),
    byRun: (runId) => all().filter((r) => r.runId === runId),
  };
}
