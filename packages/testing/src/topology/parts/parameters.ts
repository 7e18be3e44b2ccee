import type { SimulatedCloud } from '../../aws/SimulatedCloud';
import { ssmService } from '../../aws/ssm';
import type { SimReplicationGroup } from '../../aws/elasticache';
import type { SeedTopology } from '../names';

/**
 * Seeds Parameter Store in both regions: each region's Redis endpoint (the primary group's
 * primary endpoint in the primary region, the Global Datastore secondary's in the DR region),
 * the MongoDB Atlas connection string (SecureString, with a placeholder password) and the
 * active region (the primary).
 *
 * @example
 * ```ts
 * seedParameters(cloud, topology, { primary: cache.primary, dr: cache.dr });
 * ```
 */
export function seedParameters(
  cloud: SimulatedCloud,
  topology: SeedTopology,
  groups: { primary: SimReplicationGroup; dr: SimReplicationGroup },
): void {
  const p = topology.parameters;
  const now = cloud.clock.now();
  const atlasHost = `${topology.atlas.clusterName}.a1b2c.mongodb.net`;
  for (const side of ['primary', 'dr'] as const) {
    const store = cloud.state(ssmService, topology.regions[side]);
    const group = groups[side];
    const tags = [{ Key: 'Application', Value: topology.applicationName }];
    store.put(
      {
        Name: p.redisEndpoint,
        Value: `${group.resource.dnsName ?? group.id}:${group.port}`,
        Type: 'String',
        Description: `Redis endpoint of ${group.id}`,
        Tags: tags,
      },
      now,
    );
    store.put(
      {
        Name: p.mongodbUri,
        Value: `mongodb+srv://jobs-api:seed-password-not-secret@${atlasHost}/jobs?retryWrites=true&w=majority`,
        Type: 'SecureString',
        Description: `Connection string of the ${topology.atlas.clusterName} Atlas cluster`,
        Tags: tags,
      },
      now,
    );
    store.put(
      {
        Name: p.activeRegion,
        Value: topology.regions.primary,
        Type: 'String',
        Description: 'The region serving traffic',
        Tags: tags,
      },
      now,
    );
  }
}
