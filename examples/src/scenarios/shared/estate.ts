import { okAsync, type ResultAsync } from 'neverthrow';
import type { DrContext, DrError } from '@drkit/core';
import { route53Sim } from '@drkit/testing';
import type { CapacityConfig, Side } from '../../env/config';
import type { DrillEnvironment } from '../../env/types';
import { adaptersOf } from '../../env/adapters'; // ADAPTERS-PENDING
import type { ConsistencyCheck } from '../types';
import { describeGroup } from './web';

const fmt = (c: CapacityConfig) => `min ${c.min} / desired ${c.desired} / max ${c.max}`;

/**
 * Checks that a web tier's Auto Scaling group has exactly the given capacity limits, and serves
 * its desired capacity (after a failover: the DR tier promoted; after a failback: scaled back down).
 *
 * @example
 * ```ts
 * capacityCheck(env, 'dr', env.config.web.dr.capacity, ctx); // scaled back down after failback
 * ```
 */
export function capacityCheck(
  env: DrillEnvironment,
  side: Side,
  expected: CapacityConfig,
  ctx: DrContext,
  options: { readonly serving?: boolean } = {},
): ResultAsync<ConsistencyCheck, DrError> {
  const name = `capacity-${side}`;
  return describeGroup(env, side, ctx)
    .map((g): ConsistencyCheck => {
      const actual = { min: g.min, desired: g.desired, max: g.max };
      const limitsOk =
        actual.min === expected.min && actual.desired === expected.desired && actual.max === expected.max;
      const servingOk = !(options.serving ?? true) || g.serving.length >= g.desired;
      return {
        name,
        passed: limitsOk && servingOk,
        detail: `${g.name}: ${fmt(actual)} (expected ${fmt(expected)}), ${g.serving.length} serving`,
      };
    })
    .orElse((e) =>
      okAsync({
        name,
        passed: false,
        detail: `could not read ${env.config.web[side].autoScalingGroupName}: ${e.message}`,
      }),
    );
}

/**
 * Checks which region answers the failover record (`api.jobs.example.com`): the region where
 * traffic should be. Simulated, it asks the simulated Route 53 what a resolver gets now; live,
 * the failover router's `readRouting` (`TestDNSAnswer`).
 *
 * @example
 * ```ts
 * trafficCheck(env, 'dr', ctx); // after a failover
 * ```
 */
export function trafficCheck(
  env: DrillEnvironment,
  expected: Side,
  ctx: DrContext,
): ResultAsync<ConsistencyCheck, DrError> {
  const name = `traffic-on-${expected}`;
  const want = env.config.dns.setIdentifiers[expected];
  const record = env.config.dns.failoverRecordName;
  if (env.simulation) {
    const answer = route53Sim(env.simulation.cloud).resolve(record, env.config.dns.recordType);
    return okAsync({
      name,
      passed: answer.setIdentifier === want,
      detail: `${record} answers ${answer.setIdentifier ?? answer.responseCode} (expected ${want})`,
    });
  }
  return adaptersOf(env)
    .failover.readRouting(ctx)
    .map((routing): ConsistencyCheck => {
      const on = Object.entries(routing.targets).find(([, w]) => w > 0)?.[0];
      return { name, passed: on === want, detail: `${record} answers ${on ?? 'nothing'} (expected ${want})` };
    })
    .orElse((e) => okAsync({ name, passed: false, detail: `could not read ${record}: ${e.message}` }));
}

/**
 * Checks the weights of the weighted record (`api-weighted.jobs.example.com`) by set identifier.
 *
 * @example
 * ```ts
 * weightsCheck(env, { primary: 100, dr: 0 }, ctx); // after a failback
 * ```
 */
export function weightsCheck(
  env: DrillEnvironment,
  expected: Readonly<Record<Side, number>>,
  ctx: DrContext,
): ResultAsync<ConsistencyCheck, DrError> {
  const ids = env.config.dns.setIdentifiers;
  const want: Record<string, number> = { [ids.primary]: expected.primary, [ids.dr]: expected.dr };
  const show = (w: Readonly<Record<string, number>>) =>
    Object.entries(w)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
  return adaptersOf(env)
    .weighted.readRouting(ctx)
    .map((routing): ConsistencyCheck => {
      const ok = Object.keys(want).every((k) => routing.targets[k] === want[k]);
      return {
        name: 'weights',
        passed: ok,
        detail: `${env.config.dns.weightedRecordName}: ${show(routing.targets)} (expected ${show(want)})`,
      };
    })
    .orElse((e) => okAsync({ name: 'weights', passed: false, detail: `could not read the weights: ${e.message}` }));
}
