/**
 * `@drkit/testing/vitest`: assertions for DR tests on the simulated cloud — plain checks
 * (`checkNoOrphanedRestores` …), throwing assertions (`assertNoOrphanedRestores` …) and vitest
 * matchers (`expect.extend(drkitMatchers)`, typed). Nothing here imports vitest at run time:
 * the checks and assertions work under any test runner.
 *
 * @packageDocumentation
 */
export * from './checks';
export * from './assertions';
export * from './matchers';
