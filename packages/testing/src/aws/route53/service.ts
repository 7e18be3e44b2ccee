import { defineSimService } from '../kernel/SimService';
import { route53Handlers } from './handlers';
import { Route53State } from './Route53State';

/**
 * The simulated Amazon Route 53: hosted zones, record sets with PENDING → INSYNC propagation,
 * health checks that follow the simulated endpoints, and DNS answers (TestDNSAnswer) that
 * follow weights, failover and health. Route 53 is global: its state lives in region `global`.
 */
export const route53Service = defineSimService<Route53State>({
  name: 'route53',
  model: 'route53',
  clientName: 'Route53Client',
  global: true,
  // "Route 53 API requests: five requests per second per AWS account" — Route 53 quotas,
  // https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html#limits-api-requests
  // Past it Route 53 answers HTTP 400 with Code `Throttling` and Message `Rate exceeded`
  // (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/throttling-api-requests.html,
  // which describes a newer, larger token bucket; we keep the documented 5 rps as the strict case).
  quota: { ratePerSecond: 5, burst: 5, errorName: 'Throttling' },
  createState: (_region, world) => new Route53State(world),
  handlers: route53Handlers,
});
