import { Stack, Tags } from 'aws-cdk-lib';
import { CfnRotationSchedule, CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { longestGapDays } from '../../../lib/compliance/rules/utils/rotation-schedule';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-ApiKeySecretRotation';
const ROTATOR = 'arn:aws:lambda:eu-west-1:111111111111:function:rotate-api-key';

describe('ApiKeySecretRotation: API keys rotate through a rotation function at most every maxRotationDays', () => {
  let findings: Finding[];
  let relaxed: Finding[];
  beforeAll(() => {
    const app = newApp();
    const apiKey = (stackId: string, schedule?: CfnRotationSchedule.RotationRulesProperty | null) => {
      const stack = new Stack(app, stackId);
      const secret = new CfnSecret(stack, 'ApiKey', { generateSecretString: {} });
      Tags.of(secret).add('shipshape:purpose', 'api-key');
      if (schedule !== undefined) {
        new CfnRotationSchedule(stack, 'Rotation', {
          secretId: secret.ref,
          rotationLambdaArn: schedule === null ? undefined : ROTATOR,
          rotationRules: schedule ?? { automaticallyAfterDays: 30 },
        });
      }
      return stack;
    };
    apiKey('Noncompliance1');
    apiKey('Noncompliance2', { automaticallyAfterDays: 120 });
    apiKey('Noncompliance3', null); // schedule but no rotation function
    apiKey('Noncompliance4', { scheduleExpression: 'cron(0 4 1 1 ? *)' }); // yearly
    const other = apiKey('Noncompliance5');
    // A schedule for a different secret does not count.
    const unrelated = new CfnSecret(other, 'Unrelated', { generateSecretString: {} });
    new CfnRotationSchedule(other, 'Rotation', {
      secretId: unrelated.ref,
      rotationLambdaArn: ROTATOR,
      rotationRules: { automaticallyAfterDays: 30 },
    });
    apiKey('Compliance', { automaticallyAfterDays: 90 });
    apiKey('ComplianceRate', { scheduleExpression: 'rate(30 days)' });
    apiKey('ComplianceCron', { scheduleExpression: 'cron(0 4 1 * ? *)' });
    findings = runRule(app, RULE);
    relaxed = runRule(app, RULE, { profile: 'production', maxRotationDays: 180 });
  });

  test('Noncompliance 1: no rotation schedule', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: every 120 days with maxRotationDays 90', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
    expect(reported(relaxed, RULE, 'Noncompliance2')).toEqual([]);
  });
  test('Noncompliance 3: schedule without rotation Lambda', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Noncompliance 4: cron once a year', () => {
    expect(flagged(findings, RULE, 'Noncompliance4')).toHaveLength(1);
  });
  test('Noncompliance 5: the only schedule belongs to another secret', () => {
    expect(flagged(findings, RULE, 'Noncompliance5').map((f) => f.constructPath)).toEqual([
      'Noncompliance5/ApiKey',
    ]);
  });
  test('Compliance: 90 days, rate(30 days), monthly cron', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceRate')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceCron')).toEqual([]);
  });
  test('longestGapDays bounds schedule expressions', () => {
    expect(longestGapDays('rate(10 days)')).toBe(10);
    expect(longestGapDays('rate(12 hours)')).toBe(0.5);
    expect(longestGapDays('cron(0 4 * * ? *)')).toBe(1);
    expect(longestGapDays('cron(0 4 ? * MON *)')).toBe(7);
    expect(longestGapDays('cron(0 4 1 */3 ? *)')).toBe(93);
    expect(longestGapDays('cron(0 4 1 1,7 ? *)')).toBe(186);
    expect(longestGapDays('cron(0 4 31 * ? *)')).toBeUndefined();
    expect(longestGapDays('at(2026-01-01T00:00:00)')).toBeUndefined();
  });
});
