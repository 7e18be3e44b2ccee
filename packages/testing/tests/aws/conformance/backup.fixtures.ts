import type { SimulatedCloud } from '../../../src/aws/SimulatedCloud';
import { backupSim } from '../../../src/aws/backup';

/**
 * Conformance fixtures of the simulated AWS Backup: every handler is called at least once,
 * on the success path and on typical error paths, so requests and responses are checked
 * against the official model.
 */
const ACCOUNT = '123456789012';
const DAY = 86_400_000;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`;
const EC2 = `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0c0f0e0d0c0b0a091`;
const RDS = `arn:aws:rds:us-east-1:${ACCOUNT}:db:conf-orders`;
const EFS = `arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:file-system/fs-0c0f0e0d0c0b0a091`;
const POINT_EC2 = 'arn:aws:ec2:us-east-1::image/ami-0c0f0e0d0c0b0a091';
const POINT_RDS = `arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:awsbackup:job-0c0f0e0d-0c0b-4a09-8000-000000000001`;
const POINT_EFS = `arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:0C0F0E0D-0C0B-4A09-8000-000000000002`;
const PLAN_ID = '0c0f0e0d-0c0b-4a09-8000-00000000000a';
const PLAN_DELETE = '0c0f0e0d-0c0b-4a09-8000-00000000000b';
const PLAN_SELECTIONS = '0c0f0e0d-0c0b-4a09-8000-00000000000c';
const SELECTION_ID = '0c0f0e0d-0c0b-4a09-8000-00000000001a';
const SELECTION_DELETE = '0c0f0e0d-0c0b-4a09-8000-00000000001b';
const BACKUP_JOB = '0C0F0E0D-0C0B-4A09-8000-00000000002A';
const COPY_JOB = '0C0F0E0D-0C0B-4A09-8000-00000000003A';
const RESTORE_JOB = '0C0F0E0D-0C0B-4A09-8000-00000000004A';
const DR_VAULT = `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:conf-dr`;
const EC2_METADATA = {
  InstanceType: 't3.medium',
  SubnetId: 'subnet-0c0f0e0d0c0b0a091',
  SecurityGroupIds: '["sg-0c0f0e0d0c0b0a091"]',
  RequireIMDSv2: 'true',
};
const rule = {
  RuleName: 'daily',
  TargetBackupVaultName: 'conf-vault',
  ScheduleExpression: 'cron(0 5 ? * * *)',
  StartWindowMinutes: 60,
  CompletionWindowMinutes: 720,
  Lifecycle: { DeleteAfterDays: 35 },
  CopyActions: [{ DestinationBackupVaultArn: DR_VAULT, Lifecycle: { DeleteAfterDays: 35 } }],
};

export default {
  service: 'backup',
  setup(cloud: SimulatedCloud): void {
    const sim = backupSim(cloud).configure({ backupFailureRate: 0, restoreFailureRate: 0, copyFailureRate: 0 });
    const now = cloud.clock.now();
    sim.createVault('us-east-1', 'conf-vault');
    sim.createVault('us-west-2', 'conf-dr');
    sim.seedRecoveryPoints('us-east-1', 'conf-vault', [
      { resourceArn: EC2, createdAt: now - 2 * DAY, recoveryPointArn: POINT_EC2, lifecycle: { DeleteAfterDays: 35 } },
      { resourceArn: RDS, createdAt: now - DAY, recoveryPointArn: POINT_RDS, backupPlanId: PLAN_ID },
      { resourceArn: EFS, createdAt: now - DAY, recoveryPointArn: POINT_EFS },
    ]);
    sim.createPlan(
      'us-east-1',
      { BackupPlanName: 'conf-plan', Rules: [rule] },
      { SelectionName: 'conf-all', IamRoleArn: ROLE, Resources: [EC2, RDS] },
      { planId: PLAN_ID, selectionId: SELECTION_ID },
    );
    sim.createPlan('us-east-1', { BackupPlanName: 'conf-delete', Rules: [rule] }, undefined, { planId: PLAN_DELETE });
    sim.createPlan(
      'us-east-1',
      { BackupPlanName: 'conf-selections', Rules: [rule] },
      { SelectionName: 'conf-gone', IamRoleArn: ROLE, Resources: [EFS] },
      { planId: PLAN_SELECTIONS, selectionId: SELECTION_DELETE },
    );
    sim.startBackup('us-east-1', { vaultName: 'conf-vault', resourceArn: EC2, jobId: BACKUP_JOB });
    sim.startCopy('us-east-1', { recoveryPointArn: POINT_EC2, destinationVaultArn: DR_VAULT, jobId: COPY_JOB });
    sim.startRestore('us-east-1', {
      RecoveryPointArn: POINT_EC2,
      Metadata: EC2_METADATA,
      IamRoleArn: ROLE,
      jobId: RESTORE_JOB,
    });
  },
  calls: [
    // Vaults
    { operation: 'CreateBackupVault', input: { BackupVaultName: 'conf-temp', BackupVaultTags: { env: 'test' } } },
    { operation: 'CreateBackupVault', input: { BackupVaultName: 'conf-vault' }, expectError: 'AlreadyExistsException' },
    { operation: 'DescribeBackupVault', input: { BackupVaultName: 'conf-vault' } },
    {
      operation: 'DescribeBackupVault',
      input: { BackupVaultName: 'no-such-vault' },
      expectError: 'ResourceNotFoundException',
    },
    { operation: 'ListBackupVaults', input: { MaxResults: 10 } },
    { operation: 'DeleteBackupVault', input: { BackupVaultName: 'conf-temp' } },
    {
      operation: 'DeleteBackupVault',
      input: { BackupVaultName: 'conf-vault' },
      expectError: 'InvalidRequestException',
    },
    // Plans and selections
    {
      operation: 'CreateBackupPlan',
      input: { BackupPlan: { BackupPlanName: 'conf-new', Rules: [rule] }, BackupPlanTags: { team: 'dr' } },
    },
    {
      operation: 'CreateBackupPlan',
      input: {
        BackupPlan: { BackupPlanName: 'conf-bad', Rules: [{ ...rule, ScheduleExpression: 'cron(* * * * * *)' }] },
      },
      expectError: 'InvalidParameterValueException',
    },
    { operation: 'GetBackupPlan', input: { BackupPlanId: PLAN_ID, MaxScheduledRunsPreview: 3 } },
    { operation: 'GetBackupPlan', input: { BackupPlanId: 'no-such-plan' }, expectError: 'ResourceNotFoundException' },
    {
      operation: 'UpdateBackupPlan',
      input: {
        BackupPlanId: PLAN_ID,
        BackupPlan: { BackupPlanName: 'conf-plan', Rules: [{ ...rule, StartWindowMinutes: 120 }] },
      },
    },
    { operation: 'ListBackupPlans', input: { IncludeDeleted: true } },
    { operation: 'ListBackupPlanVersions', input: { BackupPlanId: PLAN_ID } },
    { operation: 'DeleteBackupPlan', input: { BackupPlanId: PLAN_ID }, expectError: 'InvalidRequestException' },
    { operation: 'DeleteBackupPlan', input: { BackupPlanId: PLAN_DELETE } },
    {
      operation: 'CreateBackupSelection',
      input: {
        BackupPlanId: PLAN_ID,
        BackupSelection: {
          SelectionName: 'conf-tagged',
          IamRoleArn: ROLE,
          ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'daily' }],
        },
      },
    },
    {
      operation: 'CreateBackupSelection',
      input: {
        BackupPlanId: PLAN_ID,
        BackupSelection: { SelectionName: 'conf-role', IamRoleArn: 'not-a-role', Resources: ['*'] },
      },
      expectError: 'InvalidParameterValueException',
    },
    { operation: 'GetBackupSelection', input: { BackupPlanId: PLAN_ID, SelectionId: SELECTION_ID } },
    { operation: 'ListBackupSelections', input: { BackupPlanId: PLAN_ID } },
    { operation: 'DeleteBackupSelection', input: { BackupPlanId: PLAN_SELECTIONS, SelectionId: SELECTION_DELETE } },
    // Recovery points
    { operation: 'ListRecoveryPointsByBackupVault', input: { BackupVaultName: 'conf-vault', MaxResults: 2 } },
    {
      operation: 'ListRecoveryPointsByBackupVault',
      input: { BackupVaultName: 'conf-vault', ByResourceType: 'RDS', ByBackupPlanId: PLAN_ID },
    },
    { operation: 'ListRecoveryPointsByResource', input: { ResourceArn: EC2 } },
    { operation: 'DescribeRecoveryPoint', input: { BackupVaultName: 'conf-vault', RecoveryPointArn: POINT_RDS } },
    {
      operation: 'GetRecoveryPointRestoreMetadata',
      input: { BackupVaultName: 'conf-vault', RecoveryPointArn: POINT_EC2 },
    },
    { operation: 'DeleteRecoveryPoint', input: { BackupVaultName: 'conf-vault', RecoveryPointArn: POINT_EFS } },
    {
      operation: 'DeleteRecoveryPoint',
      input: { BackupVaultName: 'conf-vault', RecoveryPointArn: `${POINT_EFS}-missing` },
      expectError: 'ResourceNotFoundException',
    },
    // Backup and copy jobs
    { operation: 'StartBackupJob', input: { BackupVaultName: 'conf-vault', ResourceArn: RDS, IamRoleArn: ROLE } },
    { operation: 'DescribeBackupJob', input: { BackupJobId: BACKUP_JOB } },
    { operation: 'ListBackupJobs', input: { ByBackupVaultName: 'conf-vault' } },
    {
      operation: 'StartCopyJob',
      input: {
        RecoveryPointArn: POINT_RDS,
        SourceBackupVaultName: 'conf-vault',
        DestinationBackupVaultArn: DR_VAULT,
        IamRoleArn: ROLE,
        IdempotencyToken: 'conf-copy',
      },
    },
    { operation: 'DescribeCopyJob', input: { CopyJobId: COPY_JOB } },
    { operation: 'ListCopyJobs', input: { ByDestinationVaultArn: DR_VAULT } },
    // Restore jobs
    {
      operation: 'StartRestoreJob',
      input: {
        RecoveryPointArn: POINT_RDS,
        Metadata: { DBInstanceIdentifier: 'conf-orders-restored', DBInstanceClass: 'db.r6g.large' },
        IamRoleArn: ROLE,
        IdempotencyToken: 'conf-restore',
        ResourceType: 'RDS',
      },
    },
    {
      operation: 'StartRestoreJob',
      input: { RecoveryPointArn: POINT_EC2, Metadata: { RequireIMDSv2: 'true' }, IamRoleArn: ROLE },
      expectError: 'MissingParameterValueException',
    },
    {
      operation: 'StartRestoreJob',
      input: {
        RecoveryPointArn: POINT_EC2,
        Metadata: { ...EC2_METADATA, RequireIMDSv2: 'sometimes' },
        IamRoleArn: ROLE,
      },
      expectError: 'InvalidParameterValueException',
    },
    { operation: 'DescribeRestoreJob', input: { RestoreJobId: RESTORE_JOB } },
    { operation: 'ListRestoreJobs', input: { ByResourceType: 'EC2' } },
    {
      operation: 'PutRestoreValidationResult',
      input: { RestoreJobId: RESTORE_JOB, ValidationStatus: 'SUCCESSFUL' },
      expectError: 'InvalidRequestException',
    },
  ],
};
