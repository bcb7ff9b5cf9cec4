import { Stack } from 'aws-cdk-lib';
import { CfnDBInstance } from 'aws-cdk-lib/aws-rds';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-NoRawOverrides';

function instance(stack: Stack): CfnDBInstance {
  return new CfnDBInstance(stack, 'Db', {
    engine: 'postgres',
    dbInstanceClass: 'db.t4g.medium',
    multiAz: true,
  });
}

describe('NoRawOverrides: no resource is changed behind the rules by a raw override', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    instance(new Stack(app, 'Noncompliance1')).addPropertyOverride('MultiAZ', false);
    instance(new Stack(app, 'Noncompliance2')).addOverride('Properties.StorageEncrypted', false);
    instance(new Stack(app, 'Noncompliance3')).addPropertyDeletionOverride('DeletionProtection');
    // The typed property is what every rule reads: no bypass, no finding from this rule.
    const typed = instance(new Stack(app, 'Compliance'));
    typed.multiAz = false;
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: addPropertyOverride', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: addOverride on Properties', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: addPropertyDeletionOverride', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Compliance: a typed property set through the L1 (the rules see it)', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
  });
});
