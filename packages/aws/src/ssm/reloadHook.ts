import {
  invalidInput,
  type Demotion,
  type DrContext,
  type DrError,
  type Promotion,
  type Readiness,
  type Standby,
} from '@drkit/core';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';

/** Options of {@link reloadHook}. */
export interface ReloadHookOptions {
  /** Default `'reload'`. */
  readonly name?: string;
  /**
   * Makes the application pick up its new configuration: an Auto Scaling instance refresh, an
   * ECS `UpdateService --force-new-deployment`, a `SIGHUP` over SSM Run Command… Returns one
   * line for the report. Without it, nothing is restarted and the report says so.
   */
  readonly reload?: (ctx: DrContext) => ResultAsync<string | void, DrError>;
  /** Whether the reload finished (the refresh completed, the service is stable). Default: at once. */
  readonly isReloaded?: (ctx: DrContext) => ResultAsync<boolean, DrError>;
  /** Run `reload` again on failback (after the parameters were put back). Default true. */
  readonly reloadOnDemote?: boolean;
}

/**
 * A {@link Standby} step for the restart or reload the DR plan asks for after the parameter
 * store changed ("restart the application to connect to the new Redis cluster"). You supply the
 * mechanism; the default does nothing and **says so** in the report, so a promotion never looks
 * as if the application had been restarted when it was not. Put it last in the promotion plan.
 *
 * @example
 * ```ts
 * const restart = reloadHook({
 *   name: 'instance-refresh',
 *   reload: (ctx) => startInstanceRefresh('jobs-api-dr', ctx).map((id) => `instance refresh ${id}`),
 *   isReloaded: (ctx) => instanceRefreshDone('jobs-api-dr', ctx),
 * });
 * await promoteStandby([[web, cache], config, restart], { step: 'promote-dr' }, ctx);
 * ```
 */
export function reloadHook(options: ReloadHookOptions = {}): Standby {
  const o = typeof options === 'object' && options !== null ? options : {};
  const name = typeof o.name === 'string' && o.name ? o.name : 'reload';
  const problems = [
    ...(o.reload !== undefined && typeof o.reload !== 'function'
      ? [{ path: 'reload', message: 'must be a function' }]
      : []),
    ...(o.isReloaded !== undefined && typeof o.isReloaded !== 'function'
      ? [{ path: 'isReloaded', message: 'must be a function' }]
      : []),
  ];
  if (problems.length > 0) {
    const fail = () => errAsync(invalidInput(problems));
    return { name, readiness: fail, promote: fail, demote: fail };
  }
  const NOTHING =
    'no reload hook supplied: nothing was restarted; the application must re-read its configuration itself';
  const run = (ctx: DrContext): ResultAsync<string, DrError> => {
    if (!o.reload) {
      ctx.logger.warn('reloadHook: ' + NOTHING, { hook: name });
      return okAsync(NOTHING);
    }
    return o.reload(ctx).map((line) => (typeof line === 'string' && line ? line : 'reload requested'));
  };
  return {
    name,
    expectedReadyMs: 60_000,
    promote(_promote, ctx): ResultAsync<Promotion, DrError> {
      return run(ctx).map((detail) => ({ previous: { reloaded: o.reload !== undefined }, detail }));
    },
    readiness(ctx): ResultAsync<Readiness, DrError> {
      if (!o.isReloaded) return okAsync({ ready: true, detail: o.reload ? 'reload requested' : NOTHING });
      return o.isReloaded(ctx).map((ready) => ({ ready, detail: ready ? 'reloaded' : 'reloading' }));
    },
    demote(_previous, ctx): ResultAsync<Demotion, DrError> {
      if (o.reloadOnDemote === false) return okAsync({ detail: 'not reloaded on failback (reloadOnDemote: false)' });
      return run(ctx).map((detail) => ({ detail }));
    },
  };
}
