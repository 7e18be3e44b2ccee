/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- Atlas responses are untyped JSON, checked field by field. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import getClient from 'mongodb-atlas-api-client';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const tsx = `${root}node_modules/.bin/tsx`;
const bin = `${root}packages/testing/src/bin/drkit-sim.ts`;

describe('drkit-sim atlas', () => {
  it('prints one JSON line with the base URL and credentials, serves the API, and stops on SIGTERM', async () => {
    // Prepare
    const child = spawn(tsx, ['--conditions=@drkit/source', bin, 'atlas', '--port', '0', '--topology', 'seed'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      // Act
      const line = await new Promise<string>((resolve, reject) => {
        const lines = createInterface({ input: child.stdout });
        lines.once('line', resolve);
        child.once('exit', () => reject(new Error('drkit-sim exited before printing its JSON line')));
      });
      const info = JSON.parse(line);
      const atlas = getClient({
        baseUrl: `${info.baseUrl}/v1.0`,
        publicKey: info.publicKey,
        privateKey: info.privateKey,
        projectId: info.projectId,
      });
      const clusters: any = await atlas.cluster.getAll();

      // Assess
      expect(Object.keys(info).sort()).toEqual(['baseUrl', 'privateKey', 'projectId', 'publicKey']);
      expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/atlas$/);
      expect(clusters.results.map((c: any) => c.name)).toEqual(['jobs-prod']);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 30_000);

  it('refuses bad arguments with a usage message and exit code 2', async () => {
    // Act
    const child = spawn(tsx, ['--conditions=@drkit/source', bin, 'atlas', '--port', 'many'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain('--port must be an integer');
  }, 30_000);
});
