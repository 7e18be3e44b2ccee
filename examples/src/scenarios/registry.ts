import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SCENARIOS, type ScenarioInfo } from './catalog';
import type { AnyScenario } from './types';
import ec2InstanceFailure from './infra/ec2-instance-failure';
import azFailure from './infra/az-failure';
import regionFailover from './infra/region-failover';
import regionFailoverManual from './infra/region-failover-manual';
import failback from './infra/failback';
import cicdRollback from './infra/cicd-rollback';

/** A catalog entry and, when one is written, its scenario. */
export interface RegisteredScenario {
  readonly info: ScenarioInfo;
  /** Absent for a catalog entry whose scenario is not written yet. */
  readonly scenario?: AnyScenario;
  /** Where it came from: `infra/az-failure.ts`. */
  readonly source?: string;
}

/** The name that runs every scenario in turn. */
export const GAME_DAY = 'game-day';

const BUILT_IN: Record<string, AnyScenario> = Object.fromEntries(
  [ec2InstanceFailure, azFailure, regionFailover, regionFailoverManual, failback, cicdRollback].map((s) => [s.name, s]),
);

const isScenario = (v: unknown): v is AnyScenario =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as AnyScenario).name === 'string' &&
  typeof (v as AnyScenario).incident === 'function' &&
  typeof (v as AnyScenario).runbook === 'function' &&
  typeof (v as AnyScenario).verify === 'function';

/**
 * Every scenario of the catalog, in the catalog's (the game day's) order: the built-in
 * infrastructure scenarios, and the scenarios found in `scenarios/data/` — any `.ts` file there
 * whose default export is a scenario (see `defineScenario`) is picked up, so adding a scenario
 * takes one file. A found scenario whose name is not in the catalog, or that duplicates another,
 * is an error.
 *
 * @example
 * ```ts
 * const all = await loadScenarios();
 * all.filter((s) => s.scenario).map((s) => s.info.name); // ['ec2-instance-failure', …]
 * ```
 */
export async function loadScenarios(dataDir = path.join(import.meta.dirname, 'data')): Promise<RegisteredScenario[]> {
  const found = new Map<string, { scenario: AnyScenario; source: string }>();
  for (const s of Object.values(BUILT_IN)) found.set(s.name, { scenario: s, source: `infra/${s.name}.ts` });
  const files = await readdir(dataDir).catch(() => [] as string[]);
  for (const file of files.sort()) {
    if (!/\.ts$/.test(file) || /\.(test|d)\.ts$/.test(file)) continue;
    const mod = (await import(pathToFileURL(path.join(dataDir, file)).href)) as { default?: unknown };
    if (!isScenario(mod.default)) continue;
    const s = mod.default;
    if (!SCENARIOS.some((c) => c.name === s.name))
      throw new Error(`scenarios/data/${file}: scenario "${s.name}" is not in the catalog (scenarios/catalog.ts)`);
    if (found.has(s.name))
      throw new Error(
        `scenarios/data/${file}: scenario "${s.name}" is already defined in ${found.get(s.name)!.source}`,
      );
    found.set(s.name, { scenario: s, source: `data/${file}` });
  }
  return SCENARIOS.map((info) => {
    const f = found.get(info.name);
    return f ? { info, scenario: f.scenario, source: f.source } : { info };
  });
}
