import { ResultAsync, okAsync } from 'neverthrow';
import { toDrError, type DrError } from '@drkit/core';
import { elasticacheService } from '@drkit/testing';
import type { DrillEnvironment } from '../../../env/types';
import type { ConsistencyCheck } from '../../types';

/**
 * The orphan check of a recovery that keeps one of its restores: a restored resource that took
 * over from a lost one (and that the estate's configuration now points to) is the estate's new
 * resource, not an orphan; any other restored resource still alive is. Same name as the drill's
 * common check, which it refines for such scenarios.
 *
 * @example
 * ```ts
 * orphansExcept(env, [adoptedGroupId]); // { name: 'no-orphaned-restores', passed: true, … }
 * ```
 */
export function orphansExcept(env: DrillEnvironment, adopted: readonly string[]): ConsistencyCheck {
  const sim = env.simulation;
  if (!sim) return { name: 'no-orphaned-restores', passed: true, detail: 'not checked live' };
  const { cloud } = sim;
  const now = cloud.clock.now();
  for (const region of cloud.regions) cloud.state(elasticacheService, region).sync(now);
  const deleting = (id: string, region: string) =>
    cloud.state(elasticacheService, region).group(id)?.deleteAt !== undefined;
  const alive = cloud.resources
    .list({ createdBy: 'restore', live: true })
    .filter((r) => !(r.type === 'ElastiCache' && deleting(r.id, r.region)));
  const orphans = alive.filter((r) => !adopted.includes(r.id));
  const kept = alive.filter((r) => adopted.includes(r.id));
  return {
    name: 'no-orphaned-restores',
    passed: orphans.length === 0,
    detail:
      orphans.length > 0
        ? `left behind: ${orphans.map((r) => `${r.type} ${r.id} (${r.region})`).join(', ')}`
        : kept.length > 0
          ? `no orphan; ${kept.map((r) => `${r.type} ${r.id}`).join(', ')} took over and is kept`
          : 'no restored resource is left behind',
  };
}

/**
 * The orphan check for Atlas (the emulator is not part of the simulated AWS resources): clusters
 * that restores of this drill created and that still exist, other than the ones that took over.
 * Each drill runs on a fresh estate, so every restore target there is the drill's.
 *
 * @example
 * ```ts
 * atlasOrphansExcept(env, [restoredClusterName]);
 * ```
 */
export function atlasOrphansExcept(
  env: DrillEnvironment,
  adopted: readonly string[],
): ResultAsync<ConsistencyCheck, DrError> {
  const sim = env.simulation;
  if (!sim) return okAsync({ name: 'no-orphaned-atlas-clusters', passed: true, detail: 'not checked live' });
  return ResultAsync.fromPromise(sim.atlas(), (e) => toDrError(e, { provider: 'simulation', operation: 'atlas' })).map(
    (emulator) => {
      const targets = new Set(
        emulator.state.restoreJobs().flatMap((j) => (j.targetClusterName ? [j.targetClusterName] : [])),
      );
      const left = emulator.state
        .clusters()
        .filter((c) => targets.has(c.name) && c.stateName !== 'DELETING' && !adopted.includes(c.name));
      return {
        name: 'no-orphaned-atlas-clusters',
        passed: left.length === 0,
        detail:
          left.length > 0
            ? `left behind: ${left.map((c) => c.name).join(', ')}`
            : `no restored cluster left behind${adopted.length > 0 ? `; ${adopted.join(', ')} took over and is kept` : ''}`,
      };
    },
  );
}

/**
 * Tells the environment's scope guard that a restored resource (and its restore job) is the
 * drill's own. The guard learns that when the drill creates it; a process that resumes the run
 * from its journal did not see the creation, and the journal is the evidence instead.
 *
 * @example
 * ```ts
 * run: ({ restore }, ctx) => { claim(env, restore.resource); return validate(restore.resource, ctx); },
 * ```
 */
export function claim(env: DrillEnvironment, resource: { readonly id: string; readonly restoreJobId?: string }): void {
  env.guard.allow(resource.id, ...(resource.restoreJobId ? [resource.restoreJobId] : []));
}

/**
 * {@link claim}s a restored resource and hands it back, for use inside an expression.
 *
 * @example
 * ```ts
 * cleanupRestored(source, claimed(env, out.resource), ctx);
 * ```
 */
export function claimed<R extends { readonly id: string; readonly restoreJobId?: string }>(
  env: DrillEnvironment,
  resource: R,
): R {
  claim(env, resource);
  return resource;
}
