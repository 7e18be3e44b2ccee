/**
 * The simulated Amazon Route 53: the service definition for the kernel and the state API
 * ({@link route53Sim}) for tests and topology presets.
 *
 * @packageDocumentation
 */
export { route53Service } from './service';
export { route53Sim, Route53Sim } from './Route53Sim';
export type { SimHostedZone, SimHealthCheckStatus, Route53RecordView, SimWorldSource } from './Route53Sim';
export type { DnsAnswer, ResolveOptions } from './dns';
export { DEFAULT_ROUTE53_OPTIONS } from './Route53State';
export type { Route53SimOptions } from './Route53State';
