import { elasticacheService } from '@drkit/testing';
import type { DrillEnvironment } from '../../env/types';
import type { ConsistencyCheck } from '../types';

/**
 * The checks every scenario gets after its run, whatever it did:
 *
 * - `only-named-resources-changed`: the scope guard refused nothing (the drill changed only
 *   resources its config names, or that it created itself);
 * - `no-orphaned-restores` (simulated): every resource a restore created has been deleted;
 * - `nothing-of-the-estate-deleted` (simulated): every resource of the seed estate still exists.
 *
 * @example
 * ```ts
 * const checks = await commonChecks(env);
 * checks.every((c) => c.passed);
 * ```
 */
export async function commonChecks(env: DrillEnvironment): Promise<ConsistencyCheck[]> {
  const checks: ConsistencyCheck[] = [];
  const refused = env.guard.violations;
  checks.push({
    name: 'only-named-resources-changed',
    passed: refused.length === 0,
    detail:
      refused.length === 0
        ? `${env.guard.changes.length} change(s), all to resources the config names or the drill created`
        : `refused: ${refused.map((v) => `${v.service}:${v.operation} (${v.reason})`).join('; ')}`,
  });
  const sim = env.simulation;
  if (sim) {
    const { cloud } = sim;
    const now = cloud.clock.now();
    // Reading a service state applies what is due by now (deletions in progress finish).
    for (const region of cloud.regions) cloud.state(elasticacheService, region).sync(now);
    const deleting = (id: string, region: string) =>
      cloud.state(elasticacheService, region).group(id)?.deleteAt !== undefined;
    const orphans = cloud.resources
      .list({ createdBy: 'restore', live: true })
      .filter((r) => !(r.type === 'ElastiCache' && deleting(r.id, r.region)));
    checks.push({
      name: 'no-orphaned-restores',
      passed: orphans.length === 0,
      detail:
        orphans.length === 0
          ? 'no restored resource is left behind'
          : `left behind: ${orphans.map((r) => `${r.type} ${r.id} (${r.region})`).join(', ')}`,
    });
    const gone = cloud.resources.list({ createdBy: 'topology', live: false });
    checks.push({
      name: 'nothing-of-the-estate-deleted',
      passed: gone.length === 0,
      detail:
        gone.length === 0
          ? `all ${cloud.resources.list({ createdBy: 'topology' }).length} resources of the estate exist`
          : `deleted: ${gone.map((r) => `${r.type} ${r.id} (${r.region})`).join(', ')}`,
    });
  }
  return checks;
}
