import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUIDES_WITH_INCLUDES, syncIncludes } from '../src/drill/docIncludes';

const root = path.resolve(import.meta.dirname, '../..');

describe('the drill guides', () => {
  it.each(GUIDES_WITH_INCLUDES)('%s shows the examples’ current, type-checked code', (guide) => {
    // Prepare
    const text = readFileSync(path.join(root, guide), 'utf8');

    // Act: rebuild every include block from its source.
    const fresh = syncIncludes(text, root);

    // Assess: nothing to rebuild (run `pnpm --filter @drkit/examples docs:sync` if this fails).
    expect(text).toContain('<!-- include: ');
    expect(fresh).toBe(text);
  });
});
