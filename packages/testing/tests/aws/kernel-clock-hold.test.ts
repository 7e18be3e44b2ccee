import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the simulated transport and the virtual clock', () => {
  it("holds virtual time while a process's first call does real I/O (lazy SDK settings, the SDK error module)", () => {
    // Prepare: a fresh process, so nothing of the SDK is loaded yet
    const fixture = path.join(import.meta.dirname, 'fixtures', 'first-call.ts');

    // Act
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@drkit/source', fixture], {
      cwd: path.join(import.meta.dirname, '..', '..'),
      encoding: 'utf8',
    });

    // Assess: the call took its simulated latency, and the pending one-minute deadline did not
    // fire while the SDK loaded its settings and its exception classes
    const result = JSON.parse(out.trim().split('\n').pop()!) as {
      error: string;
      elapsedMs: number;
      deadlinePassed: boolean;
    };
    expect(result.error).toBe('ParameterNotFound');
    expect(result.deadlinePassed).toBe(false);
    expect(result.elapsedMs).toBeLessThan(1_000);
  });
});
