import { redact } from '@drkit/core';

/**
 * Keys the simulation redacts on top of `@drkit/core`'s defaults: SSM parameter values (a
 * `SecureString` is a secret; the recorder cannot tell which ones are) and their lists.
 */
const SIMULATION_SECRET_KEYS: readonly RegExp[] = [/^Values?$/];

/**
 * The simulated cloud's default redactor for recorded call inputs: `@drkit/core`'s `redact`
 * (passwords, tokens, keys, connection strings, AWS Backup restore `Metadata`…) plus SSM
 * parameter `Value`s. Returns a JSON-safe copy; the input is not changed.
 *
 * @example
 * ```ts
 * redactSecrets({ Name: '/app/db', Value: 'hunter2' }); // { Name: '/app/db', Value: '[REDACTED]' }
 * ```
 */
export function redactSecrets(value: unknown): unknown {
  return redact(value, { keys: SIMULATION_SECRET_KEYS });
}
