import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { okAsync } from 'neverthrow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  canonicalJson,
  fileAuditSink,
  GENESIS_HASH,
  hashRecord,
  memoryAuditSink,
  verifyAuditLog,
  withAuditLog,
  type AuditRecord,
} from '../../src/index';
import { tempDir } from './helpers';

/** A journal of `calls` wrapped calls (two records each) in a memory sink. */
async function journal(calls: number): Promise<AuditRecord[]> {
  const sink = memoryAuditSink();
  const step = withAuditLog((n: number) => okAsync({ n }), { sink, actor: 'ops', step: 'restore' });
  for (let i = 0; i < calls; i++) await step(i);
  return [...sink.records];
}

/** Rewrites a record's content and gives it a hash that matches the new content. */
function forge(record: AuditRecord, changes: Partial<AuditRecord>): AuditRecord {
  const edited = { ...record, ...changes };
  return { ...edited, hash: hashRecord(edited) };
}

describe('canonicalJson', () => {
  it('sorts keys at every level and writes no whitespace', () => {
    expect(canonicalJson({ b: [1, { d: 2, c: 'x' }], a: null })).toBe('{"a":null,"b":[1,{"c":"x","d":2}]}');
  });

  it('gives the same text for equal data whatever the key order, as JSON.stringify would drop undefined', () => {
    expect(canonicalJson({ x: 1, y: undefined, z: { q: 2, p: 1 } })).toBe(canonicalJson({ z: { p: 1, q: 2 }, x: 1 }));
  });
});

describe('verifyAuditLog', () => {
  let records: AuditRecord[];
  beforeEach(async () => {
    records = await journal(5); // 10 records
  });

  it('accepts an untouched journal, whose first record links to the genesis hash', () => {
    expect(verifyAuditLog(records)).toEqual({ ok: true, count: 10 });
    expect(records[0]!.prevHash).toBe(GENESIS_HASH);
    expect(records.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('accepts an empty journal', () => {
    expect(verifyAuditLog([])).toEqual({ ok: true, count: 0 });
  });

  it('names an edited record', () => {
    const tampered = records.map((r, i) => (i === 4 ? { ...r, actor: 'mallory' } : r));
    expect(verifyAuditLog(tampered)).toMatchObject({ ok: false, index: 4, reason: expect.stringMatching(/edited/) });
  });

  it('names the record after one that was edited and re-hashed', () => {
    const tampered = records.map((r, i) => (i === 4 ? forge(r, { outcome: 'failed' }) : r));
    expect(verifyAuditLog(tampered)).toMatchObject({ ok: false, index: 5, reason: expect.stringMatching(/link/) });
  });

  it('names the position of a deleted record', () => {
    const tampered = records.filter((_, i) => i !== 3);
    expect(verifyAuditLog(tampered)).toMatchObject({ ok: false, index: 3, reason: expect.stringMatching(/seq/) });
  });

  it('names the position of a deleted first record', () => {
    expect(verifyAuditLog(records.slice(1))).toMatchObject({ ok: false, index: 0 });
  });

  it('names the position of an inserted record', () => {
    const inserted = forge(records[2]!, { step: 'drop-database' });
    const tampered = [...records.slice(0, 6), inserted, ...records.slice(6)];
    expect(verifyAuditLog(tampered)).toMatchObject({ ok: false, index: 6 });
  });

  it('names the record after an insertion forged with the right seq and links', () => {
    const fake = forge(records[6]!, { step: 'drop-database' });
    const tampered = [...records.slice(0, 6), fake, ...records.slice(6)];
    expect(verifyAuditLog(tampered)).toMatchObject({ ok: false, index: 7 });
  });

  it('names the first of two swapped records', () => {
    const tampered = [...records];
    [tampered[7], tampered[8]] = [tampered[8]!, tampered[7]!];
    expect(verifyAuditLog(tampered)).toMatchObject({ ok: false, index: 7 });
  });

  it('names the first of two swapped records even when their seq were swapped back and re-hashed', () => {
    const a = records[7]!;
    const b = records[8]!;
    const tampered = [...records.slice(0, 7), forge(b, { seq: 7 }), forge(a, { seq: 8 }), ...records.slice(9)];
    expect(verifyAuditLog(tampered)).toMatchObject({ ok: false, index: 7, reason: expect.stringMatching(/link/) });
  });

  it('detects a cut-off tail only against a head kept elsewhere', () => {
    const head = { seq: 9, hash: records[9]!.hash };
    const cut = records.slice(0, 8);
    expect(verifyAuditLog(cut)).toEqual({ ok: true, count: 8 });
    expect(verifyAuditLog(cut, { head })).toMatchObject({
      ok: false,
      index: 8,
      reason: expect.stringMatching(/truncated/),
    });
    expect(verifyAuditLog(records, { head })).toEqual({ ok: true, count: 10 });
  });

  it('rejects entries that are not records', () => {
    expect(verifyAuditLog([records[0], 'garbage'])).toMatchObject({ ok: false, index: 1 });
  });
});

describe('a truncated journal file appended to afterwards', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(() => cleanup());

  it('is reported at the first record appended after the cut', async () => {
    // Prepare: 5 calls journalled, then someone cuts the file after its 6th line.
    const path = join(dir, 'audit.jsonl');
    const sink = fileAuditSink(path);
    const step = withAuditLog((n: number) => okAsync(n), { sink, actor: 'ops', step: 'restore' });
    for (let i = 0; i < 5; i++) await step(i);
    const lines = (await readFile(path, 'utf8')).split('\n').filter(Boolean);
    await writeFile(path, lines.slice(0, 6).join('\n') + '\n');

    // Act: the running writer keeps journalling.
    await step(5);

    // Assess
    const check = verifyAuditLog(await sink.read());
    await sink.close();
    expect(check).toMatchObject({ ok: false, index: 6, reason: expect.stringMatching(/seq is 10/) });
  });

  it('is continued validly by a new writer (only a kept head reveals the cut)', async () => {
    const path = join(dir, 'audit.jsonl');
    const first = fileAuditSink(path);
    const step1 = withAuditLog((n: number) => okAsync(n), { sink: first, actor: 'ops', step: 'restore' });
    for (let i = 0; i < 5; i++) await step1(i);
    await first.close();
    const all = await first.read();
    const head = { seq: 9, hash: all[9]!.hash };
    const lines = (await readFile(path, 'utf8')).split('\n').filter(Boolean);
    await writeFile(path, lines.slice(0, 6).join('\n') + '\n');

    const second = fileAuditSink(path);
    const step2 = withAuditLog((n: number) => okAsync(n), { sink: second, actor: 'ops', step: 'restore' });
    await step2(99);
    const records = await second.read();
    await second.close();

    expect(verifyAuditLog(records)).toEqual({ ok: true, count: 8 });
    expect(verifyAuditLog(records, { head })).toMatchObject({ ok: false, index: 8 });
  });
});
