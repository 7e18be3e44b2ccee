/**
 * `pnpm bench` for `@drkit/aws`: two benchmarks on the simulated cloud, each beside a baseline
 * measured in the same run. Figures are virtual-time outcomes (lag, calls, makespan), so they do
 * not depend on the machine; only the wall time printed at the end does.
 *
 * 1. Completion-detection lag and status reads per job — a ~30-minute AWS Backup restore, a
 *    ~20-minute ElastiCache restore and a Route 53 change — adaptive `waitFor` against the SDK's
 *    own waiters (AWS Backup has none: the usual loop polling every 30 s).
 * 2. A fleet restore test of 1,000 recovery points under an AWS Backup API quota: makespan
 *    against the bound the quota allows, and throttling errors surfaced to the caller, against a
 *    naive `Promise.all`.
 *
 * Run: `pnpm --filter @drkit/aws bench` (or `pnpm bench` at the root). Settings (environment):
 * `BENCH_TRIALS` (100), `BENCH_SEED` (1), `BENCH_FLEET` (1000), `BENCH_BACKUP_RPS` (10),
 * `BENCH_BACKUP_BURST` (20).
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { drkitFleet, naiveFleet, type FleetResult, type FleetSettings } from './fleet';
import { latencyBench, type LatencyRow } from './latency';

const env = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const TRIALS = env('BENCH_TRIALS', 100);
const SEED = env('BENCH_SEED', 1);
const FLEET: FleetSettings = {
  points: env('BENCH_FLEET', 1000),
  ratePerSecond: env('BENCH_BACKUP_RPS', 10),
  burst: env('BENCH_BACKUP_BURST', 20),
  seed: SEED,
  maxPollInterval: '1m',
  naivePollSeconds: 30,
};
const LAG_TARGET_MS = 5_000;
const RATIO_TARGET = 1.1;

const SCENARIOS: Record<string, string> = {
  backup: 'AWS Backup restore',
  elasticache: 'ElastiCache restore',
  route53: 'Route 53 change',
};

function quantile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? Number.NaN;
}
const avg = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0) / Math.max(1, xs.length);
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const min = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

function printLatency(rows: readonly LatencyRow[]): void {
  console.log(
    `1. Completion detection — lag (noticed − really finished) and status reads per job; ${TRIALS} seeded trials per row`,
  );
  console.log(
    `   ${pad('scenario (mean real duration)', 34)}${pad('method', 68)}${lpad('p50 lag', 9)}${lpad('p95 lag', 9)}${lpad('reads/job', 11)}`,
  );
  let last = '';
  for (const r of rows) {
    const name = r.scenario === last ? '' : `${SCENARIOS[r.scenario]} (${min(r.meanDurationMs)})`;
    last = r.scenario;
    console.log(
      `   ${pad(name, 34)}${pad(r.method, 68)}${lpad(sec(quantile(r.lagsMs, 0.5)), 9)}${lpad(sec(quantile(r.lagsMs, 0.95)), 9)}${lpad(avg(r.calls).toFixed(1), 11)}`,
    );
  }
  console.log('   verdicts (target: p95 lag ≤ 5 s with fewer reads than the baseline):');
  for (const scenario of Object.keys(SCENARIOS)) {
    const drkit = rows.find((r) => r.scenario === scenario && !r.baseline);
    const base = rows.find((r) => r.scenario === scenario && r.baseline);
    if (!drkit || !base) continue;
    const p95 = quantile(drkit.lagsMs, 0.95);
    const reads = avg(drkit.calls);
    const baseReads = avg(base.calls);
    console.log(
      `   - ${pad(SCENARIOS[scenario]! + ':', 21)}p95 lag ≤ 5 s ${met(p95 <= LAG_TARGET_MS)} (${sec(p95)}, baseline ${sec(quantile(base.lagsMs, 0.95))}); ` +
        `fewer reads ${met(reads < baseReads)} (${reads.toFixed(1)} vs ${baseReads.toFixed(1)})`,
    );
  }
}

/** Calls a fleet restore test cannot do without: the listing, then per point its metadata, the start and one read that sees it finished. */
function minimumCalls(points: number): number {
  return Math.ceil(points / 1000) + 3 * points;
}

function printFleet(results: readonly FleetResult[]): void {
  const { points, ratePerSecond: rate, burst } = FLEET;
  const callsNeeded = minimumCalls(points);
  const quotaMs = (callsNeeded / rate) * 1000;
  console.log('');
  console.log(
    `2. Fleet restore test — ${points} RDS recovery points restored at once; simulated AWS Backup API quota ${rate} calls/s (burst ${burst})`,
  );
  console.log(
    `   ${pad('run', 48)}${lpad('makespan', 10)}${lpad('bound', 10)}${lpad('ratio', 7)}${lpad('restored', 11)}${lpad('errors to caller', 18)}${lpad('throttled calls', 17)}${lpad('calls', 8)}`,
  );
  for (const r of results) {
    const bound = Math.max(quotaMs, r.longestRestoreMs);
    const errors = Object.values(r.surfaced).reduce((a, x) => a + x, 0);
    const kinds = Object.entries(r.surfaced)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    console.log(
      `   ${pad(r.label, 48)}${lpad(min(r.makespanMs), 10)}${lpad(min(bound), 10)}${lpad(r.restored === points ? (r.makespanMs / bound).toFixed(2) : '—', 7)}${lpad(`${r.restored}/${points}`, 11)}${lpad(String(errors), 18)}${lpad(String(r.throttled), 17)}${lpad(String(r.calls), 8)}${kinds ? `   (${kinds})` : ''}`,
    );
  }
  const drkit = results[0]!;
  console.log(
    `   bound = max(calls needed ÷ rate, longest restore): calls needed = 1 listing page per 1000 points + 3 per point ` +
      `(GetRecoveryPointRestoreMetadata, StartRestoreJob, one DescribeRestoreJob that sees it COMPLETED) = ${callsNeeded}, ` +
      `÷ ${rate}/s = ${min(quotaMs)}; longest restore job of the run (created → completed) = ${min(drkit.longestRestoreMs)}.`,
  );
  const bound = Math.max(quotaMs, drkit.longestRestoreMs);
  const ratio = drkit.makespanMs / bound;
  const surfaced = Object.values(drkit.surfaced).reduce((a, x) => a + x, 0);
  console.log('   verdicts:');
  console.log(
    `   - makespan ÷ bound ≤ ${RATIO_TARGET.toFixed(2)}: ${met(ratio <= RATIO_TARGET)} (${ratio.toFixed(3)})`,
  );
  console.log(
    `   - throttling errors surfaced to the caller = 0: ${met(surfaced === 0)} (${surfaced}; ${drkit.throttled} throttled calls absorbed by retries; ` +
      `${drkit.restored}/${points} restored)`,
  );
}

const wall = performance.now();
const cpu = cpus();
console.log(
  `@drkit/aws benchmarks — simulated cloud on virtual time, seed ${SEED}; ${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}, node ${process.version}\n`,
);
printLatency(await latencyBench(TRIALS, SEED));
printFleet([await drkitFleet(FLEET), await naiveFleet(FLEET)]);
console.log(`\nwall time ${((performance.now() - wall) / 1000).toFixed(1)} s`);
