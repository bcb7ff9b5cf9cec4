/*
 * Every AWS call the running system makes, read from the stacks and the Lambda handlers, and the
 * calls it must never allow. test/contracts/ evaluates each row over the synthesized templates of
 * every stage with an IAM policy engine (identity, resource, key and endpoint policies) and proves
 * the network path of each call that leaves a VPC.
 *
 * Context values are what AWS sends with the request (service documentation): services acting for
 * the stage send aws:SourceAccount and aws:SourceArn; KMS calls a service makes for a caller carry
 * kms:ViaService and the service's encryption context.
 */
import type { AccessPath } from '../access-path';
import { ALERTING_PATHS } from './alerting';
import { SERVICE_PATHS } from './service';
import { ROTATION_PATHS } from './rotation';
import { LOGGING_PATHS } from './logging';
import { OPERATIONS_PATHS } from './operations';
import { FORBIDDEN_PATHS } from './forbidden';

/** The access-path table (allowed paths first, then forbidden ones). */
export const ACCESS_PATHS: readonly AccessPath[] = [
  ...ALERTING_PATHS,
  ...SERVICE_PATHS,
  ...ROTATION_PATHS,
  ...LOGGING_PATHS,
  ...OPERATIONS_PATHS,
  ...FORBIDDEN_PATHS,
];

/**
 * Actions an outsider would try on each kind of resource that carries a resource policy: another
 * account's principals, anonymous callers and services acting for another account (a confused
 * deputy) must be denied every one of them on every such resource of every stage.
 */
export const OUTSIDER_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'AWS::SNS::Topic': ['sns:Publish', 'sns:Subscribe', 'sns:SetTopicAttributes'],
  'AWS::SQS::Queue': ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:PurgeQueue'],
  'AWS::S3::Bucket': ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:GetBucketAcl'],
  'AWS::SecretsManager::Secret': ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
  'AWS::KMS::Key': ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:CreateGrant'],
  'AWS::Lambda::Function': ['lambda:InvokeFunction'],
  'AWS::ECR::Repository': ['ecr:BatchGetImage', 'ecr:PutImage'],
};
