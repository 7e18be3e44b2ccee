import {
  BatchGetDeploymentsCommand,
  CodeDeployClient,
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  ListDeploymentsCommand,
  StopDeploymentCommand,
  type CodeDeployClientConfig,
  type DeploymentInfo,
  type RevisionLocation,
} from '@aws-sdk/client-codedeploy';
import {
  Problems,
  drError,
  invalidInput,
  parseDuration,
  promoteStandby,
  type Demotion,
  type DrContext,
  type DrContextInput,
  type DrError,
  type Duration,
  type Promotion,
  type PromoteStandbyReport,
  type Readiness,
  type Standby,
} from '@drkit/core';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { checkClientOption, resolveClient, type AwsClientOption } from '../shared/clientOptions';
import { awsSend, type AwsCallOptions } from '../shared/send';
import { toEpochMs } from '../shared/time';

/** Options of {@link codeDeployRollbackStandby}. */
export type CodeDeployRollbackOptions = AwsClientOption<CodeDeployClient, CodeDeployClientConfig> &
  AwsCallOptions & {
    readonly applicationName: string;
    readonly deploymentGroupName: string;
    /**
     * The revision to go back to. Default: the newest successfully deployed revision that differs
     * from the one the latest deployment installed.
     */
    readonly knownGoodRevision?: RevisionLocation;
    /** Default `codedeploy:<application>/<group>`. */
    readonly name?: string;
    /** Typical time of a deployment. Default `'10m'`. */
    readonly expectedReady?: Duration;
  };

/** What a CodeDeploy rollback records: the deployment it rolled back and the one that rolls back. */
export type CodeDeployRollbackPrevious = {
  readonly rolledBackDeploymentId?: string;
  readonly rollbackDeploymentId: string;
  /** How: CodeDeploy's own rollback on stop, or a redeploy of the known-good revision. */
  readonly method: 'stop-with-rollback' | 'automatic-rollback' | 'redeploy';
};

const ACTIVE = new Set(['Created', 'Queued', 'InProgress', 'Baking', 'Ready']);

/**
 * Whether two revision locations name the same bundle (S3 bucket/key/version/ETag, GitHub
 * repository and commit, or identical content).
 *
 * @example
 * ```ts
 * sameRevision(deployment.revision, { revisionType: 'S3', s3Location: { bucket: 'b', key: 'app-1.42.0.zip', bundleType: 'zip' } });
 * ```
 */
export function sameRevision(a: RevisionLocation | undefined, b: RevisionLocation | undefined): boolean {
  if (!a || !b || a.revisionType !== b.revisionType) return false;
  if (a.revisionType === 'S3') {
    const x = a.s3Location ?? {};
    const y = b.s3Location ?? {};
    return (
      x.bucket === y.bucket &&
      x.key === y.key &&
      (x.version ?? '') === (y.version ?? '') &&
      (x.eTag ?? '') === (y.eTag ?? '')
    );
  }
  if (a.revisionType === 'GitHub')
    return (
      a.gitHubLocation?.repository === b.gitHubLocation?.repository &&
      a.gitHubLocation?.commitId === b.gitHubLocation?.commitId
    );
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A {@link Standby} that rolls a CodeDeploy deployment group back to its last known-good
 * revision — the DR plan's CI/CD failure scenario — and is ready when that deployment
 * `Succeeded`:
 *
 * - a deployment in progress is stopped with `autoRollbackEnabled` (`StopDeployment`), and
 *   CodeDeploy redeploys the last successful revision; the standby follows that rollback;
 * - a deployment that failed or was stopped (by a CloudWatch alarm, say) and was already rolled
 *   back automatically is followed, changing nothing (`alreadyPromoted`);
 * - otherwise (the bad revision deployed "successfully") the known-good revision — yours, or the
 *   newest successfully deployed one that differs from the current — is redeployed
 *   (`CreateDeployment`).
 *
 * A group that already runs the known-good revision, with nothing in progress, is left alone.
 * `demote` changes nothing — rolling forward again is a new release, not a failback — and says
 * so. {@link rollBackDeployment} runs the whole thing and waits.
 *
 * @example
 * ```ts
 * const rollback = codeDeployRollbackStandby({ client: new CodeDeployClient({ region: 'us-east-1' }), applicationName: 'jobs-api', deploymentGroupName: 'jobs-api-prod' });
 * await promoteStandby(rollback, { step: 'rollback-release', readinessTimeout: '45m' }, ctx);
 * ```
 */
export function codeDeployRollbackStandby(
  options: CodeDeployRollbackOptions,
): Standby & { readonly client: CodeDeployClient } {
  const problems = new Problems();
  checkClientOption(problems, options);
  const o = (typeof options === 'object' && options !== null ? options : {}) as Partial<CodeDeployRollbackOptions>;
  if (typeof o.applicationName !== 'string' || o.applicationName.trim() === '')
    problems.add('applicationName', 'must name the CodeDeploy application');
  if (typeof o.deploymentGroupName !== 'string' || o.deploymentGroupName.trim() === '')
    problems.add('deploymentGroupName', 'must name the deployment group');
  if (
    o.knownGoodRevision !== undefined &&
    (typeof o.knownGoodRevision !== 'object' || !o.knownGoodRevision?.revisionType)
  )
    problems.add('knownGoodRevision', 'must be a revision location with a revisionType');
  let expectedReadyMs = 600_000;
  if (o.expectedReady !== undefined) {
    const e = parseDuration(o.expectedReady, 'expectedReady');
    if (e.isErr()) problems.addAll('', e.error.problems);
    else expectedReadyMs = e.value;
  }
  const name =
    typeof o.name === 'string' && o.name
      ? o.name
      : `codedeploy:${String(o.applicationName ?? '')}/${String(o.deploymentGroupName ?? '')}`;
  if (problems.any) {
    const error = invalidInput(problems.list);
    const fail = () => errAsync(error);
    return { name, client: undefined as unknown as CodeDeployClient, readiness: fail, promote: fail, demote: fail };
  }
  const opts = options;
  const client = resolveClient<CodeDeployClient, CodeDeployClientConfig>(opts, (c) => new CodeDeployClient(c));
  const site = { service: 'codedeploy' };
  const app = opts.applicationName;
  const group = opts.deploymentGroupName;
  const byKey = new Map<string, CodeDeployRollbackPrevious>();
  let tracking: string | undefined;

  const deployment = (id: string, ctx: DrContext): ResultAsync<DeploymentInfo, DrError> =>
    awsSend(client, new GetDeploymentCommand({ deploymentId: id }), site, ctx, opts).andThen((out) =>
      out.deploymentInfo
        ? okAsync(out.deploymentInfo)
        : errAsync(drError('NotFound', `deployment ${id} not found`, { resource: id })),
    );

  /** Successful deployments of the group, newest first. */
  const succeeded = (ctx: DrContext): ResultAsync<DeploymentInfo[], DrError> =>
    awsSend(
      client,
      new ListDeploymentsCommand({
        applicationName: app,
        deploymentGroupName: group,
        includeOnlyStatuses: ['Succeeded'],
      }),
      site,
      ctx,
      opts,
    ).andThen((out) => {
      const ids = (out.deployments ?? []).slice(0, 25);
      if (ids.length === 0) return okAsync([]);
      return awsSend(client, new BatchGetDeploymentsCommand({ deploymentIds: ids }), site, ctx, opts).map((b) =>
        (b.deploymentsInfo ?? []).sort((x, y) => (toEpochMs(y.completeTime) ?? 0) - (toEpochMs(x.completeTime) ?? 0)),
      );
    });

  const redeploy = (revision: RevisionLocation, why: string, ctx: DrContext) =>
    awsSend(
      client,
      new CreateDeploymentCommand({
        applicationName: app,
        deploymentGroupName: group,
        revision,
        description: `drkit rollback to the last known-good revision (${why})`.slice(0, 1000),
      }),
      site,
      ctx,
      opts,
    ).map((out) => out.deploymentId ?? '');

  const remember = (key: string, previous: CodeDeployRollbackPrevious, detail: string, already = false): Promotion => {
    tracking = previous.rollbackDeploymentId;
    byKey.set(key, previous);
    return { previous, detail, ...(already ? { alreadyPromoted: true } : {}) };
  };

  return {
    name,
    client,
    expectedReadyMs,
    promote(promote, ctx): ResultAsync<Promotion, DrError> {
      const known = byKey.get(promote.idempotencyKey);
      if (known) {
        tracking = known.rollbackDeploymentId;
        return okAsync({
          previous: known,
          alreadyPromoted: true,
          detail: `rollback ${known.rollbackDeploymentId} already started`,
        });
      }
      return awsSend(
        client,
        new GetDeploymentGroupCommand({ applicationName: app, deploymentGroupName: group }),
        site,
        ctx,
        opts,
      )
        .andThen((out) => {
          const last = out.deploymentGroupInfo?.lastAttemptedDeployment;
          return last?.deploymentId ? deployment(last.deploymentId, ctx) : okAsync(undefined);
        })
        .andThen((last) => {
          // 1. In progress: stop it and let CodeDeploy roll back to the last successful revision.
          if (last?.deploymentId && ACTIVE.has(last.status ?? '')) {
            const id = last.deploymentId;
            return awsSend(
              client,
              new StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled: true }),
              site,
              ctx,
              opts,
            )
              .andThen(() => deployment(id, ctx))
              .andThen((stopped) => {
                const rb = stopped.rollbackInfo?.rollbackDeploymentId;
                if (rb)
                  return okAsync(
                    remember(
                      promote.idempotencyKey,
                      { rolledBackDeploymentId: id, rollbackDeploymentId: rb, method: 'stop-with-rollback' },
                      `stopped ${id}; CodeDeploy rolls back in ${rb}`,
                    ),
                  );
                return redeployKnownGood(id, ctx);
              });
          }
          // 2. Failed or stopped and already rolled back by CodeDeploy: follow that rollback.
          const rb = last?.rollbackInfo?.rollbackDeploymentId;
          if (last?.deploymentId && rb && (last.status === 'Failed' || last.status === 'Stopped'))
            return okAsync(
              remember(
                promote.idempotencyKey,
                { rolledBackDeploymentId: last.deploymentId, rollbackDeploymentId: rb, method: 'automatic-rollback' },
                `${last.deploymentId} ${String(last.status)}; CodeDeploy already rolls back in ${rb}`,
                true,
              ),
            );
          // 3. CodeDeploy's own rollback (on failure or on alarm) already finished: nothing to do.
          if (last?.deploymentId && last.creator === 'codeDeployRollback' && last.status === 'Succeeded')
            return okAsync(
              remember(
                promote.idempotencyKey,
                {
                  ...(last.rollbackInfo?.rollbackTriggeringDeploymentId
                    ? { rolledBackDeploymentId: last.rollbackInfo.rollbackTriggeringDeploymentId }
                    : {}),
                  rollbackDeploymentId: last.deploymentId,
                  method: 'automatic-rollback',
                },
                `CodeDeploy already rolled back in ${last.deploymentId}`,
                true,
              ),
            );
          return redeployKnownGood(last?.deploymentId, ctx);
        });

      // 4. Redeploy the known-good revision (unless it is what the group runs).
      function redeployKnownGood(badId: string | undefined, c: DrContext): ResultAsync<Promotion, DrError> {
        return succeeded(c).andThen((done) => {
          const current = done[0];
          const target =
            opts.knownGoodRevision ?? done.find((d) => !sameRevision(d.revision, current?.revision))?.revision;
          if (!target)
            return errAsync(
              drError('NotFound', `${name}: no earlier successful revision to roll back to; pass knownGoodRevision`, {
                resource: `${app}/${group}`,
              }),
            );
          if (current?.deploymentId && sameRevision(current.revision, target) && badId === current.deploymentId)
            return okAsync(
              remember(
                promote.idempotencyKey,
                { rollbackDeploymentId: current.deploymentId, method: 'redeploy' },
                `the group already runs the known-good revision (${current.deploymentId})`,
                true,
              ),
            );
          return redeploy(target, badId ? `replacing ${badId}` : 'requested', c).map((id) =>
            remember(
              promote.idempotencyKey,
              { ...(badId ? { rolledBackDeploymentId: badId } : {}), rollbackDeploymentId: id, method: 'redeploy' },
              `redeploying the known-good revision in ${id}`,
            ),
          );
        });
      }
    },
    readiness(ctx): ResultAsync<Readiness, DrError> {
      if (!tracking) return okAsync({ ready: false, detail: 'not promoted yet' });
      const id = tracking;
      return deployment(id, ctx).andThen((d) => {
        const status = d.status ?? 'unknown';
        if (status === 'Failed' || status === 'Stopped')
          return errAsync(
            drError(
              'ProviderError',
              `${name}: rollback deployment ${id} ${status}: ${d.errorInformation?.message ?? ''}`,
              {
                provider: 'aws:codedeploy',
                operation: 'GetDeployment',
                code: d.errorInformation?.code ?? status,
              },
            ),
          );
        const completedAt = toEpochMs(d.completeTime);
        return okAsync({
          ready: status === 'Succeeded',
          detail: `deployment ${id} ${status}`,
          ...(status === 'Succeeded' && completedAt !== undefined ? { readyAt: completedAt } : {}),
        });
      });
    },
    demote(): ResultAsync<Demotion, DrError> {
      return okAsync({
        detail: 'nothing to undo: a rollback is not reverted; ship the fixed release as a new deployment',
      });
    },
  };
}

/** Options of {@link rollBackDeployment}. */
export type RollBackDeploymentOptions = CodeDeployRollbackOptions & {
  /** Names this rollback within the run. Default `'codedeploy-rollback'`. */
  readonly step?: string;
  /** How long to wait for the rollback deployment. Default `'1h'`. */
  readonly timeout?: Duration;
};

/**
 * Rolls a deployment group back to its last known-good revision and waits until that
 * deployment succeeded: {@link codeDeployRollbackStandby} run by `promoteStandby`.
 *
 * @example
 * ```ts
 * const rolledBack = await rollBackDeployment(
 *   { client: codedeploy, applicationName: 'jobs-api', deploymentGroupName: 'jobs-api-prod', timeout: '45m' },
 *   ctx,
 * );
 * ```
 */
export function rollBackDeployment(
  options: RollBackDeploymentOptions,
  ctx?: DrContextInput,
): ResultAsync<PromoteStandbyReport, DrError> {
  const standby = codeDeployRollbackStandby(options);
  return promoteStandby(
    standby,
    {
      step: options?.step ?? 'codedeploy-rollback',
      ...(options?.timeout !== undefined ? { readinessTimeout: options.timeout } : { readinessTimeout: '1h' }),
      minPollInterval: '10s',
      maxPollInterval: '1m',
    },
    ctx,
  );
}
