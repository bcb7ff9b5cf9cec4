import type { ShipshapeConfig } from '../../config';
import type { Acknowledgement } from './acknowledgement';
import { CFN_GUARD, inPacks, REGULATORY } from './shared';

/** Network stack: public subnets, the flow log role, CDK's default-SG handler. */
export function networkAcknowledgements(config: ShipshapeConfig): Acknowledgement[] {
  const acks: Acknowledgement[] = [];
  for (let az = 1; az <= config.network.maxAzs; az++) {
    acks.push(
      ...inPacks(
        REGULATORY,
        'VPCNoUnrestrictedRouteToIGW',
        `Network/Network/Vpc/PublicSubnet${az}/DefaultRoute`,
        'The public subnets hold only the internet-facing ALB and the NAT gateways; their default route to the internet gateway is what makes them public. Tasks, database and cache sit in private and isolated subnets without such a route.',
      ),
    );
  }
  acks.push(
    ...inPacks(
      REGULATORY,
      'IAMNoInlinePolicy',
      'Network/Network/Vpc/All/IAMRole/DefaultPolicy/Resource',
      'CDK generates this inline policy for the VPC flow log role; it grants write access to the one flow log group and nothing else. A managed policy would be reused by nothing.',
    ),
    {
      id: `${CFN_GUARD}lambda_inside_vpc_check`,
      scope: 'Network/Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler',
      reason:
        "CDK's handler that strips the default security group's rules runs only during deployment and calls the EC2 API; it cannot run inside the VPC it is configuring before that VPC's endpoints exist.",
    },
  );
  if (config.network.flowLogRetentionDays < 365 && !config.stage.production) {
    acks.push({
      id: `${CFN_GUARD}cloudwatch_log_group_retention_period_check`,
      scope: 'Network/Network/FlowLogs/Resource',
      reason: `network.flowLogRetentionDays is ${config.network.flowLogRetentionDays} days in the non-production stage "${config.stage.name}" (retention per environment, LEG-01); production keeps flow logs at least 365 days, enforced by config validation.`,
    });
  }
  return acks;
}
