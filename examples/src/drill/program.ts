/**
 * The drill as a program: arguments in, text out, an exit code back. `main.ts` runs it on the
 * process's own streams; tests run it in-process.
 */
import { formatDuration, type DrError } from '@drkit/core';
import { USAGE, parseDrillArgs } from './cli';
import { progressPrinter } from './progress';
import { runDrill } from './runDrill';
import { renderTable } from './report/table';
import { loadScenarios } from '../scenarios/registry';

/** Where the program writes: the report (or table) to `out`, progress and diagnostics to `err`. */
export interface DrillIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** The process's streams. */
export const processIo: DrillIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

function explain(error: DrError): string {
  const lines = [`drill: ${error.kind === 'InvalidInput' ? 'refused' : error.kind}`];
  if (error.kind === 'InvalidInput') for (const p of error.problems) lines.push(`  ${p.path}: ${p.message}`);
  else lines.push(`  ${error.message}`);
  return lines.join('\n');
}

/**
 * Runs the drill command line: 0 when every scenario passed, 1 when one failed, 2 for bad
 * arguments or a refusal.
 *
 * @example
 * ```ts
 * process.exitCode = await drillProgram(['--scenario', 'region-failover', '--json'], processIo);
 * ```
 */
export async function drillProgram(argv: readonly string[], io: DrillIo = processIo): Promise<number> {
  const out = io.out;
  const errOut = io.err;
  const parsed = parseDrillArgs(argv);
  if (parsed.isErr()) {
    errOut(`${explain(parsed.error)}\n\n${USAGE}`);
    return 2;
  }
  const options = parsed.value;
  if (options.help) {
    out(USAGE);
    return 0;
  }
  if (options.list) {
    const all = await loadScenarios();
    const width = Math.max(...all.map((s) => s.info.name.length), 'game-day'.length);
    out(`${'scenario'.padEnd(width)}  ${'plan estimate'.padEnd(13)}  what happens`);
    for (const s of all)
      out(
        `${s.info.name.padEnd(width)}  ${s.info.planEstimate.padEnd(13)}  ${s.info.title}${s.scenario ? '' : '  (not written yet)'}`,
      );
    out(`${'game-day'.padEnd(width)}  ${''.padEnd(13)}  every scenario above, in turn`);
    return 0;
  }
  // Node 20 is supported by drkit; the SDK's notice about its own future support is noise on the
  // simulated cloud (a live drill keeps it).
  if (!options.live) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const outcome = await runDrill(options, { onEvent: progressPrinter({ write: errOut }) });
  if (outcome.isErr()) {
    errOut(explain(outcome.error));
    return 2;
  }
  const { report, wallMs, files } = outcome.value;
  if (options.json) out(JSON.stringify(report, null, 2));
  else {
    out('');
    out(renderTable(report));
  }
  errOut(
    `\n${report.scenarios.length} scenario(s) in ${formatDuration(wallMs)} of wall time (${wallMs} ms)${files.length ? `; wrote ${files.join(', ')}` : ''}`,
  );
  return report.passed ? 0 : 1;
}
