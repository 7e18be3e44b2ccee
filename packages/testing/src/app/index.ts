/**
 * The simulated application (the Job Matching API behind its load balancers): its traffic and
 * error figures per region, derived from the simulated state, and a real loopback HTTP server
 * answering health checks for simulated resources.
 *
 * @packageDocumentation
 */
export * from './appProfile';
export * from './appMetrics';
export * from './appServer';
