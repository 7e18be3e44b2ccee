/**
 * Recovery points listed per second through the real `BackupClient` paginator
 * (`paginateListRecoveryPointsByBackupVault`): 100,000 points seeded in one vault with the
 * backup service's seeding API, then every page read (the target: all 100,000 in under 1 s).
 *
 * Run: `pnpm --filter @drkit/testing bench` (all benchmarks) or
 * `tsx --conditions=@drkit/source bench/backup-pagination.bench.ts`.
 */
import { performance } from 'node:perf_hooks';
import { BackupClient, paginateListRecoveryPointsByBackupVault } from '@aws-sdk/client-backup';
import { createSimulatedCloud } from '../src/aws/SimulatedCloud';
import { backupService, backupSim, type SeedPointSpec } from '../src/aws/backup';

const POINTS = Number(process.env.BENCH_POINTS ?? 100_000);
const RESOURCES = 200;
const ROUNDS = 3;

const cloud = createSimulatedCloud({ services: [backupService] });
const sim = backupSim(cloud);
sim.createVault('us-east-1', 'bench');
const now = cloud.clock.now();
const specs: SeedPointSpec[] = [];
for (let i = 0; i < POINTS; i++) {
  const resource = i % RESOURCES;
  specs.push({
    resourceArn: `arn:aws:ec2:us-east-1:${cloud.accountId}:instance/i-0${String(resource).padStart(16, '0')}`,
    createdAt: now - (i + 1) * 60_000, // one a minute, newest first
    durationMinutes: 10,
    sizeGiB: 30,
  });
}
const s0 = performance.now();
sim.seedRecoveryPoints('us-east-1', 'bench', specs);
const seeding = performance.now() - s0;
console.log(`seeded ${POINTS.toLocaleString('en-US')} recovery points in one vault in ${seeding.toFixed(0)} ms`);

const backup = cloud.client(BackupClient, { region: 'us-east-1' });
for (const pageSize of [1000, 100]) {
  let best = Infinity;
  let listed = 0;
  let pages = 0;
  for (let round = 0; round < ROUNDS; round++) {
    listed = 0;
    pages = 0;
    const t0 = performance.now();
    for await (const page of paginateListRecoveryPointsByBackupVault(
      { client: backup, pageSize },
      { BackupVaultName: 'bench' },
    )) {
      listed += page.RecoveryPoints?.length ?? 0;
      pages++;
    }
    best = Math.min(best, performance.now() - t0);
  }
  console.log(
    `paginated ${listed.toLocaleString('en-US')} points in ${pages} pages of ${pageSize}: best ${best.toFixed(0)} ms of ${ROUNDS} = ${Math.round((listed / best) * 1000).toLocaleString('en-US')} points/s${pageSize === 1000 ? (best < 1000 ? ' (target < 1 s: met)' : ' (target < 1 s: MISSED)') : ''}`,
  );
}
