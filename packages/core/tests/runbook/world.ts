import { errAsync, okAsync } from 'neverthrow';
import {
  approvalStep,
  cleanupRestored,
  demoteStandby,
  drError,
  measureStepOutput,
  memoryAuditSink,
  promoteStandby,
  restorePoint,
  runbook,
  shiftTraffic,
  sleep,
  type MemoryAuditSink,
  type RecoveryPoint,
  type RunbookReport,
} from '../../src/index';
import { FakeRecoveryPointSource } from '../fakes/FakeRecoveryPointSource';
import { FakeStandby } from '../fakes/FakeStandby';
import { FakeTrafficRouter } from '../fakes/FakeTrafficRouter';
import { PortCalls } from '../fakes/PortCalls';
import { min, testContext } from '../fakes/context';
import { TestClock } from '../support/TestClock';

export const T0 = Date.parse('2026-11-22T03:00:00Z');

/** Options of {@link failoverWorld}. */
export interface WorldOptions {
  /** How long the orders-db restore job runs. Default 38 min. */
  restoreMs?: number;
  /** The validation step fails (so everything before it is compensated). */
  validationFails?: boolean;
}

/**
 * A small DR world on core's in-memory fakes: a backup vault with an orders-db point taken 10 min
 * before the incident, a warm web standby (ready 5 min after promotion) and a weighted router
 * (changes propagate in 45 s); and the region-failover runbook that uses them:
 *
 * approve → (restore-orders ∥ promote-web) → shift-traffic → validate → notify
 */
export function failoverWorld(options: WorldOptions = {}) {
  const calls = new PortCalls();
  const point: RecoveryPoint = {
    id: 'p-10m',
    createdAt: T0 - min(10),
    status: 'completed',
    resourceId: 'orders-db',
    expectedRestoreMs: options.restoreMs ?? min(38),
  };
  const vault = new FakeRecoveryPointSource({
    points: [point],
    restoreDurationMs: options.restoreMs ?? min(38),
    calls,
  });
  const web = new FakeStandby({ name: 'asg:web-dr', readyAfterMs: min(5), calls });
  const router = new FakeTrafficRouter({ weights: { primary: 100, dr: 0 }, propagationMs: 45_000, calls });
  const clock = new TestClock({ start: T0 });
  const journal: MemoryAuditSink = memoryAuditSink();
  const { ctx } = testContext({ clock, runId: 'failover-2026-11-22' });
  const world = { validationFails: options.validationFails ?? false };

  const rb = runbook('region-failover')
    .step(approvalStep('approve', 'Fail api.example.com over to the DR region?'))
    .parallel((p) =>
      p
        .step({
          name: 'restore-orders',
          description: 'restore orders-db from the newest point within the RPO',
          run: (_in, ctx) =>
            restorePoint(
              vault,
              {
                step: ctx.step,
                incidentAt: ctx.incidentAt,
                strategy: { latestWithinRpo: { rpo: '15m' } },
                resourceId: 'orders-db',
              },
              ctx,
            ).andThen((r) =>
              r.dryRun
                ? errAsync(drError('Conflict', 'unexpected dry run'))
                : okAsync({
                    resource: r.resource,
                    jobId: r.job.jobId,
                    dataAsOf: r.point.createdAt,
                    operations: [
                      {
                        name: `restore ${r.job.jobId}`,
                        startedAt: r.timings.startedAt,
                        readyAt: r.timings.completedAt,
                      },
                    ],
                  }),
            ),
          cleanup: (out, ctx) => cleanupRestored(vault, out.resource, ctx),
          plan: () => [
            {
              port: 'RecoveryPointSource',
              target: vault.name,
              operation: 'startRestore',
              input: { resourceId: 'orders-db' },
            },
          ],
        })
        .step({
          name: 'promote-web',
          run: (_in, ctx) =>
            promoteStandby(web, { step: ctx.step, readinessTimeout: '20m' }, ctx).andThen((r) =>
              r.dryRun
                ? errAsync(drError('Conflict', 'unexpected dry run'))
                : okAsync({
                    previous: r.previous[web.name]!,
                    operations: r.standbys.map((s) => ({
                      name: `promote ${s.name}`,
                      startedAt: s.promotedAt,
                      readyAt: s.readyAt,
                    })),
                  }),
            ),
          compensate: (out, ctx) => demoteStandby(web, out.previous, ctx),
          plan: () => [{ port: 'Standby', target: web.name, operation: 'promote' }],
        }),
    )
    .step({
      name: 'shift-traffic',
      run: (_in, ctx) =>
        shiftTraffic(
          router,
          { step: ctx.step, from: 'primary', to: 'dr', steps: [100], bake: '1m', gates: [] },
          ctx,
        ).map((r) => ({
          final: r.final,
          changes: r.steps.map((s) => s.changeId ?? ''),
          // Propagation and the bake the plan requires, from the shift report's own times.
          operations: measureStepOutput(r).operations ?? [],
        })),
      compensate: (_out, ctx) =>
        shiftTraffic(
          router,
          { step: `${ctx.step}-rollback`, from: 'dr', to: 'primary', steps: [100], bake: 0, gates: [] },
          ctx,
        ),
      plan: () => [{ port: 'TrafficRouter', target: router.name, operation: 'applyRouting', input: { dr: 100 } }],
    })
    .step({
      name: 'validate',
      kind: 'validation',
      run: ({ 'restore-orders': db, 'shift-traffic': shift }, ctx) =>
        sleep('2m', ctx).andThen(() => {
          const restored = vault.resources.get(db.resource.id);
          if (world.validationFails || !restored || restored.deleted || shift.final.dr !== 100) {
            return errAsync(drError('ValidationFailed', `orders-db ${db.resource.id} is not serving through dr`));
          }
          return okAsync({ healthy: true, db: db.resource.id });
        }),
    })
    .step({ name: 'notify', kind: 'other', run: () => okAsync({ notified: 'ops' }) });

  return { rb, vault, web, router, calls, clock, journal, ctx, world };
}

/** The parts of a report that do not depend on when completions were detected. */
export function essentials(report: RunbookReport) {
  return {
    status: report.status,
    reason: report.reason,
    steps: report.steps.map((s) => ({
      name: s.name,
      status: s.status,
      compensated: s.compensated,
      compensation: s.compensation,
      cleanup: s.cleanup,
      approval: s.approval?.approved,
    })),
    outputs: JSON.parse(
      JSON.stringify(report.outputs, (key, value: unknown) => (key === 'operations' ? undefined : value)),
    ) as unknown,
    rpo: report.rpo,
  };
}

/** A report without the fields that legitimately differ in a resumed run. */
export function withoutJournal(report: RunbookReport) {
  const { journal: _journal, resumed: _resumed, ...rest } = report;
  return rest;
}
