import { describe, expect, it } from 'vitest';
import { verifyAuditLog } from '@drkit/core';
import { autoscalingService } from '@drkit/testing';
import { INFRA_SCENARIOS, estate, withScenarioRun } from './support/drill';

describe('the infrastructure scenarios on the seed estate', () => {
  it.each(INFRA_SCENARIOS)('%s passes within its objectives, consistent and journalled', async (name) => {
    // Prepare: a fresh simulated cloud with the seed topology (inside withScenarioRun).
    await withScenarioRun(name, {}, ({ report, journal }) => {
      // Act: done by withScenarioRun (setup, incident, runbook, consistency checks).
      // Assess: passed, every step succeeded, RTO within the objective and above the critical path.
      expect(report.reason).toBeUndefined();
      expect(report.status).toBe('passed');
      expect(report.steps.length).toBeGreaterThanOrEqual(3);
      expect(report.steps.every((s) => s.status === 'succeeded')).toBe(true);
      expect(report.rto.measuredSeconds).toBeGreaterThan(0);
      expect(report.rto.measuredSeconds).toBeLessThanOrEqual(report.rto.objectiveSeconds);
      expect(report.rto.criticalPathSeconds).toBeLessThanOrEqual(report.rto.measuredSeconds);
      expect(report.checks?.length).toBeGreaterThanOrEqual(4);
      expect(report.checks?.filter((c) => !c.passed)).toEqual([]);
      expect(report.apiCalls).toBeGreaterThan(0);
      expect(report.audit.verified).toBe(true);
      expect(verifyAuditLog(journal.records).ok).toBe(true);
    });
  });

  it('region-failover leaves traffic, capacity and the data tier in the DR region', async () => {
    await withScenarioRun('region-failover', {}, ({ report, env }) => {
      expect(report.status).toBe('passed');
      const now = estate(env);
      expect(now.failoverAnswer).toBe(env.config.dns.setIdentifiers.dr);
      expect(now.drGroup).toEqual(env.config.web.dr.promotedCapacity);
      expect(now.cachePrimaryRegion).toBe(env.config.regions.dr);
      expect(now.activeRegionInDr).toBe(env.config.regions.dr);
      // The plan's estimate for automated failover is 5-15 minutes.
      expect(report.rto.measuredSeconds).toBeLessThanOrEqual(15 * 60);
    });
  });

  it('region-failover-manual flips the failover records by hand after an approval', async () => {
    await withScenarioRun('region-failover-manual', {}, ({ report, env }) => {
      expect(report.status).toBe('passed');
      expect(report.steps.map((s) => s.name)).toContain('approve-failover');
      expect(estate(env).failoverAnswer).toBe(env.config.dns.setIdentifiers.dr);
      expect(estate(env).drGroup).toEqual(env.config.web.dr.promotedCapacity);
    });
  });

  it('failback moves all traffic home in 10 % steps and puts the DR region back to standby', async () => {
    await withScenarioRun('failback', {}, ({ report, env }) => {
      expect(report.status).toBe('passed');
      const ids = env.config.dns.setIdentifiers;
      const now = estate(env);
      expect(now.weights).toEqual({ [ids.primary]: 100, [ids.dr]: 0 });
      expect(now.drGroup).toEqual(env.config.web.dr.capacity);
      expect(now.cachePrimaryRegion).toBe(env.config.regions.primary);
      expect(now.activeRegionInDr).toBe(env.config.regions.primary);
      // Ten increments, each propagated and baked with its gates.
      const shift = report.steps.find((s) => s.name === 'shift-home');
      expect(shift?.operations).toHaveLength(10);
    });
  });

  it('az-failure ends with the primary group serving outside the failed zone', async () => {
    await withScenarioRun('az-failure', {}, ({ report, env, cloud }) => {
      expect(report.status).toBe('passed');
      const zone = `${env.config.regions.primary}a`;
      const now = cloud.clock.now();
      const asg = cloud.state(autoscalingService, env.config.regions.primary);
      const group = asg.group(env.config.web.primary.autoScalingGroupName)!;
      const serving = group.instances.filter((i) => asg.isServing(i, now));
      expect(serving).toHaveLength(env.config.web.primary.capacity.desired);
      expect(serving.every((i) => i.az !== zone)).toBe(true);
    });
  });

  it('cicd-rollback brings the known-good release back', async () => {
    await withScenarioRun('cicd-rollback', {}, ({ report }) => {
      expect(report.status).toBe('passed');
      expect(report.checks?.find((c) => c.name === 'known-good-version-served')?.passed).toBe(true);
    });
  });
});
