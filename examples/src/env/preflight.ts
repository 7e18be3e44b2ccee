import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient, GetDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeGlobalReplicationGroupsCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
} from '@aws-sdk/client-elasticache';
import {
  GetHealthCheckCommand,
  GetHostedZoneCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { invalidInput, type DrError, type InputProblem } from '@drkit/core';
import type { Side } from './config';
import type { DrillEnvironment } from './types';

const SIDES: readonly Side[] = ['primary', 'dr'];

/**
 * Reads every resource the config names and reports, at once, every one that is missing or not
 * as described (a record set without the named set identifiers, a Global Datastore without the
 * named members). Reads only. A live drill runs this before it changes anything.
 *
 * @example
 * ```ts
 * const checked = await preflight(env);
 * if (checked.isErr()) for (const p of checked.error.problems) console.error(p.path, p.message);
 * ```
 */
export function preflight(env: DrillEnvironment): ResultAsync<{ readonly checked: number }, DrError> {
  const run = async (): Promise<{ problems: InputProblem[]; checked: number }> => {
    const c = env.config;
    const problems: InputProblem[] = [];
    let checked = 0;
    const probe = async (path: string, what: () => Promise<string | undefined>) => {
      checked += 1;
      try {
        const problem = await what();
        if (problem) problems.push({ path, message: problem });
      } catch (e) {
        const name = (e as { name?: string }).name ?? 'Error';
        problems.push({ path, message: `cannot be read (${name}: ${e instanceof Error ? e.message : String(e)})` });
      }
    };
    const probes: Promise<void>[] = [];
    for (const side of SIDES) {
      const region = c.regions[side];
      const web = c.web[side];
      probes.push(
        probe(`web.${side}.autoScalingGroupName`, async () => {
          const out = await env
            .client(AutoScalingClient, region)
            .send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [web.autoScalingGroupName] }));
          const g = out.AutoScalingGroups?.[0];
          if (!g) return `no Auto Scaling group ${web.autoScalingGroupName} in ${region}`;
          if (!(g.TargetGroupARNs ?? []).includes(web.targetGroupArn))
            return `${web.autoScalingGroupName} is not attached to ${web.targetGroupArn}`;
          return undefined;
        }),
        probe(`web.${side}.targetGroupArn`, async () => {
          const out = await env
            .client(ElasticLoadBalancingV2Client, region)
            .send(new DescribeTargetGroupsCommand({ TargetGroupArns: [web.targetGroupArn] }));
          return out.TargetGroups?.length ? undefined : `no target group ${web.targetGroupArn}`;
        }),
        probe(`web.${side}.loadBalancerArn`, async () => {
          const out = await env
            .client(ElasticLoadBalancingV2Client, region)
            .send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [web.loadBalancerArn] }));
          return out.LoadBalancers?.length ? undefined : `no load balancer ${web.loadBalancerArn}`;
        }),
        probe(`dns.healthCheckIds.${side}`, async () => {
          const out = await env
            .client(Route53Client, region)
            .send(new GetHealthCheckCommand({ HealthCheckId: c.dns.healthCheckIds[side] }));
          return out.HealthCheck ? undefined : `no health check ${c.dns.healthCheckIds[side]}`;
        }),
        probe(`alarms (${region})`, async () => {
          const names = [c.alarms.errorRate, c.alarms.latencyP95];
          const out = await env.client(CloudWatchClient, region).send(new DescribeAlarmsCommand({ AlarmNames: names }));
          const found = new Set([...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])].map((a) => a.AlarmName));
          const missing = names.filter((n) => !found.has(n));
          return missing.length ? `no alarm ${missing.join(', ')} in ${region}` : undefined;
        }),
        probe(`parameters (${region})`, async () => {
          const names = [c.parameters.redisEndpoint, c.parameters.activeRegion, c.parameters.mongodbUri];
          // Without decryption: the drill never reads a SecureString's value.
          const out = await env
            .client(SSMClient, region)
            .send(new GetParametersCommand({ Names: names, WithDecryption: false }));
          return out.InvalidParameters?.length
            ? `no parameter ${out.InvalidParameters.join(', ')} in ${region}`
            : undefined;
        }),
        probe(`deploy.deploymentGroups.${side}`, async () => {
          const out = await env.client(CodeDeployClient, region).send(
            new GetDeploymentGroupCommand({
              applicationName: c.deploy.applicationName,
              deploymentGroupName: c.deploy.deploymentGroups[side],
            }),
          );
          return out.deploymentGroupInfo ? undefined : `no deployment group ${c.deploy.deploymentGroups[side]}`;
        }),
      );
    }
    const route53 = env.client(Route53Client, c.regions.primary);
    probes.push(
      probe('dns.hostedZoneId', async () => {
        const zone = await route53.send(new GetHostedZoneCommand({ Id: c.dns.hostedZoneId }));
        return zone.HostedZone ? undefined : `no hosted zone ${c.dns.hostedZoneId}`;
      }),
      ...[c.dns.failoverRecordName, c.dns.weightedRecordName].map((name) =>
        probe(`dns record ${name}`, async () => {
          const out = await route53.send(
            new ListResourceRecordSetsCommand({
              HostedZoneId: c.dns.hostedZoneId,
              StartRecordName: name,
              StartRecordType: c.dns.recordType,
            }),
          );
          const sets = (out.ResourceRecordSets ?? []).filter(
            (r) => r.Name?.replace(/\.$/, '').toLowerCase() === name.toLowerCase() && r.Type === c.dns.recordType,
          );
          const ids = new Set(sets.map((r) => r.SetIdentifier));
          const missing = SIDES.map((s) => c.dns.setIdentifiers[s]).filter((id) => !ids.has(id));
          return missing.length
            ? `${name} has no ${c.dns.recordType} record with SetIdentifier ${missing.join(', ')}`
            : undefined;
        }),
      ),
      probe('cache.globalReplicationGroupId', async () => {
        const out = await env.client(ElastiCacheClient, c.regions.primary).send(
          new DescribeGlobalReplicationGroupsCommand({
            GlobalReplicationGroupId: c.cache.globalReplicationGroupId,
            ShowMemberInfo: true,
          }),
        );
        const members = new Set((out.GlobalReplicationGroups?.[0]?.Members ?? []).map((m) => m.ReplicationGroupId));
        const missing = [c.cache.primaryReplicationGroupId, c.cache.drReplicationGroupId].filter(
          (id) => !members.has(id),
        );
        return missing.length ? `the Global Datastore has no member ${missing.join(', ')}` : undefined;
      }),
      ...SIDES.map((side) =>
        probe(`cache.${side}ReplicationGroupId`, async () => {
          const id = side === 'primary' ? c.cache.primaryReplicationGroupId : c.cache.drReplicationGroupId;
          const out = await env
            .client(ElastiCacheClient, c.regions[side])
            .send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }));
          return out.ReplicationGroups?.length ? undefined : `no replication group ${id} in ${c.regions[side]}`;
        }),
      ),
    );
    await Promise.all(probes);
    return { problems, checked };
  };
  return ResultAsync.fromSafePromise(run()).andThen(({ problems, checked }) =>
    problems.length > 0 ? errAsync(invalidInput(problems)) : okAsync({ checked }),
  );
}
