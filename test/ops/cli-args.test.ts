import { UsageError, durationFlag } from '../../lib/ops/cli/common';
import { parseLoadTestArgs } from '../../lib/ops/cli/loadtest-args';
import { defaultHttpUrl, parseVerifyArgs } from '../../lib/ops/cli/verify-args';

const noFile = (): string => {
  throw new Error('ENOENT: no such file');
};

describe('verify arguments', () => {
  test('defaults follow the seeds: health paths, latency 200 ms, keys header, admin paths', () => {
    const parsed = parseVerifyArgs(['--url', 'https://api.example.com'], {});
    if (parsed === 'help') throw new Error('help');
    const v = parsed.verify;
    expect(v.httpUrl.href).toBe('http://api.example.com/');
    expect(v.healthPaths).toEqual(['/api/health', '/api/health/db']);
    expect(v.latencyMs).toBe(200);
    expect(v.apiKeys).toMatchObject({
      headerName: 'X-API-KEY',
      protectedMethod: 'POST',
      protectedPath: '/analyze',
      protectedBody: '{"message_content":"test"}',
      adminPaths: ['/config', '/stats'],
    });
    expect(v.rateLimit).toMatchObject({ enabled: false, maxRequests: 300, maxSeconds: 30 });
    expect(parsed.json).toBe(false);
  });

  test('keys come from the env values bin passes; flags win', () => {
    const env = { publicKey: 'p'.repeat(64), adminKey: 'a'.repeat(64) };
    const fromEnv = parseVerifyArgs(['--url', 'https://x.example'], env);
    const fromFlag = parseVerifyArgs(['--url', 'https://x.example', '--public-key', 'f'.repeat(64)], env);
    if (fromEnv === 'help' || fromFlag === 'help') throw new Error('help');
    expect(fromEnv.verify.apiKeys.publicKey).toBe(env.publicKey);
    expect(fromFlag.verify.apiKeys.publicKey).toBe('f'.repeat(64));
    expect(fromFlag.verify.apiKeys.adminKey).toBe(env.adminKey);
  });

  test('repeatable flags replace the defaults', () => {
    const parsed = parseVerifyArgs(
      [
        '--url',
        'https://x.example',
        '--health-path',
        '/healthz',
        '--health-path',
        '/ready',
        '--admin-path',
        '/admin',
      ],
      {},
    );
    if (parsed === 'help') throw new Error('help');
    expect(parsed.verify.healthPaths).toEqual(['/healthz', '/ready']);
    expect(parsed.verify.apiKeys.adminPaths).toEqual(['/admin']);
  });

  test.each([
    [[], /--url is required/],
    [['--url', 'http://x.example'], /--url must use https:/],
    [['--url', 'https://x.example', '--latency-ms', '0'], /--latency-ms must be between 1 and 60000/],
    [
      ['--url', 'https://x.example', '--rate-limit-requests', '100000'],
      /--rate-limit-requests must be between 1 and 5000/,
    ],
    [['--url', 'https://x.example', '--health-path', 'health'], /--health-path must start with "\/"/],
    [['--url', 'https://x.example', '--only', 'dns'], /--only must be one of/],
    [['--url', 'https://x.example', '--ca', '/nope.pem'], /--ca \/nope\.pem: ENOENT/],
    [['--url', 'https://x.example', '--bogus'], /Unknown option '--bogus'/],
  ])('%j is refused', (argv, message) => {
    expect(() => parseVerifyArgs(argv, {}, noFile)).toThrow(message);
  });

  test('a short key is refused without echoing it; equal keys are refused', () => {
    let message = '';
    try {
      parseVerifyArgs(['--url', 'https://x.example', '--public-key', 'sekr1t'], {});
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/--public-key is shorter than 8/);
    expect(message).not.toContain('sekr1t');
    const same = 'k'.repeat(40);
    expect(() =>
      parseVerifyArgs(['--url', 'https://x.example'], { publicKey: same, adminKey: same }),
    ).toThrow(/the same value/);
  });

  test('the default HTTP URL drops an explicit port', () => {
    expect(defaultHttpUrl(new URL('https://api.example.com:8443/base')).href).toBe(
      'http://api.example.com/base',
    );
  });
});

describe('loadtest arguments', () => {
  test('defaults: 30 s, 10 connections, p99 200 ms, error rate 0.1%', () => {
    const parsed = parseLoadTestArgs(['--url', 'https://api.example.com'], {});
    if (parsed === 'help') throw new Error('help');
    expect(parsed.loadtest).toMatchObject({
      path: '/',
      method: 'GET',
      durationSeconds: 30,
      connections: 10,
      p99TargetMs: 200,
      maxErrorRate: 0.001,
      keyHeader: 'X-API-KEY',
    });
  });

  test.each([
    [['--url', 'https://x.example', '--duration', '11m'], /--duration must be between 1s and 600s, got 11m/],
    [['--url', 'https://x.example', '--duration', 'forever'], /--duration must look like/],
    [['--url', 'https://x.example', '--connections', '100000'], /--connections must be between 1 and 1000/],
    [['--url', 'https://x.example', '--connections', '0'], /--connections must be between 1 and 1000/],
    [['--url', 'https://x.example', '--max-error-rate', '2'], /--max-error-rate must be between 0 and 1/],
    [['--url', 'https://x.example', '--p99', 'fast'], /--p99 must be a number/],
    [['--url', 'https://x.example', '--body', '{nope'], /--body is not valid JSON/],
    [['--url', 'ftp://x.example'], /--url must use https: or http:/],
  ])('%j is refused naming the flag', (argv, message) => {
    expect(() => parseLoadTestArgs(argv, {})).toThrow(message);
  });

  test('the key comes from env unless given', () => {
    const parsed = parseLoadTestArgs(['--url', 'https://x.example'], { key: 'k'.repeat(64) });
    if (parsed === 'help') throw new Error('help');
    expect(parsed.loadtest.key).toBe('k'.repeat(64));
  });
});

test('durations: seconds, minutes, milliseconds rounded up', () => {
  const b = { min: 1, max: 600 };
  expect(durationFlag('duration', '30s', 0, b)).toBe(30);
  expect(durationFlag('duration', '2m', 0, b)).toBe(120);
  expect(durationFlag('duration', '1500ms', 0, b)).toBe(2);
  expect(durationFlag('duration', '45', 0, b)).toBe(45);
  expect(durationFlag('duration', undefined, 30, b)).toBe(30);
});
