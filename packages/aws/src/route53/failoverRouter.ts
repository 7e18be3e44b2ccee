import {
  ChangeResourceRecordSetsCommand,
  Route53Client,
  TestDNSAnswerCommand,
  UpdateHealthCheckCommand,
  type ResourceRecordSet,
  type Route53ClientConfig,
} from '@aws-sdk/client-route-53';
import {
  Problems,
  drError,
  invalidInput,
  type DrContext,
  type DrError,
  type PropagationStatus,
  type RoutingChange,
  type RoutingState,
  type Weights,
} from '@drkit/core';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { resolveClient } from '../shared/clientOptions';
import { awsSend } from '../shared/send';
import { toEpochMs } from '../shared/time';
import { answeredBy, bareZoneId, canonicalRecordName, readRecordGroup } from './records';
import {
  batchComment,
  changePropagation,
  checkRouterOptions,
  refusingRouter,
  weightProblems,
  type Route53Router,
  type Route53RouterOptions,
} from './router';

/**
 * How a manual failover is made:
 *
 * - `'invert-health-check'` (default): set `Inverted` on the PRIMARY record's health check, so
 *   Route 53 sees the primary as unhealthy and answers with the SECONDARY; failback clears it.
 *   The records stay as they are (the configuration in your IaC stays true), the change is one
 *   call that is trivially undone, and Route 53 still refuses to fail over to an unhealthy
 *   SECONDARY. This is the approach AWS describes for manual failover with failover records
 *   when Route 53 Application Recovery Controller is not in use.
 * - `'swap-roles'`: UPSERT both records in one change batch with `Failover` swapped
 *   (PRIMARY ↔ SECONDARY). Needs no health check on the primary, but leaves the records
 *   different from their definition in code until failback. Route 53 refuses an in-place UPSERT
 *   of both roles, so the batch deletes and re-creates the two records (atomically).
 */
export type FailoverMethod = 'invert-health-check' | 'swap-roles';

/** Options of {@link route53FailoverRouter}. */
export type Route53FailoverRouterOptions = Route53RouterOptions & {
  /** Default `'invert-health-check'`. */
  readonly method?: FailoverMethod;
};

/** The failover records of a name: the PRIMARY and the SECONDARY. */
interface FailoverPair {
  readonly primary: ResourceRecordSet;
  readonly secondary: ResourceRecordSet;
}

const HC_CHANGE = 'healthcheck:';

/**
 * A {@link TrafficRouter} (`mode: 'failover'`) over Route 53 **failover** records: a PRIMARY and
 * a SECONDARY record of one name and type, told apart by `SetIdentifier`.
 *
 * - `readRouting` asks Route 53 which record answers now (`TestDNSAnswer`) and reports it with
 *   weight 100, the other with 0. After an automated failover (the primary's health check
 *   failed) it reports the SECONDARY.
 * - `applyRouting({ [id]: 100, [other]: 0 })` makes `id` the answering record, by the
 *   {@link FailoverMethod} chosen (default: invert the PRIMARY's health check).
 * - `changeStatus` is propagated once the change is `INSYNC` (for `swap-roles`) **and**
 *   `TestDNSAnswer` answers with the target's values. If Route 53 keeps answering with the other
 *   record — the SECONDARY is unhealthy, say — the change never propagates, and `shiftTraffic`
 *   reports a `Timeout` instead of a failover that did not happen.
 *
 * `shiftTraffic` moves a failover router in one step; {@link confirmFailover} only waits for an
 * automated failover and changes nothing.
 *
 * @example
 * ```ts
 * const router = route53FailoverRouter({ client, hostedZoneId: 'Z05EEDJOBSAPI0000001', recordName: 'api.jobs.example.com' });
 * // Manual failover to the DR region (the PRIMARY's health check is inverted):
 * await shiftTraffic(router, { step: 'manual-failover', from: 'us-east-1', to: 'us-west-2', bake: '2m', gates: [] }, ctx);
 * // Failback later:
 * await shiftTraffic(router, { step: 'failback', from: 'us-west-2', to: 'us-east-1', bake: '2m', gates: [] }, ctx);
 * ```
 */
export function route53FailoverRouter(options: Route53FailoverRouterOptions): Route53Router {
  const problems = new Problems();
  const expectedPropagationMs = checkRouterOptions(problems, options);
  const method = options?.method ?? 'invert-health-check';
  if (method !== 'invert-health-check' && method !== 'swap-roles')
    problems.add('method', 'must be "invert-health-check" or "swap-roles"');
  if (problems.any) return refusingRouter(options, 'failover', invalidInput(problems.list));
  const client = resolveClient<Route53Client, Route53ClientConfig>(options, (c) => new Route53Client(c));
  const type = options.type ?? 'A';
  const zone = bareZoneId(options.hostedZoneId);
  const address = { hostedZoneId: zone, recordName: options.recordName, type };
  const name = options.name ?? `route53:${options.recordName}`;
  const recordName = canonicalRecordName(options.recordName);

  const pair = (ctx: DrContext): ResultAsync<FailoverPair, DrError> =>
    readRecordGroup(client, address, ctx, options).andThen((records) => {
      const primary = records.find((r) => r.Failover === 'PRIMARY');
      const secondary = records.find((r) => r.Failover === 'SECONDARY');
      if (!primary?.SetIdentifier || !secondary?.SetIdentifier)
        return errAsync(
          drError(
            'NotFound',
            `${name}: zone ${zone} holds no PRIMARY and SECONDARY ${type} failover records ${recordName}`,
            {
              resource: recordName,
            },
          ),
        );
      return okAsync({ primary, secondary });
    });

  /** The SetIdentifier of the record DNS answers with now. */
  const answering = (records: FailoverPair, ctx: DrContext): ResultAsync<string, DrError> =>
    awsSend(
      client,
      new TestDNSAnswerCommand({ HostedZoneId: zone, RecordName: recordName, RecordType: type }),
      { service: 'route53' },
      ctx,
      options,
    ).andThen((out) => {
      const data = out.RecordData ?? [];
      for (const r of [records.primary, records.secondary]) if (answeredBy(r, data)) return okAsync(r.SetIdentifier!);
      return errAsync(
        drError(
          'ProviderError',
          `${name}: Route 53 answers ${out.ResponseCode ?? '?'} [${data.join(', ')}], which matches neither failover record`,
          { provider: 'aws:route53', operation: 'TestDNSAnswer', code: out.ResponseCode ?? 'NoMatch' },
        ),
      );
    });

  const routingOf = (records: FailoverPair, active: string): Weights => ({
    [records.primary.SetIdentifier!]: active === records.primary.SetIdentifier ? 100 : 0,
    [records.secondary.SetIdentifier!]: active === records.secondary.SetIdentifier ? 100 : 0,
  });

  const flip = (
    records: FailoverPair,
    target: string,
    comment: string,
    ctx: DrContext,
  ): ResultAsync<{ id: string; submittedAt?: number }, DrError> => {
    const toPrimary = target === records.primary.SetIdentifier;
    if (method === 'invert-health-check') {
      const hc = records.primary.HealthCheckId;
      if (!hc)
        return errAsync(
          invalidInput([
            {
              path: 'method',
              message: `the PRIMARY record ${records.primary.SetIdentifier} has no health check to invert; use method "swap-roles"`,
            },
          ]),
        );
      // Inverted primary = unhealthy for routing = the SECONDARY answers. Failback clears it.
      return awsSend(
        client,
        new UpdateHealthCheckCommand({ HealthCheckId: hc, Inverted: !toPrimary }),
        { service: 'route53' },
        ctx,
        options,
      ).map(() => ({ id: `${HC_CHANGE}${hc}:inverted=${String(!toPrimary)}`, submittedAt: ctx.clock.now() }));
    }
    if (toPrimary) return okAsync({ id: 'none', submittedAt: ctx.clock.now() }); // already PRIMARY
    return awsSend(
      client,
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zone,
        ChangeBatch: {
          Comment: comment,
          // Route 53 checks each change against the roles of the other record, so an in-place
          // UPSERT of both is refused; deleting and re-creating both in one batch is atomic.
          Changes: [
            { Action: 'DELETE', ResourceRecordSet: records.primary },
            { Action: 'DELETE', ResourceRecordSet: records.secondary },
            { Action: 'CREATE', ResourceRecordSet: { ...records.primary, Failover: 'SECONDARY' } },
            { Action: 'CREATE', ResourceRecordSet: { ...records.secondary, Failover: 'PRIMARY' } },
          ],
        },
      }),
      { service: 'route53' },
      ctx,
      options,
    ).map((out) => {
      const submittedAt = toEpochMs(out.ChangeInfo?.SubmittedAt);
      return { id: out.ChangeInfo?.Id ?? '', ...(submittedAt !== undefined ? { submittedAt } : {}) };
    });
  };

  return {
    name,
    mode: 'failover',
    expectedPropagationMs,
    client,
    hostedZoneId: zone,
    recordName,
    type,
    readRouting(ctx): ResultAsync<RoutingState, DrError> {
      return pair(ctx).andThen((records) =>
        answering(records, ctx).map((active) => ({ targets: routingOf(records, active) })),
      );
    },
    applyRouting(weights, apply, ctx): ResultAsync<RoutingChange, DrError> {
      const bad = weightProblems(weights);
      const positive = bad.any ? [] : Object.entries(weights).filter(([, w]) => w > 0);
      if (!bad.any && positive.length !== 1)
        bad.add('weights', 'a failover router serves one target: give exactly one positive weight');
      if (bad.any) return errAsync(invalidInput(bad.list));
      const target = positive[0]![0];
      return pair(ctx).andThen((records) => {
        const ids = [records.primary.SetIdentifier!, records.secondary.SetIdentifier!];
        const unknown = Object.keys(weights).filter((id) => !ids.includes(id));
        if (unknown.length > 0)
          return errAsync(
            invalidInput(
              unknown.map((id) => ({
                path: `weights.${id}`,
                message: `is not a failover record of ${name} (known: ${ids.join(', ')})`,
              })),
            ),
          );
        // With `swap-roles` the record that is PRIMARY *now* decides what must change.
        return flip(records, target, batchComment(apply.comment, apply.idempotencyKey), ctx).map(
          (change): RoutingChange => {
            ctx.logger.info('route53: failover requested', { router: name, to: target, method, changeId: change.id });
            return {
              id: change.id,
              weights: routingOf(records, target),
              ...(change.submittedAt !== undefined ? { submittedAt: change.submittedAt } : {}),
            };
          },
        );
      });
    },
    changeStatus(change, ctx): ResultAsync<PropagationStatus, DrError> {
      const target = Object.entries(change?.weights ?? {}).find(([, w]) => w > 0)?.[0];
      if (typeof change?.id !== 'string' || target === undefined)
        return errAsync(invalidInput([{ path: 'change', message: 'must be a change this router returned' }]));
      const recordChange = change.id.startsWith('/change/') || /^C[A-Z0-9]+$/.test(change.id);
      const insync: ResultAsync<PropagationStatus, DrError> = recordChange
        ? changePropagation(client, change.id, ctx, options)
        : okAsync({ propagated: true });
      return insync.andThen((status) => {
        if (!status.propagated) return okAsync(status);
        return pair(ctx).andThen((records) =>
          answering(records, ctx).map((active): PropagationStatus =>
            active === target
              ? { propagated: true, propagatedAt: ctx.clock.now() }
              : { propagated: false, detail: `DNS still answers with ${active}` },
          ),
        );
      });
    },
  };
}
