import type { Problems } from '@drkit/core';
import { atlasClient, checkClientConfig, type AtlasClient, type AtlasClientConfig } from './AtlasClient';

/**
 * How an adapter gets its Atlas client: one you made with {@link atlasClient} (so several
 * adapters share its token, rate limit and settings), or a config from which the adapter makes
 * one. Never both: the union makes passing both a compile error.
 */
export type AtlasClientOption =
  | { /** Your client. */ readonly client: AtlasClient; readonly clientConfig?: never }
  | {
      /** Config for a client the adapter creates. */ readonly clientConfig: AtlasClientConfig;
      readonly client?: never;
    };

/**
 * Checks an {@link AtlasClientOption} at run time (for JavaScript callers): exactly one of
 * `client` and `clientConfig`, each well formed. Problems go to `problems`.
 *
 * @example
 * ```ts
 * const problems = new Problems();
 * checkAtlasClientOption(problems, options);
 * if (problems.any) return errAsync(invalidInput(problems.list));
 * ```
 */
export function checkAtlasClientOption(problems: Problems, options: unknown): void {
  if (typeof options !== 'object' || options === null) {
    problems.add('options', 'must be an object with `client` or `clientConfig`');
    return;
  }
  const o = options as { client?: unknown; clientConfig?: unknown };
  if (o.client !== undefined && o.clientConfig !== undefined)
    problems.add('client', 'pass either `client` or `clientConfig`, not both');
  else if (o.client === undefined && o.clientConfig === undefined)
    problems.add('client', 'is required (or pass `clientConfig`)');
  else if (o.client !== undefined) {
    const c = o.client as Partial<AtlasClient>;
    if (typeof c.getCluster !== 'function' || typeof c.projectId !== 'string')
      problems.add('client', 'must be an AtlasClient made by atlasClient()');
  } else checkClientConfig(problems, o.clientConfig, 'clientConfig');
}

/**
 * The client of a checked {@link AtlasClientOption}: yours, or a new one from the config.
 *
 * @example
 * ```ts
 * const atlas = resolveAtlasClient(options);
 * ```
 */
export function resolveAtlasClient(option: AtlasClientOption): AtlasClient {
  return option.client ?? atlasClient(option.clientConfig);
}
