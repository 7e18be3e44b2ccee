import { okAsync } from 'neverthrow';
import {
  autoApprove,
  formatRunbookPlan,
  noopMetrics,
  parseDuration,
  runRunbook,
  silentLogger,
  verifyAuditLog,
  withAuditLog,
  type AuditSink,
  type DrContext,
  type DrError,
  type RunbookEvent,
  type RunbookReport,
} from '@drkit/core';
import type { DrillEnvironment } from '../env/types';
import type { ScenarioInfo } from '../scenarios/catalog';
import type { AnyScenario, ConsistencyCheck, Incident } from '../scenarios/types';
import { commonChecks } from '../scenarios/shared/consistency';
import type { DrillScenarioReport, DrillStepReport } from './report/types';

/** What the drill reports while a scenario runs (for the progress display). */
export type DrillEvent =
  | { readonly type: 'scenario:started'; readonly scenario: string; readonly title: string; readonly dryRun: boolean }
  | { readonly type: 'scenario:phase'; readonly scenario: string; readonly phase: string; readonly at: number }
  | { readonly type: 'runbook'; readonly scenario: string; readonly event: RunbookEvent; readonly incidentAt: number }
  | { readonly type: 'scenario:plan'; readonly scenario: string; readonly plan: string }
  | { readonly type: 'scenario:finished'; readonly scenario: string; readonly report: DrillScenarioReport };

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  /** The environment to run in (a fresh simulated cloud per scenario, or the live account). */
  readonly env: DrillEnvironment;
  /** Seed of the run (names the run id, so a rerun with the same seed has the same idempotency keys). */
  readonly seed: number;
  /** Faults to inject after the setup, just before the incident (simulated only). */
  readonly faults?: readonly string[];
  readonly dryRun?: boolean;
  /** The hash-chained journal every scenario of the drill appends to. */
  readonly journal: AuditSink;
  readonly onEvent?: (event: DrillEvent) => void;
}

/**
 * The context a scenario's steps run with: the environment's clock, a silent logger (progress
 * goes through events), the shared journal and a run id fixed by scenario and seed.
 *
 * @example
 * ```ts
 * const ctx = scenarioContext(env, 'region-failover', 1, journal);
 * ```
 */
export function scenarioContext(env: DrillEnvironment, name: string, seed: number, journal: AuditSink): DrContext {
  let state = (seed * 2654435761) >>> 0 || 1;
  return {
    clock: env.clock,
    signal: new AbortController().signal,
    logger: silentLogger,
    audit: journal,
    metrics: noopMetrics,
    runId: `drill-${name}-seed${seed}`,
    dryRun: false,
    // xorshift32: deterministic jitter, so a seed replays the same drill.
    random: () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 4294967296;
    },
  };
}

/** The objectives of a scenario in an environment (the scenario's own, else the config's), in ms. */
export function objectivesOf(
  env: DrillEnvironment,
  own: { readonly rto?: string; readonly rpo?: string } = {},
): { rtoMs: number; rpoMs: number } {
  return {
    rtoMs: parseDuration(own.rto ?? env.config.objectives.rto).unwrapOr(3_600_000),
    rpoMs: parseDuration(own.rpo ?? env.config.objectives.rpo).unwrapOr(900_000),
  };
}

const iso = (t: number | undefined) => new Date(t ?? 0).toISOString();

/**
 * Runs one scenario in an environment: setup, incident, the recovery runbook (RTO deadline,
 * journal, progress events, auto-approval), then the consistency checks. Never throws: a
 * failure anywhere becomes a failed scenario with its reason. The environment is not disposed.
 *
 * @example
 * ```ts
 * const report = await runScenario(info, scenario, { env, seed: 1, journal: memoryAuditSink() });
 * report.status; // 'passed'
 * ```
 */
export async function runScenario(
  info: ScenarioInfo,
  scenario: AnyScenario,
  options: RunScenarioOptions,
): Promise<DrillScenarioReport> {
  const { env, journal } = options;
  const wall = performance.now();
  const emit = (e: DrillEvent) => {
    try {
      options.onEvent?.(e);
    } catch {
      // A broken progress display must not break the drill.
    }
  };
  const ctx = scenarioContext(env, info.name, options.seed, journal);
  const { rtoMs, rpoMs } = objectivesOf(env, scenario.objectives);
  const dryRun = options.dryRun ?? false;
  emit({ type: 'scenario:started', scenario: info.name, title: info.title, dryRun });
  const base = {
    name: info.name,
    title: info.title,
    planEstimate: info.planEstimate,
    rto: { objectiveSeconds: rtoMs / 1000, measuredSeconds: 0, criticalPathSeconds: 0 },
    rpo: { objectiveSeconds: rpoMs / 1000, measuredSeconds: null },
    steps: [] as DrillStepReport[],
    apiCalls: 0,
    audit: { records: 0, verified: false },
  };
  const finish = (report: Omit<DrillScenarioReport, 'wallMs'>): DrillScenarioReport => {
    const full = { ...report, wallMs: Math.round(performance.now() - wall) };
    emit({ type: 'scenario:finished', scenario: info.name, report: full });
    return full;
  };
  const fail = (reason: string, extra: Partial<DrillScenarioReport> = {}) =>
    finish({ ...base, status: 'failed', reason, ...extra });

  const runOptions = {
    objectives: { rto: rtoMs, rpo: rpoMs },
    approver: autoApprove('drill (auto-approved)'),
    journal,
    actor: 'drkit drill',
  };

  if (dryRun) {
    const callsBefore = env.apiCalls();
    let rb;
    try {
      rb = scenario.runbook(env, {});
    } catch (e) {
      return fail(`the runbook could not be built: ${e instanceof Error ? e.message : String(e)}`);
    }
    const planned = await runRunbook(rb, { ...runOptions, dryRun: true }, ctx);
    if (planned.isErr()) return fail(`dry run refused: ${planned.error.message}`);
    const plan = formatRunbookPlan(planned.value);
    emit({ type: 'scenario:plan', scenario: info.name, plan });
    return finish({
      ...base,
      status: 'passed',
      steps: planned.value.steps.map((s) => ({
        name: s.name,
        status: 'planned',
        startedAt: iso(planned.value.startedAt),
        finishedAt: iso(planned.value.startedAt),
        compensated: false,
      })),
      plan: (planned.value.plan ?? []).map((p) => ({
        step: p.name,
        calls: p.calls.map((c) => `${c.port} ${c.target} ${c.operation}`),
      })),
      apiCalls: env.apiCalls() - callsBefore,
      audit: { records: planned.value.journal.records, verified: planned.value.journal.verified },
    });
  }

  // 1. Setup (journalled like every side effect of the drill).
  const phase = (name: string) =>
    emit({ type: 'scenario:phase', scenario: info.name, phase: name, at: env.clock.now() });
  let setup: unknown;
  if (scenario.setup) {
    phase('setup');
    const setupFn = scenario.setup.bind(scenario);
    const audited = withAuditLog((e: DrillEnvironment, c: DrContext) => setupFn(e, c), {
      sink: journal,
      actor: 'drkit drill',
      step: `${info.name}:setup`,
      summarize: () => ({ done: true }),
    });
    const done = await audited(env, ctx);
    if (done.isErr()) return fail(`setup failed: ${done.error.message}`);
    setup = done.value;
  }

  // 2. The user's faults, on top of the scenario's own.
  for (const spec of options.faults ?? []) {
    if (!env.simulation) return fail(`--fault ${spec}: faults can only be injected into the simulated cloud`);
    const injected = env.simulation.cloud.inject(spec);
    if (injected.isErr()) return fail(`--fault ${spec}: ${injected.error.message}`);
  }

  // 3. The incident.
  phase('incident');
  const incidentFn = scenario.incident.bind(scenario);
  const cause = withAuditLog((e: DrillEnvironment, s: unknown, c: DrContext) => incidentFn(e, c, s), {
    sink: journal,
    actor: 'drkit drill',
    step: `${info.name}:incident`,
    summarize: (i: Incident) => ({ at: new Date(i.at).toISOString(), description: i.description }),
  });
  const callsAtIncident = env.apiCalls();
  const caused = await cause(env, setup, ctx);
  if (caused.isErr()) return fail(`the incident could not be caused: ${caused.error.message}`);
  const incident = caused.value;

  // 4. The recovery runbook.
  let rb;
  try {
    rb = scenario.runbook(env, { setup, incident });
  } catch (e) {
    return fail(`the runbook could not be built: ${e instanceof Error ? e.message : String(e)}`);
  }
  const ran = await runRunbook(
    rb,
    {
      ...runOptions,
      incidentAt: incident.at,
      onEvent: (event) => emit({ type: 'runbook', scenario: info.name, event, incidentAt: incident.at }),
    },
    ctx,
  );
  const apiCalls = env.apiCalls() - callsAtIncident;
  if (ran.isErr()) return fail(`the runbook did not run: ${ran.error.message}`, { apiCalls });
  const report: RunbookReport = ran.value as RunbookReport;

  // 5. Consistency, whatever the outcome.
  phase('verify');
  const verifyFn = scenario.verify.bind(scenario);
  const checks: ConsistencyCheck[] = [];
  const verified = await verifyFn(env, ctx, { setup, incident, report }).orElse((e: DrError) =>
    okAsync<ConsistencyCheck[], DrError>([
      { name: 'consistency-checks-ran', passed: false, detail: `the checks could not run: ${e.message}` },
    ]),
  );
  if (verified.isOk()) checks.push(...verified.value);
  const own = new Set(checks.map((c) => c.name));
  checks.push(...(await commonChecks(env)).filter((c) => !own.has(c.name)));
  const records = journal.read ? await journal.read() : [];
  const chain = verifyAuditLog(records);

  const failedChecks = checks.filter((c) => !c.passed);
  const reason =
    report.status === 'failed'
      ? report.reason
      : failedChecks.length > 0
        ? `consistency check failed: ${failedChecks.map((c) => `${c.name} (${c.detail ?? 'failed'})`).join('; ')}`
        : !chain.ok
          ? 'the audit journal does not verify'
          : undefined;
  return finish({
    ...base,
    status: reason === undefined ? 'passed' : 'failed',
    ...(reason !== undefined ? { reason } : {}),
    rto: {
      objectiveSeconds: report.rto.objectiveMs / 1000,
      measuredSeconds: report.rto.measuredMs / 1000,
      criticalPathSeconds: report.rto.criticalPathMs / 1000,
    },
    rpo: {
      objectiveSeconds: report.rpo.objectiveMs / 1000,
      measuredSeconds: report.rpo.measuredMs === null ? null : report.rpo.measuredMs / 1000,
    },
    steps: stepsOf(report),
    apiCalls,
    audit: { records: report.journal.records, verified: report.journal.verified && chain.ok },
    checks: checks.map((c) => ({ name: c.name, passed: c.passed, ...(c.detail ? { detail: c.detail } : {}) })),
    incident: { at: iso(incident.at), description: incident.description },
  });
}

function stepsOf(report: RunbookReport): DrillStepReport[] {
  return report.steps
    .filter((s) => s.startedAt !== undefined)
    .map((s) => ({
      name: s.name,
      status:
        s.status === 'failed'
          ? 'failed'
          : s.compensated
            ? 'compensated'
            : s.status === 'skipped'
              ? 'skipped'
              : 'succeeded',
      startedAt: iso(s.startedAt),
      finishedAt: iso(s.finishedAt ?? s.startedAt),
      compensated: s.compensated,
      ...(s.operations.length > 0
        ? {
            operations: s.operations.map((o) => ({
              name: o.name,
              startedAt: iso(o.startedAt),
              readyAt: iso(o.readyAt),
            })),
          }
        : {}),
      ...(s.error ? { error: `${s.error.kind}: ${s.error.message}` } : {}),
    }));
}
