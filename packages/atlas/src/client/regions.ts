/**
 * The Atlas name of an AWS region: `us-west-2` → `US_WEST_2`. Atlas names pass through, so
 * callers may use either spelling.
 *
 * @example
 * ```ts
 * toAtlasRegion('us-west-2'); // 'US_WEST_2'
 * toAtlasRegion('US_WEST_2'); // 'US_WEST_2'
 * ```
 */
export function toAtlasRegion(region: string): string {
  return region.trim().replace(/-/g, '_').toUpperCase();
}

/**
 * The AWS name of an Atlas region: `US_WEST_2` → `us-west-2`.
 *
 * @example
 * ```ts
 * toAwsRegion('US_WEST_2'); // 'us-west-2'
 * ```
 */
export function toAwsRegion(region: string): string {
  return region.trim().replace(/_/g, '-').toLowerCase();
}

/** An Atlas region name (`US_EAST_1`, `EU_CENTRAL_2`) or an AWS one (`us-east-1`). */
export const REGION_NAME = /^(?:[A-Z]{2}_[A-Z]+_\d{1,2}|[a-z]{2}-[a-z]+-\d{1,2})$/;
