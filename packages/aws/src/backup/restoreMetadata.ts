/**
 * Typed restore overrides, translated per resource type into AWS Backup restore metadata keys.
 * Values are used as given; drkit never logs them (restore metadata is treated as secret).
 */
export interface RestoreOverrides {
  /**
   * Name of the restored resource: RDS `DBInstanceIdentifier`, Aurora `DBClusterIdentifier`,
   * DynamoDB `targetTableName`, S3 `DestinationBucketName` (with `NewBucket`). Default for RDS,
   * Aurora and DynamoDB: the idempotency key (`drkit-…`), so a drill never collides with, or
   * replaces, the production resource and a retry restores under the same name.
   */
  readonly newName?: string;
  /** EC2 `SubnetId`. */
  readonly subnetId?: string;
  /** RDS / Aurora `DBSubnetGroupName`. */
  readonly subnetGroupName?: string;
  /** EC2 `SecurityGroupIds`, RDS / Aurora `VpcSecurityGroupIds` (JSON arrays). */
  readonly securityGroupIds?: readonly string[];
  /** RDS `AvailabilityZone`, EBS `availabilityZone`: a cross-region restore must name a zone of the DR region. */
  readonly availabilityZone?: string;
  /** EC2 `InstanceType`, RDS `DBInstanceClass`. */
  readonly instanceType?: string;
  /** Raw metadata keys, applied last. */
  readonly metadata?: Readonly<Record<string, string>>;
}

const NAME_KEY: Readonly<Record<string, string>> = {
  RDS: 'DBInstanceIdentifier',
  Aurora: 'DBClusterIdentifier',
  DynamoDB: 'targetTableName',
  S3: 'DestinationBucketName',
};

/**
 * The restore metadata keys for `overrides` on a resource of `resourceType`.
 *
 * @example
 * ```ts
 * restoreMetadataFor('RDS', { newName: 'orders-drill', securityGroupIds: ['sg-0123456789abcdef0'] });
 * // { DBInstanceIdentifier: 'orders-drill', VpcSecurityGroupIds: '["sg-0123456789abcdef0"]' }
 * ```
 */
export function restoreMetadataFor(
  resourceType: string | undefined,
  overrides: RestoreOverrides,
): Record<string, string> {
  const md: Record<string, string> = {};
  const type = resourceType ?? '';
  const nameKey = NAME_KEY[type];
  if (overrides.newName !== undefined && nameKey) {
    md[nameKey] = overrides.newName;
    if (type === 'S3') md.NewBucket = 'true';
  }
  if (overrides.subnetId !== undefined && type === 'EC2') md.SubnetId = overrides.subnetId;
  if (overrides.subnetGroupName !== undefined && (type === 'RDS' || type === 'Aurora'))
    md.DBSubnetGroupName = overrides.subnetGroupName;
  if (overrides.securityGroupIds !== undefined) {
    const list = JSON.stringify(overrides.securityGroupIds);
    if (type === 'EC2') md.SecurityGroupIds = list;
    if (type === 'RDS' || type === 'Aurora') md.VpcSecurityGroupIds = list;
  }
  if (overrides.availabilityZone !== undefined) {
    if (type === 'RDS') md.AvailabilityZone = overrides.availabilityZone;
    if (type === 'EBS') md.availabilityZone = overrides.availabilityZone;
  }
  if (overrides.instanceType !== undefined) {
    if (type === 'EC2') md.InstanceType = overrides.instanceType;
    if (type === 'RDS') md.DBInstanceClass = overrides.instanceType;
  }
  return { ...md, ...(overrides.metadata ?? {}) };
}

/** Resource types whose restore would reuse the production name unless told otherwise. */
export const NAMED_RESTORE_TYPES: ReadonlySet<string> = new Set(['RDS', 'Aurora', 'DynamoDB']);
