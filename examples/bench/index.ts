/**
 * `pnpm bench` for the examples: for `region-failover` and `failback`, the drill's measured
 * recovery time ÷ its critical-path bound (target ≤ 1.03), beside a baseline runbook written the
 * usual way (./baseline.ts) run on a fresh simulated cloud with the same seed and the same
 * incident, divided by the same bound; then the wall time of the whole game day (target < 5 s).
 * A benchmark, not a test: it prints figures and verdicts and always exits 0 unless it crashes.
 *
 * Environment: BENCH_SEED (default 1).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { memoryAuditSink, type RunbookReport } from '@drkit/core';
import { parseDrillArgs } from '../src/drill/cli';
import { runDrill } from '../src/drill/runDrill';
import { runScenario, scenarioContext } from '../src/drill/runScenario';
import { createSimulatedEnvironment, type SimulatedEnvironment } from '../src/env/simulated';
import { loadScenarios } from '../src/scenarios/registry';
import type { AnyScenario } from '../src/scenarios/types';
import { baselineFailback, baselineRegionFailover, type BaselineRun } from './baseline';

const RATIO_TARGET = 1.03;
const GAME_DAY_TARGET_MS = 5_000;

interface Row {
  scenario: string;
  drill: { status: string; measuredMs: number; boundMs: number };
  baseline: { measuredMs: number; checksPassed: number; checks: number; failed: string[] } | { error: string };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function freshEnv(seed: number): Promise<SimulatedEnvironment> {
  const env = await createSimulatedEnvironment({ seed });
  if (env.isErr()) throw new Error(`cannot create the simulated cloud: ${env.error.message}`);
  return env.value;
}

/** The baseline on a fresh cloud: the scenario's own setup and incident, then the hand-written script, then its checks. */
async function runBaseline(
  name: string,
  scenario: AnyScenario,
  seed: number,
  script: (env: SimulatedEnvironment, ctx: ReturnType<typeof scenarioContext>, seed: number) => Promise<BaselineRun>,
): Promise<Row['baseline']> {
  const env = await freshEnv(seed);
  try {
    const ctx = scenarioContext(env, `${name}-baseline`, seed, memoryAuditSink());
    const setup: unknown = scenario.setup ? (await scenario.setup(env, ctx))._unsafeUnwrap() : undefined;
    const incident = (await scenario.incident(env, ctx, setup))._unsafeUnwrap();
    const run = await script(env, ctx, seed);
    // Did the script reach the state the drill must reach? The scenario's own checks say.
    const report = { status: 'passed' } as RunbookReport;
    const checks = (await scenario.verify(env, ctx, { setup, incident, report })).unwrapOr([]);
    return {
      measuredMs: run.finishedAt - incident.at,
      checksPassed: checks.filter((c) => c.passed).length,
      checks: checks.length,
      failed: checks.filter((c) => !c.passed).map((c) => c.name),
    };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  } finally {
    await env.dispose();
  }
}

async function main(): Promise<void> {
  const seed = Number(process.env.BENCH_SEED ?? 1);
  const wall = performance.now();
  const all = await loadScenarios();
  const named = (n: string) => {
    const found = all.find((s) => s.info.name === n);
    if (!found?.scenario) throw new Error(`no scenario ${n}`);
    return { info: found.info, scenario: found.scenario };
  };

  const rows: Row[] = [];
  for (const [name, script] of [
    ['region-failover', baselineRegionFailover],
    ['failback', baselineFailback],
  ] as const) {
    const { info, scenario } = named(name);
    const env = await freshEnv(seed);
    let drill: Row['drill'];
    try {
      const r = await runScenario(info, scenario, { env, seed, journal: memoryAuditSink() });
      drill = {
        status: r.status,
        measuredMs: Math.round(r.rto.measuredSeconds * 1000),
        boundMs: Math.round(r.rto.criticalPathSeconds * 1000),
      };
    } finally {
      await env.dispose();
    }
    rows.push({ scenario: name, drill, baseline: await runBaseline(name, scenario, seed, script) });
  }

  const options = parseDrillArgs(['--seed', String(seed)]);
  if (options.isErr()) throw new Error(options.error.message);
  const gameDay = await runDrill(options.value);
  if (gameDay.isErr()) throw new Error(`game day: ${gameDay.error.message}`);
  const gd = gameDay.value;

  const out: string[] = [];
  out.push(`drkit examples bench (seed ${seed}; virtual time on the simulated cloud, except the game day's wall time)`);
  out.push('');
  out.push('| scenario | critical-path bound | drill | drill ÷ bound | baseline (usual script) | baseline ÷ bound |');
  out.push('|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const b = r.baseline;
    const base =
      'error' in b
        ? [`failed: ${b.error}`, '—']
        : [
            `${seconds(b.measuredMs)}${b.failed.length ? ` (checks failed: ${b.failed.join(', ')})` : ''}`,
            (b.measuredMs / r.drill.boundMs).toFixed(3),
          ];
    out.push(
      `| ${r.scenario} | ${seconds(r.drill.boundMs)} | ${seconds(r.drill.measuredMs)} (${r.drill.status}) | ${(r.drill.measuredMs / r.drill.boundMs).toFixed(3)} | ${base[0]} | ${base[1]} |`,
    );
  }
  out.push('');
  const scenarios = gd.report.scenarios;
  out.push(
    `game day: ${scenarios.length} scenarios, ${scenarios.filter((s) => s.status === 'passed').length} passed, wall ${gd.wallMs} ms`,
  );
  out.push('');
  for (const r of rows) {
    const ratio = r.drill.measuredMs / r.drill.boundMs;
    const met = ratio <= RATIO_TARGET && r.drill.status === 'passed';
    out.push(
      `${r.scenario}: drill ÷ critical-path bound ≤ ${RATIO_TARGET} — ${met ? 'met' : 'NOT met'} (${ratio.toFixed(3)}${r.drill.status === 'passed' ? '' : `, drill ${r.drill.status}`})`,
    );
  }
  out.push(
    `game day wall time < ${GAME_DAY_TARGET_MS / 1000} s — ${gd.wallMs < GAME_DAY_TARGET_MS && gd.report.passed ? 'met' : 'NOT met'} (${(gd.wallMs / 1000).toFixed(2)} s${gd.report.passed ? '' : ', some scenario failed'})`,
  );
  out.push(`(bench wall time ${((performance.now() - wall) / 1000).toFixed(1)} s)`);
  console.log(out.join('\n'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
});
