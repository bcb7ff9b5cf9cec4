import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnSubnetGroup } from 'aws-cdk-lib/aws-elasticache';
import { CfnDBSubnetGroup } from 'aws-cdk-lib/aws-rds';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-DataStoreInIsolatedSubnets';

describe('DataStoreInIsolatedSubnets: database and cache subnet groups use isolated subnets only', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    // The VPC lives in its own stack, as in the app; subnet ids reach the data stores as imports.
    const network = new Stack(app, 'Network');
    const vpc = new ec2.Vpc(network, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    const ids = (type: ec2.SubnetType) => vpc.selectSubnets({ subnetType: type }).subnetIds;
    new CfnDBSubnetGroup(new Stack(app, 'Noncompliance1'), 'Db', {
      dbSubnetGroupDescription: 'db',
      subnetIds: ids(ec2.SubnetType.PUBLIC),
    });
    new CfnSubnetGroup(new Stack(app, 'Noncompliance2'), 'Cache', {
      description: 'cache',
      subnetIds: ids(ec2.SubnetType.PRIVATE_WITH_EGRESS),
    });
    new CfnDBSubnetGroup(new Stack(app, 'Noncompliance3'), 'Db', {
      dbSubnetGroupDescription: 'db',
      subnetIds: [...ids(ec2.SubnetType.PRIVATE_ISOLATED), ids(ec2.SubnetType.PRIVATE_WITH_EGRESS)[0]],
    });
    const data = new Stack(app, 'Compliance');
    new CfnDBSubnetGroup(data, 'Db', {
      dbSubnetGroupDescription: 'db',
      subnetIds: ids(ec2.SubnetType.PRIVATE_ISOLATED),
    });
    new CfnSubnetGroup(data, 'Cache', {
      description: 'cache',
      subnetIds: ids(ec2.SubnetType.PRIVATE_ISOLATED),
    });
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: public subnets (internet gateway route)', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: cache in private subnets with a NAT route', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: one egress subnet among isolated ones', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Compliance: isolated subnets from another stack, DB and cache', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
  });
});
