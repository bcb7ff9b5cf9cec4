import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnRepository } from 'aws-cdk-lib/aws-ecr';
import { CfnKey } from 'aws-cdk-lib/aws-kms';
import { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import { CfnBucketPolicy } from 'aws-cdk-lib/aws-s3';
import { CfnResourcePolicy } from 'aws-cdk-lib/aws-secretsmanager';
import { CfnTopicInlinePolicy, CfnTopicPolicy } from 'aws-cdk-lib/aws-sns';
import { CfnQueueInlinePolicy, CfnQueuePolicy } from 'aws-cdk-lib/aws-sqs';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import { resolve } from '../utils/values';
import { allowsAnyone, policyDocument, statementsOf } from '../utils/policy-statements';

/** The resource policy a node declares, unresolved (undefined: not a resource-policy resource). */
function documentOf(node: CfnResource): unknown {
  if (node instanceof CfnTopicPolicy || node instanceof CfnTopicInlinePolicy) return node.policyDocument;
  if (node instanceof CfnQueuePolicy || node instanceof CfnQueueInlinePolicy) return node.policyDocument;
  if (node instanceof CfnBucketPolicy) return node.policyDocument;
  if (node instanceof CfnKey) return node.keyPolicy;
  if (node instanceof CfnResourcePolicy) return node.resourcePolicy;
  if (node instanceof CfnRepository) return node.repositoryPolicyText ?? null;
  return undefined;
}

/** A Lambda permission for principal `*` that names no source account, source ARN or organization. */
function publicPermission(node: CfnPermission): boolean {
  const principal = NagRules.resolveIfPrimitive(node, node.principal);
  if (principal !== '*') return false;
  const restricted = [node.sourceAccount, node.sourceArn, node.principalOrgId].some(
    (v) => resolve(node, v) !== undefined,
  );
  return !restricted;
}

/**
 * No resource policy allows everyone: an Allow to `*`, `{ AWS: "*" }`, an anonymous principal or a
 * `NotPrincipal` needs a condition that names the caller or source (`aws:SourceAccount`,
 * `aws:SourceArn`, `aws:PrincipalOrgID`, `aws:SourceVpce`...); `aws:SecureTransport` alone is not one.
 * Covers SNS topic, SQS queue, S3 bucket, KMS key, Secrets Manager and ECR repository policies, and
 * Lambda permissions for principal `*` without SourceAccount, SourceArn or PrincipalOrgID.
 * SEC-10, SEC-11.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (node instanceof CfnPermission) {
      return publicPermission(node) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
    }
    const raw = documentOf(node);
    if (raw === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    if (raw === null) return NagRuleCompliance.COMPLIANT;
    const statements = statementsOf(policyDocument(resolve(node, raw)));
    return statements.some(allowsAnyone) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
