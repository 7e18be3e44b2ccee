/**
 * The simulated AWS Backup: vaults, plans and selections evaluated lazily on virtual time,
 * recovery points (snapshot, continuous, composite), backup/copy/restore jobs with realistic
 * timing, and a seeding API for topologies and tests.
 *
 * @packageDocumentation
 */
export { backupService, createBackupService, backupEngineOf } from './BackupService';
export { BackupSim, backupSim, type SeedPointSpec, type SeedHistorySpec, type TimeLike } from './backupSim';
export { BackupEngine, BackupRegion, RESTORE_JOB_ID_TAG, SOURCE_RESOURCE_TAG } from './BackupEngine';
export {
  DEFAULT_BACKUP_SIM_OPTIONS,
  mergeBackupOptions,
  type BackupSimOptions,
  type BackupSimOptionsInput,
  type DurationModel,
} from './options';
export { CronSchedule } from './cron';
export { simNetwork, resourceTypeOfArn, type SimNetwork, type ResourceProfile } from './resourceTypes';
export type { StartRestoreParams } from './handlers/restores';
