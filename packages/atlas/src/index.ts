/**
 * `@drkit/atlas`: adapters behind @drkit/core's ports.
 *
 * @packageDocumentation
 */
export {};
