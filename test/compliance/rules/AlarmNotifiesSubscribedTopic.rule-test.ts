import { App, Stack, Stage } from 'aws-cdk-lib';
import { CDK_CONTEXT } from '../../support/synth';
import { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { CfnSubscription, CfnTopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-AlarmNotifiesSubscribedTopic';

function alarm(scope: Construct, alarmActions?: string[], actionsEnabled?: boolean): CfnAlarm {
  return new CfnAlarm(scope, 'Alarm', {
    comparisonOperator: 'GreaterThanThreshold',
    evaluationPeriods: 1,
    threshold: 1,
    metricName: 'HTTPCode_Target_5XX_Count',
    namespace: 'AWS/ApplicationELB',
    period: 60,
    statistic: 'Sum',
    alarmActions,
    actionsEnabled,
  });
}

describe('AlarmNotifiesSubscribedTopic: alarms notify an SNS topic that has a subscription', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    alarm(new Stack(app, 'Noncompliance1'));
    const bare = new Stack(app, 'Noncompliance2');
    alarm(bare, [new CfnTopic(bare, 'Topic').ref]);
    alarm(new Stack(app, 'Noncompliance3'), ['arn:aws:sns:eu-west-1:111111111111:alerts']);
    const disabled = new Stack(app, 'Noncompliance4');
    alarm(
      disabled,
      [
        new CfnTopic(disabled, 'Topic', { subscription: [{ protocol: 'email', endpoint: 'a@example.com' }] })
          .ref,
      ],
      false,
    );
    const inline = new Stack(app, 'Compliance');
    alarm(inline, [
      new CfnTopic(inline, 'Topic', { subscription: [{ protocol: 'email', endpoint: 'a@example.com' }] }).ref,
    ]);
    const separate = new Stack(app, 'ComplianceSubscription');
    const topic = new CfnTopic(separate, 'Topic');
    new CfnSubscription(separate, 'Webhook', {
      topicArn: topic.ref,
      protocol: 'https',
      endpoint: 'https://hooks.example.com/x',
    });
    alarm(separate, [topic.ref]);
    // Topic in a monitoring stack, alarm in the service stack: followed through the CDK export.
    const monitoring = new Stack(app, 'ComplianceCrossStackTopic');
    const shared = new CfnTopic(monitoring, 'Topic');
    new CfnSubscription(monitoring, 'Email', {
      topicArn: shared.ref,
      protocol: 'email',
      endpoint: 'ops@example.com',
    });
    alarm(new Stack(app, 'ComplianceCrossStackAlarm'), [shared.ref]);
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: no alarm actions', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: topic without subscriptions', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: literal topic ARN (cannot be verified)', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Noncompliance 4: actions disabled', () => {
    expect(flagged(findings, RULE, 'Noncompliance4')).toHaveLength(1);
  });
  test('Compliance: inline subscription, AWS::SNS::Subscription, cross-stack topic', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceSubscription')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceCrossStackAlarm')).toEqual([]);
  });
});

describe('AlarmNotifiesSubscribedTopic: follows cross-stack references as the real app emits them', () => {
  // With the feature flags of cdk.json, a reference to another stack of the stage is a
  // Fn::GetStackOutput, not an export; the rule must follow it like the Alerts -> Data reference.
  let findings: Finding[];
  let compliantTemplate: unknown;
  beforeAll(() => {
    const app = new App({ builtinCloudFormationValidation: false, context: CDK_CONTEXT });
    const stage = new Stage(app, 'Stage', { env: { account: '111111111111', region: 'eu-west-1' } });
    const alerts = new Stack(stage, 'Alerts');
    const topic = new CfnTopic(alerts, 'Topic');
    new CfnSubscription(alerts, 'Email', {
      topicArn: topic.ref,
      protocol: 'email',
      endpoint: 'ops@example.com',
    });
    const unsubscribed = new CfnTopic(alerts, 'Unsubscribed');
    const compliant = new Stack(stage, 'Compliance');
    alarm(compliant, [topic.ref]);
    alarm(new Stack(stage, 'Noncompliance'), [unsubscribed.ref]);
    findings = runRule(app, RULE);
    compliantTemplate = stage.synth().getStackArtifact(compliant.artifactId).template;
  });

  test('the reference is a stack output reference, as in the real app', () => {
    expect(JSON.stringify(compliantTemplate)).toContain('Fn::GetStackOutput');
  });

  test('Compliance', () => {
    expect(
      findings.filter((f) => f.ruleId === RULE && f.constructPath.startsWith('Stage/Compliance/')),
    ).toEqual([]);
  });

  test('Noncompliance', () => {
    expect(findings).toContainEqual(
      expect.objectContaining({ ruleId: RULE, constructPath: 'Stage/Noncompliance/Alarm' }),
    );
  });
});
