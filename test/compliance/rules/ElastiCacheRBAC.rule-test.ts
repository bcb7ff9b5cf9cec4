import { Stack } from 'aws-cdk-lib';
import {
  CfnReplicationGroup,
  type CfnReplicationGroupProps,
  CfnUserGroup,
} from 'aws-cdk-lib/aws-elasticache';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-ElastiCacheRBAC';

describe('ElastiCacheRBAC: Redis/Valkey replication groups authenticate with an RBAC user group', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    const group = (stackId: string, props: Partial<CfnReplicationGroupProps> = {}) =>
      new CfnReplicationGroup(new Stack(app, stackId), 'Redis', {
        replicationGroupDescription: 'cache',
        engine: 'redis',
        transitEncryptionEnabled: true,
        ...props,
      });
    group('Noncompliance1');
    group('Noncompliance2', { authToken: '{{resolve:secretsmanager:redis-auth}}' });
    const stack = new Stack(app, 'Compliance');
    const users = new CfnUserGroup(stack, 'Users', {
      engine: 'redis',
      userGroupId: 'app',
      userIds: ['default-disabled', 'app'],
    });
    new CfnReplicationGroup(stack, 'Redis', {
      replicationGroupDescription: 'cache',
      engine: 'valkey',
      transitEncryptionEnabled: true,
      userGroupIds: [users.ref],
    });
    group('NotApplicable', { engine: 'memcached' });
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: no authentication', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: shared AUTH token instead of RBAC', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Compliance: UserGroupIds', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
    expect(reported(findings, RULE, 'NotApplicable')).toEqual([]);
  });
});
