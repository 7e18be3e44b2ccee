import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('pnpm drill', () => {
  it('runs on the virtual clock and reports virtual, not wall, time', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@drkit/source', 'src/drill/main.ts'], {
      cwd: path.resolve(import.meta.dirname, '..'),
      encoding: 'utf8',
    });
    expect(out).toContain('took 41m in');
    expect(out).toContain('within RTO: passed');
  });
});
