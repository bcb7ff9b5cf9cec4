import { containsKey } from '../../lib/ops/verify/api-keys';
import { corsProblems } from '../../lib/ops/verify/cors';
import {
  bannerOutcome,
  frameOptionsOutcome,
  hstsOutcome,
  nosniffOutcome,
} from '../../lib/ops/verify/headers';
import { median } from '../../lib/ops/verify/health';
import {
  FRAMEWORK_BANNER_PATTERNS,
  STACK_TRACE_PATTERNS,
  findLeaks,
} from '../../lib/ops/verify/leak-patterns';
import { Redactor } from '../../lib/ops/verify/redact';
import { classifyLegacyFailure } from '../../lib/ops/verify/tls';
import { CheckResult } from '../../lib/ops/verify/types';

describe('stack-trace detection: each runtime shape is found, ordinary errors are not', () => {
  test.each([
    [
      'Python',
      'Traceback (most recent call last):\n  File "/app/main.py", line 3, in <module>\nValueError: x',
    ],
    ['Python frame alone', 'error\n  File "/srv/app/views.py", line 88, in post\n'],
    ['Node.js', 'TypeError: x is undefined\n    at handler (/app/src/server.js:12:7)\n    at Layer.handle'],
    ['Node.js ESM', 'Error: boom\n    at async main (file:///app/dist/index.mjs:4:11)'],
    ['Node.js anonymous', 'Error\n    at /app/index.js:3:9'],
    ['Java', 'java.lang.IllegalStateException: bad\n\tat com.example.api.Handler.handle(Handler.java:42)'],
    ['.NET', 'System.Exception: x\n   at Api.Controllers.Analyze.Post() in /src/Analyze.cs:line 17'],
    ['Go', 'panic: runtime error\n\ngoroutine 1 [running]:\nmain.main()'],
    ['Ruby', "app/controllers/analyze_controller.rb:12:in `create'"],
  ])('%s', (_runtime, body) => {
    expect(findLeaks(body, STACK_TRACE_PATTERNS)).not.toEqual([]);
  });

  test.each([
    '{"error":"invalid JSON body"}',
    '{"detail":"Not Found"}',
    '{"error":"at least one field is required: message_content"}',
    '<html><body><h1>404 Not Found</h1></body></html>',
    'Rate limit exceeded at 12:30:01, retry later',
  ])('clean: %s', (body) => {
    expect(findLeaks(body, STACK_TRACE_PATTERNS)).toEqual([]);
  });
});

describe('framework banners in error pages', () => {
  test.each([
    [
      'Express 404',
      '<!DOCTYPE html><html><head><title>Error</title></head><body><pre>Cannot GET /nope</pre></body></html>',
    ],
    [
      'Werkzeug 404',
      '<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>',
    ],
    ['Werkzeug debugger', '<title>ValueError // Werkzeug Debugger</title>'],
    [
      'Django debug',
      "You're seeing this error because you have <code>DEBUG = True</code> in your Django settings file.",
    ],
    ['Spring', '<h1>Whitelabel Error Page</h1>'],
    ['nginx', '<hr><center>nginx/1.25.3</center>'],
  ])('%s', (_name, body) => {
    expect(findLeaks(body, FRAMEWORK_BANNER_PATTERNS)).not.toEqual([]);
  });

  test('a JSON error names nothing', () => {
    expect(findLeaks('{"error":"not found"}', FRAMEWORK_BANNER_PATTERNS)).toEqual([]);
  });
});

describe('security header judgements', () => {
  test('HSTS needs max-age of at least one year', () => {
    expect(hstsOutcome({ 'strict-transport-security': 'max-age=31536000' }).status).toBe('PASS');
    expect(
      hstsOutcome({ 'strict-transport-security': 'includeSubDomains; max-age=63072000; preload' }).status,
    ).toBe('PASS');
    expect(hstsOutcome({ 'strict-transport-security': 'max-age=86400' }).status).toBe('FAIL');
    expect(hstsOutcome({ 'strict-transport-security': 'includeSubDomains' }).status).toBe('FAIL');
    expect(hstsOutcome({}).status).toBe('FAIL');
  });

  test('nosniff and frame options', () => {
    expect(nosniffOutcome({ 'x-content-type-options': 'nosniff' }).status).toBe('PASS');
    expect(nosniffOutcome({ 'x-content-type-options': 'sniff' }).status).toBe('FAIL');
    expect(frameOptionsOutcome({ 'x-frame-options': 'SAMEORIGIN' }).status).toBe('PASS');
    expect(frameOptionsOutcome({ 'x-frame-options': 'ALLOW-FROM https://x.example' }).status).toBe('FAIL');
    expect(frameOptionsOutcome({}).status).toBe('FAIL');
  });

  test('a Server header without a version passes; with one, or X-Powered-By, fails', () => {
    expect(bannerOutcome({ server: 'awselb' }).status).toBe('PASS');
    expect(bannerOutcome({}).status).toBe('PASS');
    expect(bannerOutcome({ server: 'awselb/2.0' }).status).toBe('FAIL');
    expect(bannerOutcome({ server: 'Werkzeug/3.0.1 Python/3.12.1' }).status).toBe('FAIL');
    const powered = bannerOutcome({ 'x-powered-by': 'Express' });
    expect(powered.status).toBe('FAIL');
    expect(powered.evidence).toEqual(['banner header x-powered-by: Express']);
  });
});

describe('CORS judgement for a disallowed origin', () => {
  const evil = 'https://evil.example';
  test('no ACAO, or a fixed other origin, is fine', () => {
    expect(corsProblems({}, evil)).toEqual([]);
    expect(corsProblems({ 'access-control-allow-origin': 'https://app.example.com' }, evil)).toEqual([]);
  });
  test('wildcard, null and an echoed origin fail; wildcard with credentials says so', () => {
    expect(corsProblems({ 'access-control-allow-origin': '*' }, evil)).toHaveLength(1);
    expect(corsProblems({ 'access-control-allow-origin': 'null' }, evil)).toHaveLength(1);
    expect(corsProblems({ 'access-control-allow-origin': evil }, evil)).toEqual([
      `disallowed origin echoed: ${evil}`,
    ]);
    expect(
      corsProblems({ 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true' }, evil),
    ).toContain('wildcard origin together with Access-Control-Allow-Credentials: true');
  });
});

describe('secrets never reach a report', () => {
  const publicKey = `${'a'.repeat(8)}0123456789abcdef0123456789abcdef`;
  const adminKey = `${publicKey}ADMIN`;
  const redactor = new Redactor([
    { label: 'public-key', value: publicKey },
    { label: 'admin-key', value: adminKey },
  ]);
  test('every occurrence is replaced, the longer key first', () => {
    expect(redactor.text(`x-api-key: ${publicKey}, admin ${adminKey}; again ${publicKey}`)).toBe(
      'x-api-key: [REDACTED:public-key], admin [REDACTED:admin-key]; again [REDACTED:public-key]',
    );
  });
  test('a check result is redacted in its evidence', () => {
    const result: CheckResult = {
      id: 'api-keys.config-no-secrets',
      family: 'api-keys',
      title: 't',
      status: 'FAIL',
      evidence: [`body: {"adminApiKey":"${adminKey}"}`],
      checklist: ['SEC-21'],
      durationMs: 1,
    };
    expect(JSON.stringify(redactor.check(result))).not.toContain(publicKey);
  });
  test('a key or a 16-character piece of it counts as leaked', () => {
    const key = '0123456789abcdef0123456789abcdef';
    expect(containsKey(`{"k":"${key}"}`, key)).toBe(true);
    expect(containsKey(`{"k":"${key.slice(4, 20)}..."}`, key)).toBe(true);
    expect(containsKey('{"k":"0123****"}', key)).toBe(false);
  });
});

test('median of odd and even samples', () => {
  expect(median([5, 1, 3])).toBe(3);
  expect(median([4, 1, 3, 2])).toBe(2.5);
});

describe('legacy TLS failures: only a server refusal counts', () => {
  test.each([
    'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
    'ERR_SSL_UNSUPPORTED_PROTOCOL',
    'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
    'ECONNRESET',
  ])('%s -> refused', (code) => {
    expect(classifyLegacyFailure(code)).toBe('refused');
  });
  test.each([
    'ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED',
    'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
    'ETIMEDOUT',
  ])('%s -> inconclusive (raised by our own client)', (code) => {
    expect(classifyLegacyFailure(code)).toBe('inconclusive');
  });
});
