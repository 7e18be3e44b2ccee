import type {
  BackupPlan,
  BackupPlanInput,
  BackupPlansListMember,
  BackupRule,
  BackupSelectionsListMember,
  CreateBackupPlanInput,
  CreateBackupPlanOutput,
  CreateBackupSelectionInput,
  CreateBackupSelectionOutput,
  DeleteBackupPlanInput,
  DeleteBackupPlanOutput,
  DeleteBackupSelectionInput,
  GetBackupPlanInput,
  GetBackupPlanOutput,
  GetBackupSelectionInput,
  GetBackupSelectionOutput,
  ListBackupPlansInput,
  ListBackupPlansOutput,
  ListBackupPlanVersionsInput,
  ListBackupPlanVersionsOutput,
  ListBackupSelectionsInput,
  ListBackupSelectionsOutput,
  UpdateBackupPlanInput,
  UpdateBackupPlanOutput,
} from '@aws-sdk/client-backup';
import { awsError } from '../../kernel/SimService';
import type { BackupRegion } from '../BackupEngine';
import { CronSchedule } from '../cron';
import type { PlanRecord, PlanVersionRecord, RuleRecord, SelectionRecord } from '../records';
import { pageArray, pageSize } from '../SortedLog';
import { checkRoleArn, nowOf, parseVaultArn, tagsOf, throwProblems, type BackupCtx } from './common';

const DEFAULT_SCHEDULE = 'cron(0 5 ? * * *)';

/** A version id as AWS shapes them: a base64-encoded random UUID. */
function versionId(state: BackupRegion): string {
  return Buffer.from(state.engine.ids.uuid(), 'utf8').toString('base64');
}

/**
 * Validates and compiles the rules of a plan document. Every problem is listed in one
 * InvalidParameterValueException. Figures: StartWindowMinutes "must be at least 60 minutes"
 * (BackupRuleInput reference); DeleteAfterDays "must be at least 90 days after"
 * MoveToColdStorageAfterDays (Lifecycle reference); continuous backups keep at most 35 days
 * (Developer Guide, point-in-time recovery); snapshot rules run at most hourly.
 */
function compile(state: BackupRegion, doc: BackupPlanInput): { plan: BackupPlan; rules: RuleRecord[] } {
  const problems: string[] = [];
  const o = state.engine.options;
  const names = new Set<string>();
  const rules: RuleRecord[] = [];
  const out: BackupRule[] = [];
  (doc.Rules ?? []).forEach((r, i) => {
    const where = `BackupPlan.Rules[${i}] (${r.RuleName ?? '?'})`;
    if (names.has(r.RuleName!)) problems.push(`${where}: rule names must be unique within a plan`);
    names.add(r.RuleName!);
    const cron = CronSchedule.parse(
      r.ScheduleExpression ?? DEFAULT_SCHEDULE,
      r.ScheduleExpressionTimezone ?? 'Etc/UTC',
    );
    if (cron.isErr()) problems.push(...cron.error.map((e) => `${where}: ScheduleExpression: ${e}`));
    else if (cron.value.firesPerHour > 1)
      problems.push(`${where}: ScheduleExpression: backups can run at most once an hour`);
    const start = r.StartWindowMinutes ?? o.defaultStartWindowMinutes;
    const completion = r.CompletionWindowMinutes ?? o.defaultCompletionWindowMinutes;
    if (start < 60) problems.push(`${where}: StartWindowMinutes must be at least 60`);
    if (completion <= 0) problems.push(`${where}: CompletionWindowMinutes must be positive`);
    const lc = r.Lifecycle;
    if (lc?.DeleteAfterDays !== undefined && lc.DeleteAfterDays < 1)
      problems.push(`${where}: Lifecycle.DeleteAfterDays must be at least 1`);
    if (
      lc?.DeleteAfterDays !== undefined &&
      lc.MoveToColdStorageAfterDays !== undefined &&
      lc.DeleteAfterDays < lc.MoveToColdStorageAfterDays + 90
    )
      problems.push(`${where}: Lifecycle.DeleteAfterDays must be at least 90 days after MoveToColdStorageAfterDays`);
    if (r.EnableContinuousBackup && lc?.DeleteAfterDays !== undefined && lc.DeleteAfterDays > 35)
      problems.push(`${where}: continuous backups can be retained for at most 35 days`);
    (r.CopyActions ?? []).forEach((c, j) => {
      try {
        parseVaultArn(c.DestinationBackupVaultArn ?? '', `${where}.CopyActions[${j}].DestinationBackupVaultArn`);
      } catch (e) {
        problems.push((e as Error).message);
      }
      const clc = c.Lifecycle;
      if (
        clc?.DeleteAfterDays !== undefined &&
        clc.MoveToColdStorageAfterDays !== undefined &&
        clc.DeleteAfterDays < clc.MoveToColdStorageAfterDays + 90
      )
        problems.push(
          `${where}.CopyActions[${j}]: DeleteAfterDays must be at least 90 days after MoveToColdStorageAfterDays`,
        );
    });
    if (cron.isErr()) return;
    const ruleId = state.engine.ids.uuid();
    rules.push({
      ruleId,
      name: r.RuleName!,
      vaultName: r.TargetBackupVaultName!,
      cron: cron.value,
      startWindowMinutes: start,
      completionWindowMinutes: completion,
      ...(lc ? { lifecycle: lc } : {}),
      ...(r.RecoveryPointTags ? { recoveryPointTags: r.RecoveryPointTags } : {}),
      copyActions: r.CopyActions ?? [],
      continuous: r.EnableContinuousBackup === true,
    });
    out.push({
      RuleName: r.RuleName!,
      TargetBackupVaultName: r.TargetBackupVaultName!,
      ScheduleExpression: r.ScheduleExpression ?? DEFAULT_SCHEDULE,
      StartWindowMinutes: start,
      CompletionWindowMinutes: completion,
      ...(lc ? { Lifecycle: lc } : {}),
      ...(r.RecoveryPointTags ? { RecoveryPointTags: r.RecoveryPointTags } : {}),
      RuleId: ruleId,
      ...(r.CopyActions ? { CopyActions: r.CopyActions } : {}),
      EnableContinuousBackup: r.EnableContinuousBackup === true,
      ScheduleExpressionTimezone: r.ScheduleExpressionTimezone ?? 'Etc/UTC',
    });
  });
  if ((doc.Rules ?? []).length === 0) problems.push('BackupPlan.Rules must contain at least one rule');
  throwProblems(problems);
  return {
    plan: {
      BackupPlanName: doc.BackupPlanName!,
      Rules: out,
      ...(doc.AdvancedBackupSettings ? { AdvancedBackupSettings: doc.AdvancedBackupSettings } : {}),
    },
    rules,
  };
}

function requirePlan(ctx: BackupCtx, id: string, allowDeleted = false): PlanRecord {
  const plan = ctx.state.plans.get(id);
  if (!plan || (!allowDeleted && plan.deletedMs !== undefined))
    throw awsError('ResourceNotFoundException', `Backup plan ${id} does not exist.`, {
      extra: { Type: 'Backup plan', Context: id },
    });
  return plan;
}

/**
 * Creates a plan record (shared by the handler and the seeding API). Rules first fire at their
 * next scheduled time after `now`.
 */
export function createPlanRecord(
  state: BackupRegion,
  doc: BackupPlanInput,
  now: number,
  options: { tags?: Record<string, string>; creatorRequestId?: string; id?: string } = {},
): PlanRecord {
  const { plan, rules } = compile(state, doc);
  const id = options.id ?? state.engine.ids.uuid();
  const version: PlanVersionRecord = {
    versionId: versionId(state),
    createdMs: now,
    plan,
    rules,
    ...(doc.AdvancedBackupSettings ? { advanced: doc.AdvancedBackupSettings } : {}),
  };
  const record: PlanRecord = {
    id,
    arn: `arn:aws:backup:${state.name}:${state.engine.world.accountId}:backup-plan:${id}`,
    region: state.name,
    createdMs: now,
    ...(options.creatorRequestId ? { creatorRequestId: options.creatorRequestId } : {}),
    tags: tagsOf(options.tags),
    versions: [version],
    current: version,
    selections: new Map(),
    cursors: new Map(),
  };
  for (const r of rules) {
    const next = r.cron.next(now);
    if (next !== undefined) record.cursors.set(r.ruleId, next);
  }
  state.plans.set(id, record);
  return record;
}

/** CreateBackupPlan. A known CreatorRequestId returns that plan; a live plan's name is taken. */
export function createBackupPlan(input: CreateBackupPlanInput, ctx: BackupCtx): CreateBackupPlanOutput {
  const view = (p: PlanRecord): CreateBackupPlanOutput => ({
    BackupPlanId: p.id,
    BackupPlanArn: p.arn,
    CreationDate: new Date(p.createdMs),
    VersionId: p.current.versionId,
    ...(p.current.advanced ? { AdvancedBackupSettings: p.current.advanced } : {}),
  });
  if (input.CreatorRequestId !== undefined) {
    for (const p of ctx.state.plans.values())
      if (p.creatorRequestId === input.CreatorRequestId && p.deletedMs === undefined) return view(p);
  }
  const name = input.BackupPlan!.BackupPlanName!;
  for (const p of ctx.state.plans.values())
    if (p.deletedMs === undefined && p.current.plan.BackupPlanName === name)
      throw awsError('AlreadyExistsException', `Backup plan with the same name ${name} already exists.`, {
        extra: { Arn: p.arn, Type: 'Backup plan', Context: name },
      });
  const plan = createPlanRecord(ctx.state, input.BackupPlan!, nowOf(ctx), {
    ...(input.BackupPlanTags ? { tags: input.BackupPlanTags } : {}),
    ...(input.CreatorRequestId ? { creatorRequestId: input.CreatorRequestId } : {}),
  });
  return view(plan);
}

/** GetBackupPlan (current or a given version; deleted plans answer with their DeletionDate). */
export function getBackupPlan(input: GetBackupPlanInput, ctx: BackupCtx): GetBackupPlanOutput {
  const plan = requirePlan(ctx, input.BackupPlanId!, true);
  const version =
    input.VersionId === undefined ? plan.current : plan.versions.find((v) => v.versionId === input.VersionId);
  if (!version)
    throw awsError('ResourceNotFoundException', `Backup plan version ${input.VersionId} does not exist.`, {
      extra: { Type: 'Backup plan', Context: input.BackupPlanId },
    });
  const preview: NonNullable<GetBackupPlanOutput['ScheduledRunsPreview']> = [];
  const n = input.MaxScheduledRunsPreview ?? 0;
  if (n > 0 && plan.deletedMs === undefined) {
    const next = version.rules.map((r) => ({ r, t: plan.cursors.get(r.ruleId) ?? r.cron.next(nowOf(ctx)) }));
    while (preview.length < n) {
      next.sort((a, b) => (a.t ?? Infinity) - (b.t ?? Infinity));
      const first = next[0];
      if (!first || first.t === undefined) break;
      preview.push({
        ExecutionTime: new Date(first.t),
        RuleId: first.r.ruleId,
        RuleExecutionType: first.r.continuous ? 'CONTINUOUS' : 'SNAPSHOTS',
      });
      first.t = first.r.cron.next(first.t);
    }
  }
  return {
    BackupPlan: version.plan,
    BackupPlanId: plan.id,
    BackupPlanArn: plan.arn,
    VersionId: version.versionId,
    ...(plan.creatorRequestId ? { CreatorRequestId: plan.creatorRequestId } : {}),
    CreationDate: new Date(version.createdMs),
    ...(plan.deletedMs !== undefined ? { DeletionDate: new Date(plan.deletedMs) } : {}),
    ...(plan.lastExecutionMs !== undefined ? { LastExecutionDate: new Date(plan.lastExecutionMs) } : {}),
    ...(version.advanced ? { AdvancedBackupSettings: version.advanced } : {}),
    ...(n > 0 ? { ScheduledRunsPreview: preview } : {}),
  };
}

/** Stops the continuous backups of rules a plan no longer has. */
function stopContinuous(state: BackupRegion, plan: PlanRecord, keep: ReadonlySet<string>, now: number): void {
  for (const [key, point] of state.continuous) {
    const [planId, ruleName] = key.split(':');
    if (planId === plan.id && !keep.has(ruleName!) && point.continuous && point.continuous.stoppedMs === undefined)
      point.continuous.stoppedMs = now;
  }
}

/** UpdateBackupPlan: a new version; rules with the same name and schedule keep their timing. */
export function updateBackupPlan(input: UpdateBackupPlanInput, ctx: BackupCtx): UpdateBackupPlanOutput {
  const plan = requirePlan(ctx, input.BackupPlanId!);
  const now = nowOf(ctx);
  const { plan: doc, rules } = compile(ctx.state, input.BackupPlan!);
  const version: PlanVersionRecord = {
    versionId: versionId(ctx.state),
    createdMs: now,
    plan: doc,
    rules,
    ...(input.BackupPlan!.AdvancedBackupSettings ? { advanced: input.BackupPlan!.AdvancedBackupSettings } : {}),
  };
  const old = new Map(plan.current.rules.map((r) => [r.name, r]));
  const cursors = new Map<string, number>();
  for (const r of rules) {
    const prev = old.get(r.name);
    const kept = prev && prev.cron.expression === r.cron.expression ? plan.cursors.get(prev.ruleId) : undefined;
    const next = kept ?? r.cron.next(now);
    if (next !== undefined) cursors.set(r.ruleId, next);
  }
  plan.cursors.clear();
  for (const [k, v] of cursors) plan.cursors.set(k, v);
  stopContinuous(ctx.state, plan, new Set(rules.filter((r) => r.continuous).map((r) => r.name)), now);
  plan.versions.push(version);
  plan.current = version;
  return {
    BackupPlanId: plan.id,
    BackupPlanArn: plan.arn,
    CreationDate: new Date(version.createdMs),
    VersionId: version.versionId,
    ...(version.advanced ? { AdvancedBackupSettings: version.advanced } : {}),
  };
}

function planListMember(plan: PlanRecord, version: PlanVersionRecord): BackupPlansListMember {
  return {
    BackupPlanArn: plan.arn,
    BackupPlanId: plan.id,
    CreationDate: new Date(version.createdMs),
    ...(plan.deletedMs !== undefined ? { DeletionDate: new Date(plan.deletedMs) } : {}),
    VersionId: version.versionId,
    BackupPlanName: version.plan.BackupPlanName,
    ...(plan.creatorRequestId ? { CreatorRequestId: plan.creatorRequestId } : {}),
    ...(plan.lastExecutionMs !== undefined ? { LastExecutionDate: new Date(plan.lastExecutionMs) } : {}),
    ...(version.advanced ? { AdvancedBackupSettings: version.advanced } : {}),
  };
}

/** ListBackupPlans (deleted plans only with IncludeDeleted). */
export function listBackupPlans(input: ListBackupPlansInput, ctx: BackupCtx): ListBackupPlansOutput {
  const all = [...ctx.state.plans.values()]
    .filter((p) => input.IncludeDeleted === true || p.deletedMs === undefined)
    .sort((a, b) => a.createdMs - b.createdMs);
  const page = pageArray(all, input.NextToken, pageSize(input.MaxResults));
  return {
    BackupPlansList: page.items.map((p) => planListMember(p, p.current)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}

/** ListBackupPlanVersions, newest first. */
export function listBackupPlanVersions(
  input: ListBackupPlanVersionsInput,
  ctx: BackupCtx,
): ListBackupPlanVersionsOutput {
  const plan = requirePlan(ctx, input.BackupPlanId!, true);
  const page = pageArray([...plan.versions].reverse(), input.NextToken, pageSize(input.MaxResults));
  return {
    BackupPlanVersionsList: page.items.map((v) => planListMember(plan, v)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}

/** DeleteBackupPlan: "can only be deleted after all associated selections of resources have been deleted". */
export function deleteBackupPlan(input: DeleteBackupPlanInput, ctx: BackupCtx): DeleteBackupPlanOutput {
  const plan = requirePlan(ctx, input.BackupPlanId!);
  if (plan.selections.size > 0)
    throw awsError(
      'InvalidRequestException',
      `Backup plan ${plan.id} cannot be deleted: delete its resource assignments (selections) first.`,
      { extra: { Type: 'Backup plan', Context: plan.id } },
    );
  const now = nowOf(ctx);
  plan.deletedMs = now;
  plan.current.deletedMs = now;
  stopContinuous(ctx.state, plan, new Set(), now);
  return {
    BackupPlanId: plan.id,
    BackupPlanArn: plan.arn,
    DeletionDate: new Date(now),
    VersionId: plan.current.versionId,
  };
}

/** Creates a selection record (shared by the handler and the seeding API). */
export function createSelectionRecord(
  state: BackupRegion,
  plan: PlanRecord,
  input: NonNullable<CreateBackupSelectionInput['BackupSelection']>,
  now: number,
  creatorRequestId?: string,
  id?: string,
): SelectionRecord {
  const problems: string[] = [];
  try {
    checkRoleArn(input.IamRoleArn, 'BackupSelection.IamRoleArn');
  } catch (e) {
    problems.push((e as Error).message);
  }
  const hasConditions = Object.values(input.Conditions ?? {}).some((l) => Array.isArray(l) && l.length > 0);
  if ((input.Resources?.length ?? 0) === 0 && (input.ListOfTags?.length ?? 0) === 0 && !hasConditions)
    problems.push('BackupSelection must name Resources, ListOfTags or Conditions');
  throwProblems(problems);
  const sel: SelectionRecord = {
    id: id ?? state.engine.ids.uuid(),
    planId: plan.id,
    name: input.SelectionName!,
    iamRoleArn: input.IamRoleArn!,
    resources: input.Resources ?? [],
    notResources: input.NotResources ?? [],
    listOfTags: input.ListOfTags ?? [],
    ...(input.Conditions ? { conditions: input.Conditions } : {}),
    createdMs: now,
    ...(creatorRequestId ? { creatorRequestId } : {}),
  };
  plan.selections.set(sel.id, sel);
  return sel;
}

/** CreateBackupSelection (a known CreatorRequestId returns that selection). */
export function createBackupSelection(input: CreateBackupSelectionInput, ctx: BackupCtx): CreateBackupSelectionOutput {
  const plan = requirePlan(ctx, input.BackupPlanId!);
  if (input.CreatorRequestId !== undefined) {
    for (const s of plan.selections.values())
      if (s.creatorRequestId === input.CreatorRequestId)
        return { SelectionId: s.id, BackupPlanId: plan.id, CreationDate: new Date(s.createdMs) };
  }
  const sel = createSelectionRecord(ctx.state, plan, input.BackupSelection!, nowOf(ctx), input.CreatorRequestId);
  return { SelectionId: sel.id, BackupPlanId: plan.id, CreationDate: new Date(sel.createdMs) };
}

function requireSelection(ctx: BackupCtx, planId: string, selectionId: string): [PlanRecord, SelectionRecord] {
  const plan = requirePlan(ctx, planId);
  const sel = plan.selections.get(selectionId);
  if (!sel)
    throw awsError('ResourceNotFoundException', `Backup selection ${selectionId} does not exist.`, {
      extra: { Type: 'Backup selection', Context: selectionId },
    });
  return [plan, sel];
}

/** GetBackupSelection. */
export function getBackupSelection(input: GetBackupSelectionInput, ctx: BackupCtx): GetBackupSelectionOutput {
  const [plan, sel] = requireSelection(ctx, input.BackupPlanId!, input.SelectionId!);
  return {
    BackupSelection: {
      SelectionName: sel.name,
      IamRoleArn: sel.iamRoleArn,
      Resources: [...sel.resources],
      ListOfTags: [...sel.listOfTags],
      NotResources: [...sel.notResources],
      ...(sel.conditions ? { Conditions: sel.conditions } : {}),
    },
    SelectionId: sel.id,
    BackupPlanId: plan.id,
    CreationDate: new Date(sel.createdMs),
    ...(sel.creatorRequestId ? { CreatorRequestId: sel.creatorRequestId } : {}),
  };
}

/** ListBackupSelections. */
export function listBackupSelections(input: ListBackupSelectionsInput, ctx: BackupCtx): ListBackupSelectionsOutput {
  const plan = requirePlan(ctx, input.BackupPlanId!);
  const all = [...plan.selections.values()].sort((a, b) => a.createdMs - b.createdMs);
  const page = pageArray(all, input.NextToken, pageSize(input.MaxResults));
  const items: BackupSelectionsListMember[] = page.items.map((s) => ({
    SelectionId: s.id,
    SelectionName: s.name,
    BackupPlanId: plan.id,
    CreationDate: new Date(s.createdMs),
    ...(s.creatorRequestId ? { CreatorRequestId: s.creatorRequestId } : {}),
    IamRoleArn: s.iamRoleArn,
  }));
  return { BackupSelectionsList: items, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
}

/** DeleteBackupSelection. */
export function deleteBackupSelection(input: DeleteBackupSelectionInput, ctx: BackupCtx): Record<string, never> {
  const [plan, sel] = requireSelection(ctx, input.BackupPlanId!, input.SelectionId!);
  plan.selections.delete(sel.id);
  return {};
}
