import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { DescribeRestoreJobCommand } from '@aws-sdk/client-backup';
import { restorePoint, validateRestore, type RestoredResource } from '@drkit/core';
import { httpHealthCheck } from '../src/checks/index';
import { backupVaultSource, restoreValidationReporter } from '../src/backup/index';
import { json, startServer, type TestServer } from './support/httpServer';
import { ORDERS_DB, ROLE, SENTINELS, backupClient, contextOf, estate } from './support/sim';

const servers: TestServer[] = [];
const serve = async (...args: Parameters<typeof startServer>) => {
  const s = await startServer(...args);
  servers.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const checksum = (data: Record<string, string | undefined>) =>
  createHash('sha256')
    .update(
      Object.keys(SENTINELS)
        .map((k) => `${k}=${data[k] ?? ''}`)
        .join('\n'),
    )
    .digest('hex');
const healthy = { status: 'ok' };

describe('httpHealthCheck', () => {
  it('passes on a 2xx whose body the predicate accepts, within the latency budget', async () => {
    const { cloud } = estate();
    const server = await serve((_req, res) => json(res, 200, healthy));
    const check = httpHealthCheck({
      url: `${server.url}/health`,
      body: (text) => (JSON.parse(text) as { status: string }).status === 'ok' || 'status is not ok',
      latencyBudget: '500ms',
    });

    const verdict = (await check.run(undefined, contextOf(cloud)))._unsafeUnwrap();

    expect(verdict).toMatchObject({ name: 'http-health', status: 'passed' });
    expect(verdict.evidence).toMatchObject({ status: 200, body: 'ok', latencyBudgetMs: 500 });
  });

  it('fails on an unexpected status, a rejected body and a blown latency budget, saying which', async () => {
    const { cloud } = estate();
    const ctx = contextOf(cloud);
    const server = await serve((_req, res) => json(res, 503, { status: 'degraded' }));
    // A slow network, on the virtual clock: the response takes 800 ms.
    const slowFetch: typeof fetch = async (input, init) => {
      await cloud.clock.advance(800);
      return fetch(input, init);
    };
    const check = httpHealthCheck({
      url: `${server.url}/health?token=secret`,
      body: (text) => (JSON.parse(text) as { status: string }).status === 'ok' || 'status is not ok',
      latencyBudget: '500ms',
      fetch: slowFetch,
    });

    const verdict = (await check.run(undefined, ctx))._unsafeUnwrap();

    expect(verdict.status).toBe('failed');
    expect(verdict.detail).toContain('status 503');
    expect(verdict.detail).toContain('status is not ok');
    expect(verdict.detail).toContain('800ms over the 500ms budget');
    expect(JSON.stringify(verdict)).not.toContain('secret'); // query strings may carry credentials
  });

  it('cannot decide when nothing answers: Unavailable, or Timeout when the server hangs', async () => {
    const { cloud } = estate();
    const ctx = contextOf(cloud);
    const closed = await serve(() => {});
    const deadUrl = closed.url;
    await closed.close();
    const hanging = await serve(() => {}); // accepts, never answers

    const refused = await httpHealthCheck({ url: deadUrl }).run(undefined, ctx);
    const hung = await httpHealthCheck({ url: hanging.url, timeout: '200ms' }).run(undefined, ctx);

    expect(refused._unsafeUnwrapErr()).toMatchObject({ kind: 'Unavailable', retryable: true });
    expect(hung._unsafeUnwrapErr()).toMatchObject({ kind: 'Timeout' });
  });

  it('reports bad options as InvalidInput without making a request', async () => {
    const { cloud } = estate();
    const server = await serve((_req, res) => json(res, 200, healthy));
    const check = httpHealthCheck({ url: 'not a url', expectStatus: 42, latencyBudget: 'fast' });

    const e = (await check.run(undefined, contextOf(cloud)))._unsafeUnwrapErr();

    expect(e.kind === 'InvalidInput' && e.problems.map((p) => p.path)).toEqual([
      'url',
      'expectStatus',
      'latencyBudget',
    ]);
    expect(server.hits).toBe(0);
  });
});

describe('validating an AWS Backup restore over HTTP, reported with PutRestoreValidationResult', () => {
  /**
   * The application's health endpoint on the restored database: it reports a checksum of the
   * sentinel rows it reads (here from the simulated cloud's record of the restored data).
   */
  const appOn = async (cloud: ReturnType<typeof estate>['cloud']) =>
    serve((req, res) => {
      const id = decodeURIComponent(new URL(req.url ?? '/', 'http://x').searchParams.get('db') ?? '');
      json(res, 200, { status: 'ok', checksum: checksum(cloud.resources.get(id)?.data ?? {}) });
    });
  const checks = (url: string) => [
    httpHealthCheck<RestoredResource>({
      name: 'app-checksum',
      url: (r) => `${url}/health?db=${encodeURIComponent(r.id)}`,
      body: (text) =>
        (JSON.parse(text) as { checksum: string }).checksum === checksum(SENTINELS) || 'sentinel checksum differs',
    }),
  ];

  it('records SUCCESSFUL on the restore job when the restored data is intact', async () => {
    const { cloud } = estate();
    const ctx = contextOf(cloud);
    const client = backupClient(cloud, 'us-east-1');
    const app = await appOn(cloud);
    const restored = (
      await restorePoint(
        backupVaultSource({ client, vault: 'prod', iamRoleArn: ROLE }),
        { step: 'restore', strategy: { latest: true }, resourceId: ORDERS_DB },
        ctx,
      )
    )._unsafeUnwrap();
    if (restored.dryRun) throw new Error('not a dry run');

    const validated = await validateRestore(
      restored.resource,
      checks(app.url),
      { reporter: restoreValidationReporter({ client }) },
      ctx,
    );

    expect(validated._unsafeUnwrap()).toMatchObject({ status: 'passed', reporting: { status: 'reported' } });
    const job = await client.send(new DescribeRestoreJobCommand({ RestoreJobId: restored.resource.restoreJobId }));
    expect(job.ValidationStatus).toBe('SUCCESSFUL');
  });

  it('catches corrupt:restore by the checksum and records FAILED', async () => {
    const { cloud } = estate();
    cloud.inject('corrupt:restore')._unsafeUnwrap();
    const ctx = contextOf(cloud);
    const client = backupClient(cloud, 'us-east-1');
    const app = await appOn(cloud);
    const restored = (
      await restorePoint(
        backupVaultSource({ client, vault: 'prod', iamRoleArn: ROLE }),
        { step: 'restore', strategy: { latest: true }, resourceId: ORDERS_DB },
        ctx,
      )
    )._unsafeUnwrap();
    if (restored.dryRun) throw new Error('not a dry run');

    const validated = await validateRestore(
      restored.resource,
      checks(app.url),
      { reporter: restoreValidationReporter({ client }) },
      ctx,
    );

    const e = validated._unsafeUnwrapErr();
    expect(e.kind).toBe('ValidationFailed');
    expect(e.message).toContain('app-checksum');
    const job = await client.send(new DescribeRestoreJobCommand({ RestoreJobId: restored.resource.restoreJobId }));
    expect(job.ValidationStatus).toBe('FAILED');
    expect(job.ValidationStatusMessage).toBe('drkit: failed app-checksum');
  });

  it('records TIMED_OUT when the restored application never answers', async () => {
    const { cloud } = estate();
    const ctx = contextOf(cloud);
    const client = backupClient(cloud, 'us-east-1');
    const hanging = await serve(() => {});
    const restored = (
      await restorePoint(
        backupVaultSource({ client, vault: 'prod', iamRoleArn: ROLE }),
        { step: 'restore', strategy: { latest: true }, resourceId: ORDERS_DB },
        ctx,
      )
    )._unsafeUnwrap();
    if (restored.dryRun) throw new Error('not a dry run');

    const validated = await validateRestore(
      restored.resource,
      [httpHealthCheck<RestoredResource>({ url: hanging.url, timeout: '200ms' })],
      { reporter: restoreValidationReporter({ client }), failOnInvalid: false },
      ctx,
    );

    expect(validated._unsafeUnwrap().status).toBe('failed');
    const job = await client.send(new DescribeRestoreJobCommand({ RestoreJobId: restored.resource.restoreJobId }));
    expect(job.ValidationStatus).toBe('TIMED_OUT');
  });
});
