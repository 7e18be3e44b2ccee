import {
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  type Route53Client,
  type RRType,
} from '@aws-sdk/client-route-53';
import type { DrContext, DrError, Problems } from '@drkit/core';
import { ResultAsync, okAsync } from 'neverthrow';
import { awsSend, type AwsCallOptions } from '../shared/send';

/** The record types weighted and failover routing apply to. */
export const ROUTABLE_TYPES: readonly RRType[] = [
  'A',
  'AAAA',
  'CAA',
  'CNAME',
  'DS',
  'MX',
  'NAPTR',
  'PTR',
  'SPF',
  'SRV',
  'TXT',
];

/**
 * A DNS name as Route 53 lists it: lower case, trailing dot, `*` as `\052`.
 *
 * @example
 * ```ts
 * canonicalRecordName('API.Example.com'); // 'api.example.com.'
 * ```
 */
export function canonicalRecordName(name: string): string {
  const lower = name.trim().toLowerCase().replace(/\*/g, '\\052');
  return lower.endsWith('.') ? lower : `${lower}.`;
}

/**
 * A hosted zone id without the `/hostedzone/` prefix.
 *
 * @example
 * ```ts
 * bareZoneId('/hostedzone/Z0123'); // 'Z0123'
 * ```
 */
export function bareZoneId(id: string): string {
  return id.replace(/^\/?hostedzone\//, '');
}

/** Checks the record-set options every Route 53 router and gate shares. */
export function checkRecordOptions(
  problems: Problems,
  options: { hostedZoneId?: unknown; recordName?: unknown; type?: unknown },
): void {
  if (typeof options.hostedZoneId !== 'string' || !/^(\/hostedzone\/)?[A-Z0-9]{1,32}$/.test(options.hostedZoneId))
    problems.add('hostedZoneId', 'must be a hosted zone id such as "Z0123456789ABCDEFGHIJ"');
  if (typeof options.recordName !== 'string' || options.recordName.trim() === '' || options.recordName.length > 1024)
    problems.add('recordName', 'must be the DNS name of the records, e.g. "api.example.com"');
  if (options.type !== undefined && !ROUTABLE_TYPES.includes(options.type as RRType))
    problems.add('type', `must be one of ${ROUTABLE_TYPES.join(', ')}`);
}

/** Where a Route 53 record group lives. */
export interface RecordGroupAddress {
  readonly hostedZoneId: string;
  readonly recordName: string;
  readonly type: RRType;
}

/**
 * Every record set of one name and type (weighted or failover records share both and differ by
 * `SetIdentifier`), read with `ListResourceRecordSets` from that name on, every page.
 *
 * @example
 * ```ts
 * const records = await readRecordGroup(route53, { hostedZoneId, recordName: 'api.example.com', type: 'A' }, ctx);
 * ```
 */
export function readRecordGroup(
  client: Route53Client,
  address: RecordGroupAddress,
  ctx: DrContext,
  call: AwsCallOptions = {},
): ResultAsync<ResourceRecordSet[], DrError> {
  const name = canonicalRecordName(address.recordName);
  const zone = bareZoneId(address.hostedZoneId);
  const found: ResourceRecordSet[] = [];
  const page = (start?: { name: string; type: RRType; id?: string }): ResultAsync<ResourceRecordSet[], DrError> =>
    awsSend(
      client,
      new ListResourceRecordSetsCommand({
        HostedZoneId: zone,
        StartRecordName: start?.name ?? name,
        StartRecordType: start?.type ?? address.type,
        ...(start?.id !== undefined ? { StartRecordIdentifier: start.id } : {}),
        MaxItems: 300,
      }),
      { service: 'route53' },
      ctx,
      call,
    ).andThen((out) => {
      let past = false;
      for (const r of out.ResourceRecordSets ?? []) {
        if (canonicalRecordName(r.Name ?? '') === name && r.Type === address.type) found.push(r);
        else past = true;
      }
      if (!past && out.IsTruncated && out.NextRecordName && out.NextRecordType)
        return page({
          name: out.NextRecordName,
          type: out.NextRecordType,
          ...(out.NextRecordIdentifier !== undefined ? { id: out.NextRecordIdentifier } : {}),
        });
      return okAsync(found);
    });
  return page();
}

/**
 * The values a DNS answer from `record` carries: its `ResourceRecords`, or the alias target's DNS
 * name (without the trailing dot), lower case — what `TestDNSAnswer` returns as `RecordData`.
 *
 * @example
 * ```ts
 * answerValues({ AliasTarget: { DNSName: 'dr-alb.us-west-2.elb.amazonaws.com.', HostedZoneId: 'Z1', EvaluateTargetHealth: true } });
 * // ['dr-alb.us-west-2.elb.amazonaws.com']
 * ```
 */
export function answerValues(record: ResourceRecordSet): string[] {
  if (record.AliasTarget?.DNSName) return [record.AliasTarget.DNSName.toLowerCase().replace(/\.$/, '')];
  return (record.ResourceRecords ?? []).map((r) => (r.Value ?? '').toLowerCase().replace(/\.$/, ''));
}

/** Whether a DNS answer's data came from `record`. */
export function answeredBy(record: ResourceRecordSet, recordData: readonly string[]): boolean {
  const values = new Set(answerValues(record));
  const data = recordData.map((d) => d.toLowerCase().replace(/\.$/, ''));
  return data.length > 0 && data.every((d) => values.has(d));
}
