import { awsError } from '../kernel/SimService';

/**
 * Aggregated observations of one metric at one timestamp: a statistic set, plus the raw values
 * (custom metrics) or a percentile function (load balancer latency) when percentiles exist.
 */
export interface MetricSample {
  readonly t: number;
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  readonly values?: readonly number[];
  readonly percentile?: (p: number) => number;
}

/** A series as `GetMetricData` returns it: parallel timestamps and values, oldest first. */
export interface Series {
  readonly timestamps: number[];
  readonly values: number[];
}

const SIMPLE_STATS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;

/** Whether `stat` is a statistic the simulation computes (the five simple ones or `pNN`). */
export function isSupportedStat(stat: string): boolean {
  return (SIMPLE_STATS as readonly string[]).includes(stat) || /^p(\d{1,2}(\.\d+)?|100)$/.test(stat);
}

/** One statistic over the samples of one period (undefined when it has no value). */
export function statOf(samples: readonly MetricSample[], stat: string): number | undefined {
  if (samples.length === 0) return undefined;
  const count = samples.reduce((n, s) => n + s.count, 0);
  switch (stat) {
    case 'SampleCount':
      return count;
    case 'Sum':
      return samples.reduce((n, s) => n + s.sum, 0);
    case 'Average':
      return count > 0 ? samples.reduce((n, s) => n + s.sum, 0) / count : undefined;
    case 'Minimum':
      return Math.min(...samples.map((s) => s.min));
    case 'Maximum':
      return Math.max(...samples.map((s) => s.max));
  }
  const m = /^p(\d+(?:\.\d+)?)$/.exec(stat);
  if (!m) return undefined;
  const p = Number(m[1]);
  if (samples.every((s) => s.values)) {
    const all = samples.flatMap((s) => s.values!).sort((a, b) => a - b);
    if (all.length === 0) return undefined;
    const rank = Math.max(1, Math.ceil((p / 100) * all.length));
    return all[rank - 1];
  }
  if (samples.every((s) => s.percentile) && count > 0) {
    return samples.reduce((n, s) => n + s.percentile!(p) * s.count, 0) / count;
  }
  return undefined;
}

/**
 * Buckets samples into periods aligned on multiples of `periodS` from the epoch and computes
 * one statistic per bucket; empty buckets have no datapoint.
 */
export function bucketize(
  samples: readonly MetricSample[],
  periodS: number,
  stat: string,
  start: number,
  end: number,
): Series {
  const p = periodS * 1000;
  const buckets = new Map<number, MetricSample[]>();
  for (const s of samples) {
    if (s.t < start || s.t >= end) continue;
    const b = Math.floor(s.t / p) * p;
    let list = buckets.get(b);
    if (!list) buckets.set(b, (list = []));
    list.push(s);
  }
  const timestamps: number[] = [];
  const values: number[] = [];
  for (const b of [...buckets.keys()].sort((a, c) => a - c)) {
    const v = statOf(buckets.get(b)!, stat);
    if (v !== undefined && Number.isFinite(v)) {
      timestamps.push(b);
      values.push(v);
    }
  }
  return { timestamps, values };
}

type Token = { kind: 'num'; value: number } | { kind: 'id'; value: string } | { kind: 'op'; value: string };

function tokenize(expr: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?)|([a-z][a-zA-Z0-9_]*)|([-+*/()]))/y;
  let i = 0;
  while (i < expr.length) {
    if (/\s/.test(expr[i]!)) {
      i++;
      continue;
    }
    re.lastIndex = i;
    const m = re.exec(expr);
    if (!m) throw unsupported(expr);
    if (m[1] !== undefined) out.push({ kind: 'num', value: Number(m[1]) });
    else if (m[2] !== undefined) out.push({ kind: 'id', value: m[2] });
    else out.push({ kind: 'op', value: m[3]! });
    i = re.lastIndex;
  }
  return out;
}

function unsupported(expr: string) {
  return awsError(
    'ValidationError',
    `The expression ${JSON.stringify(expr)} is not supported by the simulation (arithmetic on query ids and numbers only).`,
  );
}

type Value = number | Map<number, number>;

/**
 * Evaluates a metric-math expression made of query ids, numbers, `+ - * /` and parentheses,
 * aligning series on their common timestamps (as metric math does for arithmetic).
 *
 * @example
 * ```ts
 * evaluateExpression('100 * errors / requests', { errors, requests }); // error rate in percent
 * ```
 */
export function evaluateExpression(expr: string, series: Readonly<Record<string, Series>>): Series {
  const tokens = tokenize(expr);
  let pos = 0;
  const peek = () => tokens[pos];
  const toMap = (s: Series) => new Map(s.timestamps.map((t, i) => [t, s.values[i]!]));
  const apply = (a: Value, b: Value, op: string): Value => {
    const f = (x: number, y: number) => (op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : x / y);
    if (typeof a === 'number' && typeof b === 'number') return f(a, b);
    const out = new Map<number, number>();
    if (typeof a === 'number') for (const [t, v] of b as Map<number, number>) out.set(t, f(a, v));
    else if (typeof b === 'number') for (const [t, v] of a) out.set(t, f(v, b));
    else for (const [t, v] of a) if (b.has(t)) out.set(t, f(v, b.get(t)!));
    return out;
  };
  const primary = (): Value => {
    const t = tokens[pos++];
    if (!t) throw unsupported(expr);
    if (t.kind === 'num') return t.value;
    if (t.kind === 'id') {
      const s = series[t.value];
      if (!s)
        throw awsError(
          'ValidationError',
          `Unknown metric id ${JSON.stringify(t.value)} in expression ${JSON.stringify(expr)}.`,
        );
      return toMap(s);
    }
    if (t.value === '(') {
      const v = sum();
      if (tokens[pos++]?.value !== ')') throw unsupported(expr);
      return v;
    }
    if (t.value === '-') return apply(-1, primary(), '*');
    throw unsupported(expr);
  };
  const product = (): Value => {
    let v = primary();
    while (peek()?.kind === 'op' && (peek()!.value === '*' || peek()!.value === '/')) {
      const op = String(tokens[pos++]!.value);
      v = apply(v, primary(), op);
    }
    return v;
  };
  const sum = (): Value => {
    let v = product();
    while (peek()?.kind === 'op' && (peek()!.value === '+' || peek()!.value === '-')) {
      const op = String(tokens[pos++]!.value);
      v = apply(v, product(), op);
    }
    return v;
  };
  const result = sum();
  if (pos !== tokens.length) throw unsupported(expr);
  if (typeof result === 'number') return { timestamps: [], values: [] };
  const ts = [...result.keys()].filter((t) => Number.isFinite(result.get(t)!)).sort((a, b) => a - b);
  return { timestamps: ts, values: ts.map((t) => result.get(t)!) };
}
