/**
 * One call a primitive would make (in a dry run) or made that changes something. Inputs are
 * summaries without secrets: override *names*, not values.
 */
export interface PlannedCall {
  /** The port: `'RecoveryPointSource'`, `'TrafficRouter'`, `'Standby'`, `'Check'`, `'reporter'`. */
  readonly port: string;
  /** The adapter's name (`source.name`, `router.name`, `standby.name`, the check's name). */
  readonly target: string;
  /** The port method: `'startRestore'`, `'applyRouting'`, `'promote'`… */
  readonly operation: string;
  readonly input?: Readonly<Record<string, unknown>>;
}
