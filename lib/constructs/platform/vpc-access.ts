import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** What a function in a VPC needs for its network interfaces; EC2 scopes none of it to a resource. */
export const LAMBDA_VPC_ENI_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
] as const;

/**
 * The network-interface permissions a VPC Lambda needs (the AWSLambdaVPCAccessExecutionRole set,
 * in a customer-managed policy), added to `policy` with the acknowledgement of the wildcard: these
 * EC2 actions have no resource-level permissions.
 */
export function grantVpcNetworkInterfaces(policy: iam.ManagedPolicy): void {
  policy.addStatements(
    new iam.PolicyStatement({
      sid: 'LambdaVpcEnis',
      actions: [...LAMBDA_VPC_ENI_ACTIONS],
      resources: ['*'],
    }),
  );
  Validations.of(policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'ec2:DescribeNetworkInterfaces/DescribeSubnets have no resource-level permissions; these are the ENI actions a VPC Lambda needs (the AWSLambdaVPCAccessExecutionRole set).',
  });
}

/** A security group whose only rule lets HTTPS out. */
export interface HttpsEgressGroupOptions {
  /** Description of the group (changing it replaces the group). */
  readonly description: string;
  /**
   * Where HTTPS may go: the VPC's CIDR (the AWS interface endpoints) or any IPv4 address (public
   * endpoints and webhooks, through the NAT gateways).
   */
  readonly httpsTo: 'vpc' | 'anywhere';
  /** Description of the egress rule. */
  readonly ruleDescription: string;
}

/** A group for a function's ENIs that allows nothing in and only HTTPS out. */
export function httpsEgressGroup(
  scope: Construct,
  id: string,
  vpc: ec2.IVpc,
  options: HttpsEgressGroupOptions,
): ec2.SecurityGroup {
  const group = new ec2.SecurityGroup(scope, id, {
    vpc,
    description: options.description,
    allowAllOutbound: false,
  });
  group.addEgressRule(
    options.httpsTo === 'vpc' ? ec2.Peer.ipv4(vpc.vpcCidrBlock) : ec2.Peer.anyIpv4(),
    ec2.Port.tcp(443),
    options.ruleDescription,
  );
  return group;
}
