import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

export { LAMBDA_RUNTIME } from './platform/runtime';

/**
 * The network-interface permissions a VPC Lambda needs (the AWSLambdaVPCAccessExecutionRole set,
 * in a customer-managed policy), added to `policy` with the acknowledgement of the wildcard: these
 * EC2 actions have no resource-level permissions.
 */
export function grantVpcNetworkInterfaces(policy: iam.ManagedPolicy): void {
  policy.addStatements(
    new iam.PolicyStatement({
      sid: 'LambdaVpcEnis',
      actions: [
        'ec2:CreateNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ],
      resources: ['*'],
    }),
  );
  Validations.of(policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'ec2:DescribeNetworkInterfaces/DescribeSubnets have no resource-level permissions; these are the ENI actions a VPC Lambda needs (the AWSLambdaVPCAccessExecutionRole set).',
  });
}
