// Proves a consumer project can both `import` and `require` every package from its built
// output (no source condition): a throwaway project links the packages and loads each entry.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drkit-consumer-'));
fs.mkdirSync(path.join(dir, 'node_modules', '@drkit'), { recursive: true });
const entries = [];
for (const name of fs.readdirSync(path.join(root, 'packages'))) {
  const pkgDir = path.join(root, 'packages', name);
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  fs.symlinkSync(pkgDir, path.join(dir, 'node_modules', pkg.name), 'dir');
  for (const sub of Object.keys(pkg.exports)) {
    if (sub === './package.json') continue;
    entries.push(sub === '.' ? pkg.name : `${pkg.name}/${sub.slice(2)}`);
  }
}
fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
const esm = entries
  .map(
    (e, i) =>
      `import * as m${i} from '${e}'; if (Object.keys(m${i}).length === 0 && '${e}'.match(/core|testing/)) throw new Error('empty ESM ${e}');`,
  )
  .join('\n');
fs.writeFileSync(path.join(dir, 'esm.mjs'), `${esm}\nconsole.log('import ok: ${entries.length} entries');\n`);
const cjs = entries.map((e) => `require('${e}');`).join('\n');
fs.writeFileSync(path.join(dir, 'cjs.cjs'), `${cjs}\nconsole.log('require ok: ${entries.length} entries');\n`);
execFileSync(process.execPath, ['esm.mjs'], { cwd: dir, stdio: 'inherit' });
execFileSync(process.execPath, ['cjs.cjs'], { cwd: dir, stdio: 'inherit' });
fs.rmSync(dir, { recursive: true, force: true });
