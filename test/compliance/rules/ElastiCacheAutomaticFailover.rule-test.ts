import { Stack } from 'aws-cdk-lib';
import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import { type Finding, NON_PRODUCTION, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-ElastiCacheAutomaticFailover';

describe('ElastiCacheAutomaticFailover: replication groups fail over automatically', () => {
  let findings: Finding[];
  let nonProduction: Finding[];
  beforeAll(() => {
    const app = newApp();
    const group = (stackId: string, automaticFailoverEnabled?: boolean) =>
      new CfnReplicationGroup(new Stack(app, stackId), 'Redis', {
        replicationGroupDescription: 'cache',
        numCacheClusters: 2,
        automaticFailoverEnabled,
      });
    group('Noncompliance1');
    group('Noncompliance2', false);
    group('Compliance', true);
    findings = runRule(app, RULE);
    nonProduction = runRule(app, RULE, NON_PRODUCTION);
  });

  test('Noncompliance 1: unset (disabled)', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: false', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Compliance', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
  });
  test('production-only: a warning in non-production', () => {
    expect(flagged(nonProduction, RULE, 'Noncompliance1')[0].severity).toBe('warning');
  });
});
