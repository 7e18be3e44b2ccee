import { formatDuration } from '@drkit/core';
import type { DrillReport, DrillScenarioReport } from './types';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Renders `report.html`: one timeline per scenario (steps as bars, the cloud operations they
 * waited on as thinner bars beneath, the RTO objective as a line), so a person sees at a
 * glance where the time went.
 */
export function renderHtml(report: DrillReport): string {
  const sections = report.scenarios.map(renderScenario).join('\n');
  const passed = report.scenarios.filter((s) => s.status === 'passed').length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>drkit drill report</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d232a;background:#fff}
h1{font-size:20px;margin:0 0 4px} .meta{color:#555;margin-bottom:16px}
section{border:1px solid #d5dbe1;border-radius:6px;padding:12px 16px;margin:0 0 16px}
h2{font-size:16px;margin:0 0 6px} .passed{color:#12703a} .failed{color:#b3261e}
.figures{display:flex;gap:24px;margin:4px 0 8px;flex-wrap:wrap} .figures b{font-weight:600}
svg{display:block;width:100%;height:auto} .reason{color:#b3261e;margin:4px 0}
.checks{color:#555;font-size:13px;margin-top:4px} .checks ul{margin:2px 0 0 18px;padding:0} .meta{color:#555}
</style></head><body>
<h1>drkit drill — ${passed}/${report.scenarios.length} scenarios passed</h1>
<div class="meta">${esc(report.mode)} cloud · seed ${report.seed} · started ${esc(report.startedAt)}${report.faults.length ? ` · faults: ${esc(report.faults.join(', '))}` : ''} · objectives RTO ${formatDuration(report.objectives.rtoSeconds * 1000)}, RPO ${formatDuration(report.objectives.rpoSeconds * 1000)}</div>
${sections}
</body></html>
`;
}

/** A label that fits the left column (the full text stays in the bar's tooltip). */
const fit = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function renderScenario(s: DrillScenarioReport): string {
  const starts = s.steps.map((st) => Date.parse(st.startedAt));
  const ends = s.steps.map((st) => Date.parse(st.finishedAt));
  // The timeline starts at the incident: the RTO is measured from there.
  const incidentAt = s.incident ? Date.parse(s.incident.at) : undefined;
  const t0 = Math.min(...(starts.length ? starts : [0]), incidentAt ?? Infinity);
  const last = Math.max(...(ends.length ? ends : [t0]), t0 + s.rto.measuredSeconds * 1000);
  const span = Math.max(1, last - t0, s.rto.objectiveSeconds * 1000 * 0.25) * 1.04;
  const width = 960;
  const left = 240;
  const plotW = width - left - 40;
  const x = (t: number) => left + ((t - t0) / span) * plotW;
  const rowH = 22;
  let y = 30;
  const bars: string[] = [];
  for (const st of s.steps) {
    const a = Date.parse(st.startedAt);
    const b = Date.parse(st.finishedAt);
    const color = st.status === 'failed' ? '#d9534f' : st.compensated ? '#f0ad4e' : '#2e7dd1';
    bars.push(
      `<text x="${left - 8}" y="${y + 14}" text-anchor="end" font-size="12">${esc(fit(st.name, 30))}</text>` +
        `<rect class="step" x="${x(a).toFixed(1)}" y="${y + 3}" width="${Math.max(2, x(b) - x(a)).toFixed(1)}" height="14" fill="${color}" rx="2"><title>${esc(st.name)}: ${formatDuration(b - a)} (${st.status})</title></rect>`,
    );
    y += rowH;
    for (const op of st.operations ?? []) {
      const oa = Date.parse(op.startedAt);
      const ob = Date.parse(op.readyAt);
      bars.push(
        `<text x="${left - 8}" y="${y + 11}" text-anchor="end" font-size="11" fill="#666">↳ ${esc(fit(op.name, 34))}</text>` +
          `<rect class="operation" x="${x(oa).toFixed(1)}" y="${y + 4}" width="${Math.max(2, x(ob) - x(oa)).toFixed(1)}" height="8" fill="#9fc3ea" rx="2"><title>${esc(op.name)}: ${formatDuration(ob - oa)}</title></rect>`,
      );
      y += rowH - 4;
    }
  }
  const height = y + 30;
  const rtoX = x(t0 + s.rto.objectiveSeconds * 1000);
  const axis: string[] = [];
  const ticks = 6;
  for (let i = 0; i <= ticks; i++) {
    const t = (span * i) / ticks;
    axis.push(
      `<text x="${x(t0 + t).toFixed(1)}" y="${height - 8}" text-anchor="middle" font-size="11" fill="#555">${formatDuration(t)}</text>`,
    );
  }
  const rtoLine =
    rtoX <= left + plotW
      ? `<line x1="${rtoX.toFixed(1)}" x2="${rtoX.toFixed(1)}" y1="10" y2="${height - 22}" stroke="#b3261e" stroke-dasharray="4 3"/><text x="${(rtoX - 4).toFixed(1)}" y="12" text-anchor="end" font-size="11" fill="#b3261e">RTO objective</text>`
      : `<text x="${left + plotW}" y="12" text-anchor="end" font-size="11" fill="#b3261e">RTO objective ${formatDuration(s.rto.objectiveSeconds * 1000)} →</text>`;
  const measuredX = x(t0 + s.rto.measuredSeconds * 1000);
  const measuredLine =
    s.rto.measuredSeconds > 0
      ? `<line class="rto-measured" x1="${measuredX.toFixed(1)}" x2="${measuredX.toFixed(1)}" y1="18" y2="${height - 22}" stroke="${s.status === 'passed' ? '#12703a' : '#b3261e'}" stroke-width="1.5"/><text x="${(measuredX + 4).toFixed(1)}" y="${height - 26}" font-size="11" fill="${s.status === 'passed' ? '#12703a' : '#b3261e'}">RTO ${formatDuration(s.rto.measuredSeconds * 1000)}</text>`
      : '';
  const incidentLine =
    incidentAt !== undefined
      ? `<line x1="${x(incidentAt).toFixed(1)}" x2="${x(incidentAt).toFixed(1)}" y1="18" y2="${height - 22}" stroke="#555" stroke-dasharray="2 2"/><text x="${(x(incidentAt) + 3).toFixed(1)}" y="24" font-size="11" fill="#555">incident</text>`
      : '';
  const failedChecks = (s.checks ?? []).filter((c) => !c.passed);
  const checks = s.checks
    ? `<div class="checks">consistency checks: ${s.checks.length - failedChecks.length}/${s.checks.length} passed${failedChecks.length ? `<ul>${failedChecks.map((c) => `<li class="failed">${esc(c.name)}: ${esc(c.detail ?? 'failed')}</li>`).join('')}</ul>` : ''}</div>`
    : '';
  return `<section data-scenario="${esc(s.name)}">
<h2>${esc(s.name)} <span class="${s.status}">${s.status.toUpperCase()}</span></h2>
<div>${esc(s.title)}</div>
${s.incident ? `<div class="meta">incident: ${esc(s.incident.description)} at ${esc(s.incident.at)}</div>` : ''}
${s.reason ? `<div class="reason">${esc(s.reason)}</div>` : ''}
<div class="figures"><span>RTO <b>${formatDuration(s.rto.measuredSeconds * 1000)}</b> / objective ${formatDuration(s.rto.objectiveSeconds * 1000)} (critical path ${formatDuration(s.rto.criticalPathSeconds * 1000)})</span>
<span>RPO <b>${s.rpo.measuredSeconds === null ? '—' : formatDuration(s.rpo.measuredSeconds * 1000)}</b> / objective ${formatDuration(s.rpo.objectiveSeconds * 1000)}</span>
<span>plan estimate ${esc(s.planEstimate)}</span><span>${s.apiCalls} API calls</span><span>audit ${s.audit.records} records, ${s.audit.verified ? 'chain verified' : 'CHAIN BROKEN'}</span></div>
<svg class="timeline" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="timeline of ${esc(s.name)}">
<line x1="${left}" x2="${width - 20}" y1="${height - 22}" y2="${height - 22}" stroke="#999"/>
${axis.join('\n')}
${incidentLine}
${bars.join('\n')}
${measuredLine}
${rtoLine}
</svg>
${checks}
</section>`;
}
