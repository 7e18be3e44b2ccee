import { AutoScalingClient, SetInstanceHealthCommand } from '@aws-sdk/client-auto-scaling';
import { errAsync, okAsync } from 'neverthrow';
import { drError, runbook } from '@drkit/core';
import { awsSend } from '@drkit/aws';
import { defineScenario } from '../types';
import { injectIncident } from '../shared/incidents';
import { awaitGroupRecovered, describeGroup, detectUnhealthyTargets, tierChecks, validateTier } from '../shared/web';
import { capacityCheck, trafficCheck } from '../shared/estate';

/**
 * DR plan §1, "Single EC2 Instance Failure": one instance of the primary web tier dies. The ALB's
 * health checks mark its target unhealthy, Auto Scaling replaces it (no manual intervention),
 * and the drill validates that every target is healthy again, the application answers and the
 * alarms are quiet. Plan estimate: 5-10 minutes.
 *
 * Simulated, the failure is the `instance-failure:<group>` fault. Live, the drill marks one
 * instance of the named group `Unhealthy` (`SetInstanceHealth`), which makes Auto Scaling replace
 * it exactly as it would a crashed one.
 */
export default defineScenario({
  name: 'ec2-instance-failure',
  live: true,
  incident: (env, ctx) => {
    const group = env.config.web.primary.autoScalingGroupName;
    if (env.simulation) return injectIncident(env, `instance-failure:${group}`, { group });
    return describeGroup(env, 'primary', ctx).andThen((g) => {
      const victim = g.serving[0];
      if (!victim) return errAsync(drError('Conflict', `${group} has no healthy instance to fail`));
      const at = ctx.clock.now();
      return awsSend(
        env.client(AutoScalingClient, env.config.regions.primary),
        new SetInstanceHealthCommand({
          InstanceId: victim.id,
          HealthStatus: 'Unhealthy',
          ShouldRespectGracePeriod: false,
        }),
        { service: 'autoscaling' },
        ctx,
      ).andThen(() =>
        okAsync({
          at,
          description: `SetInstanceHealth ${victim.id} Unhealthy`,
          facts: { group, instanceId: victim.id },
        }),
      );
    });
  },
  // #region runbook
  runbook: (env) =>
    runbook('ec2-instance-failure')
      .step(detectUnhealthyTargets(env, 'detect', 'primary'))
      .step(awaitGroupRecovered(env, 'await-replacement', 'primary', { replacing: 'detect' }))
      .step(validateTier(env, 'validate', 'primary', tierChecks(env, 'primary'))),
  // #endregion runbook
  verify: (env, ctx) =>
    capacityCheck(env, 'primary', env.config.web.primary.capacity, ctx).andThen((capacity) =>
      trafficCheck(env, 'primary', ctx).map((traffic) => [capacity, traffic]),
    ),
});
