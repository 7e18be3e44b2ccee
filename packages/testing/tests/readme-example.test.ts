/**
 * Runs the test shown in the package README, extracted from README.md itself, so the README
 * cannot drift from code that works: the fenced `ts` block after the `readme-example` marker is
 * written next to this file with the package imports pointed at the sources, then imported
 * (its `it(...)` registers here).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, '..', 'README.md'), 'utf8');
const match = /<!-- readme-example:[^>]*-->\s*```ts\n([\s\S]*?)```/.exec(readme);

describe('README example', () => {
  it('is present in README.md and short', () => {
    expect(match, 'README.md has no ```ts block after the readme-example marker').not.toBeNull();
    const test = /\nit\([\s\S]*$/.exec(match![1]!)![0];
    expect(test.trim().split('\n').length).toBeLessThanOrEqual(16);
  });
});

if (match) {
  const code = match[1]!
    .replaceAll("'@drkit/testing/vitest'", "'../src/vitest/index'")
    .replaceAll("'@drkit/testing'", "'../src/index'");
  const file = join(here, `.readme-example.${process.pid}.generated.ts`);
  writeFileSync(file, `// Generated from README.md by readme-example.test.ts; deleted after import.\n${code}`);
  try {
    await import(/* @vite-ignore */ file);
  } finally {
    rmSync(file, { force: true });
  }
}
