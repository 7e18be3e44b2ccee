/**
 * Checks for `validateRestore` and after a promotion: cluster state and primary region.
 *
 * @module
 */
export * from './clusterChecks';
