/** A metric unit, as CloudWatch names them. */
export type MetricUnit = 'Seconds' | 'Milliseconds' | 'Count' | 'Percent' | 'Bytes' | 'None';

/** Where drkit sends measurements (restore duration, achieved RPO, test success…). */
export interface MetricsSink {
  putMetric(name: string, value: number, unit: MetricUnit, dimensions?: Record<string, string>): void;
}

/**
 * A metrics sink that drops everything; the default.
 *
 * @example
 * ```ts
 * const ctx = { metrics: noopMetrics };
 * ```
 */
export const noopMetrics: MetricsSink = { putMetric() {} };

/** One recorded measurement. */
export interface RecordedMetric {
  name: string;
  value: number;
  unit: MetricUnit;
  dimensions: Record<string, string>;
}

/**
 * A metrics sink that keeps every measurement in memory, for tests and reports.
 *
 * @example
 * ```ts
 * const metrics = memoryMetrics();
 * metrics.putMetric('RestoreSeconds', 1800, 'Seconds');
 * metrics.recorded[0]?.value; // 1800
 * ```
 */
export function memoryMetrics(): MetricsSink & { readonly recorded: RecordedMetric[] } {
  const recorded: RecordedMetric[] = [];
  return {
    recorded,
    putMetric(name, value, unit, dimensions = {}) {
      recorded.push({ name, value, unit, dimensions });
    },
  };
}
