/**
 * Reading and validating request bodies the way Atlas does: region configurations (v2
 * `regionConfigs` and v1.0 `regionsConfig`), the region-priority rules, node counts, and
 * backup schedules. Failures throw {@link AtlasApiError} with Atlas's error codes.
 */
import { ATLAS_AWS_REGIONS, toAtlasRegion } from './regions';
import { atlasError } from './errors';
import type { AtlasBackupSchedule, AtlasFrequencyType, AtlasPolicyItem } from './backupSchedule';
import type { AtlasRegionConfig } from './topology';

type Obj = Record<string, unknown>;

/** Whether a value is a plain JSON object. */
export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nodeCount(spec: unknown, path: string): number {
  if (spec === undefined || spec === null) return 0;
  if (!isObject(spec)) throw invalid(path);
  const n = spec.nodeCount ?? 0;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 50) throw invalid(`${path}.nodeCount`);
  return n;
}

function invalid(attribute: string, why?: string) {
  return atlasError('INVALID_ATTRIBUTE', `Invalid attribute ${attribute} specified.${why ? ` ${why}` : ''}`, {
    parameters: [attribute],
  });
}

/** Region configuration and instance size read from a v2 `replicationSpecs` array. */
export function regionsFromV2(replicationSpecs: unknown): {
  regions: AtlasRegionConfig[];
  instanceSize: string | undefined;
} {
  if (!Array.isArray(replicationSpecs) || replicationSpecs.length !== 1)
    throw invalid('replicationSpecs', 'A replica set has exactly one replication spec.');
  const spec: unknown = replicationSpecs[0];
  if (!isObject(spec) || !Array.isArray(spec.regionConfigs) || spec.regionConfigs.length === 0)
    throw atlasError(
      'MISSING_ATTRIBUTE',
      'The required attribute replicationSpecs[0].regionConfigs was not specified.',
      {
        parameters: ['replicationSpecs[0].regionConfigs'],
      },
    );
  let instanceSize: string | undefined;
  const regions = (spec.regionConfigs as unknown[]).map((raw, i) => {
    const path = `replicationSpecs[0].regionConfigs[${i}]`;
    if (!isObject(raw)) throw invalid(path);
    if (raw.providerName !== undefined && raw.providerName !== 'AWS')
      throw atlasError('INVALID_PROVIDER', `No provider ${JSON.stringify(raw.providerName)} exists.`, {
        status: 400,
        parameters: [raw.providerName],
      });
    if (typeof raw.regionName !== 'string')
      throw atlasError('MISSING_ATTRIBUTE', `The required attribute ${path}.regionName was not specified.`, {
        parameters: [`${path}.regionName`],
      });
    if (typeof raw.priority !== 'number' || !Number.isInteger(raw.priority)) throw invalid(`${path}.priority`);
    const electable = raw.electableSpecs;
    if (isObject(electable) && typeof electable.instanceSize === 'string') instanceSize = electable.instanceSize;
    return {
      regionName: raw.regionName,
      priority: raw.priority,
      electableNodes: nodeCount(electable, `${path}.electableSpecs`),
      readOnlyNodes: nodeCount(raw.readOnlySpecs, `${path}.readOnlySpecs`),
      analyticsNodes: nodeCount(raw.analyticsSpecs, `${path}.analyticsSpecs`),
    };
  });
  return { regions, instanceSize };
}

/** Region configuration read from a v1.0 `replicationSpecs[0].regionsConfig` (or `replicationSpec`) map. */
export function regionsFromV1(body: Obj): AtlasRegionConfig[] | undefined {
  let map: unknown;
  if (Array.isArray(body.replicationSpecs)) {
    if (body.replicationSpecs.length !== 1)
      throw invalid('replicationSpecs', 'A replica set has exactly one replication spec.');
    const spec: unknown = body.replicationSpecs[0];
    map = isObject(spec) ? spec.regionsConfig : undefined;
    if (body.replicationSpec !== undefined)
      throw atlasError(
        'DUAL_REPLICATION_SPEC_SPECIFIED',
        'Both replicationSpec and replicationSpecs fields were specified. Only one of these two should be provided.',
        {
          status: 400,
        },
      );
  } else map = body.replicationSpec;
  if (map === undefined) return undefined;
  if (!isObject(map) || Object.keys(map).length === 0)
    throw atlasError(
      'REPLICATION_SPECS_INVALID',
      'The replicationSpecs array contains a document with missing fields. All fields must be specified in the replicationSpecs array.',
      {
        status: 400,
      },
    );
  return Object.entries(map).map(([regionName, raw]) => {
    const path = `regionsConfig.${regionName}`;
    if (!isObject(raw)) throw invalid(path);
    const count = (key: string) => {
      const v = raw[key] ?? 0;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw invalid(`${path}.${key}`);
      return v;
    };
    const priority = raw.priority;
    if (typeof priority !== 'number' || !Number.isInteger(priority)) throw invalid(`${path}.priority`);
    return {
      regionName,
      priority,
      electableNodes: count('electableNodes'),
      readOnlyNodes: count('readOnlyNodes'),
      analyticsNodes: count('analyticsNodes'),
    };
  });
}

/**
 * Checks Atlas's rules for a replica set's regions and returns them with Atlas region names:
 * every region exists (`INVALID_REGION`) and appears once; electable nodes total 3, 5 or 7
 * (`CLUSTER_REPLICATION_FACTOR_INVALID`); regions with electable nodes have distinct
 * priorities from 7 downwards without gaps (the highest is 7, each next one lower by one) and
 * regions without electable nodes priority 0 (`INVALID_CLUSTER_CONFIGURATION`, listing every
 * broken rule).
 *
 * @example
 * ```ts
 * validateRegions([{ regionName: 'US_EAST_1', priority: 7, electableNodes: 3, readOnlyNodes: 0, analyticsNodes: 0 }]);
 * ```
 */
export function validateRegions(regions: readonly AtlasRegionConfig[]): AtlasRegionConfig[] {
  const normalized = regions.map((r) => ({ ...r, regionName: toAtlasRegion(r.regionName) }));
  const unknown = normalized.filter((r) => !ATLAS_AWS_REGIONS.includes(r.regionName));
  if (unknown.length > 0)
    throw atlasError('INVALID_REGION', `No region ${unknown[0]!.regionName} exists for provider AWS.`, {
      parameters: [unknown[0]!.regionName, 'AWS'],
    });
  const electableTotal = normalized.reduce((n, r) => n + r.electableNodes, 0);
  if (![3, 5, 7].includes(electableTotal))
    throw atlasError(
      'CLUSTER_REPLICATION_FACTOR_INVALID',
      `The cluster's replication factor must be either 3, 5, or 7 (electable nodes: ${electableTotal}).`,
      {
        parameters: [electableTotal],
      },
    );
  const problems: string[] = [];
  const names = normalized.map((r) => r.regionName);
  const dup = names.filter((n, i) => names.indexOf(n) !== i);
  if (dup.length > 0) problems.push(`region ${dup[0]!} appears more than once`);
  const electable = normalized.filter((r) => r.electableNodes > 0);
  const priorities = electable.map((r) => r.priority).sort((a, b) => b - a);
  if (new Set(priorities).size !== priorities.length)
    problems.push('priorities of regions with electable nodes must be unique');
  if (priorities[0] !== 7) problems.push('the highest priority must be 7');
  priorities.forEach((p, i) => {
    if (i > 0 && p !== priorities[i - 1]! - 1 && p !== priorities[i - 1]!)
      problems.push(`priority ${p} leaves a gap below ${priorities[i - 1]!}`);
    if (p < 1 || p > 7) problems.push(`priority ${p} is outside 1–7`);
  });
  for (const r of normalized)
    if (r.electableNodes === 0 && r.priority !== 0)
      problems.push(`region ${r.regionName} has no electable nodes, so its priority must be 0`);
  if (problems.length > 0)
    throw atlasError(
      'INVALID_CLUSTER_CONFIGURATION',
      `The specified cluster configuration is not valid: ${problems.join('; ')} (got ${normalized.map((r) => `${r.regionName}=${r.priority}`).join(', ')}).`,
      { parameters: problems },
    );
  return normalized;
}

const FREQUENCIES: readonly AtlasFrequencyType[] = ['hourly', 'daily', 'weekly', 'monthly', 'yearly'];
const UNITS: readonly AtlasPolicyItem['retentionUnit'][] = ['days', 'weeks', 'months', 'years'];

/**
 * A schedule PATCH applied to the current schedule, with Atlas's checks:
 * `INVALID_RESTORE_WINDOW`, `INVALID_REFERENCE_HOUR_OF_DAY`, `INVALID_REFERENCE_MINUTE_OF_HOUR`,
 * `INVALID_NUM_OF_POLICIES`, `INVALID_NUM_OF_POLICY_ITEMS`, `INVALID_ENUM_VALUE`.
 */
export function scheduleFromPatch(current: AtlasBackupSchedule, body: Obj, newId: () => string): AtlasBackupSchedule {
  const next = { ...current };
  if (body.restoreWindowDays !== undefined) {
    const v = body.restoreWindowDays;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)
      throw atlasError('INVALID_RESTORE_WINDOW', 'The restore window days should be a positive number.');
    next.restoreWindowDays = v;
  }
  if (body.referenceHourOfDay !== undefined) {
    const v = body.referenceHourOfDay;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 23)
      throw atlasError(
        'INVALID_REFERENCE_HOUR_OF_DAY',
        'Snapshot schedule reference hour must be between 0 and 23, inclusive.',
      );
    next.referenceHourOfDay = v;
  }
  if (body.referenceMinuteOfHour !== undefined) {
    const v = body.referenceMinuteOfHour;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 59)
      throw atlasError(
        'INVALID_REFERENCE_MINUTE_OF_HOUR',
        'Snapshot schedule reference minute must be between 0 and 59, inclusive.',
      );
    next.referenceMinuteOfHour = v;
  }
  if (typeof body.autoExportEnabled === 'boolean') next.autoExportEnabled = body.autoExportEnabled;
  if (typeof body.useOrgAndGroupNamesInExportPrefix === 'boolean')
    next.useOrgAndGroupNamesInExportPrefix = body.useOrgAndGroupNamesInExportPrefix;
  if (body.policies !== undefined) {
    if (!Array.isArray(body.policies) || body.policies.length !== 1)
      throw atlasError('INVALID_NUM_OF_POLICIES', 'Must have exactly one policy.');
    const policy: unknown = body.policies[0];
    if (!isObject(policy) || !Array.isArray(policy.policyItems) || policy.policyItems.length === 0)
      throw atlasError('INVALID_NUM_OF_POLICY_ITEMS', 'Must have at least one policy item.');
    const items = (policy.policyItems as unknown[]).map((raw, i): AtlasPolicyItem => {
      if (!isObject(raw)) throw invalid(`policies[0].policyItems[${i}]`);
      if (!FREQUENCIES.includes(raw.frequencyType as AtlasFrequencyType))
        throw atlasError(
          'INVALID_ENUM_VALUE',
          `An invalid enumeration value ${String(raw.frequencyType)} was specified.`,
          {
            parameters: [raw.frequencyType],
          },
        );
      if (!UNITS.includes(raw.retentionUnit as AtlasPolicyItem['retentionUnit']))
        throw atlasError(
          'INVALID_ENUM_VALUE',
          `An invalid enumeration value ${String(raw.retentionUnit)} was specified.`,
          {
            parameters: [raw.retentionUnit],
          },
        );
      const interval = raw.frequencyInterval;
      const value = raw.retentionValue;
      if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 1)
        throw invalid(`policies[0].policyItems[${i}].frequencyInterval`);
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
        throw invalid(`policies[0].policyItems[${i}].retentionValue`);
      return {
        id: typeof raw.id === 'string' ? raw.id : newId(),
        frequencyType: raw.frequencyType as AtlasFrequencyType,
        frequencyInterval: interval,
        retentionUnit: raw.retentionUnit as AtlasPolicyItem['retentionUnit'],
        retentionValue: value,
      };
    });
    next.policies = [
      { id: typeof policy.id === 'string' ? policy.id : (current.policies[0]?.id ?? newId()), policyItems: items },
    ];
  }
  return next;
}
