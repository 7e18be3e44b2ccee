import { parseArgs } from 'node:util';
import { err, ok, type Result } from 'neverthrow';
import { invalidInput, type InputProblem, type InvalidInputError } from '@drkit/core';
import { parseFault } from '@drkit/testing';

/** The drill's command line, parsed and checked. */
export interface DrillOptions {
  /** Scenario names to run (empty: the game day, every scenario). */
  readonly scenarios: readonly string[];
  readonly list: boolean;
  readonly faults: readonly string[];
  readonly seed: number;
  readonly dryRun: boolean;
  /** Directory for report.json, report.html and journal.jsonl. */
  readonly reportDir?: string;
  readonly json: boolean;
  readonly live: boolean;
  readonly config?: string;
  readonly yes: boolean;
  readonly help: boolean;
}

/** The drill's usage text. */
export const USAGE = `usage: pnpm drill [options]

Runs the DR plan's failure scenarios (the game day) on the built-in simulated cloud and prints
measured RTO and RPO against the plan and the objectives. Exit code 0 iff every scenario passed.

  --scenario NAME   run this scenario (repeatable; default: game-day, all of them)
  --list            list the scenarios with the plan's estimates
  --fault SPEC      inject a fault into each scenario's fresh cloud (repeatable), e.g.
                    throttle:route53:0.3, error:autoscaling:SetDesiredCapacity:ServiceUnavailable:2,
                    latency:elasticache:x2, region-outage:us-east-1@+5m~30m
  --seed N          seed of the simulation (default 1): the same seed replays the same drill
  --dry-run         print each scenario's plan and the API calls it would make; make none
  --report DIR      write DIR/report.json, DIR/report.html and the audit journal DIR/journal.jsonl
  --json            print the report as JSON on stdout (progress stays on stderr)
  --live            run against real AWS and Atlas (credentials from the usual chain) as named by
                    --config FILE; refuses to change anything without --yes
  --config FILE     the live estate: every resource the drill may touch (JSON)
  --yes             allow a live drill to act
  -h, --help        this text`;

/**
 * Parses the drill's arguments (`node:util` `parseArgs`). Every problem is reported at once.
 *
 * @example
 * ```ts
 * parseDrillArgs(['--scenario', 'region-failover', '--fault', 'throttle:route53']);
 * ```
 */
export function parseDrillArgs(argv: readonly string[]): Result<DrillOptions, InvalidInputError> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        scenario: { type: 'string', multiple: true },
        list: { type: 'boolean' },
        fault: { type: 'string', multiple: true },
        seed: { type: 'string' },
        'dry-run': { type: 'boolean' },
        report: { type: 'string' },
        json: { type: 'boolean' },
        live: { type: 'boolean' },
        config: { type: 'string' },
        yes: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    return err(invalidInput([{ path: 'arguments', message: e instanceof Error ? e.message : String(e) }]));
  }
  const problems: InputProblem[] = [];
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31)
    problems.push({ path: '--seed', message: `must be a non-negative integer, got ${values.seed}` });
  const faults = values.fault ?? [];
  for (const f of faults) {
    const parsed = parseFault(f);
    if (parsed.isErr()) for (const p of parsed.error.problems) problems.push({ path: '--fault', message: p.message });
  }
  const live = values.live ?? false;
  if (live && faults.length > 0)
    problems.push({ path: '--fault', message: 'faults exist only in the simulated cloud; not with --live' });
  if (live && values.config === undefined)
    problems.push({ path: '--config', message: 'is required with --live: the file naming every resource' });
  if (!live && values.config !== undefined) problems.push({ path: '--config', message: 'only applies with --live' });
  if (!live && values.yes) problems.push({ path: '--yes', message: 'only applies with --live' });
  if (values.report !== undefined && values.report.trim() === '')
    problems.push({ path: '--report', message: 'names a directory' });
  if (problems.length > 0) return err(invalidInput(problems));
  return ok({
    scenarios: values.scenario ?? [],
    list: values.list ?? false,
    faults,
    seed,
    dryRun: values['dry-run'] ?? false,
    ...(values.report !== undefined ? { reportDir: values.report } : {}),
    json: values.json ?? false,
    live,
    ...(values.config !== undefined ? { config: values.config } : {}),
    yes: values.yes ?? false,
    help: values.help ?? false,
  });
}
