import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack, Tags, Validations } from 'aws-cdk-lib';
import { CfnRepository } from 'aws-cdk-lib/aws-ecr';
import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { PRODUCTION_READINESS_RULES } from '../../../lib/compliance/pack/rule-specs';
import { ProductionReadinessChecks } from '../../../lib/compliance/production-readiness-pack';
import { type CompliancePolicyInput, resolveCompliancePolicy } from '../../../lib/compliance/profile';
import * as rules from '../../../lib/compliance/rules';
import { env, newApp, runRule, taskDefinition } from './helpers';

interface ReportViolation {
  readonly ruleName: string;
  readonly severity: string;
  readonly violatingConstructs: { readonly constructPath: string }[];
}
interface ValidationReport {
  readonly pluginReports: { readonly pluginName: string; readonly violations: ReportViolation[] }[];
}

/**
 * Synthesize the way `cdk synth` does: the pack registered as a policy-validation plugin. The
 * built-in CloudFormation validator is off: the pack's registration is under test, and the
 * validator's engine start (about 4 s of CPU) would be most of this file's time.
 */
function synthWithPack(
  configure: (stack: Stack) => void,
  policy: CompliancePolicyInput = { profile: 'production' },
  failOnWarnings?: boolean,
): { error: unknown; violations: ReportViolation[] } {
  const app = newApp();
  Validations.of(app).addPlugins(new ProductionReadinessChecks(app, policy, { failOnWarnings }));
  configure(new Stack(app, 'Edge'));
  let error: unknown;
  try {
    app.synth();
  } catch (e) {
    error = e;
  }
  const report = JSON.parse(
    readFileSync(join(app.outdir, 'validation-report.json'), 'utf8'),
  ) as ValidationReport;
  const violations = report.pluginReports
    .filter((p) => p.pluginName === 'ProductionReadiness')
    .flatMap((p) => p.violations);
  return { error, violations };
}

function pathsOf(violations: ReportViolation[], ruleName: string): string[] {
  return violations
    .filter((v) => v.ruleName === ruleName)
    .flatMap((v) => v.violatingConstructs.map((c) => c.constructPath));
}

function twoRepositories(stack: Stack): { flagged: CfnRepository; alsoFlagged: CfnRepository } {
  const scanning = { scanOnPush: false };
  return {
    flagged: new CfnRepository(stack, 'Api', {
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: scanning,
    }),
    alsoFlagged: new CfnRepository(stack, 'Trainer', {
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: scanning,
    }),
  };
}

describe('ProductionReadinessChecks: registered with Validations.of(app).addPlugins', () => {
  test('an error finding stops synth and lands in the assembly validation-report.json', () => {
    const { error, violations } = synthWithPack((stack) => {
      twoRepositories(stack);
      const secret = new CfnSecret(stack, 'ApiKey', { secretString: 'abc' });
      Tags.of(secret).add('shipshape:purpose', 'api-key');
    });
    expect(String(error)).toContain('ValidationFailed');
    expect(pathsOf(violations, 'ProductionReadiness-ECRScanOnPush').sort()).toEqual([
      'Edge/Api',
      'Edge/Trainer',
    ]);
    expect(pathsOf(violations, 'ProductionReadiness-ApiKeySecretGenerated')).toEqual(['Edge/ApiKey']);
    expect(violations.find((v) => v.ruleName === 'ProductionReadiness-ECRScanOnPush')?.severity).toBe(
      'error',
    );
  });

  test('Validations.of(construct).acknowledge silences exactly that finding on that construct', () => {
    const { error, violations } = synthWithPack((stack) => {
      const { flagged } = twoRepositories(stack);
      Validations.of(flagged).acknowledge({
        id: 'ProductionReadiness-ECRScanOnPush',
        reason: 'test: scanning of this repository is done by the registry-level scanning configuration',
      });
    });
    // The other repository still fails, so synth still fails...
    expect(String(error)).toContain('ValidationFailed');
    // ...but only for it: the acknowledged construct is gone from this rule, and other rules are untouched.
    expect(pathsOf(violations, 'ProductionReadiness-ECRScanOnPush')).toEqual(['Edge/Trainer']);
  });

  test('acknowledging every finding lets synth succeed', () => {
    const { error, violations } = synthWithPack((stack) => {
      const { flagged, alsoFlagged } = twoRepositories(stack);
      for (const repo of [flagged, alsoFlagged]) {
        Validations.of(repo).acknowledge({
          id: 'ProductionReadiness::ProductionReadiness-ECRScanOnPush',
          reason: 'test: the namespaced id printed by the CDK report works as well',
        });
      }
    });
    expect(error).toBeUndefined();
    expect(pathsOf(violations, 'ProductionReadiness-ECRScanOnPush')).toEqual([]);
  });
});

describe('ProductionReadinessChecks: profiles', () => {
  test('non-production: production-only findings are warnings and do not stop synth', () => {
    // The CDK prints warnings to stderr; capture them instead of cluttering the test output.
    const stderr = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const { error, violations } = synthWithPack(
      (stack) => {
        new CfnReplicationGroup(stack, 'Redis', {
          replicationGroupDescription: 'cache',
          userGroupIds: ['app'],
          automaticFailoverEnabled: false,
          snapshotRetentionLimit: 0,
        });
      },
      { profile: 'non-production' },
    );
    expect(error).toBeUndefined();
    expect(stderr.mock.calls.flat().join('\n')).toContain('WARNING');
    stderr.mockRestore();
    const failover = violations.find(
      (v) => v.ruleName === 'ProductionReadiness-ElastiCacheAutomaticFailover',
    );
    expect(failover?.severity).toBe('warning');
    expect(failover?.violatingConstructs.map((c) => c.constructPath)).toEqual(['Edge/Redis']);
  });

  test('failOnWarnings restores cdk-nag 3 behaviour: a warning stops synth', () => {
    const { error } = synthWithPack(
      (stack) => {
        new CfnReplicationGroup(stack, 'Redis', {
          replicationGroupDescription: 'cache',
          userGroupIds: ['app'],
          snapshotRetentionLimit: 1,
          automaticFailoverEnabled: false,
        });
      },
      { profile: 'non-production' },
      true,
    );
    expect(String(error)).toContain('ValidationFailed');
  });

  test('the policy is validated once, naming every bad field', () => {
    expect(resolveCompliancePolicy({ profile: 'production' })).toEqual({
      profile: 'production',
      maxRotationDays: 90,
      minBackupRetentionDays: 7,
      logRetentionDays: { min: 30, max: 731 },
      minBackupPlanRetentionDays: 1,
    });
    expect(() =>
      resolveCompliancePolicy({
        profile: 'production',
        maxRotationDays: 0,
        minBackupRetentionDays: 40,
        logRetentionDays: { min: 90, max: 30 },
        minBackupPlanRetentionDays: 0,
      }),
    ).toThrow(
      /maxRotationDays[\s\S]*minBackupRetentionDays[\s\S]*minBackupPlanRetentionDays[\s\S]*logRetentionDays\.max/,
    );
  });
});

describe('PRODUCTION_READINESS_RULES: the table the register joins on', () => {
  test('one entry per exported rule, id = ProductionReadiness-<file name>, with checklist ids', () => {
    const exported = Object.entries(rules)
      .filter(([, v]) => typeof v === 'function' && /^[A-Z]/.test(v.name))
      .map(([key, fn]) => {
        expect((fn as { name: string }).name).toBe(key);
        return key;
      });
    expect(PRODUCTION_READINESS_RULES.map((r) => r.ruleName).sort()).toEqual(exported.sort());
    for (const rule of PRODUCTION_READINESS_RULES) {
      expect(rule.ruleId).toBe(`ProductionReadiness-${rule.ruleName}`);
      expect(rule.checklistIds.length).toBeGreaterThan(0);
      for (const id of rule.checklistIds) expect(id).toMatch(/^[A-Z]+-\d\d$/);
    }
  });
});

describe('the one-rule test pack judges with the rule under test only', () => {
  const DEBUG = 'ProductionReadiness-ContainerDebugDisabled';
  const ROOT_USER = 'ProductionReadiness-ContainerNonRootUser';
  /** One container that breaks two rules: DEBUG=true and no user (root). */
  const twoRulesBroken = () => {
    const app = newApp();
    taskDefinition(new Stack(app, 'Both'), [{ environment: env({ DEBUG: 'true' }) }]);
    return app;
  };

  test('a resource that breaks two rules is reported for the rule under test only', () => {
    const findings = runRule(twoRulesBroken(), DEBUG);
    expect(findings.map((f) => f.ruleId)).toEqual([DEBUG]);
    expect(runRule(twoRulesBroken(), ROOT_USER).map((f) => f.ruleId)).toEqual([ROOT_USER]);
  });

  test('control: the whole pack reports both, with the same text the one-rule pack gives', () => {
    const app = twoRulesBroken();
    app.synth();
    const report = new ProductionReadinessChecks(app, { profile: 'production' }).validateScope(app);
    const byRule = new Map(report.violations.map((v) => [v.ruleName, v]));
    expect([...byRule.keys()]).toEqual(expect.arrayContaining([DEBUG, ROOT_USER]));
    const alone = runRule(twoRulesBroken(), DEBUG)[0]!;
    expect(alone.description).toBe(byRule.get(DEBUG)!.description);
    expect(alone.severity).toBe(byRule.get(DEBUG)!.severity);
  });
});
