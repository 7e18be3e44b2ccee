import { describe, expect, it } from 'vitest';
import {
  BackupClient,
  ListBackupVaultsCommand,
  DescribeBackupVaultCommand,
  type BackupClientConfig,
} from '@aws-sdk/client-backup';
import { RateLimiterRegistry, resolveContext, silentLogger } from '@drkit/core';
import { createSimulatedCloud } from '@drkit/testing';
import {
  awsErrorToDrError,
  awsSend,
  checkClientOption,
  checkOwnership,
  ownershipTags,
  resolveClient,
  toTagList,
  type AwsClientOption,
} from '../src/index';
import { Problems } from '@drkit/core';

const ctxOf = (cloud: ReturnType<typeof createSimulatedCloud>) =>
  resolveContext({ clock: cloud.clock, logger: silentLogger, runId: 'run-1', random: () => 0.5 });

describe('awsSend', () => {
  it('returns the typed output of a command sent through a real SDK client', async () => {
    // Prepare
    const cloud = createSimulatedCloud();
    const backup = cloud.client(BackupClient, { region: 'us-west-2' });
    await backup.send(new (await import('@aws-sdk/client-backup')).CreateBackupVaultCommand({ BackupVaultName: 'dr' }));
    // Act
    const out = await awsSend(backup, new ListBackupVaultsCommand({}), { service: 'backup' }, ctxOf(cloud));
    // Assess
    expect(out._unsafeUnwrap().BackupVaultList?.map((v) => v.BackupVaultName)).toEqual(['dr']);
  });

  it('maps a missing vault to NotFound naming the service and operation', async () => {
    const cloud = createSimulatedCloud();
    const backup = cloud.client(BackupClient, { region: 'us-east-1' });
    const out = await awsSend(
      backup,
      new DescribeBackupVaultCommand({ BackupVaultName: 'nope' }),
      { service: 'backup' },
      ctxOf(cloud),
    );
    const e = out._unsafeUnwrapErr();
    expect(e.kind).toBe('NotFound');
    expect(e.message).toContain('backup DescribeBackupVault (us-east-1)');
  });

  it('absorbs a throttling storm with SDK retries, drkit retries and the shared rate limiter', async () => {
    // Prepare
    const cloud = createSimulatedCloud({ seed: 3 });
    cloud.inject('throttle:backup:0.5')._unsafeUnwrap();
    const backup = cloud.client(BackupClient, { region: 'us-east-1' });
    const limits = new RateLimiterRegistry({ ratePerSecond: 5, burst: 5 });
    // Act
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        awsSend(backup, new ListBackupVaultsCommand({}), { service: 'backup' }, ctxOf(cloud), { rateLimits: limits }),
      ),
    );
    // Assess
    expect(results.filter((r) => r.isErr())).toEqual([]);
    const calls = cloud.recorder.calls({ operation: 'ListBackupVaults' });
    expect(calls.length).toBeGreaterThan(30); // some were throttled and retried
  });

  it('reports the primary region going dark as Unavailable after bounded retries', async () => {
    const cloud = createSimulatedCloud();
    cloud.inject('region-outage:us-east-1')._unsafeUnwrap();
    const backup = cloud.client(BackupClient, { region: 'us-east-1', maxAttempts: 1 });
    const out = await awsSend(backup, new ListBackupVaultsCommand({}), { service: 'backup' }, ctxOf(cloud), {
      retry: { maxAttempts: 2 },
    });
    const e = out._unsafeUnwrapErr();
    expect(e.kind).toBe('Unavailable');
    expect(e.retryable).toBe(true);
  });
});

describe('awsErrorToDrError', () => {
  const site = { service: 'route53', operation: 'ChangeResourceRecordSets' };
  it.each([
    [{ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }, 'Throttled', true],
    [{ name: 'Throttling', $metadata: { httpStatusCode: 400 } }, 'Throttled', true],
    [{ name: 'PriorRequestNotComplete', $metadata: { httpStatusCode: 400 } }, 'Conflict', true],
    [{ name: 'ServiceUnavailableException', $metadata: { httpStatusCode: 503 } }, 'Unavailable', true],
    [{ name: 'TimeoutError', code: 'ETIMEDOUT', $metadata: {} }, 'Unavailable', true],
    [{ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }, 'AccessDenied', false],
    [{ name: 'UnrecognizedClientException', $metadata: { httpStatusCode: 400 } }, 'AccessDenied', false],
    [{ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } }, 'NotFound', false],
    [{ name: 'NoSuchHostedZone', $metadata: { httpStatusCode: 404 } }, 'NotFound', false],
    [{ name: 'ReplicationGroupAlreadyExistsFault', $metadata: { httpStatusCode: 400 } }, 'Conflict', false],
    [{ name: 'InvalidReplicationGroupStateFault', $metadata: { httpStatusCode: 400 } }, 'Conflict', false],
    [{ name: 'InvalidParameterValueException', $metadata: { httpStatusCode: 400 } }, 'InvalidInput', false],
    [{ name: 'ValidationException', $metadata: { httpStatusCode: 400 } }, 'InvalidInput', false],
    [{ name: 'AbortError' }, 'Aborted', false],
    [{ name: 'WeirdNewFault', $metadata: { httpStatusCode: 400 } }, 'ProviderError', false],
    [{ name: 'NotImplemented', $metadata: { httpStatusCode: 501 } }, 'ProviderError', false],
  ])('maps %o to %s (retryable %s)', (thrown, kind, retryable) => {
    const e = awsErrorToDrError(Object.assign(new Error('boom'), thrown), site);
    expect(e.kind).toBe(kind);
    expect(e.retryable).toBe(retryable);
  });

  it('names service and operation on a ProviderError and keeps the cause out of JSON', () => {
    const thrown = Object.assign(new Error('odd'), { name: 'WeirdNewFault', $metadata: { httpStatusCode: 400 } });
    const e = awsErrorToDrError(thrown, site);
    expect(e).toMatchObject({ provider: 'aws:route53', operation: 'ChangeResourceRecordSets', code: 'WeirdNewFault' });
    expect(e.cause).toBe(thrown);
    expect(JSON.stringify(e)).not.toContain('cause');
  });
});

describe('client option union', () => {
  it('is a compile error to pass both a client and a config, and InvalidInput at run time', () => {
    const client = new BackupClient({ region: 'us-east-1' });
    // @ts-expect-error — client and clientConfig are mutually exclusive
    const both: AwsClientOption<BackupClient, BackupClientConfig> = { client, clientConfig: { region: 'x' } };
    const problems = new Problems();
    checkClientOption(problems, both);
    expect(problems.list).toEqual([{ path: 'client', message: 'pass either `client` or `clientConfig`, not both' }]);
  });

  it('builds a client from a config, or hands back the caller’s own', () => {
    const client = new BackupClient({ region: 'us-east-1' });
    expect(resolveClient<BackupClient, BackupClientConfig>({ client }, (c) => new BackupClient(c))).toBe(client);
    const made = resolveClient<BackupClient, BackupClientConfig>(
      { clientConfig: { region: 'eu-west-1' } },
      (c) => new BackupClient(c),
    );
    expect(made).toBeInstanceOf(BackupClient);
  });
});

describe('ownership tags', () => {
  it('accepts the run that created a resource and refuses any other', () => {
    const tags = ownershipTags({ runId: 'run-1', createdBy: 'restorePoint:elasticache' });
    expect(toTagList({ team: 'sre' }, tags)).toContainEqual({ Key: 'drkit:run-id', Value: 'run-1' });
    expect(checkOwnership('g1', tags, 'run-1').isOk()).toBe(true);
    const refused = checkOwnership('g1', tags, 'run-2')._unsafeUnwrapErr();
    expect(refused.kind).toBe('AccessDenied');
    expect(refused.message).toContain('tagged for run "run-1"');
    expect(checkOwnership('prod-db', {}, 'run-2').isErr()).toBe(true);
  });
});
