import { Stack, Tags } from 'aws-cdk-lib';
import { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-ApiKeySecretLength';

describe('ApiKeySecretLength: API keys are generated with 32+ characters and 128+ bits of entropy', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    const apiKey = (stackId: string, generateSecretString: CfnSecret.GenerateSecretStringProperty) => {
      const secret = new CfnSecret(new Stack(app, stackId), 'ApiKey', { generateSecretString });
      Tags.of(secret).add('shipshape:purpose', 'api-key');
    };
    apiKey('Noncompliance1', { passwordLength: 16 });
    apiKey('Noncompliance2', { passwordLength: 31, excludePunctuation: true });
    apiKey('Noncompliance3', {
      passwordLength: 32,
      excludeLowercase: true,
      excludeUppercase: true,
      excludePunctuation: true,
    });
    apiKey('Compliance', {});
    apiKey('Compliance64', { passwordLength: 64, excludePunctuation: true });
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: 16 characters', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: 31 characters', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: 32 digits only (about 106 bits)', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Compliance: PasswordLength unset is Secrets Manager default 32; 64 alphanumerics', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
    expect(reported(findings, RULE, 'Compliance64')).toEqual([]);
  });
});
