import { Stack } from 'aws-cdk-lib';
import { type Finding, flagged, newApp, reported, runRule, taskDefinition } from './helpers';

const RULE = 'ProductionReadiness-ContainerReadOnlyRootFilesystem';

describe('ContainerReadOnlyRootFilesystem: every container has a read-only root filesystem', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    taskDefinition(new Stack(app, 'Noncompliance1'), [{}]);
    taskDefinition(new Stack(app, 'Noncompliance2'), [{ readonlyRootFilesystem: false }]);
    taskDefinition(new Stack(app, 'Noncompliance3'), [{ readonlyRootFilesystem: true }, {}]);
    taskDefinition(new Stack(app, 'Compliance'), [
      { readonlyRootFilesystem: true },
      { readonlyRootFilesystem: true },
    ]);
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: unset', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: false', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: a sidecar without it', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Compliance', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
  });
});
