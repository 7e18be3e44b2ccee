#!/usr/bin/env node
/**
 * `drkit-sim`: runs a piece of the simulated cloud on its own, for code outside this process.
 *
 * ```
 * drkit-sim atlas [--port N] [--topology seed|empty] [--seed S] [--speed X] [--start ISO]
 * ```
 *
 * Starts the Atlas Administration API emulator on 127.0.0.1, prints one JSON line
 * `{"baseUrl":"http://127.0.0.1:PORT/api/atlas","publicKey":…,"privateKey":…,"projectId":…}` on
 * stdout, and serves until SIGINT or SIGTERM. Nothing inside the process sleeps on the virtual
 * clock, so the binary moves virtual time itself: `--speed` virtual seconds per wall second
 * (default 60, so a 20-minute restore finishes in 20 s; 1 follows the wall clock). `--start`
 * sets the virtual start time (default 2026-11-22T03:00:00Z; `now` for the wall clock).
 *
 * @packageDocumentation
 */
import { parseArgs } from 'node:util';
import { VirtualClock } from '../time/VirtualClock';
import { startAtlasEmulator } from '../atlas/AtlasEmulator';

const USAGE = 'usage: drkit-sim atlas [--port N] [--topology seed|empty] [--seed S] [--speed X] [--start ISO|now]';

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        topology: { type: 'string' },
        seed: { type: 'string' },
        speed: { type: 'string' },
        start: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals[0] !== 'atlas' || positionals.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const problems: string[] = [];
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) problems.push('--port must be an integer from 0 to 65535');
  const topology = values.topology ?? 'seed';
  if (topology !== 'seed' && topology !== 'empty') problems.push('--topology must be "seed" or "empty"');
  const speed = values.speed === undefined ? 60 : Number(values.speed);
  if (!(speed > 0) || !Number.isFinite(speed)) problems.push('--speed must be a positive number');
  // real-time: `--start now` means the wall clock's now, the virtual clock's starting point.
  const start = values.start === 'now' ? Date.now() : values.start === undefined ? undefined : Date.parse(values.start);
  if (start !== undefined && Number.isNaN(start)) problems.push('--start must be an ISO-8601 time or "now"');
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n${USAGE}\n`);
    return 2;
  }

  const clock = new VirtualClock(start === undefined ? {} : { start });
  const started = await startAtlasEmulator({
    clock,
    port,
    topology: topology as 'seed' | 'empty',
    ...(values.seed !== undefined ? { seed: values.seed } : {}),
  });
  if (started.isErr()) {
    process.stderr.write(`drkit-sim: ${started.error.message}\n`);
    return 1;
  }
  const emulator = started.value;
  process.stdout.write(
    `${JSON.stringify({
      baseUrl: emulator.baseUrl,
      publicKey: emulator.publicKey,
      privateKey: emulator.privateKey,
      projectId: emulator.projectId,
    })}\n`,
  );
  process.stderr.write(
    `drkit-sim: Atlas emulator at ${emulator.baseUrl}, virtual time ${clock.date().toISOString()} (x${speed})\n`,
  );

  // Move virtual time with the wall clock, scaled.
  const tickMs = 100;
  const ticker = setInterval(() => void clock.advance(tickMs * speed), tickMs);
  return new Promise<number>((resolve) => {
    const stop = () => {
      clearInterval(ticker);
      void emulator.close().then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`drkit-sim: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
