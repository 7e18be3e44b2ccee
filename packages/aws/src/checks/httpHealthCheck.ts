import {
  Problems,
  drError,
  formatDuration,
  invalidInput,
  parseDuration,
  type Check,
  type CheckVerdict,
  type DrError,
  type Duration,
} from '@drkit/core';
import { ResultAsync, errAsync } from 'neverthrow';
import { trackIo } from '../shared/time';
import { fromSubject, verdictOf, type FromSubject } from './verdict';

/** What a body predicate says: true (good), false (bad), or a string saying why it is bad. */
export type BodyVerdict = boolean | string;

/** Options of {@link httpHealthCheck}. */
export interface HttpHealthCheckOptions<S> {
  /** Default `'http-health'`. */
  readonly name?: string;
  /** The URL to call, or how to build it from the subject (e.g. the restored resource's endpoint). */
  readonly url: FromSubject<string, S>;
  /** Default `'GET'`. */
  readonly method?: 'GET' | 'HEAD' | 'POST';
  /** Request headers. Values are never logged or put in evidence (they may hold tokens). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Acceptable status codes. Default any 2xx. */
  readonly expectStatus?: number | readonly number[];
  /** Judges the response body (read as text, at most 1 MiB). */
  readonly body?: (text: string, response: { status: number; headers: Headers }) => BodyVerdict;
  /** The slowest acceptable response, on the context clock. */
  readonly latencyBudget?: Duration;
  /** Give up after this long (the request is aborted). Default `'10s'`. */
  readonly timeout?: Duration;
  readonly required?: boolean;
  /** The `fetch` to use. Default Node's global `fetch`. */
  readonly fetch?: typeof fetch;
}

const MAX_BODY = 1024 * 1024;

/**
 * A check that an HTTP endpoint is healthy: the status is acceptable, the body predicate holds
 * and the response came within the latency budget. Latency is measured on `ctx.clock`, the
 * timebase of every drkit report (on `@drkit/testing`'s virtual clock, real loopback I/O takes no
 * time; a simulated server adds latency by advancing the clock). The request is aborted when
 * `timeout` passes (real time: the network is real) or `ctx.signal` fires; a timeout is
 * `err(Timeout)`, which `restoreValidationReporter` reports as `TIMED_OUT`. A failed verdict is `ok({ status: 'failed' })`; an
 * unreachable endpoint is `err(Unavailable)` (undecided, so a required check fails).
 *
 * @example
 * ```ts
 * const health = httpHealthCheck<RestoredResource>({
 *   url: (r) => `http://${r.endpoint}/health`,
 *   body: (text) => JSON.parse(text).status === 'ok' || 'status is not ok',
 *   latencyBudget: '500ms',
 * });
 * await validateRestore(restored.resource, [health], {}, ctx);
 * ```
 */
export function httpHealthCheck<S>(options: HttpHealthCheckOptions<S>): Check<S> {
  const name = options?.name ?? 'http-health';
  const problems = new Problems();
  if (typeof options !== 'object' || options === null) problems.add('options', 'must be an object');
  else {
    if (typeof options.url !== 'string' && typeof options.url !== 'function')
      problems.add('url', 'must be a URL or a function of the subject');
    else if (typeof options.url === 'string' && !URL.canParse(options.url)) problems.add('url', 'must be a valid URL');
    const statuses = options.expectStatus === undefined ? [] : [options.expectStatus].flat();
    for (const s of statuses)
      if (!Number.isInteger(s) || s < 100 || s > 599)
        problems.add('expectStatus', `${String(s)} is not an HTTP status`);
    if (options.body !== undefined && typeof options.body !== 'function') problems.add('body', 'must be a function');
  }
  const budgetMs = durationOf(problems, 'latencyBudget', options?.latencyBudget);
  const timeoutMs = durationOf(problems, 'timeout', options?.timeout) ?? 10_000;
  const expected = options?.expectStatus === undefined ? undefined : [options.expectStatus].flat();

  return {
    name,
    ...(options?.required !== undefined ? { required: options.required } : {}),
    run(subject, ctx) {
      if (problems.any) return errAsync(invalidInput(problems.list));
      let url: string;
      try {
        url = fromSubject(options.url, subject);
        if (!URL.canParse(url)) throw new Error(`"${url}" is not a URL`);
      } catch (e) {
        return errAsync(invalidInput([{ path: 'url', message: e instanceof Error ? e.message : String(e) }]));
      }
      const target = redactUrl(url);
      const doFetch = options.fetch ?? fetch;
      const startedAt = ctx.clock.now();
      // The network is real, so its timeout is too: a time-skipping test clock cannot bound a
      // socket that never answers (and holds still while the request is tracked).
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = AbortSignal.any([ctx.signal, timeout]);
      const request = (async () => {
        const response = await doFetch(url, {
          method: options.method ?? 'GET',
          ...(options.headers ? { headers: { ...options.headers } } : {}),
          signal,
        });
        const text = options.method === 'HEAD' ? '' : (await response.text()).slice(0, MAX_BODY);
        return { status: response.status, headers: response.headers, text };
      })();
      return ResultAsync.fromPromise(trackIo(ctx, request), (e): DrError => {
        if (ctx.signal.aborted) return drError('Aborted', `${name}: ${target} aborted`, { cause: e });
        if (timeout.aborted)
          return drError('Timeout', `${name}: ${target} did not answer within ${formatDuration(timeoutMs)}`, {
            deadlineMs: timeoutMs,
            cause: e,
          });
        return drError(
          'Unavailable',
          `${name}: ${target} did not answer: ${e instanceof Error ? e.message : String(e)}`,
          {
            cause: e,
          },
        );
      }).map((res): CheckVerdict => {
        const latencyMs = ctx.clock.now() - startedAt;
        const reasons: string[] = [];
        const statusOk = expected ? expected.includes(res.status) : res.status >= 200 && res.status < 300;
        if (!statusOk) reasons.push(`status ${res.status}${expected ? ` (expected ${expected.join(' or ')})` : ''}`);
        let bodyVerdict: BodyVerdict = true;
        if (options.body) {
          try {
            bodyVerdict = options.body(res.text, { status: res.status, headers: res.headers });
          } catch (e) {
            bodyVerdict = `body check threw: ${e instanceof Error ? e.message : String(e)}`;
          }
          if (bodyVerdict !== true) reasons.push(typeof bodyVerdict === 'string' ? bodyVerdict : 'body check failed');
        }
        if (budgetMs !== undefined && latencyMs > budgetMs)
          reasons.push(`${formatDuration(latencyMs)} over the ${formatDuration(budgetMs)} budget`);
        const evidence = {
          url: target,
          status: res.status,
          latencyMs,
          ...(budgetMs !== undefined ? { latencyBudgetMs: budgetMs } : {}),
          ...(options.body ? { body: bodyVerdict === true ? 'ok' : 'failed' } : {}),
        };
        return reasons.length === 0
          ? verdictOf(name, 'passed', `HTTP ${res.status} in ${formatDuration(latencyMs)}`, evidence, startedAt, ctx)
          : verdictOf(name, 'failed', `${target}: ${reasons.join('; ')}`, evidence, startedAt, ctx);
      });
    },
  };
}

function durationOf(problems: Problems, path: string, value: Duration | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseDuration(value, path);
  if (parsed.isErr()) {
    problems.addAll('', parsed.error.problems);
    return undefined;
  }
  return parsed.value;
}

/** The URL without user info or query string (either may carry credentials). */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
