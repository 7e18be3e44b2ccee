import { formatDuration } from '@drkit/core';
import type { DrillEvent } from './runScenario';

/** Options of {@link progressPrinter}. */
export interface ProgressOptions {
  /** Where lines go (default: stderr). */
  readonly write?: (line: string) => void;
  /** Print the steps' progress messages too (default true). */
  readonly details?: boolean;
}

const since = (t: number, t0: number) => `T+${formatDuration(Math.max(0, t - t0))}`;

/**
 * Turns the drill's events into readable progress lines, one scenario after another: the
 * incident, each step as it finishes (virtual time since the incident, and how long it took),
 * compensations and cleanups, then the verdict. Times are the simulated cloud's.
 *
 * @example
 * ```ts
 * await runScenario(info, scenario, { env, seed, journal, onEvent: progressPrinter() });
 * ```
 */
export function progressPrinter(options: ProgressOptions = {}): (event: DrillEvent) => void {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const details = options.details ?? true;
  const lastMessage = new Map<string, string>();
  return (e) => {
    switch (e.type) {
      case 'scenario:started':
        write(`\n▶ ${e.scenario}${e.dryRun ? ' (dry run)' : ''} — ${e.title}`);
        break;
      case 'scenario:phase':
        if (e.phase === 'setup') write(`  · setting up the scenario's starting point`);
        break;
      case 'scenario:plan':
        for (const line of e.plan.split('\n')) write(`  ${line}`);
        break;
      case 'runbook': {
        const ev = e.event;
        const t = since(ev.at, e.incidentAt);
        switch (ev.type) {
          case 'run:started':
            write(`  · incident at ${new Date(e.incidentAt).toISOString()}; runbook ${ev.runbook} starts ${t}`);
            break;
          case 'approval:granted':
            write(`  ✓ ${ev.step}: approved by ${ev.by}`);
            break;
          case 'approval:denied':
            write(`  ✗ ${ev.step}: approval denied by ${ev.by}`);
            break;
          case 'step:progress': {
            const key = `${e.scenario}/${ev.step}`;
            if (details && lastMessage.get(key) !== ev.message) {
              lastMessage.set(key, ev.message);
              write(`      ${ev.step}: ${ev.message}`);
            }
            break;
          }
          case 'step:finished':
            write(
              ev.status === 'ok'
                ? `  ✓ ${ev.step.padEnd(28)} ${t.padEnd(10)} took ${formatDuration(ev.durationMs)}`
                : `  ✗ ${ev.step.padEnd(28)} ${t.padEnd(10)} ${ev.error ? `${ev.error.kind}: ${ev.error.message}` : 'failed'}`,
            );
            break;
          case 'step:compensated':
            write(`  ↺ ${ev.step} compensated (${ev.status})${ev.error ? `: ${ev.error.message}` : ''}`);
            break;
          case 'step:cleanup':
            if (ev.status === 'failed' || ev.action === 'abandon')
              write(`  ⌫ ${ev.step} ${ev.action} ${ev.status}${ev.error ? `: ${ev.error.message}` : ''}`);
            break;
          default:
            break;
        }
        break;
      }
      case 'scenario:finished': {
        const r = e.report;
        const rpo = r.rpo.measuredSeconds === null ? '—' : formatDuration(r.rpo.measuredSeconds * 1000);
        for (const c of r.checks ?? []) if (!c.passed) write(`  ✗ check ${c.name}: ${c.detail ?? 'failed'}`);
        const checks = r.checks ? ` · ${r.checks.filter((c) => c.passed).length}/${r.checks.length} checks` : '';
        write(
          r.steps.some((s) => s.status === 'planned')
            ? `${r.status === 'passed' ? '✔' : '✘'} ${r.name} planned · ${r.apiCalls} API calls made · ${r.wallMs} ms`
            : `${r.status === 'passed' ? '✔' : '✘'} ${r.name} ${r.status.toUpperCase()} · RTO ${formatDuration(r.rto.measuredSeconds * 1000)} / ${formatDuration(r.rto.objectiveSeconds * 1000)} · RPO ${rpo} / ${formatDuration(r.rpo.objectiveSeconds * 1000)}${checks} · ${r.apiCalls} API calls · ${r.wallMs} ms`,
        );
        if (r.reason) write(`  reason: ${r.reason}`);
        break;
      }
    }
  };
}
