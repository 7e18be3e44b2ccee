import { drError, type DrError, type ValidationReport } from '@drkit/core';

/**
 * A `ValidationFailed` error whose message says what each failed check found (the primitive's
 * own message only names them), so the drill's reason reads on its own. Other errors pass.
 *
 * @example
 * ```ts
 * validateRestore(resource, checks, {}, ctx).mapErr(explainValidation);
 * // ValidationFailed: drkit-3f1c… failed redis-data: sentinel keys wrong: sentinel:a
 * ```
 */
export function explainValidation(e: DrError): DrError {
  if (e.kind !== 'ValidationFailed') return e;
  const report = e.evidence as ValidationReport | undefined;
  if (!report?.verdicts) return e;
  const why = report.verdicts
    .filter((v) => report.failed.includes(v.name))
    .map((v) => `${v.name}: ${(v.detail ?? v.error?.message ?? 'failed').replace(/^https?:\/\/\S+: /, '')}`);
  return drError('ValidationFailed', `${report.subject ?? 'the restored resource'} failed ${why.join('; ')}`, {
    evidence: report,
  });
}
