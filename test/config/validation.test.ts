import { environments } from '../../config';
import { type ShipshapeConfigInput, validateConfigs } from '../../lib/config';
import { errorOf, type Mutable } from '../support/config-edits';

describe('committed environments', () => {
  test('dev, staging and prod are valid and fully defaulted', () => {
    const configs = validateConfigs(environments);
    expect(Object.keys(configs)).toEqual(['dev', 'staging', 'prod']);
    expect(configs.prod!.stage.production).toBe(true);
    expect(configs.prod!.service.user).toEqual({ uid: 1000, gid: 1000 });
    expect(configs.dev!.database.engineVersion).toMatch(/^\d+\.\d+$/);
  });
});

describe('bad input fails with the field path and what is allowed', () => {
  const cases: [string, 'dev' | 'staging' | 'prod', (c: Mutable) => void, RegExp][] = [
    [
      'wrong type',
      'dev',
      (c) => {
        c.service.cpu = '512';
      },
      /dev: service\.cpu: must be an integer from 256 to 16384 CPU units, got "512"/,
    ],
    [
      'unknown key',
      'dev',
      (c) => {
        c.database.multiAZ = true;
      },
      /dev: database: unknown field "multiAZ"; allowed fields: .*multiAz/,
    ],
    [
      'migrator is the app user',
      'prod',
      (c) => {
        c.database.migratorUsername = 'app_user';
      },
      /prod: database\.migratorUsername: must differ from database\.appUsername \("app_user"\): the app user must not own the schema/,
    ],
    [
      'migrator takes the master user name',
      'dev',
      (c) => {
        c.database.migratorUsername = 'shipshape_admin';
      },
      /dev: database\.migratorUsername: "shipshape_admin" is reserved \(the master user and the rotation's clone of the app user\)/,
    ],
    [
      "app user takes the rotation clone's name",
      'dev',
      (c) => {
        c.database.migratorUsername = 'app_user_clone';
      },
      /dev: database\.migratorUsername: "app_user_clone" is reserved/,
    ],
    [
      'unknown top-level key',
      'dev',
      (c) => {
        c.vpc = {};
      },
      /dev: \(root\): unknown field "vpc"; allowed fields: stage, account, region, network/,
    ],
    [
      'invalid CIDR',
      'dev',
      (c) => {
        c.network.cidr = '10.0.0.300/16';
      },
      /dev: network\.cidr: must be an IPv4 CIDR such as 10\.0\.0\.0\/16/,
    ],
    [
      'host bits set',
      'dev',
      (c) => {
        c.network.cidr = '10.10.1.0/16';
      },
      /network\.cidr: .*no host bits set, got "10\.10\.1\.0\/16"/,
    ],
    [
      'public CIDR',
      'dev',
      (c) => {
        c.network.cidr = '8.8.0.0/16';
      },
      /network\.cidr: must be inside 10\.0\.0\.0\/8, 172\.16\.0\.0\/12 or 192\.168\.0\.0\/16/,
    ],
    [
      'subnets do not fit',
      'dev',
      (c) => {
        c.network.cidr = '10.10.0.0/24';
      },
      /network\.subnetMasks(\.public)?: (subnets do not fit|must be a longer prefix)/,
    ],
    [
      'subnets too small for the VPC',
      'prod',
      (c) => {
        c.network.cidr = '10.30.0.0/20';
        c.network.subnetMasks = { public: 22, private: 22, isolated: 22 };
      },
      /prod: network\.subnetMasks: subnets do not fit in 10\.30\.0\.0\/20: 3 AZs .* need \d+ addresses, the VPC has 4096/,
    ],
    [
      'subnet smaller than /28',
      'dev',
      (c) => {
        c.network.subnetMasks = { public: 29, private: 22, isolated: 24 };
      },
      /network\.subnetMasks\.public: must be an integer from 16 to 28/,
    ],
    [
      'overlapping VPCs in one account and region',
      'staging',
      (c) => {
        c.account = '111111111111';
        c.network.cidr = '10.10.128.0/17';
      },
      /staging: network\.cidr: 10\.10\.128\.0\/17 overlaps dev's 10\.10\.0\.0\/16 in the same account and region/,
    ],
    [
      'invalid Fargate pair',
      'dev',
      (c) => {
        c.service.cpu = 256;
        c.service.memoryMiB = 4096;
      },
      /dev: service\.memoryMiB: 4096 MiB is not a valid Fargate pair with cpu 256; allowed: 512\.\.2048 MiB/,
    ],
    [
      'invalid Fargate cpu',
      'dev',
      (c) => {
        c.service.cpu = 768;
      },
      /dev: service\.cpu: must be a Fargate CPU size: 256, 512, 1024/,
    ],
    [
      'wildcard CORS origin',
      'dev',
      (c) => {
        c.service.corsOrigins = ['https://*.example.com'];
      },
      /dev: service\.corsOrigins\.0: wildcards are not allowed in CORS origins \(SEC-14\)/,
    ],
    [
      'non-https CORS origin in production',
      'prod',
      (c) => {
        c.service.corsOrigins = ['http://app.example.com'];
      },
      /prod: service\.corsOrigins\.0: must use https in a production stage/,
    ],
    [
      'CORS origin with a path',
      'staging',
      (c) => {
        c.service.corsOrigins = ['https://app.example.com/'];
      },
      /service\.corsOrigins\.0: must be a bare origin/,
    ],
    [
      'unknown region',
      'dev',
      (c) => {
        c.region = 'eu-middle-1';
      },
      /dev: region: must be an AWS region: us-east-1, .*; got "eu-middle-1"/,
    ],
    [
      'account id not 12 digits',
      'dev',
      (c) => {
        c.account = '12345';
      },
      /dev: account: must be a 12-digit AWS account id, got "12345"/,
    ],
    [
      'log retention CloudWatch does not accept',
      'dev',
      (c) => {
        c.retention.logDays = 45;
      },
      /dev: retention\.logDays: must be a CloudWatch Logs retention in days: 1, 3, 5, 7, 14, 30, 60, .*; got 45/,
    ],
    [
      'flow log retention CloudWatch does not accept',
      'dev',
      (c) => {
        c.network.flowLogRetentionDays = 0;
      },
      /dev: network\.flowLogRetentionDays: must be a CloudWatch Logs retention in days/,
    ],
    [
      'production with one NAT gateway',
      'prod',
      (c) => {
        c.network.natGateways = 1;
      },
      /prod: network\.natGateways: must be at least 2 in a production stage/,
    ],
    [
      'production without Multi-AZ database',
      'prod',
      (c) => {
        c.database.multiAz = false;
      },
      /prod: database\.multiAz: must be true in a production stage/,
    ],
    [
      'production cache without failover',
      'prod',
      (c) => {
        c.cache.multiAz = false;
      },
      /prod: cache\.multiAz: must be true in a production stage/,
    ],
    [
      'production without deletion protection',
      'prod',
      (c) => {
        c.database.deletionProtection = false;
      },
      /prod: database\.deletionProtection: must be true in a production stage/,
    ],
    [
      'production backup retention below 7 days',
      'prod',
      (c) => {
        c.database.backupRetentionDays = 3;
      },
      /prod: database\.backupRetentionDays: must be at least 7 days in a production stage/,
    ],
    [
      'backup retention 0',
      'dev',
      (c) => {
        c.database.backupRetentionDays = 0;
      },
      /dev: database\.backupRetentionDays: must be an integer from 1 to 35 days, got 0/,
    ],
    [
      'backup retention above 35',
      'dev',
      (c) => {
        c.database.backupRetentionDays = 36;
      },
      /dev: database\.backupRetentionDays: must be an integer from 1 to 35 days, got 36/,
    ],
    [
      'production rotation above 90 days',
      'prod',
      (c) => {
        c.rotation.apiKeyDays = 91;
      },
      /prod: rotation\.apiKeyDays: must be at most 90 days in a production stage \(SEC-03\), got 91/,
    ],
    [
      'ENVIRONMENT not production in production',
      'prod',
      (c) => {
        c.service.appEnvironment = 'staging';
      },
      /prod: service\.appEnvironment: must be "production" in a production stage \(ENVIRONMENT=production, SEC-05\)/,
    ],
    [
      'DEBUG on in production',
      'prod',
      (c) => {
        c.service.debug = true;
      },
      /prod: service\.debug: must be false in a production stage \(SEC-06\)/,
    ],
    [
      'secret-looking plain variable',
      'dev',
      (c) => {
        c.service.environment.SMTP_PASSWORD_PLAIN = 'hunter2';
      },
      /dev: service\.environment\.SMTP_PASSWORD_PLAIN: looks like a credential; a literal value \(7 characters\)/,
    ],
    [
      'reserved variable',
      'dev',
      (c) => {
        c.service.environment.DEBUG = 'true';
      },
      /dev: service\.environment\.DEBUG: is set by Shipshape from config/,
    ],
    [
      'invalid instance class',
      'dev',
      (c) => {
        c.database.instanceClass = 'db.t4g.huge';
      },
      /dev: database\.instanceClass: db\.t4g has no size "huge"; allowed: micro, small/,
    ],
    [
      'invalid engine version',
      'dev',
      (c) => {
        c.database.engineVersion = '11.1';
      },
      /dev: database\.engineVersion: must be a PostgreSQL version this CDK release knows: .*16\.8.*; got "11\.1"/,
    ],
    [
      'cache node type that does not exist',
      'dev',
      (c) => {
        c.cache.nodeType = 'cache.t4g.xlarge';
      },
      /dev: cache\.nodeType: cache\.t4g has no size "xlarge"; allowed: micro, small, medium/,
    ],
    [
      'cache version the engine lacks',
      'dev',
      (c) => {
        c.cache.engineVersion = '6.2';
      },
      /dev: cache\.engineVersion: valkey versions allowed: 7\.2, 8\.0, 8\.1; got "6\.2"/,
    ],
    [
      'root uid',
      'dev',
      (c) => {
        c.service.user = { uid: 0, gid: 1000 };
      },
      /dev: service\.user\.uid: must be an integer from 1 to 65534 \(non-root uid\), got 0/,
    ],
    [
      'latest tag in production',
      'prod',
      (c) => {
        c.service.image = { source: 'ecr', tag: 'latest' };
      },
      /prod: service\.image\.tag: "latest" is not allowed in a production stage/,
    ],
    [
      'min > max',
      'dev',
      (c) => {
        c.service.minCount = 3;
        c.service.maxCount = 2;
      },
      /dev: service\.minCount: must be at most service\.maxCount \(2\), got 3/,
    ],
    [
      'health path without leading slash',
      'dev',
      (c) => {
        c.service.healthCheckPath = 'api/health';
      },
      /dev: service\.healthCheckPath: must be a URL path starting with "\/"/,
    ],
    [
      'OIDC enabled without issuer',
      'dev',
      (c) => {
        c.edge = { oidc: { enabled: true } };
      },
      /dev: edge\.oidc\.issuer: is required when edge\.oidc\.enabled is true/,
    ],
    [
      'certificate in another region',
      'dev',
      (c) => {
        c.domain = {
          domainName: 'api.dev.example.com',
          certificateArn:
            'arn:aws:acm:us-east-1:111111111111:certificate/12345678-1234-1234-1234-123456789012',
        };
      },
      /dev: domain\.certificateArn: must be in the stage region eu-west-1/,
    ],
    [
      'both certificate sources',
      'dev',
      (c) => {
        c.domain.certificateArn =
          'arn:aws:acm:eu-west-1:111111111111:certificate/12345678-1234-1234-1234-123456789012';
      },
      /dev: domain: set exactly one of domain\.certificateArn .* or domain\.hostedZoneId/,
    ],
    [
      'production log retention under a year',
      'prod',
      (c) => {
        c.retention.logDays = 90;
      },
      /prod: retention\.logDays: must be at least 365 days in a production stage \(LEG-01\)/,
    ],
    [
      'stage.production not a boolean',
      'prod',
      (c) => {
        c.stage.production = 'yes';
        c.database.multiAz = false;
      },
      /prod: stage\.production: must be true or false, got "yes"[\s\S]*prod: database\.multiAz: must be true in a production stage/,
    ],
  ];

  test.each(cases)('%s', (_name, environment, change, expected) => {
    expect(errorOf(environment, change)).toMatch(expected);
  });

  test('every problem of a config is reported in one message', () => {
    const message = errorOf('prod', (c) => {
      c.account = '1';
      c.network.natGateways = 1;
      c.service.cpu = 256;
      c.service.memoryMiB = 8192;
      c.database.multiAz = false;
      c.service.debug = true;
    });
    expect(message).toMatch(/^Shipshape config is invalid \(5 problems\); nothing was synthesized:/);
    for (const path of [
      'account',
      'network.natGateways',
      'service.memoryMiB',
      'database.multiAz',
      'service.debug',
    ]) {
      expect(message).toContain(`prod: ${path}:`);
    }
  });

  test('the input type accepts the committed files', () => {
    const input: ShipshapeConfigInput = environments.dev;
    expect(input.stage.name).toBe('dev');
  });
});
