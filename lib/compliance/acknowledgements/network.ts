import type { ShipshapeConfig } from '../../config';
import type { Acknowledgement } from './acknowledgement';
import { CFN_GUARD } from './shared';

/**
 * Network stack, what config relaxes: flow-log retention outside production. The public subnets'
 * routes, the flow log role's policy and CDK's default-SG handler are acknowledged by the Network
 * construct (lib/constructs/network/network.ts).
 */
export function networkAcknowledgements(config: ShipshapeConfig): Acknowledgement[] {
  const acks: Acknowledgement[] = [];
  if (config.network.flowLogRetentionDays < 365 && !config.stage.production) {
    acks.push({
      id: `${CFN_GUARD}cloudwatch_log_group_retention_period_check`,
      scope: 'Network/Network/FlowLogs/Resource',
      reason: `network.flowLogRetentionDays is ${config.network.flowLogRetentionDays} days in the non-production stage "${config.stage.name}" (retention per environment, LEG-01); production keeps flow logs at least 365 days, enforced by config validation.`,
    });
  }
  return acks;
}
