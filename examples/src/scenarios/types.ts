import type { ResultAsync } from 'neverthrow';
import type { DrContext, DrError, Runbook, RunbookReport } from '@drkit/core';
import type { DrillEnvironment } from '../env/types';

/** The failure a scenario causes (or, live, declares). */
export interface Incident {
  /** When the failure began (ms epoch on `env.clock`): the RTO is measured from here. */
  readonly at: number;
  /** One line for people: `'instance-failure:jobs-api (i-0abc…)'`. */
  readonly description: string;
  /** Facts the runbook needs about it (the failed zone, the bad deployment's id). Plain JSON, no secrets. */
  readonly facts?: Readonly<Record<string, unknown>>;
}

/** One consistency check a scenario makes after its run (passed or failed). */
export interface ConsistencyCheck {
  /** `'traffic-on-dr'`, `'no-orphaned-restores'`, `'nothing-deleted'`. */
  readonly name: string;
  readonly passed: boolean;
  /** What was found: `'api.jobs.example.com answers us-west-2'`. */
  readonly detail?: string;
}

/** What {@link Scenario.runbook} gets. Both are absent in a dry run (nothing was set up or broken). */
export interface RunbookInputs<S> {
  readonly setup?: S;
  readonly incident?: Incident;
}

/** What {@link Scenario.verify} gets: everything about the run. */
export interface ScenarioOutcome<S> {
  readonly setup: S;
  readonly incident: Incident;
  readonly report: RunbookReport;
}

/**
 * One failure scenario of the DR plan, as the drill runs it:
 *
 * 1. `setup` (optional) brings the estate to where the scenario starts (after a failover, for a
 *    failback), using the same adapters as the runbooks;
 * 2. `incident` causes the failure (a fault in the simulation; live, a real but reversible
 *    action, or the scenario refuses to run live) and says when it began;
 * 3. `runbook` builds the recovery as a `@drkit/core` runbook — the drill runs it with the RTO as
 *    its deadline, a hash-chained journal, progress events and auto-approval;
 * 4. `verify` checks the estate afterwards, whatever the outcome: traffic where it should be, no
 *    orphaned restored resources, nothing of the user's deleted.
 *
 * A scenario is one file that default-exports `defineScenario({...})`. The built-in
 * infrastructure scenarios live in `scenarios/infra/`; scenarios in `scenarios/data/` are found
 * by the registry without being listed anywhere (see `loadScenarios`). The name must be one of
 * the catalog's (`scenarios/catalog.ts`), which holds its title and the plan's estimate.
 *
 * @typeParam S - what `setup` hands to the runbook and the checks (plain JSON: a failover's
 *   `previous` standby states, say).
 */
export interface Scenario<S = undefined> {
  /** The catalog name (`drill --scenario NAME`). */
  readonly name: string;
  /**
   * `true` when the scenario can run against a live account (its incident is a real, reversible
   * action on a resource the config names); otherwise why it cannot.
   */
  readonly live: true | string;
  /**
   * Objectives that differ from the config's (`1h` / `15m` by default): a weekly restore test of
   * daily EC2 backups, say, is held to the backup plan's own RPO.
   */
  readonly objectives?: { readonly rto?: string; readonly rpo?: string };
  /** Brings the estate to the scenario's starting point. Not called in a dry run. */
  setup?(env: DrillEnvironment, ctx: DrContext): ResultAsync<S, DrError>;
  /** Causes the failure. Not called in a dry run. */
  incident(env: DrillEnvironment, ctx: DrContext, setup: S): ResultAsync<Incident, DrError>;
  /** The recovery runbook. In a dry run `inputs` is empty: describe the calls from the config. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  runbook(env: DrillEnvironment, inputs: RunbookInputs<S>): Runbook<any>;
  /**
   * Consistency checks after the run, passed or failed. Not called in a dry run. The drill adds
   * its common checks (`only-named-resources-changed`, `no-orphaned-restores`,
   * `nothing-of-the-estate-deleted`); a check returned here under one of those names replaces
   * the common one (a scenario that adopts a restored resource judges orphans itself).
   */
  verify(env: DrillEnvironment, ctx: DrContext, outcome: ScenarioOutcome<S>): ResultAsync<ConsistencyCheck[], DrError>;
}

/**
 * Declares a scenario (an identity function that checks the shape at compile time).
 *
 * @example
 * ```ts
 * // examples/src/scenarios/data/redis-failure.ts
 * export default defineScenario({
 *   name: 'redis-failure',
 *   live: 'needs the simulated cloud to lose a replication group',
 *   incident: (env, ctx) => injectFault(env, `…`),
 *   runbook: (env) => runbook('redis-failure').step({ name: 'restore', run: (_in, ctx) => … }),
 *   verify: (env, ctx, { report }) => commonChecks(env, report),
 * });
 * ```
 */
export function defineScenario<S = undefined>(scenario: Scenario<S>): Scenario<S> {
  return scenario;
}

/** Any scenario, as the registry holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyScenario = Scenario<any>;
