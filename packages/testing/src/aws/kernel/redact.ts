const SECRET_KEY =
  /password|passwd|secret|credential|authorization|connectionstring|privatekey|accesskey|sessiontoken|authtoken|apikey/i;
/** Keys whose value is secret whatever the service: SSM parameter values, AWS Backup restore metadata. */
const SECRET_EXACT = new Set(['Value', 'Values', 'Metadata', 'AuthToken', 'SecretString']);

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

/**
 * The simulated cloud's default redactor for recorded call inputs: replaces the value of every
 * key that names a secret (passwords, tokens, keys, SSM parameter `Value`s, restore `Metadata`)
 * with `[redacted]`, recursively. Returns a copy; the input is not changed.
 *
 * @example
 * ```ts
 * redactSecrets({ Name: '/app/db', Value: 'hunter2' }); // { Name: '/app/db', Value: '[redacted]' }
 * ```
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (value instanceof Uint8Array) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_EXACT.has(k) || SECRET_KEY.test(k) ? REDACTED : redactSecrets(v, depth + 1);
  }
  return out;
}
