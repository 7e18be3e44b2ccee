import { createInterface } from 'node:readline/promises';
import { userInfo } from 'node:os';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { drError, isDrError, toDrError, type DrError } from '../errors/DrError';
import { abortedError } from '../time/Clock';
import type { DrContext } from '../context/DrContext';
import type { ApprovalDecision, ApprovalRequest, Approver } from './types';

/**
 * Approves every request at once, recording `by` as the approver. For drills and tests, where
 * nobody is there to answer.
 *
 * @example
 * ```ts
 * await runRunbook(failover, { approver: autoApprove('game-day-2026-11') }, ctx);
 * ```
 */
export function autoApprove(by = 'auto-approve'): Approver {
  return { name: 'auto-approve', request: () => okAsync({ approved: true, by }) };
}

/**
 * An approver that asks your function: post to chat and wait for a reaction, open a change
 * ticket, check an on-call schedule. Return `true`/`false` (recorded as approved by `by`) or a
 * full {@link ApprovalDecision}, directly or as a promise. A throw or rejection fails the step.
 *
 * @example
 * ```ts
 * const approver = callbackApprover(async (req) => {
 *   const answer = await slack.askYesNo('#incident', `${req.runbook}: ${req.message}`);
 *   return { approved: answer.yes, by: answer.user };
 * });
 * ```
 */
export function callbackApprover(
  decide: (
    request: ApprovalRequest,
    ctx: DrContext,
  ) => boolean | ApprovalDecision | PromiseLike<boolean | ApprovalDecision>,
  options: { readonly by?: string; readonly name?: string } = {},
): Approver {
  const by = options.by ?? 'callback';
  return {
    name: options.name ?? 'callback',
    request: (request, ctx) =>
      ResultAsync.fromPromise((async () => decisionOf(await decide(request, ctx), by))(), (e) =>
        toDrError(e, { provider: 'approver', operation: `approve ${request.step}` }),
      ).andThen((d) =>
        d
          ? okAsync(d)
          : errAsync(
              drError('ProviderError', `approver gave no decision for step "${request.step}"`, {
                provider: 'approver',
                operation: 'approve',
              }),
            ),
      ),
  };
}

function decisionOf(value: unknown, by: string): ApprovalDecision | undefined {
  if (typeof value === 'boolean') return { approved: value, by };
  if (typeof value === 'object' && value !== null && typeof (value as ApprovalDecision).approved === 'boolean') {
    const d = value as ApprovalDecision;
    return {
      approved: d.approved,
      by: typeof d.by === 'string' && d.by !== '' ? d.by : by,
      ...(typeof d.comment === 'string' ? { comment: d.comment } : {}),
    };
  }
  return undefined;
}

/** Options of {@link consoleApprover}. */
export interface ConsoleApproverOptions {
  /** Where answers come from. Default `process.stdin`. */
  readonly input?: NodeJS.ReadableStream;
  /** Where the question goes. Default `process.stderr` (stdout is left to reports). */
  readonly output?: NodeJS.WritableStream;
  /** Who answers, for the journal. Default: the OS user name. */
  readonly by?: string;
}

/**
 * Asks on the terminal: `Approve step "shift-traffic" of region-failover? Shift 100 % to
 * eu-west-1 [y/N]`. `y` or `yes` approves; anything else (or end of input) denies. The context's
 * signal cancels the question (`Aborted`).
 *
 * @example
 * ```ts
 * await runRunbook(failoverManual, { approver: consoleApprover() }, ctx);
 * ```
 */
export function consoleApprover(options: ConsoleApproverOptions = {}): Approver {
  return {
    name: 'console',
    request: (request, ctx) => {
      if (ctx.signal.aborted) return errAsync(abortedError(ctx.signal));
      const by = options.by ?? safeUserName();
      const ask = async (): Promise<ApprovalDecision> => {
        const rl = createInterface({
          input: options.input ?? process.stdin,
          output: options.output ?? process.stderr,
          terminal: false,
        });
        const closed = new Promise<string>((resolve) => rl.once('close', () => resolve('')));
        try {
          const answer = await Promise.race([
            rl.question(`Approve step "${request.step}" of ${request.runbook}? ${request.message} [y/N] `, {
              signal: ctx.signal,
            }),
            closed,
          ]);
          const yes = /^\s*y(es)?\s*$/i.test(answer);
          return { approved: yes, by, ...(yes ? {} : { comment: answer.trim() === '' ? 'no answer' : answer.trim() }) };
        } finally {
          rl.close();
        }
      };
      return ResultAsync.fromPromise(ask(), (e) =>
        isDrError(e)
          ? e
          : ctx.signal.aborted
            ? abortedError(ctx.signal)
            : toDrError(e, { provider: 'approver', operation: 'console prompt' }),
      );
    },
  };
}

function safeUserName(): string {
  try {
    return userInfo().username || 'console';
  } catch {
    return 'console';
  }
}

/**
 * The error a denied approval fails its step with: `Aborted`, naming the step and who denied it.
 *
 * @example
 * ```ts
 * approvalDenied('shift-traffic', { approved: false, by: 'bob', comment: 'not during the sale' }).message;
 * // 'approval of step "shift-traffic" denied by bob (not during the sale)'
 * ```
 */
export function approvalDenied(step: string, decision: ApprovalDecision): DrError {
  const why = decision.comment ? ` (${decision.comment})` : '';
  return drError('Aborted', `approval of step "${step}" denied by ${decision.by}${why}`);
}
