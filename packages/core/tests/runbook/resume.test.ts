import { errAsync, okAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import {
  autoApprove,
  drError,
  memoryAuditSink,
  resumeRunbook,
  runbook,
  runRunbook,
  sleep,
  type AuditRecord,
  type DrContext,
} from '../../src/index';
import { min, testContext } from '../fakes/context';
import { essentials, failoverWorld, withoutJournal, type WorldOptions } from './world';

/** Steps that had started but not finished when the journal ends at `seq`. */
function inFlightAt(records: readonly AuditRecord[], seq: number): number {
  let open = 0;
  for (const r of records.filter((x) => x.seq <= seq && x.attributes?.record === 'step')) {
    if (r.phase === 'start') open += 1;
    else if (r.attributes?.invoked !== false) open -= 1;
  }
  return open;
}

async function reference(options: WorldOptions) {
  const w = failoverWorld(options);
  const report = (await runRunbook(w.rb, { approver: autoApprove(), journal: w.journal }, w.ctx))._unsafeUnwrap();
  return { w, report };
}

describe('resume from the journal', () => {
  it.each([
    ['a failover that passes', {}],
    ['a failover that fails validation and is compensated', { validationFails: true }],
  ] as const)(
    'after a crash at every journal record in turn, %s resumes to the uninterrupted result, repeating no side effect',
    async (_title, options) => {
      // Prepare: the uninterrupted run, as the reference.
      const { w: ref, report: expected } = await reference(options);
      const records = ref.journal.records.length;
      expect(records).toBeGreaterThanOrEqual(15);
      const callKey = (c: { operation: string; input?: unknown }) => `${c.operation} ${JSON.stringify(c.input)}`;
      const refCalls = ref.calls.mutating.map(callKey);
      let crashesMidStep = 0;

      for (let k = 0; k < records; k++) {
        const w = failoverWorld(options);

        // Act: the process dies right after record k is durable; a new one resumes.
        const crashed = await runRunbook(
          w.rb,
          { approver: autoApprove(), journal: w.journal, simulateCrash: (at) => 'record' in at && at.record.seq === k },
          w.ctx,
        );
        const crashedAt = crashed._unsafeUnwrapErr();
        const inFlight = inFlightAt(w.journal.records, k);
        const resumed = (await resumeRunbook(w.rb, w.journal, { approver: autoApprove() }, w.ctx))._unsafeUnwrap();

        // Assess: same outcome and outputs as the uninterrupted run …
        const at = `crash after record ${k} (${crashedAt.message})`;
        expect(crashedAt.kind, at).toBe('Aborted');
        expect(resumed.resumed, at).toBe(true);
        expect(essentials(resumed), at).toEqual(essentials(expected));
        // … identical to the millisecond when no step was running at the crash.
        if (inFlight === 0) expect(withoutJournal(resumed), at).toEqual(withoutJournal(expected));
        else crashesMidStep += 1;
        // … no call that changes something was made twice: with nothing in flight the calls are
        // exactly the reference's; a step cut off mid-way repeats its calls with the same
        // idempotency keys (so the provider hands back the same job), never a new one.
        const calls = w.calls.mutating.map(callKey);
        if (inFlight === 0) expect(calls, at).toEqual(refCalls);
        expect(new Set(calls), at).toEqual(new Set(refCalls));
        // … the same cloud: one restore job, the same routing changes, nothing left behind.
        expect(w.vault.jobs, at).toHaveLength(1);
        expect(
          w.router.applied.map((a) => a.weights),
          at,
        ).toEqual(ref.router.applied.map((a) => a.weights));
        expect(w.router.weights, at).toEqual(ref.router.weights);
        expect(w.web.capacity, at).toBe(ref.web.capacity);
        expect(w.calls.of('demote'), at).toHaveLength(ref.calls.of('demote').length);
        expect(w.calls.of('cleanup'), at).toHaveLength(1);
        expect(
          [...w.vault.resources.values()].filter((r) => !r.deleted),
          at,
        ).toEqual([]);
        expect(resumed.journal.verified, at).toBe(true);
      }
      expect(crashesMidStep).toBeGreaterThan(0);
    },
  );

  it('finds a restore job started before the crash again instead of starting a second one', async () => {
    // Prepare: crash when the 5-minute promotion ends, 33 minutes before the parallel restore would.
    const w = failoverWorld();
    const crashed = await runRunbook(
      w.rb,
      {
        approver: autoApprove(),
        journal: w.journal,
        simulateCrash: (at) => 'event' in at && at.event.type === 'step:finished' && at.event.step === 'promote-web',
      },
      w.ctx,
    );
    expect(crashed.isErr()).toBe(true);
    expect(w.vault.jobs).toHaveLength(1);

    // Act
    const resumed = (await resumeRunbook(w.rb, w.journal, { approver: autoApprove() }, w.ctx))._unsafeUnwrap();

    // Assess: the second startRestore used the same idempotency key and got the first job back.
    const starts = w.calls.of('startRestore').map((c) => (c.input as { idempotencyKey: string }).idempotencyKey);
    expect(starts).toHaveLength(2);
    expect(new Set(starts).size).toBe(1);
    expect(w.vault.jobs).toHaveLength(1);
    expect(resumed.status).toBe('passed');
    expect(resumed.outputs['restore-orders']?.jobId).toBe('job-1');
    // The restore's provider-side time is unchanged by the crash.
    expect(resumed.steps.find((s) => s.name === 'restore-orders')!.operations).toEqual([
      { name: 'restore job-1', startedAt: w.clock.startedAt, readyAt: w.clock.startedAt + min(38) },
    ]);
    // Promote-web finished before the crash: not run again.
    expect(w.calls.of('promote')).toHaveLength(1);
  });

  it('returns the report of a run that had finished, without calling anything', async () => {
    // Prepare
    const { w, report } = await reference({});
    const before = w.calls.list.length;

    // Act
    const resumed = (await resumeRunbook(w.rb, w.journal, {}, w.ctx))._unsafeUnwrap();

    // Assess
    expect(withoutJournal(resumed)).toEqual(withoutJournal(report));
    expect(w.calls.list).toHaveLength(before);
  });

  it('refuses a journal whose hash chain is broken, making no call', async () => {
    // Prepare: crash mid-run, then someone edits the journalled output of the restore.
    const w = failoverWorld();
    await runRunbook(
      w.rb,
      {
        approver: autoApprove(),
        journal: w.journal,
        simulateCrash: (at) => 'event' in at && at.event.type === 'step:finished' && at.event.step === 'restore-orders',
      },
      w.ctx,
    );
    const records = w.journal.records.map((r) =>
      r.step === 'restore-orders' && r.phase === 'end' ? { ...r, result: { resource: { id: 'prod-orders-db' } } } : r,
    );
    const tampered = memoryAuditSink(records);
    const before = w.calls.list.length;

    // Act
    const resumed = await resumeRunbook(w.rb, tampered, { approver: autoApprove() }, w.ctx);

    // Assess
    const error = resumed._unsafeUnwrapErr();
    expect(error.kind).toBe('Conflict');
    expect(error.message).toMatch(/hash chain is broken at record \d+/);
    expect(w.calls.list).toHaveLength(before);
  });

  it('refuses to resume with a runbook whose steps changed, or from a journal it cannot read', async () => {
    const { w } = await reference({});
    const changed = runbook('region-failover').step({ name: 'something-else', run: () => okAsync(1) });

    const mismatch = await resumeRunbook(changed, w.journal, {}, w.ctx);
    const unreadable = await resumeRunbook(w.rb, { append: async () => {} }, {}, w.ctx);
    const unknown = await resumeRunbook(
      runbook('never-ran').step({ name: 'x', run: () => okAsync(1) }),
      w.journal,
      {},
      w.ctx,
    );

    expect(mismatch._unsafeUnwrapErr()).toMatchObject({ kind: 'Conflict' });
    expect(unreadable._unsafeUnwrapErr()).toMatchObject({ kind: 'InvalidInput', problems: [{ path: 'journal' }] });
    expect(unknown._unsafeUnwrapErr()).toMatchObject({ kind: 'NotFound' });
  });

  it('keeps secrets out of the journal: such an output is recovered by running its step again, idempotently', async () => {
    // Prepare: a database user whose password must never be journalled; creating it is idempotent on a key.
    const users = new Map<string, { user: string; password: string }>();
    let creates = 0;
    const createUser = (ctx: DrContext & { idempotencyKey(): string }) => {
      creates += 1;
      const key = ctx.idempotencyKey();
      if (!users.has(key)) users.set(key, { user: 'app', password: `pw-${users.size + 1}-s3cr3t` });
      return okAsync(users.get(key)!);
    };
    const rb = runbook('rotate')
      .step({ name: 'create-user', run: (_in, ctx) => createUser(ctx) })
      .step({ name: 'wait', run: (_in, ctx) => sleep(min(10), ctx).map(() => 'waited') })
      .step({
        name: 'connect',
        run: ({ 'create-user': u }) =>
          u.password.startsWith('pw-1')
            ? okAsync(`connected as ${u.user}`)
            : errAsync(drError('AccessDenied', 'wrong password')),
      });
    const journal = memoryAuditSink();
    const { ctx } = testContext();
    await runRunbook(
      rb,
      {
        journal,
        simulateCrash: (at) => 'event' in at && at.event.type === 'step:started' && at.event.step === 'connect',
      },
      ctx,
    );

    // Act
    const resumed = (await resumeRunbook(rb, journal, {}, ctx))._unsafeUnwrap();

    // Assess
    expect(resumed.status).toBe('passed');
    expect(resumed.outputs.connect).toBe('connected as app');
    expect(users.size).toBe(1); // created once, found again by its key
    expect(creates).toBe(2);
    expect(JSON.stringify(journal.records)).not.toContain('s3cr3t');
    const end = journal.records.find((r) => r.step === 'create-user' && r.phase === 'end');
    expect(end?.attributes?.output).toBe('not-replayable');
  });
});
