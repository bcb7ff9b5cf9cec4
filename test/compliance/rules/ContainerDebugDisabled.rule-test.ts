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

const RULE = 'ProductionReadiness-ContainerDebugDisabled';

describe('ContainerDebugDisabled: no container enables DEBUG', () => {
  let findings: Finding[];
  let nonProduction: Finding[];
  beforeAll(() => {
    const app = newApp();
    taskDefinition(new Stack(app, 'Noncompliance1'), [{ environment: env({ DEBUG: 'true' }) }]);
    taskDefinition(new Stack(app, 'Noncompliance2'), [{ environment: env({ DEBUG: '1' }) }]);
    taskDefinition(new Stack(app, 'Noncompliance3'), [{}, { environment: env({ FLASK_DEBUG: 'on' }) }]);
    taskDefinition(new Stack(app, 'Compliance'), [
      { environment: env({ DEBUG: 'false', APP_DEBUG: '0', DEBUGGER_PORT: '5678' }) },
      {},
    ]);
    findings = runRule(app, RULE);
    nonProduction = runRule(app, RULE, NON_PRODUCTION);
  });

  test('Noncompliance 1: DEBUG=true', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: DEBUG=1', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: FLASK_DEBUG=on in a second container', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Compliance: DEBUG=false, APP_DEBUG=0, unrelated DEBUGGER_PORT, or absent', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
  });
  test('non-production: DEBUG=true is a warning', () => {
    expect(flagged(nonProduction, RULE, 'Noncompliance1')[0].severity).toBe('warning');
  });
});
