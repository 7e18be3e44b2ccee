import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncIncludes } from '../src/drill/docIncludes';

const root = path.resolve(import.meta.dirname, '../..');

/** The guides of the data scenarios and the weekly restore test. */
const GUIDES = [
  'docs/guides/weekly-restore-test.md',
  'docs/guides/scenarios/backup-restore-test.md',
  'docs/guides/scenarios/redis-failure.md',
  'docs/guides/scenarios/atlas-failure.md',
  'docs/guides/scenarios/data-corruption.md',
];

describe('the data scenario and restore-test guides', () => {
  it.each(GUIDES)('%s shows the examples’ current, type-checked code', (guide) => {
    // Prepare
    const text = readFileSync(path.join(root, guide), 'utf8');

    // Act: rebuild every include block from its source.
    const fresh = syncIncludes(text, root);

    // Assess: nothing to rebuild (sync with `syncGuides` from examples/src/drill/docIncludes.ts).
    expect(text).toContain('<!-- include: ');
    expect(fresh).toBe(text);
  });

  it.each(GUIDES)('%s names only files that exist', (guide) => {
    const text = readFileSync(path.join(root, guide), 'utf8');

    const named = [...text.matchAll(/`((?:examples|docs)\/[\w./-]+\.(?:ts|md))`/g)].map((m) => m[1]!);

    expect(named.length).toBeGreaterThan(0);
    for (const file of named) expect(() => readFileSync(path.join(root, file)), file).not.toThrow();
  });
});
