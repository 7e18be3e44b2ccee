/** One step of a scenario as it ran, for `report.json` and the HTML timeline. */
export interface DrillStepReport {
  name: string;
  /** `planned`: a dry run (nothing ran). */
  status: 'succeeded' | 'failed' | 'skipped' | 'compensated' | 'planned';
  /** ISO-8601 (virtual time on the simulated cloud). */
  startedAt: string;
  finishedAt: string;
  compensated: boolean;
  /** Cloud operations the step waited on (restore job, DNS propagation…), for the timeline. */
  operations?: Array<{ name: string; startedAt: string; readyAt: string }>;
  /** Why the step failed (`Kind: message`). */
  error?: string;
}

/** The outcome of one scenario. Field names are the drill's public contract (`report.json`). */
export interface DrillScenarioReport {
  name: string;
  title: string;
  status: 'passed' | 'failed';
  /** Why it failed (absent when it passed). */
  reason?: string;
  /** The plan's estimated recovery time for this scenario, as written in the DR plan. */
  planEstimate: string;
  rto: { objectiveSeconds: number; measuredSeconds: number; criticalPathSeconds: number };
  rpo: { objectiveSeconds: number; measuredSeconds: number | null };
  steps: DrillStepReport[];
  /** API calls the scenario made to the (simulated) cloud. */
  apiCalls: number;
  audit: { records: number; verified: boolean };
  /** What the scenario checked at the end (consistency after failure: traffic, orphans…). */
  checks?: Array<{ name: string; passed: boolean; detail?: string }>;
  /** The failure the scenario caused (absent in a dry run). */
  incident?: { at: string; description: string };
  /** A dry run's plan: the calls each step would make. */
  plan?: Array<{ step: string; calls: string[] }>;
  /** Wall-clock milliseconds the scenario took to simulate. */
  wallMs: number;
}

/** The whole drill. */
export interface DrillReport {
  tool: 'drkit drill';
  startedAt: string;
  seed: number;
  mode: 'simulated' | 'live';
  dryRun: boolean;
  faults: string[];
  objectives: { rtoSeconds: number; rpoSeconds: number };
  scenarios: DrillScenarioReport[];
  passed: boolean;
}
