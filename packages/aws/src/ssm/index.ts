/**
 * `@drkit/aws/ssm`: SSM Parameter Store as a drkit standby — the endpoint parameters the
 * application reads pointed at the DR region (previous versions labelled for failback) — and
 * the restart/reload hook that follows it.
 *
 * @module
 */
export * from './parametersStandby';
export * from './reloadHook';
