import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyAuditLog, type AuditRecord } from '@drkit/core';
import { drillProgram } from '../src/drill/program';
import { SCENARIOS } from '../src/scenarios/catalog';
import { expectReportContract } from './support/contract';
import './support/drill';

/** Runs the drill's command line in-process, collecting what it writes. */
async function drill(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await drillProgram(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('the drill command line', () => {
  it('--json prints a report that keeps the report.json contract, progress going to stderr', async () => {
    // Act
    const run = await drill('--json', '--scenario', 'ec2-instance-failure', '--scenario', 'cicd-rollback');

    // Assess
    expect(run.code).toBe(0);
    const report: unknown = JSON.parse(run.stdout);
    expectReportContract(report);
    expect(report.scenarios.map((s) => s.name)).toEqual(['ec2-instance-failure', 'cicd-rollback']);
    expect(report.passed).toBe(true);
    expect(run.stderr).toContain('▶ ec2-instance-failure');
    expect(run.stderr).toMatch(/✓ await-replacement/);
  });

  it('prints the table of measured RTO and RPO against the plan and the objective', async () => {
    const run = await drill('--scenario', 'region-failover');

    expect(run.code).toBe(0);
    const row = run.stdout.split('\n').find((l) => l.startsWith('region-failover'));
    expect(row).toMatch(/PASSED/);
    expect(row).toMatch(/5-15 min/); // the plan's estimate
    expect(row).toMatch(/1h/); // the objective
    expect(run.stdout).toContain('1 passed, 0 failed');
    expect(run.stderr).toMatch(/wall time/);
  });

  it('exits 1 and says why when a scenario fails', async () => {
    const run = await drill(
      '--json',
      '--scenario',
      'region-failover',
      '--fault',
      'error:elasticache:FailoverGlobalReplicationGroup:InvalidGlobalReplicationGroupStateFault:1000',
    );

    expect(run.code).toBe(1);
    const report: unknown = JSON.parse(run.stdout);
    expectReportContract(report);
    expect(report.passed).toBe(false);
    expect(report.faults).toHaveLength(1);
    expect(report.scenarios[0]!.reason).toMatch(/promote-data.*InvalidGlobalReplicationGroupState/);
  });

  it('--report DIR writes report.json, report.html and a journal whose hash chain verifies', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'drill-report-'));
    try {
      const run = await drill('--scenario', 'az-failure', '--report', dir);

      expect(run.code).toBe(0);
      const report: unknown = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8'));
      expectReportContract(report);
      expect(await readFile(path.join(dir, 'report.html'), 'utf8')).toContain('class="step"');
      const lines = (await readFile(path.join(dir, 'journal.jsonl'), 'utf8')).trim().split('\n');
      const records = lines.map((l) => JSON.parse(l) as AuditRecord);
      expect(records.length).toBeGreaterThan(5);
      expect(verifyAuditLog(records)).toMatchObject({ ok: true });
      expect(records.some((r) => r.step === 'az-failure:incident')).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('--list names every scenario of the plan with its estimate, and the game day', async () => {
    const run = await drill('--list');

    expect(run.code).toBe(0);
    for (const s of SCENARIOS) expect(run.stdout).toMatch(new RegExp(`^${s.name}\\s+${s.planEstimate}`, 'm'));
    expect(run.stdout).toMatch(/^game-day\s/m);
  });

  it('refuses bad arguments, listing every problem, with exit code 2', async () => {
    const run = await drill('--seed', 'x', '--fault', 'melt:everything', '--scenario', 'no-such', '--yes');

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--seed: must be a non-negative integer/);
    expect(run.stderr).toMatch(/unknown fault kind "melt"/);
    expect(run.stderr).toMatch(/--yes: only applies with --live/);
    expect(run.stdout).toBe('');
  });

  it('refuses an unknown scenario, naming the known ones', async () => {
    const run = await drill('--scenario', 'no-such');

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown scenario "no-such" \(one of game-day, /);
  });
});
