/**
 * The shared layer of every AWS adapter: the client option union, AWS error → `DrError`
 * mapping, a rate-limited, retrying `awsSend`, and run-ownership tags.
 *
 * @module
 */
export * from './clientOptions';
export * from './awsErrors';
export * from './send';
export * from './ownership';
export * from './ledger';
export * from './time';
