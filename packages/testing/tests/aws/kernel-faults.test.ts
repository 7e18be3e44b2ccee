import { describe, expect, it } from 'vitest';
import {
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  PutParameterCommand,
  SSMClient,
  SSMServiceException,
} from '@aws-sdk/client-ssm';
import { REDACTED } from '@drkit/core';
import { createSimulatedCloud } from '../../src/aws/SimulatedCloud';
import { ssmService } from '../../src/aws/ssm';
import { defineSimService } from '../../src/aws/kernel/SimService';
import type { ParameterStore } from '../../src/aws/ssm';

async function seeded(options: Parameters<typeof createSimulatedCloud>[0] = {}) {
  const cloud = createSimulatedCloud({ services: [ssmService], ...options });
  const ssm = cloud.client(SSMClient);
  await ssm.send(new PutParameterCommand({ Name: '/p', Value: 'v', Type: 'String' }));
  return { cloud, ssm };
}

function failure(p: Promise<unknown>): Promise<Error & { $metadata?: { attempts?: number; httpStatusCode?: number } }> {
  return p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e as Error,
  );
}

describe('model validation through the SDK', () => {
  it('rejects every constraint a request breaks, before the handler runs', async () => {
    const { cloud, ssm } = await seeded();

    const error = await failure(
      ssm.send(
        new PutParameterCommand({ Name: '', Value: 'x', Type: 'Bogus' as 'String', Tier: 'Gold' as 'Standard' }),
      ),
    );

    expect(error.name).toBe('ValidationException');
    expect(error).toBeInstanceOf(SSMServiceException);
    expect(error.message).toMatch(/^3 validation errors detected: /);
    expect(error.message).toContain(
      "at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(error.message).toContain(
      "Value 'Bogus' at 'type' failed to satisfy constraint: Member must satisfy enum value set",
    );
    expect(error.$metadata?.attempts).toBe(1);
    expect(cloud.state(ssmService).parameters.has('')).toBe(false);
  });

  it('checks numeric ranges and required members', async () => {
    const { ssm } = await seeded();

    const range = await failure(ssm.send(new GetParameterHistoryCommand({ Name: '/p', MaxResults: 51 })));
    const required = await failure(ssm.send(new GetParameterCommand({} as { Name: string })));

    expect(range.message).toContain('Member must have value less than or equal to 50');
    expect(required.message).toContain("Value null at 'name' failed to satisfy constraint: Member must not be null");
  });

  it('fails loudly when a handler answers outside the output model', async () => {
    const broken = defineSimService<ParameterStore>({
      ...ssmService,
      handlers: {
        ...ssmService.handlers,
        GetParameter: () => ({ Parameter: { Name: '/p', Type: 'Gold', Surprise: true } }),
      },
    });
    const cloud = createSimulatedCloud({ services: [broken] });
    const ssm = cloud.client(SSMClient);

    const error = await failure(ssm.send(new GetParameterCommand({ Name: '/p' })));

    expect(error.name).toBe('SimulationConformanceError');
    expect(error.message).toContain("Value 'Gold' at 'parameter.type'");
    expect(error.message).toContain('Surprise');
    expect(cloud.recorder.calls({ operation: 'GetParameter' })).toHaveLength(1);
  });

  it('answers operations the simulation does not implement as NotImplemented, without retrying', async () => {
    const { ssm } = await seeded();

    const error = await failure(ssm.send(new DescribeParametersCommand({})));

    expect(error.name).toBe('NotImplemented');
    expect(error.$metadata?.attempts).toBe(1);
  });
});

describe('faults and quotas through the SDK retry strategy', () => {
  it('gives up after the SDK maximum attempts when every call is throttled', async () => {
    const { cloud, ssm } = await seeded();
    cloud.inject('throttle:ssm:1');

    const error = await failure(ssm.send(new GetParameterCommand({ Name: '/p' })));

    expect(error.name).toBe('ThrottlingException');
    expect(error.$metadata?.attempts).toBe(3);
    expect(cloud.recorder.calls({ operation: 'GetParameter', outcome: 'error' })).toHaveLength(3);
  });

  it('retries an injected server error and succeeds', async () => {
    const { cloud, ssm } = await seeded();
    cloud.inject('error:ssm:GetParameter:InternalServerError:1');

    const got = await ssm.send(new GetParameterCommand({ Name: '/p' }));

    expect(got.Parameter?.Value).toBe('v');
    expect(got.$metadata.attempts).toBe(2);
    expect(cloud.recorder.calls({ operation: 'GetParameter' }).map((c) => c.error ?? 'ok')).toEqual([
      'InternalServerError',
      'ok',
    ]);
  });

  it('makes a dark region time out while the other region answers', async () => {
    const { cloud, ssm } = await seeded();
    const west = cloud.client(SSMClient, { region: 'us-west-2' });
    await west.send(new PutParameterCommand({ Name: '/p', Value: 'west', Type: 'String' }));
    cloud.inject('region-outage:us-east-1');
    const t0 = cloud.clock.now();

    const error = await failure(ssm.send(new GetParameterCommand({ Name: '/p' })));
    const elapsed = cloud.clock.now() - t0;
    const fromWest = await west.send(new GetParameterCommand({ Name: '/p' }));

    expect(error.name).toBe('TimeoutError');
    expect(error.$metadata?.attempts).toBe(3);
    expect(elapsed).toBeGreaterThanOrEqual(3 * 5000);
    expect(fromWest.Parameter?.Value).toBe('west');
  });

  it('throttles past the account quota and lets the SDK retry into the refilled bucket', async () => {
    const { cloud, ssm } = await seeded();

    const results = await Promise.all(
      Array.from({ length: 60 }, () => ssm.send(new GetParameterCommand({ Name: '/p' }))),
    );

    const throttled = cloud.recorder.calls({ operation: 'GetParameter', outcome: 'error' });
    expect(results.every((r) => r.Parameter?.Value === 'v')).toBe(true);
    expect(throttled.length).toBeGreaterThanOrEqual(20 - 1);
    expect(new Set(throttled.map((c) => c.error))).toEqual(new Set(['ThrottlingException']));
  });

  it('scales call latency with a latency fault', async () => {
    const { cloud, ssm } = await seeded();
    cloud.inject('latency:ssm:x4');
    const t0 = cloud.clock.now();

    await ssm.send(new GetParameterCommand({ Name: '/p' }));

    expect(cloud.clock.now() - t0).toBe(120);
  });
});

describe('clients', () => {
  it('attaches the simulation to a client the caller built', async () => {
    const cloud = createSimulatedCloud({ services: [ssmService] });
    const ssm = cloud.attach(
      new SSMClient({ region: 'us-west-2' }), // no credentials: the simulation supplies its own
    );

    await ssm.send(new PutParameterCommand({ Name: '/mine', Value: 'x', Type: 'String' }));

    expect(cloud.state(ssmService, 'us-west-2').parameters.has('/mine')).toBe(true);
    expect(cloud.recorder.calls({ region: 'us-west-2' })).toHaveLength(1);
  });

  it('refuses a client the simulation does not know', () => {
    const cloud = createSimulatedCloud({ services: [] });

    expect(() => cloud.client(SSMClient)).toThrow(/no service for SSMClient/);
  });

  it('records inputs with secrets redacted', async () => {
    const { cloud } = await seeded();

    const [put] = cloud.recorder.calls({ operation: 'PutParameter' });

    expect(put?.input).toEqual({ Name: '/p', Value: REDACTED, Type: 'String' });
  });
});
