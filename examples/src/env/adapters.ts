import { okAsync, errAsync } from 'neverthrow';
import { drError, type TrafficRouter } from '@drkit/core';
import type { DrillEnvironment } from './types';

// ADAPTERS-PENDING: interim stubs until @drkit/aws exports route53/autoscaling/elasticache-global/ssm/codedeploy.
const pending = (name: string): TrafficRouter => ({
  name,
  readRouting: () => errAsync(drError('Unavailable', `${name}: adapter pending`)),
  applyRouting: () => errAsync(drError('Unavailable', `${name}: adapter pending`)),
  changeStatus: () => okAsync({ propagated: false }),
});

/** The adapters of an environment. */
export interface DrillAdapters {
  readonly failover: TrafficRouter;
  readonly weighted: TrafficRouter;
}

/** The adapters wired to an environment. */
export function adaptersOf(_env: DrillEnvironment): DrillAdapters {
  return { failover: pending('failover'), weighted: pending('weighted') };
}
