import type { PlannedCall } from '../primitives/plan';
import type { RunbookReport } from './types';

/**
 * Renders a dry run's plan for people: the stages in order (steps of one stage side by side),
 * approvals, and every call each step would make.
 *
 * @example
 * ```ts
 * const planned = await runRunbook(failover, { dryRun: true }, ctx);
 * if (planned.isOk()) console.log(formatRunbookPlan(planned.value));
 * // Runbook region-failover — dry run, 3 stages, 4 steps, 3 planned calls
 * // 1. approve-failover [other] — needs approval: "Fail over api.example.com to eu-west-1?"
 * // 2. promote-db [recovery] ∥ scale-web [recovery]
 * //      promote-db → Standby asg:web-eu-west-1 promote {"idempotencyKey":"drkit-…"}
 * // …
 * ```
 */
export function formatRunbookPlan(report: Pick<RunbookReport, 'name' | 'plan'>): string {
  const plan = report.plan ?? [];
  const stages: (typeof plan)[number][][] = [];
  for (const step of plan) (stages[step.stage] ??= []).push(step);
  const calls = plan.reduce((n, s) => n + s.calls.length, 0);
  const lines = [
    `Runbook ${report.name} — dry run, ${stages.length} stage${stages.length === 1 ? '' : 's'}, ${plan.length} step${plan.length === 1 ? '' : 's'}, ${calls} planned call${calls === 1 ? '' : 's'}`,
  ];
  stages.forEach((steps, i) => {
    const heads = steps.map((s) => `${s.name} [${s.kind}]`).join(' ∥ ');
    const approvals = steps.filter((s) => s.approval !== undefined).map((s) => `needs approval: "${s.approval}"`);
    lines.push(`${i + 1}. ${heads}${approvals.length ? ` — ${approvals.join('; ')}` : ''}`);
    for (const s of steps) {
      if (s.description) lines.push(`     ${s.name}: ${s.description}`);
      if (s.error !== undefined) lines.push(`     ${s.name} → plan failed: ${s.error}`);
      else if (!s.declared) lines.push(`     ${s.name} → (declares no plan: its calls are not known)`);
      for (const c of s.calls) lines.push(`     ${s.name} → ${formatCall(c)}`);
    }
  });
  return lines.join('\n');
}

function formatCall(call: PlannedCall): string {
  const input = call.input && Object.keys(call.input).length > 0 ? ` ${JSON.stringify(call.input)}` : '';
  return `${call.port} ${call.target} ${call.operation}${input}`;
}
