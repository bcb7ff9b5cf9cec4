import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { IpAddresses, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { addStockEngines } from '../../../lib/compliance/engines';
import { AlertsTopic } from '../../../lib/constructs/alerts/alerts-topic';
import { WebhookDelivery } from '../../../lib/constructs/alerts/webhook-delivery';
import { LAMBDA_RUNTIME } from '../../../lib/constructs/platform/runtime';
import { findingsIn } from '../../support/report';
import { CDK_CONTEXT } from '../../support/synth';

/**
 * One synth, every stock engine, the cdk.json feature flags: the alerts topic as the stack builds it
 * plus WebhookDelivery for a Slack and a Teams hook. The built-in CloudFormation validator is off
 * here: it judges this construct in the Staging and Prod stages of the run's shared assembly
 * (test/ops/audit.test.ts), and its engine start costs about 4 s of CPU on a fresh clone.
 */
const outdir = mkdtempSync(join(tmpdir(), 'webhook-delivery-'));
const app = new App({ outdir, context: CDK_CONTEXT, builtinCloudFormationValidation: false });
addStockEngines(app);
const stack = new Stack(app, 'WebhookTest', { env: { account: '123456789012', region: 'eu-west-1' } });
const vpc = new Vpc(stack, 'Vpc', {
  ipAddresses: IpAddresses.cidr('10.40.0.0/16'),
  maxAzs: 2,
  natGateways: 1,
  subnetConfiguration: [
    { name: 'public', subnetType: SubnetType.PUBLIC },
    { name: 'private', subnetType: SubnetType.PRIVATE_WITH_EGRESS },
  ],
});
const webhooks = [
  { name: 'oncall-slack', format: 'slack' as const },
  { name: 'ops-teams', format: 'teams' as const },
];
const alerts = new AlertsTopic(stack, 'Alerts', {
  stageName: 'test',
  emails: ['oncall@example.com'],
  retainKey: false,
});
const delivery = new WebhookDelivery(stack, 'WebhookDelivery', {
  stageName: 'test',
  webhooks,
  topic: alerts.topic,
  key: alerts.key,
  vpc,
  runbookBaseUrl: 'https://github.com/example/shipshape/blob/main/docs/monitoring.md',
});
alerts.route(...delivery.alarms);

let synthError: unknown;
try {
  app.synth();
} catch (error) {
  synthError = error;
}
const template = Template.fromJSON(
  JSON.parse(
    require('node:fs').readFileSync(join(outdir, `${stack.artifactId}.template.json`), 'utf8') as string,
  ) as Record<string, unknown>,
);

describe('WebhookDelivery', () => {
  test('zero unacknowledged findings of the stock engines on the construct (and the alerts topic)', () => {
    const mine = findingsIn(outdir).filter(
      (f) => f.path.includes('/WebhookDelivery/') || f.path.includes('/Alerts/'),
    );
    expect(mine).toEqual([]);
    if (synthError !== undefined) expect(String(synthError)).not.toMatch(/WebhookDelivery|Alerts\//);
  });

  test('one RETAINed, KMS-encrypted secret per webhook, holding only a placeholder', () => {
    const secrets = template.findResources('AWS::SecretsManager::Secret');
    expect(Object.keys(secrets)).toHaveLength(2);
    for (const secret of Object.values(secrets)) {
      expect(secret.DeletionPolicy).toBe('Retain');
      expect(secret.Properties.KmsKeyId).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^AlertsKey/), 'Arn'],
      });
      expect(secret.Properties.SecretString).toBe('{"url":""}');
      expect(secret.Properties.GenerateSecretString).toBeUndefined();
    }
    expect(Object.keys(delivery.secrets).sort()).toEqual(['oncall-slack', 'ops-teams']);
  });

  test('formatter function: ARM64, shared runtime, timeout, memory, private subnets with egress, DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Architectures: ['arm64'],
      Runtime: LAMBDA_RUNTIME.name,
      Timeout: 60,
      MemorySize: 256,
      ReservedConcurrentExecutions: 5,
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] } },
      VpcConfig: {
        SubnetIds: Match.arrayWith([{ Ref: Match.stringLikeRegexp('VpcprivateSubnet1') }]),
        SecurityGroupIds: Match.anyValue(),
      },
      Environment: {
        Variables: Match.objectLike({
          STAGE_NAME: 'test',
          WEBHOOK_MAX_ATTEMPTS: '4',
          WEBHOOKS: Match.anyValue(),
          NODE_OPTIONS: '--enable-source-maps',
        }),
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 21600,
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 365,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlertsKey'), 'Arn'] },
    });
  });

  test('subscribed to the alerts topic with a KMS-encrypted, SSL-only dead-letter queue', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: Match.stringLikeRegexp('AlertsTopic') },
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] },
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlertsKey'), 'Arn'] },
      MessageRetentionPeriod: 1209600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'sns.amazonaws.com',
      SourceArn: { Ref: Match.stringLikeRegexp('AlertsTopic') },
    });
  });

  test('role reads only the two URL secrets; egress is HTTPS only', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'ReadWebhookUrls',
            Action: 'secretsmanager:GetSecretValue',
            Resource: [
              { Ref: Match.stringLikeRegexp('OncallSlackUrl') },
              { Ref: Match.stringLikeRegexp('OpsTeamsUrl') },
            ],
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('Alert webhook'),
      SecurityGroupEgress: [
        Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }),
      ],
    });
  });

  test('DLQ depth alarm notifies the topic and links its runbook section', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlertsTopic') }],
      AlarmDescription: Match.stringLikeRegexp(
        'Runbook: https://github.com/example/shipshape/blob/main/docs/monitoring.md#alert-webhook-dlq',
      ),
    });
  });

  test('a webhook without a URL is its own alarm: a metric filter on the formatter log event', () => {
    const filters = template.findResources('AWS::Logs::MetricFilter');
    expect(Object.values(filters).map((f) => f.Properties)).toEqual([
      expect.objectContaining({
        FilterPattern: '{ $.event = "webhook_not_configured" }',
        LogGroupName: { Ref: expect.stringMatching(/^WebhookDeliveryLogGroup/) },
        MetricTransformations: [
          expect.objectContaining({ MetricName: 'WebhookNotConfigured', MetricValue: '1', DefaultValue: 0 }),
        ],
      }),
    ]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'WebhookNotConfigured',
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlertsTopic') }],
      AlarmDescription: Match.stringLikeRegexp('#webhook-not-configured$'),
    });
    expect(delivery.alarms).toContain(delivery.notConfiguredAlarm);
  });

  test('refuses an empty webhook list', () => {
    const s = new Stack(new App({ builtinCloudFormationValidation: false }), 'Empty');
    expect(
      () =>
        new WebhookDelivery(s, 'WebhookDelivery', {
          stageName: 'x',
          webhooks: [],
          topic: alerts.topic,
          key: alerts.key,
          vpc,
          runbookBaseUrl: 'https://example.com/r',
        }),
    ).toThrow(/needs at least one webhook/);
  });
});
