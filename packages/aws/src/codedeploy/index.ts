/**
 * `@drkit/aws/codedeploy`: roll a CodeDeploy deployment group back to its last known-good
 * revision and wait for it — the DR plan's CI/CD failure scenario.
 *
 * @module
 */
export * from './rollbackStandby';
