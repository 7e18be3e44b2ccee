import type { ConformanceFixture } from './types';
import { autoscalingService } from '../../../src/aws/autoscaling';
import { codedeployService } from '../../../src/aws/codedeploy';

const v1 = { revisionType: 'S3', s3Location: { bucket: 'artifacts', key: 'jobs-api/v1.zip', bundleType: 'zip' } };
const v2 = { revisionType: 'S3', s3Location: { bucket: 'artifacts', key: 'jobs-api/v2.zip', bundleType: 'zip' } };
const role = 'arn:aws:iam::123456789012:role/CodeDeployServiceRole';
let running = '';

export default {
  service: 'codedeploy',
  setup(cloud) {
    cloud
      .state(autoscalingService, 'us-east-1')
      .createGroup({ name: 'jobs-api', minSize: 1, maxSize: 4, desiredCapacity: 2, inService: true });
    const cd = cloud.state(codedeployService, 'us-east-1');
    cd.createApplication('seeded');
    cd.createDeploymentGroup({ applicationName: 'seeded', name: 'prod', autoScalingGroups: ['jobs-api'] });
    running = cd.createDeployment({ applicationName: 'seeded', groupName: 'prod', revision: v1 }).id;
  },
  get calls() {
    return [
      { operation: 'CreateApplication', input: { applicationName: 'jobs-api', computePlatform: 'Server' } },
      {
        operation: 'CreateApplication',
        input: { applicationName: 'jobs-api' },
        expectError: 'ApplicationAlreadyExistsException',
      },
      { operation: 'GetApplication', input: { applicationName: 'jobs-api' } },
      {
        operation: 'GetApplication',
        input: { applicationName: 'ghost' },
        expectError: 'ApplicationDoesNotExistException',
      },
      { operation: 'ListApplications', input: {} },
      {
        operation: 'CreateDeploymentGroup',
        input: {
          applicationName: 'jobs-api',
          deploymentGroupName: 'prod',
          serviceRoleArn: role,
          autoScalingGroups: ['jobs-api'],
          deploymentConfigName: 'CodeDeployDefault.HalfAtATime',
          autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST'] },
        },
      },
      {
        operation: 'CreateDeploymentGroup',
        input: {
          applicationName: 'jobs-api',
          deploymentGroupName: 'x',
          serviceRoleArn: role,
          autoScalingGroups: ['ghost'],
        },
        expectError: 'InvalidAutoScalingGroupException',
      },
      { operation: 'GetDeploymentGroup', input: { applicationName: 'jobs-api', deploymentGroupName: 'prod' } },
      {
        operation: 'GetDeploymentGroup',
        input: { applicationName: 'jobs-api', deploymentGroupName: 'ghost' },
        expectError: 'DeploymentGroupDoesNotExistException',
      },
      { operation: 'ListDeploymentGroups', input: { applicationName: 'jobs-api' } },
      {
        operation: 'RegisterApplicationRevision',
        input: { applicationName: 'jobs-api', revision: v1, description: 'v1' },
      },
      {
        operation: 'RegisterApplicationRevision',
        input: { applicationName: 'jobs-api', revision: { revisionType: 'S3' } },
        expectError: 'InvalidRevisionException',
      },
      {
        operation: 'ListApplicationRevisions',
        input: { applicationName: 'jobs-api', sortBy: 'registerTime', sortOrder: 'descending' },
      },
      { operation: 'GetApplicationRevision', input: { applicationName: 'jobs-api', revision: v1 } },
      {
        operation: 'GetApplicationRevision',
        input: { applicationName: 'jobs-api', revision: v2 },
        expectError: 'RevisionDoesNotExistException',
      },
      {
        operation: 'CreateDeployment',
        input: { applicationName: 'jobs-api', deploymentGroupName: 'prod', revision: v2, description: 'v2' },
      },
      {
        operation: 'CreateDeployment',
        input: { applicationName: 'jobs-api', deploymentGroupName: 'prod', revision: v2 },
        expectError: 'DeploymentLimitExceededException',
      },
      { operation: 'GetDeployment', input: { deploymentId: running } },
      {
        operation: 'GetDeployment',
        input: { deploymentId: 'd-000000000' },
        expectError: 'DeploymentDoesNotExistException',
      },
      { operation: 'GetDeployment', input: { deploymentId: 'nope' }, expectError: 'InvalidDeploymentIdException' },
      { operation: 'BatchGetDeployments', input: { deploymentIds: [running, 'd-000000000'] } },
      { operation: 'ListDeployments', input: { applicationName: 'seeded', deploymentGroupName: 'prod' } },
      { operation: 'ListDeployments', input: { includeOnlyStatuses: ['Created', 'InProgress'] } },
      { operation: 'StopDeployment', input: { deploymentId: running, autoRollbackEnabled: true } },
      {
        operation: 'StopDeployment',
        input: { deploymentId: running },
        expectError: 'DeploymentAlreadyCompletedException',
      },
      { operation: 'ListDeploymentConfigs', input: {} },
    ];
  },
} satisfies ConformanceFixture;
