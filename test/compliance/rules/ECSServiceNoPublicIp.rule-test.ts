import { Stack } from 'aws-cdk-lib';
import { CfnService } from 'aws-cdk-lib/aws-ecs';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-ECSServiceNoPublicIp';

describe('ECSServiceNoPublicIp: ECS tasks get no public IP', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    const service = (stackId: string, assignPublicIp?: string) =>
      new CfnService(new Stack(app, stackId), 'Service', {
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'], assignPublicIp } },
      });
    service('Noncompliance1', 'ENABLED');
    service('Compliance', 'DISABLED');
    service('ComplianceDefault');
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: AssignPublicIp ENABLED', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Compliance: DISABLED or unset (default DISABLED)', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceDefault')).toEqual([]);
  });
});
