import { describe, expect, it } from 'vitest';
import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersCommand,
  HierarchyTypeMismatchException,
  LabelParameterVersionCommand,
  ParameterAlreadyExists,
  ParameterMaxVersionLimitExceeded,
  ParameterNotFound,
  ParameterVersionLabelLimitExceeded,
  ParameterVersionNotFound,
  PutParameterCommand,
  SSMClient,
  paginateGetParameterHistory,
} from '@aws-sdk/client-ssm';
import { createSimulatedCloud } from '../../src/aws/SimulatedCloud';
import { ssmService } from '../../src/aws/ssm';

function setup() {
  const cloud = createSimulatedCloud();
  const ssm = cloud.client(SSMClient, { region: 'us-east-1' });
  const put = (
    Name: string,
    Value: string,
    extra: Partial<ConstructorParameters<typeof PutParameterCommand>[0]> = {},
  ) => ssm.send(new PutParameterCommand({ Name, Value, Type: 'String', ...extra }));
  const fail = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (e: unknown) => e as Error,
    );
  return { cloud, ssm, put, fail };
}

describe('simulated SSM Parameter Store', () => {
  it('creates versions on overwrite and refuses to overwrite without the flag', async () => {
    const { ssm, put, fail } = setup();

    await put('/jobs/endpoint', 'https://a');
    const second = await put('/jobs/endpoint', 'https://b', { Overwrite: true, Type: undefined });
    const refused = await fail(put('/jobs/endpoint', 'https://c'));
    const got = await ssm.send(new GetParameterCommand({ Name: '/jobs/endpoint' }));

    expect(second.Version).toBe(2);
    expect(refused).toBeInstanceOf(ParameterAlreadyExists);
    expect(got.Parameter).toMatchObject({ Name: '/jobs/endpoint', Value: 'https://b', Version: 2, Type: 'String' });
    expect(got.Parameter?.ARN).toBe('arn:aws:ssm:us-east-1:123456789012:parameter/jobs/endpoint');
    expect(got.Parameter?.LastModifiedDate).toBeInstanceOf(Date);
  });

  it('keeps each Region separate', async () => {
    const { cloud, put } = setup();
    const west = cloud.client(SSMClient, { region: 'us-west-2' });

    await put('/jobs/endpoint', 'east');
    const error = await west.send(new GetParameterCommand({ Name: '/jobs/endpoint' })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ParameterNotFound);
  });

  it('resolves name:version and name:label selectors', async () => {
    const { ssm, put, fail } = setup();
    await put('/db/host', 'one');
    await put('/db/host', 'two', { Overwrite: true });
    await ssm.send(new LabelParameterVersionCommand({ Name: '/db/host', ParameterVersion: 1, Labels: ['stable'] }));

    const byVersion = await ssm.send(new GetParameterCommand({ Name: '/db/host:2' }));
    const byLabel = await ssm.send(new GetParameterCommand({ Name: '/db/host:stable' }));
    const missing = await fail(ssm.send(new GetParameterCommand({ Name: '/db/host:7' })));

    expect(byVersion.Parameter).toMatchObject({ Value: 'two', Version: 2, Selector: ':2', Name: '/db/host' });
    expect(byLabel.Parameter).toMatchObject({ Value: 'one', Version: 1, Selector: ':stable' });
    expect(missing).toBeInstanceOf(ParameterVersionNotFound);
  });

  it('moves a label between versions and reports labels that break the naming rules', async () => {
    const { ssm, put } = setup();
    await put('/app/mode', 'a');
    await put('/app/mode', 'b', { Overwrite: true });

    await ssm.send(new LabelParameterVersionCommand({ Name: '/app/mode', ParameterVersion: 1, Labels: ['live'] }));
    const moved = await ssm.send(
      new LabelParameterVersionCommand({ Name: '/app/mode', Labels: ['live', '1st', 'awsy', 'ok.label'] }),
    );
    const history = await ssm.send(new GetParameterHistoryCommand({ Name: '/app/mode' }));

    expect(moved.ParameterVersion).toBe(2);
    expect(moved.InvalidLabels).toEqual(['1st', 'awsy']);
    expect(history.Parameters?.map((p) => p.Labels)).toEqual([[], ['live', 'ok.label']]);
  });

  it('allows at most ten labels on a version', async () => {
    const { ssm, put, fail } = setup();
    await put('/app/many', 'x');
    const ten = Array.from({ length: 10 }, (_, i) => `l${i}`);
    await ssm.send(new LabelParameterVersionCommand({ Name: '/app/many', Labels: ten }));

    const error = await fail(ssm.send(new LabelParameterVersionCommand({ Name: '/app/many', Labels: ['eleventh'] })));

    expect(error).toBeInstanceOf(ParameterVersionLabelLimitExceeded);
  });

  it('drops the oldest version past 100, unless it carries a label', async () => {
    const { ssm, put, fail } = setup();
    for (let i = 1; i <= 100; i++) await put('/v', `value-${i}`, { Overwrite: true });
    await put('/v', 'value-101', { Overwrite: true });
    const dropped = await fail(ssm.send(new GetParameterCommand({ Name: '/v:1' })));
    await ssm.send(new LabelParameterVersionCommand({ Name: '/v', ParameterVersion: 2, Labels: ['keep'] }));

    const refused = await fail(put('/v', 'value-102', { Overwrite: true }));

    expect(dropped).toBeInstanceOf(ParameterVersionNotFound);
    expect(refused).toBeInstanceOf(ParameterMaxVersionLimitExceeded);
    expect((await ssm.send(new GetParameterCommand({ Name: '/v' }))).Parameter?.Version).toBe(101);
  });

  it('pages GetParameterHistory with the SDK paginator', async () => {
    const { ssm, put } = setup();
    for (let i = 1; i <= 7; i++) await put('/paged', `v${i}`, { Overwrite: true });

    const versions: number[] = [];
    let pages = 0;
    for await (const page of paginateGetParameterHistory({ client: ssm, pageSize: 3 }, { Name: '/paged' })) {
      pages++;
      versions.push(...(page.Parameters ?? []).map((p) => p.Version!));
    }

    expect(pages).toBe(3);
    expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('hides SecureString values unless decryption is asked for, and never records them', async () => {
    const { cloud, ssm, put } = setup();
    await put('/db/password', 'hunter2', { Type: 'SecureString' });

    const hidden = await ssm.send(new GetParameterCommand({ Name: '/db/password' }));
    const shown = await ssm.send(new GetParameterCommand({ Name: '/db/password', WithDecryption: true }));

    expect(hidden.Parameter?.Value).not.toContain('hunter2');
    expect(shown.Parameter?.Value).toBe('hunter2');
    expect(JSON.stringify(cloud.recorder.toJSON())).not.toContain('hunter2');
  });

  it('refuses to change a parameter type', async () => {
    const { put, fail } = setup();
    await put('/t', 'a');

    const error = await fail(put('/t', 'b', { Overwrite: true, Type: 'SecureString' }));

    expect(error).toBeInstanceOf(HierarchyTypeMismatchException);
  });

  it('answers GetParameters with found and invalid names', async () => {
    const { ssm, put } = setup();
    await put('/a', '1');
    await put('/b', '2');

    const got = await ssm.send(new GetParametersCommand({ Names: ['/a', '/missing', '/b:1', '/b:9'] }));

    expect(got.Parameters?.map((p) => [p.Name, p.Value])).toEqual([
      ['/a', '1'],
      ['/b', '2'],
    ]);
    expect(got.InvalidParameters).toEqual(['/missing', '/b:9']);
  });

  it('deletes a parameter with all its versions', async () => {
    const { cloud, ssm, put, fail } = setup();
    await put('/gone', '1');

    await ssm.send(new DeleteParameterCommand({ Name: '/gone' }));
    const again = await fail(ssm.send(new DeleteParameterCommand({ Name: '/gone' })));

    expect(again).toBeInstanceOf(ParameterNotFound);
    expect(cloud.state(ssmService, 'us-east-1').parameters.has('/gone')).toBe(false);
  });

  it('rejects names the service rejects', async () => {
    const { put, fail } = setup();

    const errors = await Promise.all([
      fail(put('/aws/reserved', 'x')),
      fail(put('no/leading/slash', 'x')),
      fail(put('/has space/x', 'x')),
      fail(put('/bad#char', 'x')),
    ]);

    expect(errors.map((e) => e.name)).toEqual([
      'ValidationException',
      'ValidationException',
      'ValidationException',
      'ParameterPatternMismatchException',
    ]);
  });

  it('can be seeded by a topology', async () => {
    const cloud = createSimulatedCloud({
      topology: (c) =>
        c
          .state(ssmService, 'us-west-2')
          .put({ Name: '/jobs/active', Value: 'us-east-1', Type: 'String' }, c.clock.now()),
    });
    const ssm = cloud.client(SSMClient, { region: 'us-west-2' });

    const got = await ssm.send(new GetParameterCommand({ Name: '/jobs/active' }));

    expect(got.Parameter?.Value).toBe('us-east-1');
  });
});
