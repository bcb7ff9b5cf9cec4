import {
  MIN_HSTS_MAX_AGE_SECONDS,
  healthUrls,
  hstsMaxAge,
  pathsFromEnv,
  problemsWith,
} from '../../../lib/constructs/monitoring/canary-script/health-check';
import { handler } from '../../../lib/constructs/monitoring/canary-script/index';

const HSTS = { 'strict-transport-security': 'max-age=31536000; includeSubDomains; preload' };

describe('canary script: URLs', () => {
  test('https://<domain><path> for each health path', () => {
    expect(healthUrls('api.example.com', ['/', '/api/health', '/api/health/db'])).toEqual([
      'https://api.example.com/',
      'https://api.example.com/api/health',
      'https://api.example.com/api/health/db',
    ]);
    expect(healthUrls('API.Example.com', ['/x'])).toEqual(['https://api.example.com/x']);
  });

  test('refuses a domain with a scheme, port or path, an empty list, a relative path', () => {
    expect(() => healthUrls('https://api.example.com', ['/'])).toThrow(/must be a host name/);
    expect(() => healthUrls('api.example.com:8443', ['/'])).toThrow(/must be a host name/);
    expect(() => healthUrls('', ['/'])).toThrow(/must be a host name/);
    expect(() => healthUrls('api.example.com', [])).toThrow(/lists no path/);
    expect(() => healthUrls('api.example.com', ['api/health'])).toThrow(/must start with "\/"/);
  });

  test('paths from CANARY_PATHS', () => {
    expect(pathsFromEnv('["/","/api/health"]')).toEqual(['/', '/api/health']);
    expect(() => pathsFromEnv('/api/health')).toThrow(/JSON array/);
    expect(() => pathsFromEnv('[1]')).toThrow(/JSON array/);
    expect(() => pathsFromEnv(undefined)).toThrow(/JSON array/);
  });
});

describe('canary script: a healthy answer is 200 with HSTS max-age >= one year', () => {
  test('max-age parsing', () => {
    expect(MIN_HSTS_MAX_AGE_SECONDS).toBe(31_536_000);
    expect(hstsMaxAge('max-age=63072000; includeSubDomains')).toBe(63_072_000);
    expect(hstsMaxAge('includeSubDomains; MAX-AGE="31536000"')).toBe(31_536_000);
    expect(hstsMaxAge(['max-age=10'])).toBe(10);
    expect(hstsMaxAge('max-age=abc')).toBeUndefined();
    expect(hstsMaxAge('includeSubDomains')).toBeUndefined();
    expect(hstsMaxAge(undefined)).toBeUndefined();
  });

  test('200 with a year of HSTS passes', () => {
    expect(problemsWith('https://api.example.com/', 200, HSTS)).toEqual([]);
  });

  test('any other status fails, redirects included', () => {
    expect(problemsWith('https://api.example.com/', 503, HSTS)).toEqual([
      'https://api.example.com/: status 503, expected 200',
    ]);
    expect(problemsWith('https://api.example.com/', 301, HSTS)).toHaveLength(1);
  });

  test('missing or short HSTS fails', () => {
    expect(problemsWith('https://a.example.com/', 200, {})).toEqual([
      'https://a.example.com/: no Strict-Transport-Security header with max-age',
    ]);
    expect(
      problemsWith('https://a.example.com/', 200, { 'strict-transport-security': 'max-age=86400' }),
    ).toEqual(['https://a.example.com/: HSTS max-age 86400 is below 31536000']);
    expect(problemsWith('https://a.example.com/', 500, {})).toHaveLength(2);
  });
});

describe('canary script: handler', () => {
  const saved = { domain: process.env.CANARY_DOMAIN, paths: process.env.CANARY_PATHS };
  afterAll(() => {
    for (const [k, v] of [
      ['CANARY_DOMAIN', saved.domain],
      ['CANARY_PATHS', saved.paths],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  test('checks every path and fails the run naming each failure (outside Synthetics a step is the function)', async () => {
    // .invalid never resolves (RFC 6761): every request fails without leaving the machine.
    process.env.CANARY_DOMAIN = 'canary-test.invalid';
    process.env.CANARY_PATHS = '["/","/api/health"]';
    await expect(handler()).rejects.toThrow(
      /health check failed: https:\/\/canary-test\.invalid\/: .* \| https:\/\/canary-test\.invalid\/api\/health: /,
    );
  });
});
