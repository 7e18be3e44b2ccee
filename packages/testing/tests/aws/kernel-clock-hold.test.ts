import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the simulated transport and the virtual clock', () => {
  it("holds virtual time while a process's first call does real I/O (lazy SDK settings, the SDK error module)", () => {
    // Prepare: a fresh process, so nothing of the SDK is loaded yet
    const fixture = path.join(import.meta.dirname, 'fixtures', 'first-call.ts');

    // Act
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@drkit/source', fixture], {
      cwd: path.join(import.meta.dirname, '..', '..'),
      encoding: 'utf8',
    });

    // Assess: the call took its simulated latency, and the pending one-minute deadline did not
    // fire while the SDK loaded its settings and its exception classes
    const result = JSON.parse(out.trim().split('\n').pop()!) as {
      error: string;
      elapsedMs: number;
      deadlinePassed: boolean;
    };
    expect(result.error).toBe('ParameterNotFound');
    expect(result.deadlinePassed).toBe(false);
    expect(result.elapsedMs).toBeLessThan(1_000);
  });
});

describe('withVirtualTimers and SDK retries', () => {
  it('lets a throttled call retry inside withVirtualTimers (the strategy waits a zero-delay timer while the clock is held)', async () => {
    // Prepare
    const { GetParameterCommand, PutParameterCommand, SSMClient } = await import('@aws-sdk/client-ssm');
    const { createSimulatedCloud, withVirtualTimers } = await import('../../src/index');
    const cloud = createSimulatedCloud();
    const ssm = cloud.client(SSMClient, { region: 'us-east-1' });
    await ssm.send(new PutParameterCommand({ Name: '/jobs-api/active-region', Value: 'us-east-1', Type: 'String' }));
    cloud.inject('error:ssm:GetParameter:ThrottlingException:2')._unsafeUnwrap();
    let guard: NodeJS.Timeout | undefined;
    const deadlocked = new Promise<'deadlocked'>((resolve) => (guard = setTimeout(() => resolve('deadlocked'), 3_000)));

    // Act
    const outcome = await Promise.race([
      withVirtualTimers(cloud.clock, () => ssm.send(new GetParameterCommand({ Name: '/jobs-api/active-region' }))),
      deadlocked,
    ]);
    clearTimeout(guard);
    await cloud.dispose();

    // Assess: two throttles absorbed by the SDK's own retries, on virtual time
    expect(outcome).not.toBe('deadlocked');
    if (outcome === 'deadlocked') return;
    expect(outcome.Parameter?.Value).toBe('us-east-1');
    expect(outcome.$metadata.attempts).toBe(3);
  });
});
