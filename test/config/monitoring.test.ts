import { environments } from '../../config';
import { validateConfigs } from '../../lib/config';
import { DEFAULT_RUNBOOK } from '../../lib/config/sections/monitoring';
import { errorOf, type Mutable } from '../support/config-edits';

describe('monitoring and alerts defaults', () => {
  const prod = validateConfigs(environments).prod!;

  test('thresholds a DevOps engineer accepts, without any config', () => {
    expect(prod.monitoring.thresholds).toEqual({
      alb5xxRatePercent: 1,
      target5xxCount: 10,
      unhealthyHosts: 1,
      rejectedConnections: 1,
      ecsCpuPercent: 80,
      ecsMemoryPercent: 85,
      rdsCpuPercent: 80,
      rdsFreeStorageGiB: 10,
      rdsFreeableMemoryMiB: 256,
      rdsConnections: 300,
      cacheCpuPercent: 80,
      cacheMemoryPercent: 80,
      cacheEvictions: 1,
      wafBlockedRequestsPer5Min: 1000,
      wafRateLimitedRequestsPer5Min: 100,
      certificateDaysToExpiry: 30,
    });
    expect(prod.monitoring.p99LatencyMs).toBe(200);
    expect(prod.monitoring.canaryRateMinutes).toBe(5);
  });

  test('log patterns, evaluation and the runbook link default', () => {
    expect(prod.monitoring.logPatterns).toEqual({
      errors: '{ $.level = "error" || $.level = "ERROR" }',
      authFailures: '{ $.event = "auth_failure" }',
    });
    expect(prod.monitoring.evaluation).toEqual({
      periodSeconds: 60,
      critical: { datapointsToAlarm: 3, evaluationPeriods: 5 },
      warning: { datapointsToAlarm: 10, evaluationPeriods: 15 },
    });
    expect(prod.monitoring.runbookBaseUrl).toBe(DEFAULT_RUNBOOK);
    expect(DEFAULT_RUNBOOK).toMatch(/^https:\/\/.*\/docs\/monitoring\.md$/);
  });

  test('a partial section keeps the other defaults', () => {
    const inputs = structuredClone(environments) as unknown as Record<string, Mutable>;
    inputs.dev!.monitoring = {
      thresholds: { ecsCpuPercent: 70 },
      logPatterns: { authFailures: '{ $.msg = "login failed" }' },
      evaluation: { critical: { datapointsToAlarm: 2 } },
    };
    const dev = validateConfigs(inputs).dev!;
    expect(dev.monitoring.thresholds.ecsCpuPercent).toBe(70);
    expect(dev.monitoring.thresholds.ecsMemoryPercent).toBe(85);
    expect(dev.monitoring.logPatterns.authFailures).toBe('{ $.msg = "login failed" }');
    expect(dev.monitoring.logPatterns.errors).toContain('$.level');
    expect(dev.monitoring.evaluation.critical).toEqual({ datapointsToAlarm: 2, evaluationPeriods: 5 });
  });
});

describe('bad monitoring and alerts config fails with the field and what is allowed', () => {
  const cases: [string, 'dev' | 'staging' | 'prod', (c: Mutable) => void, RegExp][] = [
    [
      'invalid email',
      'prod',
      (c) => {
        c.alerts.emails = ['oncall@example.com', 'oncall.example.com'];
      },
      /prod: alerts\.emails\.1: must be an email address such as oncall@example\.com, got "oncall\.example\.com"/,
    ],
    [
      'webhook URL in config (URLs are secrets)',
      'prod',
      (c) => {
        c.alerts.webhooks = [{ name: 'oncall-slack', format: 'slack', url: 'http://hooks.example.com/x' }];
      },
      /prod: alerts\.webhooks\.0: unknown field "url"; allowed fields: name, format/,
    ],
    [
      'unknown webhook format',
      'prod',
      (c) => {
        c.alerts.webhooks = [{ name: 'oncall-chat', format: 'discord' }];
      },
      /prod: alerts\.webhooks\.0\.format: must be one of slack, teams, json; got "discord"/,
    ],
    [
      'duplicate webhook name',
      'prod',
      (c) => {
        c.alerts.webhooks = [
          { name: 'oncall', format: 'slack' },
          { name: 'oncall', format: 'teams' },
        ];
      },
      /prod: alerts\.webhooks\.1\.name: duplicate webhook name "oncall"/,
    ],
    [
      'non-https runbook link',
      'staging',
      (c) => {
        c.monitoring = { runbookBaseUrl: 'http://github.com/example/shipshape/blob/main/docs/monitoring.md' };
      },
      /staging: monitoring\.runbookBaseUrl: must be an https URL \(alarm notifications link to it\)/,
    ],
    [
      'runbook link with a fragment',
      'dev',
      (c) => {
        c.monitoring = { runbookBaseUrl: 'https://wiki.example.com/monitoring#alb-5xx' };
      },
      /dev: monitoring\.runbookBaseUrl: must have no query or #fragment/,
    ],
    [
      'threshold out of range',
      'prod',
      (c) => {
        c.monitoring = { thresholds: { ecsCpuPercent: 150 } };
      },
      /prod: monitoring\.thresholds\.ecsCpuPercent: must be a number from 1 to 100 percent, got 150/,
    ],
    [
      'certificate days above 90',
      'prod',
      (c) => {
        c.monitoring = { thresholds: { certificateDaysToExpiry: 120 } };
      },
      /prod: monitoring\.thresholds\.certificateDaysToExpiry: must be an integer from 1 to 90 days, got 120/,
    ],
    [
      'threshold of the wrong type',
      'dev',
      (c) => {
        c.monitoring = { thresholds: { rdsFreeStorageGiB: '10' } };
      },
      /dev: monitoring\.thresholds\.rdsFreeStorageGiB: must be an integer from 1 to 65536 GiB, got "10"/,
    ],
    [
      'misspelled threshold',
      'dev',
      (c) => {
        c.monitoring = { thresholds: { ecsCPUPercent: 70 } };
      },
      /dev: monitoring\.thresholds: unknown field "ecsCPUPercent"; allowed fields: .*ecsCpuPercent/,
    ],
    [
      'canary rate below 1 minute',
      'prod',
      (c) => {
        c.monitoring = { canaryRateMinutes: 0 };
      },
      /prod: monitoring\.canaryRateMinutes: must be an integer from 1 to 60 minutes, got 0/,
    ],
    [
      'fractional canary rate',
      'prod',
      (c) => {
        c.monitoring = { canaryRateMinutes: 0.5 };
      },
      /prod: monitoring\.canaryRateMinutes: must be an integer from 1 to 60 minutes, got 0\.5/,
    ],
    [
      'datapoints above evaluation periods',
      'staging',
      (c) => {
        c.monitoring = { evaluation: { warning: { datapointsToAlarm: 20, evaluationPeriods: 15 } } };
      },
      /staging: monitoring\.evaluation\.warning\.datapointsToAlarm: must be at most evaluation\.warning\.evaluationPeriods \(15\), got 20/,
    ],
    [
      'evaluation window over one day',
      'staging',
      (c) => {
        c.monitoring = { evaluation: { periodSeconds: 3600, warning: { evaluationPeriods: 30 } } };
      },
      /monitoring\.evaluation\.warning\.evaluationPeriods: 30 periods of 3600 s exceed the one day an alarm may evaluate; allowed at most 24/,
    ],
    [
      'period not allowed',
      'dev',
      (c) => {
        c.monitoring = { evaluation: { periodSeconds: 45 } };
      },
      /dev: monitoring\.evaluation\.periodSeconds: must be a period in seconds: 60, 120, 180, 300, 600, 900, 1800, 3600; got 45/,
    ],
    [
      'empty log pattern',
      'dev',
      (c) => {
        c.monitoring = { logPatterns: { errors: '  ' } };
      },
      /dev: monitoring\.logPatterns\.errors: must be a CloudWatch Logs filter pattern of 1 to 1024 characters/,
    ],
    [
      'unbalanced JSON log pattern',
      'dev',
      (c) => {
        c.monitoring = { logPatterns: { authFailures: '{ $.event = "auth_failure"' } };
      },
      /dev: monitoring\.logPatterns\.authFailures: a JSON filter pattern must be enclosed in braces/,
    ],
  ];

  test.each(cases)('%s', (_name, env, change, expected) => {
    expect(errorOf(env, change)).toMatch(expected);
  });

  test('every problem is reported at once', () => {
    const message = errorOf('prod', (c) => {
      c.alerts.emails = ['nobody'];
      c.monitoring = { canaryRateMinutes: 0, runbookBaseUrl: 'ftp://x', thresholds: { rdsCpuPercent: 0 } };
    });
    expect(message).toMatch(/\(4 problems\)/);
    expect(message).toMatch(/alerts\.emails\.0/);
    expect(message).toMatch(/monitoring\.canaryRateMinutes/);
    expect(message).toMatch(/monitoring\.thresholds\.rdsCpuPercent/);
    expect(message).toMatch(/monitoring\.runbookBaseUrl/);
  });
});
