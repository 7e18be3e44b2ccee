import { describe, expect, it } from 'vitest';
import { consoleLogger, memoryMetrics, resolveContext, systemClock } from '../src/index';

describe('resolveContext', () => {
  it('gives every field a default', () => {
    const ctx = resolveContext();
    expect(ctx.clock).toBe(systemClock);
    expect(ctx.signal.aborted).toBe(false);
    expect(ctx.dryRun).toBe(false);
    expect(ctx.runId).toMatch(/^run-/);
    expect(ctx.audit).toBeUndefined();
  });

  it('keeps what the caller gave', () => {
    const metrics = memoryMetrics();
    const ctx = resolveContext({ runId: 'r1', dryRun: true, metrics });
    ctx.metrics.putMetric('RestoreSeconds', 12, 'Seconds', { scenario: 'x' });
    expect(ctx.runId).toBe('r1');
    expect(ctx.dryRun).toBe(true);
    expect(metrics.recorded).toEqual([
      { name: 'RestoreSeconds', value: 12, unit: 'Seconds', dimensions: { scenario: 'x' } },
    ]);
  });
});

describe('systemClock', () => {
  it('rejects a sleep with Aborted when the signal fires', async () => {
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort(new Error('operator cancelled'));
    await expect(sleeping).rejects.toMatchObject({ kind: 'Aborted' });
  });
});

describe('consoleLogger', () => {
  it('writes structured JSON lines at or above its level', () => {
    const lines: string[] = [];
    const logger = consoleLogger({ level: 'info', service: 'svc', write: (l) => lines.push(l) });
    logger.debug('hidden');
    logger.info('restore started', { jobId: 'j1' });
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      { level: 'INFO', message: 'restore started', service: 'svc', jobId: 'j1' },
    ]);
  });
});
