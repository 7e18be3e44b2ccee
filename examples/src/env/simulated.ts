import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { BackupClient, ListBackupVaultsCommand } from '@aws-sdk/client-backup';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient, ListApplicationsCommand } from '@aws-sdk/client-codedeploy';
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { ListHostedZonesCommand, Route53Client } from '@aws-sdk/client-route-53';
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { invalidInput, toDrError, type DrError, type InputProblem } from '@drkit/core';
import {
  appEndpoint,
  createSimulatedCloud,
  elbv2Service,
  seedTopology,
  startSeedAtlas,
  type AtlasEmulator,
  type SeedTopology,
  type SeedTopologyPreset,
  type SimulatedCloud,
} from '@drkit/testing';
import type { DrillConfig, WebTierConfig } from './config';
import { createScopeGuard } from './scopeGuard';
import type { AtlasAccess, DrillEnvironment, SdkClientClass, Simulation } from './types';

/** Options of {@link createSimulatedEnvironment}. */
export interface SimulatedEnvironmentOptions {
  /** Seed of every random choice in the simulation (default 1): the same seed replays the same drill. */
  readonly seed?: number;
  /** Faults to inject at once (the simulated cloud's grammar, see `parseFault`). */
  readonly faults?: readonly string[];
}

/** A simulated environment: a {@link DrillEnvironment} that always has its simulation. */
export type SimulatedEnvironment = DrillEnvironment & { readonly simulation: Simulation };

/** A deterministic Atlas project id (24 hex digits) for a seed. */
function projectIdFor(seed: number): string {
  return (0x5eed0000 + (seed >>> 0)).toString(16).padStart(24, '0').slice(-24);
}

/**
 * The built-in simulated cloud with the seed topology (the Job Matching API of the DR plan),
 * the Atlas emulator attached to it on first use (same clock, faults and call recorder), and the
 * drill config naming its resources. Every SDK client passes through the scope guard, so a
 * drill on the simulation is held to the same rule as a live one.
 *
 * @example
 * ```ts
 * const env = (await createSimulatedEnvironment({ seed: 7, faults: ['throttle:route53:0.3'] }))._unsafeUnwrap();
 * env.config.dns.failoverRecordName; // 'api.jobs.example.com'
 * await env.dispose();
 * ```
 */
export function createSimulatedEnvironment(
  options: SimulatedEnvironmentOptions = {},
): ResultAsync<SimulatedEnvironment, DrError> {
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0)
    return errAsync(invalidInput([{ path: 'seed', message: 'must be a non-negative integer' }]));
  let topology: SeedTopologyPreset;
  let cloud: SimulatedCloud;
  try {
    topology = seedTopology();
    cloud = createSimulatedCloud({ topology, seed, regions: [topology.regions.primary, topology.regions.dr] });
  } catch (e) {
    return errAsync(toDrError(e, { provider: 'simulation', operation: 'seedTopology' }));
  }
  const problems: InputProblem[] = [];
  for (const [i, spec] of (options.faults ?? []).entries()) {
    const injected = cloud.inject(spec);
    if (injected.isErr()) problems.push(...injected.error.problems.map((p) => ({ ...p, path: `faults[${i}]` })));
  }
  if (problems.length > 0) {
    return ResultAsync.fromSafePromise(cloud.dispose()).andThen(() => errAsync(invalidInput(problems)));
  }
  return ResultAsync.fromPromise(
    warmUpSdk().then(() =>
      Promise.all([
        appEndpoint(cloud, topology.web.primary.loadBalancerName),
        appEndpoint(cloud, topology.web.dr.loadBalancerName),
      ]),
    ),
    (e) => toDrError(e, { provider: 'simulation', operation: 'appEndpoint' }),
  ).andThen(([primaryUrl, drUrl]) => {
    const config = seedDrillConfig(cloud, topology, { primary: primaryUrl, dr: drUrl }, projectIdFor(seed));
    return okAsync(simulatedEnvironment(cloud, topology, config));
  });
}

let warmedUp: Promise<void> | undefined;

/**
 * Makes one failing read with every SDK client the drill uses, on a throwaway simulated cloud,
 * once per process. A client's first request resolves settings lazily (the shared config file),
 * and the simulation imports the SDK module of a service on its first error (to build the SDK's
 * own exception classes): real I/O the virtual clock cannot see, during which it could skip
 * ahead to the next pending deadline (a step's timeout, say). Done here, before any drill runs,
 * that I/O can no longer happen mid-step.
 */
function warmUpSdk(): Promise<void> {
  return (warmedUp ??= (async () => {
    const cloud = createSimulatedCloud({ regions: ['us-east-1'] });
    // Every call fails (after the SDK's virtual retries): both the request and the error path run.
    cloud.inject('error:*:*:InternalFailure:1000')._unsafeUnwrap();
    try {
      const r = { region: 'us-east-1' };
      await Promise.allSettled([
        cloud.client(AutoScalingClient, r).send(new DescribeAutoScalingGroupsCommand({})),
        cloud.client(CloudWatchClient, r).send(new DescribeAlarmsCommand({})),
        cloud.client(CodeDeployClient, r).send(new ListApplicationsCommand({})),
        cloud.client(ElasticLoadBalancingV2Client, r).send(new DescribeLoadBalancersCommand({})),
        cloud.client(ElastiCacheClient, r).send(new DescribeReplicationGroupsCommand({})),
        cloud.client(Route53Client, r).send(new ListHostedZonesCommand({})),
        cloud.client(SSMClient, r).send(new GetParametersCommand({ Names: ['/warm-up'] })),
        cloud.client(BackupClient, r).send(new ListBackupVaultsCommand({})),
        cloud.client(SNSClient, r).send(new ListTopicsCommand({})),
      ]);
    } finally {
      await cloud.dispose();
    }
  })());
}

function simulatedEnvironment(
  cloud: SimulatedCloud,
  topology: SeedTopology,
  config: DrillConfig,
  shared: { atlas?: Promise<AtlasEmulator> } = {},
  alive: () => boolean = () => true,
): SimulatedEnvironment {
  const guard = createScopeGuard(config, { alive });
  const clients = new Map<string, unknown>();
  const startAtlas = (): Promise<AtlasEmulator> =>
    (shared.atlas ??= (async () => {
      const started = await startSeedAtlas(cloud, topology, { projectId: config.atlas!.projectId });
      if (started.isErr()) throw started.error;
      return started.value;
    })());
  const env: SimulatedEnvironment = {
    mode: 'simulated',
    config,
    clock: cloud.clock,
    guard,
    client<T extends SdkClientClass>(ClientClass: T, region: string): InstanceType<T> {
      const key = `${ClientClass.name}@${region}`;
      let client = clients.get(key) as InstanceType<T> | undefined;
      if (!client) {
        const make = cloud.client.bind(cloud) as (c: SdkClientClass, o: { region: string }) => InstanceType<T>;
        client = guard.attach(make(ClientClass, { region }), serviceOf(ClientClass.name));
        clients.set(key, client);
      }
      return client;
    },
    atlas(): ResultAsync<AtlasAccess, DrError> {
      return ResultAsync.fromPromise(startAtlas(), (e) =>
        toDrError(e, { provider: 'simulation', operation: 'startSeedAtlas' }),
      ).map((emulator) => ({
        baseUrl: emulator.origin,
        projectId: emulator.projectId,
        publicKey: emulator.publicKey,
        privateKey: emulator.privateKey,
      }));
    },
    apiCalls: () => cloud.recorder.size,
    simulation: { cloud, topology, atlas: startAtlas },
    dispose: () => cloud.dispose(),
  };
  processes.set(env, { cloud, topology, config, shared });
  return env;
}

const processes = new WeakMap<
  SimulatedEnvironment,
  { cloud: SimulatedCloud; topology: SeedTopology; config: DrillConfig; shared: { atlas?: Promise<AtlasEmulator> } }
>();

/** Another process's view of a simulated environment, which can be killed. */
export type SimulatedProcess = SimulatedEnvironment & {
  /** The process dies: every later call it makes fails at once, as from a process that is gone. */
  kill(): void;
};

/**
 * Another process working on the same simulated cloud: the same clock, estate and config, with
 * its own SDK clients, scope guard and adapters. Killing it stops every call it would still make
 * — a crashed Lambda's in-flight work never reaches the cloud — so a test can resume a run from
 * its journal in a second process and see exactly what a real crash leaves behind.
 *
 * @example
 * ```ts
 * const first = simulatedProcess(env);
 * await runRunbook(rb, { journal, simulateCrash: (at) => { if (crashHere(at)) { first.kill(); return true; } return false; } }, ctx(first));
 * const second = simulatedProcess(env);
 * await resumeRunbook(rb2, journal, { approver }, ctx(second));
 * ```
 */
export function simulatedProcess(env: SimulatedEnvironment): SimulatedProcess {
  const origin = processes.get(env);
  if (!origin) throw new TypeError('not a simulated environment made by createSimulatedEnvironment');
  let alive = true;
  const view = simulatedEnvironment(origin.cloud, origin.topology, origin.config, origin.shared, () => alive);
  return Object.assign(view, {
    kill() {
      alive = false;
    },
  });
}

/**
 * The drill config of the seed estate in a simulated cloud: the seed topology's names, plus the
 * ARNs the simulation gave the load balancers and target groups, and the loopback URLs of the
 * simulated application behind each load balancer.
 *
 * @example
 * ```ts
 * const config = seedDrillConfig(cloud, topology, { primary: primaryUrl, dr: drUrl }, projectId);
 * ```
 */
export function seedDrillConfig(
  cloud: SimulatedCloud,
  topology: SeedTopology,
  healthUrls: { primary: string; dr: string },
  atlasProjectId: string,
): DrillConfig {
  const tier = (side: 'primary' | 'dr'): WebTierConfig => {
    const t = topology.web[side];
    const elb = cloud.state(elbv2Service, t.region);
    const lb = elb.loadBalancer(t.loadBalancerName);
    const tg = elb.targetGroup(t.targetGroupName);
    if (!lb || !tg) throw new RangeError(`seed topology has no load balancer ${t.loadBalancerName} in ${t.region}`);
    return {
      autoScalingGroupName: t.autoScalingGroupName,
      targetGroupArn: tg.arn,
      loadBalancerArn: lb.arn,
      healthUrl: healthUrls[side],
      capacity: { min: t.minSize, desired: t.desiredCapacity, max: t.maxSize },
    };
  };
  const primary = topology.web.primary;
  return {
    name: `${topology.applicationName} (simulated seed estate)`,
    accountId: topology.accountId,
    objectives: { rto: '1h', rpo: '15m' },
    regions: { ...topology.regions },
    web: {
      primary: tier('primary'),
      dr: {
        ...tier('dr'),
        // The warm standby takes the primary's load: scale it to the primary's capacity (and hold
        // its minimum there, so no scale-in policy shrinks it mid-incident).
        promotedCapacity: { min: primary.desiredCapacity, desired: primary.desiredCapacity, max: primary.maxSize },
      },
    },
    dns: {
      hostedZoneId: topology.dns.zoneId,
      failoverRecordName: topology.dns.failoverRecordName,
      weightedRecordName: topology.dns.weightedRecordName,
      recordType: 'A',
      setIdentifiers: { ...topology.dns.setIdentifiers },
      healthCheckIds: { ...topology.dns.healthCheckIds },
    },
    cache: {
      globalReplicationGroupId: topology.cache.globalDatastoreId,
      primaryReplicationGroupId: topology.cache.primaryGroupId,
      drReplicationGroupId: topology.cache.drGroupId,
    },
    parameters: {
      redisEndpoint: topology.parameters.redisEndpoint,
      mongodbUri: topology.parameters.mongodbUri,
      activeRegion: topology.parameters.activeRegion,
    },
    alarms: { errorRate: topology.alarms.errorRate, latencyP95: topology.alarms.latencyP95 },
    deploy: {
      applicationName: topology.deploy.applicationName,
      deploymentGroups: {
        primary: topology.deploy.primaryDeploymentGroupName,
        dr: topology.deploy.drDeploymentGroupName,
      },
    },
    atlas: {
      projectId: atlasProjectId,
      clusterName: topology.atlas.clusterName,
      regionNames: { primary: topology.atlas.primaryRegionName, dr: topology.atlas.drRegionName },
    },
    backup: { primaryVaultName: topology.backup.primaryVaultName, drVaultName: topology.backup.drVaultName },
    notifications: {
      topicArns: { primary: topology.notifications.topicArn, dr: topology.notifications.drTopicArn },
    },
  };
}

/** `AutoScalingClient` → `autoscaling`, for the guard's records. */
export function serviceOf(clientName: string): string {
  return clientName.replace(/Client$/, '').toLowerCase();
}
