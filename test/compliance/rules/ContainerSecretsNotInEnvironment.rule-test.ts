import { Stack } from 'aws-cdk-lib';
import { looksSecret } from '../../../lib/compliance/rules/ecs/ContainerSecretsNotInEnvironment';
import { type Finding, env, flagged, newApp, reported, runRule, taskDefinition } from './helpers';

const RULE = 'ProductionReadiness-ContainerSecretsNotInEnvironment';

describe('ContainerSecretsNotInEnvironment: secret-looking variables come through Secrets, not Environment', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    taskDefinition(new Stack(app, 'Noncompliance1'), [{ environment: env({ ADMIN_API_KEY: 'abc' }) }]);
    taskDefinition(new Stack(app, 'Noncompliance2'), [
      { environment: env({ SENTRY_DSN: 'https://k@o1.ingest.io/1' }) },
    ]);
    taskDefinition(new Stack(app, 'Noncompliance3'), [
      {},
      { environment: env({ DB_PASSWORD: '{{resolve:secretsmanager:db:SecretString:password}}' }) },
    ]);
    taskDefinition(new Stack(app, 'Compliance'), [
      {
        environment: env({
          KMS_KEY_ID: 'alias/app',
          DB_SECRET_ARN: 'arn:aws:secretsmanager:x',
          API_KEY_HEADER: 'X-Api-Key',
        }),
        secrets: [
          { name: 'ADMIN_API_KEY', valueFrom: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:admin' },
        ],
      },
    ]);
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: ADMIN_API_KEY literal', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: SENTRY_DSN in Environment', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: DB_PASSWORD via a dynamic reference is still a plain env var', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Compliance: references (_ID, _ARN, _HEADER) in Environment, the key itself in Secrets', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
  });
  test('looksSecret name heuristics', () => {
    for (const name of [
      'PUBLIC_API_KEY',
      'JWT_SECRET',
      'GITHUB_TOKEN',
      'SMTP_PASSWD',
      'OAUTH_CLIENT_CREDENTIALS',
      'PRIVATE_KEY_PEM',
      'OPENAI_APIKEY',
    ]) {
      expect(looksSecret(name)).toBe(true);
    }
    for (const name of [
      'AWS_ACCESS_KEY_ID',
      'SECRET_NAME',
      'TOKEN_TTL',
      'KEYCLOAK_URL',
      'MONKEY',
      'CORS_ORIGINS',
    ]) {
      expect(looksSecret(name)).toBe(false);
    }
  });
});
