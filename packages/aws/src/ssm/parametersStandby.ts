import {
  GetParameterCommand,
  GetParametersCommand,
  LabelParameterVersionCommand,
  PutParameterCommand,
  SSMClient,
  paginateGetParameterHistory,
  type ParameterHistory,
  type SSMClientConfig,
} from '@aws-sdk/client-ssm';
import {
  Problems,
  drError,
  invalidInput,
  type Demotion,
  type DrContext,
  type DrError,
  type Promotion,
  type Readiness,
  type Standby,
  type StandbyState,
} from '@drkit/core';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { checkClientOption, resolveClient, type AwsClientOption } from '../shared/clientOptions';
import { awsAttempt, awsSend, pacedClient, type AwsCallOptions } from '../shared/send';

/** Parameter Store keeps at most 100 versions of a parameter. */
export const SSM_MAX_VERSIONS = 100;

/** The label put on the version a promotion replaced, unless you choose another. */
export const DEFAULT_FAILBACK_LABEL = 'drkit-failback';

/**
 * The new value of a parameter: a string, or computed at promotion time (e.g. the endpoint of a
 * cache another standby just restored).
 */
export type ParameterValue = string | ((ctx: DrContext) => string | ResultAsync<string, DrError>);

/** Options of {@link ssmParametersStandby}. */
export type SsmParametersStandbyOptions = AwsClientOption<SSMClient, SSMClientConfig> &
  AwsCallOptions & {
    /**
     * The parameters the application reads and their values in the DR configuration, by name:
     * the Redis endpoint, the database connection string, the active region… They must exist
     * (their current version is what failback returns to).
     */
    readonly parameters: Readonly<Record<string, ParameterValue>>;
    /**
     * Put on each replaced version (`LabelParameterVersion`), so operators and failback find it:
     * `GetParameter('/jobs-api/redis/endpoint:drkit-failback')`. Labels move, so one version per
     * parameter carries it. Default `'drkit-failback'`.
     */
    readonly label?: string;
    /** Default `ssm:<first parameter>[+n]`. */
    readonly name?: string;
  };

/** What an SSM standby records per parameter: the version it replaced (and, unless secret, its value). */
export type SsmParameterPrevious = {
  readonly version: number;
  readonly type: string;
  /** Only for `String` / `StringList`: a SecureString's value never leaves Parameter Store. */
  readonly value?: string;
};

/** What an SSM standby records to undo its promotion. */
export type SsmParametersPrevious = {
  readonly label: string;
  readonly parameters: Readonly<Record<string, SsmParameterPrevious>>;
};

interface Current {
  name: string;
  version: number;
  type: string;
  value: string;
}

const LABEL = /^[A-Za-z._-][A-Za-z0-9._-]{0,99}$/;

/**
 * A {@link Standby} over SSM Parameter Store: promotion points the application's configuration
 * at the DR region — new values for the endpoint parameters it reads — and failback points it
 * back. Values are never logged or kept in `previous` for SecureStrings; `previous` holds the
 * replaced **version** (Parameter Store keeps it), and the replaced version is labelled so an
 * operator can find it too.
 *
 * - `promote` reads every parameter (`GetParameter`), and for those whose value changes first
 *   checks the 100-version limit: a parameter at 100 versions whose oldest version carries a
 *   label cannot take a new version (`ParameterMaxVersionLimitExceeded`), so the promotion is
 *   refused with a `Conflict` before anything changes. It then labels the current version
 *   (`LabelParameterVersion`) and writes the new value (`PutParameter` with `Overwrite`). If a
 *   later parameter fails, the ones already changed are put back. Nothing changes when every
 *   value is already in place (`alreadyPromoted`).
 * - `readiness` is ready when every parameter holds its new value (`GetParameters`).
 * - `demote(previous)` writes each replaced version's value back as a new version (read as
 *   `name:version`; Parameter Store has no "revert"), skipping parameters still at that version.
 *
 * Restart or reload the application afterwards (see {@link reloadHook}): most read their
 * parameters at start-up.
 *
 * @example
 * ```ts
 * import { SSMClient } from '@aws-sdk/client-ssm';
 * import { ssmParametersStandby } from '@drkit/aws/ssm';
 *
 * const config = ssmParametersStandby({
 *   client: new SSMClient({ region: 'us-west-2' }),
 *   parameters: {
 *     '/jobs-api/redis/endpoint': 'jobs-api-redis-dr.abc123.usw2.cache.amazonaws.com:6379',
 *     '/jobs-api/active-region': 'us-west-2',
 *   },
 * });
 * const promoted = await promoteStandby([[web, cache], config], { step: 'promote-dr' }, ctx);
 * ```
 */
export function ssmParametersStandby(options: SsmParametersStandbyOptions): Standby & { readonly client: SSMClient } {
  const problems = new Problems();
  checkClientOption(problems, options);
  const o = (typeof options === 'object' && options !== null ? options : {}) as Partial<SsmParametersStandbyOptions>;
  const params = o.parameters;
  const names = typeof params === 'object' && params !== null ? Object.keys(params) : [];
  if (typeof params !== 'object' || params === null || names.length === 0)
    problems.add('parameters', 'must name at least one parameter and its new value');
  for (const n of names) {
    const v = params![n];
    if (!/^(\/?[A-Za-z0-9_.-]+)+$/.test(n) || n.length > 2048)
      problems.add(`parameters.${n}`, 'is not a valid parameter name');
    if (typeof v === 'string' ? v === '' : typeof v !== 'function')
      problems.add(`parameters.${n}`, 'must be a non-empty string or a function returning one');
  }
  if (names.length > 10)
    problems.add('parameters', 'at most 10 parameters per standby (GetParameters reads 10 at a time)');
  const label = o.label ?? DEFAULT_FAILBACK_LABEL;
  if (typeof label !== 'string' || !LABEL.test(label) || /^(aws|ssm)/i.test(label))
    problems.add('label', 'must be 1-100 letters, digits, ".", "-" or "_", not starting with a digit, "aws" or "ssm"');
  const name =
    typeof o.name === 'string' && o.name
      ? o.name
      : `ssm:${names[0] ?? ''}${names.length > 1 ? `+${names.length - 1}` : ''}`;
  if (problems.any) {
    const error = invalidInput(problems.list);
    const fail = () => errAsync(error);
    return { name, client: undefined as unknown as SSMClient, readiness: fail, promote: fail, demote: fail };
  }
  const opts = options;
  const client = resolveClient<SSMClient, SSMClientConfig>(opts, (c) => new SSMClient(c));
  const site = { service: 'ssm' };
  const byKey = new Map<string, SsmParametersPrevious>();
  let wanted: Record<string, string> | undefined;

  const read = (reference: string, ctx: DrContext): ResultAsync<Current, DrError> =>
    awsSend(client, new GetParameterCommand({ Name: reference, WithDecryption: true }), site, ctx, opts).map((out) => ({
      name: out.Parameter?.Name ?? reference,
      version: out.Parameter?.Version ?? 0,
      type: out.Parameter?.Type ?? 'String',
      value: out.Parameter?.Value ?? '',
    }));

  const put = (parameter: string, value: string, ctx: DrContext) =>
    awsSend(client, new PutParameterCommand({ Name: parameter, Value: value, Overwrite: true }), site, ctx, opts);

  const resolveValues = (ctx: DrContext): ResultAsync<Record<string, string>, DrError> =>
    ResultAsync.combine(
      names.map((n) => {
        const v = params![n]!;
        const got = typeof v === 'string' ? v : v(ctx);
        const r = typeof got === 'string' ? okAsync<string, DrError>(got) : got;
        return r.andThen((value) =>
          typeof value === 'string' && value !== ''
            ? okAsync([n, value] as const)
            : errAsync(invalidInput([{ path: `parameters.${n}`, message: 'the value function returned no value' }])),
        );
      }),
    ).map((pairs) => Object.fromEntries(pairs));

  /** Why a parameter at the version limit cannot take another version, if it cannot. */
  const versionLimit = (current: Current, ctx: DrContext): ResultAsync<string | undefined, DrError> => {
    if (current.version < SSM_MAX_VERSIONS) return okAsync(undefined);
    const paced = pacedClient(client, site, ctx, opts);
    return awsAttempt({ service: 'ssm', operation: 'GetParameterHistory' }, async () => {
      const history: ParameterHistory[] = [];
      for await (const page of paginateGetParameterHistory({ client: paced }, { Name: current.name, MaxResults: 50 }))
        history.push(...(page.Parameters ?? []));
      return history;
    }).map((history) => {
      if (history.length < SSM_MAX_VERSIONS) return undefined;
      const oldest = [...history].sort((a, b) => (a.Version ?? 0) - (b.Version ?? 0))[0];
      return oldest?.Labels?.length
        ? `${current.name} has ${SSM_MAX_VERSIONS} versions and its oldest (${oldest.Version}) is labelled ${oldest.Labels.join(', ')}: move or remove that label first`
        : undefined;
    });
  };

  /** Puts back the values of parameters changed by an interrupted promotion. */
  const undo = (changed: readonly Current[], ctx: DrContext) =>
    ResultAsync.combineWithAllErrors(changed.map((c) => put(c.name, c.value, ctx))).mapErr(() => undefined);

  return {
    name,
    client,
    expectedReadyMs: 1_000,
    promote(promote, ctx): ResultAsync<Promotion, DrError> {
      const known = byKey.get(promote.idempotencyKey);
      return resolveValues(ctx).andThen((values) =>
        ResultAsync.combine(names.map((n) => read(n, ctx))).andThen((currents) => {
          wanted = values;
          const changing = currents.filter((c) => c.value !== values[c.name]);
          const previousOf = (c: Current): SsmParameterPrevious => ({
            version: c.version,
            type: c.type,
            ...(c.type !== 'SecureString' ? { value: c.value } : {}),
          });
          if (changing.length === 0) {
            const previous: SsmParametersPrevious = known ?? {
              label,
              parameters: Object.fromEntries(currents.map((c) => [c.name, previousOf(c)])),
            };
            return okAsync<Promotion, DrError>({
              previous,
              alreadyPromoted: true,
              detail: 'every parameter already holds its DR value',
            });
          }
          return ResultAsync.combine(changing.map((c) => versionLimit(c, ctx))).andThen((blocked) => {
            const reasons = blocked.filter((b): b is string => b !== undefined);
            if (reasons.length > 0)
              return errAsync(drError('Conflict', `ssm: cannot add a version: ${reasons.join('; ')}`));
            const previous: SsmParametersPrevious = known ?? {
              label,
              parameters: Object.fromEntries(currents.map((c) => [c.name, previousOf(c)])),
            };
            const changed: Current[] = [];
            const step = (i: number): ResultAsync<void, DrError> => {
              const c = changing[i];
              if (!c) return okAsync(undefined);
              return awsSend(
                client,
                new LabelParameterVersionCommand({ Name: c.name, ParameterVersion: c.version, Labels: [label] }),
                site,
                ctx,
                opts,
              )
                .andThen(() => put(c.name, values[c.name]!, ctx))
                .andThen(() => {
                  changed.push(c);
                  ctx.logger.info('ssm: parameter updated', { parameter: c.name, replacedVersion: c.version, label });
                  return step(i + 1);
                });
            };
            return step(0)
              .orElse((e) =>
                undo(changed, ctx)
                  .orElse(() => okAsync(undefined))
                  .andThen(() => errAsync<void, DrError>(e)),
              )
              .map((): Promotion => {
                byKey.set(promote.idempotencyKey, previous);
                return {
                  previous,
                  detail: `${changing.length} parameter(s) updated; replaced versions labelled ${label}`,
                };
              });
          });
        }),
      );
    },
    readiness(ctx): ResultAsync<Readiness, DrError> {
      if (!wanted) return okAsync({ ready: false, detail: 'not promoted yet' });
      const want = wanted;
      return awsSend(client, new GetParametersCommand({ Names: names, WithDecryption: true }), site, ctx, opts).map(
        (out): Readiness => {
          const got = new Map((out.Parameters ?? []).map((p) => [p.Name, p.Value]));
          const stale = names.filter((n) => got.get(n) !== want[n]);
          return {
            ready: stale.length === 0,
            detail:
              stale.length === 0 ? `${names.length} parameter(s) hold their DR values` : `not yet: ${stale.join(', ')}`,
          };
        },
      );
    },
    demote(previous: StandbyState, ctx): ResultAsync<Demotion, DrError> {
      const p = previous as Partial<SsmParametersPrevious>;
      const entries = typeof p?.parameters === 'object' && p.parameters !== null ? Object.entries(p.parameters) : [];
      if (entries.length === 0 || entries.some(([, v]) => typeof v?.version !== 'number'))
        return errAsync(
          invalidInput([{ path: 'previous', message: 'must be the { label, parameters } a promotion returned' }]),
        );
      const restore = (parameter: string, before: SsmParameterPrevious): ResultAsync<string, DrError> =>
        read(parameter, ctx).andThen((current) => {
          if (current.version === before.version) return okAsync(`${parameter} unchanged`);
          return read(`${parameter}:${before.version}`, ctx)
            .map((old) => old.value)
            .orElse((e) =>
              e.kind === 'NotFound' && before.value !== undefined
                ? okAsync(before.value)
                : errAsync(
                    e.kind === 'NotFound'
                      ? drError(
                          'NotFound',
                          `${parameter}: version ${before.version} is gone (over ${SSM_MAX_VERSIONS} versions since); set it by hand`,
                          { resource: parameter },
                        )
                      : e,
                  ),
            )
            .andThen((value) =>
              value === current.value ? okAsync(undefined) : put(parameter, value, ctx).map(() => undefined),
            )
            .map(() => {
              ctx.logger.info('ssm: parameter restored', { parameter, toVersionOf: before.version });
              return `${parameter} back to the value of version ${before.version}`;
            });
        });
      // One after another: TooManyUpdates is per parameter, but the rate budget is shared.
      const outcomes: string[] = [];
      const step = (i: number): ResultAsync<Demotion, DrError> => {
        const entry = entries[i];
        if (!entry) {
          wanted = undefined;
          return okAsync({ detail: outcomes.join('; ') });
        }
        return restore(entry[0], entry[1]).andThen((line) => {
          outcomes.push(line);
          return step(i + 1);
        });
      };
      return step(0);
    },
  };
}
