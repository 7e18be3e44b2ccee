/**
 * RTO/RPO measurement: objectives, measured values and the checks against them.
 *
 * @module
 */
export * from './objectives';
