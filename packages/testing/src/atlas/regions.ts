/**
 * Atlas names AWS regions in upper snake case (`US_EAST_1`); AWS, the fault grammar and the
 * rest of the simulated cloud use `us-east-1`. These helpers translate between the two so a
 * `region-outage:us-east-1` fault reaches the Atlas nodes in `US_EAST_1`.
 */

/**
 * AWS regions Atlas accepts in `regionName` (the `AWSRegionConfig.regionName` enum of the
 * Atlas Administration API specification, commercial regions).
 */
export const ATLAS_AWS_REGIONS: readonly string[] = [
  'US_EAST_1',
  'US_EAST_2',
  'US_WEST_1',
  'US_WEST_2',
  'CA_CENTRAL_1',
  'EU_NORTH_1',
  'EU_WEST_1',
  'EU_WEST_2',
  'EU_WEST_3',
  'EU_CENTRAL_1',
  'EU_CENTRAL_2',
  'EU_SOUTH_1',
  'SA_EAST_1',
  'AP_EAST_1',
  'AP_SOUTHEAST_1',
  'AP_SOUTHEAST_2',
  'AP_SOUTHEAST_3',
  'AP_SOUTHEAST_4',
  'AP_NORTHEAST_1',
  'AP_NORTHEAST_2',
  'AP_NORTHEAST_3',
  'AP_SOUTH_1',
  'ME_SOUTH_1',
  'ME_CENTRAL_1',
  'AF_SOUTH_1',
];

/**
 * The Atlas name of an AWS region (`us-east-1` → `US_EAST_1`); Atlas names pass through.
 *
 * @example
 * ```ts
 * toAtlasRegion('us-west-2'); // 'US_WEST_2'
 * ```
 */
export function toAtlasRegion(region: string): string {
  return region.trim().replace(/-/g, '_').toUpperCase();
}

/**
 * The AWS name of an Atlas region (`US_EAST_1` → `us-east-1`); AWS names pass through.
 *
 * @example
 * ```ts
 * toAwsRegion('US_WEST_2'); // 'us-west-2'
 * ```
 */
export function toAwsRegion(region: string): string {
  return region.trim().replace(/_/g, '-').toLowerCase();
}

/**
 * Whether Atlas knows the region (either spelling).
 *
 * @example
 * ```ts
 * isAtlasAwsRegion('US_EAST_1'); // true
 * isAtlasAwsRegion('MARS_NORTH_1'); // false
 * ```
 */
export function isAtlasAwsRegion(region: string): boolean {
  return ATLAS_AWS_REGIONS.includes(toAtlasRegion(region));
}
