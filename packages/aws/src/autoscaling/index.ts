/**
 * `@drkit/aws/autoscaling`: the DR region's Auto Scaling group as a drkit standby — scaled to
 * the primary's capacity on failover, ready once its instances are healthy behind the load
 * balancer, and scaled back on failback.
 *
 * @module
 */
export * from './autoScalingStandby';
export { peakFromActivities, type PrimaryCapacity } from './capacity';
