import { readFile } from 'node:fs/promises';
import { ResultAsync, errAsync } from 'neverthrow';
import { Problems, invalidInput, parseDuration, toDrError, type DrError, type InvalidInputError } from '@drkit/core';
import type { Result } from 'neverthrow';

/** One region's web tier: the Auto Scaling group behind a load balancer. */
export interface WebTierConfig {
  readonly autoScalingGroupName: string;
  readonly targetGroupArn: string;
  readonly loadBalancerArn: string;
  /** The URL of the application's health endpoint through this region's load balancer. */
  readonly healthUrl: string;
  /** The group's capacity in normal operation. */
  readonly capacity: CapacityConfig;
}

/** Auto Scaling capacity. */
export interface CapacityConfig {
  readonly min: number;
  readonly desired: number;
  readonly max: number;
}

/**
 * Every resource a drill may read or change, by name. The drill touches nothing else: in live
 * mode the scope guard refuses any changing call that names a resource missing here (or not
 * created by the drill itself).
 *
 * The simulated environment builds this from the seed topology ({@link seedDrillConfig}); for
 * `drill --live --config FILE` it is a JSON file of the same shape (see `examples/src/env/drill.live.example.json`).
 */
export interface DrillConfig {
  /** Names the estate in reports. */
  readonly name: string;
  /** The AWS account the resources live in; the live drill refuses credentials of another. */
  readonly accountId: string;
  /** Recovery objectives (durations such as `1h`, `15m`). Default RTO 1 h, RPO 15 min (the DR plan). */
  readonly objectives: { readonly rto: string; readonly rpo: string };
  readonly regions: { readonly primary: string; readonly dr: string };
  readonly web: {
    readonly primary: WebTierConfig;
    /** The warm standby, and the capacity it is scaled to when it takes the load. */
    readonly dr: WebTierConfig & { readonly promotedCapacity: CapacityConfig };
  };
  readonly dns: {
    readonly hostedZoneId: string;
    /** The failover record set (PRIMARY → primary region, SECONDARY → DR). */
    readonly failoverRecordName: string;
    /** The weighted record set used to move traffic home gradually. */
    readonly weightedRecordName: string;
    readonly recordType: 'A' | 'AAAA' | 'CNAME';
    /** `SetIdentifier` of each region's records. */
    readonly setIdentifiers: { readonly primary: string; readonly dr: string };
    /** The Route 53 health check of each region's endpoint. */
    readonly healthCheckIds: { readonly primary: string; readonly dr: string };
  };
  readonly cache: {
    /** The full Global Datastore id (with its region prefix). */
    readonly globalReplicationGroupId: string;
    readonly primaryReplicationGroupId: string;
    readonly drReplicationGroupId: string;
  };
  /** SSM Parameter Store names; each region holds its own values under the same names. */
  readonly parameters: {
    readonly redisEndpoint: string;
    /** The MongoDB connection string (a SecureString: the drill never reads its value). */
    readonly mongodbUri: string;
    readonly activeRegion: string;
  };
  /** CloudWatch alarm names (the same names exist in both regions). */
  readonly alarms: { readonly errorRate: string; readonly latencyP95: string };
  readonly deploy: {
    readonly applicationName: string;
    readonly deploymentGroups: { readonly primary: string; readonly dr: string };
  };
  /** The MongoDB Atlas cluster, when the estate has one. */
  readonly atlas?: {
    readonly projectId: string;
    readonly clusterName: string;
    /** Atlas region names (`US_EAST_1`). */
    readonly regionNames: { readonly primary: string; readonly dr: string };
    /** Default `https://cloud.mongodb.com`. */
    readonly baseUrl?: string;
  };
  /** AWS Backup vaults, when the estate uses AWS Backup. */
  readonly backup?: { readonly primaryVaultName: string; readonly drVaultName: string };
  /** The operations team's SNS topics. */
  readonly notifications?: { readonly topicArns: { readonly primary: string; readonly dr: string } };
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:.+$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a parsed config file and fills in defaults. Every problem is reported at once.
 *
 * @example
 * ```ts
 * const config = validateDrillConfig(JSON.parse(text));
 * if (config.isErr()) for (const p of config.error.problems) console.error(`${p.path}: ${p.message}`);
 * ```
 */
export function validateDrillConfig(input: unknown): Result<DrillConfig, InvalidInputError> {
  const problems = new Problems();
  if (!isObject(input)) return problems.add('config', 'must be a JSON object').result(undefined as never);
  const str = (o: unknown, path: string, pattern?: RegExp, hint?: string): string => {
    const v = isObject(o) ? o[path.split('.').pop()!] : undefined;
    if (typeof v !== 'string' || v.trim() === '') problems.add(path, 'is required (a non-empty string)');
    else if (pattern && !pattern.test(v)) problems.add(path, `${JSON.stringify(v)} is not ${hint ?? 'valid'}`);
    return typeof v === 'string' ? v : '';
  };
  const obj = (o: unknown, path: string): Json => {
    const v = isObject(o) ? o[path.split('.').pop()!] : undefined;
    if (!isObject(v)) {
      problems.add(path, 'is required (an object)');
      return {};
    }
    return v;
  };
  const capacity = (o: Json, path: string): CapacityConfig => {
    const c = obj(o, path);
    const n = (k: string) => {
      const v = c[k];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
        problems.add(`${path}.${k}`, 'must be a non-negative integer');
      return typeof v === 'number' ? v : 0;
    };
    const out = { min: n('min'), desired: n('desired'), max: n('max') };
    if (out.min > out.desired || out.desired > out.max) problems.add(path, 'needs min <= desired <= max');
    return out;
  };
  const web = (o: Json, path: string): WebTierConfig => {
    const w = obj(o, path);
    const url = str(w, `${path}.healthUrl`);
    if (url && !URL.canParse(url)) problems.add(`${path}.healthUrl`, 'must be a URL');
    return {
      autoScalingGroupName: str(w, `${path}.autoScalingGroupName`),
      targetGroupArn: str(w, `${path}.targetGroupArn`, ARN, 'an ARN'),
      loadBalancerArn: str(w, `${path}.loadBalancerArn`, ARN, 'an ARN'),
      healthUrl: url,
      capacity: capacity(w, `${path}.capacity`),
    };
  };

  const name = str(input, 'name');
  const accountId = str(input, 'accountId', /^\d{12}$/, 'a 12-digit account id');
  const objectivesIn = isObject(input.objectives) ? input.objectives : {};
  const objectives = {
    rto: typeof objectivesIn.rto === 'string' ? objectivesIn.rto : '1h',
    rpo: typeof objectivesIn.rpo === 'string' ? objectivesIn.rpo : '15m',
  };
  for (const k of ['rto', 'rpo'] as const) {
    const d = parseDuration(objectives[k]);
    if (d.isErr() || d.value <= 0)
      problems.add(`objectives.${k}`, `${JSON.stringify(objectives[k])} is not a duration`);
  }
  const regionsIn = obj(input, 'regions');
  const regions = {
    primary: str(regionsIn, 'regions.primary', REGION, 'a region name'),
    dr: str(regionsIn, 'regions.dr', REGION, 'a region name'),
  };
  if (regions.primary && regions.primary === regions.dr) problems.add('regions.dr', 'must differ from regions.primary');
  const webIn = obj(input, 'web');
  const drIn = isObject(webIn.dr) ? webIn.dr : {};
  const webCfg = {
    primary: web(webIn, 'web.primary'),
    dr: { ...web(webIn, 'web.dr'), promotedCapacity: capacity(drIn, 'web.dr.promotedCapacity') },
  };
  const dnsIn = obj(input, 'dns');
  const recordType = dnsIn.recordType ?? 'A';
  if (recordType !== 'A' && recordType !== 'AAAA' && recordType !== 'CNAME')
    problems.add('dns.recordType', 'must be A, AAAA or CNAME');
  const setIn = obj(dnsIn, 'dns.setIdentifiers');
  const hcIn = obj(dnsIn, 'dns.healthCheckIds');
  const dns = {
    hostedZoneId: str(dnsIn, 'dns.hostedZoneId'),
    failoverRecordName: str(dnsIn, 'dns.failoverRecordName'),
    weightedRecordName: str(dnsIn, 'dns.weightedRecordName'),
    recordType: recordType as DrillConfig['dns']['recordType'],
    setIdentifiers: { primary: str(setIn, 'dns.setIdentifiers.primary'), dr: str(setIn, 'dns.setIdentifiers.dr') },
    healthCheckIds: { primary: str(hcIn, 'dns.healthCheckIds.primary'), dr: str(hcIn, 'dns.healthCheckIds.dr') },
  };
  if (dns.failoverRecordName && dns.failoverRecordName === dns.weightedRecordName)
    problems.add('dns.weightedRecordName', 'must differ from dns.failoverRecordName');
  const cacheIn = obj(input, 'cache');
  const cache = {
    globalReplicationGroupId: str(cacheIn, 'cache.globalReplicationGroupId'),
    primaryReplicationGroupId: str(cacheIn, 'cache.primaryReplicationGroupId'),
    drReplicationGroupId: str(cacheIn, 'cache.drReplicationGroupId'),
  };
  const paramsIn = obj(input, 'parameters');
  const parameters = {
    redisEndpoint: str(paramsIn, 'parameters.redisEndpoint', /^\//, 'a parameter path starting with /'),
    mongodbUri: str(paramsIn, 'parameters.mongodbUri', /^\//, 'a parameter path starting with /'),
    activeRegion: str(paramsIn, 'parameters.activeRegion', /^\//, 'a parameter path starting with /'),
  };
  const alarmsIn = obj(input, 'alarms');
  const alarms = { errorRate: str(alarmsIn, 'alarms.errorRate'), latencyP95: str(alarmsIn, 'alarms.latencyP95') };
  const deployIn = obj(input, 'deploy');
  const groupsIn = obj(deployIn, 'deploy.deploymentGroups');
  const deploy = {
    applicationName: str(deployIn, 'deploy.applicationName'),
    deploymentGroups: {
      primary: str(groupsIn, 'deploy.deploymentGroups.primary'),
      dr: str(groupsIn, 'deploy.deploymentGroups.dr'),
    },
  };
  let atlas: DrillConfig['atlas'];
  if (input.atlas !== undefined) {
    const a = obj(input, 'atlas');
    const rn = obj(a, 'atlas.regionNames');
    const baseUrl = a.baseUrl;
    if (baseUrl !== undefined && (typeof baseUrl !== 'string' || !URL.canParse(baseUrl)))
      problems.add('atlas.baseUrl', 'must be a URL');
    atlas = {
      projectId: str(a, 'atlas.projectId', /^[a-f0-9]{24}$/, 'a 24-digit hexadecimal project id'),
      clusterName: str(a, 'atlas.clusterName'),
      regionNames: {
        primary: str(rn, 'atlas.regionNames.primary', /^[A-Z0-9_]+$/, 'an Atlas region name such as US_EAST_1'),
        dr: str(rn, 'atlas.regionNames.dr', /^[A-Z0-9_]+$/, 'an Atlas region name such as US_WEST_2'),
      },
      ...(typeof baseUrl === 'string' ? { baseUrl } : {}),
    };
  }
  let backup: DrillConfig['backup'];
  if (input.backup !== undefined) {
    const b = obj(input, 'backup');
    backup = { primaryVaultName: str(b, 'backup.primaryVaultName'), drVaultName: str(b, 'backup.drVaultName') };
  }
  let notifications: DrillConfig['notifications'];
  if (input.notifications !== undefined) {
    const t = obj(obj(input, 'notifications'), 'notifications.topicArns');
    notifications = {
      topicArns: {
        primary: str(t, 'notifications.topicArns.primary', ARN, 'an ARN'),
        dr: str(t, 'notifications.topicArns.dr', ARN, 'an ARN'),
      },
    };
  }
  // Every ARN must be in the account and region the config says.
  const arnIn = (arn: string, region: string, path: string) => {
    if (!ARN.test(arn)) return;
    const [, , , r, account] = arn.split(':');
    if (account !== accountId && accountId) problems.add(path, `is in account ${account}, not ${accountId}`);
    if (r !== region && region) problems.add(path, `is in region ${r}, not ${region}`);
  };
  for (const side of ['primary', 'dr'] as const) {
    arnIn(webCfg[side].targetGroupArn, regions[side], `web.${side}.targetGroupArn`);
    arnIn(webCfg[side].loadBalancerArn, regions[side], `web.${side}.loadBalancerArn`);
    if (notifications) arnIn(notifications.topicArns[side], regions[side], `notifications.topicArns.${side}`);
  }
  const known = new Set([
    'name',
    'accountId',
    'objectives',
    'regions',
    'web',
    'dns',
    'cache',
    'parameters',
    'alarms',
    'deploy',
    'atlas',
    'backup',
    'notifications',
    '$comment',
  ]);
  for (const key of Object.keys(input)) if (!known.has(key)) problems.add(key, 'is not a drill config field');

  return problems.result({
    name,
    accountId,
    objectives,
    regions,
    web: webCfg,
    dns,
    cache,
    parameters,
    alarms,
    deploy,
    ...(atlas ? { atlas } : {}),
    ...(backup ? { backup } : {}),
    ...(notifications ? { notifications } : {}),
  });
}

/**
 * Reads and validates a drill config file (JSON).
 *
 * @example
 * ```ts
 * const config = await loadDrillConfig('drill.live.json');
 * ```
 */
export function loadDrillConfig(path: string): ResultAsync<DrillConfig, DrError> {
  if (typeof path !== 'string' || path === '')
    return errAsync(invalidInput([{ path: '--config', message: 'names the config file (JSON)' }]));
  return ResultAsync.fromPromise(readFile(path, 'utf8'), (e) =>
    toDrError(e, { provider: 'fs', operation: `read ${path}` }),
  ).andThen((text) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      return errAsync(
        invalidInput([{ path: path, message: `is not JSON: ${e instanceof Error ? e.message : String(e)}` }]),
      );
    }
    return validateDrillConfig(parsed).asyncAndThen((c) => ResultAsync.fromSafePromise(Promise.resolve(c)));
  });
}

/** The region of a side. */
export type Side = 'primary' | 'dr';

/**
 * The load balancer dimension CloudWatch uses (`app/NAME/ID`), from its ARN.
 *
 * @example
 * ```ts
 * loadBalancerDimension('arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/jobs-api-alb/50dc6c495c0c9188');
 * // 'app/jobs-api-alb/50dc6c495c0c9188'
 * ```
 */
export function loadBalancerDimension(arn: string): string {
  const i = arn.indexOf(':loadbalancer/');
  return i < 0 ? arn : arn.slice(i + ':loadbalancer/'.length);
}
