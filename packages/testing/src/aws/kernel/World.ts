import type { VirtualClock } from '../../time/VirtualClock';
import type { SeededRandom } from '../../time/SeededRandom';
import type { FaultInjector } from '../../faults/FaultInjector';
import type { CallRecorder } from '../../recorder/CallRecorder';
import type { SimResources } from './SimResources';
import type { SimServiceDefinition, SimState, SimWorld } from './SimService';

/**
 * The {@link SimWorld} of one simulated cloud: holds every service's per-region state, created
 * on first use and synced to the current virtual time on every access.
 */
export class World implements SimWorld {
  readonly #states = new Map<string, SimState>();
  readonly #disposers: Array<() => Promise<void> | void> = [];

  constructor(
    readonly clock: VirtualClock,
    readonly rng: SeededRandom,
    readonly faults: FaultInjector,
    readonly recorder: CallRecorder,
    readonly accountId: string,
    readonly regions: readonly string[],
    readonly resources: SimResources,
  ) {}

  /** The state of `service` in `region` (`'global'` is forced for global services). */
  state<S extends SimState>(service: SimServiceDefinition<S>, region: string): S {
    const where = service.global ? 'global' : region;
    const key = `${service.name}\u0000${where}`;
    let s = this.#states.get(key) as S | undefined;
    if (!s) {
      s = service.createState(where, this);
      this.#states.set(key, s);
    }
    s.sync?.(this.clock.now());
    return s;
  }

  /** Registers clean-up run by {@link World.dispose}. */
  onDispose(dispose: () => Promise<void> | void): void {
    this.#disposers.push(dispose);
  }

  /** Runs every registered clean-up once, newest first; failures are collected, not thrown midway. */
  async dispose(): Promise<void> {
    const failures: unknown[] = [];
    while (this.#disposers.length > 0) {
      const next = this.#disposers.pop()!;
      try {
        await next();
      } catch (e) {
        failures.push(e);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, 'simulated cloud clean-up failed');
  }
}
