import type { SimServiceDefinition } from './kernel/SimService';
import { ssmService } from './ssm/ssmService';
import { elasticacheService } from './elasticache/service';
import { route53Service } from './route53/service';
import { backupService } from './backup/BackupService';
import { autoscalingService } from './autoscaling';
import { elbv2Service } from './elbv2';
import { cloudwatchService } from './cloudwatch';
import { snsService } from './sns';
import { codedeployService } from './codedeploy';

/** A service definition of any state type, as the registry holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySimServiceDefinition = SimServiceDefinition<any>;

/**
 * Every simulated AWS service, as plugged into the kernel. To add one: import its definition
 * and append it here (one line each).
 */
export const SIMULATED_SERVICES: readonly AnySimServiceDefinition[] = [
  ssmService,
  elasticacheService,
  route53Service,
  backupService,
  autoscalingService,
  elbv2Service,
  cloudwatchService,
  snsService,
  codedeployService,
];
