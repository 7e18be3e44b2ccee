import {
  CloudWatchClient,
  GetMetricDataCommand,
  type CloudWatchClientConfig,
  type Dimension,
  type MetricDataQuery,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import {
  Problems,
  formatDuration,
  invalidInput,
  parseDuration,
  type Check,
  type CheckVerdict,
  type DrContext,
  type DrError,
  type Duration,
} from '@drkit/core';
import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { checkClientOption, resolveClient, type AwsClientOption } from '../shared/clientOptions';
import { awsSend, type AwsCallOptions } from '../shared/send';
import { verdictOf } from './verdict';

/** How the values of the judged series in the window become one number. */
export type MetricAggregate = 'max' | 'min' | 'average' | 'latest';

/** Options of {@link metricThresholdCheck}. */
export type MetricThresholdCheckOptions = AwsClientOption<CloudWatchClient, CloudWatchClientConfig> &
  AwsCallOptions & {
    /** Default `'metric-threshold'`. */
    readonly name?: string;
    /** `GetMetricData` queries: metric stats and metric math (see {@link errorRateQueries}, {@link p95LatencyQuery}). */
    readonly queries: readonly MetricDataQuery[];
    /** The `Id` of the query whose values are judged. Default: the last query that returns data. */
    readonly judge?: string;
    /** How far back from now to look. Default `'5m'`. */
    readonly window?: Duration;
    /** Default `'max'`: the worst value in the window must stay under `threshold.max`. */
    readonly aggregate?: MetricAggregate;
    /** Bounds the aggregated value must stay within (inclusive). At least one. */
    readonly threshold: { readonly max?: number; readonly min?: number };
    /** The verdict when the window holds no datapoint. Default `'failed'` (no data proves nothing). */
    readonly missingData?: 'failed' | 'passed' | 'skipped';
    readonly required?: boolean;
  };

/** A CloudWatch metric, as {@link errorRateQueries} and {@link p95LatencyQuery} take it. */
export interface MetricRef {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions?: Readonly<Record<string, string>>;
}

const dims = (d: MetricRef['dimensions']): Dimension[] =>
  Object.entries(d ?? {}).map(([Name, Value]) => ({ Name, Value }));

/**
 * Queries for an error rate in percent, `100 * errors / requests`, judged under `Id` `errorRate`
 * (e.g. ALB `HTTPCode_Target_5XX_Count` over `RequestCount`).
 *
 * @example
 * ```ts
 * const lb = { LoadBalancer: 'app/jobs-api-dr/50dc6c495c0c9188' };
 * errorRateQueries({
 *   errors: { namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_Target_5XX_Count', dimensions: lb },
 *   requests: { namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimensions: lb },
 * });
 * ```
 */
export function errorRateQueries(o: { errors: MetricRef; requests: MetricRef; period?: number }): MetricDataQuery[] {
  const period = o.period ?? 60;
  const stat = (id: string, m: MetricRef): MetricDataQuery => ({
    Id: id,
    MetricStat: {
      Metric: { Namespace: m.namespace, MetricName: m.metricName, Dimensions: dims(m.dimensions) },
      Period: period,
      Stat: 'Sum',
    },
    ReturnData: false,
  });
  return [
    stat('errors', o.errors),
    stat('requests', o.requests),
    {
      Id: 'errorRate',
      // ALB publishes no RequestCount for a minute without requests, so such minutes have no rate.
      Expression: '100 * errors / requests',
      Label: 'error rate %',
      ReturnData: true,
    },
  ];
}

/**
 * A query for a metric's p95 (e.g. ALB `TargetResponseTime`, in seconds), judged under `Id` `p95`.
 *
 * @example
 * ```ts
 * p95LatencyQuery({ namespace: 'AWS/ApplicationELB', metricName: 'TargetResponseTime', dimensions: lb });
 * ```
 */
export function p95LatencyQuery(m: MetricRef & { period?: number }): MetricDataQuery[] {
  return [
    {
      Id: 'p95',
      MetricStat: {
        Metric: { Namespace: m.namespace, MetricName: m.metricName, Dimensions: dims(m.dimensions) },
        Period: m.period ?? 60,
        Stat: 'p95',
      },
      ReturnData: true,
    },
  ];
}

/**
 * A check that a CloudWatch metric (or metric-math expression) stayed within bounds over the last
 * `window`, read with `GetMetricData` (every page): e.g. the error rate under 1 % and the p95
 * latency under 500 ms on the restored stack.
 *
 * @example
 * ```ts
 * const errors = metricThresholdCheck({ client: cloudwatch, queries: errorRateQueries({ errors, requests }), threshold: { max: 1 }, window: '10m' });
 * const latency = metricThresholdCheck({ name: 'p95-latency', client: cloudwatch, queries: p95LatencyQuery(responseTime), threshold: { max: 0.5 } });
 * await validateRestore(restored.resource, [errors, latency], {}, ctx);
 * ```
 */
export function metricThresholdCheck<S = unknown>(options: MetricThresholdCheckOptions): Check<S> {
  const name = options?.name ?? 'metric-threshold';
  const problems = new Problems();
  checkClientOption(problems, options);
  const given: unknown = options?.queries;
  const queries: readonly MetricDataQuery[] = Array.isArray(given) ? (given as MetricDataQuery[]) : [];
  if (queries.length === 0 || queries.length > 500) problems.add('queries', 'must hold 1 to 500 GetMetricData queries');
  const judged: string | undefined = options?.judge ?? [...queries].reverse().find((q) => q.ReturnData !== false)?.Id;
  if (queries.length > 0 && (!judged || !queries.some((q) => q.Id === judged)))
    problems.add('judge', `must be the Id of one of the queries${options?.judge ? ` (got "${options.judge}")` : ''}`);
  const t = options?.threshold;
  if (typeof t !== 'object' || t === null || (t.max === undefined && t.min === undefined))
    problems.add('threshold', 'must give max, min or both');
  else if (t.max !== undefined && t.min !== undefined && t.min > t.max)
    problems.add('threshold', 'min must not exceed max');
  let windowMs = 300_000;
  if (options?.window !== undefined) {
    const parsed = parseDuration(options.window, 'window');
    if (parsed.isErr()) problems.addAll('', parsed.error.problems);
    else if (parsed.value < 60_000) problems.add('window', 'must be at least 1 minute');
    else windowMs = parsed.value;
  }
  const aggregate = options?.aggregate ?? 'max';
  if (!['max', 'min', 'average', 'latest'].includes(aggregate))
    problems.add('aggregate', "must be 'max', 'min', 'average' or 'latest'");
  const client = problems.any
    ? undefined
    : resolveClient<CloudWatchClient, CloudWatchClientConfig>(options, (config) => new CloudWatchClient(config));

  return {
    name,
    ...(options?.required !== undefined ? { required: options.required } : {}),
    run(_subject, ctx): ResultAsync<CheckVerdict, DrError> {
      if (!client || !judged) return errAsync(invalidInput(problems.list));
      const startedAt = ctx.clock.now();
      const end = ctx.clock.now();
      return fetchSeries(client, options, [...options.queries], end - windowMs, end, judged, ctx).map((series) => {
        const { min, max } = options.threshold;
        const values = series.values;
        const evidence = {
          query: judged,
          windowMs,
          aggregate,
          datapoints: values.length,
          ...(min !== undefined ? { min } : {}),
          ...(max !== undefined ? { max } : {}),
        };
        if (values.length === 0) {
          const status = options.missingData ?? 'failed';
          return verdictOf(
            name,
            status,
            `no datapoints for ${judged} in the last ${formatDuration(windowMs)}`,
            evidence,
            startedAt,
            ctx,
          );
        }
        const value = aggregateOf(aggregate, series);
        const over = max !== undefined && value > max;
        const under = min !== undefined && value < min;
        const bounds = [min !== undefined ? `≥ ${min}` : '', max !== undefined ? `≤ ${max}` : '']
          .filter(Boolean)
          .join(' and ');
        return verdictOf(
          name,
          over || under ? 'failed' : 'passed',
          `${aggregate} ${judged} ${round(value)} over ${formatDuration(windowMs)} (${over || under ? 'must be' : 'within'} ${bounds})`,
          { ...evidence, value },
          startedAt,
          ctx,
        );
      });
    },
  };
}

interface Series {
  values: number[];
  timestamps: number[];
}

function fetchSeries(
  client: CloudWatchClient,
  call: AwsCallOptions,
  queries: MetricDataQuery[],
  start: number,
  end: number,
  judged: string,
  ctx: DrContext,
): ResultAsync<Series, DrError> {
  const collected: Series = { values: [], timestamps: [] };
  const page = (token: string | undefined): ResultAsync<Series, DrError> =>
    awsSend(
      client,
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: new Date(start),
        EndTime: new Date(end),
        ScanBy: 'TimestampDescending',
        ...(token ? { NextToken: token } : {}),
      }),
      { service: 'cloudwatch' },
      ctx,
      call,
    ).andThen((out) => {
      const r: MetricDataResult | undefined = out.MetricDataResults?.find((x) => x.Id === judged);
      collected.values.push(...(r?.Values ?? []));
      collected.timestamps.push(...(r?.Timestamps ?? []).map((d) => d.getTime()));
      return out.NextToken ? page(out.NextToken) : okAsync(collected);
    });
  return page(undefined);
}

function aggregateOf(aggregate: MetricAggregate, s: Series): number {
  switch (aggregate) {
    case 'max':
      return Math.max(...s.values);
    case 'min':
      return Math.min(...s.values);
    case 'average':
      return s.values.reduce((a, b) => a + b, 0) / s.values.length;
    case 'latest': {
      let best = 0;
      for (let i = 1; i < s.values.length; i++) if ((s.timestamps[i] ?? 0) > (s.timestamps[best] ?? 0)) best = i;
      return s.values[best]!;
    }
  }
}

const round = (v: number) => Math.round(v * 1000) / 1000;
