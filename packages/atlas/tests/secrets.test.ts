import diagnostics from 'node:diagnostics_channel';
import {
  RateLimiterRegistry,
  memoryAuditSink,
  promoteStandby,
  restorePoint,
  validateRestore,
  withAuditLog,
} from '@drkit/core';
import { startAtlasEmulator } from '@drkit/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  atlasClient,
  cloudBackupSource,
  clusterStateCheck,
  regionPriorityStandby,
  type AtlasClientConfig,
} from '../src/index';
import { atlasDataChecks, mongoDataReader } from '../src/data/index';
import { capturingLogger } from './support';

/** Bearer tokens drkit sends, read off urllib's diagnostics channel (the wire, not drkit's objects). */
const tokensSeen = new Set<string>();
const onRequest = (message: unknown) => {
  const headers =
    (message as { request?: { args?: { headers?: Record<string, unknown> } } }).request?.args?.headers ?? {};
  const auth = headers.Authorization ?? headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) tokensSeen.add(auth.slice(7));
};
beforeAll(() => diagnostics.subscribe('urllib:request', onRequest));
afterAll(() => diagnostics.unsubscribe('urllib:request', onRequest));

const secret = (min: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9!#%+=@^_~-]{${min},40}$`)).map((s) => `k${s}`);

describe('secrets never reach logs, reports or the audit journal', () => {
  it('holds for any API key, service account, token and connection string (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          publicKey: fc.stringMatching(/^[A-Za-z0-9_-]{8,24}$/),
          privateKey: secret(16),
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          useServiceAccount: fc.boolean(),
          dbPassword: secret(12),
        }),
        async ({ publicKey, privateKey, seed, useServiceAccount, dbPassword }) => {
          // Prepare
          const emulator = (await startAtlasEmulator({ publicKey, privateKey, seed }))._unsafeUnwrap();
          try {
            tokensSeen.clear();
            const logger = capturingLogger();
            const sink = memoryAuditSink();
            const ctx = { clock: emulator.clock, runId: `fuzz-${seed}`, logger, audit: sink };
            const clientConfig: AtlasClientConfig = {
              baseUrl: `${emulator.baseUrl}/v2`,
              projectId: emulator.projectId,
              credentials: useServiceAccount
                ? { serviceAccount: { ...emulator.serviceAccount } }
                : { apiKey: { publicKey, privateKey } },
              rateLimits: new RateLimiterRegistry(),
            };
            const uri = `mongodb://drkit-reader:${encodeURIComponent(dbPassword)}@127.0.0.1:1/?directConnection=true`;
            const reader = mongoDataReader({ uri, clientOptions: { serverSelectionTimeoutMS: 200 } });

            // Act: a restore, its validation (with a data check that cannot connect), a promotion, and a refused key, all audited.
            const restored = await withAuditLog(restorePoint, { actor: 'fuzz' })(
              cloudBackupSource({ clientConfig, clusterName: 'jobs-prod' }),
              { step: 'restore', strategy: { latest: true } },
              ctx,
            );
            const client = atlasClient(clientConfig);
            const validated = restored.isOk()
              ? await withAuditLog(validateRestore, { actor: 'fuzz' })(
                  restored.value.dryRun ? { id: 'x' } : restored.value.resource,
                  [
                    clusterStateCheck({ client }),
                    ...atlasDataChecks({
                      reader,
                      manifest: {
                        database: 'jobmatch',
                        takenAt: '',
                        collections: { jobs: { count: 1, indexes: [], samples: [] } },
                      },
                    }),
                  ],
                  { failOnInvalid: false },
                  ctx,
                )
              : undefined;
            const promoted = await withAuditLog(promoteStandby, { actor: 'fuzz' })(
              regionPriorityStandby({ clientConfig, clusterName: 'jobs-prod', region: 'us-west-2' }),
              { step: 'promote' },
              ctx,
            );
            const refused = await withAuditLog(restorePoint, { actor: 'fuzz' })(
              cloudBackupSource({
                clientConfig: {
                  ...clientConfig,
                  credentials: { apiKey: { publicKey, privateKey: `${privateKey}-wrong` } },
                },
                clusterName: 'jobs-prod',
              }),
              { step: 'refused', strategy: { latest: true } },
              ctx,
            );
            await reader.close();

            // Assess
            expect(restored.isOk()).toBe(true);
            expect(promoted.isOk()).toBe(true);
            expect(refused.isErr() && refused.error.kind).toBe('AccessDenied');
            expect(useServiceAccount ? tokensSeen.size : 1).toBeGreaterThan(0);
            const everything = [
              logger.text(),
              JSON.stringify(restored),
              JSON.stringify(validated),
              JSON.stringify(promoted),
              JSON.stringify(refused),
              refused.isErr() ? refused.error.message : '',
              JSON.stringify(sink.records),
            ].join('\n');
            const secrets = [
              privateKey,
              encodeURIComponent(privateKey),
              emulator.serviceAccount.clientSecret,
              dbPassword,
              encodeURIComponent(dbPassword),
              uri,
              ...tokensSeen,
            ];
            for (const s of secrets) expect(everything).not.toContain(s);
            expect(sink.records.length).toBeGreaterThanOrEqual(6);
          } finally {
            await emulator.close();
          }
        },
      ),
      { numRuns: 8 },
    );
  });
});
