import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { type Finding, flagged, newApp, reported, runRule, taskDefinition } from './helpers';

const RULE = 'ProductionReadiness-ContainerNonRootUser';

describe('ContainerNonRootUser: every container runs as a non-root User', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    taskDefinition(new Stack(app, 'Noncompliance1'), [{}]);
    taskDefinition(new Stack(app, 'Noncompliance2'), [{ user: 'root' }]);
    taskDefinition(new Stack(app, 'Noncompliance3'), [{ user: '1000:1000' }, { user: '0:1000' }]);
    taskDefinition(new Stack(app, 'Noncompliance4'), [{ user: '0' }]);
    taskDefinition(new Stack(app, 'Compliance'), [{ user: '1000:1000' }, { user: 'app' }]);
    // The L2 renders container definitions lazily; the rule sees the same values.
    const l2 = new ecs.FargateTaskDefinition(new Stack(app, 'ComplianceL2'), 'Task');
    l2.addContainer('App', { image: ecs.ContainerImage.fromRegistry('app:1'), user: '10001' });
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: User unset (image default)', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: root', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: uid 0 with another group, in a second container', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Noncompliance 4: uid 0', () => {
    expect(flagged(findings, RULE, 'Noncompliance4')).toHaveLength(1);
  });
  test('Compliance: numeric and named non-root users, L1 and L2', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceL2')).toEqual([]);
  });
});
