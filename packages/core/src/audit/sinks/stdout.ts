import type { AuditSink } from '../types';

/**
 * An audit sink that writes each record as one JSON line, by default to stdout: in a Lambda
 * function that is what CloudWatch Logs ingests, one log event per line.
 *
 * It cannot read records back, so each process starts its own chain at `seq` 0. A Lambda
 * execution environment writes to its own log stream, so verify one log stream at a time
 * (e.g. `aws logs get-log-events`, parse each line, `verifyAuditLog`).
 *
 * @example
 * ```ts
 * const audited = withAuditLog(promoteStandby, { sink: stdoutAuditSink(), actor: 'failover-lambda' });
 * // tests: capture the lines instead
 * const lines: string[] = [];
 * const sink = stdoutAuditSink((line) => lines.push(line));
 * ```
 */
export function stdoutAuditSink(write?: (line: string) => void | Promise<void>): AuditSink {
  const emit =
    write ??
    ((line: string) =>
      new Promise<void>((resolve, reject) => {
        process.stdout.write(`${line}\n`, (error) => (error ? reject(error) : resolve()));
      }));
  return {
    append: async (record) => {
      await emit(JSON.stringify(record));
    },
  };
}
