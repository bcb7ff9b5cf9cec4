import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { ShipshapeConfig } from '../../lib/config';
import { shared as app } from '../support/assembly';
import { CONFIGS } from '../support/synth';

const BOTH: [string, Template, ShipshapeConfig][] = [
  ['prod', app.template('prod', 'Alerts'), CONFIGS.prod!],
  ['dev', app.template('dev', 'Alerts'), CONFIGS.dev!],
];

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

function onlyId(template: Template, type: string, props?: Record<string, unknown>): string {
  const ids = Object.keys(template.findResources(type, props ? { Properties: props } : undefined));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

describe('alerts stack: the topic (MON-06, SEC-20)', () => {
  test.each(BOTH)('%s: one topic, encrypted with the stage alerts key', (env, template) => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    const key = onlyId(template, 'AWS::KMS::Key', { Description: `Shipshape ${env}: alerts` });
    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: `Shipshape ${env} alerts`,
      KmsMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: `alias/shipshape/${env}/alerts`,
      TargetKeyId: { 'Fn::GetAtt': [key, 'Arn'] },
    });
  });

  test.each(BOTH)('%s: publishing without TLS is denied to everyone', (_env, template) => {
    const topic = onlyId(template, 'AWS::SNS::Topic');
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topic }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:Publish',
            Resource: { Ref: topic },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  test.each(BOTH)(
    '%s: one email subscription per configured address, and nothing else by email',
    (_env, template, config) => {
      const topic = onlyId(template, 'AWS::SNS::Topic');
      const emails = Object.values(
        template.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'email' } }),
      ) as Resource[];
      expect(config.alerts.emails.length).toBeGreaterThan(0);
      expect(emails.map((s) => s.Properties.Endpoint).sort()).toEqual([...config.alerts.emails].sort());
      for (const s of emails) expect(s.Properties.TopicArn).toEqual({ Ref: topic });
    },
  );

  test.each(BOTH)('%s: the topic ARN is exported for the alert test', (_env, template) => {
    template.hasOutput('AlarmTopicArn', { Value: { Ref: onlyId(template, 'AWS::SNS::Topic') } });
  });
});

describe('alerts stack: the key', () => {
  test.each(BOTH)(
    '%s: rotates, and lets CloudWatch, EventBridge and AWS Backup of this account use it',
    (env, template, config) => {
      const key = onlyId(template, 'AWS::KMS::Key', { Description: `Shipshape ${env}: alerts` });
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      const statements = (
        (template.toJSON().Resources as Record<string, Resource>)[key]!.Properties.KeyPolicy as {
          Statement: { Principal?: { Service?: string } }[];
        }
      ).Statement;
      const services = statements.filter((s) => s.Principal?.Service !== undefined);
      expect(services.map((s) => s.Principal!.Service).sort()).toEqual([
        'backup.amazonaws.com',
        'cloudwatch.amazonaws.com',
        'events.amazonaws.com',
      ]);
      for (const s of services) {
        expect(s).toMatchObject({
          Effect: 'Allow',
          Action: expect.arrayContaining(['kms:Decrypt*', 'kms:GenerateDataKey*']),
          Condition: { StringEquals: { 'aws:SourceAccount': config.account } },
        });
      }
      expect(statements).toContainEqual(
        expect.objectContaining({
          Sid: 'DenyGrantsExceptToAwsServices',
          Effect: 'Deny',
          Action: 'kms:CreateGrant',
        }),
      );
    },
  );

  test('the key is retained in production and removed with dev', () => {
    const [[, prod], [, dev]] = BOTH;
    prod.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
    dev.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
  });
});

describe('alerts stack: routing of the data stack alarms (MON-10)', () => {
  test.each(BOTH)(
    '%s: both rotation alarms send ALARM and OK to the topic, through a cross-stack reference',
    (env, alerts) => {
      const topic = onlyId(alerts, 'AWS::SNS::Topic');
      // The alerts stack publishes the topic ARN; the data stack reads that output.
      const published = Object.entries(alerts.toJSON().Outputs as Record<string, { Value: unknown }>)
        .filter(([, o]) => JSON.stringify(o.Value) === JSON.stringify({ Ref: topic }))
        .map(([name]) => name);
      const data = app.template(env, 'Data');
      const alarms = Object.values(data.findResources('AWS::CloudWatch::Alarm')) as Resource[];
      const rotation = alarms.filter((a) =>
        String(a.Properties.AlarmDescription).includes('rotation failed'),
      );
      expect(rotation.map((a) => a.Properties.AlarmDescription).sort()).toEqual([
        expect.stringMatching(/^API-key rotation failed/),
        expect.stringMatching(/^Cache-user rotation failed/),
      ]);
      for (const alarm of rotation) {
        for (const actions of [alarm.Properties.AlarmActions, alarm.Properties.OKActions]) {
          expect(actions).toEqual([
            {
              'Fn::GetStackOutput': {
                StackName: app.artifact(env, 'Alerts').stackName,
                Region: CONFIGS[env]!.region,
                OutputName: expect.any(String),
              },
            },
          ]);
          const [{ 'Fn::GetStackOutput': ref }] = actions as [
            { 'Fn::GetStackOutput': { OutputName: string } },
          ];
          expect(published).toContain(ref.OutputName);
        }
      }
    },
  );

  test.each(Object.keys(CONFIGS))(
    '%s: the alerts stack depends on nothing, and the data stack on it',
    (env) => {
      expect(app.dependencies(env, 'Alerts')).toEqual([]);
      expect(app.dependencies(env, 'Data')).toContain('Alerts');
    },
  );
});
