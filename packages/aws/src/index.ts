/**
 * `@drkit/aws`: adapters behind @drkit/core's ports.
 *
 * @packageDocumentation
 */
export {};
