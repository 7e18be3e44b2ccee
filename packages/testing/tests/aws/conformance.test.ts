import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSimulatedCloud } from '../../src/aws/SimulatedCloud';
import { SIMULATED_SERVICES, type AnySimServiceDefinition } from '../../src/aws/registry';
import { SIM_MODELS } from '../../src/aws/models';
import { validationErrorName, type CompactModel } from '../../src/aws/kernel/model';
import { sdkModuleFor } from '../../src/aws/kernel/sdkErrors';
import type { SdkClientLike } from '../../src/aws/kernel/transport';
import type { ConformanceCall, ConformanceFixture } from './conformance/types';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixturesDir = path.join(here, 'conformance');
const fixtures = new Map<string, ConformanceFixture>();
for (const file of readdirSync(fixturesDir).filter((f) => f.endsWith('.fixtures.ts'))) {
  const mod = (await import(pathToFileURL(path.join(fixturesDir, file)).href)) as { default: ConformanceFixture };
  fixtures.set(mod.default.service, mod.default);
}
const sharedModels = process.env.AWS_MODELS_DIR ?? path.resolve(here, '../../../../../shared/aws-models');

/** Errors any operation of a service may answer besides its modeled ones. */
const COMMON_ERRORS = new Set([
  'ValidationException',
  'ValidationError',
  'InvalidInput',
  'ThrottlingException',
  'Throttling',
  'AccessDeniedException',
  'InvalidParameterValue',
  'InvalidParameterValueException',
  'InvalidParameterCombination',
  'InvalidParameterCombinationException',
  'InvalidParameterException',
  'MissingParameter',
  'MissingRequiredParameterException',
  'InternalFailure',
  'ServiceUnavailable',
]);

type SdkCtor = new (input: unknown) => unknown;
interface SdkSender {
  send(command: unknown): Promise<unknown>;
}

async function sender(cloud: ReturnType<typeof createSimulatedCloud>, def: AnySimServiceDefinition, region?: string) {
  const sdk = await sdkModuleFor(def.clientName);
  if (!sdk) throw new Error(`no SDK package known for ${def.clientName}`);
  const Client = sdk[def.clientName] as new (config: { region?: string }) => SdkClientLike;
  const client = cloud.client(Client, region ? { region } : {}) as unknown as SdkSender;
  return (call: Pick<ConformanceCall, 'operation' | 'input'>) => {
    const Command = sdk[`${call.operation}Command`] as SdkCtor | undefined;
    if (!Command) throw new Error(`${def.clientName} package has no ${call.operation}Command`);
    return client.send(new Command(call.input));
  };
}

function errorName(e: unknown): string {
  return e instanceof Error ? e.name : String(e);
}

describe.each(SIMULATED_SERVICES.map((def) => [def.name, def] as const))('conformance of %s', (_name, def) => {
  const fixture = fixtures.get(def.name);
  const model: CompactModel | undefined = SIM_MODELS[def.model];

  it('has a fixture and a compact model entry for every handler', () => {
    expect(fixture, `add tests/aws/conformance/${def.name}.fixtures.ts`).toBeDefined();
    const missing = Object.keys(def.handlers).filter((op) => !model?.operations[op]);
    expect(missing, 'run `pnpm --filter @drkit/testing models` to extract these operations').toEqual([]);
  });

  it('answers every fixture call with a model-valid output or the expected error', async () => {
    if (!fixture) return;
    const cloud = createSimulatedCloud();
    await fixture.setup?.(cloud);
    const senders = new Map<string, Awaited<ReturnType<typeof sender>>>();
    const okCalls = new Map<string, number>();
    for (const call of fixture.calls) {
      const region = call.region ?? cloud.regions[0]!;
      let send = senders.get(region);
      if (!send) senders.set(region, (send = await sender(cloud, def, region)));
      const outcome = await send(call).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (call.expectError) {
        expect(errorName(outcome), `${call.operation} ${JSON.stringify(call.input)}`).toBe(call.expectError);
        const declared = model?.operations[call.operation]?.errors?.map((e) => e.shape) ?? [];
        expect(
          declared.includes(call.expectError) || COMMON_ERRORS.has(call.expectError),
          `${call.expectError} is neither modeled for ${call.operation} nor a common error`,
        ).toBe(true);
      } else {
        expect(outcome, `${call.operation} ${JSON.stringify(call.input)} failed`).toBeUndefined();
        okCalls.set(call.operation, (okCalls.get(call.operation) ?? 0) + 1);
      }
    }
    const called = new Set(fixture.calls.map((c) => c.operation));
    expect(
      Object.keys(def.handlers).filter((op) => !called.has(op)),
      'handlers no fixture calls',
    ).toEqual([]);
    for (const [op, n] of okCalls) {
      expect(cloud.stats.outputsValidated.get(`${def.name}:${op}`) ?? 0, `${op} outputs validated`).toBe(n);
    }
  });

  it('rejects a request missing a required member with the protocol validation error', async () => {
    if (!fixture || !model) return;
    const cloud = createSimulatedCloud();
    await fixture.setup?.(cloud);
    const send = await sender(cloud, def);
    let checked = 0;
    for (const op of Object.keys(def.handlers)) {
      const shape = model.shapes[model.operations[op]?.input?.shape ?? ''];
      // Members bound to the URI are refused by the SDK's serializer before any request is sent.
      const required = (shape?.required ?? []).filter((m) => shape?.members?.[m]?.location !== 'uri');
      const sample = fixture.calls.find((c) => c.operation === op && required.every((m) => m in c.input));
      if (!sample || required.length === 0) continue;
      const input = { ...sample.input };
      delete input[required[0]!];
      const error = await send({ operation: op, input }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(errorName(error), `${op} without ${required[0]}`).toBe(validationErrorName(model));
      checked++;
    }
    expect(checked, 'no fixture call carries every required member of an operation').toBeGreaterThan(0);
    expect(cloud.stats.inputsRejected.size).toBe(checked);
  });
});

function stripDocs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDocs);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'documentation' && k !== 'deprecatedMessage')
        .map(([k, v]) => [k, stripDocs(v)]),
    );
  return value;
}

describe.skipIf(!existsSync(sharedModels))('compact models', () => {
  it.each(Object.keys(SIM_MODELS))('%s equals the official model for every shape and operation it keeps', (name) => {
    const original = JSON.parse(readFileSync(path.join(sharedModels, name, 'service-2.json'), 'utf8')) as CompactModel;
    const compact = SIM_MODELS[name]!;
    for (const [op, def] of Object.entries(compact.operations))
      expect(def, op).toEqual(stripDocs(original.operations[op]));
    for (const [shape, def] of Object.entries(compact.shapes))
      expect(def, shape).toEqual(stripDocs(original.shapes[shape]));
    expect(compact.metadata.protocol).toBe(original.metadata.protocol);
  });
});

if (!existsSync(sharedModels)) {
  console.warn(`compact model comparison skipped: official models not found at ${sharedModels}`);
}
