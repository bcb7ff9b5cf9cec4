import { Stack } from 'aws-cdk-lib';
import { type Finding, env, flagged, newApp, reported, runRule, taskDefinition } from './helpers';

const RULE = 'ProductionReadiness-ContainerCorsOriginsExplicit';

describe('ContainerCorsOriginsExplicit: CORS_ORIGINS lists explicit https (or local) origins, no wildcard', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    const cors = (stackId: string, value: string, name = 'CORS_ORIGINS') =>
      taskDefinition(new Stack(app, stackId), [{ environment: env({ [name]: value }) }]);
    cors('Noncompliance1', '*');
    cors('Noncompliance2', 'https://app.example.com,https://*.example.com');
    cors('Noncompliance3', 'null');
    cors('Noncompliance4', 'http://app.example.com', 'CORS_ALLOWED_ORIGINS');
    cors('Noncompliance5', 'https://app.example.com/path');
    cors('Compliance', 'https://app.example.com, https://admin.example.com:8443');
    cors('ComplianceLocal', 'http://localhost:3000');
    cors('ComplianceEmpty', '');
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: *', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: wildcard subdomain', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: null origin', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Noncompliance 4: plain http on a public host (CORS_ALLOWED_ORIGINS)', () => {
    expect(flagged(findings, RULE, 'Noncompliance4')).toHaveLength(1);
  });
  test('Noncompliance 5: an origin with a path', () => {
    expect(flagged(findings, RULE, 'Noncompliance5')).toHaveLength(1);
  });
  test('Compliance: https origins with ports, local development origin, empty list', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceLocal')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceEmpty')).toEqual([]);
  });
});
