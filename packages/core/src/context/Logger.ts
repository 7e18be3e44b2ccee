/**
 * The logger shape drkit writes to: the same as the Powertools for AWS Lambda `Logger`
 * (`info/warn/error/debug` with a message and structured attributes), so a Lambda can pass
 * its Powertools logger straight in.
 */
export interface Logger {
  debug(message: string, ...attributes: Record<string, unknown>[]): void;
  info(message: string, ...attributes: Record<string, unknown>[]): void;
  warn(message: string, ...attributes: Record<string, unknown>[]): void;
  error(message: string, ...attributes: Record<string, unknown>[]): void;
}

/** Log levels in increasing severity. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/**
 * A logger that writes one JSON line per entry to stderr (stdout is left to reports and EMF).
 *
 * @example
 * ```ts
 * const logger = consoleLogger({ level: 'debug', service: 'restore-test' });
 * logger.info('restore started', { jobId: 'abc' });
 * ```
 */
export function consoleLogger(
  options: { level?: LogLevel; service?: string; write?: (line: string) => void } = {},
): Logger {
  const min = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const emit =
    (level: Exclude<LogLevel, 'silent'>) =>
    (message: string, ...attributes: Record<string, unknown>[]) => {
      if (ORDER[level] < min) return;
      const entry: Record<string, unknown> = {
        level: level.toUpperCase(),
        message,
        ...(options.service ? { service: options.service } : {}),
      };
      for (const a of attributes) Object.assign(entry, a);
      write(JSON.stringify(entry, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/**
 * A logger that discards everything.
 *
 * @example
 * ```ts
 * await restorePoint(source, options, { logger: silentLogger });
 * ```
 */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
