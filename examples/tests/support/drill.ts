process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { memoryAuditSink, type MemoryAuditSink } from '@drkit/core';
import { autoscalingService, elasticacheService, route53Sim, ssmService, type SimulatedCloud } from '@drkit/testing';
import { createSimulatedEnvironment, type SimulatedEnvironment } from '../../src/env/simulated';
import { loadScenarios, type RegisteredScenario } from '../../src/scenarios/registry';
import { runScenario } from '../../src/drill/runScenario';
import type { DrillScenarioReport } from '../../src/drill/report/types';

/** The infrastructure scenarios this suite covers (the data ones have their own tests). */
export const INFRA_SCENARIOS = [
  'ec2-instance-failure',
  'az-failure',
  'region-failover',
  'region-failover-manual',
  'failback',
  'cicd-rollback',
] as const;

let registered: Promise<RegisteredScenario[]> | undefined;

/** A registered scenario by name. */
export async function scenarioNamed(name: string): Promise<Required<RegisteredScenario>> {
  const all = await (registered ??= loadScenarios());
  const found = all.find((s) => s.info.name === name);
  if (!found?.scenario) throw new Error(`no scenario ${name}`);
  return found as Required<RegisteredScenario>;
}

/** One scenario run on a fresh simulated cloud, with the environment kept for assertions. */
export interface ScenarioRun {
  readonly report: DrillScenarioReport;
  readonly env: SimulatedEnvironment;
  readonly cloud: SimulatedCloud;
  readonly journal: MemoryAuditSink;
}

/**
 * Runs one scenario on a fresh seed estate, hands the run to `assess`, then disposes of the
 * cloud (whatever `assess` does).
 */
export async function withScenarioRun(
  name: string,
  options: { readonly faults?: readonly string[]; readonly seed?: number; readonly dryRun?: boolean },
  assess: (run: ScenarioRun) => void | Promise<void>,
): Promise<void> {
  const { info, scenario } = await scenarioNamed(name);
  const env = (await createSimulatedEnvironment({ seed: options.seed ?? 1 }))._unsafeUnwrap();
  try {
    const journal = memoryAuditSink();
    const report = await runScenario(info, scenario, {
      env,
      seed: options.seed ?? 1,
      faults: options.faults ?? [],
      dryRun: options.dryRun ?? false,
      journal,
    });
    await assess({ report, env, cloud: env.simulation.cloud, journal });
  } finally {
    await env.dispose();
  }
}

/** What a user would look at after a regional drill: where DNS answers, capacities, the data tier. */
export function estate(env: SimulatedEnvironment) {
  const c = env.config;
  const cloud = env.simulation.cloud;
  const r53 = route53Sim(cloud);
  const group = (side: 'primary' | 'dr') => {
    const g = cloud.state(autoscalingService, c.regions[side]).group(c.web[side].autoScalingGroupName);
    return g ? { min: g.minSize, desired: g.desiredCapacity, max: g.maxSize } : undefined;
  };
  const now = cloud.clock.now();
  const global = cloud.state(elasticacheService, c.regions.dr).mustGlobal(c.cache.globalReplicationGroupId);
  const primary = global.members.find((m) => m.role === 'PRIMARY' && (m.goneAt === undefined || m.goneAt > now));
  return {
    /** The SetIdentifier the failover record answers with. */
    failoverAnswer: r53.resolve(c.dns.failoverRecordName).setIdentifier,
    /** The weighted record's weights by SetIdentifier. */
    weights: r53.weights(c.dns.weightedRecordName),
    primaryGroup: group('primary'),
    drGroup: group('dr'),
    /** The region of the Global Datastore's primary member. */
    cachePrimaryRegion: primary?.region,
    activeRegionInDr: cloud.state(ssmService, c.regions.dr).select(c.parameters.activeRegion).version.value,
  };
}
