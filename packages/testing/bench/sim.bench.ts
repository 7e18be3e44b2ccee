/**
 * Per-call overhead of the simulated AWS transport, against the usual way to stub a call.
 *
 * Measures, in one run, `GetParameter` through a real `SSMClient`:
 * - simulated: the whole SDK middleware stack plus the simulation kernel (validation, faults,
 *   quota, recorder, output conformance), with and without the default 30 ms virtual latency;
 * - canned HTTP: the whole SDK stack with a request handler that returns a canned response
 *   (what the SDK itself costs);
 * - aws-sdk-client-mock: `send` stubbed, no middleware at all.
 *
 * Run: `pnpm --filter @drkit/testing bench`.
 */
import { performance } from 'node:perf_hooks';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { HttpResponse } from '@smithy/protocol-http';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { createSimulatedCloud } from '../src/aws/SimulatedCloud';
import { ssmService } from '../src/aws/ssm';

const CALLS = Number(process.env.BENCH_CALLS ?? 1000);
const WARMUP = 200;
const command = new GetParameterCommand({ Name: '/bench/endpoint' });

async function timePerCall(label: string, send: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await send();
  const t0 = performance.now();
  for (let i = 0; i < CALLS; i++) await send();
  const perCall = ((performance.now() - t0) * 1000) / CALLS;
  console.log(`${label.padEnd(44)} ${perCall.toFixed(1).padStart(8)} µs/call`);
  return perCall;
}

async function simulated(callLatencyMs: number): Promise<() => Promise<unknown>> {
  const cloud = createSimulatedCloud({ services: [ssmService], callLatencyMs });
  const ssm = cloud.client(SSMClient);
  await ssm.send(new PutParameterCommand({ Name: '/bench/endpoint', Value: 'https://a', Type: 'String' }));
  return () => ssm.send(command);
}

function cannedHttp(): () => Promise<unknown> {
  const body = JSON.stringify({
    Parameter: { Name: '/bench/endpoint', Type: 'String', Value: 'https://a', Version: 1 },
  });
  const ssm = new SSMClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' },
    requestHandler: {
      handle: () =>
        Promise.resolve({
          response: new HttpResponse({
            statusCode: 200,
            headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'bench' },
            body: Readable.from([Buffer.from(body)]),
          }),
        }),
    },
  });
  return () => ssm.send(command);
}

function clientMock(): () => Promise<unknown> {
  const ssm = new SSMClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' },
  });
  mockClient(ssm)
    .on(GetParameterCommand)
    .resolves({ Parameter: { Name: '/bench/endpoint', Type: 'String', Value: 'https://a', Version: 1 } });
  return () => ssm.send(command);
}

const ROUNDS = 3;
console.log(
  `GetParameter through a real SSMClient: ${CALLS} sequential calls after ${WARMUP} warm-up, best of ${ROUNDS} interleaved rounds\n`,
);
const variants: Array<[string, () => Promise<() => Promise<unknown>>]> = [
  ['aws-sdk-client-mock (send stubbed)', () => Promise.resolve(clientMock())],
  ['SDK stack + canned HTTP response', () => Promise.resolve(cannedHttp())],
  ['simulated transport, 0 ms virtual latency', () => simulated(0)],
  ['simulated transport, 30 ms virtual latency', () => simulated(30)],
];
const best = new Map<string, number>();
for (let round = 1; round <= ROUNDS; round++) {
  console.log(`round ${round}`);
  for (const [label, make] of variants) {
    const perCall = await timePerCall(label, await make());
    best.set(label, Math.min(best.get(label) ?? Infinity, perCall));
  }
}
const [mock, canned, sim0, sim30] = variants.map(([label]) => best.get(label)!) as [number, number, number, number];
console.log('');
console.log(
  `best: mock ${mock.toFixed(1)} µs, canned HTTP ${canned.toFixed(1)} µs, simulated ${sim0.toFixed(1)} µs (0 ms) / ${sim30.toFixed(1)} µs (30 ms)`,
);
console.log(`simulated (0 ms) / aws-sdk-client-mock:  ${(sim0 / mock).toFixed(1)}×`);
console.log(`simulated (30 ms) / aws-sdk-client-mock: ${(sim30 / mock).toFixed(1)}×`);
console.log(
  `simulated (0 ms) / canned HTTP:          ${(sim0 / canned).toFixed(2)}× (the kernel against the SDK's own HTTP path)`,
);
