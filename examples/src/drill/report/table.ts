import { formatDuration } from '@drkit/core';
import type { DrillReport } from './types';

/** Renders the drill's summary table: measured RTO and RPO against the plan and the objectives. */
export function renderTable(report: DrillReport): string {
  const header = [
    'scenario',
    'status',
    'RTO measured',
    'critical path',
    'RTO objective',
    'RPO measured',
    'RPO objective',
    'plan estimate',
  ];
  const rows = report.scenarios.map((s) => [
    s.name,
    s.status === 'passed' ? 'PASSED' : 'FAILED',
    formatDuration(s.rto.measuredSeconds * 1000),
    formatDuration(s.rto.criticalPathSeconds * 1000),
    formatDuration(s.rto.objectiveSeconds * 1000),
    s.rpo.measuredSeconds === null ? '—' : formatDuration(s.rpo.measuredSeconds * 1000),
    formatDuration(s.rpo.objectiveSeconds * 1000),
    s.planEstimate,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  const failed = report.scenarios.filter((s) => s.status === 'failed');
  for (const s of failed) out.push(`  ${s.name}: ${s.reason ?? 'failed'}`);
  const passed = report.scenarios.length - failed.length;
  out.push('', `${passed} passed, ${failed.length} failed`);
  return out.join('\n');
}
