import { ResultAsync, errAsync } from 'neverthrow';
import { drError, memoryAuditSink, type DrError } from '@drkit/core';
import { createSimulatedEnvironment, type SimulatedEnvironment } from '../../../env/simulated';
import { runScenario } from '../../../drill/runScenario';
import type { DrillScenarioReport } from '../../../drill/report/types';
import { SCENARIOS } from '../../catalog';
import type { AnyScenario } from '../../types';

/** A rehearsal: the report, and the environment it ran in (to inspect, then dispose). */
export interface Rehearsal {
  readonly env: SimulatedEnvironment;
  readonly report: DrillScenarioReport;
}

/**
 * Runs one scenario the way `pnpm drill --scenario NAME [--fault SPEC…] [--seed N]` does, on a
 * fresh simulated seed estate, and hands back the drill's report with the environment (dispose
 * it when done): the same setup, incident, runbook, journal and consistency checks.
 *
 * @example
 * ```ts
 * const { env, report } = (await rehearse(redisFailure, { faults: ['corrupt:restore'] }))._unsafeUnwrap();
 * report.status; // 'failed' — the sentinel keys are wrong
 * await env.dispose();
 * ```
 */
// #region rehearse
export function rehearse(
  scenario: AnyScenario,
  options: { readonly faults?: readonly string[]; readonly seed?: number } = {},
): ResultAsync<Rehearsal, DrError> {
  const info = SCENARIOS.find((s) => s.name === scenario.name);
  if (!info) return errAsync(drError('NotFound', `scenario ${scenario.name} is not in the catalog`));
  const seed = options.seed ?? 1;
  return createSimulatedEnvironment({ seed }).andThen((env) =>
    ResultAsync.fromSafePromise(
      runScenario(info, scenario, { env, seed, journal: memoryAuditSink(), faults: options.faults ?? [] }),
    ).map((report) => ({ env, report })),
  );
}
// #endregion rehearse
