import { Stack } from 'aws-cdk-lib';
import { CfnDBCluster, CfnDBInstance } from 'aws-cdk-lib/aws-rds';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-RDSClusterMultiAZ';

describe('RDSClusterMultiAZ: clusters are Multi-AZ DB clusters or Aurora clusters with 2+ instances', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    const aurora = (stackId: string, instances: number) => {
      const stack = new Stack(app, stackId);
      const cluster = new CfnDBCluster(stack, 'Cluster', { engine: 'aurora-postgresql' });
      for (let i = 0; i < instances; i++) {
        new CfnDBInstance(stack, `Instance${i}`, {
          engine: 'aurora-postgresql',
          dbInstanceClass: 'db.r7g.large',
          dbClusterIdentifier: cluster.ref,
        });
      }
    };
    aurora('Noncompliance1', 0);
    aurora('Noncompliance2', 1);
    aurora('Compliance', 2);
    new CfnDBCluster(new Stack(app, 'ComplianceMultiAzCluster'), 'Cluster', {
      engine: 'postgres',
      dbClusterInstanceClass: 'db.m6gd.large',
      storageType: 'io1',
      allocatedStorage: 100,
      iops: 1000,
    });
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: no instances', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: a single writer', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Compliance: writer + reader; Multi-AZ DB cluster', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceMultiAzCluster')).toEqual([]);
  });
});
