import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The guides show the examples' real code, type-checked with the repository: a fenced block
 * preceded by `<!-- include: PATH[#REGION] -->` and followed by `<!-- /include -->` holds the
 * file at PATH (relative to the repository root), or the lines between `// #region REGION` and
 * `// #endregion REGION` in it, dedented. {@link syncIncludes} rewrites the blocks from the
 * sources; the docs test fails when a guide is out of date.
 */
const INCLUDE = /<!-- include: ([^#\s]+)(?:#([\w-]+))? -->\n```(\w*)\n[\s\S]*?```\n<!-- \/include -->/g;

/** The text an include names: a whole file, or one region of it, dedented. */
export function includedText(root: string, file: string, region?: string): string {
  const text = readFileSync(path.join(root, file), 'utf8');
  if (!region) return text.replace(/\n+$/, '\n');
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === `// #region ${region}`);
  const end = lines.findIndex((l, i) => i > start && l.trim() === `// #endregion ${region}`);
  if (start < 0 || end < 0) throw new Error(`${file} has no region ${region}`);
  const body = lines.slice(start + 1, end);
  const indent = Math.min(...body.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
  return `${body.map((l) => l.slice(indent)).join('\n')}\n`;
}

/**
 * A guide with every include block rewritten from its source.
 *
 * @example
 * ```ts
 * const fresh = syncIncludes(readFileSync('docs/guides/drill.md', 'utf8'), repoRoot);
 * ```
 */
export function syncIncludes(markdown: string, root: string): string {
  return markdown.replace(
    INCLUDE,
    (_all, file: string, region: string | undefined, lang: string) =>
      `<!-- include: ${file}${region ? `#${region}` : ''} -->\n\`\`\`${lang || 'ts'}\n${includedText(root, file, region)}\`\`\`\n<!-- /include -->`,
  );
}

/**
 * Rewrites the include blocks of guides in place (`pnpm --filter @drkit/examples docs:sync`).
 *
 * @example
 * ```ts
 * syncGuides(repoRoot, ['docs/guides/drill.md']);
 * ```
 */
export function syncGuides(root: string, guides: readonly string[]): string[] {
  const changed: string[] = [];
  for (const g of guides) {
    const file = path.join(root, g);
    const before = readFileSync(file, 'utf8');
    const after = syncIncludes(before, root);
    if (after !== before) {
      writeFileSync(file, after);
      changed.push(g);
    }
  }
  return changed;
}

/** The guides whose code blocks come from the examples. */
export const GUIDES_WITH_INCLUDES = [
  'docs/guides/drill.md',
  'docs/guides/scenarios/ec2-instance-failure.md',
  'docs/guides/scenarios/az-failure.md',
  'docs/guides/scenarios/region-failover.md',
  'docs/guides/scenarios/region-failover-manual.md',
  'docs/guides/scenarios/failback.md',
  'docs/guides/scenarios/cicd-rollback.md',
] as const;

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const root = path.resolve(import.meta.dirname, '../../..');
  const changed = syncGuides(root, GUIDES_WITH_INCLUDES);
  process.stdout.write(changed.length ? `updated ${changed.join(', ')}\n` : 'guides are up to date\n');
}
