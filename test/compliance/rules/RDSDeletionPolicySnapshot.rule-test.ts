import { CfnDeletionPolicy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CfnDBCluster, CfnDBInstance } from 'aws-cdk-lib/aws-rds';
import { type Finding, NON_PRODUCTION, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-RDSDeletionPolicySnapshot';
const INSTANCE = { engine: 'postgres', dbInstanceClass: 'db.t4g.micro' };

describe('RDSDeletionPolicySnapshot: databases are snapshotted or retained on delete and replace', () => {
  let findings: Finding[];
  let nonProduction: Finding[];
  beforeAll(() => {
    const app = newApp();
    new CfnDBInstance(new Stack(app, 'Noncompliance1'), 'Db', INSTANCE);
    new CfnDBInstance(new Stack(app, 'Noncompliance2'), 'Db', INSTANCE).applyRemovalPolicy(
      RemovalPolicy.DESTROY,
    );
    const half = new CfnDBCluster(new Stack(app, 'Noncompliance3'), 'Cluster', {
      engine: 'aurora-postgresql',
    });
    half.cfnOptions.deletionPolicy = CfnDeletionPolicy.SNAPSHOT; // UpdateReplacePolicy left at Delete
    new CfnDBInstance(new Stack(app, 'Compliance'), 'Db', INSTANCE).applyRemovalPolicy(
      RemovalPolicy.SNAPSHOT,
    );
    new CfnDBCluster(new Stack(app, 'ComplianceRetain'), 'Cluster', {
      engine: 'aurora-postgresql',
    }).applyRemovalPolicy(RemovalPolicy.RETAIN);
    findings = runRule(app, RULE);
    nonProduction = runRule(app, RULE, NON_PRODUCTION);
  });

  test('Noncompliance 1: no DeletionPolicy', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: RemovalPolicy.DESTROY', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: Snapshot on delete but Delete on replacement', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Compliance: SNAPSHOT instance, RETAIN cluster', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceRetain')).toEqual([]);
  });
  test('production-only: a warning in non-production', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')[0].severity).toBe('error');
    expect(flagged(nonProduction, RULE, 'Noncompliance2')[0].severity).toBe('warning');
  });
});
