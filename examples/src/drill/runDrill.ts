import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type Result } from 'neverthrow';
import { drError, invalidInput, memoryAuditSink, parseDuration, type DrError } from '@drkit/core';
import { createSimulatedEnvironment } from '../env/simulated';
import { createLiveEnvironment } from '../env/live';
import type { DrillEnvironment } from '../env/types';
import { GAME_DAY, loadScenarios, type RegisteredScenario } from '../scenarios/registry';
import type { AnyScenario } from '../scenarios/types';
import type { DrillOptions } from './cli';
import { runScenario, type DrillEvent } from './runScenario';
import { renderHtml } from './report/html';
import type { DrillReport, DrillScenarioReport } from './report/types';

/** What {@link runDrill} produced. */
export interface DrillOutcome {
  readonly report: DrillReport;
  /** Wall-clock milliseconds of the whole drill. */
  readonly wallMs: number;
  /** Files written with `--report DIR`. */
  readonly files: readonly string[];
}

/** Hooks of {@link runDrill}. */
export interface DrillHooks {
  readonly onEvent?: (event: DrillEvent) => void;
  /** Builds the environment of one scenario (default: a fresh simulated cloud, or the live one). */
  readonly environment?: (scenario: string) => Promise<Result<DrillEnvironment, DrError>>;
}

/**
 * The scenarios named on the command line (none, or `game-day`: all of them), in catalog order.
 *
 * @example
 * ```ts
 * selectScenarios(await loadScenarios(), ['region-failover']);
 * ```
 */
export function selectScenarios(
  all: readonly RegisteredScenario[],
  names: readonly string[],
): Result<Array<{ info: RegisteredScenario['info']; scenario: AnyScenario }>, DrError> {
  const runnable = all.filter((s) => s.scenario !== undefined) as Array<{
    info: RegisteredScenario['info'];
    scenario: AnyScenario;
  }>;
  if (names.length === 0 || names.includes(GAME_DAY)) return ok(runnable);
  const problems = [];
  for (const n of names) {
    const entry = all.find((s) => s.info.name === n);
    if (!entry)
      problems.push({
        path: '--scenario',
        message: `unknown scenario "${n}" (one of ${[GAME_DAY, ...all.map((s) => s.info.name)].join(', ')})`,
      });
    else if (!entry.scenario)
      problems.push({ path: '--scenario', message: `scenario "${n}" is in the plan but not written yet` });
  }
  if (problems.length > 0) return err(invalidInput(problems));
  return ok(runnable.filter((s) => names.includes(s.info.name)));
}

/**
 * Runs the drill: each selected scenario in turn, each on a fresh simulated cloud (or all on the
 * live account), appending to one hash-chained journal; then builds the report and, with
 * `reportDir`, writes `report.json`, `report.html` and `journal.jsonl`. `err` only for bad
 * options or a live environment that cannot be set up; a failing scenario is in the report.
 *
 * @example
 * ```ts
 * const outcome = await runDrill({ ...defaults, scenarios: ['az-failure'] }, { onEvent: progressPrinter() });
 * if (outcome.isOk()) process.exitCode = outcome.value.report.passed ? 0 : 1;
 * ```
 */
export async function runDrill(options: DrillOptions, hooks: DrillHooks = {}): Promise<Result<DrillOutcome, DrError>> {
  const wall = performance.now();
  const all = await loadScenarios();
  const selected = selectScenarios(all, options.scenarios);
  if (selected.isErr()) return err(selected.error);

  let liveEnv: DrillEnvironment | undefined;
  if (options.live && !hooks.environment) {
    const created = await createLiveEnvironment({
      configFile: options.config!,
      yes: options.yes,
      dryRun: options.dryRun,
    });
    if (created.isErr()) return err(created.error);
    liveEnv = created.value;
    const refused = selected.value.filter((s) => s.scenario.live !== true);
    if (refused.length > 0 && options.scenarios.length > 0 && !options.dryRun)
      return err(
        invalidInput(
          refused.map((s) => ({
            path: '--scenario',
            message: `${s.info.name} cannot run live: ${String(s.scenario.live)}`,
          })),
        ),
      );
  }
  const environment =
    hooks.environment ??
    (async (): Promise<Result<DrillEnvironment, DrError>> =>
      liveEnv ? ok(liveEnv) : await createSimulatedEnvironment({ seed: options.seed }));

  const journal = memoryAuditSink();
  const startedAt = new Date();
  const reports: DrillScenarioReport[] = [];
  for (const { info, scenario } of selected.value) {
    if (liveEnv && scenario.live !== true && !options.dryRun) continue; // the game day runs what can run live
    const env = await environment(info.name);
    if (env.isErr()) return err(env.error);
    try {
      reports.push(
        await runScenario(info, scenario, {
          env: env.value,
          seed: options.seed,
          faults: options.faults,
          dryRun: options.dryRun,
          journal,
          ...(hooks.onEvent ? { onEvent: hooks.onEvent } : {}),
        }),
      );
    } finally {
      if (env.value !== liveEnv) await env.value.dispose();
    }
  }
  if (liveEnv) await liveEnv.dispose();

  const objectives = reports[0]
    ? { rtoSeconds: reports[0].rto.objectiveSeconds, rpoSeconds: reports[0].rpo.objectiveSeconds }
    : { rtoSeconds: parseDuration('1h').unwrapOr(3_600_000) / 1000, rpoSeconds: 900 };
  const report: DrillReport = {
    tool: 'drkit drill',
    startedAt: startedAt.toISOString(),
    seed: options.seed,
    mode: options.live ? 'live' : 'simulated',
    dryRun: options.dryRun,
    faults: [...options.faults],
    objectives,
    scenarios: reports,
    passed: reports.length > 0 && reports.every((r) => r.status === 'passed'),
  };

  const files: string[] = [];
  if (options.reportDir) {
    const dir = path.resolve(options.reportDir);
    try {
      await mkdir(dir, { recursive: true });
      const records = await journal.read();
      const out: Array<[string, string]> = [
        ['report.json', `${JSON.stringify(report, null, 2)}\n`],
        ['report.html', renderHtml(report)],
        ['journal.jsonl', records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '')],
      ];
      for (const [name, text] of out) {
        await writeFile(path.join(dir, name), text);
        files.push(path.join(dir, name));
      }
    } catch (e) {
      return err(
        drError('ProviderError', `cannot write the report to ${dir}: ${e instanceof Error ? e.message : String(e)}`, {
          provider: 'fs',
          operation: 'write',
        }),
      );
    }
  }
  return ok({ report, wallMs: Math.round(performance.now() - wall), files });
}
