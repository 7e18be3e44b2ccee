/**
 * Test support: a simulated estate with an RDS database backed up in the primary region and
 * copied to the DR vault, plus a context on the cloud's virtual clock.
 */
import { BackupClient } from '@aws-sdk/client-backup';
import { resolveContext, silentLogger, type DrContext } from '@drkit/core';
import { createSimulatedCloud, type SimulatedCloud } from '@drkit/testing';
import { okAsync } from 'neverthrow';
// The Backup seeding API is not yet re-exported from @drkit/testing's index.
import { backupSim, type BackupSim } from '../../../testing/src/aws/backup/index';
import type { RestoredResourceOps } from '../../src/backup/index';

export const START = '2026-11-22T03:00:00Z';
export const ACCOUNT = '123456789012';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`;
export const ORDERS_DB = `arn:aws:rds:us-east-1:${ACCOUNT}:db:orders`;
export const SENTINELS = { 'sentinel:a': 'drkit-sentinel-alpha-5e1f', 'sentinel:b': 'drkit-sentinel-bravo-9c07' };

export interface Estate {
  cloud: SimulatedCloud;
  backup: BackupSim;
  /** Points in the primary vault `prod` (us-east-1), oldest first. */
  prodPoints: string[];
  /** Copies in the DR vault `dr-vault` (us-west-2), oldest first. */
  drPoints: string[];
}

/**
 * Two regions; the orders database backed up 70 and 10 minutes before the start into `prod`
 * (us-east-1) and copied into `dr-vault` (us-west-2), each point holding the sentinel data.
 */
export function estate(options: { seed?: number; pointsAgoMin?: number[] } = {}): Estate {
  const cloud = createSimulatedCloud({ seed: options.seed ?? 7, start: START });
  const backup = backupSim(cloud).configure({ restoreFailureRate: 0 });
  const now = cloud.clock.now();
  const ago = options.pointsAgoMin ?? [70, 10];
  const specs = ago.map((m) => ({
    resourceArn: ORDERS_DB,
    resourceType: 'RDS',
    createdAt: now - m * 60_000,
    durationMinutes: 5,
    data: { ...SENTINELS, 'app:last-write-at': new Date(now - m * 60_000).toISOString() },
  }));
  const prodPoints = backup.seedRecoveryPoints('us-east-1', 'prod', specs);
  const drPoints = backup.seedRecoveryPoints('us-west-2', 'dr-vault', specs);
  return { cloud, backup, prodPoints, drPoints };
}

/** A drkit context on the cloud's virtual clock. */
export function contextOf(cloud: SimulatedCloud, runId = 'drill-2026-11-22'): DrContext {
  return resolveContext({ clock: cloud.clock, logger: silentLogger, runId, random: () => 0.5 });
}

/**
 * Deletes restored RDS instances in the simulation. The simulated cloud has no RDS API, so the
 * delete marks the shared resource deleted (what `DeleteDBInstance` would do).
 */
export function simRdsOps(cloud: SimulatedCloud): RestoredResourceOps {
  return {
    delete: (resource) => okAsync(cloud.resources.delete(resource.id, cloud.clock.now()) ? 'deleted' : 'already-gone'),
    readTags: (resource) => okAsync(cloud.resources.get(resource.id)?.tags),
  };
}

/** A Backup client in a region of the cloud. */
export function backupClient(cloud: SimulatedCloud, region: string): BackupClient {
  return cloud.client(BackupClient, { region });
}
