import { ResultAsync, okAsync } from 'neverthrow';
import {
  shiftTraffic,
  waitFor,
  type CloudOperation,
  type DrContext,
  type DrError,
  type ShiftTrafficPlan,
  type StepKind,
  type StepSpec,
  type TrafficRouter,
  type Weights,
} from '@drkit/core';
import { call } from './web';

/** What a traffic step hands on. */
export interface Shifted {
  readonly router: string;
  /** The routing before and after. */
  readonly initial: Weights;
  readonly final: Weights;
  /** One line per applied step: `10% applied`. */
  readonly steps: readonly string[];
  readonly operations: readonly CloudOperation[];
}

/**
 * Sets a router's weights in one change and waits until it has propagated (for compensation
 * and abandonment: putting traffic back where it was). Nothing is changed when the router
 * already serves them.
 *
 * @example
 * ```ts
 * await restoreRouting(weighted, { 'us-east-1': 0, 'us-west-2': 100 }, 'undo-failback', ctx);
 * ```
 */
export function restoreRouting(
  router: TrafficRouter,
  weights: Weights,
  key: string,
  ctx: DrContext,
): ResultAsync<Weights, DrError> {
  const same = (a: Weights, b: Weights) => Object.keys(b).every((k) => (a[k] ?? 0) === b[k]);
  return router.readRouting(ctx).andThen((now) => {
    if (same(now.targets, weights)) return okAsync(weights);
    return router
      .applyRouting(weights, { idempotencyKey: key, comment: 'drkit drill: traffic back where it was' }, ctx)
      .andThen((change) =>
        waitFor(
          () =>
            router
              .changeStatus(change, ctx)
              .map((s) => (s.propagated ? { done: true as const, value: weights } : { done: false as const })),
          {
            what: `${router.name} back to ${JSON.stringify(weights)}`,
            timeout: '15m',
            minInterval: '5s',
            maxInterval: '30s',
          },
          ctx,
        ),
      )
      .map(() => weights);
  });
}

/**
 * A step that moves traffic with `shiftTraffic` (one atomic change per step, awaited until
 * propagated, baked while the gates are polled, rolled back on a failed gate) and puts it back
 * where it was found when it does not finish (`abandon`), or when a later step fails
 * (`compensate`): traffic is never left half-way.
 *
 * @example
 * ```ts
 * .step(shiftStep('shift-home', weighted, { from: 'us-west-2', to: 'us-east-1', stepPercent: 10, bake: '1m', gates }, { initial: { 'us-east-1': 0, 'us-west-2': 100 } }))
 * ```
 */
export function shiftStep<N extends string>(
  name: N,
  router: TrafficRouter,
  plan: Omit<ShiftTrafficPlan, 'step'>,
  options: {
    /** The routing to put back on failure (default: all traffic on `plan.from`). */
    readonly initial?: Weights;
    readonly description?: string;
    readonly kind?: StepKind;
    readonly timeout?: string;
  } = {},
): StepSpec<N, unknown, Shifted> {
  const initial: Weights = options.initial ?? { [plan.from]: 100, [plan.to]: 0 };
  return {
    name,
    kind: options.kind ?? 'recovery',
    description: options.description ?? `shift traffic on ${router.name} from ${plan.from} to ${plan.to}`,
    ...(options.timeout ? { timeout: options.timeout } : {}),
    plan: () => [
      call('TrafficRouter', router.name, 'readRouting'),
      call('TrafficRouter', router.name, 'applyRouting', {
        from: plan.from,
        to: plan.to,
        ...(plan.steps ? { steps: plan.steps } : plan.stepPercent ? { stepPercent: plan.stepPercent } : {}),
      }),
      ...plan.gates.map((g) => call('Check', g.name, 'run (gate)')),
    ],
    run: (_in, ctx) =>
      shiftTraffic(router, { ...plan, step: ctx.step }, ctx).map((r) => {
        for (const s of r.steps) if (s.status === 'applied') ctx.progress(`${s.percent}% on ${plan.to}`);
        return {
          router: r.router,
          initial: r.initial,
          final: r.final,
          steps: r.steps.map((s) => `${s.percent}% ${s.status}`),
          operations: r.steps
            .filter((s) => s.appliedAt !== undefined && (s.bakeEndedAt ?? s.propagatedAt) !== undefined)
            .map((s) => ({
              name: `${s.percent}% on ${plan.to}`,
              startedAt: s.appliedAt!,
              readyAt: (s.bakeEndedAt ?? s.propagatedAt)!,
            })),
        };
      }),
    compensate: (out, ctx) => restoreRouting(router, out.initial, ctx.idempotencyKey('compensate'), ctx),
    abandon: (_in, ctx) => restoreRouting(router, initial, ctx.idempotencyKey('abandon'), ctx),
  };
}
