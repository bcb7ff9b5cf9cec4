import { Stack } from 'aws-cdk-lib';
import { CfnBackupPlan } from 'aws-cdk-lib/aws-backup';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-BackupPlanRetention';
const PRODUCTION = { profile: 'production' as const, minBackupPlanRetentionDays: 35 };

function plan(stack: Stack, deleteAfterDays: (number | undefined)[]): void {
  new CfnBackupPlan(stack, 'Plan', {
    backupPlan: {
      backupPlanName: 'p',
      backupPlanRule: deleteAfterDays.map((days, i) => ({
        ruleName: `r${i}`,
        targetBackupVault: 'vault',
        scheduleExpression: 'cron(0 2 * * ? *)',
        ...(days === undefined ? {} : { lifecycle: { deleteAfterDays: days } }),
      })),
    },
  });
}

describe('BackupPlanRetention: every backup plan rule keeps recovery points at least the policy minimum', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    plan(new Stack(app, 'Noncompliance1'), [7]);
    plan(new Stack(app, 'Noncompliance2'), [35, 14]);
    plan(new Stack(app, 'Compliance'), [35, 365, undefined]);
    findings = runRule(app, RULE, PRODUCTION);
  });

  test('Noncompliance 1: a daily rule keeping 7 days (production minimum 35)', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: one of two rules too short', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Compliance: 35, 365, and a rule without DeleteAfterDays (kept)', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
  });
});
