import { join } from 'node:path';
import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  drError,
  fileAuditSink,
  isAuditAppendFailed,
  memoryAuditSink,
  resolveContext,
  verifyAuditLog,
  withAuditLog,
  type AuditRecord,
  type AuditSink,
  type DrContextInput,
  type DrError,
} from '../../src/index';
import { manualClock, tempDir } from './helpers';

interface RestoreOptions {
  vault: string;
  password: string;
}

/** A ResultAsync primitive in drkit's shape: (port, options, ctx). */
function restorePoint(
  source: string,
  options: RestoreOptions,
  ctx: DrContextInput,
): ResultAsync<{ jobId: string }, DrError> {
  const clock = ctx.clock!;
  return ResultAsync.fromSafePromise(clock.sleep(40 * 60_000)).andThen(() =>
    options.vault === 'missing'
      ? errAsync(drError('NotFound', `no vault ${options.vault}`, { resource: options.vault }))
      : okAsync({ jobId: `job-${source}` }),
  );
}

describe('withAuditLog around a ResultAsync function', () => {
  it('returns the same result and journals a start and an end record from the context', async () => {
    // Prepare
    const sink = memoryAuditSink();
    const clock = manualClock();
    const ctx = resolveContext({ clock, runId: 'weekly-restore-2026-11-22' });
    const audited = withAuditLog(restorePoint, { sink, actor: 'restore-test-lambda' });

    // Act
    const result = await audited('rp-1', { vault: 'dr-vault', password: 'hunter2hunter2' }, ctx);

    // Assess
    expect(result._unsafeUnwrap()).toEqual({ jobId: 'job-rp-1' });
    const [start, end] = sink.records;
    expect(start).toMatchObject({
      seq: 0,
      runId: 'weekly-restore-2026-11-22',
      step: 'restorePoint',
      actor: 'restore-test-lambda',
      phase: 'start',
      at: '2026-11-22T03:00:00.000Z',
      input: ['rp-1', { vault: 'dr-vault', password: '[REDACTED]' }],
    });
    expect(end).toMatchObject({
      seq: 1,
      phase: 'end',
      callId: start!.callId,
      at: '2026-11-22T03:40:00.000Z',
      durationMs: 40 * 60_000,
      outcome: 'succeeded',
      result: { jobId: 'job-rp-1' },
    });
    expect(verifyAuditLog(sink.records)).toEqual({ ok: true, count: 2 });
  });

  it('journals a failure with its kind, message and retryable, and returns the same error', async () => {
    const sink = memoryAuditSink();
    const audited = withAuditLog(restorePoint, { sink, actor: 'ops' });

    const result = await audited('rp-1', { vault: 'missing', password: 'x' }, { clock: manualClock(), runId: 'r1' });

    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: 'NotFound', resource: 'missing' });
    expect(sink.records[1]).toMatchObject({
      outcome: 'failed',
      error: { kind: 'NotFound', message: 'no vault missing', retryable: false },
    });
    expect(sink.records[1]).not.toHaveProperty('result');
  });

  it('keeps ResultAsync chaining on the wrapped function', async () => {
    const sink = memoryAuditSink();
    const audited = withAuditLog(restorePoint, { sink, actor: 'ops', step: 'restore-db' });

    const jobId = await audited('rp-9', { vault: 'v', password: 'p' }, { clock: manualClock() })
      .map((r) => r.jobId)
      .unwrapOr('none');

    expect(jobId).toBe('job-rp-9');
    expect(sink.records.map((r) => r.step)).toEqual(['restore-db', 'restore-db']);
  });

  it('takes its sink from the context when none is given', async () => {
    const sink = memoryAuditSink();
    const audited = withAuditLog(restorePoint, { actor: 'ops' });

    await audited('rp-1', { vault: 'v', password: 'p' }, { clock: manualClock(), audit: sink, dryRun: true });

    expect(sink.records).toHaveLength(2);
    expect(sink.records[0]!.attributes).toEqual({ dryRun: true });
  });

  it('records what summarize keeps of the result', async () => {
    const sink = memoryAuditSink();
    const audited = withAuditLog(restorePoint, {
      sink,
      actor: 'ops',
      summarize: (r, [source]) => ({ job: r.jobId, source }),
    });

    await audited('rp-1', { vault: 'v', password: 'p' }, { clock: manualClock() });

    expect(sink.records[1]!.result).toEqual({ job: 'job-rp-1', source: 'rp-1' });
  });

  it('reports bad options as InvalidInput listing every problem, without calling the function', async () => {
    let calls = 0;
    const audited = withAuditLog(
      () => {
        calls++;
        return okAsync(1);
      },
      { actor: ' ' },
    );

    const result = await audited();

    expect(result._unsafeUnwrapErr()).toMatchObject({
      kind: 'InvalidInput',
      problems: [{ path: 'options.actor' }, { path: 'options.step' }, { path: 'options.sink' }],
    });
    expect(calls).toBe(0);
  });
});

describe('the start record', () => {
  it('is in the sink before an async function runs', async () => {
    const sink = memoryAuditSink();
    const seen: string[] = [];
    const audited = withAuditLog(
      async function promote() {
        seen.push(...sink.records.map((r) => r.phase));
      },
      { sink, actor: 'ops' },
    );

    await audited();

    expect(seen).toEqual(['start']);
  });

  it('is in the sink before a ResultAsync function runs, from its second call on', async () => {
    const sink = memoryAuditSink();
    const seen: number[] = [];
    const audited = withAuditLog(
      function shift() {
        seen.push(sink.records.length);
        return okAsync('shifted');
      },
      { sink, actor: 'ops' },
    );

    await audited();
    await audited();

    expect(seen[1]).toBe(3);
    expect(sink.records.map((r) => r.phase)).toEqual(['start', 'end', 'start', 'end']);
  });
});

describe('withAuditLog around a Promise function', () => {
  it('resolves with the value, using options.runId and the function name', async () => {
    const sink = memoryAuditSink();
    const audited = withAuditLog(
      async function putParameter(name: string, value: string) {
        return { name, value, version: 3 };
      },
      { sink, actor: 'failover-lambda', runId: 'failover-42' },
    );

    const out = await audited('/app/db-endpoint', 'standby.internal');

    expect(out).toEqual({ name: '/app/db-endpoint', value: 'standby.internal', version: 3 });
    expect(sink.records.map((r) => [r.step, r.runId, r.phase, r.outcome])).toEqual([
      ['putParameter', 'failover-42', 'start', undefined],
      ['putParameter', 'failover-42', 'end', 'succeeded'],
    ]);
    expect(sink.records[0]!.input).toEqual(['/app/db-endpoint', 'standby.internal']);
  });

  it('rejects with what the function threw, after journalling it (redacted)', async () => {
    const sink = memoryAuditSink();
    const boom = Object.assign(new Error('cannot reach mongodb://app:S3cr3tPassw0rd@db.internal:27017'), {
      name: 'MongoNetworkError',
    });
    const audited = withAuditLog(
      async function connect() {
        throw boom;
      },
      { sink, actor: 'ops' },
    );

    await expect(audited()).rejects.toBe(boom);

    expect(sink.records[1]!.error).toEqual({
      kind: 'MongoNetworkError',
      message: 'cannot reach mongodb://[REDACTED]@db.internal:27017',
      retryable: false,
    });
  });

  it('also wraps a non-async function that returns a Promise (it learns the shape on the first call)', async () => {
    const sink = memoryAuditSink();
    const send = (n: number) => Promise.resolve(n * 2);
    const audited = withAuditLog(send, { sink, actor: 'ops' });

    expect(await audited(1)).toBe(2);
    expect(await audited(2)).toBe(4);
    expect(verifyAuditLog(sink.records)).toEqual({ ok: true, count: 4 });
  });

  it('generates a fresh run id per call when neither a context nor options give one', async () => {
    const sink = memoryAuditSink();
    const audited = withAuditLog(async function noop() {}, { sink, actor: 'ops' });

    await audited();
    await audited();

    const runIds = sink.records.map((r) => r.runId);
    expect(runIds[0]).toMatch(/^run-/);
    expect(runIds[0]).toBe(runIds[1]);
    expect(runIds[2]).not.toBe(runIds[0]);
  });
});

/** A memory sink whose appends fail when `failing(record)` says so; failed records are not kept. */
function flakySink(failing: (r: AuditRecord) => boolean): AuditSink & { inner: ReturnType<typeof memoryAuditSink> } {
  const inner = memoryAuditSink();
  return {
    inner,
    append: async (record) => {
      if (failing(record)) throw new Error('disk full');
      await inner.append(record);
    },
    read: () => inner.read(),
  };
}

describe('when the journal cannot be written', () => {
  it('reports an end-record failure as ProviderError "audit", carrying the call\'s own result', async () => {
    const sink = flakySink((r) => r.phase === 'end');
    const audited = withAuditLog(restorePoint, { sink, actor: 'ops' });

    const result = await audited('rp-1', { vault: 'v', password: 'p' }, { clock: manualClock() });

    const error = result._unsafeUnwrapErr();
    expect(error).toMatchObject({
      kind: 'ProviderError',
      provider: 'audit',
      operation: 'append',
      code: 'EndRecordNotWritten',
      callMade: true,
      retryable: false,
    });
    expect(isAuditAppendFailed(error)).toBe(true);
    if (!isAuditAppendFailed(error)) return;
    expect(error.callResult?._unsafeUnwrap()).toEqual({ jobId: 'job-rp-1' });
    expect(error.message).toMatch(/the call was made and succeeded/);
    expect(JSON.stringify(error)).not.toContain('job-rp-1');
  });

  it('rejects a Promise call the same way', async () => {
    const sink = flakySink((r) => r.phase === 'end');
    const audited = withAuditLog(
      async function step() {
        return 'value';
      },
      { sink, actor: 'ops' },
    );

    const rejection: unknown = await audited().then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(isAuditAppendFailed(rejection)).toBe(true);
    if (isAuditAppendFailed(rejection)) expect(rejection.callResult?._unsafeUnwrap()).toBe('value');
  });

  it('does not call an async function whose start record failed, and says it may be retried', async () => {
    let calls = 0;
    const sink = flakySink((r) => r.phase === 'start');
    const audited = withAuditLog(
      async function promote() {
        calls++;
      },
      { sink, actor: 'ops' },
    );

    await expect(audited()).rejects.toMatchObject({ code: 'StartRecordNotWritten', callMade: false, retryable: true });
    expect(calls).toBe(0);
  });

  it('continues a valid chain once the sink recovers', async () => {
    let failures = 1;
    const sink = flakySink(() => failures-- > 0);
    const audited = withAuditLog(
      async function step(n: number) {
        return n;
      },
      { sink, actor: 'ops' },
    );

    await expect(audited(1)).rejects.toMatchObject({ provider: 'audit' });
    await expect(audited(2)).resolves.toBe(2);

    expect(verifyAuditLog(sink.inner.records)).toEqual({ ok: true, count: 2 });
  });
});

describe('concurrent calls over one sink', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(() => cleanup());

  it.each(['memory', 'file'] as const)('keep one valid chain in a %s sink across 200 calls', async (kind) => {
    // Prepare
    const sink = kind === 'memory' ? memoryAuditSink() : fileAuditSink(join(dir, 'audit.jsonl'));
    const clock = manualClock();
    const auditedResult = withAuditLog(
      (n: number, ctx: DrContextInput) => ResultAsync.fromSafePromise(ctx.clock!.sleep(n % 7)).map(() => n),
      { sink, actor: 'ops', step: 'check' },
    );
    const auditedPromise = withAuditLog(
      async function probe(n: number) {
        await new Promise((r) => setImmediate(r));
        if (n % 10 === 1) throw new Error(`probe ${n} failed`);
        return n;
      },
      { sink, actor: 'ops' },
    );

    // Act
    const settled = await Promise.allSettled(
      Array.from({ length: 200 }, (_, n) =>
        n % 2 === 0 ? auditedResult(n, { clock, runId: 'r' }).then((r) => r._unsafeUnwrap()) : auditedPromise(n),
      ),
    );

    // Assess
    const records = await sink.read();
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(200 - 20);
    expect(verifyAuditLog(records)).toEqual({ ok: true, count: 400 });
    const byCall = new Map<string, AuditRecord[]>();
    for (const r of records) byCall.set(r.callId, [...(byCall.get(r.callId) ?? []), r]);
    expect(byCall.size).toBe(200);
    for (const pair of byCall.values()) expect(pair.map((r) => r.phase)).toEqual(['start', 'end']);
    if ('close' in sink) await sink.close();
  });

  it('resumes the chain of an existing file with a new sink', async () => {
    const path = join(dir, 'audit.jsonl');
    const first = fileAuditSink(path);
    await withAuditLog(async function a() {}, { sink: first, actor: 'ops' })();
    await first.close();

    const second = fileAuditSink(path);
    await withAuditLog(async function b() {}, { sink: second, actor: 'ops' })();
    const records = await second.read();
    await second.close();

    expect(records.map((r) => `${r.seq}:${r.step}`)).toEqual(['0:a', '1:a', '2:b', '3:b']);
    expect(verifyAuditLog(records)).toEqual({ ok: true, count: 4 });
  });
});
