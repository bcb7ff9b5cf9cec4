import { type CfnElement, Stack } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as cr from 'aws-cdk-lib/custom-resources';
import { CFN_GUARD, HIPAA_AND_NIST, REGULATORY } from '../../contracts/compliance-packs';
import {
  acknowledge,
  acknowledgeGuard,
  acknowledgeInPacks,
  defaultPolicyOf,
  ISOLATED_SUBNETS_FROM_EXPORTS,
  resourceOf,
} from '../platform/acknowledge';

/** cdk-nag's id of an AWS managed service-role policy finding. */
export const managedPolicyFinding = (policy: string): string =>
  `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policy}]`;

const INLINE_GRANTS =
  'CDK grants generate this inline policy, scoped to the exact secrets, key or function the role uses; no other role could reuse a managed copy of it.';

/** What the database's own construction leaves for the engines: monitoring role, proxy role policy. */
export function acknowledgeDatabaseFindings(database: {
  readonly instance: rds.DatabaseInstance;
  readonly proxy: rds.DatabaseProxy;
}): void {
  acknowledge(
    resourceOf(database.instance.node.findChild('MonitoringRole')),
    managedPolicyFinding('AmazonRDSEnhancedMonitoringRole'),
    'AWS documents this managed policy as the one enhanced monitoring needs; it only lets RDS write OS metrics to CloudWatch Logs.',
  );
  acknowledgeInPacks(
    defaultPolicyOf(database.proxy.node.findChild('IAMRole')),
    REGULATORY,
    'IAMNoInlinePolicy',
    INLINE_GRANTS,
  );
}

/**
 * What the app-user custom resource leaves: AWS managed policies of its function and of CDK's
 * provider framework function, their inline grants, and their synchronous, deploy-time nature.
 */
export function acknowledgeAppUserFindings(appUser: {
  readonly function: lambda.Function;
  readonly provider: cr.Provider;
}): void {
  const fn = appUser.function;
  const framework = appUser.provider.node.findChild('framework-onEvent') as lambda.Function;
  const fnRole = resourceOf(fn.role!);
  acknowledge(
    fnRole,
    managedPolicyFinding('AWSLambdaBasicExecutionRole'),
    'AWS managed policy for writing the function’s own logs; narrower than anything we would write by hand.',
  );
  acknowledge(
    fnRole,
    managedPolicyFinding('AWSLambdaVPCAccessExecutionRole'),
    'AWS managed policy that lets the function create its ENIs in the isolated subnets; required for any VPC Lambda.',
  );
  acknowledge(
    resourceOf(framework.role!),
    managedPolicyFinding('AWSLambdaBasicExecutionRole'),
    'CDK’s custom resource framework function writes only its own logs with this AWS managed policy.',
  );
  const frameworkPolicy = defaultPolicyOf(framework.role!);
  const fnLogicalId = Stack.of(fn).getLogicalId(fn.node.defaultChild as CfnElement);
  acknowledge(
    frameworkPolicy,
    `AwsSolutions-IAM5[Resource::<${fnLogicalId}.Arn>:*]`,
    'The framework may invoke any version of the one app-user function; the wildcard covers versions of that function only.',
  );
  for (const policy of [defaultPolicyOf(fn.role!), frameworkPolicy]) {
    acknowledgeInPacks(policy, REGULATORY, 'IAMNoInlinePolicy', INLINE_GRANTS);
  }
  for (const resource of [resourceOf(fn), resourceOf(framework)]) {
    acknowledgeInPacks(
      resource,
      HIPAA_AND_NIST,
      'LambdaDLQ',
      'Invoked synchronously by CloudFormation during deployment; a failure fails the deployment, which rolls back. A dead-letter queue only applies to asynchronous invocations.',
    );
    acknowledgeInPacks(
      resource,
      HIPAA_AND_NIST,
      'LambdaConcurrency',
      'Runs once per deployment that changes the app user; reserving concurrency would only take capacity from the account pool.',
    );
  }
  acknowledgeInPacks(
    resourceOf(framework),
    REGULATORY,
    'LambdaInsideVPC',
    'CDK’s custom resource framework only invokes the app-user function (which runs in the isolated subnets) and answers CloudFormation through a pre-signed S3 URL; it touches no data.',
  );
  acknowledge(
    resourceOf(framework),
    `${CFN_GUARD}lambda_inside_vpc_check`,
    'CDK’s custom resource framework only invokes the app-user function (which runs in the isolated subnets) and answers CloudFormation; it touches no data.',
  );
  acknowledgeGuard(resourceOf(fn), 'lambda_inside_vpc_check', ISOLATED_SUBNETS_FROM_EXPORTS);
}
