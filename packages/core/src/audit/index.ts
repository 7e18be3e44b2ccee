// The audit journal: withAuditLog, the hash chain, redaction and sinks.
export * from './canonicalJson';
export * from './hashChain';
export * from './redact';
export { appendToAuditLog } from './chain';
export * from './withAuditLog';
export * from './sinks/memory';
export * from './sinks/file';
export * from './sinks/stdout';
