import { ResultAsync, errAsync } from 'neverthrow';
import { drError, toDrError, type DrContext, type DrError } from '@drkit/core';
import { elasticacheService } from '@drkit/testing';
import type { DrillEnvironment } from '../../../env/types';
import { simulationOf } from '../../shared/incidents';

/** A daily snapshot the incident is timed after. */
export interface SnapshotMoment {
  readonly groupId: string;
  readonly region: string;
  readonly snapshot: string;
  /** When the snapshot began (its data is as of then), ms epoch. */
  readonly snapshotAt: number;
  /** The incident time: `snapshotAt + afterMs`, and never before the snapshot is available. */
  readonly at: number;
}

/**
 * Lets simulated time run until the primary cache group's next automatic daily snapshot is
 * available, then until `afterMs` after it began, and says when that is. Incidents that a
 * snapshot restore must recover within the 15-minute RPO are timed this way: with daily
 * snapshots, only a failure soon after one can be.
 *
 * @example
 * ```ts
 * const moment = await afterNextDailySnapshot(env, 10 * 60_000, ctx); // the cluster is lost at moment.at
 * ```
 */
export function afterNextDailySnapshot(
  env: DrillEnvironment,
  afterMs: number,
  ctx: DrContext,
): ResultAsync<SnapshotMoment, DrError> {
  const region = env.config.regions.primary;
  const groupId = env.config.cache.primaryReplicationGroupId;
  return simulationOf(env, 'timing an incident after a snapshot').andThen((sim) => {
    const ec = sim.cloud.state(elasticacheService, region);
    if (!ec.group(groupId)) return errAsync(drError('NotFound', `no replication group ${groupId} in ${region}`));
    const from = ctx.clock.now();
    const wait = async (): Promise<SnapshotMoment> => {
      for (let waited = 0; waited <= 26 * 3_600_000; waited += 5 * 60_000) {
        const now = ctx.clock.now();
        const snapshot = ec
          .snapshots({ groupId, source: 'automated' })
          .filter((s) => s.startedAt >= from - afterMs && ec.snapshotStatus(s, now) === 'available')
          .sort((a, b) => b.startedAt - a.startedAt)[0];
        if (snapshot) {
          const at = Math.max(now, snapshot.startedAt + afterMs);
          if (at > now) await ctx.clock.sleep(at - now);
          return { groupId, region, snapshot: snapshot.name, snapshotAt: snapshot.startedAt, at };
        }
        await ctx.clock.sleep(5 * 60_000);
      }
      throw drError('Timeout', `${groupId} took no automatic snapshot within 26 hours`);
    };
    return ResultAsync.fromPromise(wait(), (e) =>
      toDrError(e, { provider: 'simulation', operation: 'wait for a snapshot' }),
    );
  });
}
