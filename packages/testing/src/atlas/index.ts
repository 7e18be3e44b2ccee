/**
 * The MongoDB Atlas Administration API emulator: a real HTTP server with digest authentication
 * on virtual time, sharing a simulated cloud's clock, faults and call recorder.
 *
 * @packageDocumentation
 */
export * from './AtlasEmulator';
export * from './AtlasState';
export * from './topology';
export * from './backupSchedule';
export * from './versions';
export * from './TokenBucket';
export * from './errors';
export * from './regions';
export * from './digestAuth';
export { validateRegions } from './requests';
export { ATLAS_ROUTES, type AtlasRoute } from './routes';
export * from '../app/atlasData';
