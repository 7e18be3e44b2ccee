/**
 * `pnpm --filter @drkit/examples backup-strategy`: apply the DR plan's backup strategy to the
 * seed estate on the simulated cloud and print the compliance report. See `./program.ts`.
 */
import { backupStrategyProgram } from './program';

process.exitCode = await backupStrategyProgram(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
