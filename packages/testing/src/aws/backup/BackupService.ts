import { defineSimService, type SimServiceDefinition, type SimWorld } from '../kernel/SimService';
import { BackupEngine, type BackupRegion } from './BackupEngine';
import {
  createBackupPlan,
  createBackupSelection,
  deleteBackupPlan,
  deleteBackupSelection,
  getBackupPlan,
  getBackupSelection,
  listBackupPlans,
  listBackupPlanVersions,
  listBackupSelections,
  updateBackupPlan,
} from './handlers/plans';
import {
  describeBackupJob,
  describeCopyJob,
  listBackupJobs,
  listCopyJobs,
  startBackupJob,
  startCopyJob,
} from './handlers/jobs';
import {
  deleteRecoveryPoint,
  describeRecoveryPoint,
  getRecoveryPointRestoreMetadata,
  listRecoveryPointsByBackupVault,
  listRecoveryPointsByResource,
} from './handlers/points';
import { describeRestoreJob, listRestoreJobs, putRestoreValidationResult, startRestoreJob } from './handlers/restores';
import { createBackupVault, deleteBackupVault, describeBackupVault, listBackupVaults } from './handlers/vaults';
import { DEFAULT_BACKUP_SIM_OPTIONS, mergeBackupOptions, type BackupSimOptionsInput } from './options';

const engines = new WeakMap<SimWorld, BackupEngine>();

/**
 * The AWS Backup engine of a simulated cloud's world, created on first use with `defaults`
 * (later `configure` calls change its options in place).
 *
 * @example
 * ```ts
 * const engine = backupEngineOf(world);
 * engine.region('us-east-1').vaults.size;
 * ```
 */
export function backupEngineOf(world: SimWorld, defaults: BackupSimOptionsInput = {}): BackupEngine {
  let engine = engines.get(world);
  if (!engine) {
    engine = new BackupEngine(world, mergeBackupOptions(DEFAULT_BACKUP_SIM_OPTIONS, defaults));
    engines.set(world, engine);
  }
  return engine;
}

/**
 * Defines the simulated AWS Backup with its own default options (timings, failure shares…).
 * The registry uses {@link backupService}; call this to register a differently tuned one.
 *
 * @example
 * ```ts
 * const quiet = createBackupService({ backupFailureRate: 0, restoreFailureRate: 0 });
 * ```
 */
export function createBackupService(options: BackupSimOptionsInput = {}): SimServiceDefinition<BackupRegion> {
  return defineSimService<BackupRegion>({
    name: 'backup',
    model: 'backup',
    clientName: 'BackupClient',
    // No published per-API rate for AWS Backup control-plane calls in the quotas page, so no
    // token bucket here; the kernel's default call latency applies.
    createState: (region, world) => backupEngineOf(world, options).region(region),
    handlers: {
      CreateBackupVault: createBackupVault,
      DescribeBackupVault: describeBackupVault,
      ListBackupVaults: listBackupVaults,
      DeleteBackupVault: deleteBackupVault,
      CreateBackupPlan: createBackupPlan,
      GetBackupPlan: getBackupPlan,
      UpdateBackupPlan: updateBackupPlan,
      ListBackupPlans: listBackupPlans,
      ListBackupPlanVersions: listBackupPlanVersions,
      DeleteBackupPlan: deleteBackupPlan,
      CreateBackupSelection: createBackupSelection,
      GetBackupSelection: getBackupSelection,
      ListBackupSelections: listBackupSelections,
      DeleteBackupSelection: deleteBackupSelection,
      ListRecoveryPointsByBackupVault: listRecoveryPointsByBackupVault,
      ListRecoveryPointsByResource: listRecoveryPointsByResource,
      DescribeRecoveryPoint: describeRecoveryPoint,
      GetRecoveryPointRestoreMetadata: getRecoveryPointRestoreMetadata,
      DeleteRecoveryPoint: deleteRecoveryPoint,
      StartBackupJob: startBackupJob,
      DescribeBackupJob: describeBackupJob,
      ListBackupJobs: listBackupJobs,
      StartCopyJob: startCopyJob,
      DescribeCopyJob: describeCopyJob,
      ListCopyJobs: listCopyJobs,
      StartRestoreJob: startRestoreJob,
      DescribeRestoreJob: describeRestoreJob,
      ListRestoreJobs: listRestoreJobs,
      PutRestoreValidationResult: putRestoreValidationResult,
    },
  });
}

/** The simulated AWS Backup, as registered in the simulated cloud. */
export const backupService: SimServiceDefinition<BackupRegion> = createBackupService();
