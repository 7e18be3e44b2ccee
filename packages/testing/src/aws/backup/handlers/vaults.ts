import type {
  BackupVaultListMember,
  CreateBackupVaultInput,
  CreateBackupVaultOutput,
  DeleteBackupVaultInput,
  DescribeBackupVaultInput,
  DescribeBackupVaultOutput,
  ListBackupVaultsInput,
  ListBackupVaultsOutput,
} from '@aws-sdk/client-backup';
import { awsError } from '../../kernel/SimService';
import type { BackupRegion } from '../BackupEngine';
import { KeyedDraws } from '../draws';
import type { VaultRecord } from '../records';
import { pageArray, pageSize, SortedLog } from '../SortedLog';
import { nowOf, requireVault, tagsOf, type BackupCtx } from './common';

/**
 * Creates a vault record (shared by the handler and the seeding API). The default key is the
 * region's AWS managed `aws/backup` key.
 */
export function createVaultRecord(
  state: BackupRegion,
  name: string,
  now: number,
  options: { encryptionKeyArn?: string; tags?: Record<string, string>; creatorRequestId?: string } = {},
): VaultRecord {
  const account = state.engine.world.accountId;
  const managedKey = `arn:aws:kms:${state.name}:${account}:key/${new KeyedDraws('aws/backup', `${account}:${state.name}`).uuid()}`;
  const vault: VaultRecord = {
    name,
    arn: state.vaultArn(name),
    region: state.name,
    createdMs: now,
    encryptionKeyArn: options.encryptionKeyArn ?? managedKey,
    customerManagedKey: options.encryptionKeyArn !== undefined,
    ...(options.creatorRequestId ? { creatorRequestId: options.creatorRequestId } : {}),
    tags: tagsOf(options.tags),
    points: new SortedLog(),
    dirty: false,
  };
  state.vaults.set(name, vault);
  return vault;
}

function countPoints(vault: VaultRecord, now: number): number {
  let n = 0;
  for (const p of vault.points.all) if (p.state !== 'deleted' && p.sortMs <= now) n++;
  return n;
}

function vaultView(vault: VaultRecord, now: number): BackupVaultListMember {
  return {
    BackupVaultName: vault.name,
    BackupVaultArn: vault.arn,
    VaultType: 'BACKUP_VAULT',
    VaultState: 'AVAILABLE',
    CreationDate: new Date(vault.createdMs),
    EncryptionKeyArn: vault.encryptionKeyArn,
    ...(vault.creatorRequestId ? { CreatorRequestId: vault.creatorRequestId } : {}),
    NumberOfRecoveryPoints: countPoints(vault, now),
    Locked: false,
    EncryptionKeyType: vault.customerManagedKey ? 'CUSTOMER_MANAGED_KMS_KEY' : 'AWS_OWNED_KMS_KEY',
  };
}

/** CreateBackupVault: AlreadyExistsException for a taken name (unless the same CreatorRequestId). */
export function createBackupVault(input: CreateBackupVaultInput, ctx: BackupCtx): CreateBackupVaultOutput {
  const name = input.BackupVaultName!;
  const existing = ctx.state.vaults.get(name);
  if (existing) {
    if (input.CreatorRequestId !== undefined && existing.creatorRequestId === input.CreatorRequestId)
      return { BackupVaultName: name, BackupVaultArn: existing.arn, CreationDate: new Date(existing.createdMs) };
    throw awsError('AlreadyExistsException', `Backup vault with the same name ${name} already exists.`, {
      extra: { Arn: existing.arn, Type: 'Backup vault', Context: name },
    });
  }
  if (ctx.state.vaults.size >= ctx.state.engine.options.maxVaultsPerRegion)
    throw awsError('LimitExceededException', 'Maximum number of backup vaults per Region reached.', {
      extra: { Type: 'Backup vault' },
    });
  const vault = createVaultRecord(ctx.state, name, nowOf(ctx), {
    ...(input.EncryptionKeyArn ? { encryptionKeyArn: input.EncryptionKeyArn } : {}),
    ...(input.BackupVaultTags ? { tags: input.BackupVaultTags } : {}),
    ...(input.CreatorRequestId ? { creatorRequestId: input.CreatorRequestId } : {}),
  });
  return { BackupVaultName: name, BackupVaultArn: vault.arn, CreationDate: new Date(vault.createdMs) };
}

/** DescribeBackupVault. */
export function describeBackupVault(input: DescribeBackupVaultInput, ctx: BackupCtx): DescribeBackupVaultOutput {
  const vault = requireVault(ctx, input.BackupVaultName!, input.BackupVaultAccountId);
  return vaultView(vault, nowOf(ctx));
}

/** ListBackupVaults (only standard vaults exist in the simulation; none are shared). */
export function listBackupVaults(input: ListBackupVaultsInput, ctx: BackupCtx): ListBackupVaultsOutput {
  const now = nowOf(ctx);
  const all =
    input.ByShared || (input.ByVaultType !== undefined && input.ByVaultType !== 'BACKUP_VAULT')
      ? []
      : [...ctx.state.vaults.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  const page = pageArray(all, input.NextToken, pageSize(input.MaxResults));
  return {
    BackupVaultList: page.items.map((v) => vaultView(v, now)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}

/** DeleteBackupVault: only an empty vault can be deleted (InvalidRequestException otherwise). */
export function deleteBackupVault(input: DeleteBackupVaultInput, ctx: BackupCtx): Record<string, never> {
  const vault = requireVault(ctx, input.BackupVaultName!);
  if (countPoints(vault, Number.POSITIVE_INFINITY) > 0)
    throw awsError('InvalidRequestException', 'Backup vault cannot be deleted because it contains recovery points.', {
      extra: { Type: 'Backup vault', Context: vault.name },
    });
  ctx.state.vaults.delete(vault.name);
  return {};
}
