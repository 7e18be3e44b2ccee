import { ElastiCacheClient, ModifyReplicationGroupCommand } from '@aws-sdk/client-elasticache';
import { GetParameterCommand, GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import {
  cleanupRestored,
  demoteStandby,
  drError,
  promoteStandby,
  restorePoint,
  runbook,
  sleep,
  validateRestore,
  type DrContext,
  type DrError,
  type RestoredResource,
  type StandbysPromoted,
} from '@drkit/core';
import { awsSend, memoryLedger } from '@drkit/aws';
import { elasticacheSnapshotSource } from '@drkit/aws/elasticache';
import { redisDataCheck } from '@drkit/aws/redis';
import { reloadHook, ssmParametersStandby } from '@drkit/aws/ssm';
import { cloudBackupSource, clusterStateCheck, memoryRestoreLedger, type AtlasClient } from '@drkit/atlas';
import { atlasDataChecks, captureDataManifest, type DataManifest } from '@drkit/atlas/data';
import { ATLAS_APP_DATABASE, REDIS_LAST_WRITE_KEY, REDIS_SENTINELS, elasticacheService } from '@drkit/testing';
import { defineScenario, type ConsistencyCheck, type Incident } from '../types';
import { atlasClientOf, connectionHost, connectionStringFor, dataReaderOf, lazyDataReader } from './support/atlas';
import { atlasOrphansExcept, claimed, orphansExcept } from './support/consistency';
import { afterNextDailySnapshot } from './support/timeline';
import { explainValidation } from './support/validation';
import { restoreCacheStep } from './support/cacheRestore';

/** When the corruption begins, after the cache's daily snapshot began (inside the 15-minute RPO). */
const CORRUPTION_AFTER_SNAPSHOT_MS = 12 * 60_000;
/** How far before the corruption the point-in-time restore aims: the last clean second. */
const BEFORE_CORRUPTION_MS = 1_000;
/** The daily snapshot policy the restored cache takes over (the DR plan: daily, kept 7 days). */
const SNAPSHOT_POLICY = { retentionDays: 7, window: '05:00-06:00' } as const;

/** What the incident records (plain JSON, journalled): when it began and what the data was just before. */
interface CorruptionFacts {
  readonly corruptedAt: number;
  /** The data manifest of the database one second before the corruption (counts, indexes, sample hashes). */
  readonly manifest: DataManifest;
  readonly snapshot: string;
  readonly [key: string]: unknown;
}

/** What a restore step hands on. */
interface Restored {
  readonly resource: RestoredResource;
  readonly dataAsOf: number;
  readonly operations: readonly { readonly name: string; readonly startedAt: number; readonly readyAt: number }[];
}

const factsOf = (incident?: Incident): CorruptionFacts | undefined => incident?.facts as CorruptionFacts | undefined;

/**
 * DR plan §6, "Accidental Data Deletion or Corruption": at time T a faulty release starts
 * rewriting documents and cache entries. The recovery is the plan's: an Atlas point-in-time
 * restore to the last clean second before T, into a new cluster, validated against what the
 * data was (collections, exact counts, indexes and document hashes recorded one second before T,
 * and the point-in-time canaries: the last marker before T present, none after it); the Redis
 * cache restored from the newest snapshot taken before T (sentinels, freshness within the RPO
 * of T). Then the application is pointed at both — the connection string (a SecureString,
 * never logged) and the cache endpoint, previous versions labelled — and restarted. The
 * corrupted cluster and cache are kept for the investigation; the restored ones are production
 * now (the cache gets its daily snapshots back). RPO is measured against T.
 *
 * The simulated timeline puts T 12 minutes after the cache's daily snapshot (the emulator does
 * not model the bad writes themselves: the data checks judge the restores, which is what the
 * drill rehearses). A corrupted restore (`corrupt:restore`) fails validation, nothing is
 * repointed, and both restored copies are deleted.
 */
export default defineScenario({
  name: 'data-corruption',
  live: 'the drill will not corrupt production data; rehearse it on the simulated cloud',
  incident: (env, ctx) => {
    const atlas = env.config.atlas;
    if (!atlas) return errAsync(drError('Conflict', 'the drill config names no Atlas cluster'));
    return afterNextDailySnapshot(env, CORRUPTION_AFTER_SNAPSHOT_MS - BEFORE_CORRUPTION_MS, ctx).andThen((m) =>
      // Atlas restores to whole seconds: the last clean moment is one.
      sleep(1000 - (ctx.clock.now() % 1000), ctx)
        .andThen(() => dataReaderOf(env, atlas.clusterName))
        // What the data was, one second before it went bad: the restore must bring back exactly this.
        .andThen((reader) => captureDataManifest(reader, { database: ATLAS_APP_DATABASE, sampleSize: 5 }, ctx))
        .andThen((manifest) =>
          sleep(BEFORE_CORRUPTION_MS, ctx).map((): Incident => ({
            at: ctx.clock.now(),
            description: `a faulty release corrupts ${atlas.clusterName} and ${m.groupId} from ${new Date(ctx.clock.now()).toISOString()} (${Math.round((ctx.clock.now() - m.snapshotAt) / 60_000)} min after the cache's daily snapshot)`,
            facts: { corruptedAt: ctx.clock.now(), manifest, snapshot: m.snapshot } satisfies CorruptionFacts,
          })),
        ),
    );
  },
  runbook: (env, inputs) => {
    const facts = factsOf(inputs.incident);
    const corruptedAt = facts?.corruptedAt ?? 0;
    const cleanAt = corruptedAt - BEFORE_CORRUPTION_MS;
    const atlas = env.config.atlas;
    const cluster = atlas?.clusterName ?? 'unknown-cluster';
    const region = env.config.regions.primary;
    const cacheGroup = env.config.cache.primaryReplicationGroupId;
    const ssm = env.client(SSMClient, region);
    const { mongodbUri, redisEndpoint } = env.config.parameters;
    const atlasLedger = memoryRestoreLedger();
    const atlasSource = (client: AtlasClient) =>
      cloudBackupSource({
        client,
        clusterName: cluster,
        pointInTime: { restoreWindowDays: 7 },
        expectedRestoreTime: { pointInTime: '35m' },
        ledger: atlasLedger,
      });
    const cacheSource = elasticacheSnapshotSource({
      client: env.client(ElastiCacheClient, region),
      replicationGroupId: cacheGroup,
      ledger: memoryLedger(),
      shape: { numCacheClusters: 2, transitEncryption: true },
      expectedRestoreTime: '15m',
    });
    const redisCheck = (name: string, endpoint?: string) =>
      redisDataCheck<RestoredResource>({
        name,
        ...(endpoint ? { endpoint } : {}),
        // The simulation's loopback redis-server speaks plain text; the real group has in-transit encryption.
        ...(env.simulation ? { tls: false } : {}),
        dbSize: { min: 4 },
        sentinels: REDIS_SENTINELS,
        freshness: { key: REDIS_LAST_WRITE_KEY, rpo: env.config.objectives.rpo, dataAsOf: () => corruptedAt },
      });
    const configStandby = (runId: string, client: AtlasClient, restoredCluster: string, cacheEndpoint: string) =>
      ssmParametersStandby({
        client: ssm,
        name: 'ssm:data-endpoints',
        label: `before-${runId}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 100),
        parameters: {
          [redisEndpoint]: cacheEndpoint,
          // The current credentials, the restored cluster's host. Computed in Parameter Store's company, never logged.
          [mongodbUri]: (c) =>
            awsSend(
              ssm,
              new GetParameterCommand({ Name: mongodbUri, WithDecryption: true }),
              { service: 'ssm' },
              c,
            ).andThen((p) =>
              srvOf(client, restoredCluster, c).map((srv) => connectionStringFor(p.Parameter?.Value ?? srv, srv)),
            ),
        },
      });

    return runbook('data-corruption')
      .parallel((p) =>
        p
          .step({
            name: 'restore-atlas-before-corruption',
            description: `point-in-time restore of ${cluster} to ${new Date(cleanAt).toISOString()} into a new cluster`,
            timeout: '55m',
            plan: () => [
              {
                port: 'RecoveryPointSource',
                target: `atlas:${cluster}`,
                operation: 'startRestore',
                input: { pointInTime: 'T - 1s' },
              },
            ],
            run: (_in, ctx) =>
              atlasClientOf(env).andThen((client) =>
                restorePoint(
                  atlasSource(client),
                  {
                    step: ctx.step,
                    strategy: { pointInTime: { at: cleanAt } },
                    incidentAt: corruptedAt,
                    deadlineAt: ctx.deadlineAt,
                    timeout: '55m',
                  },
                  ctx,
                ).andThen((r) =>
                  r.dryRun
                    ? errAsync<Restored, DrError>(drError('Conflict', 'a dry run restores nothing'))
                    : okAsync<Restored, DrError>({
                        resource: r.resource,
                        dataAsOf: r.point.createdAt,
                        operations: [
                          {
                            name: `atlas restore into ${r.resource.id}`,
                            startedAt: r.timings.startedAt,
                            readyAt: r.timings.completedAt,
                          },
                        ],
                      }),
                ),
              ),
            compensate: (out, ctx) =>
              atlasClientOf(env).andThen((client) => cleanupRestored(atlasSource(client), out.resource, ctx)),
            abandon: (_in, ctx) =>
              atlasClientOf(env).andThen((client) => atlasSource(client).cleanupCreatedClusters(ctx)),
          })
          .step(
            restoreCacheStep(env, cacheSource, 'restore-cache-before-corruption', {
              description: `restore ${cacheGroup}'s newest snapshot taken before the corruption as a new replication group`,
              group: cacheGroup,
              before: corruptedAt,
            }),
          ),
      )
      .parallel((p) =>
        p
          .step({
            name: 'validate-atlas',
            kind: 'validation',
            description:
              'collections, exact counts, indexes and document hashes as just before T; canaries: last before T present, none after',
            plan: () => [{ port: 'Check', target: 'restored cluster', operation: 'cluster state and data', input: {} }],
            run: ({ 'restore-atlas-before-corruption': restored }, ctx) =>
              atlasClientOf(env).andThen((client) => {
                const reader = lazyDataReader(env, restored.resource.id);
                return validateRestore(
                  restored.resource,
                  [
                    clusterStateCheck({ client }),
                    // #region pit-checks
                    ...atlasDataChecks<RestoredResource>({
                      reader,
                      manifest: facts!.manifest,
                      canary: { collection: 'canaries', field: 'writtenAt', at: cleanAt, interval: '1m' },
                    }),
                    // #endregion pit-checks
                  ],
                  {},
                  ctx,
                )
                  .mapErr(explainValidation)
                  .map((r) => ({
                    status: r.status,
                    checks: r.verdicts.map((v) => ({ name: v.name, status: v.status, detail: v.detail ?? '' })),
                  }));
              }),
          })
          .step({
            name: 'validate-cache',
            kind: 'validation',
            description:
              'sentinel keys, key count and the last-write marker within the RPO of T, over a real Redis connection',
            plan: () => [{ port: 'Check', target: 'redis-data', operation: 'run', input: {} }],
            run: ({ 'restore-cache-before-corruption': restored }, ctx) =>
              validateRestore(restored.resource, [redisCheck('redis-data')], {}, ctx)
                .mapErr(explainValidation)
                .map((r) => ({
                  status: r.status,
                  checks: r.verdicts.map((v) => ({ name: v.name, status: v.status, detail: v.detail ?? '' })),
                })),
          }),
      )
      .step({
        name: 'repoint-and-restart',
        description: `point ${mongodbUri} and ${redisEndpoint} at the restored copies (previous versions labelled); restart the application`,
        plan: () => [
          { port: 'Standby', target: 'ssm:data-endpoints', operation: 'promote', input: {} },
          { port: 'Standby', target: 'restart-application', operation: 'promote', input: {} },
        ],
        run: ({ 'restore-atlas-before-corruption': db, 'restore-cache-before-corruption': cache }, ctx) =>
          atlasClientOf(env).andThen((client) => {
            const endpoint = cache.resource.endpoint;
            if (!endpoint)
              return errAsync<StandbysPromoted, DrError>(
                drError('Conflict', `${cache.resource.id} reports no endpoint`),
              );
            return promoteStandby(
              [
                configStandby(ctx.runId, client, db.resource.id, endpoint),
                reloadHook({
                  name: 'restart-application',
                  // The application's start-up: read both parameters, reach both restored copies.
                  reload: (c) =>
                    awsSend(
                      ssm,
                      new GetParametersCommand({ Names: [mongodbUri, redisEndpoint], WithDecryption: true }),
                      { service: 'ssm' },
                      c,
                    ).andThen((out) => {
                      const value = (n: string) => out.Parameters?.find((x) => x.Name === n)?.Value ?? '';
                      return srvOf(client, db.resource.id, c).andThen((srv) =>
                        connectionHost(value(mongodbUri)) !== connectionHost(srv)
                          ? errAsync(
                              drError(
                                'ValidationFailed',
                                `after the restart the connection string does not name ${db.resource.id}`,
                              ),
                            )
                          : redisCheck('application-reaches-cache', value(redisEndpoint))
                              .run(cache.resource, c)
                              .andThen((v) =>
                                v.status === 'passed'
                                  ? okAsync(`restarted: connects to ${connectionHost(srv)} and ${cache.resource.id}`)
                                  : errAsync(
                                      drError(
                                        'ValidationFailed',
                                        `after the restart the application cannot use the cache: ${v.detail ?? 'failed'}`,
                                      ),
                                    ),
                              ),
                      );
                    }),
                  reloadOnDemote: false,
                }),
              ],
              { step: ctx.step, deadlineAt: ctx.deadlineAt, readinessTimeout: '10m' },
              ctx,
            ).andThen((r) =>
              r.dryRun
                ? errAsync<StandbysPromoted, DrError>(drError('Conflict', 'a dry run changes nothing'))
                : okAsync(r),
            );
          }),
        compensate: (promoted, ctx) => {
          const config = promoted.standbys.find((s) => s.name === 'ssm:data-endpoints');
          return config
            ? atlasClientOf(env).andThen((client) =>
                demoteStandby(configStandby(ctx.runId, client, 'unused', 'unused'), config.previous, ctx),
              )
            : okAsync(undefined);
        },
      })
      .step({
        name: 'adopt-restored-cache',
        kind: 'other',
        description: `the restored cache is production now: daily snapshots kept ${SNAPSHOT_POLICY.retentionDays} days`,
        plan: () => [
          {
            port: 'elasticache',
            target: 'restored group',
            operation: 'ModifyReplicationGroup',
            input: SNAPSHOT_POLICY,
          },
        ],
        run: ({ 'restore-cache-before-corruption': cache }, ctx) =>
          awsSend(
            env.client(ElastiCacheClient, region),
            new ModifyReplicationGroupCommand({
              ReplicationGroupId: claimed(env, cache.resource).id,
              SnapshotRetentionLimit: SNAPSHOT_POLICY.retentionDays,
              SnapshotWindow: SNAPSHOT_POLICY.window,
              ApplyImmediately: true,
            }),
            { service: 'elasticache' },
            ctx,
          ).map(() => ({ group: cache.resource.id })),
      });
  },
  verify: (env, ctx, { report }) => {
    const db = report.outputs['restore-atlas-before-corruption'] as Restored | undefined;
    const cache = report.outputs['restore-cache-before-corruption'] as Restored | undefined;
    const recovered = report.status === 'passed' && db !== undefined && cache !== undefined;
    const checks: ConsistencyCheck[] = [orphansExcept(env, recovered ? [cache.resource.id] : [])];
    const sim = env.simulation;
    if (!sim) return okAsync(checks);
    return atlasOrphansExcept(env, recovered ? [db.resource.id] : []).map((atlasCheck) => {
      const ec = sim.cloud.state(elasticacheService, env.config.regions.primary);
      const original = ec.group(env.config.cache.primaryReplicationGroupId);
      return [
        ...checks,
        atlasCheck,
        {
          name: 'corrupted-originals-kept',
          passed: original !== undefined && original.deleteAt === undefined,
          detail: `${env.config.atlas?.clusterName ?? '?'} and ${env.config.cache.primaryReplicationGroupId} are kept for the investigation`,
        },
      ];
    });
  },
});

/** The SRV connection string (no credentials) Atlas gives a cluster. */
function srvOf(client: AtlasClient, cluster: string, ctx: DrContext): ResultAsync<string, DrError> {
  return client.getCluster(cluster, ctx).andThen((c) => {
    const srv = c.connectionStrings?.standardSrv;
    return srv ? okAsync(srv) : errAsync(drError('Conflict', `Atlas reports no SRV connection string for ${cluster}`));
  });
}
