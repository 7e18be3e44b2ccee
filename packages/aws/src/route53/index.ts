/**
 * `@drkit/aws/route53`: Route 53 as a drkit traffic router — weighted records shifted in steps,
 * failover records flipped for a manual failover or watched for an automated one — and a
 * health-check gate.
 *
 * @module
 */
export * from './weightedRouter';
export * from './failoverRouter';
export * from './confirmFailover';
export * from './healthCheckGate';
export { ROUTE53_PROPAGATION_MS, type Route53Router, type Route53RouterOptions } from './router';
export { canonicalRecordName, answerValues, readRecordGroup, type RecordGroupAddress } from './records';
