import {
  ChangeResourceRecordSetsCommand,
  Route53Client,
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
} from '@drkit/core';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { resolveClient } from '../shared/clientOptions';
import { awsSend } from '../shared/send';
import { toEpochMs } from '../shared/time';
import { bareZoneId, canonicalRecordName, readRecordGroup } from './records';
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
 * A {@link TrafficRouter} over Route 53 **weighted** records: the records of one name and type
 * that differ by `SetIdentifier` (one per region, say) and split traffic by `Weight`.
 *
 * - `readRouting` lists the records (`ListResourceRecordSets`) and returns their weights.
 * - `applyRouting` re-reads the records and UPSERTs every record named in `weights` — with its
 *   TTL, values or alias target and health check unchanged — in **one**
 *   `ChangeResourceRecordSets` batch, so no resolver ever sees half a step. It refuses unknown
 *   SetIdentifiers (`InvalidInput`) and a result where every weight is 0 (`Conflict`: Route 53
 *   would then spread traffic evenly). Repeating it is harmless (UPSERT).
 * - `changeStatus` is `GetChange`: propagated once `INSYNC`.
 *
 * Calls go through the shared, rate-limited `awsSend`: Route 53's quota of five requests per
 * second per account is respected by the process-wide limiter (pass `rateLimits` to share
 * another), `Throttling` is retried there, and `PriorRequestNotComplete` (the zone is still
 * processing an earlier change) is a retryable `Conflict`, retried too. The limiter is keyed
 * by the client's region: use one Route 53 client (conventionally `us-east-1`) per account.
 *
 * Bad options make every method return the same `InvalidInput`, before any call.
 *
 * @example
 * ```ts
 * import { Route53Client } from '@aws-sdk/client-route-53';
 * import { shiftTraffic } from '@drkit/core';
 * import { route53WeightedRouter, route53HealthCheckGate } from '@drkit/aws/route53';
 *
 * const client = new Route53Client({ region: 'us-east-1' });
 * const router = route53WeightedRouter({ client, hostedZoneId: 'Z05EEDJOBSAPI0000001', recordName: 'api.jobs.example.com' });
 * const shifted = await shiftTraffic(router, {
 *   step: 'failback', from: 'us-west-2', to: 'us-east-1', stepPercent: 10, bake: '5m',
 *   gates: [route53HealthCheckGate({ client, healthCheckIds: [primaryHealthCheckId] })],
 * }, ctx);
 * ```
 */
export function route53WeightedRouter(options: Route53RouterOptions): Route53Router {
  const problems = new Problems();
  const expectedPropagationMs = checkRouterOptions(problems, options);
  if (problems.any) return refusingRouter(options, 'weighted', invalidInput(problems.list));
  const client = resolveClient<Route53Client, Route53ClientConfig>(options, (c) => new Route53Client(c));
  const type = options.type ?? 'A';
  const address = { hostedZoneId: bareZoneId(options.hostedZoneId), recordName: options.recordName, type };
  const name = options.name ?? `route53:${options.recordName}`;

  const weighted = (ctx: DrContext): ResultAsync<ResourceRecordSet[], DrError> =>
    readRecordGroup(client, address, ctx, options).andThen((records) => {
      const group = records.filter((r) => r.SetIdentifier !== undefined && r.Weight !== undefined);
      if (group.length === 0)
        return errAsync(
          drError(
            'NotFound',
            `${name}: no weighted ${type} records named ${canonicalRecordName(options.recordName)} in zone ${address.hostedZoneId}`,
            { resource: canonicalRecordName(options.recordName) },
          ),
        );
      return okAsync(group);
    });

  return {
    name,
    mode: 'weighted',
    expectedPropagationMs,
    client,
    hostedZoneId: address.hostedZoneId,
    recordName: canonicalRecordName(options.recordName),
    type,
    readRouting(ctx): ResultAsync<RoutingState, DrError> {
      return weighted(ctx).map((group) => {
        const targets: Record<string, number> = {};
        for (const r of group) targets[r.SetIdentifier!] = r.Weight!;
        return { targets };
      });
    },
    applyRouting(weights, apply, ctx): ResultAsync<RoutingChange, DrError> {
      const bad = weightProblems(weights);
      if (bad.any) return errAsync(invalidInput(bad.list));
      return weighted(ctx).andThen((group) => {
        const byId = new Map(group.map((r) => [r.SetIdentifier!, r]));
        const unknown = new Problems();
        for (const id of Object.keys(weights))
          if (!byId.has(id))
            unknown.add(`weights.${id}`, `is not a SetIdentifier of ${name} (known: ${[...byId.keys()].join(', ')})`);
        if (unknown.any) return errAsync(invalidInput(unknown.list));
        const final: Record<string, number> = {};
        for (const r of group) final[r.SetIdentifier!] = weights[r.SetIdentifier!] ?? r.Weight!;
        if (Object.values(final).every((w) => w === 0))
          return errAsync(
            drError('Conflict', `${name}: refusing to set every weight to 0 (Route 53 would spread traffic evenly)`),
          );
        const changes = Object.keys(weights).map((id) => ({
          Action: 'UPSERT' as const,
          ResourceRecordSet: { ...byId.get(id)!, Weight: weights[id]! },
        }));
        return awsSend(
          client,
          new ChangeResourceRecordSetsCommand({
            HostedZoneId: address.hostedZoneId,
            ChangeBatch: { Comment: batchComment(apply.comment, apply.idempotencyKey), Changes: changes },
          }),
          { service: 'route53' },
          ctx,
          options,
        ).map((out): RoutingChange => {
          const submittedAt = toEpochMs(out.ChangeInfo?.SubmittedAt);
          ctx.logger.info('route53: weights submitted', { router: name, changeId: out.ChangeInfo?.Id, weights: final });
          return {
            id: out.ChangeInfo?.Id ?? '',
            weights: final,
            ...(submittedAt !== undefined ? { submittedAt } : {}),
          };
        });
      });
    },
    changeStatus(change, ctx): ResultAsync<PropagationStatus, DrError> {
      if (typeof change?.id !== 'string' || change.id === '')
        return errAsync(invalidInput([{ path: 'change.id', message: 'must be a Route 53 change id' }]));
      return changePropagation(client, change.id, ctx, options);
    },
  };
}
