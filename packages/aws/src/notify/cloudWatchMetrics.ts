import {
  CloudWatchClient,
  PutMetricDataCommand,
  type CloudWatchClientConfig,
  type MetricDatum,
} from '@aws-sdk/client-cloudwatch';
import {
  Problems,
  resolveContext,
  type DrContextInput,
  type DrError,
  type InvalidInputError,
  type MetricUnit,
  type MetricsSink,
} from '@drkit/core';
import { ResultAsync, okAsync, type Result } from 'neverthrow';
import { checkClientOption, resolveClient, type AwsClientOption } from '../shared/clientOptions';
import { awsSend, type AwsCallOptions } from '../shared/send';
import { checkMetricsOptions } from './emfMetrics';

/** Options of {@link cloudWatchMetrics}. */
export type CloudWatchMetricsOptions = AwsClientOption<CloudWatchClient, CloudWatchClientConfig> &
  AwsCallOptions & {
    readonly namespace: string;
    /** Dimensions added to every metric (a metric's own dimensions win). */
    readonly dimensions?: Readonly<Record<string, string>>;
  };

/** A {@link MetricsSink} that buffers measurements until {@link CloudWatchMetricsSink.flush}. */
export interface CloudWatchMetricsSink extends MetricsSink {
  /** Measurements waiting to be sent. */
  readonly pending: number;
  /** Sends everything buffered with `PutMetricData` (1 000 metrics per call); resolves to how many were sent. */
  flush(ctx?: DrContextInput): ResultAsync<number, DrError>;
}

/** `PutMetricData` takes at most 1 000 metrics per request. */
const BATCH = 1000;

/**
 * A {@link MetricsSink} that sends measurements with `PutMetricData`, for processes where
 * nothing turns log lines into metrics (outside Lambda and ECS with the CloudWatch agent; there,
 * prefer {@link emfMetrics}). `putMetric` only buffers, each measurement timestamped on the clock
 * of the second argument (default the system clock); call `flush(ctx)` at the end of the run.
 * A failed flush keeps what was not sent, so it can be retried. Bad options are `InvalidInput`.
 *
 * @example
 * ```ts
 * const sink = cloudWatchMetrics({ client: new CloudWatchClient({ region: 'us-east-1' }), namespace: 'DrKit/JobsApi' });
 * if (sink.isErr()) throw new Error(formatDrError(sink.error));
 * await restorePoint(source, options, { ...ctx, metrics: sink.value });
 * await sink.value.flush(ctx);
 * ```
 */
export function cloudWatchMetrics(
  options: CloudWatchMetricsOptions,
  clockInput?: DrContextInput,
): Result<CloudWatchMetricsSink, InvalidInputError> {
  const problems = new Problems();
  checkClientOption(problems, options);
  checkMetricsOptions(problems, options);
  if (problems.any) return problems.result(undefined as never);
  const client = resolveClient<CloudWatchClient, CloudWatchClientConfig>(options, (c) => new CloudWatchClient(c));
  const clock = resolveContext(clockInput).clock;
  let buffer: MetricDatum[] = [];
  return problems.result({
    get pending() {
      return buffer.length;
    },
    putMetric(name: string, value: number, unit: MetricUnit, dimensions: Record<string, string> = {}) {
      if (typeof name !== 'string' || name === '' || typeof value !== 'number' || !Number.isFinite(value)) return;
      const dims = Object.entries({ ...options.dimensions, ...dimensions })
        .filter(([k, v]) => k !== '' && typeof v === 'string' && v !== '')
        .slice(0, 30)
        .map(([Name, Value]) => ({ Name, Value }));
      buffer.push({ MetricName: name, Value: value, Unit: unit, Timestamp: new Date(clock.now()), Dimensions: dims });
    },
    flush(ctxInput?: DrContextInput): ResultAsync<number, DrError> {
      const ctx = resolveContext(ctxInput);
      const sending = buffer;
      buffer = [];
      let sent = 0;
      const send = (from: number): ResultAsync<number, DrError> => {
        sent = from;
        if (from >= sending.length) return okAsync(sending.length);
        return awsSend(
          client,
          new PutMetricDataCommand({ Namespace: options.namespace, MetricData: sending.slice(from, from + BATCH) }),
          { service: 'cloudwatch' },
          ctx,
          options,
        ).andThen(() => send(from + BATCH));
      };
      return send(0).mapErr((e) => {
        buffer = [...sending.slice(sent), ...buffer]; // keep the unsent for another try
        return e;
      });
    },
  });
}
