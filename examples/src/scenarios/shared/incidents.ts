import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { drError, type DrError } from '@drkit/core';
import type { DrillEnvironment, Simulation } from '../../env/types';
import type { Incident } from '../types';

/**
 * The simulation of an environment, or an error saying the step needs one (a scenario whose
 * failure cannot be caused on a live account).
 *
 * @example
 * ```ts
 * const sim = simulationOf(env, 'az-failure');
 * if (sim.isOk()) sim.value.cloud.inject('az-outage:us-east-1a');
 * ```
 */
export function simulationOf(env: DrillEnvironment, what: string): ResultAsync<Simulation, DrError> {
  return env.simulation
    ? okAsync(env.simulation)
    : errAsync(drError('InvalidInput', `${what} needs the simulated cloud`, { problems: [] }));
}

/**
 * Causes an incident in the simulated cloud by injecting a fault (the grammar of `--fault`),
 * and reports it as beginning now.
 *
 * @example
 * ```ts
 * incident: (env) => injectIncident(env, 'region-outage:us-east-1', { region: 'us-east-1' }),
 * ```
 */
export function injectIncident(
  env: DrillEnvironment,
  spec: string,
  facts?: Readonly<Record<string, unknown>>,
): ResultAsync<Incident, DrError> {
  return simulationOf(env, spec).andThen((sim) => {
    const at = sim.cloud.clock.now();
    const injected = sim.cloud.inject(spec);
    if (injected.isErr()) return errAsync(injected.error);
    return okAsync({ at, description: spec, facts: { fault: spec, ...facts } });
  });
}
