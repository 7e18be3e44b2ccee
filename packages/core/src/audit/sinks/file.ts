import { mkdir, open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { AuditRecord, AuditSink } from '../types';

/** An {@link AuditSink} writing JSON lines to a local file. */
export interface FileAuditSink extends AuditSink {
  /** The absolute path of the file. */
  readonly path: string;
  /** Parses every record in the file (see {@link fileAuditSink} for torn last lines). */
  read(): Promise<readonly AuditRecord[]>;
  /** Closes the file. A later append opens it again. */
  close(): Promise<void>;
}

/**
 * An audit sink that appends one JSON line per record to a file, and resolves an append only
 * after the line is written and `fsync`ed: once a wrapped call has returned, its `end` record
 * survives a crash of the process (or the machine).
 *
 * A line cut short by a crash in the middle of a write was never acknowledged, so it holds no
 * finished call: `read()` ignores it, and the first append of a new sink on the file cuts it
 * off before writing. A new sink on an existing file continues its chain. Use one sink per
 * file per process; two processes must not append to the same file.
 *
 * @example
 * ```ts
 * const sink = fileAuditSink('/var/lib/drkit/audit.jsonl');
 * const audited = withAuditLog(restorePoint, { sink, actor: 'weekly-restore-test' });
 * await audited(source, options, ctx);
 * verifyAuditLog(await sink.read()); // { ok: true, count: … }
 * ```
 */
export function fileAuditSink(path: string): FileAuditSink {
  const file = resolve(path);
  let handle: Promise<FileHandle> | undefined;
  // One operation at a time, in call order; never rejects.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const next = queue.then(op);
    queue = next.catch(() => undefined);
    return next;
  };

  const openForAppend = async (): Promise<FileHandle> => {
    await mkdir(dirname(file), { recursive: true });
    const existing = await readFile(file).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (existing && existing.length > 0 && existing[existing.length - 1] !== 0x0a) {
      await truncate(file, existing.lastIndexOf(0x0a) + 1);
    }
    const fh = await open(file, 'a');
    if (!existing) await syncDirectory(dirname(file));
    return fh;
  };

  return {
    path: file,
    append: (record) =>
      serial(async () => {
        handle ??= openForAppend();
        let fh: FileHandle;
        try {
          fh = await handle;
        } catch (e) {
          handle = undefined;
          throw e;
        }
        await fh.write(`${JSON.stringify(record)}\n`);
        await fh.sync();
      }),
    read: () =>
      serial(async () => {
        const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
          if (e.code === 'ENOENT') return '';
          throw e;
        });
        return parseJsonLines(text, file);
      }),
    close: () =>
      serial(async () => {
        const current = handle;
        handle = undefined;
        if (current) await (await current.catch(() => undefined))?.close();
      }),
  };
}

function parseJsonLines(text: string, file: string): AuditRecord[] {
  const lines = text.split('\n');
  // The piece after the last newline is empty, or a line torn by a crash mid-write.
  lines.pop();
  const records: AuditRecord[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      records.push(JSON.parse(line) as AuditRecord);
    } catch {
      throw new Error(`${file}:${i + 1}: not a JSON audit record`);
    }
  });
  return records;
}

/** Makes a newly created file's directory entry durable too (where the platform allows). */
async function syncDirectory(dir: string): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // Windows and some file systems cannot open or fsync a directory; the file itself is synced.
  } finally {
    await fh?.close().catch(() => undefined);
  }
}
