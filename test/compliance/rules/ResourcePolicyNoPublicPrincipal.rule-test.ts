import { Stack } from 'aws-cdk-lib';
import { CfnRepository } from 'aws-cdk-lib/aws-ecr';
import { CfnKey } from 'aws-cdk-lib/aws-kms';
import { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import { CfnBucketPolicy } from 'aws-cdk-lib/aws-s3';
import { CfnResourcePolicy } from 'aws-cdk-lib/aws-secretsmanager';
import { CfnTopicPolicy } from 'aws-cdk-lib/aws-sns';
import { CfnQueuePolicy } from 'aws-cdk-lib/aws-sqs';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-ResourcePolicyNoPublicPrincipal';
const ARN = 'arn:aws:sns:eu-west-1:111111111111:alerts';

function document(...statements: Record<string, unknown>[]) {
  return { Version: '2012-10-17', Statement: statements };
}
const allow = (principal: unknown, action: string, condition?: Record<string, unknown>) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: action,
  Resource: '*',
  ...(condition ? { Condition: condition } : {}),
});

describe('ResourcePolicyNoPublicPrincipal: no resource policy allows everyone without naming the caller', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    const topic = (id: string, ...statements: Record<string, unknown>[]) =>
      new CfnTopicPolicy(new Stack(app, id), 'Policy', {
        topics: [ARN],
        policyDocument: document(...statements),
      });
    topic('Noncompliance1', allow('*', 'sns:DeleteTopic'));
    new CfnQueuePolicy(new Stack(app, 'Noncompliance2'), 'Policy', {
      queues: ['https://sqs.eu-west-1.amazonaws.com/111111111111/q'],
      policyDocument: document(allow({ AWS: '*' }, 'sqs:SendMessage')),
    });
    new CfnBucketPolicy(new Stack(app, 'Noncompliance3'), 'Policy', {
      bucket: 'b',
      // Transport security alone says how, not who.
      policyDocument: document(
        allow({ AWS: ['*'] }, 's3:GetObject', { Bool: { 'aws:SecureTransport': 'true' } }),
      ),
    });
    new CfnKey(new Stack(app, 'Noncompliance4'), 'Key', {
      keyPolicy: document(allow({ AWS: '*' }, 'kms:Decrypt')),
    });
    new CfnResourcePolicy(new Stack(app, 'Noncompliance5'), 'Policy', {
      secretId: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:s',
      resourcePolicy: document(allow('*', 'secretsmanager:GetSecretValue')),
    });
    new CfnRepository(new Stack(app, 'Noncompliance6'), 'Repo', {
      repositoryPolicyText: document(allow({ AWS: '*' }, 'ecr:BatchGetImage')),
    });
    new CfnPermission(new Stack(app, 'Noncompliance7'), 'Permission', {
      action: 'lambda:InvokeFunctionUrl',
      functionName: 'fn',
      principal: '*',
      functionUrlAuthType: 'NONE',
    });
    topic('Noncompliance8', {
      Effect: 'Allow',
      NotPrincipal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: 'sns:Publish',
    });
    topic('Noncompliance9', allow('*', 'sns:Publish', { StringLike: { 'aws:SourceArn': '*' } }));

    topic('Compliance', allow({ Service: 'cloudwatch.amazonaws.com' }, 'sns:Publish'));
    topic(
      'ComplianceCondition',
      allow('*', 'sns:Publish', { StringEquals: { 'aws:SourceAccount': '111111111111' } }),
    );
    new CfnBucketPolicy(new Stack(app, 'ComplianceDeny'), 'Policy', {
      bucket: 'b',
      policyDocument: document({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    });
    new CfnKey(new Stack(app, 'ComplianceKey'), 'Key', {
      keyPolicy: document(allow({ AWS: 'arn:aws:iam::111111111111:root' }, 'kms:*')),
    });
    new CfnPermission(new Stack(app, 'CompliancePermission'), 'Permission', {
      action: 'lambda:InvokeFunction',
      functionName: 'fn',
      principal: '*',
      principalOrgId: 'o-abc123',
    });
    new CfnRepository(new Stack(app, 'ComplianceRepo'), 'Repo', {});
    findings = runRule(app, RULE);
  });

  test.each([
    ['Noncompliance1', 'SNS topic policy: sns:DeleteTopic for *'],
    ['Noncompliance2', 'SQS queue policy: AWS * may send'],
    ['Noncompliance3', 'S3 bucket policy: AWS [*] with only aws:SecureTransport'],
    ['Noncompliance4', 'KMS key policy: AWS * may decrypt'],
    ['Noncompliance5', 'Secrets Manager resource policy: * may read the secret'],
    ['Noncompliance6', 'ECR repository policy: AWS * may pull'],
    ['Noncompliance7', 'Lambda permission: public function URL'],
    ['Noncompliance8', 'NotPrincipal with Allow'],
    ['Noncompliance9', 'a condition whose value is *'],
  ])('%s: %s', (stack) => {
    expect(flagged(findings, RULE, stack)).toHaveLength(1);
  });
  test('Compliance: service principal, account condition, Deny, account root, org-scoped permission, no policy', () => {
    for (const stack of [
      'Compliance',
      'ComplianceCondition',
      'ComplianceDeny',
      'ComplianceKey',
      'CompliancePermission',
      'ComplianceRepo',
    ]) {
      expect([stack, reported(findings, RULE, stack)]).toEqual([stack, []]);
    }
  });
});
