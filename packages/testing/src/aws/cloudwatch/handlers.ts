/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-explicit-any -- handler inputs are model-validated SDK inputs */
import { awsError, type SimCallContext, type SimHandler } from '../kernel/SimService';
import { CloudWatchState, SUPPORTED_COMPARISONS, type MetricDataQuery, type SimAlarm } from './CloudWatchState';
import { isSupportedStat, type MetricSample } from './metricMath';

type Ctx = SimCallContext<CloudWatchState>;

const invalid = (message: string) => awsError('InvalidParameterValue', message);
const combination = (message: string) => awsError('InvalidParameterCombination', message);
// GetMetricData and PutMetricAlarm report bad parameters as the common ValidationError.
const validation = (message: string) => awsError('ValidationError', message);
const timeOf = (v: unknown): number => (v instanceof Date ? v.getTime() : new Date(v as string | number).getTime());

function page<T>(items: T[], token: string | undefined, size: number): { items: T[]; next?: string } {
  let start = 0;
  if (token !== undefined) {
    const n = Number(Buffer.from(token, 'base64').toString('utf8'));
    if (!Number.isInteger(n) || n < 0 || n > items.length)
      throw awsError('InvalidNextToken', "The service couldn't process the NextToken.");
    start = n;
  }
  const end = start + size;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { next: Buffer.from(String(end)).toString('base64') } : {}),
  };
}

const PutMetricData: SimHandler<CloudWatchState> = (input: any, { state, world }: Ctx) => {
  const now = world.clock.now();
  const ns: string = input.Namespace;
  if (/^AWS\//.test(ns))
    throw invalid(`The value ${ns} for parameter Namespace is invalid: the AWS/ prefix is reserved for AWS services.`);
  const data: any[] = input.MetricData ?? [];
  if (data.length > 1000) throw invalid('The collection MetricData must not have a size greater than 1000.');
  const samples: Array<{ metric: any; sample: MetricSample; unit?: string }> = [];
  data.forEach((d, i) => {
    const where = `MetricData.member.${i + 1}`;
    const t = d.Timestamp !== undefined ? timeOf(d.Timestamp) : now;
    if (t < now - 14 * 86_400_000 || t > now + 2 * 3_600_000)
      throw invalid(
        `The parameter ${where}.Timestamp must specify a time no more than two weeks in the past and no more than two hours in the future.`,
      );
    if ((d.Dimensions ?? []).length > 30)
      throw invalid(`The collection ${where}.Dimensions must not have a size greater than 30.`);
    const given = [d.Value !== undefined, d.StatisticValues !== undefined, d.Values !== undefined].filter(
      Boolean,
    ).length;
    if (given > 1)
      throw combination(
        `The parameters ${where}.Value, ${where}.StatisticValues and ${where}.Values are mutually exclusive.`,
      );
    let sample: MetricSample;
    if (d.StatisticValues) {
      const s = d.StatisticValues;
      if (![s.SampleCount, s.Sum, s.Minimum, s.Maximum].every(Number.isFinite) || s.SampleCount <= 0)
        throw invalid(`The parameter ${where}.StatisticValues is invalid.`);
      sample = { t, count: s.SampleCount, sum: s.Sum, min: s.Minimum, max: s.Maximum };
    } else if (d.Values) {
      const values: number[] = d.Values;
      const counts: number[] = d.Counts ?? values.map(() => 1);
      if (counts.length !== values.length)
        throw combination(`The parameters ${where}.Values and ${where}.Counts must be of the same size.`);
      if (values.length > 150) throw invalid(`The collection ${where}.Values must not have a size greater than 150.`);
      if (!values.every(Number.isFinite)) throw invalid(`The parameter ${where}.Values must contain finite numbers.`);
      const expanded = values.flatMap((v, k) => Array<number>(Math.max(0, Math.round(counts[k]!))).fill(v));
      if (expanded.length === 0) return;
      sample = {
        t,
        count: expanded.length,
        sum: expanded.reduce((a, b) => a + b, 0),
        min: Math.min(...expanded),
        max: Math.max(...expanded),
        values: expanded,
      };
    } else {
      const v = d.Value;
      if (v === undefined) throw awsError('MissingParameter', `The parameter ${where}.Value is required.`);
      if (!Number.isFinite(v)) throw invalid(`The value ${String(v)} for parameter ${where}.Value is invalid.`);
      sample = { t, count: 1, sum: v, min: v, max: v, values: [v] };
    }
    samples.push({
      metric: { Namespace: ns, MetricName: d.MetricName, Dimensions: d.Dimensions ?? [] },
      sample,
      unit: d.Unit,
    });
  });
  for (const s of samples) state.putSample(s.metric, s.sample, s.unit);
  return {};
};

function checkQueries(queries: MetricDataQuery[]): void {
  if (queries.length > 500) throw validation('The collection MetricDataQueries must not have a size greater than 500.');
  const ids = new Set<string>();
  queries.forEach((q, i) => {
    const where = `MetricDataQueries.member.${i + 1}`;
    if (!/^[a-z][a-zA-Z0-9_]*$/.test(q.Id))
      throw validation(
        `The value ${q.Id} for parameter ${where}.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.`,
      );
    if (ids.has(q.Id)) throw validation(`The value ${q.Id} for parameter ${where}.Id is not unique.`);
    ids.add(q.Id);
    if (!!q.MetricStat === !!q.Expression)
      throw validation(`Exactly one of ${where}.MetricStat and ${where}.Expression must be specified.`);
    if (q.MetricStat) {
      if (!isSupportedStat(q.MetricStat.Stat))
        throw validation(
          `The value ${q.MetricStat.Stat} for parameter ${where}.MetricStat.Stat is not a valid statistic.`,
        );
      const p = q.MetricStat.Period;
      if (!(p === 1 || p === 5 || p === 10 || p === 20 || p === 30 || p % 60 === 0))
        throw validation(
          `The value ${p} for parameter ${where}.MetricStat.Period must be 1, 5, 10, 20, 30 or a multiple of 60.`,
        );
      if (!q.MetricStat.Metric.Namespace || !q.MetricStat.Metric.MetricName)
        throw awsError(
          'MissingParameter',
          `The parameters ${where}.MetricStat.Metric.Namespace and MetricName are required.`,
        );
    }
  });
  if (!queries.some((q) => q.ReturnData !== false))
    throw validation('At least one of the MetricDataQueries must have ReturnData set to true.');
}

const GetMetricData: SimHandler<CloudWatchState> = (input: any, { state }: Ctx) => {
  const start = timeOf(input.StartTime);
  const end = timeOf(input.EndTime);
  if (!(start < end)) throw validation('The parameter StartTime must be less than the parameter EndTime.');
  const queries: MetricDataQuery[] = input.MetricDataQueries;
  checkQueries(queries);
  const results = state.query(queries, start, end);
  const descending = (input.ScanBy ?? 'TimestampDescending') === 'TimestampDescending';
  const max = input.MaxDatapoints ?? 100_800;
  return {
    MetricDataResults: queries
      .filter((q) => q.ReturnData !== false)
      .map((q) => {
        const s = results.get(q.Id) ?? { timestamps: [], values: [] };
        let ts = s.timestamps.map((t) => new Date(t));
        let vs = [...s.values];
        if (descending) {
          ts = ts.reverse();
          vs = vs.reverse();
        }
        const partial = ts.length > max;
        return {
          Id: q.Id,
          Label: q.Label ?? q.MetricStat?.Metric.MetricName ?? q.Id,
          Timestamps: ts.slice(0, max),
          Values: vs.slice(0, max),
          StatusCode: partial ? 'PartialData' : 'Complete',
          Messages: [],
        };
      }),
    Messages: [],
  };
};

const GetMetricStatistics: SimHandler<CloudWatchState> = (input: any, { state }: Ctx) => {
  const start = timeOf(input.StartTime);
  const end = timeOf(input.EndTime);
  if (!(start < end)) throw invalid('The parameter StartTime must be less than the parameter EndTime.');
  const stats: string[] = input.Statistics ?? [];
  const ext: string[] = input.ExtendedStatistics ?? [];
  if (!stats.length && !ext.length)
    throw awsError('MissingParameter', 'Either Statistics or ExtendedStatistics must be specified.');
  for (const e of ext)
    if (!/^p\d/.test(e) || !isSupportedStat(e))
      throw invalid(`The value ${e} for parameter ExtendedStatistics is not a valid statistic.`);
  const metric = { Namespace: input.Namespace, MetricName: input.MetricName, Dimensions: input.Dimensions ?? [] };
  const queries: MetricDataQuery[] = [...stats, ...ext].map((s, i) => ({
    Id: `q${i}`,
    MetricStat: { Metric: metric, Period: input.Period, Stat: s },
  }));
  const res = state.query(queries, start, end);
  const stamps = new Set<number>();
  for (const s of res.values()) for (const t of s.timestamps) stamps.add(t);
  const unit = input.Unit ?? 'None';
  return {
    Label: input.MetricName,
    Datapoints: [...stamps]
      .sort((a, b) => a - b)
      .map((t) => {
        const dp: Record<string, unknown> = { Timestamp: new Date(t), Unit: unit };
        const extended: Record<string, number> = {};
        [...stats, ...ext].forEach((s, i) => {
          const series = res.get(`q${i}`)!;
          const k = series.timestamps.indexOf(t);
          if (k < 0) return;
          if (stats.includes(s)) dp[s] = series.values[k];
          else extended[s] = series.values[k]!;
        });
        if (ext.length) dp.ExtendedStatistics = extended;
        return dp;
      }),
  };
};

const ListMetrics: SimHandler<CloudWatchState> = (input: any, { state }: Ctx) => {
  const filters: Array<{ Name: string; Value?: string }> = input.Dimensions ?? [];
  const all = state
    .listMetrics()
    .filter((m) => input.Namespace === undefined || m.Namespace === input.Namespace)
    .filter((m) => input.MetricName === undefined || m.MetricName === input.MetricName)
    .filter((m) =>
      filters.every((f) =>
        m.Dimensions.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value)),
      ),
    );
  const p = page(all, input.NextToken, 500);
  return { Metrics: p.items, ...(p.next ? { NextToken: p.next } : {}) };
};

const PutMetricAlarm: SimHandler<CloudWatchState> = (input: any, { state }: Ctx) => {
  const single = input.MetricName !== undefined || input.Namespace !== undefined;
  if (single && input.Metrics)
    throw validation('The parameters MetricName/Namespace and Metrics are mutually exclusive.');
  if (!single && !input.Metrics?.length)
    throw validation('Either MetricName and Namespace, or Metrics, must be specified.');
  if (input.Statistic && input.ExtendedStatistic)
    throw validation('The parameters Statistic and ExtendedStatistic are mutually exclusive.');
  if (single) {
    if (!input.MetricName || !input.Namespace)
      throw validation('The parameters MetricName and Namespace are both required.');
    if (!input.Statistic && !input.ExtendedStatistic)
      throw validation('Either Statistic or ExtendedStatistic must be specified.');
    if (input.ExtendedStatistic && !isSupportedStat(input.ExtendedStatistic))
      throw validation(`The value ${input.ExtendedStatistic} for parameter ExtendedStatistic is not supported.`);
    if (input.Period === undefined) throw validation('The parameter Period is required.');
  } else checkQueries(input.Metrics);
  const period: number | undefined = input.Period;
  if (period !== undefined && !(period === 10 || period === 20 || period === 30 || period % 60 === 0))
    throw validation(`The value ${period} for parameter Period must be 10, 20, 30 or a multiple of 60.`);
  if (period !== undefined && period * input.EvaluationPeriods > 86_400)
    throw validation('The evaluation period (Period * EvaluationPeriods) must not exceed one day (86400 seconds).');
  if (input.DatapointsToAlarm !== undefined && input.DatapointsToAlarm > input.EvaluationPeriods)
    throw validation('DatapointsToAlarm must be less than or equal to EvaluationPeriods.');
  if (input.ComparisonOperator === undefined) throw validation('The parameter ComparisonOperator is required.');
  if (!SUPPORTED_COMPARISONS.includes(input.ComparisonOperator))
    throw validation(
      `The comparison operator ${input.ComparisonOperator} (anomaly detection) is not supported by the simulation.`,
    );
  if (input.Threshold === undefined) throw validation('The parameter Threshold is required.');
  if (
    input.TreatMissingData !== undefined &&
    !['breaching', 'notBreaching', 'ignore', 'missing'].includes(input.TreatMissingData)
  )
    throw validation(`The value ${input.TreatMissingData} for parameter TreatMissingData is not valid.`);
  for (const arn of [
    ...(input.AlarmActions ?? []),
    ...(input.OKActions ?? []),
    ...(input.InsufficientDataActions ?? []),
  ] as string[])
    if (!/^arn:aws[\w-]*:(sns|autoscaling|automate|ssm|ssm-incidents|lambda|swf):/.test(arn))
      throw awsError('ValidationError', `Invalid arn syntax: ${arn}`);
  state.putAlarm({
    AlarmName: input.AlarmName,
    AlarmDescription: input.AlarmDescription,
    ActionsEnabled: input.ActionsEnabled,
    OKActions: input.OKActions,
    AlarmActions: input.AlarmActions,
    InsufficientDataActions: input.InsufficientDataActions,
    MetricName: input.MetricName,
    Namespace: input.Namespace,
    Statistic: input.Statistic,
    ExtendedStatistic: input.ExtendedStatistic,
    Dimensions: input.Dimensions,
    Period: period,
    Unit: input.Unit,
    EvaluationPeriods: input.EvaluationPeriods,
    DatapointsToAlarm: input.DatapointsToAlarm,
    Threshold: input.Threshold,
    ComparisonOperator: input.ComparisonOperator,
    TreatMissingData: input.TreatMissingData,
    Metrics: input.Metrics,
  });
  return {};
};

function alarmOut(a: SimAlarm) {
  const c = a.config;
  const opt = <K extends string, V>(k: K, v: V | undefined) => (v === undefined ? {} : ({ [k]: v } as Record<K, V>));
  return {
    AlarmName: a.name,
    AlarmArn: a.arn,
    ...opt('AlarmDescription', c.AlarmDescription),
    AlarmConfigurationUpdatedTimestamp: new Date(a.configUpdatedAt),
    ActionsEnabled: c.ActionsEnabled,
    OKActions: c.OKActions,
    AlarmActions: c.AlarmActions,
    InsufficientDataActions: c.InsufficientDataActions,
    StateValue: a.state,
    StateReason: a.stateReason.slice(0, 1023),
    ...opt('StateReasonData', a.stateReasonData),
    StateUpdatedTimestamp: new Date(a.stateUpdatedAt),
    ...opt('MetricName', c.MetricName),
    ...opt('Namespace', c.Namespace),
    ...opt('Statistic', c.Statistic),
    ...opt('ExtendedStatistic', c.ExtendedStatistic),
    Dimensions: c.Dimensions,
    ...opt('Period', c.Period),
    ...opt('Unit', c.Unit),
    EvaluationPeriods: c.EvaluationPeriods,
    ...opt('DatapointsToAlarm', c.DatapointsToAlarm),
    ...opt('Threshold', c.Threshold),
    ComparisonOperator: c.ComparisonOperator,
    ...opt('TreatMissingData', c.TreatMissingData),
    ...opt('Metrics', c.Metrics),
    StateTransitionedTimestamp: new Date(a.stateTransitionedAt),
  };
}

const DescribeAlarms: SimHandler<CloudWatchState> = (input: any, { state }: Ctx) => {
  if (input.AlarmNames?.length && input.AlarmNamePrefix !== undefined)
    throw combination('The parameters AlarmNames and AlarmNamePrefix are mutually exclusive.');
  const types: string[] = input.AlarmTypes ?? ['MetricAlarm'];
  const alarms = !types.includes('MetricAlarm')
    ? []
    : [...state.alarms.values()]
        .filter((a) => !input.AlarmNames?.length || input.AlarmNames.includes(a.name))
        .filter((a) => input.AlarmNamePrefix === undefined || a.name.startsWith(input.AlarmNamePrefix))
        .filter((a) => input.StateValue === undefined || a.state === input.StateValue)
        .filter(
          (a) =>
            input.ActionPrefix === undefined ||
            [...a.config.AlarmActions, ...a.config.OKActions, ...a.config.InsufficientDataActions].some((x) =>
              x.startsWith(input.ActionPrefix),
            ),
        )
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const p = page(alarms, input.NextToken, input.MaxRecords ?? 50);
  return { MetricAlarms: p.items.map(alarmOut), CompositeAlarms: [], ...(p.next ? { NextToken: p.next } : {}) };
};

const DescribeAlarmsForMetric: SimHandler<CloudWatchState> = (input: any, { state }: Ctx) => {
  const dims = (x: Array<{ Name: string; Value: string }> = []) =>
    x
      .map((d) => `${d.Name}=${d.Value}`)
      .sort()
      .join('|');
  const alarms = [...state.alarms.values()].filter((a) => {
    const c = a.config;
    return (
      c.MetricName === input.MetricName &&
      c.Namespace === input.Namespace &&
      (input.Statistic === undefined || c.Statistic === input.Statistic) &&
      (input.ExtendedStatistic === undefined || c.ExtendedStatistic === input.ExtendedStatistic) &&
      (input.Period === undefined || c.Period === input.Period) &&
      (input.Unit === undefined || c.Unit === input.Unit) &&
      (input.Dimensions === undefined || dims(c.Dimensions) === dims(input.Dimensions))
    );
  });
  return { MetricAlarms: alarms.map(alarmOut) };
};

const SetAlarmState: SimHandler<CloudWatchState> = (input: any, { state, world }: Ctx) => {
  const a = state.alarm(input.AlarmName);
  if (!a) throw awsError('ResourceNotFound', `Alarm ${input.AlarmName} not found`, { status: 404 });
  if (input.StateReasonData !== undefined) {
    try {
      JSON.parse(input.StateReasonData);
    } catch {
      throw awsError('InvalidFormat', 'StateReasonData is not valid JSON.');
    }
  }
  state.setState(a, input.StateValue, input.StateReason, world.clock.now(), input.StateReasonData);
  return {};
};

const DeleteAlarms: SimHandler<CloudWatchState> = (input: any, { state }: Ctx) => {
  const missing = (input.AlarmNames as string[]).filter((n) => !state.alarm(n));
  if (missing.length)
    throw awsError('ResourceNotFound', `The following alarms were not found: ${missing.join(', ')}`, { status: 404 });
  state.deleteAlarms(input.AlarmNames);
  return {};
};

const EnableAlarmActions: SimHandler<CloudWatchState> = (input: any, { state }: Ctx) => {
  for (const n of input.AlarmNames as string[]) {
    const a = state.alarm(n);
    if (a) a.config.ActionsEnabled = true;
  }
  return {};
};

const DisableAlarmActions: SimHandler<CloudWatchState> = (input: any, { state }: Ctx) => {
  for (const n of input.AlarmNames as string[]) {
    const a = state.alarm(n);
    if (a) a.config.ActionsEnabled = false;
  }
  return {};
};

const DescribeAlarmHistory: SimHandler<CloudWatchState> = (input: any, { state }: Ctx) => {
  const start = input.StartDate !== undefined ? timeOf(input.StartDate) : -Infinity;
  const end = input.EndDate !== undefined ? timeOf(input.EndDate) : Infinity;
  const items = [...state.alarms.values()]
    .filter((a) => input.AlarmName === undefined || a.name === input.AlarmName)
    .flatMap((a) => a.history.map((h) => ({ a, h })))
    .filter(({ h }) => h.at >= start && h.at <= end)
    .filter(({ h }) => input.HistoryItemType === undefined || h.type === input.HistoryItemType)
    .sort((x, y) => (input.ScanBy === 'TimestampAscending' ? x.h.at - y.h.at : y.h.at - x.h.at));
  const p = page(items, input.NextToken, input.MaxRecords ?? 100);
  return {
    AlarmHistoryItems: p.items.map(({ a, h }) => ({
      AlarmName: a.name,
      AlarmType: 'MetricAlarm',
      Timestamp: new Date(h.at),
      HistoryItemType: h.type,
      HistorySummary: h.summary.slice(0, 255),
      HistoryData: h.data.slice(0, 4095),
    })),
    ...(p.next ? { NextToken: p.next } : {}),
  };
};

/** CloudWatch API handlers by operation name. */
export const cloudwatchHandlers: Record<string, SimHandler<CloudWatchState>> = {
  PutMetricData,
  GetMetricData,
  GetMetricStatistics,
  ListMetrics,
  PutMetricAlarm,
  DescribeAlarms,
  DescribeAlarmsForMetric,
  SetAlarmState,
  DeleteAlarms,
  EnableAlarmActions,
  DisableAlarmActions,
  DescribeAlarmHistory,
};
