import { Stack } from 'aws-cdk-lib';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-LogGroupRetentionPolicy';
const POLICY = { profile: 'production', logRetentionDays: { min: 30, max: 365 } } as const;

describe('LogGroupRetentionPolicy: log retention is set and inside policy.logRetentionDays', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    const logs = (stackId: string, retentionInDays?: number) =>
      new CfnLogGroup(new Stack(app, stackId), 'Logs', { retentionInDays });
    logs('Noncompliance1'); // never expire
    logs('Noncompliance2', 7);
    logs('Noncompliance3', 3653);
    logs('Compliance', 30);
    logs('ComplianceMax', 365);
    findings = runRule(app, RULE, POLICY);
  });

  test('Noncompliance 1: unset (never expire)', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: below the minimum', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: above the maximum', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Compliance: the bounds are inclusive', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceMax')).toEqual([]);
  });
});
