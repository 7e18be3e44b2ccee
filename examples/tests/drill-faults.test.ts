import { describe, expect, it } from 'vitest';
import { estate, withScenarioRun } from './support/drill';

describe('drills under injected faults', () => {
  it.each([
    ['region-failover', ['throttle:route53']],
    ['region-failover', ['throttle:*:0.3', 'latency:elasticache:x2']],
    [
      'region-failover',
      [
        'error:autoscaling:UpdateAutoScalingGroup:ServiceUnavailable:2',
        'error:autoscaling:SetDesiredCapacity:ServiceUnavailable:2',
      ],
    ],
    [
      'region-failover',
      [
        'error:elasticache:FailoverGlobalReplicationGroup:ServiceUnavailableFault:2',
        'error:ssm:PutParameter:InternalServerError:2',
      ],
    ],
    ['region-failover-manual', ['throttle:route53', 'latency:route53:x3']],
    ['failback', ['throttle:route53:0.4', 'error:cloudwatch:GetMetricData:InternalServiceFault:2']],
    ['ec2-instance-failure', ['latency:autoscaling:x2', 'error:elbv2:DescribeTargetHealth:ServiceUnavailable:2']],
    ['az-failure', ['throttle:autoscaling:0.4', 'latency:autoscaling:x2']],
    ['cicd-rollback', ['throttle:codedeploy:0.4', 'error:codedeploy:StopDeployment:ThrottlingException:3']],
    // A second region-wide outage during the failover: the DR region keeps serving.
    ['ec2-instance-failure', ['region-outage:us-west-2@+1m~20m']],
  ] as const)('%s still passes under %j', async (name, faults) => {
    await withScenarioRun(name, { faults }, ({ report }) => {
      expect(report.reason).toBeUndefined();
      expect(report.status).toBe('passed');
      expect(report.checks?.filter((c) => !c.passed)).toEqual([]);
      expect(report.rto.measuredSeconds).toBeLessThanOrEqual(report.rto.objectiveSeconds);
    });
  });

  it('region-failover that cannot fail the cache over fails with the reason and puts the DR region back to standby', async () => {
    await withScenarioRun(
      'region-failover',
      { faults: ['error:elasticache:FailoverGlobalReplicationGroup:InvalidGlobalReplicationGroupStateFault:1000'] },
      ({ report, env }) => {
        // Assess: failed, saying which step and why …
        expect(report.status).toBe('failed');
        expect(report.reason).toMatch(/promote-data/);
        expect(report.reason).toMatch(/InvalidGlobalReplicationGroupState/);
        // … the DR web tier that was scaled up was scaled back down (compensation) …
        expect(report.steps.find((s) => s.name === 'scale-dr')?.compensated).toBe(true);
        const now = estate(env);
        expect(now.drGroup).toEqual(env.config.web.dr.capacity);
        expect(now.cachePrimaryRegion).toBe(env.config.regions.primary);
        expect(now.activeRegionInDr).toBe(env.config.regions.primary);
        // … and every consistency check holds: the cloud is as the incident left it.
        expect(report.checks?.filter((c) => !c.passed)).toEqual([]);
      },
    );
  });

  it('a failback whose error-rate gate cannot decide rolls traffic back and stays failed over', async () => {
    await withScenarioRun(
      'failback',
      { faults: ['error:cloudwatch:GetMetricData:InternalServiceFault:100000'] },
      ({ report, env }) => {
        expect(report.status).toBe('failed');
        expect(report.reason).toMatch(/shift-home/);
        expect(report.reason).toMatch(/GateFailed|gate/i);
        // Traffic back where it was (all on the DR region), the data tier back there too.
        const ids = env.config.dns.setIdentifiers;
        const now = estate(env);
        expect(now.weights).toEqual({ [ids.primary]: 0, [ids.dr]: 100 });
        expect(now.cachePrimaryRegion).toBe(env.config.regions.dr);
        expect(now.drGroup).toEqual(env.config.web.dr.promotedCapacity);
        expect(report.steps.find((s) => s.name === 'sync-data')?.compensated).toBe(true);
        expect(report.checks?.filter((c) => !c.passed)).toEqual([]);
      },
    );
  });

  it('a manual failover whose DR targets can never be seen healthy puts traffic back on the primary', async () => {
    await withScenarioRun(
      'region-failover-manual',
      { faults: ['error:elbv2:DescribeTargetHealth:ServiceUnavailable:100000'] },
      ({ report, env }) => {
        expect(report.status).toBe('failed');
        // The DR tier's readiness (and the validation) read target health: neither can pass.
        expect(report.reason).toMatch(/scale-dr|validate-dr/);
        expect(report.reason).toMatch(/DescribeTargetHealth/);
        expect(report.steps.find((s) => s.name === 'flip-dns')?.compensated).toBe(true);
        const now = estate(env);
        expect(now.failoverAnswer).toBe(env.config.dns.setIdentifiers.primary);
        expect(now.drGroup).toEqual(env.config.web.dr.capacity);
        expect(report.checks?.filter((c) => !c.passed)).toEqual([]);
      },
    );
  });
});
