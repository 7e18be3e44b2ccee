import { afterEach, describe, expect, it } from 'vitest';
import { atlasClient, atlasErrorToDrError, DEFAULT_ATLAS_API_VERSIONS } from '../src/index';
import { atlasCalls, startAtlas, type Atlas } from './support';

let atlas: Atlas | undefined;
afterEach(async () => {
  await atlas?.emulator.close();
  atlas = undefined;
});

describe('atlasClient: authentication', () => {
  it('reads a cluster over v2 with digest authentication and the versioned Accept header', async () => {
    // Prepare
    atlas = await startAtlas();

    // Act
    const cluster = await atlas.client.getCluster('jobs-prod', atlas.ctx());

    // Assess
    expect(cluster._unsafeUnwrap()).toMatchObject({ name: 'jobs-prod', stateName: 'IDLE', pitEnabled: true });
    expect(cluster._unsafeUnwrap().replicationSpecs?.[0]?.regionConfigs.map((r) => [r.regionName, r.priority])).toEqual(
      [
        ['US_EAST_1', 7],
        ['US_WEST_2', 6],
      ],
    );
    expect(atlasCalls(atlas.emulator).map((c) => c.operation)).toEqual([
      'GET /api/atlas/v2/groups/{groupId}/clusters/{clusterName}',
    ]);
  });

  it('refuses a wrong private key as AccessDenied, naming neither key', async () => {
    // Prepare
    atlas = await startAtlas();
    const wrong = atlasClient(
      atlas.config({
        credentials: { apiKey: { publicKey: atlas.emulator.publicKey, privateKey: 'not-the-private-key' } },
      }),
    );

    // Act
    const refused = await wrong.getCluster('jobs-prod', atlas.ctx());

    // Assess
    const error = refused._unsafeUnwrapErr();
    expect(error.kind).toBe('AccessDenied');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('USER_UNAUTHORIZED');
    expect(JSON.stringify(error)).not.toContain('not-the-private-key');
    expect(atlasCalls(atlas.emulator)[0]).toMatchObject({ outcome: 'error', error: 'USER_UNAUTHORIZED' });
  });

  it('exchanges service-account credentials for a bearer token and refreshes it when it expires on ctx.clock', async () => {
    // Prepare
    atlas = await startAtlas();
    const { emulator } = atlas;
    const sa = atlasClient(atlas.config({ credentials: { serviceAccount: { ...emulator.serviceAccount } } }));
    const ctx = atlas.ctx();

    // Act
    const first = await sa.getCluster('jobs-prod', ctx);
    const again = await sa.listClusters(ctx);
    await emulator.clock.sleep(2 * 3_600_000);
    const later = await sa.getCluster('jobs-prod', ctx);

    // Assess
    expect(sa.authKind).toBe('serviceAccount');
    expect(first.isOk() && again.isOk() && later.isOk()).toBe(true);
    expect(atlasCalls(emulator).map((c) => c.operation)).toEqual([
      'POST /api/oauth/token',
      'GET /api/atlas/v2/groups/{groupId}/clusters/{clusterName}',
      'GET /api/atlas/v2/groups/{groupId}/clusters',
      'POST /api/oauth/token',
      'GET /api/atlas/v2/groups/{groupId}/clusters/{clusterName}',
    ]);
  });

  it('refuses a wrong service-account secret as AccessDenied', async () => {
    // Prepare
    atlas = await startAtlas();
    const sa = atlasClient(
      atlas.config({
        credentials: {
          serviceAccount: { clientId: atlas.emulator.serviceAccount.clientId, clientSecret: 'mdb_sa_sk_wrong' },
        },
      }),
    );

    // Act
    const refused = await sa.getCluster('jobs-prod', atlas.ctx());

    // Assess
    expect(refused._unsafeUnwrapErr().kind).toBe('AccessDenied');
    expect(refused._unsafeUnwrapErr().message).not.toContain('mdb_sa_sk_wrong');
    expect(atlasCalls(atlas.emulator, /clusters/)).toHaveLength(0);
  });
});

describe('atlasClient: errors, versions and rate limits', () => {
  it('maps CLUSTER_NOT_FOUND to NotFound and a sunset resource version to an error naming the version', async () => {
    // Prepare
    atlas = await startAtlas();
    const old = atlasClient(atlas.config({ apiVersions: { clusters: '2023-01-01' } }));

    // Act
    const missing = await atlas.client.getCluster('no-such-cluster', atlas.ctx());
    const gone = await old.getCluster('jobs-prod', atlas.ctx());

    // Assess
    expect(missing._unsafeUnwrapErr()).toMatchObject({ kind: 'NotFound', resource: 'no-such-cluster' });
    expect(missing._unsafeUnwrapErr().message).toContain('CLUSTER_NOT_FOUND');
    expect(gone._unsafeUnwrapErr()).toMatchObject({ kind: 'ProviderError', code: 'VERSION_GONE', retryable: false });
    expect(gone._unsafeUnwrapErr().message).toContain('resource version 2023-01-01 is gone');
    expect(DEFAULT_ATLAS_API_VERSIONS.clusters).toBe('2024-08-05');
  });

  it('absorbs a throttling burst: every call succeeds after Atlas’s 429s, waiting out Retry-After on the virtual clock', async () => {
    // Prepare
    atlas = await startAtlas({ rateLimit: { capacity: 5, refillRate: 5, refillDurationSeconds: 60 } });
    const { emulator } = atlas;
    const ctx = atlas.ctx();
    const t0 = emulator.clock.now();

    // Act
    const results = await Promise.all(Array.from({ length: 12 }, () => atlas!.client.getCluster('jobs-prod', ctx)));

    // Assess
    expect(results.every((r) => r.isOk())).toBe(true);
    const calls = atlasCalls(emulator);
    expect(calls.filter((c) => c.outcome === 'ok')).toHaveLength(12);
    expect(calls.filter((c) => c.error === 'RATE_LIMITED_TOKEN_BUCKET').length).toBeGreaterThan(0);
    expect(emulator.clock.now() - t0).toBeGreaterThanOrEqual(60_000);
    expect(atlas.logger.lines.some((l) => l.level === 'warn' && l.message === 'atlas: call failed; retrying')).toBe(
      true,
    );
  });

  it('paces calls with the client-side limiter so a matching Atlas budget never answers 429', async () => {
    // Prepare
    atlas = await startAtlas({ rateLimit: { capacity: 5, refillRate: 5, refillDurationSeconds: 60 } });
    const paced = atlasClient(atlas.config({ rateLimit: { ratePerSecond: 5 / 60, burst: 5 } }));

    // Act
    const results = await Promise.all(Array.from({ length: 8 }, () => paced.getCluster('jobs-prod', atlas!.ctx())));

    // Assess
    expect(results.every((r) => r.isOk())).toBe(true);
    expect(atlasCalls(atlas.emulator).filter((c) => c.outcome === 'error')).toHaveLength(0);
  });

  it('refuses a bad configuration with every problem, before any request, and never echoes a secret', async () => {
    // Prepare
    atlas = await startAtlas();
    const bad = atlasClient({
      projectId: 'nope',
      baseUrl: 'https://cloud.mongodb.com/api/atlas/v1.0',
      credentials: {
        apiKey: { publicKey: 'pub', privateKey: 'super-secret-private-key' },
        serviceAccount: { clientId: 'x', clientSecret: 'y' },
      } as never,
      apiVersions: { clusters: 'latest' },
    });

    // Act
    const refused = await bad.getCluster('jobs-prod', atlas.ctx());

    // Assess
    const error = refused._unsafeUnwrapErr();
    expect(error.kind).toBe('InvalidInput');
    expect(error.kind === 'InvalidInput' && error.problems.map((p) => p.path)).toEqual([
      'projectId',
      'credentials',
      'baseUrl',
      'apiVersions.clusters',
    ]);
    expect(error.message).not.toContain('super-secret-private-key');
    expect(atlasCalls(atlas.emulator)).toHaveLength(0);
  });

  it('reads Atlas error bodies into DrErrors', () => {
    // Prepare
    const body = (status: number, errorCode: string, detail = 'd') => ({
      status,
      body: { error: status, errorCode, detail },
    });

    // Act
    const kinds = [
      atlasErrorToDrError(body(429, 'RATE_LIMITED'), { operation: 'x' }),
      atlasErrorToDrError({ ...body(429, 'RATE_LIMITED'), headers: { 'retry-after': '7' } }, { operation: 'x' }),
      atlasErrorToDrError(body(409, 'ATLAS_CLUSTER_RESTORE_IN_PROGRESS'), { operation: 'x' }),
      atlasErrorToDrError(body(400, 'CLUSTER_RESTART_IN_PROGRESS'), { operation: 'x' }),
      atlasErrorToDrError(body(400, 'INVALID_PIT_RESTORE_TIME', 'outside the window'), { operation: 'x' }),
      atlasErrorToDrError(body(503, 'SERVICE_UNAVAILABLE'), { operation: 'x' }),
      atlasErrorToDrError(
        { thrown: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) },
        { operation: 'x' },
      ),
    ];

    // Assess
    expect(kinds.map((e) => [e.kind, e.retryable])).toEqual([
      ['Throttled', true],
      ['Throttled', true],
      ['Conflict', false],
      ['Conflict', true],
      ['InvalidInput', false],
      ['Unavailable', true],
      ['Unavailable', true],
    ]);
    expect(kinds[1]).toMatchObject({ retryAfterMs: 7_000 });
    expect(kinds[4]!.message).toContain('INVALID_PIT_RESTORE_TIME: outside the window');
  });
});
