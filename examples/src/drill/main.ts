/**
 * `pnpm drill`: the game day of the DR plan on the built-in simulated cloud (or, with `--live`,
 * on the estate a config file names). See `USAGE` in `./cli.ts` and `docs/guides/drill.md`.
 *
 * Exit code: 0 when every scenario passed, 1 when one failed, 2 for bad arguments or a refusal.
 */
import { drillProgram, processIo } from './program';

process.exitCode = await drillProgram(process.argv.slice(2), processIo);
