import { describe, expect, it } from 'vitest';
import { GetParameterCommand, GetParameterHistoryCommand, SSMClient } from '@aws-sdk/client-ssm';
import { demoteStandby, promoteStandby, resolveContext, silentLogger } from '@drkit/core';
import { createSimulatedCloud, ssmService } from '@drkit/testing';
import { okAsync } from 'neverthrow';
import { reloadHook, ssmParametersStandby } from '../src/ssm/index';

const REGION = 'us-west-2';
const REDIS = '/jobs-api/redis/endpoint';
const ACTIVE = '/jobs-api/active-region';

function setup() {
  const cloud = createSimulatedCloud({ seed: 5, start: '2026-11-22T03:00:00Z' });
  const store = cloud.state(ssmService, REGION);
  const now = cloud.clock.now();
  store.put({ Name: REDIS, Value: 'jobs-api-redis.use1.cache.amazonaws.com:6379', Type: 'String' }, now);
  store.put({ Name: ACTIVE, Value: 'us-east-1', Type: 'String', AllowedPattern: '^[a-z]{2}-[a-z]+-\\d$' }, now);
  const client = cloud.client(SSMClient, { region: REGION });
  const ctx = resolveContext({ clock: cloud.clock, logger: silentLogger, runId: 'redis-failure' });
  const value = async (name: string) => (await client.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
  return { cloud, store, client, ctx, value };
}

describe('ssmParametersStandby', () => {
  it('fails back to the labelled version even after later versions were written', async () => {
    // Prepare
    const { store, client, ctx, value, cloud } = setup();
    const config = ssmParametersStandby({
      client,
      parameters: { [REDIS]: 'jobs-api-redis-restored.usw2.cache.amazonaws.com:6379' },
    });
    const promoted = (await promoteStandby(config, { step: 'repoint-redis' }, ctx))._unsafeUnwrap();
    if (promoted.dryRun) throw new Error('not a dry run');
    // Someone tweaks it during the incident.
    store.put(
      { Name: REDIS, Value: 'jobs-api-redis-restored.usw2.cache.amazonaws.com:6380', Overwrite: true },
      cloud.clock.now(),
    );

    // Act
    const demoted = await demoteStandby(config, promoted.previous[config.name]!, ctx);

    // Assess
    expect(demoted.isOk()).toBe(true);
    expect(await value(REDIS)).toBe('jobs-api-redis.use1.cache.amazonaws.com:6379');
    const history = await client.send(new GetParameterHistoryCommand({ Name: REDIS }));
    expect(history.Parameters?.map((p) => [p.Version, p.Labels ?? []])).toEqual([
      [1, ['drkit-failback']],
      [2, []],
      [3, []],
      [4, []],
    ]);
  });

  it('refuses, before changing anything, a parameter at 100 versions whose oldest is labelled', async () => {
    // Prepare: 100 versions, the oldest labelled by a release process
    const { store, client, ctx, value, cloud } = setup();
    for (let i = 2; i <= 100; i++)
      store.put({ Name: REDIS, Value: `redis-${i}:6379`, Overwrite: true }, cloud.clock.now());
    store.label(REDIS, 1, ['release-2026-01']);
    const config = ssmParametersStandby({ client, parameters: { [ACTIVE]: 'us-west-2', [REDIS]: 'redis-dr:6379' } });

    // Act
    const promoted = await promoteStandby(config, { step: 'repoint' }, ctx);

    // Assess
    const e = promoted._unsafeUnwrapErr();
    expect(e.kind).toBe('Conflict');
    expect(e.message).toMatch(/100 versions and its oldest \(1\) is labelled release-2026-01/);
    expect(cloud.recorder.calls({ operation: /PutParameter|LabelParameterVersion/ })).toHaveLength(0);
    expect(await value(ACTIVE)).toBe('us-east-1');
  });

  it('puts back what it changed when a later parameter is refused', async () => {
    // Prepare: the active-region parameter only accepts region names
    const { client, ctx, value } = setup();
    const config = ssmParametersStandby({ client, parameters: { [REDIS]: 'redis-dr:6379', [ACTIVE]: 'DR!' } });

    // Act
    const promoted = await promoteStandby(config, { step: 'repoint' }, ctx);

    // Assess
    expect(promoted._unsafeUnwrapErr()).toMatchObject({
      kind: 'ProviderError',
      code: 'ParameterPatternMismatchException',
    });
    expect(await value(REDIS)).toBe('jobs-api-redis.use1.cache.amazonaws.com:6379');
    expect(await value(ACTIVE)).toBe('us-east-1');
  });

  it('computes a value at promotion time, and the reload hook runs after it', async () => {
    const { client, ctx, value } = setup();
    const reloaded: string[] = [];
    const config = ssmParametersStandby({
      client,
      parameters: { [REDIS]: () => okAsync('computed.usw2.cache.amazonaws.com:6379') },
    });
    const restart = reloadHook({
      name: 'instance-refresh',
      reload: () => {
        reloaded.push('refresh');
        return okAsync('instance refresh started');
      },
    });

    const promoted = (await promoteStandby([config, restart], { step: 'repoint' }, ctx))._unsafeUnwrap();

    if (promoted.dryRun) throw new Error('not a dry run');
    expect(await value(REDIS)).toBe('computed.usw2.cache.amazonaws.com:6379');
    expect(reloaded).toEqual(['refresh']);
    expect(promoted.standbys.find((s) => s.name === 'instance-refresh')?.detail).toBe('instance refresh started');
  });
});
