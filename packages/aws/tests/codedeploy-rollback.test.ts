import { afterEach, describe, expect, it } from 'vitest';
import {
  CodeDeployClient,
  CreateDeploymentCommand,
  GetDeploymentCommand,
  type RevisionLocation,
} from '@aws-sdk/client-codedeploy';
import { resolveContext, silentLogger } from '@drkit/core';
import {
  codedeployService,
  createSimulatedCloud,
  seedTopology,
  stopElastiCacheRedis,
  type SimulatedCloud,
} from '@drkit/testing';
import { rollBackDeployment } from '../src/codedeploy/index';

const topology = seedTopology();
const EAST = topology.regions.primary;
const { deploy } = topology;
const BAD: RevisionLocation = {
  revisionType: 'S3',
  s3Location: {
    bucket: deploy.knownGoodRevision.s3Location!.bucket!,
    key: 'releases/jobs-api-1.43.0.zip',
    bundleType: 'zip',
  },
};

const clouds: SimulatedCloud[] = [];
afterEach(async () => {
  await Promise.all(clouds.splice(0).map((c) => stopElastiCacheRedis(c.world)));
});

function setup() {
  const cloud = createSimulatedCloud({ seed: 4, start: '2026-11-22T03:00:00Z', topology });
  clouds.push(cloud);
  const client = cloud.client(CodeDeployClient, { region: EAST });
  const ctx = resolveContext({ clock: cloud.clock, logger: silentLogger, runId: 'cicd-incident', random: () => 0.5 });
  const state = cloud.state(codedeployService, EAST);
  const group = () => state.group(deploy.applicationName, deploy.primaryDeploymentGroupName)!;
  const release = async () =>
    (
      await client.send(
        new CreateDeploymentCommand({
          applicationName: deploy.applicationName,
          deploymentGroupName: deploy.primaryDeploymentGroupName,
          revision: BAD,
        }),
      )
    ).deploymentId!;
  return { cloud, client, ctx, state, group, release };
}

const options = (client: CodeDeployClient) => ({
  client,
  applicationName: deploy.applicationName,
  deploymentGroupName: deploy.primaryDeploymentGroupName,
});

describe('rollBackDeployment (CodeDeploy)', () => {
  it('redeploys the last known-good revision after a bad release went out, and waits for success', async () => {
    // Prepare: 1.43.0 deploys fine but fails 3 % of requests, under the 5 % alarm
    const { cloud, client, ctx, state, group, release } = setup();
    state.markRevisionBad(deploy.applicationName, BAD, { failsDeployment: false, errorRate: 0.03 });
    await release();
    await cloud.clock.advance(30 * 60_000);
    expect(state.currentRevision(group(), cloud.clock.now())?.s3Location?.key).toBe(BAD.s3Location!.key);

    // Act
    const rolledBack = await rollBackDeployment(options(client), ctx);

    // Assess
    if (rolledBack.isErr()) throw new Error(rolledBack.error.message);
    const report = rolledBack.value;
    if (report.dryRun) throw new Error('not a dry run');
    expect(report.standbys[0]?.detail).toMatch(/redeploying the known-good revision/);
    expect(state.currentRevision(group(), cloud.clock.now())).toEqual(deploy.knownGoodRevision);
    expect(cloud.recorder.calls({ operation: 'CreateDeployment' })).toHaveLength(2);
  });

  it('stops a release in progress with automatic rollback and follows CodeDeploy’s rollback', async () => {
    // Prepare
    const { cloud, client, ctx, state, group, release } = setup();
    const id = await release();
    await cloud.clock.advance(60_000);

    // Act
    const rolledBack = await rollBackDeployment(options(client), ctx);

    // Assess
    if (rolledBack.isErr()) throw new Error(rolledBack.error.message);
    const report = rolledBack.value;
    if (report.dryRun) throw new Error('not a dry run');
    const previous = report.previous[report.standbys[0]!.name];
    expect(previous).toMatchObject({ rolledBackDeploymentId: id, method: 'stop-with-rollback' });
    const stopped = await client.send(new GetDeploymentCommand({ deploymentId: id }));
    expect(stopped.deploymentInfo?.status).toBe('Stopped');
    expect(state.currentRevision(group(), cloud.clock.now())).toEqual(deploy.knownGoodRevision);
    expect(cloud.recorder.calls({ operation: 'StopDeployment' })).toHaveLength(1);
  });

  it('follows the rollback CodeDeploy made when the 5xx alarm stopped the release', async () => {
    // Prepare: 1.43.0 answers 35 % of requests with 5xx; the group's alarm stops it
    const { cloud, client, ctx, state, group, release } = setup();
    state.markRevisionBad(deploy.applicationName, BAD, { failsDeployment: false, errorRate: 0.35 });
    const id = await release();
    await cloud.clock.advance(30 * 60_000);

    // Act
    const rolledBack = await rollBackDeployment(options(client), ctx);

    // Assess
    if (rolledBack.isErr()) throw new Error(rolledBack.error.message);
    const report = rolledBack.value;
    if (report.dryRun) throw new Error('not a dry run');
    expect(report.standbys[0]).toMatchObject({ alreadyPromoted: true });
    expect(report.previous[report.standbys[0]!.name]).toMatchObject({ method: 'automatic-rollback' });
    expect((await client.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo?.status).toBe('Stopped');
    expect(state.currentRevision(group(), cloud.clock.now())).toEqual(deploy.knownGoodRevision);
    expect(cloud.recorder.calls({ operation: /CreateDeployment|StopDeployment/ })).toHaveLength(1); // the release only
  });

  it('changes nothing when the group already runs the known-good revision', async () => {
    const { cloud, client, ctx } = setup();

    const rolledBack = await rollBackDeployment(
      { ...options(client), knownGoodRevision: deploy.knownGoodRevision as RevisionLocation },
      ctx,
    );

    if (rolledBack.isErr()) throw new Error(rolledBack.error.message);
    const report = rolledBack.value;
    if (report.dryRun) throw new Error('not a dry run');
    expect(report.standbys[0]?.alreadyPromoted).toBe(true);
    expect(cloud.recorder.calls({ operation: /CreateDeployment|StopDeployment/ })).toHaveLength(0);
  });

  it('is InvalidInput before any call', async () => {
    const { cloud, client, ctx } = setup();

    const rolledBack = await rollBackDeployment({ client, applicationName: '', deploymentGroupName: '' }, ctx);

    const e = rolledBack._unsafeUnwrapErr();
    expect(e.kind).toBe('InvalidInput');
    expect(cloud.recorder.calls()).toHaveLength(0);
  });
});
