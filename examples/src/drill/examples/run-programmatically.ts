// Runs one drill scenario from your own code (a CI job, a notebook) on the simulated seed estate,
// and reads the outcome: the report the drill prints, and the simulated cloud itself.
import { memoryAuditSink, verifyAuditLog } from '@drkit/core';
import { route53Sim } from '@drkit/testing';
import { createSimulatedEnvironment } from '../../env/simulated';
import { runScenario } from '../runScenario';
import { loadScenarios } from '../../scenarios/registry';

/**
 * Runs the region-failover drill under Route 53 throttling and says whether it passed, DNS
 * answers from the DR region and the journal's hash chain verifies.
 *
 * @example
 * ```ts
 * if (!(await drillRegionFailover())) process.exitCode = 1;
 * ```
 */
export async function drillRegionFailover(): Promise<boolean> {
  const registered = (await loadScenarios()).find((s) => s.info.name === 'region-failover');
  if (!registered?.scenario) return false;
  const env = await createSimulatedEnvironment({ seed: 7 });
  if (env.isErr()) return false;
  try {
    const journal = memoryAuditSink();
    const report = await runScenario(registered.info, registered.scenario, {
      env: env.value,
      seed: 7,
      faults: ['throttle:route53:0.3'], // on top of the scenario's own incident
      journal,
    });
    console.log(
      report.status,
      `RTO ${report.rto.measuredSeconds}s`,
      report.checks?.map((c) => c.name),
    );
    // Where does the API's name point now? (the simulated Route 53, as a resolver sees it)
    const answer = route53Sim(env.value.simulation.cloud).resolve(env.value.config.dns.failoverRecordName);
    return report.status === 'passed' && answer.setIdentifier === 'us-west-2' && verifyAuditLog(journal.records).ok;
  } finally {
    await env.value.dispose();
  }
}
