import type { Problems } from '@drkit/core';

/**
 * How an adapter gets its AWS SDK client: the caller's own client (so it shares the caller's
 * credentials, retry settings and middleware), or a config from which the adapter builds one.
 * Never both: the union makes passing both a compile error (as in Powertools for AWS Lambda).
 *
 * @typeParam C - the SDK client class, e.g. `BackupClient`.
 * @typeParam Config - its config type, e.g. `BackupClientConfig`.
 */
export type AwsClientOption<C, Config> =
  | { /** Your SDK client. */ readonly client: C; readonly clientConfig?: never }
  | { /** Config for a client the adapter creates. */ readonly clientConfig: Config; readonly client?: never };

/**
 * Checks a {@link AwsClientOption} at run time (for JavaScript callers and `any`s): exactly one of
 * `client` and `clientConfig`, and `client` must have a `send` method. Problems go to `problems`.
 *
 * @example
 * ```ts
 * const problems = new Problems();
 * checkClientOption(problems, options);
 * if (problems.any) return errAsync(invalidInput(problems.list));
 * ```
 */
export function checkClientOption(problems: Problems, options: unknown, path = ''): void {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  if (typeof options !== 'object' || options === null) {
    problems.add(path || 'options', 'must be an object with `client` or `clientConfig`');
    return;
  }
  const o = options as { client?: unknown; clientConfig?: unknown };
  if (o.client !== undefined && o.clientConfig !== undefined)
    problems.add(at('client'), 'pass either `client` or `clientConfig`, not both');
  else if (o.client === undefined && o.clientConfig === undefined)
    problems.add(at('client'), 'is required (or pass `clientConfig`)');
  else if (o.client !== undefined && typeof (o.client as { send?: unknown }).send !== 'function')
    problems.add(at('client'), 'must be an AWS SDK v3 client (with a `send` method)');
  else if (o.clientConfig !== undefined && (typeof o.clientConfig !== 'object' || o.clientConfig === null))
    problems.add(at('clientConfig'), 'must be an SDK client config object');
}

/**
 * The client of a checked {@link AwsClientOption}: the caller's, or a new one from the config.
 *
 * @example
 * ```ts
 * const backup = resolveClient(options, (config) => new BackupClient(config));
 * ```
 */
export function resolveClient<C, Config>(option: AwsClientOption<C, Config>, create: (config: Config) => C): C {
  const given = (option as { client?: C }).client;
  return given !== undefined ? given : create((option as { clientConfig: Config }).clientConfig);
}
