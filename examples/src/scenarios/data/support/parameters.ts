import {
  GetParameterCommand,
  LabelParameterVersionCommand,
  PutParameterCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { okAsync, type ResultAsync } from 'neverthrow';
import type { DrContext, DrError } from '@drkit/core';
import { awsSend } from '@drkit/aws';

/** What {@link repointParameter} did. Never holds a parameter value (it may be a secret). */
export interface Repointed {
  readonly parameter: string;
  /** The version that was current before (labelled {@link Repointed.previousLabel}). */
  readonly previousVersion: number;
  readonly previousLabel: string;
  /** The version now current (labelled {@link Repointed.label}). */
  readonly version: number;
  readonly label: string;
  /** True when the parameter already held the value (a resumed run): nothing was written. */
  readonly unchanged: boolean;
}

const SITE = { service: 'ssm' };

/**
 * A label Parameter Store accepts: letters, digits, `.`, `-`, `_`; not starting with a digit or
 * `aws`/`ssm`; at most 100 characters.
 *
 * @example
 * ```ts
 * parameterLabel('before', 'drill-redis-failure-seed1'); // 'before-drill-redis-failure-seed1'
 * ```
 */
export function parameterLabel(prefix: string, runId: string): string {
  return `${prefix}-${runId}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 100);
}

/**
 * Points a configuration parameter at a new value the way an operator should: the version in
 * force is labelled first (`before-<run>`, so the old value is one `name:label` away for a
 * rollback), then the new value is written as a new version with the same type and labelled
 * (`<prefix>-<run>`). Values are never logged or returned: a SecureString holds credentials.
 * Idempotent: when the parameter already holds the value, nothing is written.
 *
 * @example
 * ```ts
 * const done = await repointParameter(ssm, '/jobs-api/redis/endpoint', 'drkit-….use1.cache.amazonaws.com:6379', { label: 'restored', runId }, ctx);
 * ```
 */
export function repointParameter(
  ssm: SSMClient,
  name: string,
  value: string,
  options: { readonly label: string; readonly runId: string },
  ctx: DrContext,
): ResultAsync<Repointed, DrError> {
  const previousLabel = parameterLabel('before', options.runId);
  const label = parameterLabel(options.label, options.runId);
  return awsSend(ssm, new GetParameterCommand({ Name: name, WithDecryption: true }), SITE, ctx).andThen((current) => {
    const p = current.Parameter;
    const type = p?.Type ?? 'String';
    const version = p?.Version ?? 0;
    if (p?.Value === value)
      return okAsync<Repointed, DrError>({
        parameter: name,
        previousVersion: Math.max(1, version - 1),
        previousLabel,
        version,
        label,
        unchanged: true,
      });
    return awsSend(
      ssm,
      new LabelParameterVersionCommand({ Name: name, ParameterVersion: version, Labels: [previousLabel] }),
      SITE,
      ctx,
    )
      .andThen(() =>
        awsSend(ssm, new PutParameterCommand({ Name: name, Value: value, Type: type, Overwrite: true }), SITE, ctx),
      )
      .andThen((put) =>
        awsSend(
          ssm,
          new LabelParameterVersionCommand({ Name: name, ParameterVersion: put.Version, Labels: [label] }),
          SITE,
          ctx,
        ).map((): Repointed => ({
          parameter: name,
          previousVersion: version,
          previousLabel,
          version: put.Version ?? version + 1,
          label,
          unchanged: false,
        })),
      );
  });
}

/**
 * Puts back the value a {@link repointParameter} replaced (read from the labelled previous
 * version), as a new version. Used as the compensation when a later step of the recovery fails.
 *
 * @example
 * ```ts
 * await restoreParameter(ssm, repointed, ctx);
 * ```
 */
export function restoreParameter(ssm: SSMClient, done: Repointed, ctx: DrContext): ResultAsync<unknown, DrError> {
  if (done.unchanged) return okAsync(undefined);
  return awsSend(
    ssm,
    new GetParameterCommand({ Name: `${done.parameter}:${done.previousLabel}`, WithDecryption: true }),
    SITE,
    ctx,
  ).andThen((old) =>
    awsSend(
      ssm,
      new PutParameterCommand({
        Name: done.parameter,
        Value: old.Parameter?.Value ?? '',
        Type: old.Parameter?.Type ?? 'String',
        Overwrite: true,
      }),
      SITE,
      ctx,
    ),
  );
}
