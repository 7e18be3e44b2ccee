/**
 * Benchmark 2: a fleet restore test of many AWS Backup recovery points under an API quota.
 *
 * drkit: every recovery point restored with `restorePoint` over `backupVaultSource`, all at once
 * (no concurrency cap), every AWS call paced by one shared `RateLimiterRegistry` set to the
 * quota, throttling retried by `awsSend`. Baseline: the same restores in a naive `Promise.all`
 * on the bare SDK (the SDK's own retries only), polling each job every 30 s.
 */
import { performance } from 'node:perf_hooks';
import {
  BackupClient,
  DescribeRestoreJobCommand,
  GetRecoveryPointRestoreMetadataCommand,
  StartRestoreJobCommand,
} from '@aws-sdk/client-backup';
import {
  RateLimiterRegistry,
  resolveContext,
  restorePoint,
  silentLogger,
  type DrError,
  type RecoveryPoint,
  type RecoveryPointSource,
} from '@drkit/core';
import { backupSim, createBackupService, createSimulatedCloud, type SimulatedCloud } from '@drkit/testing';
import { okAsync } from 'neverthrow';
import { backupVaultSource } from '../src/backup/index';
import { quietSignal } from './signal';

const START = '2026-11-22T03:00:00Z';
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const VAULT = 'prod';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`;

/** Settings of one fleet run. */
export interface FleetSettings {
  /** Recovery points restored. */
  readonly points: number;
  /** The simulated AWS Backup API quota: calls per second for the whole API, per account and region. */
  readonly ratePerSecond: number;
  /** Calls the quota allows at once after a quiet spell. */
  readonly burst: number;
  readonly seed: number;
  /** `restorePoint`'s `maxPollInterval`. */
  readonly maxPollInterval: string;
  /** The hand-written baseline's fixed poll interval, seconds. */
  readonly naivePollSeconds: number;
}

/** What one fleet run measured. */
export interface FleetResult {
  readonly label: string;
  /** Virtual time from the first call until the last restore was seen finished (or failed), ms. */
  readonly makespanMs: number;
  /** Restores that completed and were seen completed. */
  readonly restored: number;
  /** Restores whose caller got an error, by error name. */
  readonly surfaced: Readonly<Record<string, number>>;
  /** Every call the simulated cloud answered (each SDK attempt counts). */
  readonly calls: number;
  /** Calls the quota refused (ThrottlingException), retried or not. */
  readonly throttled: number;
  /** Longest restore job of the run (CreationDate → CompletionDate), ms. */
  readonly longestRestoreMs: number;
  /** Wall time of the run, ms. */
  readonly wallMs: number;
}

function fleetCloud(s: FleetSettings): { cloud: SimulatedCloud; points: string[] } {
  // AWS Backup's API request quotas are not in the simulation (no published figure it could cite),
  // so the bench sets one explicitly: one token bucket for the whole Backup API in the region.
  const quota = { ratePerSecond: s.ratePerSecond, burst: s.burst, errorName: 'ThrottlingException' };
  const backup = { ...createBackupService(), quota };
  const cloud = createSimulatedCloud({ seed: s.seed, start: START, regions: [REGION], services: [backup] });
  // No restore fails here, so every error a caller sees is throttling (or a bug).
  const sim = backupSim(cloud).configure({ restoreFailureRate: 0 });
  const now = cloud.clock.now();
  const specs = Array.from({ length: s.points }, (_, i) => ({
    resourceArn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders-${String(i).padStart(4, '0')}`,
    resourceType: 'RDS',
    createdAt: now - 60 * 60_000,
    durationMinutes: 5,
  }));
  const points = sim.seedRecoveryPoints(REGION, VAULT, specs);
  return { cloud, points };
}

function restoreJobsOf(cloud: SimulatedCloud): { longestMs: number } {
  const jobs = backupSim(cloud).region(REGION).restoreJobsById;
  let longestMs = 0;
  for (const j of jobs.values()) longestMs = Math.max(longestMs, j.plannedEndMs - j.sortMs);
  return { longestMs };
}

function tally(cloud: SimulatedCloud) {
  const calls = cloud.recorder.calls();
  return { calls: calls.length, throttled: calls.filter((c) => c.error === 'ThrottlingException').length };
}

/** drkit: `restorePoint` per point, one shared rate limiter at the quota, no concurrency cap. */
export async function drkitFleet(s: FleetSettings): Promise<FleetResult> {
  const wall = performance.now();
  const { cloud } = fleetCloud(s);
  const ctx = resolveContext({
    clock: cloud.clock,
    logger: silentLogger,
    runId: 'fleet-restore-test',
    signal: quietSignal(),
  });
  const rateLimits = new RateLimiterRegistry({
    services: { backup: { ratePerSecond: s.ratePerSecond, burst: s.burst } },
  });
  const source = backupVaultSource({
    client: cloud.client(BackupClient, { region: REGION }),
    vault: VAULT,
    iamRoleArn: ROLE,
    rateLimits,
    expectedRestoreTime: { RDS: '30m' },
  });
  const t0 = cloud.clock.now();
  // List the vault once (pages of 100) and let every restorePoint choose from that list.
  const listed = await source.listPoints({}, ctx);
  if (listed.isErr()) throw listed.error;
  const all = [...listed.value];
  const listedOnce: RecoveryPointSource = {
    ...source,
    listPoints: (q) => okAsync(all.filter((p) => q.resourceId === undefined || p.resourceId === q.resourceId)),
  };
  const surfaced: Record<string, number> = {};
  let restored = 0;
  let lastDoneAt = t0;
  await Promise.all(
    all.map((p: RecoveryPoint, i) =>
      restorePoint(
        listedOnce,
        {
          step: `restore-${i}`,
          strategy: { exact: p.id },
          ...(p.resourceId ? { resourceId: p.resourceId } : {}),
          timeout: '4h',
          maxPollInterval: s.maxPollInterval,
        },
        ctx,
      ).then((r) => {
        lastDoneAt = Math.max(lastDoneAt, cloud.clock.now());
        if (r.isOk()) restored++;
        else count(surfaced, errorName(r.error));
      }),
    ),
  );
  const t = tally(cloud);
  return {
    label: 'drkit restorePoint + shared rate limiter',
    makespanMs: lastDoneAt - t0,
    restored,
    surfaced,
    ...t,
    longestRestoreMs: restoreJobsOf(cloud).longestMs,
    wallMs: performance.now() - wall,
  };
}

/** Baseline: `Promise.all` over the bare SDK, each job polled every N seconds; no rate limiter. */
export async function naiveFleet(s: FleetSettings): Promise<FleetResult> {
  const wall = performance.now();
  const { cloud, points } = fleetCloud(s);
  const backup = cloud.client(BackupClient, { region: REGION });
  const t0 = cloud.clock.now();
  const surfaced: Record<string, number> = {};
  let restored = 0;
  let lastDoneAt = t0;
  const one = async (arn: string, i: number): Promise<void> => {
    const md = await backup.send(
      new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: VAULT, RecoveryPointArn: arn }),
    );
    const { RestoreJobId } = await backup.send(
      new StartRestoreJobCommand({
        RecoveryPointArn: arn,
        IamRoleArn: ROLE,
        Metadata: { ...md.RestoreMetadata, DBInstanceIdentifier: `fleet-naive-${i}` },
        IdempotencyToken: `fleet-naive-${i}`,
      }),
    );
    for (;;) {
      const job = await backup.send(new DescribeRestoreJobCommand({ RestoreJobId }));
      if (job.Status === 'COMPLETED') return;
      if (job.Status === 'FAILED' || job.Status === 'ABORTED') throw new Error(`restore ${job.Status}`);
      // time.sleep(N) in the usual script; on the cloud's clock, because a throttled SDK retry inside
      // withVirtualTimers deadlocks (the SDK waits on a zero-length setTimeout while the clock is held).
      await cloud.clock.sleep(s.naivePollSeconds * 1000);
    }
  };
  await Promise.all(
    points.map((arn, i) =>
      one(arn, i).then(
        () => {
          restored++;
          lastDoneAt = Math.max(lastDoneAt, cloud.clock.now());
        },
        (e: unknown) => {
          lastDoneAt = Math.max(lastDoneAt, cloud.clock.now());
          count(surfaced, e instanceof Error ? e.name : String(e));
        },
      ),
    ),
  );
  const t = tally(cloud);
  return {
    label: `naive Promise.all, poll every ${s.naivePollSeconds}s`,
    makespanMs: lastDoneAt - t0,
    restored,
    surfaced,
    ...t,
    longestRestoreMs: restoreJobsOf(cloud).longestMs,
    wallMs: performance.now() - wall,
  };
}

function errorName(e: DrError): string {
  const cause = (e as { cause?: unknown }).cause;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : cause instanceof Error ? cause.name : e.kind;
}

function count(into: Record<string, number>, key: string): void {
  into[key] = (into[key] ?? 0) + 1;
}
