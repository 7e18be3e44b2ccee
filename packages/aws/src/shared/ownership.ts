import { drError, type AccessDeniedError } from '@drkit/core';
import { err, ok, type Result } from 'neverthrow';

/** Tag key recording the drkit run that created a resource. */
export const RUN_ID_TAG = 'drkit:run-id';
/** Tag key recording which drkit component created a resource (`restorePoint:backup`). */
export const CREATED_BY_TAG = 'drkit:created-by';
/** Tag key recording the idempotency key a resource was created under. */
export const IDEMPOTENCY_KEY_TAG = 'drkit:idempotency-key';

/** An AWS tag as most APIs take it. */
export interface AwsTag {
  readonly Key: string;
  readonly Value: string;
}

/**
 * The tags that mark a resource as created by a drkit run: {@link RUN_ID_TAG},
 * {@link CREATED_BY_TAG} and, when given, {@link IDEMPOTENCY_KEY_TAG}. Cleanup deletes only
 * resources whose `drkit:run-id` equals the current run.
 *
 * @example
 * ```ts
 * ownershipTags({ runId: ctx.runId, createdBy: 'restorePoint:elasticache', idempotencyKey: key });
 * // { 'drkit:run-id': 'weekly-…', 'drkit:created-by': 'restorePoint:elasticache', 'drkit:idempotency-key': 'drkit-…' }
 * ```
 */
export function ownershipTags(owner: {
  runId: string;
  createdBy: string;
  idempotencyKey?: string;
}): Record<string, string> {
  return {
    [RUN_ID_TAG]: owner.runId,
    [CREATED_BY_TAG]: owner.createdBy,
    ...(owner.idempotencyKey ? { [IDEMPOTENCY_KEY_TAG]: owner.idempotencyKey } : {}),
  };
}

/**
 * A tag record as the `[{ Key, Value }]` list most AWS APIs take, caller tags first and the
 * ownership tags last (so a caller cannot override them).
 *
 * @example
 * ```ts
 * toTagList({ team: 'sre' }); // [{ Key: 'team', Value: 'sre' }]
 * ```
 */
export function toTagList(...records: ReadonlyArray<Readonly<Record<string, string>> | undefined>): AwsTag[] {
  const merged: Record<string, string> = {};
  for (const r of records) if (r) Object.assign(merged, r);
  return Object.entries(merged).map(([Key, Value]) => ({ Key, Value }));
}

/**
 * A `[{ Key, Value }]` tag list as a record (entries without a key are dropped).
 *
 * @example
 * ```ts
 * fromTagList([{ Key: 'drkit:run-id', Value: 'r1' }]); // { 'drkit:run-id': 'r1' }
 * ```
 */
export function fromTagList(list: ReadonlyArray<{ Key?: string; Value?: string }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of list ?? []) if (t.Key) out[t.Key] = t.Value ?? '';
  return out;
}

/**
 * Whether `tags` mark the resource as created by `runId`; `AccessDenied` (never retryable)
 * otherwise, naming the run that did create it, if any.
 *
 * @example
 * ```ts
 * const owned = checkOwnership('drkit-3f1c…', tags, ctx.runId);
 * if (owned.isErr()) return errAsync(owned.error); // refuse to delete
 * ```
 */
export function checkOwnership(
  resourceId: string,
  tags: Readonly<Record<string, string>> | undefined,
  runId: string,
): Result<void, AccessDeniedError> {
  const marked = tags?.[RUN_ID_TAG];
  if (marked === runId) return ok(undefined);
  return err(
    drError(
      'AccessDenied',
      `refusing to touch ${resourceId}: it is not tagged ${RUN_ID_TAG}=${runId} (${marked === undefined ? 'no drkit run tag' : `tagged for run "${marked}"`})`,
    ),
  );
}

const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/**
 * Why `value` cannot be an AWS tag value (at most 256 letters, digits, spaces and `_.:/=+-@`),
 * or undefined when it can. Run ids are tag values, so adapters check them up front.
 *
 * @example
 * ```ts
 * tagValueProblem('weekly-2026-11-22'); // undefined
 * tagValueProblem('a;b'); // 'must be at most 256 letters, digits, spaces or _.:/=+-@'
 * ```
 */
export function tagValueProblem(value: string): string | undefined {
  return TAG_VALUE.test(value) ? undefined : 'must be at most 256 letters, digits, spaces or _.:/=+-@';
}
