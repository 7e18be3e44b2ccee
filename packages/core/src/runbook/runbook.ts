import { okAsync } from 'neverthrow';
import type { AnyStep, OutputsOf, StepOutputs, StepSpec, WithOutput } from './types';

/**
 * A runbook: named steps in stages. The steps of one stage run in parallel; each stage starts
 * when the previous one has finished, and its steps get the outputs of every earlier stage by
 * name, typed. Immutable: every method returns a new runbook.
 *
 * Run it with {@link runRunbook}; continue a crashed run with {@link resumeRunbook}.
 */
export interface Runbook<O extends StepOutputs = StepOutputs> {
  readonly name: string;
  /** The stages, in order; each holds the steps that run in parallel. */
  readonly stages: readonly (readonly AnyStep[])[];
  /**
   * Adds a stage of one step. Its `run` gets the outputs so far; its output joins them under its name.
   *
   * @example
   * ```ts
   * runbook('restore-test')
   *   .step({ name: 'restore', run: (_in, ctx) => restorePoint(vault, { step: ctx.step, strategy: { latest: true } }, ctx) })
   *   .step({ name: 'validate', kind: 'validation', run: ({ restore }, ctx) => validateRestore(restore, checks, {}, ctx) });
   * ```
   */
  step<N extends string, T>(spec: StepSpec<N, O, T> & { readonly name: NewName<N, O> }): Runbook<WithOutput<O, N, T>>;
  /**
   * Adds a stage of steps that run in parallel. Each gets the outputs of the earlier stages (not
   * of its siblings). The builder form keeps every step's output type, `compensate` included;
   * the array form is for steps made with {@link defineStep}.
   *
   * @example
   * ```ts
   * runbook('region-failover')
   *   .parallel((p) => p
   *     .step({ name: 'promote-db', run: (_in, ctx) => promoteStandby(globalDatastore, { step: ctx.step }, ctx) })
   *     .step({ name: 'scale-web', run: (_in, ctx) => promoteStandby(webAsg, { step: ctx.step }, ctx) }))
   *   .step({ name: 'shift-dns', run: ({ 'promote-db': db }, ctx) => shiftTraffic(router, plan, ctx) });
   * ```
   */
  parallel<P>(
    branches: (stage: ParallelStage<O, Record<never, never>>) => ParallelStage<O, P>,
  ): Runbook<Simplify2<O & P>>;
  parallel<const S extends readonly StepSpec<string, O, unknown>[]>(steps: S): Runbook<Simplify2<O & OutputsOf<S>>>;
  /** The outputs type, for annotations (`typeof rb.outputs`); `undefined` at run time. */
  readonly outputs?: O;
}

/** A name not yet taken by an earlier step (a compile error otherwise). */
export type NewName<N extends string, O> = N extends keyof O ? `step name "${N}" is already used` : N;

type Simplify2<T> = { [K in keyof T]: T[K] } & {};

/** Collects the steps of one parallel stage (see {@link Runbook.parallel}). */
export interface ParallelStage<O extends StepOutputs, P> {
  readonly steps: readonly AnyStep[];
  step<N extends string, T>(
    spec: StepSpec<N, O, T> & { readonly name: NewName<N, O & P> },
  ): ParallelStage<O, WithOutput<P, N, T>>;
}

/**
 * Starts a runbook.
 *
 * @example
 * ```ts
 * const rb = runbook('region-failover')
 *   .step(approvalStep('approve', 'Fail over api.example.com to eu-west-1?'))
 *   .parallel((p) => p
 *     .step({ name: 'restore-orders', run: (_in, ctx) => restorePoint(vault, { step: ctx.step, strategy: { latestWithinRpo: { rpo: '15m' } } }, ctx).map(onlyResource) })
 *     .step({ name: 'scale-web', run: (_in, ctx) => promoteStandby(web, { step: ctx.step }, ctx) }))
 *   .step({ name: 'shift-traffic', run: ({ 'restore-orders': db }, ctx) => shiftTraffic(router, plan, ctx) });
 * const report = await runRunbook(rb, { approver: autoApprove() }, ctx);
 * ```
 */
export function runbook(name: string): Runbook<Record<never, never>> {
  return make(name, []);
}

function make<O extends StepOutputs>(name: string, stages: readonly (readonly AnyStep[])[]): Runbook<O> {
  const rb = {
    name,
    stages,
    step(spec: AnyStep) {
      return make(name, [...stages, [spec]]);
    },
    parallel(arg: readonly AnyStep[] | ((stage: ParallelStage<O, StepOutputs>) => ParallelStage<O, StepOutputs>)) {
      const steps: unknown = typeof arg === 'function' ? arg(parallelStage([])).steps : arg;
      // A stage that is not an array is kept empty; running the runbook reports it as bad input.
      const stage: AnyStep[] = Array.isArray(steps) ? (steps as AnyStep[]).slice() : [];
      return make(name, [...stages, stage]);
    },
  };
  return Object.freeze(rb) as unknown as Runbook<O>;
}

function parallelStage<O extends StepOutputs, P>(steps: readonly AnyStep[]): ParallelStage<O, P> {
  return Object.freeze({
    steps,
    step: (spec: AnyStep) => parallelStage([...steps, spec]),
  }) as ParallelStage<O, P>;
}

/**
 * Defines a step on its own, to reuse it or to put it in a {@link Runbook.parallel} array. Annotate
 * the input with the earlier outputs the step needs; the runbook checks that they are there.
 *
 * @example
 * ```ts
 * const validate = defineStep({
 *   name: 'validate',
 *   kind: 'validation',
 *   run: (input: { restore: RestoredResource }, ctx) => validateRestore(input.restore, checks, {}, ctx),
 * });
 * ```
 */
export function defineStep<N extends string, I, T>(spec: StepSpec<N, I, T>): StepSpec<N, I, T> {
  return spec;
}

/**
 * A step that only asks for approval (kind `other`, output `undefined`): the run stops there
 * until the approver answers, and fails if it says no.
 *
 * @example
 * ```ts
 * runbook('region-failover-manual').step(approvalStep('approve-failover', 'Fail over to eu-west-1?'));
 * ```
 */
export function approvalStep<N extends string>(name: N, message: string): StepSpec<N, unknown, undefined> {
  return { name, kind: 'other', approval: { message }, run: () => okAsync(undefined), plan: () => [] };
}
