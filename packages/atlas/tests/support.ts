import { RateLimiterRegistry, memoryMetrics, type DrContextInput, type Logger } from '@drkit/core';
import { SeededRandom, startAtlasEmulator, type AtlasEmulator, type AtlasEmulatorOptions } from '@drkit/testing';
import { atlasClient, type AtlasClient, type AtlasClientConfig } from '../src/index';

/** One log call as a capturing logger saw it. */
export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly attributes: Record<string, unknown>[];
}

/** A logger that keeps every line (all levels), for assertions about what was logged. */
export function capturingLogger(): Logger & { readonly lines: LogLine[]; text(): string } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (message: string, ...attributes: Record<string, unknown>[]) =>
      lines.push({ level, message, attributes });
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => JSON.stringify(lines),
  };
}

/** A running emulator, an API-key client on it (its own rate-limit registry), and a context on its clock. */
export interface Atlas {
  readonly emulator: AtlasEmulator;
  readonly client: AtlasClient;
  readonly logger: ReturnType<typeof capturingLogger>;
  /** A context for run `runId` on the emulator's virtual clock. */
  ctx(runId?: string, extra?: DrContextInput): DrContextInput & { runId: string };
  /** A config for another client on the same emulator (same project, API key). */
  config(extra?: Partial<AtlasClientConfig>): AtlasClientConfig;
}

/** Starts the Atlas emulator (seed topology: `jobs-prod` in US_EAST_1 with DR region US_WEST_2). */
export async function startAtlas(options: AtlasEmulatorOptions = {}): Promise<Atlas> {
  const emulator = (await startAtlasEmulator(options))._unsafeUnwrap();
  const logger = capturingLogger();
  const random = new SeededRandom('atlas-tests');
  const config = (extra: Partial<AtlasClientConfig> = {}): AtlasClientConfig => ({
    baseUrl: `${emulator.baseUrl}/v2`,
    projectId: emulator.projectId,
    credentials: { apiKey: { publicKey: emulator.publicKey, privateKey: emulator.privateKey } },
    // Each test its own budget: the default registry is process-wide.
    rateLimits: new RateLimiterRegistry(),
    ...extra,
  });
  return {
    emulator,
    client: atlasClient(config()),
    logger,
    config,
    ctx: (runId = 'run-atlas-test', extra = {}) => ({
      clock: emulator.clock,
      runId,
      logger,
      metrics: memoryMetrics(),
      random: () => random.next(),
      ...extra,
    }),
  };
}

/** Atlas calls the emulator recorded (the digest challenge leg is not recorded). */
export function atlasCalls(emulator: AtlasEmulator, operation?: RegExp) {
  return emulator.recorder.calls({ service: 'atlas', ...(operation ? { operation } : {}) });
}

export const MIN = 60_000;
export const DAY = 86_400_000;
