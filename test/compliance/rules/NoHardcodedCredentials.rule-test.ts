import { Stack } from 'aws-cdk-lib';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnParameter } from 'aws-cdk-lib/aws-ssm';
import { findCredential } from '../../../lib/compliance/rules/utils/credentials';
import { type Finding, env, flagged, newApp, reported, runRule, taskDefinition } from './helpers';

const RULE = 'ProductionReadiness-NoHardcodedCredentials';
// Built at run time so that the test file itself holds no credential-shaped literal.
const ACCESS_KEY = ['AKIA', 'Z'.repeat(16)].join('');
const PEM = ['-----BEGIN RSA PRIVATE', 'KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----'].join(' ');
const GITHUB = `ghp_${'a1B2'.repeat(9)}`;
const PASSWORD = ['s3cret', 'pass'].join('');
const JWT = [
  'eyJhbGciOiJIUzI1NiJ9',
  'eyJzdWIiOiIxMjM0NTY3ODkwIn0',
  'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
].join('.');

function lambda(scope: Stack, variables: Record<string, string>): CfnFunction {
  return new CfnFunction(scope, 'Fn', {
    role: 'arn:aws:iam::111111111111:role/fn',
    runtime: 'nodejs22.x',
    handler: 'index.handler',
    code: { zipFile: 'exports.handler = async () => {}' },
    environment: { variables },
  });
}

describe('NoHardcodedCredentials: no credential-shaped literal in any resource property', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    lambda(new Stack(app, 'Noncompliance1'), { AWS_ACCESS_KEY: ACCESS_KEY });
    new CfnParameter(new Stack(app, 'Noncompliance2'), 'Key', { type: 'String', value: PEM });
    taskDefinition(new Stack(app, 'Noncompliance3'), [
      { environment: env({ DATABASE_URL: `postgres://app:${PASSWORD}@db.internal:5432/app` }) },
    ]);
    lambda(new Stack(app, 'Noncompliance4'), { GH: GITHUB });
    const overridden = new CfnParameter(new Stack(app, 'Noncompliance5'), 'Session', {
      type: 'String',
      value: 'x',
    });
    overridden.addPropertyOverride('Value', JWT); // raw overrides are checked too
    lambda(new Stack(app, 'Compliance'), {
      DATABASE_URL: 'postgres://app:{{resolve:secretsmanager:db:SecretString:password}}@db.internal:5432/app',
      KMS_KEY_ID: 'arn:aws:kms:eu-west-1:111111111111:key/1234',
    });
    const stack = new Stack(app, 'ComplianceTokens');
    const secret = new CfnParameter(stack, 'Pwd', { type: 'String', value: 'placeholder' });
    taskDefinition(stack, [
      { environment: [{ name: 'DATABASE_URL', value: `postgres://app:${secret.attrValue}@db:5432/app` }] },
    ]);
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: AWS access key id in Lambda environment', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: PEM private key in an SSM parameter', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: password in a connection URL', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Noncompliance 4: GitHub token', () => {
    expect(flagged(findings, RULE, 'Noncompliance4')).toHaveLength(1);
  });
  test('Noncompliance 5: JWT added through a raw property override', () => {
    expect(flagged(findings, RULE, 'Noncompliance5')).toHaveLength(1);
  });
  test('Compliance: dynamic references and tokens in URLs, key ids', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceTokens')).toEqual([]);
  });
  test('findCredential recognises the documented shapes and leaves look-alikes alone', () => {
    expect(findCredential(`xoxb-${'1'.repeat(12)}-abcdef`)).toBe('Slack token');
    expect(findCredential(`redis://default:${PASSWORD}@cache:6379`)).toBe('password in URL');
    expect(findCredential(`Server=db;User Id=app;Password=${PASSWORD};`)).toBe('password parameter');
    expect(findCredential('https://example.com/path?x=1')).toBeUndefined();
    expect(findCredential('arn:aws:iam::111111111111:role/AROAEXAMPLE')).toBeUndefined();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-style placeholder is exactly what is tested
    expect(findCredential('password=${DB_PASSWORD}')).toBeUndefined();
  });
});
