import type { SimulatedCloud } from '../../aws/SimulatedCloud';
import { codedeployService } from '../../aws/codedeploy';
import type { SeedTopology } from '../names';

/**
 * Builds CodeDeploy in both regions: the application, a deployment group over the region's
 * Auto Scaling group (automatic rollback on failure and on alarm, stopped by the 5xx alarm),
 * and a successful deployment of the known-good revision that finished before the cloud was
 * created, so "roll back to the last known-good revision" has something to roll back to.
 *
 * @example
 * ```ts
 * buildDeploy(cloud, topology);
 * ```
 */
export function buildDeploy(cloud: SimulatedCloud, topology: SeedTopology): void {
  const d = topology.deploy;
  const now = cloud.clock.now();
  for (const side of ['primary', 'dr'] as const) {
    const region = topology.regions[side];
    const cd = cloud.state(codedeployService, region);
    cd.createApplication(d.applicationName, 'Server');
    const groupName = side === 'primary' ? d.primaryDeploymentGroupName : d.drDeploymentGroupName;
    cd.createDeploymentGroup({
      applicationName: d.applicationName,
      name: groupName,
      autoScalingGroups: [topology.web[side].autoScalingGroupName],
      serviceRoleArn: `arn:aws:iam::${topology.accountId}:role/${d.applicationName}-codedeploy`,
      deploymentConfigName: d.deploymentConfigName,
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] },
      alarmConfiguration: {
        enabled: true,
        ignorePollAlarmFailure: false,
        alarms: [{ name: topology.alarms.errorRate }],
      },
    });
    cd.registerRevision(d.applicationName, d.knownGoodRevision, 'Known-good release 1.42.0');
    if (topology.web[side].desiredCapacity === 0) continue;
    // The instances have been InService since an hour before creation; the release went out
    // half an hour ago and finished well before now (one instance at a time, 1-2 min each).
    cd.createDeployment({
      applicationName: d.applicationName,
      groupName,
      revision: d.knownGoodRevision,
      description: 'Release 1.42.0',
      now: now - 30 * 60_000,
    });
  }
}
