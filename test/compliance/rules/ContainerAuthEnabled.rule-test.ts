import { Stack } from 'aws-cdk-lib';
import {
  env,
  type Finding,
  flagged,
  NON_PRODUCTION,
  newApp,
  reported,
  runRule,
  taskDefinition,
} from './helpers';

const RULE = 'ProductionReadiness-ContainerAuthEnabled';
const PORT = { portMappings: [{ containerPort: 8000 }] };

describe('ContainerAuthEnabled: every serving container runs with AUTH_ENABLED=true', () => {
  let findings: Finding[];
  let nonProduction: Finding[];
  beforeAll(() => {
    const app = newApp();
    taskDefinition(new Stack(app, 'Noncompliance1'), [
      { ...PORT, environment: env({ AUTH_ENABLED: 'false' }) },
    ]);
    taskDefinition(new Stack(app, 'Noncompliance2'), [
      { ...PORT, environment: env({ ENVIRONMENT: 'production' }) },
    ]);
    taskDefinition(new Stack(app, 'Noncompliance3'), [{ ...PORT, environment: env({ AUTH_ENABLED: '1' }) }]);
    taskDefinition(new Stack(app, 'Compliance'), [
      { ...PORT, environment: env({ AUTH_ENABLED: 'TRUE' }) },
      // A one-off task serves nothing: no port, nothing to authenticate.
      { environment: env({}) },
    ]);
    findings = runRule(app, RULE);
    nonProduction = runRule(app, RULE, NON_PRODUCTION);
  });

  test('Noncompliance 1: AUTH_ENABLED=false', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: AUTH_ENABLED absent (an escape hatch removed it)', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: a value that is not "true"', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Compliance: true (any case) on the serving container; containers without ports are not concerned', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
  });
  test('non-production: a warning', () => {
    expect(flagged(nonProduction, RULE, 'Noncompliance1')[0]!.severity).toBe('warning');
  });
});
