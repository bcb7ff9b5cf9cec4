import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { environments } from '../../../config';
import { validateConfigs } from '../../../lib/config';
import { containerEnvironment } from '../../../lib/constructs/service/container-environment';
import { FakeDataStack } from '../../support/fake-data-tier';

const config = validateConfigs(environments).dev!;
const app = new App({ builtinCloudFormationValidation: false });
const env = { account: config.account, region: config.region };
const base = new Stack(app, 'Base', { env });
const vpc = new ec2.Vpc(base, 'Vpc', { maxAzs: 2, natGateways: 0 });
const { data } = new FakeDataStack(app, 'Data', { env, config, vpc });

describe('containerEnvironment: the application contract in one place', () => {
  test('Shipshape-owned variables win over service.environment', () => {
    const stack = new Stack(app, 'Wins', { env });
    const tampered = {
      ...config,
      service: { ...config.service, environment: { DB_SSLMODE: 'disable', EXTRA: 'x' } },
    };
    const { environment } = containerEnvironment(stack, tampered.service, data, 'bucket');
    expect(environment).toMatchObject({
      DB_SSLMODE: 'require',
      EXTRA: 'x',
      MODEL_BUCKET: 'bucket',
      CACHE_TLS: 'true',
    });
  });

  test('credentials are secrets only, API keys with their current and previous fields', () => {
    const stack = new Stack(app, 'Secrets', { env });
    const { environment, secrets } = containerEnvironment(stack, config.service, data, 'bucket');
    expect(Object.keys(secrets)).toEqual(
      expect.arrayContaining([
        'PUBLIC_API_KEY',
        'PUBLIC_API_KEY_PREVIOUS',
        'ADMIN_API_KEY',
        'ADMIN_API_KEY_PREVIOUS',
        'DB_USERNAME',
        'DB_PASSWORD',
        'CACHE_USERNAME',
        'CACHE_PASSWORD',
        ...config.service.secrets.map((s) => s.name),
      ]),
    );
    for (const name of Object.keys(secrets)) expect(environment[name]).toBeUndefined();
    expect(secrets.PUBLIC_API_KEY!.arn).toMatch(/:current::$/);
    expect(secrets.PUBLIC_API_KEY_PREVIOUS!.arn).toMatch(/:previous::$/);
    expect(secrets.DB_PASSWORD!.arn).toMatch(/:password::$/);
  });

  test('a secret named in config but missing from the data tier is an error naming it', () => {
    const stack = new Stack(app, 'Missing', { env });
    const extra = {
      ...config,
      service: {
        ...config.service,
        secrets: [...config.service.secrets, { name: 'NEW_TOKEN', description: 'new' }],
      },
    };
    expect(() => containerEnvironment(stack, extra.service, data, 'bucket')).toThrow(
      /service\.secrets names "NEW_TOKEN" but the data tier has no such secret \(it has: SMTP_PASSWORD, SENTRY_DSN, OPENAI_API_KEY, OAUTH_CLIENT_SECRET\)/,
    );
  });
});
