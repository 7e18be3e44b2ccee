import { afterEach, describe, expect, it } from 'vitest';
import {
  resolveContext,
  restorePoint,
  validateRestore,
  type RestoreCompleted,
  type RestoredResource,
} from '@drkit/core';
import { atlasAppData } from '@drkit/testing';
import { cloudBackupSource, clusterStateCheck } from '../src/index';
import {
  atlasDataChecks,
  captureDataManifest,
  documentHash,
  mongoDataReader,
  pointInTimeCanaryCheck,
} from '../src/data/index';
import { MIN, appDataReader, emulatorDataReader, startAtlas, type Atlas } from './support';

let atlas: Atlas | undefined;
afterEach(async () => {
  await atlas?.emulator.close();
  atlas = undefined;
});

const restoredTo = (r: RestoredResource) => Date.parse(r.attributes!.restoredTo!);

/** Takes a manifest of the live cluster now, lets the application write for 30 min, then restores to the manifest's moment. */
async function restoreManifestMoment(a: Atlas, runId: string) {
  const { emulator, client } = a;
  const ctx = a.ctx(runId);
  const manifest = (
    await captureDataManifest(emulatorDataReader(emulator, 'jobs-prod'), { database: 'jobmatch' }, ctx)
  )._unsafeUnwrap();
  const backupAt = Date.parse(manifest.takenAt);
  await emulator.clock.sleep(30 * MIN);
  const source = cloudBackupSource({ client, clusterName: 'jobs-prod', pointInTime: { restoreWindowDays: 7 } });
  const restored = (
    await restorePoint(source, { step: 'restore', strategy: { pointInTime: { at: backupAt } }, timeout: '2h' }, ctx)
  )._unsafeUnwrap() as RestoreCompleted;
  return { ctx, manifest, restored, backupAt };
}

describe('data checks against a manifest taken at backup time', () => {
  it('pass on a point-in-time restore of the manifest’s moment: inventory, exact counts, indexes, sample hashes, canaries', async () => {
    // Prepare
    atlas = await startAtlas();
    const { emulator, client } = atlas;
    const { ctx, manifest, restored, backupAt } = await restoreManifestMoment(atlas, 'validate-ok');

    // Act
    const checks = atlasDataChecks<RestoredResource>({
      reader: (r) => emulatorDataReader(emulator, r.id),
      manifest,
      canary: { collection: 'canaries', field: 'writtenAt', interval: '1m', at: restoredTo },
    });
    const validated = await validateRestore(restored.resource, [clusterStateCheck({ client }), ...checks], {}, ctx);

    // Assess
    const report = validated._unsafeUnwrap();
    expect(report.status).toBe('passed');
    expect(report.verdicts.map((v) => [v.name, v.status])).toEqual([
      ['atlas-cluster-state', 'passed'],
      ['atlas-data-collections', 'passed'],
      ['atlas-data-counts', 'passed'],
      ['atlas-data-indexes', 'passed'],
      ['atlas-data-samples', 'passed'],
      ['atlas-data-pit-canary', 'passed'],
    ]);
    expect(Object.keys(manifest.collections)).toEqual(['canaries', 'candidates', 'jobs', 'matches', 'sentinels']);
    expect(manifest.collections.jobs!.count).toBe(atlasAppData(backupAt).collections.jobs.count);
    expect(report.verdicts[2]!.detail).toBe('5 collections hold exactly the recorded counts');
    expect(JSON.stringify(manifest)).not.toContain('Site Reliability Engineer');
  });

  it('fail on a damaged restore (corrupt:restore): counts, a lost index and changed documents are caught', async () => {
    // Prepare
    atlas = await startAtlas();
    const { emulator } = atlas;
    emulator.faults.inject('corrupt:restore')._unsafeUnwrap();
    const { ctx, manifest, restored } = await restoreManifestMoment(atlas, 'validate-corrupt');

    // Act
    const validated = await validateRestore(
      restored.resource,
      atlasDataChecks<RestoredResource>({ reader: (r) => emulatorDataReader(emulator, r.id), manifest }),
      { failOnInvalid: false },
      ctx,
    );

    // Assess
    const report = validated._unsafeUnwrap();
    expect(report.status).toBe('failed');
    expect(report.failed).toEqual(['atlas-data-counts', 'atlas-data-indexes', 'atlas-data-samples']);
    const byName = Object.fromEntries(report.verdicts.map((v) => [v.name, v]));
    expect(byName['atlas-data-indexes']!.detail).toBe('missing: jobs.status_1_createdAt_-1');
    expect(byName['atlas-data-samples']!.detail).toContain('changed: sentinels:sentinel-alpha');
    expect(byName['atlas-data-samples']!.detail).toContain('sentinels:sentinel-bravo');
  });

  it('a canary check fails when data before the target is missing, or data after it is present', async () => {
    // Prepare
    const t = Date.parse('2026-11-22T02:30:00Z');
    const restoredToT = appDataReader(() => atlasAppData(t));
    const ctx = resolveContext({});
    const canary = (at: number) =>
      pointInTimeCanaryCheck({ reader: restoredToT, database: 'jobmatch', collection: 'canaries', interval: '1m', at });

    // Act
    const exact = await canary(t).run({}, ctx);
    const claimedFresher = await canary(t + 10 * MIN).run({}, ctx);
    const claimedOlder = await canary(t - 10 * MIN).run({}, ctx);

    // Assess
    expect(exact._unsafeUnwrap().status).toBe('passed');
    expect(claimedFresher._unsafeUnwrap()).toMatchObject({ status: 'failed' });
    expect(claimedFresher._unsafeUnwrap().detail).toContain(
      'no marker written in the 60 s up to 2026-11-22T02:40:00.000Z',
    );
    expect(claimedOlder._unsafeUnwrap().detail).toContain(
      'marker(s) written after 2026-11-22T02:20:00.000Z are present',
    );
  });

  it('hashes documents by content, whatever the key order', () => {
    // Assess
    expect(documentHash({ _id: 'a', n: 1, s: 'x' })).toBe(documentHash({ s: 'x', n: 1, _id: 'a' }));
    expect(documentHash({ _id: 'a', n: 1 })).not.toBe(documentHash({ _id: 'a', n: 2 }));
  });
});

describe('mongoDataReader (the official driver)', () => {
  it('refuses a malformed connection string and reports an unreachable server without its credentials', async () => {
    // Prepare
    const ctx = resolveContext({});
    const bad = mongoDataReader({ uri: 'postgres://admin:hunter2@db' });
    const unreachable = mongoDataReader({
      uri: 'mongodb://drkit-user:s3cret-Passw0rd@127.0.0.1:1/?directConnection=true',
      clientOptions: { serverSelectionTimeoutMS: 300 },
    });

    // Act
    const refused = await bad.count('jobmatch', 'jobs', ctx);
    const down = await unreachable.count('jobmatch', 'jobs', ctx);
    await unreachable.close();

    // Assess
    expect(refused._unsafeUnwrapErr().kind).toBe('InvalidInput');
    expect(JSON.stringify(refused._unsafeUnwrapErr())).not.toContain('hunter2');
    expect(down._unsafeUnwrapErr().kind).toBe('Unavailable');
    expect(down._unsafeUnwrapErr().message).not.toContain('s3cret-Passw0rd');
  });

  const uri = process.env.MONGODB_URI;
  it.skipIf(!uri)(
    `checks a real database through the driver (${uri ? 'MONGODB_URI is set' : 'skipped: no MongoDB server on this machine; set MONGODB_URI to run'})`,
    async () => {
      // Prepare: a throwaway database with documents, indexes and date canaries.
      const { MongoClient } = await import('mongodb');
      const client = new MongoClient(uri!);
      const database = `drkit_atlas_test_${Date.now().toString(36)}`;
      const db = client.db(database);
      const t = new Date('2026-11-22T02:30:00Z');
      try {
        await db
          .collection('jobs')
          .insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: `job-${i}` as never, seq: i, status: 'open' })));
        await db.collection('jobs').createIndex({ status: 1, seq: -1 });
        await db
          .collection('canaries')
          .insertMany(Array.from({ length: 10 }, (_, i) => ({ writtenAt: new Date(t.getTime() - (9 - i) * 60_000) })));
        const reader = mongoDataReader({ client });
        const ctx = resolveContext({});
        const manifest = (await captureDataManifest(reader, { database }, ctx))._unsafeUnwrap();

        // Act
        const intact = await validateRestore(
          { id: 'real' },
          atlasDataChecks({ reader, manifest, canary: { collection: 'canaries', at: t.getTime() } }),
          {},
          ctx,
        );
        await db.collection('jobs').updateOne({ _id: 'job-19' as never }, { $set: { status: 'tampered' } });
        const tampered = await validateRestore(
          { id: 'real' },
          atlasDataChecks({ reader, manifest }),
          { failOnInvalid: false },
          ctx,
        );

        // Assess
        expect(intact._unsafeUnwrap().status).toBe('passed');
        expect(tampered._unsafeUnwrap().failed).toEqual(['atlas-data-samples']);
      } finally {
        await db.dropDatabase().catch(() => undefined);
        await client.close();
      }
    },
  );
});
