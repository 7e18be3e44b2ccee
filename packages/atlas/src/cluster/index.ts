/**
 * Cluster shape and lifecycle helpers: region layouts by Atlas's priority rules, and waiting
 * until a cluster is IDLE with its change APPLIED.
 *
 * @module
 */
export * from './regionLayout';
export * from './waitForCluster';
