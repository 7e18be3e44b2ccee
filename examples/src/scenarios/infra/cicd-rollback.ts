import { CodeDeployClient, CreateDeploymentCommand, type RevisionLocation } from '@aws-sdk/client-codedeploy';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { runbook, toDrError, waitFor } from '@drkit/core';
import { awsSend } from '@drkit/aws';
import { httpHealthCheck } from '@drkit/aws/checks';
import { codeDeployRollbackStandby } from '@drkit/aws/codedeploy';
import { codedeployService } from '@drkit/testing';
import type { DrillEnvironment } from '../../env/types';
import { defineScenario } from '../types';
import { simulationOf } from '../shared/incidents';
import { promoteStep } from '../shared/standbys';
import { capacityCheck } from '../shared/estate';
import { call, tierChecks, validateTier } from '../shared/web';
import { primaryErrorRateGate } from './failback';

/** The release that goes wrong: a new bundle next to the known-good one. */
function badRevision(env: DrillEnvironment): RevisionLocation {
  return {
    revisionType: 'S3',
    s3Location: {
      bucket: `${env.config.deploy.applicationName}-artifacts-${env.config.accountId}`,
      key: `releases/${env.config.deploy.applicationName}-1.43.0.zip`,
      bundleType: 'zip',
      eTag: '5eed1430bad05eed1430bad05eed1430',
    },
  };
}

/** Reads the version the application reports through the primary load balancer. */
function servedVersion(env: DrillEnvironment): ResultAsync<string, ReturnType<typeof toDrError>> {
  return ResultAsync.fromPromise(
    fetch(env.config.web.primary.healthUrl).then((r) => r.json() as Promise<{ version?: string }>),
    (e) => toDrError(e, { provider: 'http', operation: `GET ${env.config.web.primary.healthUrl}` }),
  ).map((b) => b.version ?? 'unknown');
}

/**
 * DR plan §7, "CI/CD Pipeline Failure": a release that passes every deployment hook but answers
 * a share of requests with 5xx goes out to the primary deployment group. The runbook detects the
 * raised error rate (CloudWatch `GetMetricData` on the load balancer's 5xx rate), rolls the group
 * back to the last known-good revision with CodeDeploy — stopping the bad deployment with
 * rollback if it is still running, following CodeDeploy's own automatic rollback if the alarm
 * already triggered one, or redeploying the known-good revision — and validates that the error
 * rate is back to baseline and the application reports the known-good version again.
 *
 * Simulated only: the drill does not ship a broken release to a live account.
 */
export default defineScenario({
  name: 'cicd-rollback',
  live: 'the drill does not deploy a broken release to a live account',
  incident: (env, ctx) => {
    const c = env.config;
    const revision = badRevision(env);
    return simulationOf(env, 'cicd-rollback').andThen((sim) =>
      servedVersion(env).andThen((goodVersion) => {
        const state = sim.cloud.state(codedeployService, c.regions.primary);
        state.markRevisionBad(c.deploy.applicationName, revision, { failsDeployment: false, errorRate: 0.35 });
        const at = ctx.clock.now();
        return awsSend(
          env.client(CodeDeployClient, c.regions.primary),
          new CreateDeploymentCommand({
            applicationName: c.deploy.applicationName,
            deploymentGroupName: c.deploy.deploymentGroups.primary,
            revision,
            description: 'Release 1.43.0',
          }),
          { service: 'codedeploy' },
          ctx,
        ).andThen((out) =>
          out.deploymentId
            ? okAsync({
                at,
                description: `bad release ${revision.s3Location?.key ?? ''} deployed (${out.deploymentId})`,
                facts: { deploymentId: out.deploymentId, goodVersion },
              })
            : errAsync(
                toDrError(new Error('CreateDeployment returned no id'), {
                  provider: 'codedeploy',
                  operation: 'CreateDeployment',
                }),
              ),
        );
      }),
    );
  },
  // #region runbook
  runbook: (env, { incident }) => {
    const c = env.config;
    const errorRate = primaryErrorRateGate(env);
    const goodVersion = incident?.facts?.goodVersion as string | undefined;
    const rollback = codeDeployRollbackStandby({
      client: env.client(CodeDeployClient, c.regions.primary),
      applicationName: c.deploy.applicationName,
      deploymentGroupName: c.deploy.deploymentGroups.primary,
    });
    const versionCheck = httpHealthCheck({
      name: 'known-good-version',
      url: c.web.primary.healthUrl,
      body: (text) => {
        const version = (JSON.parse(text) as { version?: string }).version;
        return goodVersion === undefined || version === goodVersion || `serves ${version ?? '?'}, not ${goodVersion}`;
      },
    });
    return runbook('cicd-rollback')
      .step({
        name: 'detect',
        kind: 'other',
        description: `wait for the primary load balancer's 5xx rate to exceed 1 % (GetMetricData)`,
        timeout: '30m',
        plan: () => [call('Check', errorRate.name, 'run (poll)')],
        run: (_in, ctx) =>
          waitFor(
            () =>
              errorRate
                .run(undefined, ctx)
                .map((v) =>
                  v.status === 'failed'
                    ? { done: true as const, value: v.detail ?? 'error rate above 1 %' }
                    : { done: false as const, progress: v.detail ?? v.status },
                ),
            { what: 'a raised error rate', deadlineAt: ctx.deadlineAt, minInterval: '30s', maxInterval: '1m' },
            ctx,
          ).map((w) => {
            const detectedAt = ctx.clock.now();
            ctx.progress(w.value);
            return {
              detectedAt,
              symptom: w.value,
              operations: [{ name: 'error rate rises', startedAt: ctx.incidentAt, readyAt: detectedAt }],
            };
          }),
      })
      .step(
        promoteStep('roll-back', [[rollback]], {
          readinessTimeout: '45m',
          description: `roll ${c.deploy.deploymentGroups.primary} back to the last known-good revision (CodeDeploy)`,
        }),
      )
      .step(
        validateTier(env, 'validate', 'primary', [...tierChecks(env, 'primary'), errorRate, versionCheck], {
          timeout: '20m',
        }),
      );
  },
  // #endregion runbook
  verify: (env, ctx, { incident }) =>
    capacityCheck(env, 'primary', env.config.web.primary.capacity, ctx).andThen((capacity) =>
      servedVersion(env)
        .map((v) => ({
          name: 'known-good-version-served',
          passed: v === incident.facts?.goodVersion,
          detail: `the application reports ${v} (known good: ${String(incident.facts?.goodVersion)})`,
        }))
        .orElse((e) => okAsync({ name: 'known-good-version-served', passed: false, detail: e.message }))
        .map((version) => [capacity, version]),
    ),
});
