import type {
  ChangeResourceRecordSetsRequest,
  ChangeTagsForResourceRequest,
  CreateHealthCheckRequest,
  CreateHostedZoneRequest,
  DeleteHealthCheckRequest,
  DeleteHostedZoneRequest,
  GetChangeRequest,
  GetHealthCheckLastFailureReasonRequest,
  GetHealthCheckRequest,
  GetHealthCheckStatusRequest,
  GetHostedZoneRequest,
  HostedZone,
  ListHealthChecksRequest,
  ListHostedZonesByNameRequest,
  ListHostedZonesRequest,
  ListResourceRecordSetsRequest,
  ListTagsForResourceRequest,
  ListTagsForResourcesRequest,
  ResourceRecordSet,
  TestDNSAnswerRequest,
  UpdateHealthCheckRequest,
  UpdateHostedZoneCommentRequest,
} from '@aws-sdk/client-route-53';
import { awsError, type SimCallContext, type SimHandler } from '../kernel/SimService';
import { bareId, canonicalName, compareNames, displayName } from './names';
import { presentRecord } from './recordSets';
import { observations, presentHealthCheck } from './healthChecks';
import { resolveName } from './dns';
import { compareRecords, type HostedZoneEntry, type Route53State } from './Route53State';

type Ctx = SimCallContext<Route53State>;

/** `MaxItems` within [1, max], defaulting to `fallback`. */
function maxItems(value: number | string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw awsError('InvalidInput', `MaxItems must be a positive integer, got ${String(value)}`);
  return Math.min(n, max);
}

/**
 * A hosted zone as the API returns it.
 *
 * @example
 * ```ts
 * presentZone(zone).Id; // '/hostedzone/Z0…'
 * ```
 */
export function presentZone(zone: HostedZoneEntry): HostedZone {
  return {
    Id: `/hostedzone/${zone.id}`,
    Name: displayName(zone.name),
    CallerReference: zone.callerReference,
    Config: { ...(zone.comment !== undefined ? { Comment: zone.comment } : {}), PrivateZone: zone.privateZone },
    ResourceRecordSetCount: zone.records.size,
  };
}

function delegation(zone: HostedZoneEntry) {
  return zone.privateZone ? {} : { DelegationSet: { NameServers: [...zone.nameServers] } };
}

function tagsOf(state: Route53State, type: string | undefined, id: string | undefined): Map<string, string> {
  if (type === 'healthcheck') return state.healthCheck(id ?? '').tags;
  if (type === 'hostedzone') return state.zone(id ?? '').tags;
  throw awsError('InvalidInput', `ResourceType must be healthcheck or hostedzone, got ${String(type)}`);
}

const createHostedZone = (input: CreateHostedZoneRequest, { state }: Ctx) => {
  const { zone, change } = state.createHostedZone({
    Name: input.Name ?? '',
    CallerReference: input.CallerReference ?? '',
    ...(input.HostedZoneConfig ? { HostedZoneConfig: input.HostedZoneConfig } : {}),
    ...(input.VPC ? { VPC: input.VPC } : {}),
  });
  return {
    HostedZone: presentZone(zone),
    ChangeInfo: state.presentChange(change),
    ...delegation(zone),
    ...(input.VPC ? { VPC: input.VPC } : {}),
    Location: `https://route53.amazonaws.com/2013-04-01/hostedzone/${zone.id}`,
  };
};

const getHostedZone = (input: GetHostedZoneRequest, { state }: Ctx) => {
  const zone = state.zone(input.Id ?? '');
  return { HostedZone: presentZone(zone), ...delegation(zone), ...(zone.privateZone ? { VPCs: zone.vpcs } : {}) };
};

const listHostedZones = (input: ListHostedZonesRequest, { state }: Ctx) => {
  const max = maxItems(input.MaxItems, 100, 100);
  let zones = state.liveZones();
  if (input.HostedZoneType === 'PrivateHostedZone') zones = zones.filter((z) => z.privateZone);
  let start = 0;
  if (input.Marker !== undefined) {
    start = zones.findIndex((z) => z.id === bareId(input.Marker!));
    if (start < 0) throw awsError('InvalidInput', `Invalid marker: ${input.Marker}`);
  }
  const page = zones.slice(start, start + max);
  const next = zones[start + max];
  return {
    HostedZones: page.map(presentZone),
    Marker: input.Marker ?? '',
    IsTruncated: next !== undefined,
    ...(next ? { NextMarker: next.id } : {}),
    MaxItems: max,
  };
};

const listHostedZonesByName = (input: ListHostedZonesByNameRequest, { state }: Ctx) => {
  if (input.HostedZoneId !== undefined && input.DNSName === undefined)
    throw awsError('InvalidInput', 'HostedZoneId can only be specified together with DNSName');
  const max = maxItems(input.MaxItems, 100, 100);
  const zones = state.zonesByName();
  const startName = input.DNSName !== undefined ? canonicalName(input.DNSName) : undefined;
  const startId = input.HostedZoneId !== undefined ? bareId(input.HostedZoneId) : undefined;
  const start =
    startName === undefined
      ? 0
      : zones.findIndex((z) => {
          const c = compareNames(z.name, startName);
          return c > 0 || (c === 0 && (startId === undefined || z.id >= startId));
        });
  const from = start < 0 ? zones.length : start;
  const page = zones.slice(from, from + max);
  const next = zones[from + max];
  return {
    HostedZones: page.map(presentZone),
    ...(input.DNSName !== undefined ? { DNSName: input.DNSName } : {}),
    ...(input.HostedZoneId !== undefined ? { HostedZoneId: input.HostedZoneId } : {}),
    IsTruncated: next !== undefined,
    ...(next ? { NextDNSName: displayName(next.name), NextHostedZoneId: next.id } : {}),
    MaxItems: max,
  };
};

const deleteHostedZone = (input: DeleteHostedZoneRequest, { state }: Ctx) => ({
  ChangeInfo: state.presentChange(state.deleteHostedZone(input.Id ?? '')),
});

const updateHostedZoneComment = (input: UpdateHostedZoneCommentRequest, { state }: Ctx) => {
  const zone = state.zone(input.Id ?? '');
  if (input.Comment === undefined || input.Comment === '') delete zone.comment;
  else zone.comment = input.Comment;
  return { HostedZone: presentZone(zone) };
};

const getHostedZoneCount = (_input: unknown, { state }: Ctx) => ({ HostedZoneCount: state.liveZones().length });

const changeResourceRecordSets = (input: ChangeResourceRecordSetsRequest, { state }: Ctx) => ({
  ChangeInfo: state.presentChange(state.changeResourceRecordSets(input.HostedZoneId ?? '', input.ChangeBatch ?? {})),
});

const getChange = (input: GetChangeRequest, { state }: Ctx) => ({
  ChangeInfo: state.presentChange(state.change(input.Id ?? '')),
});

const listResourceRecordSets = (input: ListResourceRecordSetsRequest, { state }: Ctx) => {
  const zone = state.zone(input.HostedZoneId ?? '');
  if (input.StartRecordType !== undefined && input.StartRecordName === undefined)
    throw awsError('InvalidInput', 'The input is not valid: StartRecordType requires StartRecordName');
  if (input.StartRecordIdentifier !== undefined && input.StartRecordType === undefined)
    throw awsError('InvalidInput', 'The input is not valid: StartRecordIdentifier requires StartRecordType');
  const max = maxItems(input.MaxItems, 300, 300);
  const records = state.sortedRecords(zone);
  let start = 0;
  if (input.StartRecordName !== undefined) {
    const from: ResourceRecordSet = {
      Name: canonicalName(input.StartRecordName),
      Type: input.StartRecordType ?? ('' as ResourceRecordSet['Type']),
      ...(input.StartRecordIdentifier !== undefined ? { SetIdentifier: input.StartRecordIdentifier } : {}),
    };
    start = records.findIndex((r) => compareRecords(r, from) >= 0);
    if (start < 0) start = records.length;
  }
  const page = records.slice(start, start + max);
  const next = records[start + max];
  return {
    ResourceRecordSets: page.map(presentRecord),
    IsTruncated: next !== undefined,
    ...(next
      ? {
          NextRecordName: displayName(next.Name ?? ''),
          NextRecordType: next.Type,
          ...(next.SetIdentifier !== undefined ? { NextRecordIdentifier: next.SetIdentifier } : {}),
        }
      : {}),
    MaxItems: max,
  };
};

const testDNSAnswer = (input: TestDNSAnswerRequest, { state }: Ctx) => {
  const zone = state.zone(input.HostedZoneId ?? '');
  const answer = resolveName(state, input.RecordName ?? '', input.RecordType ?? 'A', state.dnsRng, { zoneId: zone.id });
  return {
    Nameserver: zone.nameServers[0]!,
    RecordName: input.RecordName ?? '',
    RecordType: input.RecordType ?? 'A',
    RecordData: [...answer.values],
    ResponseCode: answer.responseCode,
    Protocol: 'UDP',
  };
};

const createHealthCheck = (input: CreateHealthCheckRequest, { state }: Ctx) => {
  const hc = state.createHealthCheck({
    CallerReference: input.CallerReference ?? '',
    HealthCheckConfig: input.HealthCheckConfig ?? ({} as never),
  });
  return {
    HealthCheck: presentHealthCheck(hc),
    Location: `https://route53.amazonaws.com/2013-04-01/healthcheck/${hc.id}`,
  };
};

const getHealthCheck = (input: GetHealthCheckRequest, { state }: Ctx) => ({
  HealthCheck: presentHealthCheck(state.healthCheck(input.HealthCheckId ?? '')),
});

const listHealthChecks = (input: ListHealthChecksRequest, { state }: Ctx) => {
  const max = maxItems(input.MaxItems, 100, 1000);
  const checks = state.liveHealthChecks();
  let start = 0;
  if (input.Marker !== undefined) {
    start = checks.findIndex((h) => h.id === input.Marker);
    if (start < 0) throw awsError('InvalidInput', `Invalid marker: ${input.Marker}`);
  }
  const page = checks.slice(start, start + max);
  const next = checks[start + max];
  return {
    HealthChecks: page.map(presentHealthCheck),
    Marker: input.Marker ?? '',
    IsTruncated: next !== undefined,
    ...(next ? { NextMarker: next.id } : {}),
    MaxItems: max,
  };
};

const updateHealthCheck = (input: UpdateHealthCheckRequest, { state }: Ctx) => {
  const { HealthCheckId, ...update } = input;
  return { HealthCheck: presentHealthCheck(state.updateHealthCheck(HealthCheckId ?? '', update)) };
};

const deleteHealthCheck = (input: DeleteHealthCheckRequest, { state }: Ctx) => {
  state.deleteHealthCheck(input.HealthCheckId ?? '');
  return {};
};

const getHealthCheckStatus = (input: GetHealthCheckStatusRequest, { state }: Ctx) => {
  const hc = state.healthCheck(input.HealthCheckId ?? '');
  return { HealthCheckObservations: observations(hc, state.isHealthCheckHealthy(hc.id)) };
};

const getHealthCheckLastFailureReason = (input: GetHealthCheckLastFailureReasonRequest, { state }: Ctx) => {
  const hc = state.healthCheck(input.HealthCheckId ?? '');
  return { HealthCheckObservations: hc.evaluation.lastFailure ? observations(hc, false) : [] };
};

const getHealthCheckCount = (_input: unknown, { state }: Ctx) => ({
  HealthCheckCount: state.liveHealthChecks().length,
});

const changeTagsForResource = (input: ChangeTagsForResourceRequest, { state }: Ctx) => {
  const tags = tagsOf(state, input.ResourceType, input.ResourceId);
  for (const key of input.RemoveTagKeys ?? []) tags.delete(key);
  for (const tag of input.AddTags ?? []) if (tag.Key !== undefined) tags.set(tag.Key, tag.Value ?? '');
  return {};
};

const tagSet = (state: Route53State, type: string | undefined, id: string) => ({
  ResourceType: type,
  ResourceId: id,
  Tags: [...tagsOf(state, type, id).entries()].map(([Key, Value]) => ({ Key, Value })),
});

const listTagsForResource = (input: ListTagsForResourceRequest, { state }: Ctx) => ({
  ResourceTagSet: tagSet(state, input.ResourceType, input.ResourceId ?? ''),
});

const listTagsForResources = (input: ListTagsForResourcesRequest, { state }: Ctx) => ({
  ResourceTagSets: (input.ResourceIds ?? []).map((id) => tagSet(state, input.ResourceType, id)),
});

/** The implemented Route 53 operations. */
export const route53Handlers: Readonly<Record<string, SimHandler<Route53State>>> = {
  CreateHostedZone: createHostedZone,
  GetHostedZone: getHostedZone,
  ListHostedZones: listHostedZones,
  ListHostedZonesByName: listHostedZonesByName,
  DeleteHostedZone: deleteHostedZone,
  UpdateHostedZoneComment: updateHostedZoneComment,
  GetHostedZoneCount: getHostedZoneCount,
  ChangeResourceRecordSets: changeResourceRecordSets,
  GetChange: getChange,
  ListResourceRecordSets: listResourceRecordSets,
  TestDNSAnswer: testDNSAnswer,
  CreateHealthCheck: createHealthCheck,
  GetHealthCheck: getHealthCheck,
  ListHealthChecks: listHealthChecks,
  UpdateHealthCheck: updateHealthCheck,
  DeleteHealthCheck: deleteHealthCheck,
  GetHealthCheckStatus: getHealthCheckStatus,
  GetHealthCheckLastFailureReason: getHealthCheckLastFailureReason,
  GetHealthCheckCount: getHealthCheckCount,
  ChangeTagsForResource: changeTagsForResource,
  ListTagsForResource: listTagsForResource,
  ListTagsForResources: listTagsForResources,
};
