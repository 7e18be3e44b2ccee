/**
 * Region failover: the region-priority `Standby`, test failovers and regional outage simulations.
 *
 * @module
 */
export * from './regionPriorityStandby';
export * from './drills';
