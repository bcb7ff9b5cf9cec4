import { environments } from '../../config';
import { validateConfigs } from '../../lib/config';
import { configOf, errorOf, type Mutable } from '../support/config-edits';

describe('service and edge defaults the service stack relies on', () => {
  const configs = validateConfigs(environments);
  test('new service fields default to safe, documented values', () => {
    const { service } = configs.prod!;
    expect(service.cpuArchitecture).toBe('X86_64');
    expect(service.containerHealthCommand).toBeUndefined();
    expect(service.stopTimeoutSeconds).toBe(30);
    // The committed environments add SMTP submission for the app's email alerts (config/shared.ts).
    expect(service.egressPorts).toEqual([443, 587]);
    expect(service.migrationCommand).toEqual(['python', '-m', 'app.migrate']);
    expect(service.retraining).toEqual({
      enabled: true,
      schedule: 'cron(0 3 ? * SUN *)',
      command: ['python', '-m', 'app.retrain'],
    });
    expect(service.efs).toEqual({ enabled: false, mountPath: '/mnt/data' });
  });

  test('the WAF body limit defaults to what WAF can inspect behind an ALB, stickiness is off', () => {
    const { edge } = configs.prod!;
    expect(edge.maxBodyBytes).toBe(8192);
    expect(edge.deregistrationDelaySeconds).toBe(30);
    expect(edge.stickinessSeconds).toBeUndefined();
  });

  test('good variants are accepted', () => {
    const config = configOf('dev', (c) => {
      c.service.image = { source: 'asset', directory: 'services/api' };
      c.service.retraining = { schedule: 'rate(7 days)' };
      c.service.efs = { enabled: true, mountPath: '/mnt/models' };
      c.service.containerHealthCommand = ['CMD-SHELL', 'test -f /tmp/ready'];
      c.edge = {
        oidc: {
          enabled: true,
          issuer: 'https://login.example.com',
          authorizationEndpoint: 'https://login.example.com/a',
          tokenEndpoint: 'https://login.example.com/t',
          userInfoEndpoint: 'https://login.example.com/u',
          clientId: 'id',
          paths: ['/admin*', '/ops'],
        },
      };
    });
    expect(config.service.retraining).toEqual({
      enabled: true,
      schedule: 'rate(7 days)',
      command: ['python', '-m', 'app.retrain'],
    });
    expect(config.service.efs.mountPath).toBe('/mnt/models');
  });
});

describe('bad service and edge input fails with the field path and what is allowed', () => {
  const cases: [string, 'dev' | 'staging' | 'prod', (c: Mutable) => void, RegExp][] = [
    // The cases the issue lists (most enforced by lib/config before this issue).
    [
      'root uid',
      'prod',
      (c) => {
        c.service.user = { uid: 0, gid: 1000 };
      },
      /prod: service\.user\.uid: must be an integer from 1 to 65534 \(non-root uid\), got 0/,
    ],
    [
      'root gid',
      'dev',
      (c) => {
        c.service.user = { uid: 1000, gid: 0 };
      },
      /dev: service\.user\.gid: must be an integer from 1 to 65534 \(non-root gid\), got 0/,
    ],
    [
      'latest tag in production',
      'prod',
      (c) => {
        c.service.image = { source: 'ecr', tag: 'latest' };
      },
      /prod: service\.image\.tag: "latest" is not allowed in a production stage: pin a version tag or a digest/,
    ],
    [
      'latest image URI in production',
      'prod',
      (c) => {
        c.service.image = { source: 'uri', uri: 'public.ecr.aws/example/api:latest' };
      },
      /prod: service\.image\.uri: ":latest" is not allowed in a production stage/,
    ],
    [
      'invalid cpu/memory pair',
      'prod',
      (c) => {
        c.service.cpu = 1024;
        c.service.memoryMiB = 1024;
      },
      /prod: service\.memoryMiB: 1024 MiB is not a valid Fargate pair with cpu 1024; allowed: 2048\.\.8192 MiB/,
    ],
    [
      'min > max',
      'prod',
      (c) => {
        c.service.minCount = 13;
      },
      /prod: service\.minCount: must be at most service\.maxCount \(12\), got 13/,
    ],
    [
      'health path without leading slash',
      'dev',
      (c) => {
        c.service.healthCheckPath = 'api/health';
      },
      /dev: service\.healthCheckPath: must be a URL path starting with "\/" \(e\.g\. "\/api\/health"\), got "api\/health"/,
    ],
    [
      'target health path without leading slash',
      'dev',
      (c) => {
        c.edge = { targetHealthPath: 'healthz' };
      },
      /dev: edge\.targetHealthPath: must be a URL path starting with "\/"/,
    ],
    [
      'wildcard CORS in production',
      'prod',
      (c) => {
        c.service.corsOrigins = ['*'];
      },
      /prod: service\.corsOrigins\.0: wildcards are not allowed in CORS origins \(SEC-14\); list each trusted origin, got "\*"/,
    ],
    [
      'secret-looking plain variable',
      'prod',
      (c) => {
        c.service.environment = { ...c.service.environment, SMTP_PASSWORD_PLAIN: 'hunter2' };
      },
      /prod: service\.environment\.SMTP_PASSWORD_PLAIN: looks like a credential; a literal value \(7 characters\) in a plain variable is not allowed/,
    ],
    [
      'OIDC enabled without issuer',
      'dev',
      (c) => {
        c.edge = {
          oidc: {
            enabled: true,
            authorizationEndpoint: 'https://login.example.com/a',
            tokenEndpoint: 'https://login.example.com/t',
            userInfoEndpoint: 'https://login.example.com/u',
            clientId: 'id',
          },
        };
      },
      /dev: edge\.oidc\.issuer: is required when edge\.oidc\.enabled is true/,
    ],
    // Fields added for the service stack.
    [
      'absolute asset directory',
      'dev',
      (c) => {
        c.service.image = { source: 'asset', directory: '/srv/api' };
      },
      /dev: service\.image\.directory: must be a directory path relative to the repository root such as "app" \(no leading "\/", no "\.\."\)/,
    ],
    [
      'asset directory escaping the repository',
      'dev',
      (c) => {
        c.service.image = { source: 'asset', directory: '../elsewhere' };
      },
      /dev: service\.image\.directory: must be a directory path relative to the repository root/,
    ],
    [
      'unknown image scanning mode',
      'staging',
      (c) => {
        c.service.image = { source: 'ecr', tag: '1.0.0', scanning: 'inspector' as 'basic' };
      },
      /staging: service\.image\.scanning: must be one of basic, enhanced; got "inspector"/,
    ],
    [
      'unknown image scan threshold',
      'prod',
      (c) => {
        c.service.image = { source: 'ecr', tag: '1.0.0', scanFailOn: 'SEVERE' as 'HIGH' };
      },
      /prod: service\.image\.scanFailOn: must be one of CRITICAL, HIGH, MEDIUM, LOW; got "SEVERE"/,
    ],
    [
      'unknown CPU architecture',
      'dev',
      (c) => {
        c.service.cpuArchitecture = 'arm64';
      },
      /dev: service\.cpuArchitecture: must be one of X86_64, ARM64; got "arm64"/,
    ],
    [
      'health command without CMD or CMD-SHELL',
      'dev',
      (c) => {
        c.service.containerHealthCommand = ['curl', '-f', 'http://localhost/'];
      },
      /dev: service\.containerHealthCommand: must start with "CMD" \(exec form\) or "CMD-SHELL"/,
    ],
    [
      'stop timeout beyond what Fargate allows',
      'dev',
      (c) => {
        c.service.stopTimeoutSeconds = 300;
      },
      /dev: service\.stopTimeoutSeconds: must be an integer from 2 to 120 seconds, got 300/,
    ],
    [
      'egress port out of range',
      'dev',
      (c) => {
        c.service.egressPorts = [443, 70000];
      },
      /dev: service\.egressPorts\.1: must be an integer from 1 to 65535 \(TCP port\), got 70000/,
    ],
    [
      'empty migration command',
      'dev',
      (c) => {
        c.service.migrationCommand = [];
      },
      /dev: service\.migrationCommand: must be a command in exec form such as \["python", "-m", "app\.migrate"\], got an empty list/,
    ],
    [
      'migration command as a string',
      'dev',
      (c) => {
        c.service.migrationCommand = 'python -m app.migrate';
      },
      /dev: service\.migrationCommand: must be a command in exec form such as \["python", "-m", "app\.migrate"\], got "python -m app\.migrate"/,
    ],
    [
      'bad retraining schedule',
      'dev',
      (c) => {
        c.service.retraining = { schedule: 'every sunday' };
      },
      /dev: service\.retraining\.schedule: must be an EventBridge Scheduler expression such as "cron\(0 3 \? \* SUN \*\)" \(six fields, UTC\) or "rate\(7 days\)", got "every sunday"/,
    ],
    [
      'five-field cron',
      'dev',
      (c) => {
        c.service.retraining = { schedule: 'cron(0 3 * * 0)' };
      },
      /dev: service\.retraining\.schedule: must be an EventBridge Scheduler expression/,
    ],
    [
      'unknown retraining field',
      'dev',
      (c) => {
        c.service.retraining = { enable: true };
      },
      /dev: service\.retraining: unknown field "enable"; allowed fields: enabled, schedule, command/,
    ],
    [
      'relative EFS mount path',
      'dev',
      (c) => {
        c.service.efs = { enabled: true, mountPath: 'data' };
      },
      /dev: service\.efs\.mountPath: must be a URL path starting with "\/"/,
    ],
    [
      'EFS mounted over a scratch path',
      'dev',
      (c) => {
        c.service.efs = { enabled: true, mountPath: '/tmp/models' };
      },
      /dev: service\.efs\.mountPath: must not be, contain or lie inside the scratch path "\/tmp" \(service\.scratchPaths\)/,
    ],
    [
      'body limit above what WAF inspects behind an ALB',
      'prod',
      (c) => {
        c.edge = { ...c.edge, maxBodyBytes: 16384 };
      },
      /prod: edge\.maxBodyBytes: must be an integer from 1024 to 8192 bytes \(WAF inspects at most 8 KB of a body behind an ALB\), got 16384/,
    ],
    [
      'zero stickiness',
      'dev',
      (c) => {
        c.edge = { stickinessSeconds: 0 };
      },
      /dev: edge\.stickinessSeconds: must be an integer from 1 to 604800 seconds, got 0/,
    ],
    [
      'deregistration delay too long',
      'dev',
      (c) => {
        c.edge = { deregistrationDelaySeconds: 7200 };
      },
      /dev: edge\.deregistrationDelaySeconds: must be an integer from 0 to 3600 seconds, got 7200/,
    ],
    [
      'too many OIDC paths for one listener rule',
      'dev',
      (c) => {
        c.edge = { oidc: { enabled: false, paths: ['/a', '/b', '/c', '/d', '/e', '/f'] } };
      },
      /dev: edge\.oidc\.paths: must list at most 5 path patterns \(an ALB listener rule condition takes 5 values\)/,
    ],
  ];

  test.each(cases)('%s', (_name, environment, change, message) => {
    expect(errorOf(environment, change)).toMatch(message);
  });
});
