import { Stack } from 'aws-cdk-lib';
import { type Finding, flagged, newApp, reported, runRule, taskDefinition } from './helpers';

const RULE = 'ProductionReadiness-ContainerNotPrivileged';

describe('ContainerNotPrivileged: no container is privileged or adds capabilities', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    taskDefinition(new Stack(app, 'Noncompliance1'), [{ privileged: true }], {
      requiresCompatibilities: ['EC2'],
    });
    taskDefinition(
      new Stack(app, 'Noncompliance2'),
      [{ linuxParameters: { capabilities: { add: ['SYS_ADMIN'] } } }],
      {
        requiresCompatibilities: ['EC2'],
      },
    );
    taskDefinition(new Stack(app, 'Compliance'), [
      { privileged: false },
      { linuxParameters: { capabilities: { drop: ['ALL'] } } },
    ]);
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: Privileged true', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: SYS_ADMIN capability added', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Compliance: Privileged false, capabilities dropped, or unset', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
  });
});
