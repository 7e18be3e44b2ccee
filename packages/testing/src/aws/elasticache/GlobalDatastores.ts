import type { SimWorld } from '../kernel/SimService';

/** Role of a replication group in a Global Datastore, as the API spells it. */
export type GlobalRole = 'PRIMARY' | 'SECONDARY';

/** One member replication group of a {@link SimGlobalDatastore}. */
export interface SimGlobalMember {
  readonly groupId: string;
  readonly region: string;
  role: GlobalRole;
  /** When the member finished joining (its replication group became available). */
  associatedAt: number;
  /** When `DisassociateGlobalReplicationGroup` started, if it did. */
  disassociateAt?: number;
  /** When it left the datastore. */
  goneAt?: number;
}

/** A failover in flight. */
export interface SimGlobalFailover {
  readonly startedAt: number;
  readonly completeAt: number;
  readonly newPrimary: { readonly region: string; readonly groupId: string };
}

/** A simulated Global Datastore (global replication group). Every state change is a timestamp. */
export interface SimGlobalDatastore {
  readonly id: string;
  readonly arn: string;
  readonly description: string;
  readonly createdAt: number;
  /** When `creating` ends. */
  readonly availableAt: number;
  readonly engine: string;
  readonly engineVersion: string;
  readonly cacheNodeType: string;
  readonly clusterEnabled: boolean;
  readonly transitEncryption: boolean;
  readonly atRestEncryption: boolean;
  readonly authTokenEnabled: boolean;
  readonly members: SimGlobalMember[];
  failover?: SimGlobalFailover;
  /** Completed failovers, oldest first (evidence for drills). */
  readonly failovers: Array<SimGlobalFailover & { readonly from: { region: string; groupId: string } }>;
  /** When `DeleteGlobalReplicationGroup` started. */
  deleteAt?: number;
  goneAt?: number;
}

/**
 * The Global Datastores of one simulated cloud. They span regions, so they live beside the
 * per-region ElastiCache states rather than in one of them; every region's `sync` brings them
 * up to date first.
 */
export class GlobalDatastores {
  readonly byId = new Map<string, SimGlobalDatastore>();

  /** Applies every change due at or before `now` (failovers completing, members leaving, deletion). */
  sync(now: number): void {
    for (const g of this.byId.values()) {
      if (g.failover && g.failover.completeAt <= now) {
        const f = g.failover;
        const old = g.members.find((m) => m.role === 'PRIMARY' && m.goneAt === undefined);
        for (const m of g.members) {
          if (m.goneAt !== undefined) continue;
          m.role = m.region === f.newPrimary.region && m.groupId === f.newPrimary.groupId ? 'PRIMARY' : 'SECONDARY';
        }
        g.failovers.push({ ...f, from: { region: old?.region ?? '', groupId: old?.groupId ?? '' } });
        g.failover = undefined;
      }
      if (g.goneAt !== undefined && g.goneAt <= now) this.byId.delete(g.id);
    }
  }

  /** The datastore a replication group belongs to now (not counting members that left), if any. */
  membershipOf(
    region: string,
    groupId: string,
    now: number,
  ): { global: SimGlobalDatastore; member: SimGlobalMember } | undefined {
    for (const global of this.byId.values()) {
      if (global.goneAt !== undefined && global.goneAt <= now) continue;
      const member = global.members.find(
        (m) => m.region === region && m.groupId === groupId && (m.goneAt === undefined || m.goneAt > now),
      );
      if (member) return { global, member };
    }
    return undefined;
  }

  /** The current primary member. */
  static primary(global: SimGlobalDatastore, now: number): SimGlobalMember | undefined {
    return global.members.find((m) => m.role === 'PRIMARY' && (m.goneAt === undefined || m.goneAt > now));
  }

  /** Status of the datastore: `creating`, `primary-only`, `available`, `modifying`, `deleting`. */
  static status(global: SimGlobalDatastore, now: number): string {
    if (global.deleteAt !== undefined) return 'deleting';
    if (now < global.availableAt) return 'creating';
    if (global.failover && now < global.failover.completeAt) return 'modifying';
    const live = global.members.filter((m) => m.goneAt === undefined || m.goneAt > now);
    if (live.some((m) => m.disassociateAt !== undefined)) return 'modifying';
    const secondaries = live.filter((m) => m.role === 'SECONDARY' && m.associatedAt <= now);
    return secondaries.length === 0 ? 'primary-only' : 'available';
  }

  /** Status of one membership: `associating`, `associated`, `disassociating`. */
  static memberStatus(member: SimGlobalMember, now: number): string {
    if (member.disassociateAt !== undefined) return 'disassociating';
    return now < member.associatedAt ? 'associating' : 'associated';
  }
}

const STORES = new WeakMap<SimWorld, GlobalDatastores>();

/**
 * The Global Datastores of a simulated cloud.
 *
 * @example
 * ```ts
 * globalDatastores(world).byId.get('ldgnf-jobs'); // the datastore, if it exists
 * ```
 */
export function globalDatastores(world: SimWorld): GlobalDatastores {
  let store = STORES.get(world);
  if (!store) {
    store = new GlobalDatastores();
    STORES.set(world, store);
  }
  return store;
}
