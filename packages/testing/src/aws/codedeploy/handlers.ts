/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-explicit-any -- handler inputs are model-validated SDK inputs */
import { awsError, type SimCallContext, type SimHandler } from '../kernel/SimService';
import { autoscalingService } from '../autoscaling';
import {
  CodeDeployState,
  DEPLOYMENT_CONFIGS,
  revisionKey,
  type RevisionLocation,
  type SimDeployment,
  type SimDeploymentGroup,
} from './CodeDeployState';

type Ctx = SimCallContext<CodeDeployState>;

function page<T>(items: T[], token: string | undefined, size = 100): { items: T[]; next?: string } {
  let start = 0;
  if (token !== undefined) {
    const n = Number(Buffer.from(token, 'base64').toString('utf8'));
    if (!Number.isInteger(n) || n < 0 || n > items.length)
      throw awsError('InvalidNextTokenException', 'The next token was specified in an invalid format.');
    start = n;
  }
  const end = start + size;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { next: Buffer.from(String(end)).toString('base64') } : {}),
  };
}

function mustApp(state: CodeDeployState, name: string) {
  const app = state.applications.get(name);
  if (!app) throw awsError('ApplicationDoesNotExistException', `No application found for name: ${name}`);
  return app;
}

function mustGroup(state: CodeDeployState, app: string, name: string): SimDeploymentGroup {
  mustApp(state, app);
  const g = state.group(app, name);
  if (!g) throw awsError('DeploymentGroupDoesNotExistException', `No Deployment Group found for name: ${name}`);
  return g;
}

function mustDeployment(state: CodeDeployState, id: string): SimDeployment {
  if (!/^d-[A-Z0-9]{9}$/.test(id))
    throw awsError('InvalidDeploymentIdException', `Specified DeploymentId is not in the valid format: ${id}`);
  const d = state.deployments.get(id);
  if (!d) throw awsError('DeploymentDoesNotExistException', `The deployment ${id} could not be found.`);
  return d;
}

function checkRevision(r: RevisionLocation): void {
  const ok =
    (r.revisionType === 'S3' && r.s3Location?.bucket && r.s3Location.key) ||
    (r.revisionType === 'GitHub' && r.gitHubLocation?.repository && r.gitHubLocation.commitId) ||
    (r.revisionType === 'String' && r.string?.content) ||
    (r.revisionType === 'AppSpecContent' && r.appSpecContent?.content);
  if (!ok) throw awsError('InvalidRevisionException', 'The revision was specified in an invalid format.');
}

function checkRollbackConfig(cfg: any): void {
  if (cfg?.enabled === true && !(cfg.events?.length > 0))
    throw awsError(
      'InvalidAutoRollbackConfigException',
      'AutoRollbackConfiguration must specify at least one event when enabled.',
    );
}

function lastInfo(state: CodeDeployState, d: SimDeployment | undefined, now: number) {
  if (!d) return undefined;
  const status = state.status(d, now);
  const done = ['Succeeded', 'Failed', 'Stopped'].includes(status);
  return {
    deploymentId: d.id,
    status,
    createTime: new Date(d.createdAt),
    ...(done ? { endTime: new Date(Math.min(d.endAt, d.stoppedAt ?? Infinity)) } : {}),
  };
}

function groupOut(state: CodeDeployState, g: SimDeploymentGroup, now: number) {
  const success = state.lastSuccessful(g, now);
  const attempted = state.lastAttempted(g, now);
  return {
    applicationName: g.applicationName,
    deploymentGroupId: g.id,
    deploymentGroupName: g.name,
    deploymentConfigName: g.deploymentConfigName,
    ec2TagFilters: g.ec2TagFilters,
    onPremisesInstanceTagFilters: [],
    autoScalingGroups: g.autoScalingGroups.map((name) => ({
      name,
      hook: `CodeDeploy-managed-automatic-launch-deployment-hook-${g.name}`,
    })),
    serviceRoleArn: g.serviceRoleArn,
    ...(attempted ? { targetRevision: attempted.revision } : {}),
    triggerConfigurations: g.triggerConfigurations,
    alarmConfiguration: g.alarmConfiguration ?? { enabled: false, ignorePollAlarmFailure: false, alarms: [] },
    autoRollbackConfiguration: g.autoRollbackConfiguration ?? { enabled: false, events: [] },
    deploymentStyle: g.deploymentStyle,
    outdatedInstancesStrategy: g.outdatedInstancesStrategy,
    ...(g.loadBalancerInfo ? { loadBalancerInfo: g.loadBalancerInfo } : {}),
    ...(success ? { lastSuccessfulDeployment: lastInfo(state, success, now) } : {}),
    ...(attempted ? { lastAttemptedDeployment: lastInfo(state, attempted, now) } : {}),
    computePlatform: state.applications.get(g.applicationName)?.computePlatform ?? 'Server',
  };
}

function deploymentOut(state: CodeDeployState, d: SimDeployment, now: number) {
  const status = state.status(d, now);
  const n = d.instanceCount;
  const done = Math.floor(state.progress(d, now) * n + 1e-9);
  const overview =
    status === 'Succeeded'
      ? { Pending: 0, InProgress: 0, Succeeded: n, Failed: 0, Skipped: 0, Ready: 0 }
      : status === 'Failed'
        ? { Pending: 0, InProgress: 0, Succeeded: 0, Failed: Math.min(1, n), Skipped: Math.max(0, n - 1), Ready: 0 }
        : status === 'Stopped'
          ? { Pending: 0, InProgress: 0, Succeeded: done, Failed: 0, Skipped: n - done, Ready: 0 }
          : status === 'InProgress'
            ? {
                Pending: Math.max(0, n - done - 1),
                InProgress: Math.min(1, n - done),
                Succeeded: done,
                Failed: 0,
                Skipped: 0,
                Ready: 0,
              }
            : { Pending: n, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 };
  const g = state.group(d.applicationName, d.groupName);
  const error = status === 'Failed' ? d.errorInformation : status === 'Stopped' ? d.stopInfo : undefined;
  return {
    applicationName: d.applicationName,
    deploymentGroupName: d.groupName,
    deploymentConfigName: d.configName,
    deploymentId: d.id,
    ...(d.previousRevision ? { previousRevision: d.previousRevision } : {}),
    revision: d.revision,
    status,
    ...(error ? { errorInformation: error } : {}),
    createTime: new Date(d.createdAt),
    ...(now >= d.startAt && (d.stoppedAt === undefined || d.stoppedAt > d.startAt)
      ? { startTime: new Date(d.startAt) }
      : {}),
    ...(['Succeeded', 'Failed', 'Stopped'].includes(status)
      ? { completeTime: new Date(Math.min(d.endAt, d.stoppedAt ?? Infinity)) }
      : {}),
    deploymentOverview: overview,
    ...(d.description !== undefined ? { description: d.description } : {}),
    creator: d.creator,
    ignoreApplicationStopFailures: false,
    autoRollbackConfiguration: d.autoRollbackConfiguration ??
      g?.autoRollbackConfiguration ?? { enabled: false, events: [] },
    updateOutdatedInstancesOnly: false,
    ...(d.rollbackInfo ? { rollbackInfo: d.rollbackInfo } : {}),
    deploymentStyle: g?.deploymentStyle ?? { deploymentType: 'IN_PLACE', deploymentOption: 'WITHOUT_TRAFFIC_CONTROL' },
    targetInstances: { autoScalingGroups: g?.autoScalingGroups ?? [] },
    instanceTerminationWaitTimeStarted: false,
    fileExistsBehavior: 'DISALLOW',
    deploymentStatusMessages: [],
    computePlatform: state.applications.get(d.applicationName)?.computePlatform ?? 'Server',
  };
}

const CreateApplication: SimHandler<CodeDeployState> = (input: any, { state }: Ctx) => {
  if (state.applications.has(input.applicationName))
    throw awsError(
      'ApplicationAlreadyExistsException',
      `The application ${input.applicationName} already exists with the user or AWS account.`,
    );
  if (input.computePlatform !== undefined && input.computePlatform !== 'Server')
    throw awsError(
      'InvalidComputePlatformException',
      `The simulator supports the Server (EC2) compute platform only, not ${input.computePlatform}.`,
    );
  return { applicationId: state.createApplication(input.applicationName, input.computePlatform ?? 'Server').id };
};

const GetApplication: SimHandler<CodeDeployState> = (input: any, { state }: Ctx) => {
  const app = mustApp(state, input.applicationName);
  return {
    application: {
      applicationId: app.id,
      applicationName: app.name,
      createTime: new Date(app.createdAt),
      linkedToGitHub: false,
      computePlatform: app.computePlatform,
    },
  };
};

const ListApplications: SimHandler<CodeDeployState> = (input: any, { state }: Ctx) => {
  const p = page([...state.applications.keys()].sort(), input.nextToken);
  return { applications: p.items, ...(p.next ? { nextToken: p.next } : {}) };
};

const CreateDeploymentGroup: SimHandler<CodeDeployState> = (input: any, { state, world, region }: Ctx) => {
  mustApp(state, input.applicationName);
  if (state.group(input.applicationName, input.deploymentGroupName))
    throw awsError(
      'DeploymentGroupAlreadyExistsException',
      `The deployment group ${input.deploymentGroupName} already exists with the application ${input.applicationName}.`,
    );
  if (input.deploymentConfigName !== undefined && !(input.deploymentConfigName in DEPLOYMENT_CONFIGS))
    throw awsError(
      'DeploymentConfigDoesNotExistException',
      `No deployment configuration found for name: ${input.deploymentConfigName}`,
    );
  if (!/^arn:aws[\w-]*:iam::\d{12}:role\/.+/.test(input.serviceRoleArn))
    throw awsError('InvalidRoleException', 'The service role ARN was specified in an invalid format.');
  const asg = world.state(autoscalingService, region);
  for (const name of (input.autoScalingGroups ?? []) as string[])
    if (!asg.group(name))
      throw awsError('InvalidAutoScalingGroupException', `Auto Scaling group ${name} does not exist.`);
  checkRollbackConfig(input.autoRollbackConfiguration);
  if (input.alarmConfiguration?.enabled === true && !(input.alarmConfiguration.alarms?.length > 0))
    throw awsError('InvalidAlarmConfigException', 'The alarm configuration is enabled but lists no alarms.');
  const g = state.createDeploymentGroup({
    applicationName: input.applicationName,
    name: input.deploymentGroupName,
    autoScalingGroups: input.autoScalingGroups,
    ec2TagFilters: input.ec2TagFilters,
    serviceRoleArn: input.serviceRoleArn,
    deploymentConfigName: input.deploymentConfigName,
    autoRollbackConfiguration: input.autoRollbackConfiguration,
    alarmConfiguration: input.alarmConfiguration,
    deploymentStyle: input.deploymentStyle,
    loadBalancerInfo: input.loadBalancerInfo,
    triggerConfigurations: input.triggerConfigurations,
    outdatedInstancesStrategy: input.outdatedInstancesStrategy,
  });
  return { deploymentGroupId: g.id };
};

const GetDeploymentGroup: SimHandler<CodeDeployState> = (input: any, { state, world }: Ctx) => ({
  deploymentGroupInfo: groupOut(
    state,
    mustGroup(state, input.applicationName, input.deploymentGroupName),
    world.clock.now(),
  ),
});

const ListDeploymentGroups: SimHandler<CodeDeployState> = (input: any, { state }: Ctx) => {
  mustApp(state, input.applicationName);
  const names = [...state.groups.values()]
    .filter((g) => g.applicationName === input.applicationName)
    .map((g) => g.name);
  const p = page(names.sort(), input.nextToken);
  return {
    applicationName: input.applicationName,
    deploymentGroups: p.items,
    ...(p.next ? { nextToken: p.next } : {}),
  };
};

const RegisterApplicationRevision: SimHandler<CodeDeployState> = (input: any, { state }: Ctx) => {
  mustApp(state, input.applicationName);
  checkRevision(input.revision);
  if (input.description !== undefined && input.description.length > 1000)
    throw awsError('DescriptionTooLongException', 'The description is too long.');
  state.registerRevision(input.applicationName, input.revision, input.description);
  return {};
};

const ListApplicationRevisions: SimHandler<CodeDeployState> = (input: any, { state, world }: Ctx) => {
  mustApp(state, input.applicationName);
  const now = world.clock.now();
  if (input.s3KeyPrefix !== undefined && input.s3Bucket === undefined)
    throw awsError('BucketNameFilterRequiredException', 'A bucket name is required if a key prefix is specified.');
  const used = (key: string) =>
    [...state.deployments.values()]
      .filter((d) => d.applicationName === input.applicationName && d.revisionKey === key && d.createdAt <= now)
      .map((d) => d.createdAt);
  let revs = state.revisions.filter((r) => r.applicationName === input.applicationName && r.registeredAt <= now);
  if (input.s3Bucket !== undefined) revs = revs.filter((r) => r.location.s3Location?.bucket === input.s3Bucket);
  if (input.s3KeyPrefix !== undefined)
    revs = revs.filter((r) => (r.location.s3Location?.key ?? '').startsWith(input.s3KeyPrefix));
  if (input.deployed === 'include') revs = revs.filter((r) => used(r.key).length > 0);
  if (input.deployed === 'exclude') revs = revs.filter((r) => used(r.key).length === 0);
  const sortKey = (r: (typeof revs)[number]) =>
    input.sortBy === 'firstUsedTime'
      ? (used(r.key)[0] ?? 0)
      : input.sortBy === 'lastUsedTime'
        ? (used(r.key).pop() ?? 0)
        : r.registeredAt;
  if (input.sortBy !== undefined) {
    revs = [...revs].sort((a, b) => sortKey(a) - sortKey(b));
    if (input.sortOrder === 'descending') revs.reverse();
  }
  const p = page(revs, input.nextToken);
  return { revisions: p.items.map((r) => r.location), ...(p.next ? { nextToken: p.next } : {}) };
};

const GetApplicationRevision: SimHandler<CodeDeployState> = (input: any, { state }: Ctx) => {
  mustApp(state, input.applicationName);
  checkRevision(input.revision);
  const key = revisionKey(input.revision);
  const r = state.revisions.find((x) => x.applicationName === input.applicationName && x.key === key);
  if (!r)
    throw awsError('RevisionDoesNotExistException', 'The named revision does not exist with the user or AWS account.');
  const deployed = [...state.deployments.values()].filter(
    (d) => d.applicationName === r.applicationName && d.revisionKey === key,
  );
  return {
    applicationName: r.applicationName,
    revision: r.location,
    revisionInfo: {
      ...(r.description !== undefined ? { description: r.description } : {}),
      deploymentGroups: [...new Set(deployed.map((d) => d.groupName))],
      registerTime: new Date(r.registeredAt),
      ...(deployed.length
        ? {
            firstUsedTime: new Date(deployed[0]!.createdAt),
            lastUsedTime: new Date(deployed[deployed.length - 1]!.createdAt),
          }
        : {}),
    },
  };
};

const CreateDeployment: SimHandler<CodeDeployState> = (input: any, { state, world }: Ctx) => {
  const now = world.clock.now();
  mustApp(state, input.applicationName);
  if (!input.deploymentGroupName)
    throw awsError('DeploymentGroupNameRequiredException', 'The deployment group name was not specified.');
  const g = mustGroup(state, input.applicationName, input.deploymentGroupName);
  if (!input.revision) throw awsError('RevisionRequiredException', 'The revision ID was not specified.');
  checkRevision(input.revision);
  if (input.deploymentConfigName !== undefined && !(input.deploymentConfigName in DEPLOYMENT_CONFIGS))
    throw awsError(
      'DeploymentConfigDoesNotExistException',
      `No deployment configuration found for name: ${input.deploymentConfigName}`,
    );
  checkRollbackConfig(input.autoRollbackConfiguration);
  const active = state.activeDeployment(g, now);
  if (active)
    throw awsError(
      'DeploymentLimitExceededException',
      `The deployment group ${g.name} already has an active deployment (${active.id}); wait for it to finish or stop it.`,
    );
  const d = state.createDeployment({
    applicationName: input.applicationName,
    groupName: g.name,
    revision: input.revision,
    description: input.description,
    configName: input.deploymentConfigName,
    autoRollbackConfiguration: input.autoRollbackConfiguration,
    now,
  });
  return { deploymentId: d.id };
};

const GetDeployment: SimHandler<CodeDeployState> = (input: any, { state, world }: Ctx) => ({
  deploymentInfo: deploymentOut(state, mustDeployment(state, input.deploymentId), world.clock.now()),
});

const BatchGetDeployments: SimHandler<CodeDeployState> = (input: any, { state, world }: Ctx) => {
  const ids: string[] = input.deploymentIds;
  if (ids.length > 25)
    throw awsError(
      'BatchLimitExceededException',
      'The maximum number of names or IDs allowed for this request (25) was exceeded.',
    );
  const now = world.clock.now();
  return {
    deploymentsInfo: ids.flatMap((id) => {
      if (!/^d-[A-Z0-9]{9}$/.test(id))
        throw awsError('InvalidDeploymentIdException', `Specified DeploymentId is not in the valid format: ${id}`);
      const d = state.deployments.get(id);
      return d ? [deploymentOut(state, d, now)] : [];
    }),
  };
};

const StopDeployment: SimHandler<CodeDeployState> = (input: any, { state, world }: Ctx) => {
  const now = world.clock.now();
  const d = mustDeployment(state, input.deploymentId);
  const status = state.status(d, now);
  if (status === 'Succeeded' || status === 'Failed' || status === 'Stopped')
    throw awsError('DeploymentAlreadyCompletedException', `The deployment ${d.id} has already completed.`);
  const rollback = input.autoRollbackEnabled ?? state.rollsBackOn(d, 'DEPLOYMENT_STOP_ON_REQUEST');
  state.stopDeployment(d.id, rollback === true, now);
  return {
    status: 'Succeeded',
    statusMessage: rollback ? 'Deployment stopped; rollback initiated.' : 'Deployment stopped.',
  };
};

const ListDeployments: SimHandler<CodeDeployState> = (input: any, { state, world }: Ctx) => {
  const now = world.clock.now();
  if (input.deploymentGroupName !== undefined && input.applicationName === undefined)
    throw awsError(
      'ApplicationNameRequiredException',
      'The minimum number of required application names was not specified.',
    );
  if (input.applicationName !== undefined) mustApp(state, input.applicationName);
  if (input.deploymentGroupName !== undefined) mustGroup(state, input.applicationName, input.deploymentGroupName);
  const start = input.createTimeRange?.start ? new Date(input.createTimeRange.start).getTime() : -Infinity;
  const end = input.createTimeRange?.end ? new Date(input.createTimeRange.end).getTime() : Infinity;
  if (start > end)
    throw awsError('InvalidTimeRangeException', 'The specified time range was specified in an invalid format.');
  const statuses: string[] | undefined = input.includeOnlyStatuses;
  const ds = [...state.deployments.values()]
    .filter((d) => d.createdAt <= now)
    .filter((d) => input.applicationName === undefined || d.applicationName === input.applicationName)
    .filter((d) => input.deploymentGroupName === undefined || d.groupName === input.deploymentGroupName)
    .filter((d) => d.createdAt >= start && d.createdAt <= end)
    .filter((d) => !statuses?.length || statuses.includes(state.status(d, now)))
    .sort((a, b) => b.createdAt - a.createdAt);
  const p = page(
    ds.map((d) => d.id),
    input.nextToken,
  );
  return { deployments: p.items, ...(p.next ? { nextToken: p.next } : {}) };
};

const ListDeploymentConfigs: SimHandler<CodeDeployState> = (input: any) => {
  const p = page(Object.keys(DEPLOYMENT_CONFIGS), input.nextToken);
  return { deploymentConfigsList: p.items, ...(p.next ? { nextToken: p.next } : {}) };
};

/** CodeDeploy API handlers by operation name. */
export const codedeployHandlers: Record<string, SimHandler<CodeDeployState>> = {
  CreateApplication,
  GetApplication,
  ListApplications,
  CreateDeploymentGroup,
  GetDeploymentGroup,
  ListDeploymentGroups,
  RegisterApplicationRevision,
  ListApplicationRevisions,
  GetApplicationRevision,
  CreateDeployment,
  GetDeployment,
  BatchGetDeployments,
  StopDeployment,
  ListDeployments,
  ListDeploymentConfigs,
};
