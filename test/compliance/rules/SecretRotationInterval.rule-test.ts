import { Stack } from 'aws-cdk-lib';
import { CfnRotationSchedule, CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-SecretRotationInterval';

function schedule(stack: Stack, rotationRules: CfnRotationSchedule.RotationRulesProperty): void {
  const secret = new CfnSecret(stack, 'Secret', { generateSecretString: {} });
  new CfnRotationSchedule(stack, 'Schedule', {
    secretId: secret.ref,
    rotationLambdaArn: 'arn:aws:lambda:eu-west-1:111111111111:function:rotate',
    rotationRules,
  });
}

describe('SecretRotationInterval: every rotation schedule rotates within the policy maximum (90 days)', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    schedule(new Stack(app, 'Noncompliance1'), { scheduleExpression: 'rate(120 days)' });
    schedule(new Stack(app, 'Noncompliance2'), { automaticallyAfterDays: 365 });
    schedule(new Stack(app, 'Noncompliance3'), { scheduleExpression: 'cron(0 2 31 * ? *)' });
    schedule(new Stack(app, 'Compliance1'), { scheduleExpression: 'rate(30 days)' });
    schedule(new Stack(app, 'Compliance2'), { automaticallyAfterDays: 90 });
    schedule(new Stack(app, 'Compliance3'), { scheduleExpression: 'cron(0 2 1 */2 ? *)' });
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: rate(120 days)', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: AutomaticallyAfterDays 365', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: a cron on day 31 cannot be bounded (it skips months)', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Compliance: rate(30 days), 90 days, every other month', () => {
    for (const scope of ['Compliance1', 'Compliance2', 'Compliance3'])
      expect(reported(findings, RULE, scope)).toEqual([]);
  });
});
