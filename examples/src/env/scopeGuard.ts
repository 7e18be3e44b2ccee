import type { DrillConfig } from './config';

/** A change the guard refused. */
export interface ScopeViolation {
  readonly service: string;
  readonly operation: string;
  /** The identifiers it named that the config does not. */
  readonly resources: readonly string[];
  /** Why it was refused, for people. */
  readonly reason: string;
}

/** A change the guard let through. */
export interface GuardedChange {
  readonly service: string;
  readonly operation: string;
  readonly resources: readonly string[];
}

/**
 * Keeps a drill inside its config: every AWS call that changes something must name only
 * resources the config names, or resources the drill itself created earlier (a restored
 * replication group, a restore job). Reads are free. Attach it to every client
 * ({@link ScopeGuard.attach}); a refused call fails with `DrillScopeViolation` before it leaves
 * the process, and is listed in {@link ScopeGuard.violations}.
 */
export interface ScopeGuard {
  /** Adds the guard (and the API call counter) to an SDK client. Returns the client. */
  attach<C extends { middlewareStack: unknown }>(client: C, service: string): C;
  /** Allows a resource the drill created or discovered (an instance of a named group). */
  allow(...ids: readonly string[]): void;
  /** Whether a changing call may name this resource. */
  allows(id: string): boolean;
  /** Refused changes so far. */
  readonly violations: readonly ScopeViolation[];
  /** Changes let through so far. */
  readonly changes: readonly GuardedChange[];
  /** Calls seen so far (reads and changes). */
  readonly calls: number;
  /** False once the process is considered gone (a test's simulated crash): nothing more may be sent. */
  readonly alive: boolean;
}

/** Reads whose names say they change nothing. */
const READ = /^(Describe|Get|List|Test|Search|BatchGet|Lookup|Check)/;
/** Changes that create something new: their new identifiers become the drill's own. */
const CREATE = /^(Create|Copy|Start|Restore|Register|Import|Tag)/;
/** Changes that name no resource of the estate at all. */
const HARMLESS = new Set(['PutMetricData']);

/** Input fields that name a resource, by service-independent field name. */
const ID_FIELDS = [
  'AutoScalingGroupName',
  'AutoScalingGroupNames',
  'InstanceId',
  'InstanceIds',
  'HostedZoneId',
  'HealthCheckId',
  'GlobalReplicationGroupId',
  'ReplicationGroupId',
  'PrimaryReplicationGroupId',
  'SourceSnapshotName',
  'SnapshotName',
  'TargetSnapshotName',
  'Name',
  'Names',
  'AlarmName',
  'AlarmNames',
  'applicationName',
  'deploymentGroupName',
  'deploymentId',
  'TopicArn',
  'TargetGroupArn',
  'LoadBalancerArn',
  'BackupVaultName',
  'RestoreJobId',
  'RecoveryPointArn',
  'ResourceArn',
] as const;

type Input = Record<string, unknown>;

function identifiers(input: Input): string[] {
  const out: string[] = [];
  for (const field of ID_FIELDS) {
    const v = input[field];
    if (typeof v === 'string') out.push(normalise(field, v));
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') out.push(normalise(field, x));
  }
  // Route 53 change batches name their records.
  const batch = input.ChangeBatch as { Changes?: Array<{ ResourceRecordSet?: { Name?: string } }> } | undefined;
  for (const c of batch?.Changes ?? []) if (c.ResourceRecordSet?.Name) out.push(recordName(c.ResourceRecordSet.Name));
  return out;
}

function normalise(field: string, v: string): string {
  if (field === 'HostedZoneId') return v.replace(/^\/hostedzone\//, '');
  return v;
}

const recordName = (n: string) => n.replace(/\.$/, '').toLowerCase();

/** Every identifier a config names. */
export function configResources(config: DrillConfig): string[] {
  const ids = [
    config.web.primary.autoScalingGroupName,
    config.web.dr.autoScalingGroupName,
    config.web.primary.targetGroupArn,
    config.web.dr.targetGroupArn,
    config.web.primary.loadBalancerArn,
    config.web.dr.loadBalancerArn,
    config.dns.hostedZoneId,
    recordName(config.dns.failoverRecordName),
    recordName(config.dns.weightedRecordName),
    config.dns.healthCheckIds.primary,
    config.dns.healthCheckIds.dr,
    config.cache.globalReplicationGroupId,
    config.cache.primaryReplicationGroupId,
    config.cache.drReplicationGroupId,
    config.parameters.redisEndpoint,
    config.parameters.activeRegion,
    config.parameters.mongodbUri,
    config.alarms.errorRate,
    config.alarms.latencyP95,
    config.deploy.applicationName,
    config.deploy.deploymentGroups.primary,
    config.deploy.deploymentGroups.dr,
  ];
  if (config.notifications) ids.push(config.notifications.topicArns.primary, config.notifications.topicArns.dr);
  if (config.backup) ids.push(config.backup.primaryVaultName, config.backup.drVaultName);
  return ids;
}

/** The error a refused call fails with (not retryable: the SDK gives up at once). */
export class DrillScopeViolation extends Error {
  override readonly name = 'DrillScopeViolation';
  readonly $fault = 'client';
  constructor(readonly violation: ScopeViolation) {
    super(`refused ${violation.service}:${violation.operation}: ${violation.reason}`);
  }
}

/** The error of a call made by a process that a test has killed (see `simulatedProcess`). */
export class ProcessGone extends Error {
  override readonly name = 'ProcessGone';
  readonly $fault = 'client';
  constructor(call: string) {
    super(`${call} was never sent: the process that made it is gone`);
  }
}

/**
 * Creates the guard for a config. `readOnly` refuses every change (a live drill without `--yes`).
 *
 * @example
 * ```ts
 * const guard = createScopeGuard(config);
 * const asg = guard.attach(new AutoScalingClient({ region: 'us-west-2' }), 'autoscaling');
 * await asg.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'someone-elses' })); // throws DrillScopeViolation
 * ```
 */
export function createScopeGuard(
  config: DrillConfig,
  options: {
    readonly readOnly?: boolean;
    /** False once the process is considered dead (tests of crash and resume): every call then fails. */
    readonly alive?: () => boolean;
  } = {},
): ScopeGuard {
  const allowed = new Set(configResources(config));
  const violations: ScopeViolation[] = [];
  const changes: GuardedChange[] = [];
  let calls = 0;
  const guard: ScopeGuard = {
    attach(client, service) {
      const stack = client.middlewareStack as {
        add(mw: unknown, options: { step: string; name: string; override?: boolean }): void;
      };
      stack.add(
        (next: (args: { input: Input }) => Promise<{ output: unknown }>, context: { commandName?: string }) =>
          async (args: { input: Input }) => {
            const operation = (context.commandName ?? '').replace(/Command$/, '');
            if (options.alive && !options.alive()) throw new ProcessGone(`${service}:${operation}`);
            calls += 1;
            const input = args.input ?? {};
            if (!READ.test(operation)) {
              const ids = identifiers(input);
              const creating = CREATE.test(operation);
              // A creating call may name one new resource (the first identifier it names that
              // nothing owns yet); everything else it names must be known already.
              const unknown = ids.filter((id) => !allowed.has(id));
              const refused = creating ? unknown.slice(1) : unknown;
              if (
                options.readOnly ||
                refused.length > 0 ||
                (ids.length === 0 && !creating && !HARMLESS.has(operation))
              ) {
                const violation: ScopeViolation = {
                  service,
                  operation,
                  resources: refused,
                  reason: options.readOnly
                    ? 'the drill is read-only (a live drill changes nothing without --yes)'
                    : refused.length > 0
                      ? `${refused.join(', ')} ${refused.length === 1 ? 'is' : 'are'} not named in the drill config`
                      : 'the call names no resource the guard can check',
                };
                violations.push(violation);
                throw new DrillScopeViolation(violation);
              }
              for (const id of unknown) allowed.add(id);
              changes.push({ service, operation, resources: ids });
            }
            const result = await next(args);
            learn(operation, input, result.output, allowed);
            return result;
          },
        { step: 'initialize', name: 'drkitDrillScopeGuard', override: true },
      );
      return client;
    },
    allow(...ids) {
      for (const id of ids) allowed.add(id);
    },
    allows(id) {
      return allowed.has(id);
    },
    get violations() {
      return violations;
    },
    get changes() {
      return changes;
    },
    get calls() {
      return calls;
    },
    get alive() {
      return options.alive ? options.alive() : true;
    },
  };
  return guard;
}

/** Learns resources that belong to named ones (instances of a named group) or that the drill created. */
function learn(operation: string, input: Input, output: unknown, allowed: Set<string>): void {
  const out = (output ?? {}) as Record<string, unknown>;
  if (operation === 'DescribeAutoScalingGroups') {
    const groups = (out.AutoScalingGroups ?? []) as Array<{
      AutoScalingGroupName?: string;
      Instances?: Array<{ InstanceId?: string }>;
    }>;
    for (const g of groups)
      if (g.AutoScalingGroupName && allowed.has(g.AutoScalingGroupName))
        for (const i of g.Instances ?? []) if (i.InstanceId) allowed.add(i.InstanceId);
  }
  if (operation === 'CreateDeployment' && typeof out.deploymentId === 'string') allowed.add(out.deploymentId);
  if (operation === 'StartRestoreJob' && typeof out.RestoreJobId === 'string') allowed.add(out.RestoreJobId);
  if (operation === 'CreateReplicationGroup' && typeof input.ReplicationGroupId === 'string')
    allowed.add(input.ReplicationGroupId);
}
