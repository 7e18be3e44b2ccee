import { spawn } from 'node:child_process';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileAuditSink, verifyAuditLog, withAuditLog } from '../../src/index';
import { tempDir } from './helpers';

const child = fileURLToPath(new URL('./fixtures/child.ts', import.meta.url));
const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the child until it prints `done`, then SIGKILLs it at once. */
function runUntilDoneThenKill(
  journal: string,
): Promise<{ sawDone: boolean; signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', '--conditions=@drkit/source', child, journal], {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let sawDone = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!sawDone && /^done$/m.test(output)) {
        sawDone = true;
        proc.kill('SIGKILL');
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (_code, signal) => resolve({ sawDone, signal, output }));
  });
}

describe('a process killed right after a wrapped call returned', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(() => cleanup());

  it("leaves that call's end record in the journal file, in a chain that verifies and can be continued", async () => {
    // Prepare
    const journal = join(dir, 'audit.jsonl');

    // Act
    const run = await runUntilDoneThenKill(journal);

    // Assess: the child was killed, not exited, and its finished call is on disk.
    expect(run.output).toMatch(/^done$/m);
    expect(run.signal).toBe('SIGKILL');
    const sink = fileAuditSink(journal);
    const records = await sink.read();
    const end = records.find((r) => r.phase === 'end' && JSON.stringify(r.result) === '{"restored":"rp-before-kill"}');
    expect(end).toMatchObject({ step: 'restoreDrill', actor: 'crash-test', runId: 'crash-run', outcome: 'succeeded' });
    expect(verifyAuditLog(records)).toEqual({ ok: true, count: records.length });

    // A new process picks the chain up where the killed one left it.
    await withAuditLog(async function resumeAfterCrash() {}, { sink, actor: 'crash-test' })();
    const resumed = await sink.read();
    await sink.close();
    expect(resumed.at(-1)).toMatchObject({ step: 'resumeAfterCrash', seq: records.length + 1 });
    expect(verifyAuditLog(resumed)).toEqual({ ok: true, count: records.length + 2 });
  });

  it('ignores a line torn by a crash in mid-write, and cuts it off before appending', async () => {
    const journal = join(dir, 'audit.jsonl');
    const sink = fileAuditSink(journal);
    await withAuditLog(async function before() {}, { sink, actor: 'ops' })();
    await sink.close();
    await appendFile(journal, '{"seq":2,"runId":"r","ste');

    const again = fileAuditSink(journal);
    const beforeAppend = await again.read();
    await withAuditLog(async function after() {}, { sink: again, actor: 'ops' })();
    const records = await again.read();
    await again.close();

    expect(beforeAppend).toHaveLength(2);
    expect(records.map((r) => r.step)).toEqual(['before', 'before', 'after', 'after']);
    expect(verifyAuditLog(records)).toEqual({ ok: true, count: 4 });
  });
});
