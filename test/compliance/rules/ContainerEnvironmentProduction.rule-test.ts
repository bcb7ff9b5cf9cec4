import { Stack } from 'aws-cdk-lib';
import {
  type Finding,
  NON_PRODUCTION,
  env,
  flagged,
  newApp,
  reported,
  runRule,
  taskDefinition,
} from './helpers';

const RULE = 'ProductionReadiness-ContainerEnvironmentProduction';

describe('ContainerEnvironmentProduction: the task sets ENVIRONMENT=production', () => {
  let findings: Finding[];
  let nonProduction: Finding[];
  beforeAll(() => {
    const app = newApp();
    taskDefinition(new Stack(app, 'Noncompliance1'), [{ environment: env({ LOG_LEVEL: 'info' }) }]);
    taskDefinition(new Stack(app, 'Noncompliance2'), [{ environment: env({ ENVIRONMENT: 'staging' }) }]);
    taskDefinition(new Stack(app, 'Noncompliance3'), [
      { environment: env({ ENVIRONMENT: 'production' }) },
      { environment: env({ ENVIRONMENT: 'development' }) },
    ]);
    taskDefinition(new Stack(app, 'Compliance'), [
      { environment: env({ ENVIRONMENT: 'production' }) },
      { name: 'log-router' }, // a sidecar that does not read ENVIRONMENT
    ]);
    findings = runRule(app, RULE);
    nonProduction = runRule(app, RULE, NON_PRODUCTION);
  });

  test('Noncompliance 1: ENVIRONMENT missing', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: ENVIRONMENT=staging', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: one container says development', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Compliance', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
  });
  test('production-only: error in production, warning in non-production', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')[0].severity).toBe('error');
    expect(flagged(nonProduction, RULE, 'Noncompliance2')[0].severity).toBe('warning');
  });
});
