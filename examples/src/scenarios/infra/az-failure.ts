import { runbook } from '@drkit/core';
import { defineScenario } from '../types';
import { injectIncident } from '../shared/incidents';
import { awaitGroupRecovered, detectUnhealthyTargets, tierChecks, validateTier } from '../shared/web';
import { capacityCheck, trafficCheck } from '../shared/estate';

/** The zone the drill takes down: the first zone of the primary region (`us-east-1a`). */
export function failedZone(primaryRegion: string): string {
  return `${primaryRegion}a`;
}

/**
 * DR plan §2, "Availability Zone Failure": every instance in one availability zone of the primary
 * region stops. The ALB routes around them; Auto Scaling's launches into the impaired zone fail,
 * and it rebalances the group into the healthy zones. The drill waits until the group serves its
 * desired capacity outside the failed zone and validates the tier. Plan estimate: 10-15 minutes.
 *
 * Simulated only: an AZ outage cannot be caused on a live account without AWS Fault Injection
 * Service (which this drill does not drive).
 */
export default defineScenario({
  name: 'az-failure',
  live: 'an availability-zone outage can only be simulated (use AWS Fault Injection Service for a live one)',
  incident: (env) => {
    const zone = failedZone(env.config.regions.primary);
    return injectIncident(env, `az-outage:${zone}`, { zone });
  },
  // #region runbook
  runbook: (env, { incident }) => {
    const zone = (incident?.facts?.zone as string | undefined) ?? failedZone(env.config.regions.primary);
    return runbook('az-failure')
      .step(detectUnhealthyTargets(env, 'detect', 'primary'))
      .step(awaitGroupRecovered(env, 'await-rebalance', 'primary', { avoidZones: [zone], replacing: 'detect' }))
      .step(validateTier(env, 'validate', 'primary', tierChecks(env, 'primary')));
  },
  // #endregion runbook
  verify: (env, ctx) =>
    capacityCheck(env, 'primary', env.config.web.primary.capacity, ctx).andThen((capacity) =>
      trafficCheck(env, 'primary', ctx).map((traffic) => [capacity, traffic]),
    ),
});
