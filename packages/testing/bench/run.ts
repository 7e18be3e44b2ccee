/**
 * Runs every benchmark of `@drkit/testing` in turn and prints their figures:
 * `pnpm --filter @drkit/testing bench`. Set `BENCH_ONLY=seed-week` (a file name part) to run
 * some of them.
 */
const BENCHES = [
  ['transport overhead: simulated SDK transport vs aws-sdk-client-mock', './sim.bench.ts'],
  ['seed topology: build, and 7 virtual days', './seed-week.bench.ts'],
  ['AWS Backup: recovery points listed per second through the BackupClient paginator', './backup-pagination.bench.ts'],
] as const;

const only = process.env.BENCH_ONLY;
for (const [title, file] of BENCHES) {
  if (only && !file.includes(only)) continue;
  console.log(`\n=== ${title} (${file.slice(2)})\n`);
  await import(file);
}

export {};
