import { Stack } from 'aws-cdk-lib';
import { CfnDBCluster, CfnDBInstance } from 'aws-cdk-lib/aws-rds';
import { type Finding, NON_PRODUCTION, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-RDSBackupRetentionPolicy';
const INSTANCE = { engine: 'postgres', dbInstanceClass: 'db.t4g.micro' };

describe('RDSBackupRetentionPolicy: automated backups kept at least minBackupRetentionDays', () => {
  let findings: Finding[];
  let nonProduction: Finding[];
  beforeAll(() => {
    const app = newApp();
    new CfnDBInstance(new Stack(app, 'Noncompliance1'), 'Db', INSTANCE);
    new CfnDBInstance(new Stack(app, 'Noncompliance2'), 'Db', { ...INSTANCE, backupRetentionPeriod: 3 });
    new CfnDBCluster(new Stack(app, 'Noncompliance3'), 'Cluster', {
      engine: 'aurora-postgresql',
      backupRetentionPeriod: 1,
    });
    new CfnDBInstance(new Stack(app, 'Compliance'), 'Db', { ...INSTANCE, backupRetentionPeriod: 7 });
    const aurora = new Stack(app, 'ComplianceAurora');
    const cluster = new CfnDBCluster(aurora, 'Cluster', {
      engine: 'aurora-postgresql',
      backupRetentionPeriod: 14,
    });
    // Cluster members carry no retention of their own.
    new CfnDBInstance(aurora, 'Writer', {
      engine: 'aurora-postgresql',
      dbInstanceClass: 'db.r7g.large',
      dbClusterIdentifier: cluster.ref,
    });
    findings = runRule(app, RULE);
    nonProduction = runRule(app, RULE, { ...NON_PRODUCTION, minBackupRetentionDays: 3 });
  });

  test('Noncompliance 1: unset (CloudFormation default 1 day)', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: 3 days with minimum 7', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: Aurora cluster 1 day', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Compliance: 7 days; Aurora cluster 14 days with its member instance', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceAurora')).toEqual([]);
  });
  test('the minimum comes from the policy and stays an error in every profile', () => {
    expect(reported(nonProduction, RULE, 'Noncompliance2')).toEqual([]);
    expect(flagged(nonProduction, RULE, 'Noncompliance1')[0].severity).toBe('error');
  });
});
