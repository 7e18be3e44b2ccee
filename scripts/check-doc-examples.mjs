// Every exported function must carry a doc comment with an @example (STANDARDS). Reads the
// typedoc JSON model of all packages and lists the exported functions that lack one.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'drkit-docs-')), 'api.json');
execFileSync(process.execPath, ['node_modules/typedoc/bin/typedoc', '--json', out, '--logLevel', 'Error'], {
  stdio: 'inherit',
});
const model = JSON.parse(fs.readFileSync(out, 'utf8'));
const FUNCTION = 64;
const missing = [];
let functions = 0;
function visit(node, trail) {
  const name = trail ? `${trail}.${node.name}` : node.name;
  if (node.kind === FUNCTION) {
    functions++;
    const ok = (node.signatures ?? []).some((s) => (s.comment?.blockTags ?? []).some((t) => t.tag === '@example'));
    if (!ok) missing.push(name);
  }
  for (const child of node.children ?? []) visit(child, node.kind === 1 ? '' : name);
}
visit(model, '');
if (missing.length) {
  console.error(`${missing.length} of ${functions} exported functions have no @example:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
console.log(`doc examples: all ${functions} exported functions have an @example`);
