/**
 * Topology presets: ready-made estates for the simulated cloud.
 *
 * @packageDocumentation
 */
export * from './names';
export * from './seedTopology';
export * from './atlas';
