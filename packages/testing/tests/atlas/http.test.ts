/* eslint-disable @typescript-eslint/no-explicit-any -- Atlas responses are untyped JSON, checked field by field. */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'urllib';
import getClient from 'mongodb-atlas-api-client';
import { createSimulatedCloud, startAtlasEmulator, type AtlasEmulator } from '../../src/index';
import { call, startEmulator, wait } from './support';

let emulator: AtlasEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('Atlas emulator: authentication, versions and limits', () => {
  it('answers a digest challenge as Atlas does and refuses a wrong private key with 401', async () => {
    // Prepare
    const started = await startEmulator();
    emulator = started.emulator;
    const wrong = getClient({
      baseUrl: `${emulator.baseUrl}/v1.0`,
      publicKey: emulator.publicKey,
      privateKey: 'not-the-key',
      projectId: emulator.projectId,
    });

    // Act
    const challenge = await request(`${emulator.baseUrl}/v1.0/groups/${emulator.projectId}/clusters`, {
      dataType: 'json',
    });
    const refused: any = await wrong.cluster.getAll();
    const accepted: any = await started.v1.cluster.getAll();

    // Assess
    expect(challenge.status).toBe(401);
    expect(challenge.headers['www-authenticate']).toMatch(
      /^Digest realm="MMS Public API", domain="", nonce="[0-9a-f]+", algorithm=MD5, qop="auth", stale=false$/,
    );
    expect(refused).toMatchObject({ error: 401, errorCode: 'USER_UNAUTHORIZED', reason: 'Unauthorized' });
    expect(accepted.totalCount).toBe(1);
  });

  it('refuses a replayed Authorization header', async () => {
    // Prepare: answer one challenge by hand, as urllib would.
    const started = await startEmulator();
    emulator = started.emulator;
    const url = `${emulator.baseUrl}/v1.0/groups/${emulator.projectId}/clusters`;
    const challenge = await request(url, { dataType: 'json' });
    const nonce = /nonce="([^"]+)"/.exec(String(challenge.headers['www-authenticate']))![1]!;
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    const uri = new URL(url).pathname;
    const ha1 = md5(`${emulator.publicKey}:MMS Public API:${emulator.privateKey}`);
    const response = md5(`${ha1}:${nonce}:00000001:abcdef:auth:${md5(`GET:${uri}`)}`);
    const authorization = `Digest username="${emulator.publicKey}", realm="MMS Public API", nonce="${nonce}", uri="${uri}", response="${response}", qop=auth, nc=00000001, cnonce="abcdef"`;

    // Act
    const once = await request(url, { dataType: 'json', headers: { authorization } });
    const replay = await request(url, { dataType: 'json', headers: { authorization } });

    // Assess
    expect(once.status).toBe(200);
    expect(replay.status).toBe(401);
  });

  it('requires a versioned Accept header on v2 (406) and answers 410 VERSION_GONE for a sunset version', async () => {
    // Prepare
    const started = await startEmulator();
    emulator = started.emulator;
    const path = `/v2/groups/${emulator.projectId}/clusters`;

    // Act
    const plain = await call(emulator, 'GET', path, { accept: 'application/json' });
    const none = await call(emulator, 'GET', path, { accept: null });
    const sunset = await call(emulator, 'GET', path, { accept: 'application/vnd.atlas.2023-01-01+json' });
    const current = await call(emulator, 'GET', path, { accept: 'application/vnd.atlas.2025-03-12+json' });

    // Assess
    expect(plain.status).toBe(406);
    expect(plain.body).toMatchObject({ error: 406, reason: 'Not Acceptable' });
    expect(none.status).toBe(406);
    expect(sunset.status).toBe(410);
    expect(sunset.body).toMatchObject({ error: 410, errorCode: 'VERSION_GONE', reason: 'Gone' });
    expect(current.status).toBe(200);
    expect(current.headers['content-type']).toBe('application/vnd.atlas.2025-03-12+json;charset=utf-8');
  });

  it('answers 429 with Retry-After under a burst, and serves again once the bucket refills on virtual time', async () => {
    // Prepare
    const started = await startEmulator({ rateLimit: { capacity: 10, refillRate: 10, refillDurationSeconds: 60 } });
    emulator = started.emulator;
    const path = `/v2/groups/${emulator.projectId}/clusters/jobs-prod`;

    // Act
    const burst = [];
    for (let i = 0; i < 12; i++) burst.push(await call(emulator, 'GET', path));
    const limited = burst.find((r) => r.status === 429)!;
    await wait(emulator, Number(limited.headers['retry-after']) * 1000);
    const later = await call(emulator, 'GET', path);

    // Assess
    expect(burst.filter((r) => r.status === 200)).toHaveLength(10);
    expect(limited.body).toMatchObject({
      error: 429,
      errorCode: 'RATE_LIMITED_TOKEN_BUCKET',
      reason: 'Too Many Requests',
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.headers['ratelimit-limit']).toBe('10');
    expect(later.status).toBe(200);
  });

  it('issues service-account bearer tokens that expire on virtual time', async () => {
    // Prepare
    const started = await startEmulator();
    emulator = started.emulator;
    const basic = Buffer.from(`${emulator.serviceAccount.clientId}:${emulator.serviceAccount.clientSecret}`).toString(
      'base64',
    );
    const url = `${emulator.baseUrl}/v2/groups/${emulator.projectId}/clusters`;

    // Act
    const token = await request(`${emulator.origin}/api/oauth/token`, {
      method: 'POST',
      dataType: 'json',
      headers: { authorization: `Basic ${basic}` },
      data: { grant_type: 'client_credentials' },
    });
    const bearer = {
      accept: 'application/vnd.atlas.2024-08-05+json',
      authorization: `Bearer ${token.data.access_token}`,
    };
    const fresh = await request(url, { dataType: 'json', headers: bearer });
    await wait(emulator, 3_600_000);
    const expired = await request(url, { dataType: 'json', headers: bearer });
    const badSecret = await request(`${emulator.origin}/api/oauth/token`, {
      method: 'POST',
      dataType: 'json',
      headers: { authorization: `Basic ${Buffer.from(`${emulator.serviceAccount.clientId}:nope`).toString('base64')}` },
      data: { grant_type: 'client_credentials' },
    });

    // Assess
    expect(token.status).toBe(200);
    expect(token.data).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(fresh.status).toBe(200);
    expect(expired.status).toBe(401);
    expect(badSecret.status).toBe(401);
  });
  it('serves many concurrent digest clients while other work waits on the virtual clock', async () => {
    // Prepare
    const started = await startEmulator({ rateLimit: false });
    emulator = started.emulator;
    let slept = false;
    const sleeper = emulator.clock.sleep(60_000).then(() => (slept = true));

    // Act
    const results: any[] = await Promise.all(Array.from({ length: 25 }, () => started.v1.cluster.get('jobs-prod')));
    await sleeper;

    // Assess
    expect(results.every((r) => r.name === 'jobs-prod')).toBe(true);
    expect(slept).toBe(true);
  });
});

describe('Atlas emulator: shared faults and recorder', () => {
  it('attaches to a simulated cloud: its faults reach Atlas calls and its recorder holds them without credentials', async () => {
    // Prepare
    const cloud = createSimulatedCloud();
    emulator = (await startAtlasEmulator({ cloud }))._unsafeUnwrap();
    const client = getClient({
      baseUrl: `${emulator.baseUrl}/v1.0`,
      publicKey: emulator.publicKey,
      privateKey: emulator.privateKey,
      projectId: emulator.projectId,
    });
    cloud.faults.inject('error:atlas:getCluster:SERVICE_UNAVAILABLE:2')._unsafeUnwrap();

    // Act
    const first: any = await client.cluster.get('jobs-prod');
    const second: any = await client.cluster.get('jobs-prod');
    const third: any = await client.cluster.get('jobs-prod');
    cloud.faults.inject('throttle:atlas:1')._unsafeUnwrap();
    const throttled: any = await client.cluster.getAll();
    await call(emulator, 'GET', '/v1.0/groups/' + emulator.projectId + '/clusters', {
      digest: `${emulator.publicKey}:wrong-key`,
    });

    // Assess
    expect(emulator.clock).toBe(cloud.clock);
    expect(first).toMatchObject({ error: 503, errorCode: 'SERVICE_UNAVAILABLE' });
    expect(second.errorCode).toBe('SERVICE_UNAVAILABLE');
    expect(third.name).toBe('jobs-prod');
    expect(throttled).toMatchObject({ error: 429, errorCode: 'RATE_LIMITED' });
    const calls = cloud.recorder.calls({ service: 'atlas' });
    expect(calls.map((c) => [c.operation, c.outcome, c.error])).toEqual([
      ['GET /api/atlas/v1.0/groups/{groupId}/clusters/{clusterName}', 'error', 'SERVICE_UNAVAILABLE'],
      ['GET /api/atlas/v1.0/groups/{groupId}/clusters/{clusterName}', 'error', 'SERVICE_UNAVAILABLE'],
      ['GET /api/atlas/v1.0/groups/{groupId}/clusters/{clusterName}', 'ok', undefined],
      ['GET /api/atlas/v1.0/groups/{groupId}/clusters', 'error', 'RATE_LIMITED'],
      ['GET /api/atlas/v1.0/groups/{groupId}/clusters', 'error', 'USER_UNAUTHORIZED'],
    ]);
    expect(calls[0]!.input).toMatchObject({ params: { groupId: emulator.projectId, clusterName: 'jobs-prod' } });
    const recorded = JSON.stringify(cloud.recorder.toJSON());
    expect(recorded).not.toContain(emulator.privateKey);
    expect(recorded).not.toContain(emulator.serviceAccount.clientSecret);
    expect(recorded).not.toContain('Digest');
  });

  it('fails fast with every problem in its options, before listening', async () => {
    // Act
    const result = await startAtlasEmulator({
      port: -1,
      projectId: 'xyz',
      election: 'random' as never,
      rateLimit: { capacity: 0 },
    });

    // Assess
    expect(result.isErr()).toBe(true);
    const error = result._unsafeUnwrapErr();
    expect(error.kind).toBe('InvalidInput');
    expect(error.kind === 'InvalidInput' ? error.problems.map((p) => p.path) : []).toEqual([
      'port',
      'projectId',
      'rateLimit.capacity',
      'election',
    ]);
  });
});
