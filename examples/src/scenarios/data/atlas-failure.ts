import { GetParameterCommand, GetParameterHistoryCommand, SSMClient } from '@aws-sdk/client-ssm';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import {
  drError,
  promoteStandby,
  runbook,
  validateRestore,
  type DrContext,
  type DrError,
  type StandbysPromoted,
} from '@drkit/core';
import { awsSend } from '@drkit/aws';
import { reloadHook, ssmParametersStandby } from '@drkit/aws/ssm';
import { clusterStateCheck, primaryRegionCheck, regionPriorityStandby, type AtlasClient } from '@drkit/atlas';
import { atlasDataChecks } from '@drkit/atlas/data';
import type { DrillConfig } from '../../env/config';
import type { DrillEnvironment } from '../../env/types';
import { defineScenario } from '../types';
import { injectIncident } from '../shared/incidents';
import { atlasClientOf, connectionHost, connectionStringFor, lazyDataReader } from './support/atlas';
import { markerUpToCheck, sentinelManifest } from './support/atlasChecks';
import { explainValidation } from './support/validation';

/** The Atlas part of the config, or an error naming what is missing. */
function atlasOf(env: DrillEnvironment): ResultAsync<NonNullable<DrillConfig['atlas']>, DrError> {
  const a = env.config.atlas;
  return a
    ? okAsync<NonNullable<DrillConfig['atlas']>, DrError>(a)
    : errAsync<NonNullable<DrillConfig['atlas']>, DrError>(
        drError('InvalidInput', 'the drill config names no Atlas cluster', {
          problems: [{ path: 'atlas', message: 'is required' }],
        }),
      );
}

/** The SRV connection string (no credentials) Atlas gives the cluster now. */
function srvOf(client: AtlasClient, cluster: string, ctx: DrContext): ResultAsync<string, DrError> {
  return client.getCluster(cluster, ctx).andThen((c) => {
    const srv = c.connectionStrings?.standardSrv;
    return srv ? okAsync(srv) : errAsync(drError('Conflict', `Atlas reports no SRV connection string for ${cluster}`));
  });
}

/**
 * DR plan §4, "MongoDB Atlas Failure", regional outage: the cluster's primary region goes dark.
 * The plan asks Atlas support for a cross-region failover; the drill does what that failover
 * is — it makes the DR region the cluster's preferred region (election priorities, one PATCH,
 * waited until `APPLIED` and `IDLE`) — then updates the connection-string parameter (a
 * SecureString: read, rewritten and written without ever being logged; the replaced version
 * labelled) and restarts the application, and validates the cluster: `IDLE`, DR region
 * preferred and holding the primary, sentinel data intact, and no write lost up to the incident
 * (the last point-in-time marker before it is there — the RPO measured from it).
 *
 * The promotion is not undone if a later step fails: with the primary region dark, the DR
 * region is the only safe preference. Failing back is a separate, planned change.
 */
export default defineScenario({
  name: 'atlas-failure',
  live: "rehearse it on the simulated cloud; live, use Atlas's regional outage simulation in a maintenance window",
  incident: (env) =>
    atlasOf(env).andThen((a) =>
      // An Atlas-only outage: the fault is scoped to the atlas service, so the AWS region stays up.
      injectIncident(env, `region-outage:${a.regionNames.primary.toLowerCase().replace(/_/g, '-')}:atlas`, {
        cluster: a.clusterName,
        region: a.regionNames.primary,
      }),
    ),
  runbook: (env) => {
    const atlas = env.config.atlas;
    const cluster = atlas?.clusterName ?? 'unknown-cluster';
    const drRegion = atlas?.regionNames.dr ?? 'unknown-region';
    const region = env.config.regions.primary;
    const ssm = env.client(SSMClient, region);
    const parameter = env.config.parameters.mongodbUri;
    const reader = lazyDataReader(env, cluster);
    return runbook('atlas-failure')
      .step({
        name: 'promote-dr-region',
        description: `make ${drRegion} the preferred region of ${cluster}; wait until APPLIED and IDLE`,
        plan: () => [
          {
            port: 'Standby',
            target: `atlas:${cluster}:${drRegion}`,
            operation: 'promote',
            input: { region: drRegion },
          },
        ],
        run: (_in, ctx) =>
          // #region promote
          atlasClientOf(env)
            .andThen((client) =>
              promoteStandby(
                regionPriorityStandby({ client, clusterName: cluster, region: drRegion }),
                { step: ctx.step, deadlineAt: ctx.deadlineAt, readinessTimeout: '30m', maxPollInterval: '30s' },
                ctx,
              ),
            )
            // #endregion promote
            .andThen((r) =>
              r.dryRun
                ? errAsync<StandbysPromoted, DrError>(drError('Conflict', 'a dry run changes nothing'))
                : okAsync(r),
            ),
      })
      .step({
        name: 'update-connection-string',
        description: `point ${parameter} (SecureString) at the promoted cluster, previous version labelled; restart the application`,
        plan: () => [
          { port: 'Standby', target: `ssm:${parameter}`, operation: 'promote', input: {} },
          { port: 'Standby', target: 'restart-application', operation: 'promote', input: {} },
        ],
        run: (_in, ctx) =>
          atlasClientOf(env).andThen((client) =>
            promoteStandby(
              [
                ssmParametersStandby({
                  client: ssm,
                  name: `ssm:${parameter}`,
                  label: `before-${ctx.runId}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 100),
                  // Computed at promotion: the current value's credentials, the cluster's host. Never logged.
                  parameters: {
                    [parameter]: (c) =>
                      awsSend(
                        ssm,
                        new GetParameterCommand({ Name: parameter, WithDecryption: true }),
                        { service: 'ssm' },
                        c,
                      ).andThen((p) =>
                        srvOf(client, cluster, c).map((srv) => connectionStringFor(p.Parameter?.Value ?? srv, srv)),
                      ),
                  },
                }),
                reloadHook({
                  name: 'restart-application',
                  // The application's start-up: read the connection string and reach the cluster it names.
                  reload: (c) =>
                    awsSend(
                      ssm,
                      new GetParameterCommand({ Name: parameter, WithDecryption: true }),
                      { service: 'ssm' },
                      c,
                    ).andThen((p) =>
                      srvOf(client, cluster, c).andThen((srv) =>
                        connectionHost(p.Parameter?.Value ?? '') === connectionHost(srv)
                          ? okAsync(`restarted: connects to ${connectionHost(srv)}`)
                          : errAsync(
                              drError(
                                'ValidationFailed',
                                `after the restart the connection string does not name ${cluster}`,
                              ),
                            ),
                      ),
                    ),
                  reloadOnDemote: false,
                }),
              ],
              { step: ctx.step, deadlineAt: ctx.deadlineAt, readinessTimeout: '10m' },
              ctx,
            ).andThen((r) =>
              r.dryRun
                ? errAsync<StandbysPromoted, DrError>(drError('Conflict', 'a dry run changes nothing'))
                : okAsync(r),
            ),
          ),
      })
      .step({
        name: 'validate',
        kind: 'validation',
        description: `cluster IDLE, ${drRegion} preferred and primary, sentinels intact, no write lost up to the incident`,
        plan: () => [{ port: 'Check', target: cluster, operation: 'cluster state, primary region, data', input: {} }],
        run: (_in, ctx) =>
          atlasClientOf(env).andThen((client) => {
            const noLoss = markerUpToCheck<{ id: string }>(reader, { at: ctx.incidentAt });
            return validateRestore(
              { id: cluster },
              [
                clusterStateCheck({ client }),
                primaryRegionCheck({ client, region: drRegion, primary: reader }),
                ...atlasDataChecks<{ id: string }>({ reader, manifest: sentinelManifest(ctx.clock.now()) }),
                noLoss,
              ],
              {},
              ctx,
            )
              .mapErr(explainValidation)
              .map((report) => {
                const marker = report.verdicts.find((v) => v.name === noLoss.name)?.evidence?.lastMarker;
                return {
                  status: report.status,
                  checks: report.verdicts.map((v) => ({ name: v.name, status: v.status, detail: v.detail ?? '' })),
                  // The newest write the promoted cluster holds from before the incident: the RPO's reference.
                  ...(typeof marker === 'string' ? { dataAsOf: Date.parse(marker) } : {}),
                };
              });
          }),
      });
  },
  verify: (env, ctx) => {
    const atlas = env.config.atlas;
    const parameter = env.config.parameters.mongodbUri;
    if (!atlas) return okAsync([]);
    return atlasClientOf(env).andThen((client) =>
      client.getCluster(atlas.clusterName, ctx).andThen((c) =>
        awsSend(
          env.client(SSMClient, env.config.regions.primary),
          new GetParameterHistoryCommand({ Name: parameter }),
          { service: 'ssm' },
          ctx,
        ).map((history) => {
          const versions = history.Parameters ?? [];
          const labelled = versions.find((v) => v.Labels?.some((l) => l.startsWith('before-')));
          const preferred = c.replicationSpecs?.[0]?.regionConfigs
            ?.slice()
            .sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0))[0]?.regionName;
          return [
            {
              name: 'atlas-prefers-dr-region',
              passed: preferred === atlas.regionNames.dr,
              detail: `${atlas.clusterName} prefers ${preferred ?? 'no region'}`,
            },
            {
              name: 'connection-string-versioned',
              passed:
                versions.length >= 2 && labelled !== undefined && versions.every((v) => v.Type === 'SecureString'),
              detail: `${parameter}: ${versions.length} version(s), SecureString kept; previous ${labelled ? `version ${labelled.Version} labelled ${labelled.Labels?.join(', ')}` : 'not labelled'}`,
            },
          ];
        }),
      ),
    );
  },
});
