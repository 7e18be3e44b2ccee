import { describe, expect, it } from 'vitest';
import * as sdk from '@aws-sdk/client-backup';
import { createSimulatedCloud } from '../../src/aws/SimulatedCloud';
import { backupService } from '../../src/aws/backup/BackupService';
import fixtures from './conformance/backup.fixtures';

type Command = new (input: unknown) => Parameters<sdk.BackupClient['send']>[0];

describe('simulated AWS Backup: conformance fixtures', () => {
  it('answers every fixture call as expected, with responses that match the official model', async () => {
    // Prepare
    const cloud = createSimulatedCloud({ services: [backupService], seed: 21 });
    fixtures.setup(cloud);
    const backup = cloud.client(sdk.BackupClient, { region: 'us-east-1', maxAttempts: 1 });

    // Act
    const outcomes: string[] = [];
    for (const call of fixtures.calls) {
      const Ctor = (sdk as unknown as Record<string, Command>)[`${call.operation}Command`]!;
      const error = await backup.send(new Ctor(call.input)).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      outcomes.push(`${call.operation}: ${error?.name ?? 'ok'}`);
    }

    // Assess
    expect(outcomes).toEqual(fixtures.calls.map((c) => `${c.operation}: ${c.expectError ?? 'ok'}`));
    const exercised = new Set(fixtures.calls.map((c) => c.operation));
    expect([...exercised].sort()).toEqual(Object.keys(backupService.handlers).sort());
    for (const op of exercised) {
      if (fixtures.calls.some((c) => c.operation === op && !c.expectError))
        expect(cloud.stats.outputsValidated.get(`backup:${op}`) ?? 0).toBeGreaterThan(0);
    }
    expect([...cloud.stats.inputsRejected.keys()]).toEqual([]);
  });
});
