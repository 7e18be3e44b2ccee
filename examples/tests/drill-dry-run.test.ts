import { describe, expect, it } from 'vitest';
import { ok } from 'neverthrow';
import { createSimulatedEnvironment, type SimulatedEnvironment } from '../src/env/simulated';
import { runDrill } from '../src/drill/runDrill';
import type { DrillOptions } from '../src/drill/cli';
import { expectReportContract } from './support/contract';
import { INFRA_SCENARIOS } from './support/drill';

const defaults: DrillOptions = {
  scenarios: [],
  list: false,
  faults: [],
  seed: 1,
  dryRun: false,
  json: false,
  live: false,
  yes: false,
  help: false,
};

describe('drill --dry-run', () => {
  it('prints each scenario’s plan and the calls it would make, and makes no call at all', async () => {
    // Prepare: keep every environment the drill creates, to read its call recorder afterwards.
    const envs: SimulatedEnvironment[] = [];
    const plans: string[] = [];

    // Act: the whole game day, dry.
    const outcome = await runDrill(
      { ...defaults, dryRun: true },
      {
        environment: async () => {
          const env = (await createSimulatedEnvironment({ seed: 1 }))._unsafeUnwrap();
          envs.push(env);
          return ok(env);
        },
        onEvent: (e) => {
          if (e.type === 'scenario:plan') plans.push(e.plan);
        },
      },
    );

    // Assess: a plan per scenario, naming the ports and operations …
    const { report } = outcome._unsafeUnwrap();
    expectReportContract(report);
    expect(report.dryRun).toBe(true);
    for (const name of INFRA_SCENARIOS) expect(report.scenarios.map((s) => s.name)).toContain(name);
    expect(plans).toHaveLength(report.scenarios.length);
    const failover = report.scenarios.find((s) => s.name === 'region-failover')!;
    expect(failover.steps.every((s) => s.status === 'planned')).toBe(true);
    expect(failover.plan?.flatMap((p) => p.calls)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Standby global-datastore:.* promote$/),
        expect.stringMatching(/^Standby asg:jobs-api-dr promote$/),
      ]),
    );
    expect(plans.join('\n')).toMatch(
      /flip-dns → TrafficRouter route53:api\.jobs\.example\.com \(swap roles\) applyRouting/,
    );
    // … and not one call reached the simulated cloud: no change, not even a read.
    for (const env of envs) {
      const changes = env.simulation.cloud.recorder
        .calls()
        .filter((c) => !/^(Describe|Get|List|Test)/.test(c.operation));
      expect(changes).toEqual([]);
    }
    expect(report.scenarios.every((s) => s.apiCalls === 0)).toBe(true);
  });
});
