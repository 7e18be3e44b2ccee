import { ElastiCacheClient, ModifyReplicationGroupCommand } from '@aws-sdk/client-elasticache';
import { GetParameterCommand, GetParameterHistoryCommand, SSMClient } from '@aws-sdk/client-ssm';
import { reloadHook, ssmParametersStandby } from '@drkit/aws/ssm';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import {
  demoteStandby,
  promoteStandby,
  drError,
  runbook,
  validateRestore,
  type DrContext,
  type DrError,
  type RestoredResource,
  type StandbysPromoted,
} from '@drkit/core';
import { awsSend, memoryLedger } from '@drkit/aws';
import { elasticacheSnapshotSource, type ElastiCacheSnapshotSource } from '@drkit/aws/elasticache';
import { redisDataCheck } from '@drkit/aws/redis';
import { REDIS_LAST_WRITE_KEY, REDIS_SENTINELS, elasticacheService } from '@drkit/testing';
import type { DrillEnvironment } from '../../env/types';
import { defineScenario, type Incident } from '../types';
import { simulationOf } from '../shared/incidents';
import { claimed, orphansExcept } from './support/consistency';
import { restoreCacheStep, type RestoredCache } from './support/cacheRestore';
import { afterNextDailySnapshot } from './support/timeline';
import { explainValidation } from './support/validation';

/** How long after its daily snapshot began the cluster is lost (inside the 15-minute RPO). */
const LOST_AFTER_SNAPSHOT_MS = 10 * 60_000;
/** The daily snapshot policy the restored group takes over (the DR plan: daily, kept 7 days). */
const SNAPSHOT_POLICY = { retentionDays: 7, window: '05:00-06:00' } as const;

/** The lost group, from the incident (or, in a dry run, the config). */
const lostGroupOf = (env: DrillEnvironment, incident?: Incident): string =>
  typeof incident?.facts?.groupId === 'string' ? incident.facts.groupId : env.config.cache.primaryReplicationGroupId;

/**
 * The simulated incident: time runs on until the primary group's next daily snapshot has been
 * taken, and the whole cluster is lost {@link LOST_AFTER_SNAPSHOT_MS} after the snapshot began
 * (every node fails; the group answers nothing). The timeline is the scenario's: with daily
 * snapshots only a loss soon after one can meet the plan's 15-minute RPO by restoring.
 */
function loseCluster(env: DrillEnvironment, ctx: DrContext): ResultAsync<Incident, DrError> {
  return afterNextDailySnapshot(env, LOST_AFTER_SNAPSHOT_MS, ctx).andThen((m) =>
    simulationOf(env, 'losing a replication group').map((sim): Incident => {
      const group = sim.cloud.state(elasticacheService, m.region).group(m.groupId)!;
      group.failedAt = m.at;
      group.failure = 'every node of the replication group failed';
      return {
        at: m.at,
        description: `replication group ${m.groupId} lost (every node failed), ${Math.round((m.at - m.snapshotAt) / 60_000)} min after its daily snapshot ${m.snapshot}`,
        facts: {
          groupId: m.groupId,
          region: m.region,
          snapshot: m.snapshot,
          snapshotAt: new Date(m.snapshotAt).toISOString(),
        },
      };
    }),
  );
}

/** The Redis data check of the DR plan: sentinels intact, enough keys, and data no older than the RPO at the incident. */
// #region data-check
function cacheDataCheck(env: DrillEnvironment, name: string, incidentAt: number, endpoint?: string) {
  return redisDataCheck<RestoredResource>({
    name,
    ...(endpoint ? { endpoint } : {}),
    // The simulation's loopback redis-server speaks plain text; the real group has in-transit encryption.
    ...(env.simulation ? { tls: false } : {}),
    dbSize: { min: 4 },
    sentinels: REDIS_SENTINELS,
    freshness: { key: REDIS_LAST_WRITE_KEY, rpo: env.config.objectives.rpo, dataAsOf: () => incidentAt },
  });
}
// #endregion data-check

/**
 * DR plan §3, "ElastiCache Redis Failure", complete cluster failure: the primary region's
 * replication group is lost. The recovery is the plan's: (a) create a new Redis cluster from the
 * most recent backup — the newest snapshot within the RPO of the incident, restored as a new
 * replication group of the same shape (in-transit encryption on); its data is checked over a
 * real Redis connection (sentinel keys, key count, the application's last-write marker no older
 * than the RPO at the incident); (b) update Parameter Store with the new endpoint, the old
 * version labelled `before-<run>` for a rollback; (c) restart the application — here, the
 * application's start-up path: read the parameter, connect, read the data.
 *
 * What an operator does next is part of it: the restored group is now production, so it gets the
 * daily snapshot policy back, and it stays. The lost group is kept for the post-mortem (drkit
 * never deletes a resource of the estate). If validation fails (a corrupted snapshot), the
 * parameter is not touched and the restored group is deleted — nothing is left behind.
 */
export default defineScenario({
  name: 'redis-failure',
  live: 'the drill will not destroy a production cache; rehearse it on the simulated cloud',
  incident: (env, ctx) => loseCluster(env, ctx),
  runbook: (env, inputs) => {
    const region = env.config.regions.primary;
    const lost = lostGroupOf(env, inputs.incident);
    const ledger = memoryLedger();
    const source: ElastiCacheSnapshotSource = elasticacheSnapshotSource({
      client: env.client(ElastiCacheClient, region),
      replicationGroupId: lost,
      ledger,
      shape: { numCacheClusters: 2, transitEncryption: true },
      expectedRestoreTime: '15m',
    });
    const ssm = env.client(SSMClient, region);
    const parameter = env.config.parameters.redisEndpoint;
    /** Parameter Store, as the application reads it; the replaced version is labelled for a rollback. */
    const parameterStandby = (endpoint: string, runId: string) =>
      ssmParametersStandby({
        client: ssm,
        parameters: { [parameter]: endpoint },
        label: `before-${runId}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 100),
        name: `ssm:${parameter}`,
      });
    /**
     * The application's restart: it starts again, reads the endpoint parameter and connects. On
     * the simulated cloud that start-up path is run for real — read the parameter, reach the
     * restored cache, read its data; live, it would be your restart (an instance refresh…).
     */
    const restartStandby = (subject: RestoredResource, incidentAt: number) =>
      reloadHook({
        name: 'restart-application',
        reload: (ctx) =>
          awsSend(ssm, new GetParameterCommand({ Name: parameter }), { service: 'ssm' }, ctx).andThen((p) => {
            const endpoint = p.Parameter?.Value ?? '';
            return cacheDataCheck(env, 'application-reaches-cache', incidentAt, endpoint)
              .run(subject, ctx)
              .andThen((v) =>
                v.status === 'passed'
                  ? okAsync(`restarted: reads ${parameter} v${p.Parameter?.Version ?? '?'} and reaches the cache`)
                  : errAsync(
                      drError(
                        'ValidationFailed',
                        `after the restart the application cannot use the cache: ${v.detail ?? 'failed'}`,
                      ),
                    ),
              );
          }),
        reloadOnDemote: false,
      });
    return runbook('redis-failure')
      .step(
        restoreCacheStep(env, source, 'restore-from-snapshot', {
          description: `restore ${lost}'s newest snapshot within the RPO as a new replication group`,
          group: lost,
        }),
      )
      .step({
        name: 'validate-data',
        kind: 'validation',
        description: 'sentinel keys, key count and the last-write marker within the RPO, over a real Redis connection',
        plan: () => [{ port: 'Check', target: 'redis-data', operation: 'run', input: {} }],
        run: ({ 'restore-from-snapshot': restored }, ctx) =>
          validateRestore(restored.resource, [cacheDataCheck(env, 'redis-data', ctx.incidentAt)], {}, ctx)
            .mapErr(explainValidation)
            .map((r) => ({
              status: r.status,
              checks: r.verdicts.map((v) => ({ name: v.name, status: v.status, detail: v.detail ?? '' })),
            })),
      })
      .step({
        name: 'repoint-and-restart',
        description: `write the new endpoint to ${parameter} (the previous version labelled), then restart the application`,
        plan: () => [
          { port: 'Standby', target: `ssm:${parameter}`, operation: 'promote', input: {} },
          { port: 'Standby', target: 'restart-application', operation: 'promote', input: {} },
        ],
        run: ({ 'restore-from-snapshot': restored }, ctx) => {
          const endpoint = restored.resource.endpoint;
          if (!endpoint)
            return errAsync<StandbysPromoted, DrError>(
              drError('Conflict', `${restored.resource.id} reports no endpoint`),
            );
          return promoteStandby(
            [parameterStandby(endpoint, ctx.runId), restartStandby(restored.resource, ctx.incidentAt)],
            { step: ctx.step, deadlineAt: ctx.deadlineAt, readinessTimeout: '10m' },
            ctx,
          ).andThen((report) =>
            report.dryRun
              ? errAsync<StandbysPromoted, DrError>(drError('Conflict', 'a dry run changes nothing'))
              : okAsync<StandbysPromoted, DrError>(report),
          );
        },
        // The application must not be left pointing at a cache whose recovery was undone.
        compensate: (promoted, ctx) => {
          const config = promoted.standbys.find((s) => s.name === `ssm:${parameter}`);
          return config
            ? demoteStandby(parameterStandby('unused', ctx.runId), config.previous, ctx)
            : okAsync(undefined);
        },
      })
      .step({
        name: 'adopt-restored-group',
        kind: 'other',
        description: `the restored group is production now: daily snapshots kept ${SNAPSHOT_POLICY.retentionDays} days (${SNAPSHOT_POLICY.window})`,
        plan: () => [
          {
            port: 'elasticache',
            target: 'restored group',
            operation: 'ModifyReplicationGroup',
            input: SNAPSHOT_POLICY,
          },
        ],
        run: ({ 'restore-from-snapshot': restored }, ctx) =>
          awsSend(
            env.client(ElastiCacheClient, region),
            new ModifyReplicationGroupCommand({
              ReplicationGroupId: claimed(env, restored.resource).id,
              SnapshotRetentionLimit: SNAPSHOT_POLICY.retentionDays,
              SnapshotWindow: SNAPSHOT_POLICY.window,
              ApplyImmediately: true,
            }),
            { service: 'elasticache' },
            ctx,
          ).map((out) => ({
            group: restored.resource.id,
            snapshotRetentionLimit: out.ReplicationGroup?.SnapshotRetentionLimit ?? 0,
          })),
      });
  },
  verify: (env, ctx, { incident, report }) => {
    const region = env.config.regions.primary;
    const parameter = env.config.parameters.redisEndpoint;
    const restored = report.outputs['restore-from-snapshot'] as RestoredCache | undefined;
    const recovered = report.status === 'passed' && restored !== undefined;
    const lost = lostGroupOf(env, incident);
    return awsSend(
      env.client(SSMClient, region),
      new GetParameterHistoryCommand({ Name: parameter }),
      { service: 'ssm' },
      ctx,
    ).map((history) => {
      const versions = history.Parameters ?? [];
      const current = versions[versions.length - 1];
      const before = versions.find((v) => v.Labels?.some((l) => l.startsWith('before-')));
      const lostGroup = env.simulation?.cloud.state(elasticacheService, region).group(lost);
      return [
        recovered
          ? {
              name: 'endpoint-parameter-points-to-restored-group',
              passed: current?.Value === restored.resource.endpoint,
              detail: `${parameter} version ${current?.Version ?? '?'} names ${restored.resource.id}${before ? `; version ${before.Version} labelled ${before.Labels?.join(', ')}` : ''}`,
            }
          : {
              name: 'endpoint-parameter-unchanged',
              passed:
                versions.length > 0 &&
                !versions.some((v) => v.Labels?.some((l) => l.startsWith('restored-')) && v === current),
              detail: `${parameter} is at version ${current?.Version ?? '?'}`,
            },
        {
          name: 'lost-group-kept',
          passed: !env.simulation || (lostGroup !== undefined && lostGroup.deleteAt === undefined),
          detail: `${lost} is kept for the post-mortem (drkit deletes nothing of the estate)`,
        },
        orphansExcept(env, recovered ? [restored.resource.id] : []),
      ];
    });
  },
});
