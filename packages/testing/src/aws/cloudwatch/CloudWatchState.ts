import type { SimState, SimWorld } from '../kernel/SimService';
import { snsService } from '../sns';
import { ALB_NAMESPACE, albMetricList, albSamples } from './loadBalancerMetrics';
import { bucketize, evaluateExpression, type MetricSample, type Series } from './metricMath';

/** A metric dimension. */
export interface Dimension {
  Name: string;
  Value: string;
}

/** A metric as the API names it. */
export interface MetricId {
  Namespace: string;
  MetricName: string;
  Dimensions?: Dimension[];
}

/** A `MetricDataQuery` (API shape). */
export interface MetricDataQuery {
  Id: string;
  MetricStat?: { Metric: Partial<MetricId>; Period: number; Stat: string; Unit?: string };
  Expression?: string;
  Label?: string;
  ReturnData?: boolean;
  Period?: number;
}

/** The configuration of a metric alarm (the `PutMetricAlarm` input, normalised). */
export interface AlarmConfig {
  AlarmName: string;
  AlarmDescription?: string;
  ActionsEnabled: boolean;
  OKActions: string[];
  AlarmActions: string[];
  InsufficientDataActions: string[];
  MetricName?: string;
  Namespace?: string;
  Statistic?: string;
  ExtendedStatistic?: string;
  Dimensions: Dimension[];
  Period?: number;
  Unit?: string;
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  Threshold?: number;
  ComparisonOperator: string;
  TreatMissingData?: string;
  Metrics?: MetricDataQuery[];
}

/** An alarm state value. */
export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** One entry of an alarm's history. */
export interface AlarmHistoryEntry {
  readonly at: number;
  readonly type: 'ConfigurationUpdate' | 'StateUpdate' | 'Action';
  readonly summary: string;
  readonly data: string;
}

/** A simulated metric alarm. */
export interface SimAlarm {
  readonly name: string;
  readonly arn: string;
  config: AlarmConfig;
  configUpdatedAt: number;
  state: AlarmStateValue;
  stateReason: string;
  stateReasonData?: string;
  stateUpdatedAt: number;
  stateTransitionedAt: number;
  /** Last evaluation tick processed. */
  lastEvaluatedAt: number;
  readonly history: AlarmHistoryEntry[];
}

/** Called on every alarm state transition (CodeDeploy uses this to stop deployments on alarm). */
export type AlarmListener = (alarm: SimAlarm, from: AlarmStateValue, to: AlarmStateValue, at: number) => void;

interface StoredMetric {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Dimension[];
  unit?: string;
  readonly samples: MetricSample[];
}

const REGION_NAMES: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-1': 'US West (N. California)',
  'us-west-2': 'US West (Oregon)',
  'eu-west-1': 'EU (Ireland)',
  'eu-central-1': 'EU (Frankfurt)',
};

const COMPARISONS: Record<string, { test: (v: number, t: number) => boolean; words: string }> = {
  GreaterThanOrEqualToThreshold: { test: (v, t) => v >= t, words: 'greater than or equal to' },
  GreaterThanThreshold: { test: (v, t) => v > t, words: 'greater than' },
  LessThanThreshold: { test: (v, t) => v < t, words: 'less than' },
  LessThanOrEqualToThreshold: { test: (v, t) => v <= t, words: 'less than or equal to' },
};

/** The comparison operators the simulation evaluates (anomaly-detection bands are not simulated). */
export const SUPPORTED_COMPARISONS = Object.keys(COMPARISONS);

/**
 * A stable key for a metric (namespace, name, dimension set).
 *
 * @example
 * ```ts
 * metricKey('AWS/ApplicationELB', 'RequestCount', [{ Name: 'LoadBalancer', Value: 'app/jobs/1' }]);
 * ```
 */
export function metricKey(
  namespace: string,
  name: string,
  dimensions: ReadonlyArray<{ Name?: string; Value?: string }> = [],
): string {
  const dims = [...dimensions].map((d) => `${d.Name ?? ''}=${d.Value ?? ''}`).sort();
  return `${namespace}\u0000${name}\u0000${dims.join('\u0000')}`;
}

const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, '.000+0000');
const short = (t: number) => {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCFullYear() % 100)} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
};

/**
 * CloudWatch state of one region: custom metrics (PutMetricData), the `AWS/ApplicationELB`
 * metrics of the simulated application, and metric alarms evaluated every minute of virtual
 * time, with their history and actions (SNS notifications).
 *
 * @example
 * ```ts
 * const cw = cloud.state(cloudwatchService, 'us-east-1');
 * cw.putAlarm({ AlarmName: 'api-5xx', Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count',
 *   Dimensions: [{ Name: 'LoadBalancer', Value: lb.dimension }], Statistic: 'Sum', Period: 60,
 *   EvaluationPeriods: 3, Threshold: 50, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' });
 * cw.alarm('api-5xx')?.state; // 'OK' once evaluated
 * ```
 */
export class CloudWatchState implements SimState {
  readonly region: string;
  readonly world: SimWorld;
  readonly metrics = new Map<string, StoredMetric>();
  readonly alarms = new Map<string, SimAlarm>();
  readonly #listeners: AlarmListener[] = [];
  #syncing = false;
  /** How far back alarm evaluation catches up after a long jump of virtual time. Default 24 h. */
  catchUpMs = 24 * 3_600_000;

  constructor(region: string, world: SimWorld) {
    this.region = region;
    this.world = world;
  }

  /** Registers a listener for alarm state transitions; returns a function that removes it. */
  onAlarmTransition(listener: AlarmListener): () => void {
    this.#listeners.push(listener);
    return () => {
      const i = this.#listeners.indexOf(listener);
      if (i >= 0) this.#listeners.splice(i, 1);
    };
  }

  // ---- metrics ------------------------------------------------------------------------------

  /** Stores one observation set of a custom metric. */
  putSample(metric: MetricId, sample: MetricSample, unit?: string): void {
    const key = metricKey(metric.Namespace, metric.MetricName, metric.Dimensions);
    let m = this.metrics.get(key);
    if (!m) {
      m = {
        namespace: metric.Namespace,
        name: metric.MetricName,
        dimensions: [...(metric.Dimensions ?? [])],
        samples: [],
      };
      this.metrics.set(key, m);
    }
    if (unit) m.unit = unit;
    m.samples.push(sample);
  }

  /** Every metric of the region (custom ones and those of its load balancers). */
  listMetrics(): Array<{ Namespace: string; MetricName: string; Dimensions: Dimension[] }> {
    const custom = [...this.metrics.values()].map((m) => ({
      Namespace: m.namespace,
      MetricName: m.name,
      Dimensions: m.dimensions,
    }));
    const alb = albMetricList(this.world, this.region).map((m) => ({
      Namespace: ALB_NAMESPACE,
      MetricName: m.name,
      Dimensions: m.dimensions,
    }));
    return [...custom, ...alb];
  }

  /** The samples of a metric in `[start, end)` (load balancer metrics are derived on the fly). */
  samples(metric: Partial<MetricId>, start: number, end: number): MetricSample[] {
    if (!metric.Namespace || !metric.MetricName) return [];
    if (metric.Namespace === ALB_NAMESPACE) {
      return albSamples(this.world, this.region, metric.MetricName, metric.Dimensions ?? [], start, end) ?? [];
    }
    const m = this.metrics.get(metricKey(metric.Namespace, metric.MetricName, metric.Dimensions));
    return m ? m.samples.filter((s) => s.t >= start && s.t < end && s.t <= this.world.clock.now()) : [];
  }

  /**
   * Runs metric data queries over `[start, end)` (metric stats and arithmetic expressions) and
   * returns every query's series by id.
   */
  query(queries: readonly MetricDataQuery[], start: number, end: number): Map<string, Series> {
    const out = new Map<string, Series>();
    const pending = [...queries];
    for (const q of pending.filter((x) => x.MetricStat)) {
      const ms = q.MetricStat!;
      out.set(q.Id, bucketize(this.samples(ms.Metric, start, end), ms.Period, ms.Stat, start, end));
    }
    // Expressions may reference each other: resolve until nothing changes.
    let left = pending.filter((x) => !x.MetricStat && x.Expression);
    for (let round = 0; left.length && round < queries.length + 1; round++) {
      const next: MetricDataQuery[] = [];
      for (const q of left) {
        const refs = (q.Expression!.match(/[a-z][a-zA-Z0-9_]*/g) ?? []).filter((r) => queries.some((x) => x.Id === r));
        if (refs.every((r) => out.has(r))) out.set(q.Id, evaluateExpression(q.Expression!, Object.fromEntries(out)));
        else next.push(q);
      }
      left = next;
    }
    for (const q of left) out.set(q.Id, evaluateExpression(q.Expression!, Object.fromEntries(out)));
    return out;
  }

  // ---- alarms ---------------------------------------------------------------------------------

  /** A live alarm by name. */
  alarm(name: string): SimAlarm | undefined {
    return this.alarms.get(name);
  }

  /** Creates or replaces an alarm (the state of an existing alarm is kept, as the service does). */
  putAlarm(
    input: Partial<AlarmConfig> & { AlarmName: string; EvaluationPeriods: number; ComparisonOperator: string },
  ): SimAlarm {
    const now = this.world.clock.now();
    const config: AlarmConfig = {
      ...input,
      ActionsEnabled: input.ActionsEnabled ?? true,
      OKActions: [...(input.OKActions ?? [])],
      AlarmActions: [...(input.AlarmActions ?? [])],
      InsufficientDataActions: [...(input.InsufficientDataActions ?? [])],
      Dimensions: [...(input.Dimensions ?? [])],
    };
    const existing = this.alarms.get(input.AlarmName);
    if (existing) {
      existing.config = config;
      existing.configUpdatedAt = now;
      existing.history.push({
        at: now,
        type: 'ConfigurationUpdate',
        summary: `Alarm "${existing.name}" updated`,
        data: JSON.stringify({ type: 'Update' }),
      });
      return existing;
    }
    const alarm: SimAlarm = {
      name: input.AlarmName,
      arn: `arn:aws:cloudwatch:${this.region}:${this.world.accountId}:alarm:${input.AlarmName}`,
      config,
      configUpdatedAt: now,
      state: 'INSUFFICIENT_DATA',
      stateReason: 'Unchecked: Initial alarm creation',
      stateUpdatedAt: now,
      stateTransitionedAt: now,
      lastEvaluatedAt: now,
      history: [
        {
          at: now,
          type: 'ConfigurationUpdate',
          summary: `Alarm "${input.AlarmName}" created`,
          data: JSON.stringify({ type: 'Create' }),
        },
      ],
    };
    this.alarms.set(alarm.name, alarm);
    return alarm;
  }

  /** Deletes alarms by name. */
  deleteAlarms(names: readonly string[]): void {
    for (const n of names) this.alarms.delete(n);
  }

  /**
   * Sets an alarm's state now (as `SetAlarmState` does: it holds until the next evaluation),
   * firing listeners and actions on a transition.
   */
  setState(alarm: SimAlarm, value: AlarmStateValue, reason: string, at: number, reasonData?: string): void {
    const from = alarm.state;
    alarm.stateReason = reason;
    if (reasonData !== undefined) alarm.stateReasonData = reasonData;
    else delete alarm.stateReasonData;
    alarm.stateUpdatedAt = at;
    if (from === value) return;
    alarm.state = value;
    alarm.stateTransitionedAt = at;
    alarm.history.push({
      at,
      type: 'StateUpdate',
      summary: `Alarm updated from ${from} to ${value}`,
      data: JSON.stringify({
        version: '1.0',
        oldState: { stateValue: from },
        newState: { stateValue: value, stateReason: reason },
      }),
    });
    this.#act(alarm, from, value, at);
    for (const l of [...this.#listeners]) l(alarm, from, value, at);
  }

  /** Evaluates every alarm at each minute boundary up to `now`. */
  sync(now: number): void {
    if (this.#syncing) return;
    this.#syncing = true;
    try {
      for (const alarm of this.alarms.values()) {
        const tick = Math.min(60, alarm.config.Period ?? 60) * 1000;
        let next = Math.floor(Math.max(alarm.lastEvaluatedAt, now - this.catchUpMs) / tick) * tick + tick;
        for (; next <= now; next += tick) {
          alarm.lastEvaluatedAt = next;
          // CloudWatch itself is dark during a region outage: nothing is evaluated.
          if (this.world.faults.isRegionDown(this.region, next)) continue;
          this.#evaluate(alarm, next);
          if (!this.alarms.has(alarm.name)) break;
        }
      }
    } finally {
      this.#syncing = false;
    }
  }

  /** The datapoints an alarm looks at when evaluated at `at`: one per period, oldest first (missing ones absent). */
  alarmDatapoints(alarm: SimAlarm, at: number): { period: number; points: Array<{ t: number; v: number }> } {
    const c = alarm.config;
    const periodS =
      c.Period ?? c.Metrics?.find((m) => m.MetricStat)?.MetricStat?.Period ?? c.Metrics?.[0]?.Period ?? 60;
    const p = periodS * 1000;
    const end = Math.floor(at / p) * p;
    const start = end - c.EvaluationPeriods * p;
    let series: Series | undefined;
    if (c.Metrics?.length) {
      const results = this.query(c.Metrics, start, end);
      const main =
        c.Metrics.find((m) => m.ReturnData !== false && m.Expression) ?? c.Metrics.find((m) => m.ReturnData !== false);
      series = main ? results.get(main.Id) : undefined;
    } else {
      const stat = c.Statistic ?? c.ExtendedStatistic ?? 'Average';
      series = bucketize(
        this.samples({ Namespace: c.Namespace!, MetricName: c.MetricName!, Dimensions: c.Dimensions }, start, end),
        periodS,
        stat,
        start,
        end,
      );
    }
    const points = (series?.timestamps ?? []).map((t, i) => ({ t, v: series!.values[i]! }));
    return { period: periodS, points };
  }

  #evaluate(alarm: SimAlarm, at: number): void {
    const c = alarm.config;
    const { period, points } = this.alarmDatapoints(alarm, at);
    const n = c.EvaluationPeriods;
    const m = c.DatapointsToAlarm ?? n;
    const cmp = COMPARISONS[c.ComparisonOperator];
    if (!cmp || c.Threshold === undefined) return;
    const missing = n - points.length;
    const treat = c.TreatMissingData ?? 'missing';
    const breaching = points.filter((p) => cmp.test(p.v, c.Threshold!)).length + (treat === 'breaching' ? missing : 0);
    const stat = c.Statistic ?? c.ExtendedStatistic ?? (c.Metrics ? 'Expression' : 'Average');
    const reasonData = JSON.stringify({
      version: '1.0',
      queryDate: iso(at),
      startDate: iso(at - n * period * 1000),
      statistic: stat,
      period,
      recentDatapoints: points.map((p) => p.v),
      threshold: c.Threshold,
      evaluatedDatapoints: points.map((p) => ({ timestamp: iso(p.t), value: p.v })),
    });
    const shown = points.map((p) => `${p.v} (${short(p.t)})`).join(', ');
    if (points.length === 0 && treat !== 'breaching') {
      if (treat === 'ignore') return;
      if (treat === 'notBreaching')
        return this.setState(
          alarm,
          'OK',
          `Threshold Crossed: no datapoints were received for ${n} periods and ${n} missing datapoints were treated as [NonBreaching].`,
          at,
          reasonData,
        );
      return this.setState(
        alarm,
        'INSUFFICIENT_DATA',
        `Insufficient Data: ${n} datapoints were unknown.`,
        at,
        reasonData,
      );
    }
    if (breaching >= m) {
      return this.setState(
        alarm,
        'ALARM',
        `Threshold Crossed: ${breaching} out of the last ${n} datapoints [${shown}] ${breaching === 1 ? 'was' : 'were'} ${cmp.words} the threshold (${c.Threshold}) (minimum ${m} datapoint${m === 1 ? '' : 's'} for OK -> ALARM transition).`,
        at,
        reasonData,
      );
    }
    this.setState(
      alarm,
      'OK',
      `Threshold Crossed: ${points.length - breaching + (treat === 'notBreaching' ? missing : 0)} out of the last ${n} datapoints [${shown}] ${points.length - breaching === 1 ? 'was' : 'were'} not ${cmp.words} the threshold (${c.Threshold}) (minimum ${m} datapoint${m === 1 ? '' : 's'} for ALARM -> OK transition).`,
      at,
      reasonData,
    );
  }

  /** Sends the alarm's notifications for a transition to the SNS topics among its actions. */
  #act(alarm: SimAlarm, from: AlarmStateValue, to: AlarmStateValue, at: number): void {
    const c = alarm.config;
    if (!c.ActionsEnabled) return;
    const actions = to === 'ALARM' ? c.AlarmActions : to === 'OK' ? c.OKActions : c.InsufficientDataActions;
    for (const arn of actions) {
      const m = /^arn:aws[\w-]*:sns:([\w-]+):\d{12}:(.+)$/.exec(arn);
      if (!m || !this.world.regions.includes(m[1]!)) continue;
      const sns = this.world.state(snsService, m[1]!);
      if (!sns.topic(arn)) continue;
      const regionName = REGION_NAMES[this.region] ?? this.region;
      sns.publish({
        topicArn: arn,
        subject: `${to}: "${alarm.name}" in ${regionName}`.slice(0, 100),
        message: JSON.stringify({
          AlarmName: alarm.name,
          AlarmDescription: c.AlarmDescription ?? null,
          AWSAccountId: this.world.accountId,
          AlarmConfigurationUpdatedTimestamp: iso(alarm.configUpdatedAt),
          NewStateValue: to,
          NewStateReason: alarm.stateReason,
          StateChangeTime: iso(at),
          Region: regionName,
          AlarmArn: alarm.arn,
          OldStateValue: from,
          Trigger: {
            MetricName: c.MetricName,
            Namespace: c.Namespace,
            StatisticType: c.ExtendedStatistic ? 'ExtendedStatistic' : 'Statistic',
            Statistic: c.Statistic ?? c.ExtendedStatistic,
            Dimensions: c.Dimensions.map((d) => ({ value: d.Value, name: d.Name })),
            Period: c.Period,
            EvaluationPeriods: c.EvaluationPeriods,
            ComparisonOperator: c.ComparisonOperator,
            Threshold: c.Threshold,
            TreatMissingData: c.TreatMissingData ?? 'missing',
          },
        }),
        messageAttributes: {},
        source: 'cloudwatch',
      });
      alarm.history.push({
        at,
        type: 'Action',
        summary: `Successfully executed action ${arn}`,
        data: JSON.stringify({ actionState: 'Succeeded', notificationResource: arn }),
      });
    }
  }
}
