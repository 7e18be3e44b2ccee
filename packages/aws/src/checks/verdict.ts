import type { CheckStatus, CheckVerdict, DrContext } from '@drkit/core';

/** A value given directly or computed from the check's subject (e.g. the restored resource). */
export type FromSubject<T, S> = T | ((subject: S) => T);

/**
 * Resolves a {@link FromSubject} value for a subject.
 *
 * @example
 * ```ts
 * fromSubject((r: RestoredResource) => `https://${r.endpoint}/health`, resource);
 * ```
 */
export function fromSubject<T, S>(value: FromSubject<T, S>, subject: S): T {
  return typeof value === 'function' ? (value as (subject: S) => T)(subject) : value;
}

/**
 * Builds a {@link CheckVerdict} whose duration is measured on the context clock from `startedAt`.
 *
 * @example
 * ```ts
 * return okAsync(verdictOf('alarms-ok', 'passed', '3 alarms OK', { alarms: 3 }, startedAt, ctx));
 * ```
 */
export function verdictOf(
  name: string,
  status: CheckStatus,
  detail: string,
  evidence: Record<string, unknown>,
  startedAt: number,
  ctx: DrContext,
): CheckVerdict {
  return { name, status, detail, evidence, durationMs: Math.max(0, ctx.clock.now() - startedAt) };
}
