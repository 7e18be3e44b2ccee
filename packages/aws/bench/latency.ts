/**
 * Benchmark 1: how soon a finished job is noticed (detection lag) and how many status reads that
 * costs, drkit's adaptive `waitFor` against the AWS SDK's own waiters (or, for AWS Backup, which
 * has no restore-job waiter, the usual hand-written fixed-interval loop).
 *
 * Every trial is one job on the simulated cloud, its real duration drawn by the simulation's
 * own seeded duration model; drkit and the baseline each get a cloud with the same seed, so they
 * see the same set of durations. Lag is measured against the simulation's ground truth (when the
 * job really finished), on virtual time.
 */
import {
  BackupClient,
  DescribeRestoreJobCommand,
  GetRecoveryPointRestoreMetadataCommand,
  StartRestoreJobCommand,
} from '@aws-sdk/client-backup';
import {
  CreateReplicationGroupCommand,
  ElastiCacheClient,
  waitUntilReplicationGroupAvailable,
} from '@aws-sdk/client-elasticache';
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  Route53Client,
  waitUntilResourceRecordSetsChanged,
} from '@aws-sdk/client-route-53';
import {
  RateLimiterRegistry,
  resolveContext,
  restorePoint,
  silentLogger,
  waitFor,
  type DrContext,
  type RecoveryPoint,
  type RestoreStatus,
  type WaitStatus,
} from '@drkit/core';
import {
  SeededRandom,
  backupService,
  backupSim,
  createElastiCacheService,
  createSimulatedCloud,
  route53Service,
  route53Sim,
  withVirtualTimers,
  type SimulatedCloud,
} from '@drkit/testing';
import { okAsync } from 'neverthrow';
import { backupVaultSource } from '../src/backup/index';
import { elasticacheSnapshotSource } from '../src/elasticache/index';
import { awsSend } from '../src/shared/send';
import { quietSignal } from './signal';

const START = '2026-11-22T03:00:00Z';
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`;
const MIN = 60_000;

/** One method's figures over all trials of one scenario. */
export interface LatencyRow {
  readonly scenario: string;
  readonly method: string;
  /** True for the baseline the target compares against. */
  readonly baseline: boolean;
  readonly trials: number;
  /** Detection lag per trial (detected − really finished), ms. */
  readonly lagsMs: readonly number[];
  /** Status reads (Describe…/GetChange) per trial. */
  readonly calls: readonly number[];
  /** Mean real duration of the awaited jobs, ms (equal across methods of a scenario: same draws). */
  readonly meanDurationMs: number;
}

/**
 * Trials run side by side on one cloud per method, so they need no API quota of their own here:
 * drkit's limiter is opened wide so that it never delays a poll (the fleet benchmark is where
 * quotas are measured).
 */
const unthrottled = () => new RateLimiterRegistry({ ratePerSecond: 100_000, burst: 100_000 });

function contextOf(cloud: SimulatedCloud): DrContext {
  return resolveContext({ clock: cloud.clock, logger: silentLogger, runId: 'latency-bench', signal: quietSignal() });
}

/** Runs `fn` with `Math.random` drawn from a seeded generator (the SDK waiters' jitter uses it). */
async function withSeededMathRandom<T>(seed: number, fn: () => Promise<T>): Promise<T> {
  const saved = Math.random;
  const rng = new SeededRandom(`math-random:${seed}`);
  Math.random = () => rng.next();
  try {
    return await fn();
  } finally {
    Math.random = saved;
  }
}

/** How many recorded calls of `operation` name `id` in `field` (optionally from `since` on). */
function readsOf(cloud: SimulatedCloud, operation: string, field: string, since = -Infinity): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of cloud.recorder.calls({ operation, since })) {
    const id = (c.input as Record<string, unknown> | undefined)?.[field];
    if (typeof id === 'string') out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}

const mean = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0) / Math.max(1, xs.length);

// ---------------------------------------------------------------------------- (a) AWS Backup

/**
 * An RDS restore of about 30 minutes: the simulation's duration model set to 30 min ±15 %
 * (uniform) running, after its own 1-3 min in the PENDING queue.
 */
function backupCloud(seed: number, trials: number): { cloud: SimulatedCloud; arns: string[] } {
  const cloud = createSimulatedCloud({ seed, start: START, regions: [REGION], services: [backupService] });
  const sim = backupSim(cloud).configure({
    restoreFailureRate: 0,
    restore: { RDS: { baseMinutes: 30, minutesPerGiB: 0, minMinutes: 10, maxMinutes: 60, spread: 0.15 } },
  });
  const now = cloud.clock.now();
  const arns = sim.seedRecoveryPoints(
    REGION,
    'prod',
    Array.from({ length: trials }, (_, i) => ({
      resourceArn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders-${i}`,
      resourceType: 'RDS',
      createdAt: now - 60 * MIN,
      durationMinutes: 5,
    })),
  );
  return { cloud, arns };
}

/** drkit: the AWS Backup adapter starts the job; `waitFor` is seeded with `ExpectedCompletionTimeMinutes`. */
async function backupAdaptive(seed: number, trials: number): Promise<LatencyRow> {
  const { cloud } = backupCloud(seed, trials);
  const ctx = contextOf(cloud);
  const source = backupVaultSource({
    client: cloud.client(BackupClient, { region: REGION }),
    vault: 'prod',
    iamRoleArn: ROLE,
    rateLimits: unthrottled(),
  });
  const points = sortedPoints((await source.listPoints({}, ctx))._unsafeUnwrap());
  const lags: number[] = [];
  const jobIds: string[] = [];
  await Promise.all(
    points.map(async (point, i) => {
      const handle = (
        await source.startRestore({ kind: 'point', point }, { idempotencyKey: `bench-${i}`, runId: ctx.runId }, ctx)
      )._unsafeUnwrap();
      jobIds[i] = handle.jobId;
      // The service's own estimate, from creation; read once, then wait for the rest of it.
      const first = (await source.describeRestore(handle, ctx))._unsafeUnwrap();
      const elapsed = ctx.clock.now() - (handle.startedAt ?? ctx.clock.now());
      const expectedMs = Math.max(1_000, (first.expectedCompletionMs ?? 30 * MIN) - elapsed);
      const waited = await waitFor(
        () => source.describeRestore(handle, ctx).map(toWaitStatus),
        { what: `restore job ${handle.jobId}`, timeout: '3h', expectedDuration: expectedMs },
        ctx,
      );
      lags[i] = waited._unsafeUnwrap().detectionLagMs ?? Number.NaN;
    }),
  );
  const reads = readsOf(cloud, 'DescribeRestoreJob', 'RestoreJobId');
  return {
    scenario: 'backup',
    method: 'drkit waitFor, expected = ExpectedCompletionTimeMinutes',
    baseline: false,
    trials,
    lagsMs: lags,
    calls: jobIds.map((id) => reads.get(id) ?? 0),
    meanDurationMs: meanBackupDuration(cloud),
  };
}

/** drkit's `restorePoint`, as it is today: polling seeded by the source's `expectedRestoreTime` (an operator's estimate). */
async function backupRestorePoint(seed: number, trials: number): Promise<LatencyRow> {
  const { cloud } = backupCloud(seed, trials);
  const ctx = contextOf(cloud);
  const source = backupVaultSource({
    client: cloud.client(BackupClient, { region: REGION }),
    vault: 'prod',
    iamRoleArn: ROLE,
    rateLimits: unthrottled(),
    expectedRestoreTime: '30m',
  });
  const points = sortedPoints((await source.listPoints({}, ctx))._unsafeUnwrap());
  const listedOnce = { ...source, listPoints: () => okAsync(points) };
  const lags: number[] = [];
  const jobIds: string[] = [];
  await Promise.all(
    points.map(async (point, i) => {
      const report = (
        await restorePoint(listedOnce, { step: `bench-${i}`, strategy: { exact: point.id }, timeout: '3h' }, ctx)
      )._unsafeUnwrap();
      if (report.dryRun) throw new Error('unexpected dry run');
      jobIds[i] = report.job.jobId;
      lags[i] = report.timings.detectionLagMs ?? Number.NaN;
    }),
  );
  const reads = readsOf(cloud, 'DescribeRestoreJob', 'RestoreJobId');
  return {
    scenario: 'backup',
    method: "drkit restorePoint, expected = operator's 30 min (defaults 5 s-1 m)",
    baseline: false,
    trials,
    lagsMs: lags,
    calls: jobIds.map((id) => reads.get(id) ?? 0),
    meanDurationMs: meanBackupDuration(cloud),
  };
}

/** Baseline: AWS Backup has no restore-job waiter; the usual loop reads the job every N seconds. */
async function backupFixedLoop(seed: number, trials: number, everySeconds: number): Promise<LatencyRow> {
  const { cloud, arns } = backupCloud(seed, trials);
  const backup = cloud.client(BackupClient, { region: REGION });
  const lags: number[] = [];
  const jobIds: string[] = [];
  await Promise.all(
    arns.map(async (arn, i) => {
      const md = await backup.send(
        new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: 'prod', RecoveryPointArn: arn }),
      );
      const { RestoreJobId } = await backup.send(
        new StartRestoreJobCommand({
          RecoveryPointArn: arn,
          IamRoleArn: ROLE,
          Metadata: { ...md.RestoreMetadata, DBInstanceIdentifier: `loop-${i}` },
        }),
      );
      jobIds[i] = RestoreJobId!;
      for (;;) {
        const job = await backup.send(new DescribeRestoreJobCommand({ RestoreJobId }));
        if (job.Status === 'COMPLETED') {
          lags[i] = cloud.clock.now() - job.CompletionDate!.getTime();
          return;
        }
        if (job.Status === 'FAILED' || job.Status === 'ABORTED') throw new Error(`restore ${job.Status}`);
        await cloud.clock.sleep(everySeconds * 1000); // time.sleep(N) in the usual script
      }
    }),
  );
  const reads = readsOf(cloud, 'DescribeRestoreJob', 'RestoreJobId');
  return {
    scenario: 'backup',
    method: `hand-written loop, DescribeRestoreJob every ${everySeconds} s`,
    baseline: true,
    trials,
    lagsMs: lags,
    calls: jobIds.map((id) => reads.get(id) ?? 0),
    meanDurationMs: meanBackupDuration(cloud),
  };
}

function sortedPoints(points: readonly RecoveryPoint[]): RecoveryPoint[] {
  return [...points].sort((a, b) => (a.resourceId ?? '').localeCompare(b.resourceId ?? '', 'en', { numeric: true }));
}

function toWaitStatus(status: RestoreStatus): WaitStatus<RestoreStatus> {
  if (status.state === 'completed')
    return {
      done: true,
      value: status,
      ...(status.completedAt !== undefined ? { completedAt: status.completedAt } : {}),
    };
  if (status.state === 'failed' || status.state === 'cancelled') throw new Error(`restore ${status.state}`);
  return { done: false };
}

function meanBackupDuration(cloud: SimulatedCloud): number {
  const jobs = [...backupSim(cloud).region(REGION).restoreJobsById.values()];
  return mean(jobs.map((j) => j.plannedEndMs - j.sortMs));
}

// ---------------------------------------------------------------------------- (b) ElastiCache

/**
 * A replication group restored from a snapshot in about 20 minutes: the simulation's restore
 * range set to 17-23 min (uniform, ±15 %); no real redis-server behind it.
 */
const elasticache = createElastiCacheService({ redisBacking: 'off', durations: { restoreMs: [17 * MIN, 23 * MIN] } });

function cacheCloud(seed: number): SimulatedCloud {
  const cloud = createSimulatedCloud({ seed, start: START, regions: [REGION], services: [elasticache] });
  cloud.state(elasticache, REGION).createReplicationGroup({
    id: 'jobs-cache',
    numCacheClusters: 2,
    automaticFailover: true,
    snapshotRetentionLimit: 7,
    snapshotWindow: '05:00-06:00',
    createdBy: 'topology',
    available: true,
    createdAt: cloud.clock.now() - 10 * 86_400_000,
  });
  return cloud;
}

function latestSnapshot(cloud: SimulatedCloud): string {
  const state = cloud.state(elasticache, REGION);
  const name = state
    .snapshots({ groupId: 'jobs-cache' })
    .filter((s) => state.snapshotStatus(s) === 'available')
    .at(-1)?.name;
  if (!name) throw new Error('the simulated cache has no snapshot');
  return name;
}

function groupLag(cloud: SimulatedCloud, groupId: string, detectedAt: number): number {
  const g = cloud.state(elasticache, REGION).group(groupId);
  if (!g) throw new Error(`no replication group ${groupId}`);
  return detectedAt - g.availableAt;
}

function groupReads(cloud: SimulatedCloud, ids: readonly string[]): number[] {
  const state = cloud.state(elasticache, REGION);
  // Reads after the group was created (restorePoint first checks that it does not exist yet).
  return ids.map((id) => {
    const createdAt = state.group(id)!.createdAt;
    return cloud.recorder
      .calls({ operation: 'DescribeReplicationGroups', since: createdAt })
      .filter((c) => (c.input as { ReplicationGroupId?: string }).ReplicationGroupId === id).length;
  });
}

/** drkit: `restorePoint` over the ElastiCache snapshot source, `expectedRestoreTime: '20m'`. */
async function cacheAdaptive(seed: number, trials: number): Promise<LatencyRow> {
  const cloud = cacheCloud(seed);
  const ctx = contextOf(cloud);
  const snapshot = latestSnapshot(cloud);
  const source = elasticacheSnapshotSource({
    client: cloud.client(ElastiCacheClient, { region: REGION }),
    replicationGroupId: 'jobs-cache',
    expectedRestoreTime: '20m',
    rateLimits: unthrottled(),
  });
  const points = (await source.listPoints({}, ctx))._unsafeUnwrap();
  const listedOnce = { ...source, listPoints: () => okAsync(points) };
  const lags: number[] = [];
  const ids: string[] = [];
  await Promise.all(
    Array.from({ length: trials }, async (_, i) => {
      const report = (
        await restorePoint(listedOnce, { step: `bench-${i}`, strategy: { exact: snapshot }, timeout: '2h' }, ctx)
      )._unsafeUnwrap();
      if (report.dryRun) throw new Error('unexpected dry run');
      ids[i] = report.job.jobId;
      lags[i] = groupLag(cloud, report.job.jobId, cloud.clock.now());
    }),
  );
  return {
    scenario: 'elasticache',
    method: 'drkit restorePoint, expected = 20 min (defaults 5 s-1 m)',
    baseline: false,
    trials,
    lagsMs: lags,
    calls: groupReads(cloud, ids),
    meanDurationMs: meanGroupDuration(cloud, ids),
  };
}

/** Baseline: `CreateReplicationGroup` from the snapshot, then the SDK's `waitUntilReplicationGroupAvailable`. */
async function cacheWaiter(seed: number, trials: number): Promise<LatencyRow> {
  const cloud = cacheCloud(seed);
  const snapshot = latestSnapshot(cloud);
  const client = cloud.client(ElastiCacheClient, { region: REGION });
  const lags: number[] = [];
  const ids = Array.from({ length: trials }, (_, i) => `waiter-${i}`);
  await withSeededMathRandom(seed, () =>
    withVirtualTimers(cloud.clock, () =>
      Promise.all(
        ids.map(async (id, i) => {
          await client.send(
            new CreateReplicationGroupCommand({
              ReplicationGroupId: id,
              ReplicationGroupDescription: 'waiter baseline',
              SnapshotName: snapshot,
              NumCacheClusters: 1,
            }),
          );
          await waitUntilReplicationGroupAvailable({ client, maxWaitTime: 7_200 }, { ReplicationGroupId: id });
          lags[i] = groupLag(cloud, id, cloud.clock.now());
        }),
      ),
    ),
  );
  return {
    scenario: 'elasticache',
    method: 'SDK waitUntilReplicationGroupAvailable (15-120 s backoff)',
    baseline: true,
    trials,
    lagsMs: lags,
    calls: groupReads(cloud, ids),
    meanDurationMs: meanGroupDuration(cloud, ids),
  };
}

function meanGroupDuration(cloud: SimulatedCloud, ids: readonly string[]): number {
  const state = cloud.state(elasticache, REGION);
  return mean(ids.map((id) => state.group(id)!.availableAt - state.group(id)!.createdAt));
}

// ---------------------------------------------------------------------------- (c) Route 53

/** One UPSERT at a time (Route 53 allows 5 requests/s per account), each awaited until INSYNC. */
function dnsCloud(seed: number): { cloud: SimulatedCloud; zoneId: string } {
  const cloud = createSimulatedCloud({ seed, start: START, regions: [REGION], services: [route53Service] });
  const zone = route53Sim(cloud).createHostedZone({ name: 'example.com' })._unsafeUnwrap();
  return { cloud, zoneId: zone.id };
}

async function upsert(client: Route53Client, zoneId: string, i: number): Promise<string> {
  const out = await client.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: {
        Changes: [
          {
            Action: 'UPSERT',
            ResourceRecordSet: {
              Name: 'api.example.com',
              Type: 'A',
              TTL: 60,
              ResourceRecords: [{ Value: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}` }],
            },
          },
        ],
      },
    }),
  );
  return out.ChangeInfo!.Id!;
}

function insyncLag(cloud: SimulatedCloud, changeId: string, detectedAt: number): number {
  return detectedAt - cloud.state(route53Service, 'global').change(changeId).insyncAt;
}

function changeReads(cloud: SimulatedCloud, ids: readonly string[]): number[] {
  // The SDK sends the bare id (it strips `/change/`).
  const reads = readsOf(cloud, 'GetChange', 'Id');
  return ids.map((id) => reads.get(id.replace(/^\/change\//, '')) ?? 0);
}

function meanChangeDuration(cloud: SimulatedCloud, ids: readonly string[]): number {
  const state = cloud.state(route53Service, 'global');
  return mean(ids.map((id) => state.change(id).insyncAt - state.change(id).submittedAt));
}

/** drkit: `waitFor` on `GetChange` (through `awsSend`, at Route 53's 5 requests/s), expected `expectedS`. */
async function dnsAdaptive(seed: number, trials: number, expectedS: number): Promise<LatencyRow> {
  const { cloud, zoneId } = dnsCloud(seed);
  const ctx = contextOf(cloud);
  const client = cloud.client(Route53Client);
  const lags: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < trials; i++) {
    const id = await upsert(client, zoneId, i);
    ids.push(id);
    const waited = await waitFor(
      () =>
        awsSend(client, new GetChangeCommand({ Id: id }), { service: 'route53' }, ctx).map((out): WaitStatus<string> =>
          out.ChangeInfo?.Status === 'INSYNC' ? { done: true, value: id } : { done: false },
        ),
      { what: `change ${id}`, timeout: '10m', expectedDuration: expectedS * 1000 },
      ctx,
    );
    waited._unsafeUnwrap();
    lags.push(insyncLag(cloud, id, cloud.clock.now()));
  }
  return {
    scenario: 'route53',
    method: `drkit waitFor, expected = ${expectedS} s`,
    baseline: false,
    trials,
    lagsMs: lags,
    calls: changeReads(cloud, ids),
    meanDurationMs: meanChangeDuration(cloud, ids),
  };
}

/** Baseline: the SDK's `waitUntilResourceRecordSetsChanged` (30-120 s backoff). */
async function dnsWaiter(seed: number, trials: number): Promise<LatencyRow> {
  const { cloud, zoneId } = dnsCloud(seed);
  const client = cloud.client(Route53Client);
  const lags: number[] = [];
  const ids: string[] = [];
  await withSeededMathRandom(seed, () =>
    withVirtualTimers(cloud.clock, async () => {
      for (let i = 0; i < trials; i++) {
        const id = await upsert(client, zoneId, i);
        ids.push(id);
        await waitUntilResourceRecordSetsChanged({ client, maxWaitTime: 600 }, { Id: id });
        lags.push(insyncLag(cloud, id, cloud.clock.now()));
      }
    }),
  );
  return {
    scenario: 'route53',
    method: 'SDK waitUntilResourceRecordSetsChanged (30-120 s backoff)',
    baseline: true,
    trials,
    lagsMs: lags,
    calls: changeReads(cloud, ids),
    meanDurationMs: meanChangeDuration(cloud, ids),
  };
}

/** Every scenario and method of benchmark 1, in table order. */
export async function latencyBench(trials: number, seed: number): Promise<LatencyRow[]> {
  return [
    await backupAdaptive(seed, trials),
    await backupFixedLoop(seed, trials, 30),
    await backupRestorePoint(seed, trials),
    await cacheAdaptive(seed, trials),
    await cacheWaiter(seed, trials),
    await dnsAdaptive(seed, trials, 45),
    await dnsAdaptive(seed, trials, 60),
    await dnsWaiter(seed, trials),
  ];
}
