/* eslint-disable @typescript-eslint/no-explicit-any -- Atlas responses are untyped JSON, checked field by field. */
import getClient from 'mongodb-atlas-api-client';
import { request } from 'urllib';
import { startAtlasEmulator, type AtlasEmulator, type AtlasEmulatorOptions } from '../../src/index';

/** The v2 resource version the tests speak. */
export const V2 = 'application/vnd.atlas.2024-08-05+json';

/** httpOptions for mongodb-atlas-api-client calls against `/v2` (JSON bodies need the Content-Type too). */
export const v2Options = { httpOptions: { headers: { Accept: V2, 'Content-Type': 'application/json' } } };

type Call = (...args: any[]) => Promise<any>;

/**
 * mongodb-atlas-api-client as its JavaScript behaves: every method takes an `options` object
 * whose `httpOptions` are passed to urllib (src/cluster.js, src/cloudBackup.js). Its bundled
 * `.d.ts` predates `httpOptions` and knows only v1.0 bodies, so the tests use this shape.
 */
export interface AtlasClient {
  readonly cluster: Record<'get' | 'getAll' | 'create' | 'update' | 'delete' | 'testPrimaryFailOver', Call>;
  readonly cloudBackup: Record<
    'getAllReplicaSetCloudBackups' | 'getReplicaSetCloudBackup' | 'createSnapshotRestoreJob' | 'getSnapshotRestoreJob',
    Call
  >;
}

/** Starts an emulator (failing the test if it cannot) with clients for both API flavours. */
export async function startEmulator(options: AtlasEmulatorOptions = {}) {
  const emulator = (await startAtlasEmulator(options))._unsafeUnwrap();
  const client = (flavour: 'v1.0' | 'v2'): AtlasClient =>
    getClient({
      baseUrl: `${emulator.baseUrl}/${flavour}`,
      publicKey: emulator.publicKey,
      privateKey: emulator.privateKey,
      projectId: emulator.projectId,
    });
  return { emulator, v1: client('v1.0'), v2: client('v2') };
}

/** A raw urllib call with digest auth, for endpoints the client lacks. Returns status, headers and JSON body. */
export async function call(
  emulator: AtlasEmulator,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  options: { data?: unknown; accept?: string | null; digest?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: any }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.accept !== null) headers.accept = options.accept ?? V2;
  const res = await request(`${emulator.baseUrl}${path}`, {
    method,
    digestAuth: options.digest ?? `${emulator.publicKey}:${emulator.privateKey}`,
    dataType: 'json',
    headers,
    ...(options.data !== undefined ? { data: options.data, contentType: 'json' } : {}),
  });
  return { status: res.status, headers: res.headers, body: res.data };
}

/** Sleeps on the emulator's virtual clock (returns at once in wall time). */
export function wait(emulator: AtlasEmulator, ms: number): Promise<void> {
  return emulator.clock.sleep(ms);
}
