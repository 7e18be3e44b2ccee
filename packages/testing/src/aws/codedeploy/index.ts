import { defineSimService } from '../kernel/SimService';
import { CodeDeployState } from './CodeDeployState';
import { codedeployHandlers } from './handlers';

export * from './CodeDeployState';

/**
 * Simulated AWS CodeDeploy (EC2/Server platform): applications, deployment groups over Auto
 * Scaling groups, revisions, and in-place deployments that progress on virtual time, fail on
 * revisions marked bad, stop, and roll back automatically to the last successful revision.
 *
 * @example
 * ```ts
 * const cd = cloud.client(CodeDeployClient, { region: 'us-east-1' });
 * const { deploymentId } = await cd.send(new CreateDeploymentCommand({ applicationName: 'jobs-api', deploymentGroupName: 'prod', revision }));
 * await waitUntilDeploymentSuccessful({ client: cd, maxWaitTime: 3600 }, { deploymentId });
 * ```
 */
export const codedeployService = defineSimService<CodeDeployState>({
  name: 'codedeploy',
  model: 'codedeploy',
  clientName: 'CodeDeployClient',
  createState: (region, world) => new CodeDeployState(region, world),
  handlers: codedeployHandlers,
});
