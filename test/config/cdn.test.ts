import { environments } from '../../config';
import { DEFAULT_CDN_CSP, validateConfigs } from '../../lib/config';
import { configOf, errorOf, type Mutable } from '../support/config-edits';

describe('cdn config (PERF-03)', () => {
  const configs = validateConfigs(environments);

  test('off by default; staging enables it with its name and the documented defaults', () => {
    expect(configs.dev!.cdn.enabled).toBe(false);
    expect(configs.prod!.cdn.enabled).toBe(false);
    expect(configs.staging!.cdn).toEqual({
      enabled: true,
      domainName: 'static.staging.example.com',
      priceClass: '100',
      contentSecurityPolicy: DEFAULT_CDN_CSP,
      wafRateLimit: 1000,
      logDays: 90,
    });
    expect(DEFAULT_CDN_CSP).toBe(
      "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
    );
  });

  test('a complete section is accepted as written', () => {
    const config = configOf('dev', (c) => {
      c.domain = { domainName: 'api.dev.example.com', hostedZoneId: 'Z0DEV00000000000000001' };
      c.cdn = {
        enabled: true,
        domainName: 'static.dev.example.com',
        priceClass: 'all',
        wafRateLimit: 500,
        logDays: 30,
      };
    });
    expect(config.cdn).toMatchObject({ enabled: true, priceClass: 'all', wafRateLimit: 500, logDays: 30 });
  });

  const cases: [string, 'dev' | 'staging' | 'prod', (c: Mutable) => void, RegExp][] = [
    [
      'enabled without a domain name',
      'staging',
      (c) => {
        c.cdn = { enabled: true };
      },
      /staging: cdn\.domainName: is required when cdn\.enabled is true: the distribution’s fully qualified name, e\.g\. static\.example\.com/,
    ],
    [
      'enabled without the hosted zone (an imported API certificate instead)',
      'staging',
      (c) => {
        c.domain = {
          domainName: 'api.staging.example.com',
          certificateArn:
            'arn:aws:acm:eu-west-1:222222222222:certificate/12345678-1234-1234-1234-123456789012',
        };
      },
      /staging: cdn\.enabled: needs domain\.hostedZoneId: the CDN certificate is DNS-validated and its alias records are written in that Route 53 zone/,
    ],
    [
      'the API’s own name',
      'staging',
      (c) => {
        c.cdn = { enabled: true, domainName: 'api.staging.example.com' };
      },
      /staging: cdn\.domainName: must differ from domain\.domainName \(api\.staging\.example\.com is the API's name/,
    ],
    [
      'not a domain name',
      'staging',
      (c) => {
        c.cdn = { enabled: true, domainName: 'https://static.example.com/' };
      },
      /staging: cdn\.domainName: must be a lower-case fully qualified domain name such as static\.example\.com, got "https:\/\/static\.example\.com\/"/,
    ],
    [
      'an unknown price class',
      'staging',
      (c) => {
        c.cdn = { ...c.cdn, priceClass: '300' };
      },
      /staging: cdn\.priceClass: must be a CloudFront price class: 100, 200, all; got "300"/,
    ],
    [
      'a rate limit below WAF’s minimum',
      'staging',
      (c) => {
        c.cdn = { ...c.cdn, wafRateLimit: 5 };
      },
      /staging: cdn\.wafRateLimit: must be an integer from 10 to 2000000000 requests per 5 minutes, got 5/,
    ],
    [
      'a retention CloudWatch does not offer',
      'staging',
      (c) => {
        c.cdn = { ...c.cdn, logDays: 45 };
      },
      /staging: cdn\.logDays: must be a CloudWatch Logs retention in days: .*; got 45/,
    ],
    [
      'less than a year of logs in production',
      'prod',
      (c) => {
        c.cdn = { enabled: true, domainName: 'static.example.com', logDays: 90 };
      },
      /prod: cdn\.logDays: must be at least 365 days in a production stage \(LEG-01\), got 90/,
    ],
    [
      'a typo in a field name',
      'dev',
      (c) => {
        c.cdn = { enable: true };
      },
      /dev: cdn: unknown field "enable"; allowed fields: enabled, domainName, priceClass, contentSecurityPolicy, wafRateLimit, logDays/,
    ],
  ];

  test.each(cases)('%s is refused, naming the field', (_name, environment, change, message) => {
    expect(errorOf(environment, change)).toMatch(message);
  });
});
