import type { SimServiceDefinition } from './kernel/SimService';
import { ssmService } from './ssm/ssmService';
import { elasticacheService } from './elasticache/service';
import { route53Service } from './route53/service';

/** A service definition of any state type, as the registry holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySimServiceDefinition = SimServiceDefinition<any>;

/**
 * Every simulated AWS service, as plugged into the kernel. To add one: import its definition
 * and append it here (one line each).
 */
export const SIMULATED_SERVICES: readonly AnySimServiceDefinition[] = [ssmService, elasticacheService, route53Service];
