import { environments } from '../../config';
import { validateConfigs } from '../../lib/config';
import {
  RESPONSE_HEADER_ATTRIBUTES,
  securityHeaderAttributes,
} from '../../lib/constructs/edge/security-headers';
import { RATE_LIMIT_RESPONSE } from '../../lib/contracts/rate-limit-response';
import { containsKey } from '../../lib/ops/verify/api-keys';
import {
  configSecretProblems,
  isRedactedValue,
  isSecretName,
  secretNamedValues,
} from '../../lib/ops/verify/config-secrets';
import { cspOutcome, parseCsp } from '../../lib/ops/verify/csp';
import { burstOutcome } from '../../lib/ops/verify/rate-limit';
import { echoOutcome, holdOutcome, websocketUrl } from '../../lib/ops/verify/websocket';
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
import { certificateCause, classifyLegacyFailure } from '../../lib/ops/verify/tls';
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

describe('Content-Security-Policy judgement (headers.csp)', () => {
  test("every environment's configured CSP, as the stack sets it on the listener, passes", () => {
    const configs = validateConfigs(environments);
    for (const [name, config] of Object.entries(configs)) {
      const csp = securityHeaderAttributes(config.edge)[RESPONSE_HEADER_ATTRIBUTES.contentSecurityPolicy]!;
      expect([name, cspOutcome({ 'content-security-policy': csp }).status]).toEqual([name, 'PASS']);
    }
  });
  test.each([
    ["default-src 'self'", 'PASS'],
    ["script-src 'self' 'nonce-abc'; object-src 'none'", 'PASS'],
    ["default-src 'none'; style-src 'unsafe-inline'", 'PASS'],
    ["default-src 'self' 'unsafe-inline'", 'FAIL'],
    ["default-src 'self'; script-src 'self' 'UNSAFE-EVAL'", 'FAIL'],
    ["frame-ancestors 'none'", 'FAIL'],
    ['', 'FAIL'],
  ])('%j -> %s', (policy, status) => {
    expect(cspOutcome(policy === '' ? {} : { 'content-security-policy': policy }).status).toBe(status);
  });
  test('the problem names the directive and the source', () => {
    expect(
      cspOutcome({ 'content-security-policy': "script-src 'unsafe-inline' 'unsafe-eval'" }).evidence,
    ).toEqual([
      "Content-Security-Policy: script-src 'unsafe-inline' 'unsafe-eval'",
      "script-src allows 'unsafe-inline' and 'unsafe-eval'",
    ]);
    expect(parseCsp("Default-Src 'none'; default-src *").get('default-src')).toEqual(["'none'"]);
  });
});

describe('/config: what counts as a secret (SEC-21)', () => {
  test('secret-named fields: any depth, any spelling; numbers, booleans, masks and ARNs are no secret', () => {
    expect(
      secretNamedValues({
        smtp_password: 'hunter2',
        nested: { SENTRY_DSN: 'https://k@o1.ingest.example.io/1', openAiApiKey: '***' },
        secrets: ['plain'],
        tokenTtlSeconds: 3600,
        smtpPasswordSet: true,
        oauthClientSecret: null,
        dbCredentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x',
        githubToken: '[REDACTED]',
        passphrase: '',
        environment: 'production',
      }),
    ).toEqual(['$.smtp_password', '$.nested.SENTRY_DSN', '$.secrets[0]']);
    for (const name of [
      'PASSWORD',
      'db-passwd',
      'clientSecret',
      'accessKeyId',
      'private_key',
      'awsCredentials',
    ])
      expect([name, isSecretName(name)]).toEqual([name, true]);
    for (const name of ['environment', 'debug', 'region', 'keyHeader'])
      expect([name, isSecretName(name)]).toEqual([name, false]);
    // A name is matched by its words, not its meaning: the value decides, and a number is no secret.
    expect(isSecretName('maxTokensPerRequest')).toBe(true);
    expect(secretNamedValues({ maxTokensPerRequest: 4096 })).toEqual([]);
    for (const value of ['', '****', '[redacted]', 'REDACTED', 'arn:aws-us-gov:kms:x'])
      expect([value, isRedactedValue(value)]).toEqual([value, true]);
    expect(isRedactedValue('hunter2')).toBe(false);
  });

  test('the three kinds of finding, each without the value', async () => {
    const key = `${'f'.repeat(20)}0123456789abcdef0123456789abcdef`;
    const problems = await configSecretProblems(
      {
        label: 'GET /config',
        headers: 'content-type: application/json',
        body: JSON.stringify({
          apiKey: key.slice(10, 40),
          smtpPassword: 'hunter2',
          note: `postgres://u:${'p4ss'}@db/x`,
        }),
      },
      [{ label: 'public-key', value: key }],
    );
    expect(problems).toEqual([
      'contains the public-key (or a 16-character piece of it)',
      expect.stringMatching(/^body line 1: credential shape: /),
      '$.apiKey is secret-named and holds a value',
      '$.smtpPassword is secret-named and holds a value',
    ]);
    expect(problems.join()).not.toContain('hunter2');
    expect(
      await configSecretProblems({ label: 'GET /config', headers: '', body: 'plain text, no secret' }, []),
    ).toEqual([]);
  });
});

describe('rate-limit judgement and its advice', () => {
  const options = { enabled: true, maxRequests: 100, maxSeconds: 10, path: '/', concurrency: 10 };
  const burst = (statuses: Record<string, number>, limited?: { at: number; retryAfter?: string }) => ({
    sent: Object.values(statuses).reduce((a, b) => a + b, 0),
    elapsedMs: 10,
    statuses,
    ...(limited ? { firstLimitedAt: limited.at } : {}),
    ...(limited?.retryAfter ? { retryAfter: limited.retryAfter } : {}),
  });
  test(`exactly ${RATE_LIMIT_RESPONSE.statusCode} with Retry-After: ${RATE_LIMIT_RESPONSE.retryAfterSeconds} passes`, () => {
    expect(burstOutcome(burst({ 200: 60, 429: 1 }, { at: 61, retryAfter: '300' }), options).status).toBe(
      'PASS',
    );
    expect(burstOutcome(burst({ 200: 60, 429: 1 }, { at: 61 }), options).evidence.join()).toMatch(
      /carries no Retry-After header/,
    );
    expect(burstOutcome(burst({ 200: 60, 429: 1 }, { at: 61, retryAfter: '60' }), options).status).toBe(
      'FAIL',
    );
  });
  test('advice: more requests only when requests got through and none was limited', () => {
    const advice = (statuses: Record<string, number>): string =>
      burstOutcome(burst(statuses), options).evidence.join();
    expect(advice({ 200: 100 })).toMatch(/raise --rate-limit-requests/);
    expect(advice({ 'error: connect ECONNREFUSED 127.0.0.1:1': 100 })).toMatch(/no request got through/);
    expect(advice({ 'error: connect ECONNREFUSED 127.0.0.1:1': 100 })).not.toMatch(
      /raise --rate-limit-requests/,
    );
    expect(advice({ 403: 100 })).not.toMatch(/raise --rate-limit-requests/);
    expect(advice({ 200: 60, 403: 40 })).toMatch(/WAF's default 403/);
  });
});

describe('certificate causes from Node error codes', () => {
  test.each([
    ['CERT_HAS_EXPIRED', 'expired'],
    ['CERT_NOT_YET_VALID', 'not yet valid'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'name mismatch'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'untrusted chain'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'untrusted chain'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'untrusted chain'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'untrusted chain'],
    ['ECONNREFUSED', undefined],
    ['ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', undefined],
  ])('%s -> %s', (code, cause) => {
    expect(certificateCause(code)).toBe(cause);
  });
});

describe('WebSocket judgements', () => {
  const base = { url: 'wss://x/ws', holdMs: 65_000, pingsDuringHold: 0 };
  test('a drop during the hold names the hold, when, and the close code', () => {
    const o = holdOutcome({
      ...base,
      connectMs: 5,
      echoMs: 2,
      heldMs: 60_012,
      closeCode: 1006,
      closedBy: 'server',
    });
    expect(o.status).toBe('FAIL');
    expect(o.evidence[0]).toBe(
      'did not survive the 65 s idle hold: closed by the server after 60 s, code 1006 (abnormal closure: the connection dropped without a close frame)',
    );
  });
  test('a refused upgrade fails the echo and skips the hold', () => {
    const o = { ...base, connectError: 'upgrade refused: HTTP 400 Bad Request' };
    expect(echoOutcome(o).status).toBe('FAIL');
    expect(holdOutcome(o).status).toBe('SKIP');
  });
  test('wss for https, ws for http', () => {
    expect(websocketUrl(new URL('https://api.example.com'), '/ws').href).toBe('wss://api.example.com/ws');
    expect(websocketUrl(new URL('http://127.0.0.1:8000'), '/ws?x=1').href).toBe('ws://127.0.0.1:8000/ws?x=1');
  });
});
