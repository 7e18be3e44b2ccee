import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { MetricUnit, Notifier } from '@drkit/core';
import { awsSend } from '@drkit/aws';
import type { FlushableMetrics } from './deps';

/**
 * A {@link Notifier} publishing to one SNS topic (subject cut to SNS's 100 characters; the
 * severity and attributes as String message attributes, for subscription filters).
 *
 * @example
 * ```ts
 * const notifier = topicNotifier(new SNSClient({}), 'arn:aws:sns:us-east-1:123456789012:jobs-api-ops');
 * ```
 */
export function topicNotifier(client: SNSClient, topicArn: string): Notifier {
  return {
    notify: (n, ctx) =>
      awsSend(
        client,
        new PublishCommand({
          TopicArn: topicArn,
          Subject: n.subject.replace(/[\r\n]+/g, ' ').slice(0, 100),
          Message: n.message,
          MessageAttributes: Object.fromEntries(
            Object.entries({ severity: n.severity ?? 'info', ...(n.attributes ?? {}) }).map(([k, v]) => [
              k,
              { DataType: 'String', StringValue: v },
            ]),
          ),
        }),
        { service: 'sns' },
        ctx,
      ).map((out) => (out.MessageId ? { messageId: out.MessageId } : {})),
  };
}

/** Options of {@link embeddedMetrics}. */
export interface EmbeddedMetricsOptions {
  /** The CloudWatch namespace. */
  readonly namespace: string;
  /** Where a line goes. Default stdout, where the Lambda runtime hands it to CloudWatch Logs. */
  readonly write?: (line: string) => void;
  /** The time stamp of a flush (ms epoch). Default `Date.now()`; pass the context clock's. */
  readonly now?: () => number;
  /** Properties added to every line (not dimensions): `{ Function: 'restore-test' }`. */
  readonly properties?: Readonly<Record<string, string>>;
}

/**
 * A metrics sink in CloudWatch Embedded Metric Format: `putMetric` buffers, `flush()` writes one
 * JSON line per set of dimensions, which CloudWatch Logs turns into metrics (no PutMetricData
 * call, no extra latency in the Lambda).
 *
 * @example
 * ```ts
 * const metrics = embeddedMetrics({ namespace: 'JobsApi/RestoreTests' });
 * metrics.putMetric('RestoreTestSucceeded', 1, 'Count', { Vault: 'jobs-api-primary' });
 * metrics.flush(); // {"_aws":{"Timestamp":…,"CloudWatchMetrics":[…]},"Vault":"jobs-api-primary","RestoreTestSucceeded":1}
 * ```
 */
export function embeddedMetrics(options: EmbeddedMetricsOptions): FlushableMetrics {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => Date.now());
  let buffer: Array<{ name: string; value: number; unit: MetricUnit; dimensions: Record<string, string> }> = [];
  return {
    putMetric(name, value, unit, dimensions = {}) {
      if (Number.isFinite(value)) buffer.push({ name, value, unit, dimensions });
    },
    flush() {
      const groups = new Map<string, typeof buffer>();
      for (const m of buffer) {
        const key = JSON.stringify(Object.entries(m.dimensions).sort());
        groups.set(key, [...(groups.get(key) ?? []), m]);
      }
      buffer = [];
      for (const metrics of groups.values()) {
        const dimensions = metrics[0]!.dimensions;
        // One value per name per line: a metric put twice goes out as a list of values.
        const values = new Map<string, { unit: MetricUnit; values: number[] }>();
        for (const m of metrics) {
          const v = values.get(m.name) ?? { unit: m.unit, values: [] };
          v.values.push(m.value);
          values.set(m.name, v);
        }
        const line: Record<string, unknown> = {
          _aws: {
            Timestamp: now(),
            CloudWatchMetrics: [
              {
                Namespace: options.namespace,
                Dimensions: [Object.keys(dimensions)],
                Metrics: [...values.entries()].map(([Name, v]) => ({ Name, Unit: v.unit })),
              },
            ],
          },
          ...(options.properties ?? {}),
          ...dimensions,
        };
        for (const [name, v] of values) line[name] = v.values.length === 1 ? v.values[0] : v.values;
        write(JSON.stringify(line));
      }
    },
  };
}
