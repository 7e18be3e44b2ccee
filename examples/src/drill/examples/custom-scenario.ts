// A scenario is one file that default-exports `defineScenario({...})`. Dropped into
// `examples/src/scenarios/data/` it is picked up by the drill (its name must be in the catalog,
// examples/src/scenarios/catalog.ts, which holds its title and the plan's estimate).
import { okAsync } from 'neverthrow';
import { runbook } from '@drkit/core';
import { defineScenario } from '../../scenarios/types';
import { injectIncident } from '../../scenarios/shared/incidents';
import { capacityCheck, trafficCheck } from '../../scenarios/shared/estate';
import { awaitGroupRecovered, detectUnhealthyTargets, tierChecks, validateTier } from '../../scenarios/shared/web';

/** An instance-failure drill of your own, built from the shared web-tier steps. */
export default defineScenario({
  name: 'ec2-instance-failure', // a catalog name
  live: 'this example only runs on the simulated cloud',
  // Optional: bring the estate to the scenario's starting point (not called in a dry run).
  setup: () => okAsync(undefined),
  // Cause the failure; the RTO is measured from the instant it returns.
  incident: (env) => injectIncident(env, `instance-failure:${env.config.web.primary.autoScalingGroupName}`),
  // The recovery, as a runbook of steps: the drill runs it with the RTO as its deadline,
  // journals every step, and reports progress.
  runbook: (env) =>
    runbook('my-instance-failure')
      .step(detectUnhealthyTargets(env, 'detect', 'primary'))
      .step(awaitGroupRecovered(env, 'await-replacement', 'primary', { replacing: 'detect' }))
      .step(validateTier(env, 'validate', 'primary', tierChecks(env, 'primary'))),
  // What must hold afterwards, whatever the outcome (the drill adds its common checks).
  verify: (env, ctx) =>
    capacityCheck(env, 'primary', env.config.web.primary.capacity, ctx).andThen((capacity) =>
      trafficCheck(env, 'primary', ctx).map((traffic) => [capacity, traffic]),
    ),
});
