import { Problems, invalidInput, parseDuration, type Duration, type InvalidInputError } from '@drkit/core';
import type { Result } from 'neverthrow';

/**
 * What the weekly restore test restores, where, and how it judges the result. The same shape is
 * read from the Lambda's environment ({@link restoreTestConfigFromEnv}) or built in code (tests,
 * the `backup-restore-test` drill).
 */
export interface RestoreTestConfig {
  /** The backup vault holding the EC2 recovery points (the primary region's vault). */
  readonly vault: string;
  /** The role AWS Backup assumes to restore (`StartRestoreJob` `IamRoleArn`). */
  readonly iamRoleArn: string;
  /** The protected instance whose latest recovery point is restored. Default: any EC2 point in the vault. */
  readonly resourceArn?: string;
  /**
   * Where the test instance is launched: a subnet with no route to production (no NAT, no
   * peering), so the restored copy can neither serve users nor write to production data.
   */
  readonly isolatedSubnetId: string;
  /** Security groups of the test instance (they should allow the validating Lambda in, nothing else). */
  readonly securityGroupIds: readonly string[];
  /** A smaller instance type for the test copy. Default: the backed-up one. */
  readonly instanceType?: string;
  /** Parameter Store prefix under which runs are recorded (`<prefix>/runs/<date>`, `<prefix>/jobs/<job id>`). */
  readonly parameterPrefix: string;
  /** The SNS topic told about failures and sent the weekly summary. */
  readonly topicArn: string;
  /** CloudWatch namespace of the EMF metrics. Default `JobsApi/RestoreTests`. */
  readonly metricsNamespace: string;
  /** Restore attempts per run when a restore job fails for a transient reason. Default 3. */
  readonly maxAttempts: number;
  /**
   * The oldest acceptable recovery point at the scheduled time: a daily backup rule (05:00 UTC,
   * 1 h start window, up to 8 h to complete) gives at most about 26 h. Default `'26h'`.
   */
  readonly maxPointAge: Duration;
  /** How long the restored instance may take to boot and answer its health endpoint. Default `'10m'`. */
  readonly bootTimeout: Duration;
  /** The application's health path. Default `/health`. */
  readonly healthPath: string;
  /** An application request that must succeed on the restored instance. Default `/api/jobs`. */
  readonly applicationPath: string;
  /** How many weeks the weekly summary looks back. Default 8. */
  readonly summaryWeeks: number;
}

/** The defaults of the optional {@link RestoreTestConfig} fields. */
export const RESTORE_TEST_DEFAULTS = {
  metricsNamespace: 'JobsApi/RestoreTests',
  maxAttempts: 3,
  maxPointAge: '26h',
  bootTimeout: '10m',
  healthPath: '/health',
  applicationPath: '/api/jobs',
  summaryWeeks: 8,
} as const satisfies Partial<RestoreTestConfig>;

/** The environment variables {@link restoreTestConfigFromEnv} reads, by config field. */
export const RESTORE_TEST_ENV = {
  vault: 'RESTORE_TEST_VAULT',
  iamRoleArn: 'RESTORE_TEST_IAM_ROLE_ARN',
  resourceArn: 'RESTORE_TEST_RESOURCE_ARN',
  isolatedSubnetId: 'RESTORE_TEST_SUBNET_ID',
  securityGroupIds: 'RESTORE_TEST_SECURITY_GROUP_IDS',
  instanceType: 'RESTORE_TEST_INSTANCE_TYPE',
  parameterPrefix: 'RESTORE_TEST_PARAMETER_PREFIX',
  topicArn: 'RESTORE_TEST_TOPIC_ARN',
  metricsNamespace: 'RESTORE_TEST_METRICS_NAMESPACE',
  maxAttempts: 'RESTORE_TEST_MAX_ATTEMPTS',
  maxPointAge: 'RESTORE_TEST_MAX_POINT_AGE',
  bootTimeout: 'RESTORE_TEST_BOOT_TIMEOUT',
  healthPath: 'RESTORE_TEST_HEALTH_PATH',
  applicationPath: 'RESTORE_TEST_APPLICATION_PATH',
  summaryWeeks: 'RESTORE_TEST_SUMMARY_WEEKS',
} as const satisfies Record<keyof RestoreTestConfig, string>;

/**
 * Checks a restore-test config and fills in the defaults, listing every problem at once.
 *
 * @example
 * ```ts
 * const config = checkRestoreTestConfig({
 *   vault: 'jobs-api-primary',
 *   iamRoleArn: 'arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole',
 *   isolatedSubnetId: 'subnet-0e1a5e0b5c0de01ab',
 *   securityGroupIds: ['sg-0e1a5e0b5c0de01ab'],
 *   parameterPrefix: '/jobs-api/restore-test',
 *   topicArn: 'arn:aws:sns:us-east-1:123456789012:jobs-api-ops',
 * });
 * ```
 */
export function checkRestoreTestConfig(
  input: Partial<RestoreTestConfig> &
    Pick<
      RestoreTestConfig,
      'vault' | 'iamRoleArn' | 'isolatedSubnetId' | 'securityGroupIds' | 'parameterPrefix' | 'topicArn'
    >,
): Result<RestoreTestConfig, InvalidInputError> {
  const problems = new Problems();
  const config: RestoreTestConfig = { ...RESTORE_TEST_DEFAULTS, ...input };
  if (!/^[a-zA-Z0-9\-_]{2,50}$/.test(String(config.vault)))
    problems.add('vault', 'must be a backup vault name (2-50 letters, digits, hyphens or underscores)');
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(String(config.iamRoleArn)))
    problems.add('iamRoleArn', 'must be an IAM role ARN');
  if (
    config.resourceArn !== undefined &&
    !/^arn:aws[a-z-]*:ec2:[a-z0-9-]+:\d{12}:instance\/i-[0-9a-f]+$/.test(config.resourceArn)
  )
    problems.add('resourceArn', 'must be an EC2 instance ARN');
  if (!/^subnet-[0-9a-f]{8,17}$/.test(String(config.isolatedSubnetId)))
    problems.add('isolatedSubnetId', 'must be a subnet id (subnet-…)');
  if (!Array.isArray(config.securityGroupIds) || config.securityGroupIds.length === 0)
    problems.add('securityGroupIds', 'must list at least one security group');
  else
    config.securityGroupIds.forEach((sg, i) => {
      if (!/^sg-[0-9a-f]{8,17}$/.test(String(sg)))
        problems.add(`securityGroupIds[${i}]`, 'must be a security group id');
    });
  if (config.instanceType !== undefined && !/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(config.instanceType))
    problems.add('instanceType', 'must be an instance type such as t3.medium');
  if (!/^\/[a-zA-Z0-9_.\-/]+[^/]$/.test(String(config.parameterPrefix)))
    problems.add('parameterPrefix', 'must be a Parameter Store path such as /jobs-api/restore-test');
  if (!/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:.+$/.test(String(config.topicArn)))
    problems.add('topicArn', 'must be an SNS topic ARN');
  if (typeof config.metricsNamespace !== 'string' || config.metricsNamespace === '')
    problems.add('metricsNamespace', 'must be a non-empty string');
  if (!Number.isInteger(config.maxAttempts) || config.maxAttempts < 1 || config.maxAttempts > 10)
    problems.add('maxAttempts', 'must be a whole number from 1 to 10');
  for (const key of ['maxPointAge', 'bootTimeout'] as const) {
    const d = parseDuration(config[key], key);
    if (d.isErr()) problems.addAll('', d.error.problems);
  }
  for (const key of ['healthPath', 'applicationPath'] as const)
    if (typeof config[key] !== 'string' || !config[key].startsWith('/'))
      problems.add(key, 'must be a path starting with /');
  if (!Number.isInteger(config.summaryWeeks) || config.summaryWeeks < 1 || config.summaryWeeks > 52)
    problems.add('summaryWeeks', 'must be a whole number from 1 to 52');
  return problems.result(config);
}

/**
 * Reads the restore-test config from environment variables ({@link RESTORE_TEST_ENV}), the way the
 * deployed Lambdas are configured. Every missing or malformed variable is reported at once.
 *
 * @example
 * ```ts
 * const config = restoreTestConfigFromEnv(process.env);
 * if (config.isErr()) throw new Error(config.error.message);
 * ```
 */
export function restoreTestConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): Result<RestoreTestConfig, InvalidInputError> {
  const get = (key: keyof RestoreTestConfig): string | undefined => {
    const value = env[RESTORE_TEST_ENV[key]]?.trim();
    return value === '' ? undefined : value;
  };
  const int = (key: keyof RestoreTestConfig): number | undefined => {
    const v = get(key);
    return v === undefined ? undefined : Number(v);
  };
  const optional: Partial<RestoreTestConfig> = {};
  const set = <K extends keyof RestoreTestConfig>(key: K, value: RestoreTestConfig[K] | undefined) => {
    if (value !== undefined) (optional as Record<string, unknown>)[key] = value;
  };
  set('resourceArn', get('resourceArn'));
  set('instanceType', get('instanceType'));
  set('metricsNamespace', get('metricsNamespace'));
  set('maxAttempts', int('maxAttempts'));
  set('maxPointAge', get('maxPointAge'));
  set('bootTimeout', get('bootTimeout'));
  set('healthPath', get('healthPath'));
  set('applicationPath', get('applicationPath'));
  set('summaryWeeks', int('summaryWeeks'));
  const checked = checkRestoreTestConfig({
    ...optional,
    vault: get('vault') ?? '',
    iamRoleArn: get('iamRoleArn') ?? '',
    isolatedSubnetId: get('isolatedSubnetId') ?? '',
    securityGroupIds: (get('securityGroupIds') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    parameterPrefix: get('parameterPrefix') ?? '',
    topicArn: get('topicArn') ?? '',
  });
  // Name the variable, not the field: that is what an operator has to fix.
  return checked.mapErr((e) =>
    invalidInput(
      e.problems.map((p) => {
        const field = p.path.split(/[.[]/)[0] as keyof RestoreTestConfig;
        return RESTORE_TEST_ENV[field] ? { ...p, path: RESTORE_TEST_ENV[field] } : p;
      }),
    ),
  );
}
