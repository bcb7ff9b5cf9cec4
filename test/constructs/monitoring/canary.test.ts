import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { addStockEngines } from '../../../lib/compliance/engines';
import { MONITORS_TAG_KEY } from '../../../lib/contracts/tags';
import { LogBucket } from '../../../lib/constructs/artifacts/log-bucket';
import { CANARY_RUNTIME, UptimeCanary } from '../../../lib/constructs/monitoring/canary';
import { findingsIn } from '../../support/report';
import { privateBucketProperties } from '../../support/private-bucket';
import { CDK_CONTEXT } from '../../support/synth';

/**
 * One synth with every stock engine and the cdk.json feature flags. The built-in CloudFormation
 * validator is off here: it judges the canary in every stage of the run's shared assembly
 * (test/ops/audit.test.ts), and its engine start costs about 4 s of CPU on a fresh clone.
 */
const outdir = mkdtempSync(join(tmpdir(), 'uptime-canary-'));
const app = new App({ outdir, context: CDK_CONTEXT, builtinCloudFormationValidation: false });
addStockEngines(app);
const stack = new Stack(app, 'CanaryTest', { env: { account: '123456789012', region: 'eu-west-1' } });
const key = new Key(stack, 'Key', { enableKeyRotation: true });
const logs = new LogBucket(stack, 'Logs', { retentionDays: 90, retain: false });
const uptime = new UptimeCanary(stack, 'Uptime', {
  domainName: 'api.example.com',
  healthPaths: ['/', '/api/health', '/api/health/db'],
  rateMinutes: 5,
  artifactDays: 30,
  monitoredAlbPath: 'Prod/Edge/Alb',
  encryptionKey: key,
  serverAccessLogsBucket: logs.bucket,
  runbookBaseUrl: 'https://github.com/example/shipshape/blob/main/docs/monitoring.md',
});
const topic = new Topic(stack, 'Alerts', { masterKey: key, enforceSSL: true });
topic.addSubscription(new EmailSubscription('oncall@example.com'));
uptime.alarm.addAlarmAction(new SnsAction(topic));

let synthError: unknown;
try {
  app.synth();
} catch (error) {
  synthError = error;
}
const template = Template.fromJSON(
  JSON.parse(readFileSync(join(outdir, `${stack.artifactId}.template.json`), 'utf8')) as Record<
    string,
    unknown
  >,
);

describe('UptimeCanary', () => {
  test('zero unacknowledged findings of the stock engines on the construct', () => {
    const mine = findingsIn(outdir).filter((f) => f.path.includes('/Uptime/'));
    expect(mine).toEqual([]);
    if (synthError !== undefined) expect(String(synthError)).not.toMatch(/Uptime\//);
  });

  test('newest Node.js runtime, rate from config, started after creation, env for the script', () => {
    expect(CANARY_RUNTIME.name).toMatch(/^syn-nodejs-(puppeteer|playwright)-\d+\.\d+$/);
    template.hasResourceProperties('AWS::Synthetics::Canary', {
      RuntimeVersion: CANARY_RUNTIME.name,
      Schedule: { Expression: 'rate(5 minutes)' },
      StartCanaryAfterCreation: true,
      SuccessRetentionPeriod: 30,
      FailureRetentionPeriod: 30,
      Code: Match.objectLike({ Handler: 'index.handler', S3Bucket: Match.anyValue() }),
      RunConfig: Match.objectLike({
        TimeoutInSeconds: 60,
        EnvironmentVariables: {
          CANARY_DOMAIN: 'api.example.com',
          CANARY_PATHS: '["/","/api/health","/api/health/db"]',
        },
      }),
      ArtifactConfig: {
        S3Encryption: {
          EncryptionMode: 'SSE_KMS',
          KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
        },
      },
    });
  });

  test('tag shipshape:monitors names the ALB construct path (ALBMonitoredByCanary)', () => {
    expect(MONITORS_TAG_KEY).toBe('shipshape:monitors');
    template.hasResourceProperties('AWS::Synthetics::Canary', {
      Tags: Match.arrayWith([{ Key: 'shipshape:monitors', Value: 'Prod/Edge/Alb' }]),
    });
  });

  test('artifacts bucket: KMS, SSL-only, private, versioned, logged, expiring after artifactDays', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ...privateBucketProperties({
        kmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
        logBucket: { Ref: Match.stringLikeRegexp('^LogsBucket') },
        logPrefix: 's3/canary-artifacts/',
      }),
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ Id: 'expire-canary-artifacts', ExpirationInDays: 30, Status: 'Enabled' })],
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('UptimeArtifactsBucket') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('alarm: SuccessPercent < 100 in 2 of 3 runs, notifying, with the runbook link', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'CloudWatchSynthetics',
      MetricName: 'SuccessPercent',
      Period: 300,
      Statistic: 'Average',
      Threshold: 100,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alerts') }],
      AlarmDescription: Match.stringLikeRegexp('Runbook: https://github.com/.*/docs/monitoring.md#canary'),
    });
  });

  test('the role has one managed policy and no inline policy', () => {
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'SyntheticsMetrics',
            Condition: { StringEquals: { 'cloudwatch:namespace': 'CloudWatchSynthetics' } },
          }),
        ]),
      },
    });
  });

  test('the script is bundled into the runtime layout nodejs/node_modules/index.js', () => {
    const assets = readdirSync(outdir).filter((d) => d.startsWith('asset.'));
    const bundled = assets.filter((d) => {
      try {
        return readFileSync(join(outdir, d, 'nodejs', 'node_modules', 'index.js'), 'utf8').includes(
          'CANARY_PATHS',
        );
      } catch {
        return false;
      }
    });
    expect(bundled).toHaveLength(1);
  });

  test('refuses a rate below one minute', () => {
    const s = new Stack(new App({ builtinCloudFormationValidation: false }), 'Bad');
    expect(
      () =>
        new UptimeCanary(s, 'Uptime', {
          domainName: 'api.example.com',
          healthPaths: ['/'],
          rateMinutes: 0,
          artifactDays: 1,
          monitoredAlbPath: 'x',
          encryptionKey: key,
          serverAccessLogsBucket: logs.bucket,
          runbookBaseUrl: 'https://example.com/r',
        }),
    ).toThrow(/rateMinutes must be a whole number of minutes >= 1, got 0/);
  });
});
