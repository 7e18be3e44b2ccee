import { BackupClient } from '@aws-sdk/client-backup';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { formatDrError, resolveContext, silentLogger, type DrContext, type DrError } from '@drkit/core';
import {
  applyBackupPlan,
  checkBackupCompliance,
  type ApplyBackupPlanReport,
  type BackupStrategy,
  type ComplianceReport,
} from '@drkit/aws/strategy';
import { createSimulatedCloud, seedTopology, type SimulatedCloud } from '@drkit/testing';
import { ResultAsync, errAsync } from 'neverthrow';
import { formatApplyReport, formatComplianceReport, formatStrategy } from './report';
import { jobMatchingStrategy } from './strategy';
import { DRIFT, driftEstate } from './drift';

/** What one run of the program did. */
export interface BackupStrategyRun {
  readonly strategy: BackupStrategy;
  /** The first apply: what differed and was changed (or, in a dry run, would be). */
  readonly applied: ApplyBackupPlanReport;
  /** A second apply right after (not in a dry run): it must find nothing to change. */
  readonly reapplied?: ApplyBackupPlanReport;
  readonly compliance: ComplianceReport;
}

/** Options of {@link runBackupStrategy}. */
export interface BackupStrategyOptions {
  /** The simulated cloud to work on (seed topology). Default: a new one. */
  readonly cloud?: SimulatedCloud;
  /** Seed of a new simulated cloud. Default 1. */
  readonly seed?: number;
  /** Only report the differences. */
  readonly dryRun?: boolean;
  readonly ctx?: Partial<DrContext>;
}

/**
 * Applies the DR plan's backup strategy to the Job Matching API's estate — the primary vault's
 * plans with their copies to the DR vault, and the ElastiCache snapshot policy — then applies it
 * again (an idempotent apply changes nothing the second time), then audits the estate against
 * it (AWS Backup Audit Manager-style controls, one verdict per resource). On the simulated cloud
 * with the seed topology.
 *
 * @example
 * ```ts
 * const run = await runBackupStrategy({ seed: 1 });
 * if (run.isOk()) console.log(run.value.compliance.summary);
 * ```
 */
export function runBackupStrategy(options: BackupStrategyOptions = {}): ResultAsync<BackupStrategyRun, DrError> {
  const topology = seedTopology();
  const cloud = options.cloud ?? createSimulatedCloud({ topology, seed: options.seed ?? 1 });
  const strategy = jobMatchingStrategy(topology);
  if (strategy.isErr()) return errAsync(strategy.error);
  const ctx = resolveContext({
    clock: cloud.clock,
    logger: silentLogger,
    runId: 'backup-strategy',
    ...options.ctx,
    dryRun: options.dryRun ?? false,
  });
  const { primary, dr } = topology.regions;
  const apply = {
    backup: { client: cloud.client(BackupClient, { region: primary }) },
    elasticache: { client: cloud.client(ElastiCacheClient, { region: primary }) },
  };
  const audit = {
    ...apply,
    drBackup: { client: cloud.client(BackupClient, { region: dr }) },
    drElasticache: { client: cloud.client(ElastiCacheClient, { region: dr }) },
  };
  return applyBackupPlan(strategy.value, apply, ctx).andThen((applied) => {
    const again: ResultAsync<ApplyBackupPlanReport | undefined, DrError> = ctx.dryRun
      ? ResultAsync.fromSafePromise(Promise.resolve(undefined))
      : applyBackupPlan(strategy.value, apply, ctx);
    return again.andThen((reapplied) =>
      checkBackupCompliance(strategy.value, audit, {}, ctx).map((compliance): BackupStrategyRun => ({
        strategy: strategy.value,
        applied,
        ...(reapplied ? { reapplied } : {}),
        compliance,
      })),
    );
  });
}

/** Where the program writes. */
export interface ProgramIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const USAGE = `usage: pnpm --filter @drkit/examples backup-strategy [--drifted] [--dry-run] [--json] [--seed N] [--strict]

Applies the DR plan's backup strategy (AWS Backup plans of the primary vault with copies to the
DR vault, and the ElastiCache snapshot policy) to the Job Matching API's estate on the simulated
cloud, applies it again to show nothing is left to change, and prints the compliance report.

  --drifted   first make the estate drift from the plan (shorter retention, a copy rule
              dropped, cache snapshots cut), as accounts do, so the apply has work to do
  --dry-run   only report what would change
  --json      print the run as JSON
  --seed N    seed of the simulated cloud (default 1)
  --strict    exit 1 when a control is NON_COMPLIANT`;

/**
 * The `backup-strategy` program: parses its arguments, runs {@link runBackupStrategy} and prints
 * the strategy, what the apply changed, the second apply, and the compliance report. Returns the
 * exit code: 0 done (1 with `--strict` and a non-compliant control), 2 bad arguments or an error.
 *
 * @example
 * ```ts
 * process.exitCode = await backupStrategyProgram(process.argv.slice(2), { out: console.log, err: console.error });
 * ```
 */
export async function backupStrategyProgram(args: readonly string[], io: ProgramIo): Promise<number> {
  let dryRun = false;
  let drifted = false;
  let json = false;
  let strict = false;
  let seed = 1;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--dry-run') dryRun = true;
    else if (a === '--drifted') drifted = true;
    else if (a === '--json') json = true;
    else if (a === '--strict') strict = true;
    else if (a === '--seed' && /^\d+$/.test(args[i + 1] ?? '')) seed = Number(args[++i]);
    else if (a === '--help' || a === '-h') {
      io.out(USAGE);
      return 0;
    } else {
      io.err(`backup-strategy: unknown argument ${JSON.stringify(a)}\n\n${USAGE}`);
      return 2;
    }
  }
  const topology = seedTopology();
  const cloud = createSimulatedCloud({ topology, seed });
  try {
    if (drifted) {
      await driftEstate(cloud, topology);
      if (!json) io.out(`The estate has drifted:\n${DRIFT.map((d) => `  - ${d}`).join('\n')}\n`);
    }
    const run = await runBackupStrategy({ cloud, dryRun });
    if (run.isErr()) {
      io.err(`backup-strategy: ${formatDrError(run.error)}`);
      return 2;
    }
    const r = run.value;
    if (json) io.out(JSON.stringify(r, null, 2));
    else {
      io.out(formatStrategy(r.strategy));
      io.out(`\n${dryRun ? 'Dry run: ' : 'Apply: '}${formatApplyReport(r.applied)}`);
      if (r.reapplied) io.out(`\nApply again: ${formatApplyReport({ ...r.reapplied, notes: [] })}`);
      io.out(`\n${formatComplianceReport(r.compliance)}`);
    }
    return strict && !r.compliance.compliant ? 1 : 0;
  } finally {
    await cloud.dispose();
  }
}
