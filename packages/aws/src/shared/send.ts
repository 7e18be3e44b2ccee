import { ResultAsync, errAsync } from 'neverthrow';
import {
  RateLimiterRegistry,
  retry,
  type DrContext,
  type DrError,
  type RateLimitSettings,
  type RetryOptions,
} from '@drkit/core';
import { awsErrorToDrError } from './awsErrors';

/**
 * The shape of an AWS SDK v3 client that {@link awsSend} needs: `send` with an abort signal, and
 * the resolved `config.region` (a string or the SDK's async region provider).
 */
export interface SendableClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- every SDK client's `send` is generic over its own commands
  send(command: any, options?: { abortSignal?: AbortSignal }): Promise<any>;
  readonly config?: { readonly region?: unknown };
}

/** An SDK v3 command object, typed by what its handler resolves to. */
export interface CommandLike<Output> {
  readonly input: object;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mirrors smithy's Command.resolveMiddleware
  resolveMiddleware(...args: any[]): (args: any) => Promise<{ output: Output }>;
}

/** The output type of an SDK v3 command object. */
export type OutputOf<C> = C extends CommandLike<infer O> ? O : never;

/** How AWS calls are paced and retried; every adapter accepts these. */
export interface AwsCallOptions {
  /**
   * Shared rate limits, keyed by service, region and account. Default: one registry for the whole
   * process ({@link defaultAwsRateLimits}), so every adapter calling one API shares its budget.
   */
  readonly rateLimits?: RateLimiterRegistry;
  /**
   * Retries on top of the SDK's own (which gives up after 3 attempts): retryable `DrError`s
   * (throttling, 5xx, network, retryable conflicts) are tried again with full-jitter backoff on
   * `ctx.clock`. Default `{ maxAttempts: 6, maxElapsed: '5m' }`; `false` turns it off.
   */
  readonly retry?: RetryOptions | false;
  /** The AWS account the client calls, for the rate-limit key. Default: one bucket for all accounts. */
  readonly accountId?: string;
}

/** Where one {@link awsSend} call goes. */
export interface AwsSendSite {
  /** Short service name (`backup`, `elasticache`, `route53`…): names the rate-limit bucket and errors. */
  readonly service: string;
  /** API operation; default the command's class name without `Command`. */
  readonly operation?: string;
}

/**
 * Documented per-account request rates used when the caller configures none. Route 53: five
 * requests per second per account (Route 53 quotas, "Limits on API requests"). Services without a
 * published control-plane rate get a conservative 10/s with a burst of 20.
 */
export const DEFAULT_AWS_RATE_LIMITS: Readonly<Record<string, RateLimitSettings>> = {
  route53: { ratePerSecond: 5, burst: 5 },
};

const REGISTRY_KEY = Symbol.for('drkit.aws.rateLimits');

/**
 * The process-wide {@link RateLimiterRegistry} adapters use when none is passed. Kept on
 * `globalThis` under a registered symbol, so the ESM and CJS builds and every subpath bundle
 * (`@drkit/aws/backup`, `@drkit/aws/elasticache`…) share one budget per API.
 *
 * @example
 * ```ts
 * defaultAwsRateLimits().for({ service: 'backup', region: 'us-east-1' }).tryAcquire(); // true
 * ```
 */
export function defaultAwsRateLimits(): RateLimiterRegistry {
  const g = globalThis as unknown as Record<symbol, RateLimiterRegistry | undefined>;
  return (g[REGISTRY_KEY] ??= new RateLimiterRegistry({
    ratePerSecond: 10,
    burst: 20,
    services: { ...DEFAULT_AWS_RATE_LIMITS },
  }));
}

const DEFAULT_RETRY: RetryOptions = { maxAttempts: 6, maxElapsed: '5m' };

/**
 * The region an SDK client is configured for (`config.region` may be a string or an async
 * provider), or undefined when it cannot tell.
 *
 * @example
 * ```ts
 * const region = await clientRegion(backupClient); // 'us-west-2'
 * ```
 */
export async function clientRegion(client: SendableClient): Promise<string | undefined> {
  const r = client.config?.region;
  try {
    const value: unknown = typeof r === 'function' ? await (r as () => unknown)() : r;
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sends one AWS SDK v3 command the drkit way: waits for the API's rate-limit token (service +
 * region + account), sends with `ctx.signal` as the abort signal, maps any failure to a
 * {@link DrError} ({@link awsErrorToDrError}) and retries the retryable ones on `ctx.clock`.
 * Never throws. Logs operation names only, never inputs (restore metadata is secret).
 *
 * @example
 * ```ts
 * const out = await awsSend(backup, new DescribeRestoreJobCommand({ RestoreJobId: id }), { service: 'backup' }, ctx);
 * if (out.isOk()) console.log(out.value.Status);
 * ```
 */
export function awsSend<C extends CommandLike<unknown>>(
  client: SendableClient,
  command: C,
  site: AwsSendSite,
  ctx: DrContext,
  options: AwsCallOptions = {},
): ResultAsync<OutputOf<C>, DrError> {
  const operation = site.operation ?? command.constructor.name.replace(/Command$/, '');
  return ResultAsync.fromSafePromise(clientRegion(client)).andThen((region) => {
    const where = { service: site.service, operation, ...(region ? { region } : {}) };
    const limiter = (options.rateLimits ?? defaultAwsRateLimits()).for({
      service: site.service,
      ...(region ? { region } : {}),
      ...(options.accountId ? { account: options.accountId } : {}),
    });
    const once = (attempt: number): ResultAsync<OutputOf<C>, DrError> => {
      if (attempt > 1) ctx.logger.debug('aws: retrying call', { ...where, attempt });
      return limiter
        .acquire(ctx)
        .andThen(() =>
          ResultAsync.fromPromise(client.send(command, { abortSignal: ctx.signal }) as Promise<OutputOf<C>>, (e) =>
            awsErrorToDrError(e, where),
          ),
        );
    };
    if (options.retry === false) return once(1);
    return retry(once, { ...DEFAULT_RETRY, ...(options.retry ?? {}) }, ctx);
  });
}

/**
 * Runs any promise-returning AWS work (a paginator loop, a waiter) with the same error mapping as
 * {@link awsSend}, without rate limiting or retry (each `send` inside should use `awsSend`).
 *
 * @example
 * ```ts
 * const region = await awsAttempt({ service: 'backup', operation: 'region' }, () => client.config.region());
 * ```
 */
export function awsAttempt<T>(
  site: { service: string; operation: string; region?: string },
  work: () => Promise<T>,
): ResultAsync<T, DrError> {
  try {
    return ResultAsync.fromPromise(work(), (e) => awsErrorToDrError(e, site));
  } catch (thrown) {
    return errAsync(awsErrorToDrError(thrown, site));
  }
}

/**
 * A view of `client` whose `send` goes through {@link awsSend} (rate limit, error mapping,
 * retry) and rejects with the `DrError`, for SDK helpers that take a client: paginators
 * (`paginateListRecoveryPointsByBackupVault`) and waiters. It is still an `instanceof` the client
 * class (the SDK's paginators check that). Wrap the helper's loop in {@link awsAttempt}, which
 * passes the `DrError` through.
 *
 * @example
 * ```ts
 * const paced = pacedClient(backup, { service: 'backup' }, ctx);
 * const pages = await awsAttempt({ service: 'backup', operation: 'ListRecoveryPointsByBackupVault' }, async () => {
 *   const points = [];
 *   for await (const page of paginateListRecoveryPointsByBackupVault({ client: paced }, { BackupVaultName: 'dr' }))
 *     points.push(...(page.RecoveryPoints ?? []));
 *   return points;
 * });
 * ```
 */
export function pacedClient<C extends SendableClient>(
  client: C,
  site: { service: string },
  ctx: DrContext,
  options: AwsCallOptions = {},
): C {
  const paced = Object.create(client) as C & { send: SendableClient['send'] };
  paced.send = async (command: CommandLike<unknown>) => {
    const result = await awsSend(client, command, site, ctx, options);
    if (result.isErr()) throw result.error;
    return result.value;
  };
  return paced;
}
