import type { SimResource, SimResources } from '../kernel/SimResources';
import { KeyedDraws } from './draws';

/**
 * AWS Backup resource types the simulation knows, with how their ARNs look, what
 * `GetRecoveryPointRestoreMetadata` returns for them, which `StartRestoreJob` metadata they
 * require, and what a restore creates.
 *
 * Metadata keys follow the AWS Backup Developer Guide pages "Restoring an Amazon EC2 instance",
 * "Restoring an Amazon RDS database", "Restoring an Amazon EFS file system", "Restoring a
 * DynamoDB table", "Restoring an Amazon EBS volume", "Restoring S3 data" and "Restore testing
 * inferred metadata". Keys are matched case-insensitively, as the latter page says.
 */
export const SUPPORTED_RESOURCE_TYPES = [
  'EC2',
  'EBS',
  'RDS',
  'Aurora',
  'EFS',
  'DynamoDB',
  'S3',
  'FSx',
  'DocumentDB',
  'Neptune',
  'Redshift',
  'CloudFormation',
  'Storage Gateway',
  'VirtualMachine',
  'Timestream',
] as const;

/** Resource types with continuous backup / point-in-time restore (AWS Backup: RDS, Aurora, S3). */
export const CONTINUOUS_TYPES = new Set(['RDS', 'Aurora', 'S3']);

/**
 * The AWS Backup resource type of a resource ARN, if recognisable.
 *
 * @example
 * ```ts
 * resourceTypeOfArn('arn:aws:ec2:us-east-1:111122223333:instance/i-0abc'); // 'EC2'
 * ```
 */
export function resourceTypeOfArn(arn: string): string | undefined {
  const [, , service, , , rest = ''] = arn.split(':');
  const tail = arn.split(':').slice(5).join(':');
  switch (service) {
    case 'ec2':
      return rest.startsWith('instance/') ? 'EC2' : rest.startsWith('volume/') ? 'EBS' : undefined;
    case 'rds':
      return tail.startsWith('db:') ? 'RDS' : tail.startsWith('cluster:') ? 'Aurora' : undefined;
    case 'elasticfilesystem':
      return 'EFS';
    case 'dynamodb':
      return 'DynamoDB';
    case 's3':
      return 'S3';
    case 'fsx':
      return 'FSx';
    case 'redshift':
      return 'Redshift';
    case 'cloudformation':
      return 'CloudFormation';
    case 'storagegateway':
      return 'Storage Gateway';
    case 'timestream':
      return 'Timestream';
    default:
      return undefined;
  }
}

/** The region part of an ARN (empty for S3 buckets and EC2 images' account part). */
export function regionOfArn(arn: string): string {
  return arn.split(':')[3] ?? '';
}

/** The short id or name at the end of a resource ARN (`i-0abc`, `orders-db`, `fs-12ab`). */
export function resourceIdOfArn(arn: string): string {
  const tail = arn.split(':').slice(5).join(':');
  const slash = tail.lastIndexOf('/');
  if (slash >= 0) return tail.slice(slash + 1);
  const colon = tail.lastIndexOf(':');
  return colon >= 0 ? tail.slice(colon + 1) : tail;
}

/** Deterministic network layout of a simulated region (same ids for every cloud). */
export interface SimNetwork {
  readonly vpcId: string;
  readonly securityGroupId: string;
  readonly subnets: ReadonlyArray<{ readonly az: string; readonly subnetId: string }>;
}

const networkCache = new Map<string, SimNetwork>();
const subnetRegion = new Map<string, string>();

/**
 * The default VPC, security group and one subnet per AZ (`a`, `b`, `c`) of a region, as the
 * simulated restore metadata names them. Subnet ids are a pure function of the region, so a
 * topology and a test can name them too.
 *
 * @example
 * ```ts
 * simNetwork('us-west-2').subnets[0]; // { az: 'us-west-2a', subnetId: 'subnet-…' }
 * ```
 */
export function simNetwork(region: string): SimNetwork {
  const cached = networkCache.get(region);
  if (cached) return cached;
  const draw = (k: string) => new KeyedDraws('drkit-network', `${region}:${k}`).hex(17);
  const net: SimNetwork = {
    vpcId: `vpc-${draw('vpc')}`,
    securityGroupId: `sg-${draw('sg')}`,
    subnets: ['a', 'b', 'c'].map((z) => ({ az: `${region}${z}`, subnetId: `subnet-${draw(`subnet-${z}`)}` })),
  };
  for (const s of net.subnets) subnetRegion.set(s.subnetId, region);
  networkCache.set(region, net);
  return net;
}

/** What the simulation knows about a protected resource when it backs it up. */
export interface ResourceProfile {
  readonly arn: string;
  readonly type: string;
  readonly region: string;
  readonly id: string;
  readonly name: string;
  readonly az: string;
  readonly sizeGiB: number;
  readonly tags: Readonly<Record<string, string>>;
  /** What GetRecoveryPointRestoreMetadata returns for points of this resource. */
  readonly restoreMetadata: Readonly<Record<string, string>>;
}

const INSTANCE_TYPES = ['t3.medium', 't3.large', 'm6i.large', 'm6i.xlarge', 'c6i.large'];
const DB_CLASSES = ['db.t4g.medium', 'db.r6g.large', 'db.m6g.large', 'db.r6g.xlarge'];

/**
 * Builds the profile of a resource: its size (fixed per resource, drawn from the seed), its
 * availability zone and the restore metadata AWS Backup would record for it.
 */
export function buildProfile(
  arn: string,
  type: string,
  region: string,
  account: string,
  seed: string,
  resource: SimResource | undefined,
  sizeRange: readonly [number, number],
): ResourceProfile {
  const draws = new KeyedDraws(seed, `profile:${arn}`);
  const net = simNetwork(region);
  const id = resource?.id ?? resourceIdOfArn(arn);
  const tags = { ...(resource?.tags ?? {}) };
  const sizeTag = Number(tags['drkit:size-gib']);
  const sizeGiB =
    Number.isFinite(sizeTag) && sizeTag > 0 ? sizeTag : Math.round(draws.between(sizeRange[0], sizeRange[1]) * 10) / 10;
  const az = resource?.az ?? draws.pick(net.subnets).az;
  const subnet = net.subnets.find((s) => s.az === az) ?? net.subnets[0]!;
  const name = tags['Name'] ?? id;
  let md: Record<string, string>;
  switch (type) {
    case 'EC2':
      md = {
        InstanceType: tags['drkit:instance-type'] ?? draws.pick(INSTANCE_TYPES),
        SubnetId: subnet.subnetId,
        VpcId: net.vpcId,
        SecurityGroupIds: JSON.stringify([net.securityGroupId]),
        Placement: JSON.stringify({ AvailabilityZone: subnet.az, GroupName: '', Tenancy: 'default' }),
        RequireIMDSv2: 'true',
        DisableApiTermination: 'false',
        InstanceInitiatedShutdownBehavior: 'stop',
        EbsOptimized: 'true',
        Monitoring: JSON.stringify({ State: 'disabled' }),
        CpuOptions: JSON.stringify({ CoreCount: 1, ThreadsPerCore: 2 }),
        NetworkInterfaces: JSON.stringify([
          { DeviceIndex: 0, SubnetId: subnet.subnetId, Groups: [net.securityGroupId], DeleteOnTermination: true },
        ]),
        IamInstanceProfileName: `${name}-profile`,
        'aws:backup:request-id': draws.uuid(),
      };
      break;
    case 'EBS':
      md = {
        availabilityZone: subnet.az,
        encrypted: 'true',
        volumeType: 'gp3',
        volumeSize: String(Math.ceil(sizeGiB)),
        iops: '3000',
        throughput: '125',
      };
      break;
    case 'RDS':
      md = {
        DBInstanceIdentifier: id,
        DBInstanceClass: tags['drkit:db-class'] ?? draws.pick(DB_CLASSES),
        Engine: tags['drkit:engine'] ?? 'postgres',
        EngineVersion: '16.4',
        MultiAZ: 'false',
        AvailabilityZone: subnet.az,
        DBSubnetGroupName: 'default',
        VpcSecurityGroupIds: JSON.stringify([net.securityGroupId]),
        Port: '5432',
        StorageType: 'gp3',
        AllocatedStorage: String(Math.ceil(sizeGiB)),
        PubliclyAccessible: 'false',
        CopyTagsToSnapshot: 'true',
        DeletionProtection: 'false',
      };
      break;
    case 'Aurora':
      md = {
        DBClusterIdentifier: id,
        Engine: tags['drkit:engine'] ?? 'aurora-postgresql',
        EngineVersion: '16.4',
        AvailabilityZones: JSON.stringify(net.subnets.map((s) => s.az)),
        DBSubnetGroupName: 'default',
        VpcSecurityGroupIds: JSON.stringify([net.securityGroupId]),
        Port: '5432',
        DeletionProtection: 'false',
      };
      break;
    case 'EFS':
      md = {
        'file-system-id': id,
        Encrypted: 'true',
        KmsKeyId: `arn:aws:kms:${region}:${account}:key/${draws.uuid()}`,
        PerformanceMode: 'generalPurpose',
        CreationToken: draws.uuid(),
        newFileSystem: 'true',
      };
      break;
    case 'DynamoDB':
      md = { targetTableName: id, encryptionType: 'Default' };
      break;
    case 'S3':
      md = { DestinationBucketName: id, NewBucket: 'false', Encrypted: 'true', EncryptionType: 'SSE-S3' };
      break;
    default:
      md = { ResourceName: name };
  }
  return { arn, type, region, id, name, az: subnet.az, sizeGiB, tags, restoreMetadata: md };
}

/** Problems found in StartRestoreJob metadata: missing keys and bad values, each described. */
export interface MetadataProblems {
  missing: string[];
  invalid: string[];
}

/** Case-insensitive metadata lookup. */
export function metaGet(md: Readonly<Record<string, string>>, key: string): string | undefined {
  if (key in md) return md[key];
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(md)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

const BOOL = /^(true|false)$/i;
const RDS_ID = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,62}$/;

function jsonArray(value: string, item: RegExp): boolean {
  try {
    const v: unknown = JSON.parse(value);
    return Array.isArray(v) && v.every((x) => typeof x === 'string' && item.test(x));
  } catch {
    return false;
  }
}

function jsonObject(value: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(value);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Context for metadata checks: the point being restored and where. */
export interface RestoreCheckContext {
  readonly region: string;
  readonly profile: ResourceProfile;
  /** Continuous backup window, when the point is continuous. */
  readonly pitr?: { readonly earliestMs: number; readonly latestMs: number };
}

/**
 * Checks StartRestoreJob metadata for the resource type: required keys and well-formed values.
 * Returns every problem; the caller turns them into one service error.
 */
export function checkRestoreMetadata(
  type: string,
  md: Readonly<Record<string, string>>,
  ctx: RestoreCheckContext,
): MetadataProblems {
  const p: MetadataProblems = { missing: [], invalid: [] };
  const get = (k: string) => metaGet(md, k);
  const need = (k: string) => {
    const v = get(k);
    if (v === undefined || v === '') p.missing.push(k);
    return v;
  };
  const bool = (k: string) => {
    const v = get(k);
    if (v !== undefined && !BOOL.test(v)) p.invalid.push(`${k} must be "true" or "false", got ${JSON.stringify(v)}`);
  };
  const az = (k: string, v: string | undefined) => {
    if (v !== undefined && !new RegExp(`^${ctx.region}[a-z]$`).test(v))
      p.invalid.push(`${k} ${JSON.stringify(v)} is not an Availability Zone of ${ctx.region}`);
  };
  if (Object.keys(md).length === 0) p.missing.push('Metadata');
  switch (type) {
    case 'EC2': {
      const it = need('InstanceType');
      if (it !== undefined && it !== '' && !/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(it))
        p.invalid.push(`InstanceType ${JSON.stringify(it)} is not an instance type`);
      const subnet = get('SubnetId');
      const nics = get('NetworkInterfaces');
      if (subnet === undefined && nics === undefined) p.missing.push('SubnetId');
      if (subnet !== undefined && !/^subnet-[0-9a-f]{8,17}$/.test(subnet))
        p.invalid.push(`SubnetId ${JSON.stringify(subnet)} is not a subnet id`);
      const sgs = get('SecurityGroupIds');
      if (sgs !== undefined && !jsonArray(sgs, /^sg-[0-9a-f]{8,17}$/))
        p.invalid.push('SecurityGroupIds must be a JSON array of security group ids');
      if (nics !== undefined) {
        try {
          if (!Array.isArray(JSON.parse(nics))) throw new Error();
        } catch {
          p.invalid.push('NetworkInterfaces must be a JSON array');
        }
      }
      const placement = get('Placement');
      if (placement !== undefined) {
        const o = jsonObject(placement);
        if (!o) p.invalid.push('Placement must be a JSON object');
        else if (typeof o['AvailabilityZone'] === 'string') az('Placement.AvailabilityZone', o['AvailabilityZone']);
      }
      for (const k of ['RequireIMDSv2', 'DisableApiTermination', 'EbsOptimized']) bool(k);
      break;
    }
    case 'EBS': {
      az('availabilityZone', need('availabilityZone'));
      bool('encrypted');
      const size = get('volumeSize');
      if (size !== undefined && !(Number(size) >= ctx.profile.sizeGiB - 1e-9 && Number.isInteger(Number(size))))
        p.invalid.push(`volumeSize must be a whole number of GiB no smaller than the snapshot`);
      const vt = get('volumeType');
      if (vt !== undefined && !['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard'].includes(vt))
        p.invalid.push(`volumeType ${JSON.stringify(vt)} is not an EBS volume type`);
      break;
    }
    case 'RDS':
    case 'Aurora': {
      const key = type === 'RDS' ? 'DBInstanceIdentifier' : 'DBClusterIdentifier';
      const id = need(key);
      if (id !== undefined && id !== '' && (!RDS_ID.test(id) || id.endsWith('-')))
        p.invalid.push(
          `${key} ${JSON.stringify(id)} must be 1-63 letters, digits or hyphens, start with a letter, and not end with a hyphen or contain two consecutive hyphens`,
        );
      const cls = get('DBInstanceClass');
      if (cls !== undefined && !/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(cls))
        p.invalid.push(`DBInstanceClass ${JSON.stringify(cls)} is not a DB instance class`);
      bool('MultiAZ');
      bool('PubliclyAccessible');
      bool('DeletionProtection');
      const port = get('Port');
      if (port !== undefined && !(Number.isInteger(Number(port)) && Number(port) >= 1150 && Number(port) <= 65535))
        p.invalid.push(`Port must be an integer from 1150 to 65535`);
      az('AvailabilityZone', get('AvailabilityZone'));
      if (get('AvailabilityZone') !== undefined && get('MultiAZ')?.toLowerCase() === 'true')
        p.invalid.push('AvailabilityZone cannot be set when MultiAZ is true');
      const sgs = get('VpcSecurityGroupIds');
      if (sgs !== undefined && !jsonArray(sgs, /^sg-[0-9a-f]{8,17}$/))
        p.invalid.push('VpcSecurityGroupIds must be a JSON array of security group ids');
      const restoreTime = get('RestoreTime');
      const latest = get('UseLatestRestorableTime');
      if (restoreTime !== undefined || latest !== undefined) {
        if (!ctx.pitr)
          p.invalid.push('RestoreTime and UseLatestRestorableTime apply only to continuous recovery points');
        else if (restoreTime !== undefined && latest?.toLowerCase() === 'true')
          p.invalid.push('Specify either RestoreTime or UseLatestRestorableTime, not both');
        else if (restoreTime !== undefined) {
          const t = Date.parse(restoreTime);
          if (Number.isNaN(t)) p.invalid.push(`RestoreTime ${JSON.stringify(restoreTime)} is not an ISO-8601 time`);
          else if (t < ctx.pitr.earliestMs || t > ctx.pitr.latestMs)
            p.invalid.push(
              `RestoreTime must be between ${new Date(ctx.pitr.earliestMs).toISOString()} and ${new Date(ctx.pitr.latestMs).toISOString()}`,
            );
        }
        if (latest !== undefined) bool('UseLatestRestorableTime');
      }
      break;
    }
    case 'EFS': {
      const fsId = need('file-system-id');
      if (fsId !== undefined && fsId !== '' && fsId !== ctx.profile.id)
        p.invalid.push(`file-system-id ${JSON.stringify(fsId)} does not match the recovery point's file system`);
      const nfs = need('newFileSystem');
      if (nfs !== undefined && nfs !== '' && !BOOL.test(nfs)) p.invalid.push('newFileSystem must be "true" or "false"');
      bool('Encrypted');
      if (get('KmsKeyId') !== undefined && get('Encrypted')?.toLowerCase() !== 'true')
        p.invalid.push('Encrypted must be true when KmsKeyId is specified');
      const pm = get('PerformanceMode');
      if (pm !== undefined && !['generalPurpose', 'maxIO'].includes(pm))
        p.invalid.push(`PerformanceMode must be generalPurpose or maxIO`);
      break;
    }
    case 'DynamoDB': {
      const name = need('targetTableName');
      if (name !== undefined && name !== '' && !/^[a-zA-Z0-9_.-]{3,255}$/.test(name))
        p.invalid.push('targetTableName must be 3-255 characters of a-z, A-Z, 0-9, _, - and .');
      const enc = get('encryptionType');
      if (enc !== undefined && !['Default', 'KMS'].includes(enc))
        p.invalid.push('encryptionType must be Default or KMS');
      if (enc === 'KMS' && get('kmsMasterKeyArn') === undefined) p.missing.push('kmsMasterKeyArn');
      break;
    }
    case 'S3': {
      const bucket = need('DestinationBucketName');
      if (bucket !== undefined && bucket !== '' && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
        p.invalid.push('DestinationBucketName is not a valid bucket name');
      bool('NewBucket');
      bool('Encrypted');
      break;
    }
    default:
      break;
  }
  return p;
}

/**
 * Conditions AWS only discovers once the restore runs (the job then fails with this message):
 * a subnet from another region, a database or table name already in use.
 */
export function restoreConflict(
  type: string,
  md: Readonly<Record<string, string>>,
  region: string,
  resources: SimResources,
): string | undefined {
  const get = (k: string) => metaGet(md, k);
  const liveHere = (t: string, id: string) => resources.list({ type: t, region, live: true }).some((r) => r.id === id);
  switch (type) {
    case 'EC2': {
      const subnet = get('SubnetId');
      const home = subnet === undefined ? undefined : subnetRegion.get(subnet);
      if (subnet !== undefined && home !== undefined && home !== region)
        return `The subnet ID '${subnet}' does not exist (Service: Ec2, Status Code: 400, Error Code: InvalidSubnetID.NotFound)`;
      return undefined;
    }
    case 'RDS': {
      const id = get('DBInstanceIdentifier');
      return id !== undefined && liveHere('RDS', id) ? `DB Instance already exists: ${id}` : undefined;
    }
    case 'Aurora': {
      const id = get('DBClusterIdentifier');
      return id !== undefined && liveHere('Aurora', id) ? `DB Cluster already exists: ${id}` : undefined;
    }
    case 'DynamoDB': {
      const name = get('targetTableName');
      return name !== undefined && liveHere('DynamoDB', name) ? `Table already exists: ${name}` : undefined;
    }
    case 'S3': {
      const bucket = get('DestinationBucketName');
      return get('NewBucket')?.toLowerCase() === 'true' && bucket !== undefined && liveHere('S3', bucket)
        ? `Bucket already exists: ${bucket}`
        : undefined;
    }
    default:
      return undefined;
  }
}

/** What a restore creates: its ARN, id, zone and DNS name. `existing` when restored in place. */
export interface CreatedResource {
  readonly arn: string;
  readonly id: string;
  readonly az: string;
  readonly dnsName?: string;
  readonly existing?: boolean;
}

/** The resource a restore of this type creates, from its metadata. */
export function createdResourceFor(
  type: string,
  md: Readonly<Record<string, string>>,
  profile: ResourceProfile,
  region: string,
  account: string,
  draws: KeyedDraws,
): CreatedResource {
  const get = (k: string) => metaGet(md, k);
  const net = simNetwork(region);
  const subnetAz = (subnet: string | undefined) => net.subnets.find((s) => s.subnetId === subnet)?.az;
  const placementAz = () => {
    const o = jsonObject(get('Placement') ?? '');
    return typeof o?.['AvailabilityZone'] === 'string' ? o['AvailabilityZone'] : undefined;
  };
  const sameRegionAz = profile.region === region ? profile.az : undefined;
  const defaultAz = sameRegionAz ?? `${region}a`;
  switch (type) {
    case 'EC2': {
      const id = `i-${draws.hex(17)}`;
      const az = placementAz() ?? subnetAz(get('SubnetId')) ?? defaultAz;
      const ip = `10.0.${draws.int(0, 255)}.${draws.int(1, 254)}`;
      return {
        arn: `arn:aws:ec2:${region}:${account}:instance/${id}`,
        id,
        az,
        dnsName: `ip-${ip.replaceAll('.', '-')}.${region}.compute.internal`,
      };
    }
    case 'EBS': {
      const id = `vol-${draws.hex(17)}`;
      return { arn: `arn:aws:ec2:${region}:${account}:volume/${id}`, id, az: get('availabilityZone') ?? defaultAz };
    }
    case 'RDS': {
      const id = get('DBInstanceIdentifier') ?? `${profile.id}-restored`;
      const az = get('AvailabilityZone') ?? defaultAz;
      return {
        arn: `arn:aws:rds:${region}:${account}:db:${id}`,
        id,
        az,
        dnsName: `${id}.c${draws.hex(11)}.${region}.rds.amazonaws.com`,
      };
    }
    case 'Aurora': {
      const id = get('DBClusterIdentifier') ?? `${profile.id}-restored`;
      return {
        arn: `arn:aws:rds:${region}:${account}:cluster:${id}`,
        id,
        az: defaultAz,
        dnsName: `${id}.cluster-c${draws.hex(11)}.${region}.rds.amazonaws.com`,
      };
    }
    case 'EFS': {
      if (get('newFileSystem')?.toLowerCase() === 'false' && profile.region === region)
        return { arn: profile.arn, id: profile.id, az: profile.az, existing: true };
      const id = `fs-${draws.hex(17)}`;
      return {
        arn: `arn:aws:elasticfilesystem:${region}:${account}:file-system/${id}`,
        id,
        az: defaultAz,
        dnsName: `${id}.efs.${region}.amazonaws.com`,
      };
    }
    case 'DynamoDB': {
      const id = get('targetTableName') ?? `${profile.id}-restored`;
      return { arn: `arn:aws:dynamodb:${region}:${account}:table/${id}`, id, az: defaultAz };
    }
    case 'S3': {
      const id = get('DestinationBucketName') ?? profile.id;
      return { arn: `arn:aws:s3:::${id}`, id, az: defaultAz, existing: get('NewBucket')?.toLowerCase() !== 'true' };
    }
    default: {
      const id = `${profile.id}-restored-${draws.hex(6)}`;
      return { arn: `${profile.arn}-restored-${id}`, id, az: defaultAz };
    }
  }
}

/** The ARN of a new recovery point of this type, as AWS names them. */
export function recoveryPointArnFor(
  type: string,
  region: string,
  account: string,
  draws: KeyedDraws,
  options: { continuous?: boolean; resourceId?: string; copy?: boolean } = {},
): string {
  if (options.continuous) {
    const id = (options.resourceId ?? 'db').replace(/[^a-zA-Z0-9-]/g, '').slice(0, 30);
    return `arn:aws:backup:${region}:${account}:recovery-point:continuous:db-${id}-${draws.hex(8)}`;
  }
  switch (type) {
    case 'EC2':
      return `arn:aws:ec2:${region}::image/ami-${draws.hex(17)}`;
    case 'EBS':
      return `arn:aws:ec2:${region}::snapshot/snap-${draws.hex(17)}`;
    case 'RDS':
      return `arn:aws:rds:${region}:${account}:snapshot:awsbackup:${options.copy ? 'copyjob' : 'job'}-${draws.uuid()}`;
    case 'Aurora':
      return `arn:aws:rds:${region}:${account}:cluster-snapshot:awsbackup:${options.copy ? 'copyjob' : 'job'}-${draws.uuid()}`;
    default:
      return `arn:aws:backup:${region}:${account}:recovery-point:${draws.uuid().toUpperCase()}`;
  }
}
