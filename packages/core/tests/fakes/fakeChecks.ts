import { ResultAsync, err, ok } from 'neverthrow';
import {
  toDrError,
  type Check,
  type CheckStatus,
  type CheckVerdict,
  type DrContext,
  type DrError,
} from '../../src/index';

/**
 * A check whose verdict `decide` picks from the subject (and the clock), after `takesMs` of
 * clock time; `decide` may return a `DrError` (the check could not decide). Every subject it
 * was run on is kept in `seen`.
 */
export function fakeCheck<S = unknown>(
  name: string,
  decide: (subject: S, ctx: DrContext) => CheckStatus | DrError,
  options: { takesMs?: number; required?: boolean; timeout?: number } = {},
): Check<S> & { seen: S[] } {
  const seen: S[] = [];
  return {
    name,
    seen,
    ...(options.required !== undefined ? { required: options.required } : {}),
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
    run(subject, ctx) {
      seen.push(subject);
      const work = async () => {
        if (options.takesMs) await ctx.clock.sleep(options.takesMs, ctx.signal);
        return decide(subject, ctx);
      };
      return ResultAsync.fromPromise(work(), (e) => toDrError(e)).andThen((d) =>
        typeof d === 'string'
          ? ok<CheckVerdict, DrError>({ name, status: d, durationMs: 0 })
          : err<CheckVerdict, DrError>(d),
      );
    },
  };
}
