/**
 * `@drkit/testing`: a simulated AWS and MongoDB Atlas on virtual time, with fault injection
 * and a call recorder, for testing DR runbooks offline.
 *
 * @packageDocumentation
 */
export * from './time/VirtualClock';
export * from './time/SeededRandom';
export * from './time/virtualTimers';
export * from './faults/FaultSpec';
export * from './faults/FaultInjector';
export * from './recorder/CallRecorder';
export * from './aws/SimulatedCloud';
export * from './aws/kernel/SimService';
export * from './aws/kernel/SimResources';
export { redactSecrets } from './aws/kernel/redact';
export { SimulationConformanceError } from './aws/kernel/sdkErrors';
export type { KernelStats } from './aws/kernel/SimKernel';
export { SIMULATED_CREDENTIALS, type SdkClientLike } from './aws/kernel/transport';
export { SIMULATED_SERVICES, type AnySimServiceDefinition } from './aws/registry';
export * from './aws/ssm';
export * from './aws/route53';
export * from './aws/backup';
export * from './aws/elasticache';
export * from './redis/RedisServerPool';
export * from './redis/findRedisServer';
export * from './app/redisData';
export * from './atlas/index';
export * from './aws/autoscaling';
export * from './aws/elbv2';
export * from './aws/cloudwatch';
export * from './aws/sns';
export * from './aws/codedeploy';
export * from './app/appProfile';
export * from './app/appMetrics';
export * from './app/appServer';
export * from './topology/index';
