import { describe, expect, it } from 'vitest';
import {
  GetParameterCommand,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
  SSMServiceException,
} from '@aws-sdk/client-ssm';
import { createSimulatedCloud } from '../../src/aws/SimulatedCloud';

describe('simulated transport', () => {
  it('answers commands sent through a real SSMClient, on virtual time', async () => {
    // Prepare
    const cloud = createSimulatedCloud();
    const ssm = cloud.client(SSMClient);
    const t0 = cloud.clock.now();

    // Act
    const put = await ssm.send(new PutParameterCommand({ Name: '/jobs/endpoint', Value: 'https://a', Type: 'String' }));
    const got = await ssm.send(new GetParameterCommand({ Name: '/jobs/endpoint' }));

    // Assess
    expect(put.Version).toBe(1);
    expect(got.Parameter?.Value).toBe('https://a');
    expect(got.$metadata.httpStatusCode).toBe(200);
    expect(got.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(cloud.clock.now() - t0).toBe(60);
    expect(cloud.recorder.calls({ service: 'ssm' }).map((c) => c.operation)).toEqual(['PutParameter', 'GetParameter']);
  });

  it('throws the SDK exception class of the service error', async () => {
    const cloud = createSimulatedCloud();
    const ssm = cloud.client(SSMClient);

    const error = await ssm.send(new GetParameterCommand({ Name: '/missing' })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ParameterNotFound);
    expect(error).toBeInstanceOf(SSMServiceException);
    expect((error as ParameterNotFound).$metadata.httpStatusCode).toBe(400);
  });

  it('retries throttling with the SDK back-off charged to virtual time', async () => {
    const cloud = createSimulatedCloud();
    const ssm = cloud.client(SSMClient, { maxAttempts: 4 });
    await ssm.send(new PutParameterCommand({ Name: '/a', Value: 'v', Type: 'String' }));
    cloud.inject('error:ssm:GetParameter:ThrottlingException:3');
    const t0 = cloud.clock.now();

    const got = await ssm.send(new GetParameterCommand({ Name: '/a' }));

    expect(got.$metadata.attempts).toBe(4);
    const elapsed = cloud.clock.now() - t0;
    // Four attempts of 30 ms each, plus the SDK's throttling back-off: full jitter on 1 s · 2^retry.
    expect(elapsed - 4 * 30).toBe(got.$metadata.totalRetryDelay);
    expect(got.$metadata.totalRetryDelay).toBeGreaterThan(0);
    expect(got.$metadata.totalRetryDelay).toBeLessThanOrEqual(1000 + 2000 + 4000);
    expect(cloud.recorder.calls({ operation: 'GetParameter' }).map((c) => c.error ?? 'ok')).toEqual([
      'ThrottlingException',
      'ThrottlingException',
      'ThrottlingException',
      'ok',
    ]);
  });
});
