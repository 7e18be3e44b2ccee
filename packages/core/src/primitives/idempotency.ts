import { createHash } from 'node:crypto';

/**
 * Derives the idempotency key of one side effect from the run id and the step's name parts.
 * The same run and step always give the same key, so a retried or resumed step finds the job it
 * started before instead of starting a second one. The key is `drkit-` and 32 hex characters
 * (38 in all): valid as an AWS Backup `IdempotencyToken`, and usable as an ElastiCache
 * replication group id (at most 40 characters, starts with a letter).
 *
 * @example
 * ```ts
 * idempotencyKey('weekly-2026-11-22', 'restore-orders'); // 'drkit-3f1c…' (same every time)
 * ```
 */
export function idempotencyKey(runId: string, ...parts: readonly string[]): string {
  const hash = createHash('sha256');
  hash.update(runId);
  for (const part of parts) hash.update('\n').update(part);
  return `drkit-${hash.digest('hex').slice(0, 32)}`;
}
