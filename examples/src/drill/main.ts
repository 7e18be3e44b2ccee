// Interim main job: exercises @drkit/core on the simulated cloud's virtual clock until the
// scenario drills land (issue 7). Prints what it did.
import { formatDuration, parseDuration, resolveContext } from '@drkit/core';
import { VirtualClock } from '@drkit/testing';

const clock = new VirtualClock({ start: '2026-11-22T03:00:00Z' });
const ctx = resolveContext({ clock, runId: 'drill-smoke', logger: undefined });
const rto = parseDuration('1h');
const rpo = parseDuration('PT15M');
if (rto.isErr() || rpo.isErr()) {
  process.exitCode = 1;
} else {
  const wall = performance.now();
  const t0 = ctx.clock.now();
  await ctx.clock.sleep(40 * 60_000); // a 40-minute restore on virtual time
  await ctx.clock.sleep(60_000); // a 60-second DNS propagation
  const took = ctx.clock.now() - t0;
  console.log(`drill (smoke): objectives RTO ${formatDuration(rto.value)}, RPO ${formatDuration(rpo.value)}`);
  console.log(
    `virtual restore + propagation took ${formatDuration(took)} in ${(performance.now() - wall).toFixed(0)} ms of wall time`,
  );
  console.log(took <= rto.value ? 'within RTO: passed' : 'RTO exceeded: failed');
}
