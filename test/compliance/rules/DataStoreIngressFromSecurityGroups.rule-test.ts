import { Stack } from 'aws-cdk-lib';
import { CfnSecurityGroup, CfnSecurityGroupIngress } from 'aws-cdk-lib/aws-ec2';
import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import { CfnDBInstance } from 'aws-cdk-lib/aws-rds';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-DataStoreIngressFromSecurityGroups';

describe('DataStoreIngressFromSecurityGroups: database and cache ingress only from security groups', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    const sg = (stackId: string, ingress: CfnSecurityGroup.IngressProperty[] = []) => {
      const stack = new Stack(app, stackId);
      return new CfnSecurityGroup(stack, 'Sg', {
        groupDescription: 'sg',
        vpcId: 'vpc-1',
        securityGroupIngress: ingress,
      });
    };
    sg('Noncompliance1', [{ ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIp: '10.0.0.0/16' }]);
    sg('Noncompliance2', [{ ipProtocol: '-1', cidrIp: '10.0.0.0/8' }]);
    // A database on a non-default port: the group is recognised through the DB instance.
    const db = sg('Noncompliance3', [
      { ipProtocol: 'tcp', fromPort: 15432, toPort: 15432, cidrIp: '10.0.1.0/24' },
    ]);
    new CfnDBInstance(db.stack, 'Db', {
      engine: 'postgres',
      dbInstanceClass: 'db.t4g.micro',
      vpcSecurityGroups: [db.attrGroupId],
    });
    // Cache ingress added as a standalone resource.
    const cache = sg('Noncompliance4');
    new CfnReplicationGroup(cache.stack, 'Redis', {
      replicationGroupDescription: 'cache',
      securityGroupIds: [cache.attrGroupId],
    });
    new CfnSecurityGroupIngress(cache.stack, 'FromVpc', {
      groupId: cache.attrGroupId,
      ipProtocol: 'tcp',
      fromPort: 6379,
      toPort: 6379,
      sourcePrefixListId: 'pl-123',
    });
    const ok = sg('Compliance', [
      { ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, sourceSecurityGroupId: 'sg-service' },
    ]);
    new CfnDBInstance(ok.stack, 'Db', {
      engine: 'postgres',
      dbInstanceClass: 'db.t4g.micro',
      vpcSecurityGroups: [ok.attrGroupId],
    });
    sg('ComplianceOtherPorts', [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '10.0.0.0/16' }]);
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: 5432 from the VPC CIDR', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: all traffic from a CIDR (covers 5432 and 6379)', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: CIDR ingress on a group attached to an RDS instance (non-default port)', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Noncompliance 4: prefix-list ingress to the cache via SecurityGroupIngress', () => {
    expect(flagged(findings, RULE, 'Noncompliance4').map((f) => f.constructPath)).toEqual([
      'Noncompliance4/FromVpc',
    ]);
  });
  test('Compliance: DB ingress from the service security group; 443 from the VPC on a non-data group', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceOtherPorts')).toEqual([]);
  });
});
