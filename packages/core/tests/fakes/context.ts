import { memoryMetrics, silentLogger, type DrContextInput } from '../../src/index';
import { TestClock, seededRandom } from '../support/TestClock';

/** A context for primitive tests: an auto-advancing test clock, a fixed run id, silence, seeded randomness. */
export function testContext(overrides: DrContextInput & { clock?: TestClock } = {}) {
  const clock = overrides.clock ?? new TestClock();
  const metrics = memoryMetrics();
  const ctx = {
    clock,
    runId: 'drill-2026-11-22',
    logger: silentLogger,
    random: seededRandom(7),
    metrics,
    ...overrides,
  };
  return { ctx, clock, metrics };
}

/** Minutes as milliseconds. */
export const min = (n: number): number => n * 60_000;
