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

const RULE = 'ProductionReadiness-ContainerCorsOriginsHttpsOnly';

describe('ContainerCorsOriginsHttpsOnly: production CORS origins are all https://', () => {
  let findings: Finding[];
  let nonProduction: Finding[];
  beforeAll(() => {
    const app = newApp();
    const cors = (stackId: string, value: string) =>
      taskDefinition(new Stack(app, stackId), [{ environment: env({ CORS_ORIGINS: value }) }]);
    cors('Noncompliance1', 'http://localhost:3000');
    cors('Noncompliance2', 'https://app.example.com,http://127.0.0.1:8080');
    cors('Compliance', 'https://app.example.com');
    findings = runRule(app, RULE);
    nonProduction = runRule(app, RULE, NON_PRODUCTION);
  });

  test('Noncompliance 1: http://localhost', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: one http origin among https ones', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Compliance', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
  });
  test('non-production: http://localhost is a warning, not an error', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')[0].severity).toBe('error');
    expect(flagged(nonProduction, RULE, 'Noncompliance1')[0].severity).toBe('warning');
  });
});
