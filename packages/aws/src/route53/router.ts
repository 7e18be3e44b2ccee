import { GetChangeCommand, Route53Client, type Route53ClientConfig, type RRType } from '@aws-sdk/client-route-53';
import {
  Problems,
  parseDuration,
  type DrContext,
  type DrError,
  type Duration,
  type PropagationStatus,
  type TrafficRouter,
} from '@drkit/core';
import { ResultAsync, errAsync } from 'neverthrow';
import { checkClientOption, type AwsClientOption } from '../shared/clientOptions';
import { awsSend, type AwsCallOptions } from '../shared/send';
import { checkRecordOptions } from './records';

/** Route 53's documented propagation time: changes usually reach every name server within 60 s. */
export const ROUTE53_PROPAGATION_MS = 60_000;

/** Options of the Route 53 routers. */
export type Route53RouterOptions = AwsClientOption<Route53Client, Route53ClientConfig> &
  AwsCallOptions & {
    /** The hosted zone holding the records (`Z…`, with or without `/hostedzone/`). */
    readonly hostedZoneId: string;
    /** The DNS name the records share, e.g. `api.example.com`. */
    readonly recordName: string;
    /** The record type the records share. Default `'A'`. */
    readonly type?: RRType;
    /** Names the router in reports. Default `route53:<recordName>`. */
    readonly name?: string;
    /** How long a change typically takes to propagate (seeds polling). Default 60 s. */
    readonly expectedPropagation?: Duration;
  };

/** A Route 53 {@link TrafficRouter}, with the client it uses. */
export interface Route53Router extends TrafficRouter {
  /** The SDK client (yours, or the one built from `clientConfig`). */
  readonly client: Route53Client;
  /** The hosted zone id (bare). */
  readonly hostedZoneId: string;
  /** The record name, canonical (`api.example.com.`). */
  readonly recordName: string;
  readonly type: RRType;
}

/** Checks the options every Route 53 router shares; returns the expected propagation (ms). */
export function checkRouterOptions(problems: Problems, options: Route53RouterOptions): number {
  checkClientOption(problems, options);
  if (typeof options !== 'object' || options === null) return ROUTE53_PROPAGATION_MS;
  checkRecordOptions(problems, options);
  if (options.name !== undefined && (typeof options.name !== 'string' || options.name.trim() === ''))
    problems.add('name', 'must be a non-empty string');
  if (options.expectedPropagation === undefined) return ROUTE53_PROPAGATION_MS;
  const parsed = parseDuration(options.expectedPropagation, 'expectedPropagation');
  if (parsed.isErr()) {
    problems.addAll('', parsed.error.problems);
    return ROUTE53_PROPAGATION_MS;
  }
  return parsed.value;
}

/** A router whose every method returns `error` (bad options), making no call. */
export function refusingRouter(
  options: Partial<Route53RouterOptions> | undefined,
  mode: 'weighted' | 'failover',
  error: DrError,
): Route53Router {
  const fail = () => errAsync(error);
  const recordName = typeof options?.recordName === 'string' ? options.recordName : '';
  return {
    name: typeof options?.name === 'string' && options.name ? options.name : `route53:${recordName}`,
    mode,
    client: undefined as unknown as Route53Client,
    hostedZoneId: '',
    recordName,
    type: 'A',
    readRouting: fail,
    applyRouting: fail,
    changeStatus: fail,
  };
}

/** Problems of a weights argument: an object of integers 0-255 (Route 53's weight range). */
export function weightProblems(weights: unknown): Problems {
  const problems = new Problems();
  if (typeof weights !== 'object' || weights === null || Array.isArray(weights)) {
    problems.add('weights', 'must be an object of weights by SetIdentifier');
    return problems;
  }
  const entries = Object.entries(weights as Record<string, unknown>);
  if (entries.length === 0) problems.add('weights', 'must name at least one SetIdentifier');
  for (const [id, w] of entries)
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w > 255)
      problems.add(`weights.${id}`, 'must be an integer from 0 to 255 (Route 53 weights)');
  return problems;
}

/** `GetChange` as a {@link PropagationStatus}. */
export function changePropagation(
  client: Route53Client,
  changeId: string,
  ctx: DrContext,
  call: AwsCallOptions,
): ResultAsync<PropagationStatus, DrError> {
  return awsSend(client, new GetChangeCommand({ Id: changeId }), { service: 'route53' }, ctx, call).map((out) => {
    const status = out.ChangeInfo?.Status ?? 'PENDING';
    return status === 'INSYNC'
      ? { propagated: true, propagatedAt: ctx.clock.now() }
      : { propagated: false, detail: status };
  });
}

/** Route 53 limits a change batch comment to 256 characters. */
export function batchComment(comment: string | undefined, idempotencyKey: string): string {
  const text = comment ? `${comment} [${idempotencyKey}]` : `drkit [${idempotencyKey}]`;
  return text.length > 256 ? text.slice(0, 256) : text;
}
