import { afterEach, describe, expect, it } from 'vitest';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { SNSClient } from '@aws-sdk/client-sns';
import { resolveContext, silentLogger } from '@drkit/core';
import {
  createSimulatedCloud,
  seedTopology,
  snsService,
  stopElastiCacheRedis,
  type SimulatedCloud,
} from '@drkit/testing';
import { cloudWatchMetrics, emfMetrics, snsNotifier, type EmfDocument } from '../src/notify/index';

const topology = seedTopology();
const EAST = topology.regions.primary;

const clouds: SimulatedCloud[] = [];
afterEach(async () => {
  await Promise.all(clouds.splice(0).map((c) => stopElastiCacheRedis(c.world)));
});

function setup() {
  const cloud = createSimulatedCloud({ seed: 2, start: '2026-11-22T03:00:00Z', topology });
  clouds.push(cloud);
  const ctx = resolveContext({ clock: cloud.clock, logger: silentLogger, runId: 'weekly-restore' });
  return { cloud, ctx };
}

describe('snsNotifier', () => {
  it('publishes to the operations topic with severity and attributes as filterable message attributes', async () => {
    // Prepare
    const { cloud, ctx } = setup();
    const notifier = snsNotifier({
      client: cloud.client(SNSClient, { region: EAST }),
      topicArn: topology.notifications.topicArn,
      subjectPrefix: '[jobs-api DR] ',
    });

    // Act
    const sent = await notifier.notify(
      {
        subject: `Weekly restore test FAILED: ${'x'.repeat(120)}\nsecond line`,
        message: 'Restore of the orders database failed validation (2 of 5 checks).',
        severity: 'critical',
        attributes: { runbook: 'weekly-restore' },
      },
      ctx,
    );

    // Assess
    const { messageId } = sent._unsafeUnwrap();
    const [published] = cloud.state(snsService, EAST).published({ topicArn: topology.notifications.topicArn });
    expect(published?.messageId).toBe(messageId);
    expect(published?.subject).toMatch(/^\[jobs-api DR\] Weekly restore test FAILED: x+…$/);
    expect(published?.subject?.length).toBeLessThan(100);
    expect(published?.messageAttributes).toEqual({
      severity: { DataType: 'String', StringValue: 'critical' },
      runbook: { DataType: 'String', StringValue: 'weekly-restore' },
    });
  });

  it('is InvalidInput before any call', async () => {
    const { cloud, ctx } = setup();
    const notifier = snsNotifier({
      client: cloud.client(SNSClient, { region: EAST }),
      topicArn: topology.notifications.topicArn,
    });
    const broken = snsNotifier({ client: cloud.client(SNSClient, { region: EAST }), topicArn: 'ops-topic' });

    const empty = await notifier.notify({ subject: ' ', message: '' }, ctx);
    const badTopic = await broken.notify({ subject: 's', message: 'm' }, ctx);

    const e = empty._unsafeUnwrapErr();
    expect(e.kind === 'InvalidInput' && e.problems.map((p) => p.path)).toEqual(['subject', 'message']);
    expect(badTopic._unsafeUnwrapErr().kind).toBe('InvalidInput');
    expect(cloud.recorder.calls()).toHaveLength(0);
  });
});

describe('emfMetrics', () => {
  it('writes one CloudWatch Embedded Metric Format line per measurement, without any API call', () => {
    // Prepare
    const { cloud } = setup();
    const lines: string[] = [];
    const metrics = emfMetrics({
      namespace: 'DrKit/JobsApi',
      dimensions: { Runbook: 'weekly-restore' },
      write: (l) => lines.push(l),
      clock: cloud.clock,
    })._unsafeUnwrap();

    // Act
    metrics.putMetric('RestoreDuration', 1815, 'Seconds', { ResourceType: 'RDS' });
    metrics.putMetric('RestoreTestSuccess', 1, 'Count');
    metrics.putMetric('Broken', Number.NaN, 'Count');

    // Assess
    expect(lines).toHaveLength(2);
    const doc = JSON.parse(lines[0]!) as EmfDocument;
    expect(doc).toEqual({
      _aws: {
        Timestamp: Date.parse('2026-11-22T03:00:00Z'),
        CloudWatchMetrics: [
          {
            Namespace: 'DrKit/JobsApi',
            Dimensions: [['Runbook', 'ResourceType']],
            Metrics: [{ Name: 'RestoreDuration', Unit: 'Seconds' }],
          },
        ],
      },
      Runbook: 'weekly-restore',
      ResourceType: 'RDS',
      RestoreDuration: 1815,
    });
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    expect(cloud.recorder.calls()).toHaveLength(0);
  });

  it('refuses a namespace CloudWatch reserves', () => {
    const sink = emfMetrics({ namespace: 'AWS/Backup', dimensions: { a: '' } });
    const e = sink._unsafeUnwrapErr();
    expect(e.problems.map((p) => p.path)).toEqual(['namespace', 'dimensions.a']);
  });
});

describe('cloudWatchMetrics (PutMetricData)', () => {
  it('sends buffered measurements on flush', async () => {
    // Prepare
    const { cloud, ctx } = setup();
    const client = cloud.client(CloudWatchClient, { region: EAST });
    const sink = cloudWatchMetrics({ client, namespace: 'DrKit/JobsApi' }, ctx)._unsafeUnwrap();
    sink.putMetric('RestoreDuration', 1815, 'Seconds', { Runbook: 'weekly-restore' });
    sink.putMetric('RestoreDuration', 1905, 'Seconds', { Runbook: 'weekly-restore' });

    // Act
    const sent = await sink.flush(ctx);

    // Assess
    expect(sent._unsafeUnwrap()).toBe(2);
    expect(sink.pending).toBe(0);
    const stats = await client.send(
      new GetMetricStatisticsCommand({
        Namespace: 'DrKit/JobsApi',
        MetricName: 'RestoreDuration',
        Dimensions: [{ Name: 'Runbook', Value: 'weekly-restore' }],
        StartTime: new Date(cloud.clock.now() - 3_600_000),
        EndTime: new Date(cloud.clock.now() + 60_000),
        Period: 3600,
        Statistics: ['Maximum', 'SampleCount'],
      }),
    );
    expect(stats.Datapoints?.[0]).toMatchObject({ Maximum: 1905, SampleCount: 2 });
  });
});
