/**
 * The Atlas Administration API client layer: the typed v2 client, credentials, resource
 * versions, error mapping and the client option union adapters accept.
 *
 * @module
 */
export * from './AtlasClient';
export { checkCredentials, type AtlasCredentials } from './auth';
export * from './clientOptions';
export * from './errors';
export * from './io';
export * from './regions';
export type * from './types';
export * from './versions';
