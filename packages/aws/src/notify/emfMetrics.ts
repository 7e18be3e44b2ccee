import {
  Problems,
  systemClock,
  type Clock,
  type InvalidInputError,
  type MetricUnit,
  type MetricsSink,
} from '@drkit/core';
import type { Result } from 'neverthrow';

/** Options of {@link emfMetrics}. */
export interface EmfMetricsOptions {
  /** The CloudWatch namespace, e.g. `'DrKit/JobsApi'`. */
  readonly namespace: string;
  /** Dimensions added to every metric (a metric's own dimensions win). At most 30 in all. */
  readonly dimensions?: Readonly<Record<string, string>>;
  /** Where each line goes. Default: `process.stdout` (what Lambda sends to CloudWatch Logs). */
  readonly write?: (line: string) => void;
  /** Timestamps come from here. Default the system clock; pass `ctx.clock` under a simulation. */
  readonly clock?: Clock;
}

/** One CloudWatch Embedded Metric Format document, as {@link emfMetrics} writes it. */
export interface EmfDocument {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: ReadonlyArray<{
      readonly Namespace: string;
      readonly Dimensions: ReadonlyArray<readonly string[]>;
      readonly Metrics: ReadonlyArray<{ readonly Name: string; readonly Unit: MetricUnit }>;
    }>;
  };
  readonly [member: string]: unknown;
}

/** CloudWatch allows at most 30 dimensions per metric. */
const MAX_DIMENSIONS = 30;

/**
 * A {@link MetricsSink} (for `ctx.metrics`) that writes each measurement as one line of
 * CloudWatch **Embedded Metric Format** JSON. In a Lambda function those lines go to CloudWatch
 * Logs, which extracts the metrics: no `PutMetricData` call, no extra latency, nothing to flush.
 * The dimension values are also top-level members of the line, so Logs Insights can query them.
 *
 * A bad namespace or dimension is `InvalidInput` (every problem listed); measurements that are
 * not finite numbers are skipped.
 *
 * @example
 * ```ts
 * import { emfMetrics } from '@drkit/aws/notify';
 *
 * export const handler = async () => {
 *   const metrics = emfMetrics({ namespace: 'DrKit/JobsApi', dimensions: { Runbook: 'weekly-restore' } });
 *   if (metrics.isErr()) throw new Error(formatDrError(metrics.error));
 *   const report = await restorePoint(source, options, { metrics: metrics.value });
 *   // {"_aws":{"Timestamp":…,"CloudWatchMetrics":[{"Namespace":"DrKit/JobsApi","Dimensions":[["Runbook"]],"Metrics":[{"Name":"RestoreDuration","Unit":"Seconds"}]}]},"Runbook":"weekly-restore","RestoreDuration":1815}
 * };
 * ```
 */
export function emfMetrics(options: EmfMetricsOptions): Result<MetricsSink, InvalidInputError> {
  const problems = new Problems();
  checkMetricsOptions(problems, options);
  if (problems.any) return problems.result(undefined as never);
  const namespace = options.namespace;
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const clock = options.clock ?? systemClock;
  return problems.result({
    putMetric(name: string, value: number, unit: MetricUnit, dimensions: Record<string, string> = {}) {
      if (typeof name !== 'string' || name === '' || typeof value !== 'number' || !Number.isFinite(value)) return;
      const dims = Object.entries({ ...options.dimensions, ...dimensions })
        .filter(([k, v]) => k !== '' && typeof v === 'string' && v !== '' && k !== name && k !== '_aws')
        .slice(0, MAX_DIMENSIONS);
      const doc: EmfDocument = {
        _aws: {
          Timestamp: Math.round(clock.now()),
          CloudWatchMetrics: [
            { Namespace: namespace, Dimensions: [dims.map(([k]) => k)], Metrics: [{ Name: name, Unit: unit }] },
          ],
        },
        ...Object.fromEntries(dims),
        [name]: value,
      };
      write(JSON.stringify(doc));
    },
  });
}

/**
 * Checks a CloudWatch namespace and default dimensions (what {@link emfMetrics} and
 * `cloudWatchMetrics` take) into `problems`.
 *
 * @example
 * ```ts
 * const problems = new Problems();
 * checkMetricsOptions(problems, { namespace: 'AWS/Backup' }); // namespace: must not start with "AWS/"
 * ```
 */
export function checkMetricsOptions(
  problems: Problems,
  options: { readonly namespace?: unknown; readonly dimensions?: unknown } | undefined,
): void {
  const namespace = options?.namespace;
  if (typeof namespace !== 'string' || !/^[\x20-\x7e]{1,255}$/.test(namespace) || namespace.startsWith('AWS/'))
    problems.add('namespace', 'must be 1-255 printable ASCII characters, not starting with "AWS/"');
  const dims = options?.dimensions;
  if (dims !== undefined && (typeof dims !== 'object' || dims === null))
    problems.add('dimensions', 'must be an object of strings');
  else
    for (const [k, v] of Object.entries((dims ?? {}) as Record<string, unknown>))
      if (typeof v !== 'string' || v === '' || k === '') problems.add(`dimensions.${k}`, 'must be a non-empty string');
  if (Object.keys(dims ?? {}).length > MAX_DIMENSIONS)
    problems.add('dimensions', `at most ${MAX_DIMENSIONS} dimensions`);
}
