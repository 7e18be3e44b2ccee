import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  SetInstanceHealthCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { describe, expect, it } from 'vitest';
import { validateDrillConfig } from '../src/env/config';
import { createLiveEnvironment } from '../src/env/live';
import { preflight } from '../src/env/preflight';
import { createScopeGuard } from '../src/env/scopeGuard';
import { createSimulatedEnvironment } from '../src/env/simulated';
import { drillProgram } from '../src/drill/program';
import './support/drill';

// A live drill cannot be exercised against real AWS here: these tests cover what it does before
// it would touch anything — config validation, the refusal without --yes, the scope guard (on
// simulated clients, which pass through the same SDK middleware), and the preflight reads.

const EXAMPLE = path.join(import.meta.dirname, '../src/env/drill.live.example.json');

async function drill(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await drillProgram(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('the live drill’s config', () => {
  it('accepts the example config', async () => {
    const parsed: unknown = JSON.parse(await readFile(EXAMPLE, 'utf8'));
    const config = validateDrillConfig(parsed);
    expect(config.isOk()).toBe(true);
    expect(config._unsafeUnwrap().web.dr.promotedCapacity.desired).toBe(4);
  });

  it('lists every missing or malformed field at once', () => {
    const checked = validateDrillConfig({
      name: 'x',
      accountId: '12',
      regions: { primary: 'us-east-1', dr: 'us-east-1' },
      web: { primary: { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:999999999999:targetgroup/x/1' } },
      typo: true,
    });
    const problems = checked._unsafeUnwrapErr().problems.map((p) => `${p.path}: ${p.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^accountId: .* is not a 12-digit account id/),
        expect.stringMatching(/^regions\.dr: must differ/),
        expect.stringMatching(/^web\.primary\.autoScalingGroupName: is required/),
        expect.stringMatching(/^web\.primary\.targetGroupArn: is in region eu-west-1, not us-east-1/),
        expect.stringMatching(/^web\.dr: is required/),
        expect.stringMatching(/^dns: is required/),
        expect.stringMatching(/^cache: is required/),
        expect.stringMatching(/^parameters: is required/),
        expect.stringMatching(/^deploy: is required/),
        expect.stringMatching(/^typo: is not a drill config field/),
      ]),
    );
    expect(problems.length).toBeGreaterThan(15);
  });
});

describe('drill --live refuses to act', () => {
  it('without --yes, before any call, saying what it would change', async () => {
    const env = await createLiveEnvironment({ configFile: EXAMPLE, yes: false });
    const problem = env._unsafeUnwrapErr();
    expect(problem.kind).toBe('InvalidInput');
    expect(problem.message).toMatch(/--yes/);
    expect(problem.message).toMatch(/jobs-api-dr/);

    const run = await drill('--live', '--config', EXAMPLE);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--yes: a live drill changes real resources/);
  });

  it('without a config, or with a config that is not one', async () => {
    expect((await drill('--live')).stderr).toMatch(/--config: is required with --live/);
    const dir = await mkdtemp(path.join(tmpdir(), 'drill-live-'));
    try {
      const bad = path.join(dir, 'bad.json');
      await writeFile(bad, '{ "name": "half" }');
      const run = await drill('--live', '--config', bad, '--yes');
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/regions: is required/);
      expect(run.stderr).toMatch(/web: is required/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('with faults: they exist only in the simulated cloud', async () => {
    const run = await drill('--live', '--config', EXAMPLE, '--yes', '--fault', 'throttle:route53');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--fault: faults exist only in the simulated cloud/);
  });
});

describe('the scope guard', () => {
  it('refuses a change to a resource the config does not name, before it is sent', async () => {
    const env = (await createSimulatedEnvironment({ seed: 1 }))._unsafeUnwrap();
    try {
      const asg = env.client(AutoScalingClient, env.config.regions.dr);
      const before = env.simulation.cloud.recorder.size;

      // Act: change someone else's group, then the drill's own.
      const refused = asg.send(
        new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'billing-workers', DesiredCapacity: 0 }),
      );
      await expect(refused).rejects.toMatchObject({ name: 'DrillScopeViolation' });
      await asg.send(
        new UpdateAutoScalingGroupCommand({
          AutoScalingGroupName: env.config.web.dr.autoScalingGroupName,
          MaxSize: 12,
        }),
      );

      // Assess: only the named group's change reached the cloud.
      const calls = env.simulation.cloud.recorder.calls().slice(before);
      expect(calls.map((c) => (c.input as { AutoScalingGroupName?: string }).AutoScalingGroupName)).toEqual([
        env.config.web.dr.autoScalingGroupName,
      ]);
      expect(env.guard.violations).toEqual([
        expect.objectContaining({
          service: 'autoscaling',
          operation: 'UpdateAutoScalingGroup',
          resources: ['billing-workers'],
        }),
      ]);
    } finally {
      await env.dispose();
    }
  });

  it('lets the drill act on an instance only once it has seen it in a named group', async () => {
    const env = (await createSimulatedEnvironment({ seed: 1 }))._unsafeUnwrap();
    try {
      const asg = env.client(AutoScalingClient, env.config.regions.primary);
      const out = await asg.send(
        new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [env.config.web.primary.autoScalingGroupName] }),
      );
      const instance = out.AutoScalingGroups![0]!.Instances![0]!.InstanceId!;
      await expect(
        asg.send(new SetInstanceHealthCommand({ InstanceId: 'i-0123456789abcdef0', HealthStatus: 'Unhealthy' })),
      ).rejects.toMatchObject({ name: 'DrillScopeViolation' });
      await asg.send(new SetInstanceHealthCommand({ InstanceId: instance, HealthStatus: 'Unhealthy' }));
      expect(env.guard.changes.map((c) => c.resources)).toEqual([[instance]]);
    } finally {
      await env.dispose();
    }
  });

  it('in read-only mode refuses every change, even to named resources', async () => {
    const env = (await createSimulatedEnvironment({ seed: 1 }))._unsafeUnwrap();
    try {
      const guard = createScopeGuard(env.config, { readOnly: true });
      const asg = guard.attach(
        env.simulation.cloud.client(AutoScalingClient, { region: env.config.regions.dr }),
        'autoscaling',
      );
      await expect(
        asg.send(
          new UpdateAutoScalingGroupCommand({
            AutoScalingGroupName: env.config.web.dr.autoScalingGroupName,
            MaxSize: 12,
          }),
        ),
      ).rejects.toThrow(/read-only/);
    } finally {
      await env.dispose();
    }
  });
});

describe('the preflight reads', () => {
  it('find every resource of the seed estate', async () => {
    const env = (await createSimulatedEnvironment({ seed: 1 }))._unsafeUnwrap();
    try {
      const checked = await preflight(env);
      expect(checked._unsafeUnwrap().checked).toBeGreaterThanOrEqual(18);
    } finally {
      await env.dispose();
    }
  });

  it('report every resource the config names that does not exist', async () => {
    const env = (await createSimulatedEnvironment({ seed: 1 }))._unsafeUnwrap();
    try {
      const c = env.config;
      const wrong = {
        ...env,
        config: {
          ...c,
          web: { ...c.web, dr: { ...c.web.dr, autoScalingGroupName: 'jobs-api-dr-old' } },
          dns: { ...c.dns, setIdentifiers: { ...c.dns.setIdentifiers, dr: 'eu-west-1' } },
          alarms: { ...c.alarms, latencyP95: 'jobs-api-latency' },
        },
      };
      const problems = (await preflight(wrong))._unsafeUnwrapErr();
      const text = problems.kind === 'InvalidInput' ? problems.problems.map((p) => `${p.path}: ${p.message}`) : [];
      expect(text).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/web\.dr\.autoScalingGroupName: no Auto Scaling group jobs-api-dr-old/),
          expect.stringMatching(/has no A record with SetIdentifier eu-west-1/),
          expect.stringMatching(/no alarm jobs-api-latency in us-east-1/),
          expect.stringMatching(/no alarm jobs-api-latency in us-west-2/),
        ]),
      );
      // Reads only: nothing changed.
      expect(env.simulation.cloud.recorder.calls().filter((x) => !/^(Describe|Get|List)/.test(x.operation))).toEqual(
        [],
      );
    } finally {
      await env.dispose();
    }
  });
});
