import type { AtlasCluster, AtlasRegionConfig, AtlasReplicationSpec } from '../client/types';
import { toAtlasRegion } from '../client/regions';

/** Nodes and election priority of one region of a replica set (Atlas region names: `US_EAST_1`). */
export interface RegionLayout {
  readonly regionName: string;
  /** 7 for the preferred region, then 6, 5, …; 0 for a region without electable nodes. */
  readonly priority: number;
  readonly electableNodes: number;
  readonly readOnlyNodes?: number;
  readonly analyticsNodes?: number;
}

/**
 * The region layout of a replica set cluster: its single replication spec's `regionConfigs`,
 * read as plain numbers. `undefined` when the cluster is sharded (more than one replication
 * spec) or has none, which drkit does not rewrite.
 *
 * @example
 * ```ts
 * regionLayoutOf(cluster); // [{ regionName: 'US_EAST_1', priority: 7, electableNodes: 3, … }, …]
 * ```
 */
export function regionLayoutOf(cluster: AtlasCluster): RegionLayout[] | undefined {
  const specs: readonly AtlasReplicationSpec[] = Array.isArray(cluster.replicationSpecs)
    ? cluster.replicationSpecs
    : [];
  if (specs.length !== 1) return undefined;
  const configs: readonly AtlasRegionConfig[] = Array.isArray(specs[0]?.regionConfigs) ? specs[0].regionConfigs : [];
  if (configs.length === 0) return undefined;
  return configs.map((r: AtlasRegionConfig) => ({
    regionName: toAtlasRegion(String(r.regionName)),
    priority: Number(r.priority),
    electableNodes: Number(r.electableSpecs?.nodeCount ?? 0),
    readOnlyNodes: Number(r.readOnlySpecs?.nodeCount ?? 0),
    analyticsNodes: Number(r.analyticsSpecs?.nodeCount ?? 0),
  }));
}

/**
 * The preferred region of a layout: the region with electable nodes and the highest priority
 * (where Atlas keeps the primary while it is healthy).
 *
 * @example
 * ```ts
 * preferredRegion([{ regionName: 'US_EAST_1', priority: 7, electableNodes: 3 }, { regionName: 'US_WEST_2', priority: 6, electableNodes: 2 }]); // 'US_EAST_1'
 * ```
 */
export function preferredRegion(layout: readonly RegionLayout[]): string | undefined {
  const electable = layout.filter((r) => r.electableNodes > 0);
  electable.sort((a, b) => b.priority - a.priority);
  return electable[0]?.regionName;
}

/**
 * Every way `layout` breaks Atlas's rules for a replica set's regions (empty when it keeps
 * them): each region named once; electable nodes totalling 3, 5 or 7; regions with electable
 * nodes holding unique priorities that descend from 7 by one (7, 6, 5…); regions without
 * electable nodes priority 0.
 *
 * @example
 * ```ts
 * regionLayoutProblems([{ regionName: 'US_EAST_1', priority: 6, electableNodes: 2 }]);
 * // ['electable nodes total 2; Atlas allows 3, 5 or 7', 'the highest priority is 6; it must be 7']
 * ```
 */
export function regionLayoutProblems(layout: readonly RegionLayout[]): string[] {
  const problems: string[] = [];
  if (layout.length === 0) return ['there must be at least one region'];
  const names = layout.map((r) => toAtlasRegion(r.regionName));
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) problems.push(`region ${dup} appears more than once`);
  for (const r of layout) {
    for (const [field, v] of [
      ['electableNodes', r.electableNodes],
      ['readOnlyNodes', r.readOnlyNodes ?? 0],
      ['analyticsNodes', r.analyticsNodes ?? 0],
    ] as const)
      if (!Number.isInteger(v) || v < 0)
        problems.push(`${r.regionName}: ${field} must be a whole number of at least 0`);
    if (!Number.isInteger(r.priority)) problems.push(`${r.regionName}: priority must be a whole number`);
  }
  const total = layout.reduce((n, r) => n + (Number.isInteger(r.electableNodes) ? r.electableNodes : 0), 0);
  if (![3, 5, 7].includes(total)) problems.push(`electable nodes total ${total}; Atlas allows 3, 5 or 7`);
  const electable = layout.filter((r) => r.electableNodes > 0);
  const priorities = electable.map((r) => r.priority).sort((a, b) => b - a);
  if (new Set(priorities).size !== priorities.length)
    problems.push('regions with electable nodes must have unique priorities');
  if (priorities.length > 0 && priorities[0] !== 7)
    problems.push(`the highest priority is ${priorities[0]}; it must be 7`);
  for (let i = 1; i < priorities.length; i++)
    if (priorities[i] !== priorities[i - 1]! - 1 && priorities[i] !== priorities[i - 1])
      problems.push(`priority ${priorities[i]} follows ${priorities[i - 1]}; priorities must descend by one`);
  for (const r of layout)
    if (r.electableNodes === 0 && r.priority !== 0)
      problems.push(`${r.regionName} has no electable nodes, so its priority must be 0`);
  return problems;
}

/**
 * The layout with `region` as the preferred region: it gets priority 7 and the other regions
 * with electable nodes keep their order below it (6, 5, …); regions without electable nodes
 * keep 0. Node counts do not change.
 *
 * @example
 * ```ts
 * preferRegion(layout, 'US_WEST_2'); // US_WEST_2 → 7, US_EAST_1 → 6
 * ```
 */
export function preferRegion(layout: readonly RegionLayout[], region: string): RegionLayout[] {
  const wanted = toAtlasRegion(region);
  const order = layout
    .filter((r) => r.electableNodes > 0 && r.regionName !== wanted)
    .sort((a, b) => b.priority - a.priority)
    .map((r) => r.regionName);
  const rank = new Map<string, number>([[wanted, 7], ...order.map((name, i) => [name, 6 - i] as [string, number])]);
  return layout.map((r) => ({ ...r, priority: r.electableNodes > 0 ? (rank.get(r.regionName) ?? 0) : 0 }));
}

/**
 * The cluster's `replicationSpecs` with the priorities of `layout` written into its
 * `regionConfigs` (every other field kept as Atlas returned it), for a PATCH.
 *
 * @example
 * ```ts
 * await client.updateCluster(name, { replicationSpecs: withPriorities(cluster, preferRegion(layout, 'US_WEST_2')) });
 * ```
 */
export function withPriorities(cluster: AtlasCluster, layout: readonly RegionLayout[]): unknown[] {
  const priority = new Map(layout.map((r) => [toAtlasRegion(r.regionName), r.priority]));
  return (cluster.replicationSpecs ?? []).map((spec) => ({
    ...spec,
    regionConfigs: spec.regionConfigs.map((rc) => ({
      ...rc,
      priority: priority.get(toAtlasRegion(String(rc.regionName))) ?? rc.priority,
    })),
  }));
}

/**
 * `regionConfigs` for a new cluster (v2 `2024-08-05` shape) from a layout and an instance size.
 *
 * @example
 * ```ts
 * regionConfigsFor([{ regionName: 'US_WEST_2', priority: 7, electableNodes: 3 }], 'M30');
 * ```
 */
export function regionConfigsFor(layout: readonly RegionLayout[], instanceSize: string): Record<string, unknown>[] {
  return layout.map((r) => ({
    providerName: 'AWS',
    regionName: toAtlasRegion(r.regionName),
    priority: r.priority,
    electableSpecs: { instanceSize, nodeCount: r.electableNodes },
    readOnlySpecs: { instanceSize, nodeCount: r.readOnlyNodes ?? 0 },
    analyticsSpecs: { instanceSize, nodeCount: r.analyticsNodes ?? 0 },
  }));
}

/**
 * One line describing a priority change: `US_WEST_2 6 → 7, US_EAST_1 7 → 6`.
 *
 * @example
 * ```ts
 * describePriorityChange(before, after); // 'US_WEST_2 6 → 7, US_EAST_1 7 → 6'
 * ```
 */
export function describePriorityChange(before: readonly RegionLayout[], after: readonly RegionLayout[]): string {
  const was = new Map(before.map((r) => [r.regionName, r.priority]));
  const changes = after
    .filter((r) => was.get(r.regionName) !== r.priority)
    .sort((a, b) => b.priority - a.priority)
    .map((r) => `${r.regionName} ${was.get(r.regionName) ?? '?'} → ${r.priority}`);
  return changes.length > 0 ? changes.join(', ') : 'no change';
}
