import { Route53Client } from '@aws-sdk/client-route-53';
import { ResultAsync, okAsync } from 'neverthrow';
import {
  demoteStandby,
  promoteStandby,
  waitFor,
  type CloudOperation,
  type DrContext,
  type DrError,
  type Standby,
  type StandbyState,
  type StepSpec,
  type StepContext,
} from '@drkit/core';
import { route53HealthCheckGate } from '@drkit/aws/route53';
import type { Side } from '../../env/config';
import type { DrillEnvironment } from '../../env/types';
import { call } from './web';

/** What a promotion step hands on (a trimmed `promoteStandby` report: plain JSON for the journal). */
export interface Promoted {
  /** `previous` state per standby name, for demotion (compensation, failback). */
  readonly previous: Readonly<Record<string, StandbyState>>;
  /** One line per standby: `asg:jobs-api-dr: desired 1 → 4 (ready in 4m 10s)`. */
  readonly details: readonly string[];
  readonly operations: readonly CloudOperation[];
}

/**
 * A step that promotes warm standbys (`promoteStandby`: groups in order, the members of a group
 * in parallel, each awaited until ready) and, should a later step fail, demotes them again to
 * their previous state (its compensation).
 *
 * @example
 * ```ts
 * .step(promoteStep('promote-data', [[standbys.cache], [standbys.activeRegion]]))
 * ```
 */
export function promoteStep<N extends string>(
  name: N,
  groups: readonly (readonly Standby[])[],
  options: { readonly readinessTimeout?: string; readonly description?: string } = {},
): StepSpec<N, unknown, Promoted> {
  const flat = groups.flat();
  return {
    name,
    kind: 'recovery',
    description: options.description ?? `promote ${flat.map((s) => s.name).join(', ')}`,
    plan: () => flat.map((s) => call('Standby', s.name, 'promote')),
    run: (_in, ctx) =>
      promoteStandby(
        groups.map((g) => [...g]),
        { step: ctx.step, deadlineAt: ctx.deadlineAt, readinessTimeout: options.readinessTimeout ?? '20m' },
        ctx,
      ).map((r): Promoted => {
        if (r.dryRun) return { previous: {}, details: [], operations: [] };
        for (const s of r.standbys)
          ctx.progress(`${s.name}: ${s.detail ?? 'promoted'}${s.alreadyPromoted ? ' (already)' : ''}`);
        return {
          previous: r.previous,
          details: r.standbys.map(
            (s) => `${s.name}: ${s.detail ?? 'promoted'}${s.readiness ? ` — ${s.readiness}` : ''}`,
          ),
          operations: r.standbys.map((s) => ({
            name: `promote ${s.name}`,
            startedAt: s.promotedAt,
            readyAt: s.readyAt,
          })),
        };
      }),
    compensate: (out, ctx) => demoteAll(flat, out.previous, ctx),
  };
}

/**
 * Demotes standbys to the states a promotion recorded, newest first (the reverse of promotion
 * order). A standby without a recorded state is left alone. Stops at the first failure.
 *
 * @example
 * ```ts
 * await demoteAll([standbys.cache, standbys.web], promoted.previous, ctx);
 * ```
 */
export function demoteAll(
  standbys: readonly Standby[],
  previous: Readonly<Record<string, StandbyState>>,
  ctx: DrContext,
): ResultAsync<string[], DrError> {
  const done: string[] = [];
  return [...standbys].reverse().reduce<ResultAsync<string[], DrError>>(
    (acc, s) =>
      acc.andThen(() => {
        const p = previous[s.name];
        if (!p) return okAsync(done);
        const startedAt = ctx.clock.now();
        return demoteStandby(s, p, ctx).map((d) => {
          done.push(`${s.name}: ${d.detail ?? 'demoted'}`);
          // A demotion waits on the provider (a Global Datastore failing back takes minutes): that
          // is cloud time, so a step context counts it towards the critical-path bound.
          if (!d.dryRun && 'reportOperation' in ctx)
            (ctx as StepContext).reportOperation({ name: `demote ${s.name}`, startedAt, readyAt: d.demotedAt });
          return done;
        });
      }),
    okAsync(done),
  );
}

/** What {@link detectHealthCheckFailure} found. */
export interface HealthCheckDetection {
  readonly detectedAt: number;
  readonly healthCheckId: string;
  readonly operations: readonly CloudOperation[];
}

/**
 * A step that waits until a region's Route 53 health check reports the endpoint unhealthy (the
 * plan's "Route53 health checks failing for primary region endpoints").
 *
 * @example
 * ```ts
 * runbook('region-failover').step(detectHealthCheckFailure(env, 'detect-outage', 'primary'));
 * ```
 */
export function detectHealthCheckFailure<N extends string>(
  env: DrillEnvironment,
  name: N,
  side: Side,
): StepSpec<N, unknown, HealthCheckDetection> {
  const id = env.config.dns.healthCheckIds[side];
  const gate = route53HealthCheckGate({
    client: env.client(Route53Client, env.config.regions.primary),
    healthCheckIds: [id],
    name: `route53-health-${side}`,
  });
  return {
    name,
    kind: 'other',
    description: `wait for the Route 53 health check of the ${side} region (${id}) to fail`,
    timeout: '15m',
    plan: () => [call('Route53', id, 'GetHealthCheckStatus (poll)')],
    run: (_in, ctx) =>
      waitFor(
        () =>
          gate
            .run(undefined, ctx)
            .map((v) =>
              v.status === 'failed'
                ? { done: true as const, value: v.detail ?? 'unhealthy' }
                : { done: false as const, progress: v.detail ?? v.status },
            ),
        {
          what: `Route 53 health check ${id} failing`,
          deadlineAt: ctx.deadlineAt,
          minInterval: '10s',
          maxInterval: '30s',
          expectedDuration: '90s',
        },
        ctx,
      ).map((w) => {
        const detectedAt = ctx.clock.now();
        ctx.progress(`health check ${id}: ${w.value}`);
        return {
          detectedAt,
          healthCheckId: id,
          operations: [{ name: 'Route 53 health checks fail', startedAt: ctx.incidentAt, readyAt: detectedAt }],
        };
      }),
  };
}
