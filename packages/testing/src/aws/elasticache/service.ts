import { defineSimService, type SimServiceDefinition } from '../kernel/SimService';
import { ElastiCacheState } from './ElastiCacheState';
import { elasticacheHandlers } from './handlers';
import { resolveElastiCacheOptions, type ElastiCacheSimOptionsInput } from './options';

/**
 * Creates the simulated ElastiCache service with the given options (durations, real Redis
 * backing). Register the result instead of {@link elasticacheService} to change defaults for a
 * whole cloud; `cloud.state(service, region).configure(...)` changes one region.
 *
 * @example
 * ```ts
 * const elasticache = createElastiCacheService({ redisBacking: 'required', durations: { restoreMs: [600_000, 600_000] } });
 * ```
 */
export function createElastiCacheService(
  options: ElastiCacheSimOptionsInput = {},
): SimServiceDefinition<ElastiCacheState> {
  const resolved = resolveElastiCacheOptions(options);
  const definition: SimServiceDefinition<ElastiCacheState> = defineSimService<ElastiCacheState>({
    name: 'elasticache',
    model: 'elasticache',
    clientName: 'ElastiCacheClient',
    // AWS publishes no ElastiCache API request quota (the Service Quotas page lists resource
    // limits only), so the kernel's default applies and no token bucket is set here.
    createState: (region, world) => new ElastiCacheState(region, world, definition, resolved),
    handlers: elasticacheHandlers,
  });
  return definition;
}

/** The simulated ElastiCache with default options (real Redis backing `auto`). */
export const elasticacheService: SimServiceDefinition<ElastiCacheState> = createElastiCacheService();
