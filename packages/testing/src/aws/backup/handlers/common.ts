import { awsError, type SimCallContext } from '../../kernel/SimService';
import type { BackupRegion } from '../BackupEngine';
import type { PointRecord, VaultRecord } from '../records';

/** What every AWS Backup handler receives. */
export type BackupCtx = SimCallContext<BackupRegion>;

/** A timestamp from SDK input (Date, epoch seconds/ms or ISO string) as ms, or undefined. */
export function ms(v: Date | number | string | undefined): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v < 1e11 ? v * 1000 : v;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** The current virtual time of the call. */
export function nowOf(ctx: BackupCtx): number {
  return ctx.world.clock.now();
}

/** The vault or ResourceNotFoundException, as AWS Backup answers for an unknown vault. */
export function requireVault(ctx: BackupCtx, name: string, accountId?: string): VaultRecord {
  const vault = ctx.state.vaults.get(name);
  if (!vault || (accountId !== undefined && accountId !== ctx.world.accountId))
    throw awsError('ResourceNotFoundException', `Backup vault ${name} does not exist in ${ctx.region}.`, {
      extra: { Type: 'Backup vault', Context: name },
    });
  return vault;
}

/** A recovery point of a vault, or ResourceNotFoundException. */
export function requirePoint(ctx: BackupCtx, vault: VaultRecord, arn: string): PointRecord {
  const p = ctx.state.points.get(arn);
  if (!p || p.vaultName !== vault.name || p.sortMs > nowOf(ctx))
    throw awsError('ResourceNotFoundException', `Recovery point ${arn} was not found in backup vault ${vault.name}.`, {
      extra: { Type: 'Recovery point', Context: arn },
    });
  return p;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** Checks an IAM role ARN: missing → MissingParameterValueException, malformed → InvalidParameterValueException. */
export function checkRoleArn(value: string | undefined, field = 'IamRoleArn'): string {
  if (value === undefined || value === '')
    throw awsError('MissingParameterValueException', `${field} is required.`, { extra: { Context: field } });
  if (!ROLE_ARN.test(value))
    throw awsError('InvalidParameterValueException', `${field} ${JSON.stringify(value)} is not a valid IAM role ARN.`, {
      extra: { Context: field },
    });
  return value;
}

const VAULT_ARN = /^arn:aws[a-z-]*:backup:([a-z0-9-]+):(\d{12}):backup-vault:([a-zA-Z0-9_-]{2,50})$/;

/** Parses a backup vault ARN, or InvalidParameterValueException. */
export function parseVaultArn(arn: string, field: string): { region: string; account: string; name: string } {
  const m = VAULT_ARN.exec(arn);
  if (!m)
    throw awsError('InvalidParameterValueException', `${field} ${JSON.stringify(arn)} is not a backup vault ARN.`, {
      extra: { Context: field },
    });
  return { region: m[1]!, account: m[2]!, name: m[3]! };
}

/** Throws one InvalidParameterValueException listing every problem, if any. */
export function throwProblems(problems: readonly string[]): void {
  if (problems.length > 0)
    throw awsError('InvalidParameterValueException', problems.join('; '), { extra: { Type: 'Validation' } });
}

/** Tags as a plain record. */
export function tagsOf(tags: Record<string, string> | undefined): Record<string, string> {
  return { ...(tags ?? {}) };
}
