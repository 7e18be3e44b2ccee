/**
 * Baseline runbooks for the bench: `region-failover` and `failback` written the usual way — one
 * step after the other, the AWS SDK's own waiters where it has one (under `withVirtualTimers`, so
 * they wait on the simulated cloud's clock), a fixed-interval describe loop where it has none.
 * They use plain SDK clients of the drill environment (the same scope guard) and the Atlas
 * Administration API client, and nothing of drkit's runbook, standby or polling machinery.
 */
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeGlobalReplicationGroupsCommand,
  ElastiCacheClient,
  FailoverGlobalReplicationGroupCommand,
} from '@aws-sdk/client-elasticache';
import {
  ChangeResourceRecordSetsCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  TestDNSAnswerCommand,
  waitUntilResourceRecordSetsChanged,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { DrContext } from '@drkit/core';
import { preferRegion, regionLayoutOf, withPriorities } from '@drkit/atlas';
import { SeededRandom, withVirtualTimers, type VirtualClock } from '@drkit/testing';
import { atlasClientOf } from '../src/env/adapters';
import type { SimulatedEnvironment } from '../src/env/simulated';

/** The usual script's poll interval (`time.sleep(15)`). */
const POLL_MS = 15_000;
/** The failback's fixed bake after each weight change. */
const BAKE_MS = 60_000;

/** What a baseline did: when it finished (virtual ms epoch) and the steps it took, in order. */
export interface BaselineRun {
  readonly finishedAt: number;
  readonly steps: ReadonlyArray<{ readonly name: string; readonly startedAt: number; readonly finishedAt: number }>;
}

/**
 * Runs `fn` on the cloud's virtual time (SDK waiters' `setTimeout`, `Date.now`) with `Math.random`
 * (the waiters' jitter) drawn from a seeded generator.
 *
 * @example
 * ```ts
 * await onVirtualTime(cloud.clock, 1, () => waitUntilResourceRecordSetsChanged({ client, maxWaitTime: 600 }, { Id }));
 * ```
 */
export async function onVirtualTime<T>(clock: VirtualClock, seed: number, fn: () => Promise<T>): Promise<T> {
  const saved = Math.random;
  const rng = new SeededRandom(`bench-baseline:${seed}`);
  Math.random = () => rng.next();
  try {
    return await withVirtualTimers(clock, fn);
  } finally {
    Math.random = saved;
  }
}

function stepper(env: SimulatedEnvironment) {
  const clock = env.simulation.cloud.clock;
  const steps: Array<{ name: string; startedAt: number; finishedAt: number }> = [];
  return {
    steps,
    async step(name: string, fn: () => Promise<void>): Promise<void> {
      const startedAt = clock.now();
      await fn();
      steps.push({ name, startedAt, finishedAt: clock.now() });
    },
    sleep: (ms: number) => clock.sleep(ms),
  };
}

async function pollUntil(
  env: SimulatedEnvironment,
  what: string,
  done: () => Promise<boolean>,
  maxMs = 3_600_000,
): Promise<void> {
  const clock = env.simulation.cloud.clock;
  const deadline = clock.now() + maxMs;
  for (;;) {
    if (await done()) return;
    if (clock.now() >= deadline) throw new Error(`baseline: gave up waiting for ${what}`);
    await clock.sleep(POLL_MS);
  }
}

/** Global Datastore failover to `region`, then a describe loop (the SDK has no waiter for it). */
async function failoverCache(env: SimulatedEnvironment, region: string, groupId: string): Promise<void> {
  const c = env.config;
  const ec = env.client(ElastiCacheClient, region);
  await ec.send(
    new FailoverGlobalReplicationGroupCommand({
      GlobalReplicationGroupId: c.cache.globalReplicationGroupId,
      PrimaryRegion: region,
      PrimaryReplicationGroupId: groupId,
    }),
  );
  await pollUntil(env, 'the Global Datastore failover', async () => {
    const out = await ec.send(
      new DescribeGlobalReplicationGroupsCommand({
        GlobalReplicationGroupId: c.cache.globalReplicationGroupId,
        ShowMemberInfo: true,
      }),
    );
    const g = out.GlobalReplicationGroups?.[0];
    const primary = g?.Members?.find((m) => m.Role?.toUpperCase() === 'PRIMARY');
    return g?.Status === 'available' && primary?.ReplicationGroupRegion === region;
  });
}

/** Sets the DR Auto Scaling group's sizes, then polls the group and its targets every 15 s. */
async function scaleDr(
  env: SimulatedEnvironment,
  capacity: { min: number; desired: number; max: number },
  waitHealthy: boolean,
): Promise<void> {
  const dr = env.config.web.dr;
  const region = env.config.regions.dr;
  const asg = env.client(AutoScalingClient, region);
  const elb = env.client(ElasticLoadBalancingV2Client, region);
  await asg.send(
    new UpdateAutoScalingGroupCommand({
      AutoScalingGroupName: dr.autoScalingGroupName,
      MinSize: capacity.min,
      DesiredCapacity: capacity.desired,
      MaxSize: capacity.max,
    }),
  );
  await pollUntil(env, `${dr.autoScalingGroupName} at ${capacity.desired}`, async () => {
    const out = await asg.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [dr.autoScalingGroupName] }),
    );
    const instances = out.AutoScalingGroups?.[0]?.Instances ?? [];
    const inService = instances.filter((i) => i.LifecycleState === 'InService').length;
    if (!waitHealthy) return instances.length === capacity.desired && inService === capacity.desired;
    if (inService < capacity.desired) return false;
    const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: dr.targetGroupArn }));
    const healthy = (health.TargetHealthDescriptions ?? []).filter((t) => t.TargetHealth?.State === 'healthy').length;
    return healthy >= capacity.desired;
  });
}

/** Points the active-region parameter (in the DR region, where the drill keeps it) at `region`. */
async function putActiveRegion(env: SimulatedEnvironment, region: string): Promise<void> {
  await env.client(SSMClient, env.config.regions.dr).send(
    new PutParameterCommand({
      Name: env.config.parameters.activeRegion,
      Value: region,
      Type: 'String',
      Overwrite: true,
    }),
  );
}

/** Makes the Atlas DR region preferred, then polls the cluster every 15 s until it is IDLE. */
async function preferAtlasRegion(env: SimulatedEnvironment, ctx: DrContext): Promise<void> {
  const a = env.config.atlas;
  if (!a) return;
  const client = (await atlasClientOf(env)).unwrapOr(undefined);
  if (!client) throw new Error('baseline: no Atlas client');
  const cluster = (await client.getCluster(a.clusterName, ctx))._unsafeUnwrap();
  const layout = regionLayoutOf(cluster);
  if (!layout) throw new Error('baseline: the Atlas cluster has no region layout');
  (
    await client.updateCluster(
      a.clusterName,
      { replicationSpecs: withPriorities(cluster, preferRegion(layout, a.regionNames.dr)) },
      ctx,
    )
  )._unsafeUnwrap();
  await pollUntil(
    env,
    'the Atlas cluster',
    async () => (await client.getCluster(a.clusterName, ctx))._unsafeUnwrap().stateName === 'IDLE',
  );
}

/**
 * Region failover, the usual script: wait until DNS answers with the SECONDARY record (poll
 * `TestDNSAnswer` every 15 s), scale the DR Auto Scaling group and poll it and its targets every
 * 15 s, fail the Global Datastore over and poll it, move the Atlas cluster's preferred region and
 * poll it, then `PutParameter` the active region — in that order.
 *
 * @example
 * ```ts
 * const run = await baselineRegionFailover(env, ctx, 1);
 * ```
 */
export async function baselineRegionFailover(
  env: SimulatedEnvironment,
  ctx: DrContext,
  seed: number,
): Promise<BaselineRun> {
  const c = env.config;
  const s = stepper(env);
  const r53 = env.client(Route53Client, c.regions.primary);
  await onVirtualTime(env.simulation.cloud.clock, seed, async () => {
    await s.step('confirm-dns-failover', async () => {
      const listed = await r53.send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: c.dns.hostedZoneId,
          StartRecordName: c.dns.failoverRecordName,
          StartRecordType: c.dns.recordType,
        }),
      );
      const secondary = (listed.ResourceRecordSets ?? []).find(
        (r) => r.SetIdentifier === c.dns.setIdentifiers.dr && r.Failover === 'SECONDARY',
      );
      const bare = (v: string | undefined) => (v ?? '').replace(/\.$/, '').toLowerCase();
      const want = new Set([
        ...(secondary?.ResourceRecords ?? []).map((v) => bare(v.Value)),
        ...(secondary?.AliasTarget?.DNSName ? [bare(secondary.AliasTarget.DNSName)] : []),
      ]);
      await pollUntil(env, 'DNS failover', async () => {
        const out = await r53.send(
          new TestDNSAnswerCommand({
            HostedZoneId: c.dns.hostedZoneId,
            RecordName: c.dns.failoverRecordName,
            RecordType: c.dns.recordType,
          }),
        );
        return (out.RecordData ?? []).some((v) => want.has(bare(v)));
      });
    });
    await s.step('scale-dr', () => scaleDr(env, c.web.dr.promotedCapacity, true));
    await s.step('failover-cache', () => failoverCache(env, c.regions.dr, c.cache.drReplicationGroupId));
  });
  // Atlas goes over HTTP (real I/O): outside the virtual timers, like the drill.
  await s.step('prefer-atlas-dr', () => preferAtlasRegion(env, ctx));
  await s.step('put-active-region', () => putActiveRegion(env, c.regions.dr));
  return { finishedAt: env.simulation.cloud.clock.now(), steps: s.steps };
}

/**
 * Failback, the usual script: fail the Global Datastore back and `PutParameter` the active
 * region, then shift the weighted records home in 10 % steps (`ChangeResourceRecordSets`, the
 * SDK's `waitUntilResourceRecordSetsChanged`, a fixed 1 min bake), then scale the DR group back
 * down to its warm-standby capacity and poll it every 15 s.
 *
 * @example
 * ```ts
 * const run = await baselineFailback(env, ctx, 1);
 * ```
 */
export async function baselineFailback(env: SimulatedEnvironment, _ctx: DrContext, seed: number): Promise<BaselineRun> {
  const c = env.config;
  const s = stepper(env);
  const r53 = env.client(Route53Client, c.regions.primary);
  await onVirtualTime(env.simulation.cloud.clock, seed, async () => {
    await s.step('sync-data', async () => {
      await failoverCache(env, c.regions.primary, c.cache.primaryReplicationGroupId);
      await putActiveRegion(env, c.regions.primary);
    });
    await s.step('shift-home', async () => {
      const listed = await r53.send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: c.dns.hostedZoneId,
          StartRecordName: c.dns.weightedRecordName,
          StartRecordType: c.dns.recordType,
        }),
      );
      const ids = c.dns.setIdentifiers;
      const records = (listed.ResourceRecordSets ?? []).filter(
        (r) => r.Weight !== undefined && (r.SetIdentifier === ids.primary || r.SetIdentifier === ids.dr),
      );
      if (records.length !== 2) throw new Error('baseline: expected the two weighted records');
      for (let pct = 10; pct <= 100; pct += 10) {
        const changes = records.map((r): { Action: 'UPSERT'; ResourceRecordSet: ResourceRecordSet } => ({
          Action: 'UPSERT',
          ResourceRecordSet: { ...r, Weight: r.SetIdentifier === ids.primary ? pct : 100 - pct },
        }));
        const out = await r53.send(
          new ChangeResourceRecordSetsCommand({
            HostedZoneId: c.dns.hostedZoneId,
            ChangeBatch: { Comment: `failback ${pct}%`, Changes: changes },
          }),
        );
        await waitUntilResourceRecordSetsChanged({ client: r53, maxWaitTime: 600 }, { Id: out.ChangeInfo!.Id! });
        await s.sleep(BAKE_MS);
      }
    });
    await s.step('scale-down-dr', () => scaleDr(env, c.web.dr.capacity, false));
  });
  return { finishedAt: env.simulation.cloud.clock.now(), steps: s.steps };
}
