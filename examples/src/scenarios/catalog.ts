/**
 * The failure scenarios of the DR plan (`shared/dr-plan.md`), with the plan's own estimated
 * recovery times. The drill runs one program per entry; `drill --list` prints this table.
 */
export interface ScenarioInfo {
  /** The name used by `drill --scenario NAME`. */
  readonly name: string;
  /** One line: what fails and what recovers it. */
  readonly title: string;
  /** The plan section the scenario exercises. */
  readonly planSection: string;
  /** The plan's estimated recovery time, as written there ('—' where the plan gives none). */
  readonly planEstimate: string;
}

export const SCENARIOS: readonly ScenarioInfo[] = [
  {
    name: 'backup-restore-test',
    title: 'Weekly automated restore test: restore the latest EC2 recovery point, validate, report, clean up',
    planSection: 'Automated Backup Testing',
    planEstimate: '15-30 min',
  },
  {
    name: 'ec2-instance-failure',
    title: 'One EC2 instance fails; Auto Scaling replaces it and the ALB routes around it',
    planSection: '1. Single EC2 Instance Failure',
    planEstimate: '5-10 min',
  },
  {
    name: 'az-failure',
    title: 'An Availability Zone fails; Auto Scaling launches replacements in healthy AZs',
    planSection: '2. Availability Zone Failure',
    planEstimate: '10-15 min',
  },
  {
    name: 'redis-failure',
    title: 'The Redis cluster is lost; restore it from the latest snapshot and repoint Parameter Store',
    planSection: '3. ElastiCache Redis Failure',
    planEstimate: '15-30 min',
  },
  {
    name: 'atlas-failure',
    title: 'Atlas loses its primary region; the DR region takes over and Parameter Store follows',
    planSection: '4. MongoDB Atlas Failure',
    planEstimate: '15-30 min',
  },
  {
    name: 'region-failover',
    title: 'The primary region fails; Route 53 health checks fail over and the warm standby scales up',
    planSection: '5. Complete Region Failure — Automated Failover',
    planEstimate: '5-15 min',
  },
  {
    name: 'region-failover-manual',
    title: 'Automated failover does not happen; operators fail over Route 53 and scale up by hand',
    planSection: '5. Complete Region Failure — Manual Failover',
    planEstimate: '20-40 min',
  },
  {
    name: 'failback',
    title: 'The primary region is back; shift traffic home in 10 % steps with error-rate gates, scale DR down',
    planSection: '5. Complete Region Failure — Failback Procedure',
    planEstimate: '—',
  },
  {
    name: 'data-corruption',
    title: 'Data is corrupted; Atlas point-in-time restore to just before it, and Redis restored from backup',
    planSection: '6. Accidental Data Deletion or Corruption',
    planEstimate: '30-45 min',
  },
  {
    name: 'cicd-rollback',
    title: 'A bad deployment ships; roll back to the last known-good revision',
    planSection: '7. CI/CD Pipeline Failure',
    planEstimate: '—',
  },
];
