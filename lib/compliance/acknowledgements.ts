import { Stack, type Stage, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { ShipshapeConfig } from '../config';

/**
 * Every acknowledged finding of every engine, in one place. Each names the finding, the narrowest
 * construct it applies to (a path below the stage, e.g. "Network/Network/Vpc") and a reason a
 * reviewer would accept. An acknowledgement whose construct no longer exists is an error (a stale
 * acknowledgement hides nothing and misleads), and an expired one fails synthesis.
 */
export interface Acknowledgement {
  /** Finding id as the engine names it, e.g. "AwsSolutions-IAM4" or "cdk-validator-cfnguard::<rule>". */
  readonly id: string;
  /** Construct path below the stage. Stage- and stack-wide scopes are refused. */
  readonly scope: string;
  /** Why accepting this finding is right. */
  readonly reason: string;
  /** ISO date after which the acknowledgement no longer applies and synthesis fails. */
  readonly expires?: string;
}

/** An acknowledgement of one finding from several packs that share a rule (HIPAA, NIST, PCI). */
function inPacks(packs: readonly string[], rule: string, scope: string, reason: string): Acknowledgement[] {
  return packs.map((pack) => ({ id: `${pack}-${rule}`, scope, reason }));
}

const REGULATORY = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'] as const;
const CFN_GUARD = 'cdk-validator-cfnguard::';

/** The acknowledgements that concern a stage, derived from its config where config allows a relaxation. */
export function acknowledgementsFor(config: ShipshapeConfig): Acknowledgement[] {
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

/** Thrown when an acknowledgement is stale, expired or too wide. */
export class AcknowledgementError extends Error {}

/** Applies every acknowledgement that concerns this stage. */
export function applyAcknowledgements(stage: Stage, config: ShipshapeConfig, today = new Date()): void {
  for (const ack of acknowledgementsFor(config)) {
    if (ack.expires && new Date(ack.expires) < today) {
      throw new AcknowledgementError(
        `acknowledgement ${ack.id} on ${ack.scope} expired on ${ack.expires}: fix the finding or renew it with a reason`,
      );
    }
    const target = findScope(stage, ack.scope);
    if (!target) {
      throw new AcknowledgementError(
        `acknowledgement ${ack.id}: no construct at ${stage.node.id}/${ack.scope}; remove or fix it`,
      );
    }
    if (Stack.isStack(target)) {
      throw new AcknowledgementError(
        `acknowledgement ${ack.id} on ${ack.scope}: stack-wide acknowledgements are not allowed; name a construct`,
      );
    }
    Validations.of(target).acknowledge({ id: ack.id, reason: ack.reason });
  }
}

function findScope(stage: Stage, scope: string): IConstruct | undefined {
  let node: IConstruct | undefined = stage;
  for (const part of scope.split('/')) node = node?.node.tryFindChild(part);
  return node === stage ? undefined : node;
}
