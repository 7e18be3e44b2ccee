import type { SimWorld } from '../kernel/SimService';
import { appMinute, type LoadBalancerMinute } from '../../app/appMetrics';
import { elbv2Service } from '../elbv2';
import type { MetricSample } from './metricMath';

/** The namespace of Application Load Balancer metrics. */
export const ALB_NAMESPACE = 'AWS/ApplicationELB';

/** Metric names the simulation publishes for each application load balancer. */
export const ALB_METRICS = [
  'RequestCount',
  'HTTPCode_Target_2XX_Count',
  'HTTPCode_Target_5XX_Count',
  'HTTPCode_ELB_5XX_Count',
  'TargetResponseTime',
] as const;

/** Metric names published per target group (dimensions `TargetGroup` and `LoadBalancer`). */
export const ALB_TARGET_GROUP_METRICS = ['HealthyHostCount', 'UnHealthyHostCount'] as const;

function countSample(t: number, v: number): MetricSample {
  return { t, count: 1, sum: v, min: v, max: v };
}

function latencySample(t: number, m: LoadBalancerMinute): MetricSample | undefined {
  const l = m.latency;
  const served = m.requests - m.elb5xx;
  if (!l || served <= 0) return undefined;
  const s = (ms: number) => ms / 1000; // TargetResponseTime is in seconds
  const percentile = (p: number) => {
    if (p <= 50) return s(l.p50 * Math.max(0.2, p / 50));
    if (p <= 95) return s(l.p50 + ((l.p95 - l.p50) * (p - 50)) / 45);
    if (p <= 99) return s(l.p95 + ((l.p99 - l.p95) * (p - 95)) / 4);
    return s(l.p99 * (1 + (p - 99)));
  };
  return { t, count: served, sum: s(l.avg) * served, min: s(l.p50 * 0.2), max: s(l.p99 * 1.5), percentile };
}

/**
 * The per-minute samples of one `AWS/ApplicationELB` metric in `[start, end)`, derived from the
 * simulated application (only whole minutes that have passed, only while the region is up, and
 * — as ALBs do — count metrics only for minutes where they are non-zero). Undefined when the
 * dimensions name no load balancer of the region.
 */
export function albSamples(
  world: SimWorld,
  region: string,
  metricName: string,
  dimensions: ReadonlyArray<{ Name?: string; Value?: string }>,
  start: number,
  end: number,
): MetricSample[] | undefined {
  const dims = new Map(dimensions.map((d) => [d.Name ?? '', d.Value ?? '']));
  const lbDim = dims.get('LoadBalancer');
  const tgDim = dims.get('TargetGroup');
  const perTg = (ALB_TARGET_GROUP_METRICS as readonly string[]).includes(metricName);
  const expected = perTg ? 2 : 1;
  if (!lbDim || dims.size !== expected || (perTg && !tgDim)) return undefined;
  if (!perTg && !(ALB_METRICS as readonly string[]).includes(metricName)) return undefined;
  const elb = world.state(elbv2Service, region);
  const lb = [...elb.loadBalancers.values()].find((x) => x.dimension === lbDim);
  if (!lb) return undefined;
  const now = world.clock.now();
  const from = Math.max(start, Math.floor(lb.createdAt / 60_000) * 60_000);
  const until = Math.min(end, now - 60_000 + 1);
  const out: MetricSample[] = [];
  for (let t = Math.ceil(from / 60_000) * 60_000; t < until; t += 60_000) {
    const minute = appMinute(world, region, t);
    const m = minute.loadBalancers.find((x) => x.loadBalancer.arn === lb.arn);
    if (!m) continue;
    if (perTg) {
      const tg = m.targetGroups.find((x) => x.targetGroup.dimension === tgDim);
      if (tg) out.push(countSample(t, metricName === 'HealthyHostCount' ? tg.healthy : tg.unhealthy));
      continue;
    }
    const value: Record<string, number> = {
      RequestCount: m.requests,
      HTTPCode_Target_2XX_Count: m.target2xx,
      HTTPCode_Target_5XX_Count: m.target5xx,
      HTTPCode_ELB_5XX_Count: m.elb5xx,
    };
    if (metricName === 'TargetResponseTime') {
      const s = latencySample(t, m);
      if (s) out.push(s);
    } else if ((value[metricName] ?? 0) > 0) out.push(countSample(t, value[metricName]!));
  }
  return out;
}

/** Every `AWS/ApplicationELB` metric (name and dimensions) of a region's live load balancers. */
export function albMetricList(
  world: SimWorld,
  region: string,
): Array<{ name: string; dimensions: Array<{ Name: string; Value: string }> }> {
  const elb = world.state(elbv2Service, region);
  const out: Array<{ name: string; dimensions: Array<{ Name: string; Value: string }> }> = [];
  for (const lb of elb.loadBalancers.values()) {
    if (lb.deletedAt !== undefined || lb.type !== 'application') continue;
    for (const name of ALB_METRICS) out.push({ name, dimensions: [{ Name: 'LoadBalancer', Value: lb.dimension }] });
    for (const tg of elb.targetGroupsOf(lb))
      for (const name of ALB_TARGET_GROUP_METRICS)
        out.push({
          name,
          dimensions: [
            { Name: 'TargetGroup', Value: tg.dimension },
            { Name: 'LoadBalancer', Value: lb.dimension },
          ],
        });
  }
  return out;
}
