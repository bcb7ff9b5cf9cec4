import { classifyLegacyFailure } from '../../lib/ops/verify/tls';
import { randomBytes } from 'node:crypto';
import { parseVerifyArgs } from '../../lib/ops/cli/verify-args';
import { formatJsonReport, formatTextReport } from '../../lib/ops/verify/report';
import { runVerify } from '../../lib/ops/verify/runner';
import { LEGACY_CLIENT_CIPHERS, handshake, probeLegacy, tlsTarget } from '../../lib/ops/verify/tls';
import { VerifyReport } from '../../lib/ops/verify/types';
import { FIXTURE_WS_PATH, FixtureKeys, LEAKED_TOKEN, Misconfig, startApi } from './fixtures/api-server';
import { TestPki, makeTestPki } from '../support/test-pki';

let pki: TestPki;
const keys: FixtureKeys = {
  publicKey: randomBytes(32).toString('hex'),
  adminKey: randomBytes(32).toString('hex'),
};

beforeAll(() => {
  pki = makeTestPki();
});
afterAll(() => pki.cleanup());

/** Starts the fixture with one misconfiguration, runs every family against it, stops it. */
async function verifyAgainst(bad: Misconfig, extraArgs: string[] = []): Promise<VerifyReport> {
  const api = await startApi(pki, keys, bad);
  try {
    const parsed = parseVerifyArgs(
      [
        '--url',
        api.url,
        '--http-url',
        api.httpUrl,
        '--ca',
        pki.caPath,
        '--check-rate-limit',
        '--rate-limit-requests',
        '150',
        '--rate-limit-seconds',
        '10',
        // Generous: the suite shares two cores with other jobs; the latency logic has its own test.
        '--latency-ms',
        '1000',
        ...extraArgs,
      ],
      keys,
    );
    if (parsed === 'help') throw new Error('unexpected help');
    return await runVerify(parsed.verify);
  } finally {
    await api.close();
  }
}

const failed = (report: VerifyReport): string[] =>
  report.checks.filter((c) => c.status === 'FAIL').map((c) => c.id);

/** The WebSocket family's flags, with a hold the suite can afford. */
const WEBSOCKET = ['--websocket-path', FIXTURE_WS_PATH, '--websocket-hold', '1s'];

describe('verify against a correctly configured endpoint', () => {
  let report: VerifyReport;
  beforeAll(async () => {
    report = await verifyAgainst({}, WEBSOCKET);
  });

  test('every check passes, none skipped', () => {
    const notPassed = report.checks
      .filter((c) => c.status !== 'PASS')
      .map((c) => `${c.id}: ${c.evidence.join(' | ')}`);
    expect(notPassed).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.summary).toEqual({ pass: report.checks.length, fail: 0, skip: 0, blocked: 0 });
  });

  test('runs every family with stable ids', () => {
    expect(report.checks.map((c) => c.id)).toEqual([
      'tls.version',
      'tls.legacy-refused',
      'tls.certificate',
      'redirect.https',
      'headers.hsts',
      'headers.content-type-options',
      'headers.frame-options',
      'headers.csp',
      'headers.no-banner',
      'health:/',
      'health:/api/health',
      'health:/api/health/db',
      'api-keys.missing-key-refused',
      'api-keys.wrong-key-refused',
      'api-keys.public-key-accepted',
      'api-keys.admin-refuses-public',
      'api-keys.admin-accepts-admin',
      'api-keys.config-no-secrets',
      'errors.no-stack-trace',
      'errors.no-framework-banner',
      'cors.disallowed-origin',
      'websocket.echo',
      'websocket.idle-hold',
      'rate-limit.burst-429',
    ]);
  });

  test('evidence records what was observed', () => {
    const byId = new Map(report.checks.map((c) => [c.id, c]));
    expect(byId.get('tls.version')!.evidence.join()).toMatch(/negotiated TLSv1\.[23]/);
    expect(byId.get('tls.legacy-refused')!.evidence).toEqual(['TLS 1.0: refused', 'TLS 1.1: refused']);
    expect(byId.get('tls.certificate')!.evidence.join()).toMatch(/\d+ days to expiry/);
    expect(byId.get('redirect.https')!.evidence.join()).toMatch(
      /-> 301, Location: https:\/\/127\.0\.0\.1:\d+\/api\/health\?shipshape=redirect-probe/,
    );
    expect(byId.get('headers.hsts')!.evidence.join()).toContain('max-age=63072000');
    expect(byId.get('rate-limit.burst-429')!.evidence.join()).toMatch(
      /first 429 at request \d+, Retry-After: 300/,
    );
    expect(byId.get('headers.csp')!.evidence).toEqual([
      "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
    ]);
    expect(byId.get('websocket.echo')!.evidence.join()).toMatch(
      /wss:\/\/127\.0\.0\.1:\d+\/ws: upgraded \(101\) in \d+ ms.*answered in \d+ ms \(echo of the message\)/,
    );
    expect(byId.get('websocket.idle-hold')!.evidence.join()).toMatch(
      /survived the 1\.0 s idle hold.*answered again in \d+ ms.*code 1000/,
    );
    expect(byId.get('api-keys.config-no-secrets')!.evidence.join()).toMatch(
      /none of the 2 given keys, no credential shape, no secret-named value/,
    );
  });

  test('the report never contains the keys, in text or JSON', () => {
    for (const text of [formatJsonReport(report), formatTextReport(report, { includeChecks: true })]) {
      expect(text).not.toContain(keys.publicKey);
      expect(text).not.toContain(keys.adminKey);
    }
  });
});

describe('each misconfiguration is caught by exactly the check that names it', () => {
  const cases: Array<[string, string, Misconfig]> = [
    ['no HSTS', 'headers.hsts', { noHsts: true }],
    ['no CSP', 'headers.csp', { noCsp: true }],
    ["CSP with script-src 'unsafe-inline'", 'headers.csp', { unsafeCsp: true }],
    ['TLS 1.0 accepted', 'tls.legacy-refused', { tls10: true }],
    ['no HTTP->HTTPS redirect', 'redirect.https', { noRedirect: true }],
    ['missing key accepted', 'api-keys.missing-key-refused', { missingKeyAccepted: true }],
    ['admin path open to the public key', 'api-keys.admin-refuses-public', { adminOpenToPublic: true }],
    ['stack trace in errors', 'errors.no-stack-trace', { stackTrace: true }],
    ['wildcard CORS with credentials', 'cors.disallowed-origin', { wildcardCors: true }],
    ['no 429 under a burst', 'rate-limit.burst-429', { noRateLimit: true }],
    ["WAF's default 403 instead of 429", 'rate-limit.burst-429', { rateLimit403: true }],
    ['429 without Retry-After', 'rate-limit.burst-429', { rateLimitNoRetryAfter: true }],
    ['certificate expiring in 10 days', 'tls.certificate', { shortCert: true }],
    ['/config prints the keys', 'api-keys.config-no-secrets', { configLeaksKeys: true }],
    ['/config prints the DSN', 'api-keys.config-no-secrets', { configLeaksDsn: true }],
    ['/config prints a provider token', 'api-keys.config-no-secrets', { configLeaksToken: true }],
  ];
  test.each(cases)('%s: only %s fails', async (_name, expected, bad) => {
    const report = await verifyAgainst(bad);
    expect(failed(report)).toEqual([expected]);
    expect(report.ok).toBe(false);
    const json = formatJsonReport(report);
    expect(json).not.toContain(keys.publicKey);
    expect(json).not.toContain(keys.adminKey);
  });
});

test('a health path slower than --latency-ms fails exactly its own health check', async () => {
  const report = await verifyAgainst({ slowDbHealthMs: 600 }, ['--only', 'health', '--latency-ms', '250']);
  expect(failed(report)).toEqual(['health:/api/health/db']);
  expect(report.checks.find((c) => c.id === 'health:/api/health/db')!.evidence.join()).toMatch(
    /median \d+ ms exceeds 250 ms/,
  );
});

describe('verify without keys and without the rate-limit opt-in', () => {
  test('key-dependent checks SKIP with a reason; the rest still run', async () => {
    const api = await startApi(pki, keys, {});
    try {
      const parsed = parseVerifyArgs(['--url', api.url, '--http-url', api.httpUrl, '--ca', pki.caPath], {});
      if (parsed === 'help') throw new Error('unexpected help');
      const report = await runVerify(parsed.verify);
      const skipped = report.checks.filter((c) => c.status === 'SKIP');
      expect(skipped.map((c) => c.id)).toEqual([
        'api-keys.public-key-accepted',
        'api-keys.admin-refuses-public',
        'api-keys.admin-accepts-admin',
        'api-keys.config-no-secrets',
        'websocket.echo',
        'websocket.idle-hold',
        'rate-limit.burst-429',
      ]);
      for (const s of skipped) expect(s.evidence[0]).toMatch(/no (public|admin) key given|opt-in/);
      expect(failed(report)).toEqual([]);
      expect(report.checks.find((c) => c.id === 'api-keys.missing-key-refused')!.status).toBe('PASS');
    } finally {
      await api.close();
    }
  });

  test('an untrusted certificate fails tls.certificate when --ca is not given', async () => {
    const api = await startApi(pki, keys, {});
    try {
      const parsed = parseVerifyArgs(['--url', api.url, '--only', 'tls'], {});
      if (parsed === 'help') throw new Error('unexpected help');
      const report = await runVerify(parsed.verify);
      expect(failed(report)).toEqual(['tls.certificate']);
      expect(report.checks.find((c) => c.id === 'tls.certificate')!.evidence.join()).toMatch(
        /untrusted chain \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/,
      );
    } finally {
      await api.close();
    }
  });

  test('an unreachable endpoint fails, with the error as evidence', async () => {
    const parsed = parseVerifyArgs(
      ['--url', 'https://127.0.0.1:1', '--only', 'headers', '--timeout-ms', '2000'],
      {},
    );
    if (parsed === 'help') throw new Error('unexpected help');
    const report = await runVerify(parsed.verify);
    expect(report.ok).toBe(false);
    expect(report.checks.every((c) => c.status === 'FAIL')).toBe(true);
    expect(report.checks[0]!.evidence.join()).toMatch(/ECONNREFUSED/);
  });
});

describe('what each FAIL says', () => {
  const evidenceOf = (report: VerifyReport, id: string): string =>
    report.checks.find((c) => c.id === id)!.evidence.join(' | ');

  test('a 403 rate block is named as such; a burst where nothing got through does not ask for more requests', async () => {
    const blocked403 = await verifyAgainst({ rateLimit403: true }, ['--only', 'rate-limit']);
    expect(evidenceOf(blocked403, 'rate-limit.burst-429')).toMatch(
      /refused with 403 after 60 got through: the rate rule blocks with WAF's default 403/,
    );
    const nothing = await verifyAgainst({ allUnavailable: true, noRateLimit: true }, [
      '--only',
      'rate-limit',
    ]);
    expect(failed(nothing)).toEqual(['rate-limit.burst-429']);
    const advice = evidenceOf(nothing, 'rate-limit.burst-429');
    expect(advice).toMatch(/no request got through, so no limit was reached: the path answers 503 x150/);
    expect(advice).not.toMatch(/raise --rate-limit-requests/);
    const noLimit = await verifyAgainst({ noRateLimit: true }, ['--only', 'rate-limit']);
    expect(evidenceOf(noLimit, 'rate-limit.burst-429')).toMatch(
      /150 requests got through \(raise --rate-limit-requests/,
    );
  });

  test('/config findings name the field or the shape, never the value', async () => {
    const dsn = await verifyAgainst({ configLeaksDsn: true }, ['--only', 'api-keys']);
    expect(evidenceOf(dsn, 'api-keys.config-no-secrets')).toMatch(
      /\$\.sentryDsn is secret-named and holds a value/,
    );
    const token = await verifyAgainst({ configLeaksToken: true }, ['--only', 'api-keys']);
    const text = evidenceOf(token, 'api-keys.config-no-secrets');
    expect(text).toMatch(
      /body line 1: credential shape: found slack token: \*+ \[@secretlint\/secretlint-rule-slack\]/,
    );
    expect(text).not.toContain(LEAKED_TOKEN);
    const keysLeak = await verifyAgainst({ configLeaksKeys: true }, ['--only', 'api-keys']);
    expect(evidenceOf(keysLeak, 'api-keys.config-no-secrets')).toMatch(
      /contains the public-key .*contains the admin-key/,
    );
  });
});

describe('a refused certificate blocks the HTTP checks and names its cause', () => {
  const cases: Array<[string, Misconfig, string[], RegExp]> = [
    ['expired', { expiredCert: true }, ['--ca', 'CA'], /certificate expired \(CERT_HAS_EXPIRED\)/],
    [
      'name mismatch',
      { wrongNameCert: true },
      ['--ca', 'CA'],
      /name mismatch \(ERR_TLS_CERT_ALTNAME_INVALID\)/,
    ],
    ['untrusted chain', {}, [], /untrusted chain \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/],
  ];
  test.each(cases)(
    '%s: tls.certificate FAILs, every HTTPS check is BLOCKED by it, exit non-zero',
    async (_n, bad, ca, cause) => {
      const api = await startApi(pki, keys, bad);
      try {
        const parsed = parseVerifyArgs(
          [
            '--url',
            api.url,
            '--http-url',
            api.httpUrl,
            ...ca.map((a) => (a === 'CA' ? pki.caPath : a)),
            '--check-rate-limit',
            ...WEBSOCKET,
          ],
          keys,
        );
        if (parsed === 'help') throw new Error('unexpected help');
        const report = await runVerify(parsed.verify);
        expect(report.ok).toBe(false);
        expect(failed(report)).toEqual(['tls.certificate']);
        const certificate = report.checks.find((c) => c.id === 'tls.certificate')!;
        expect(certificate.evidence[0]).toMatch(cause);
        const blocked = report.checks.filter((c) => c.status === 'BLOCKED');
        expect(blocked.map((c) => c.family).sort()).toEqual(
          expect.arrayContaining([
            'headers',
            'health',
            'api-keys',
            'errors',
            'cors',
            'websocket',
            'rate-limit',
          ]),
        );
        expect(report.summary.blocked).toBe(blocked.length);
        expect(blocked.length).toBe(report.checks.length - 4); // tls.* and redirect.https ran
        for (const c of blocked) {
          expect(c.evidence).toHaveLength(1);
          expect(c.evidence[0]).toMatch(/^blocked by tls\.certificate: /);
          expect(c.evidence[0]).toMatch(cause);
        }
        const text = formatTextReport(report, { includeChecks: false });
        expect(text).toMatch(new RegExp(`1 failed, ${blocked.length} blocked`));
        expect(text).toMatch(/BLOCKED \(\d+ checks not run\) blocked by tls\.certificate/);
      } finally {
        await api.close();
      }
    },
  );
});

describe('websocket (DOCK-06)', () => {
  async function websocketAgainst(bad: Misconfig, hold = '2s'): Promise<VerifyReport> {
    return verifyAgainst(bad, [
      '--only',
      'websocket',
      '--websocket-path',
      FIXTURE_WS_PATH,
      '--websocket-hold',
      hold,
    ]);
  }

  test('an echo endpoint passes both checks and reports connect and echo times', async () => {
    const report = await websocketAgainst({}, '1s');
    expect(failed(report)).toEqual([]);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['websocket.echo', 'PASS'],
      ['websocket.idle-hold', 'PASS'],
    ]);
  });

  test('an endpoint that drops idle connections before the hold ends fails websocket.idle-hold, naming the hold', async () => {
    const report = await websocketAgainst({ wsIdleDropMs: 500 });
    expect(failed(report)).toEqual(['websocket.idle-hold']);
    const evidence = report.checks.find((c) => c.id === 'websocket.idle-hold')!.evidence.join(' | ');
    expect(evidence).toMatch(
      /did not survive the 2\.0 s idle hold: closed by the server after 0\.\d s, code 1006/,
    );
    expect(evidence).toMatch(/edge\.idleTimeoutSeconds/);
  });

  test('a refused upgrade fails websocket.echo; the hold is skipped with the reason', async () => {
    const report = await websocketAgainst({ wsRefused: true });
    expect(failed(report)).toEqual(['websocket.echo']);
    expect(report.checks.find((c) => c.id === 'websocket.echo')!.evidence.join()).toMatch(
      /upgrade refused: HTTP 403/,
    );
    expect(report.checks.find((c) => c.id === 'websocket.idle-hold')!.status).toBe('SKIP');
  });

  test('the certificate is verified: without --ca the WebSocket is BLOCKED, never connected', async () => {
    const api = await startApi(pki, keys, {});
    try {
      const parsed = parseVerifyArgs(
        [
          '--url',
          api.url,
          '--only',
          'websocket',
          '--websocket-path',
          FIXTURE_WS_PATH,
          '--websocket-hold',
          '1s',
        ],
        {},
      );
      if (parsed === 'help') throw new Error('unexpected help');
      const report = await runVerify(parsed.verify);
      expect(report.checks.map((c) => c.status)).toEqual(['BLOCKED', 'BLOCKED']);
      expect(report.ok).toBe(false);
    } finally {
      await api.close();
    }
  });
});

describe('why the legacy probe lowers its security level', () => {
  test('at the default level our own OpenSSL aborts a TLS 1.0 handshake the server accepted', async () => {
    const api = await startApi(pki, keys, { tls10: true });
    try {
      const target = tlsTarget(new URL(api.url));
      const strict = await handshake(
        target,
        { minVersion: 'TLSv1', maxVersion: 'TLSv1', rejectUnauthorized: false },
        5000,
      );
      expect(strict.ok).toBe(false);
      // Client-side error, so without SECLEVEL=0 a TLS 1.0 server would look like it refused. Which
      // error depends on the OpenSSL of the Node.js release (20: the signature algorithm; 24: no protocol).
      expect(['ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED', 'ERR_SSL_NO_PROTOCOLS_AVAILABLE']).toContain(
        strict.ok ? '' : strict.code,
      );
      expect(classifyLegacyFailure(strict.ok ? '' : strict.code)).toBe('inconclusive');
      const lowered = await handshake(
        target,
        {
          minVersion: 'TLSv1',
          maxVersion: 'TLSv1',
          ciphers: LEGACY_CLIENT_CIPHERS,
          rejectUnauthorized: false,
        },
        5000,
      );
      expect(lowered.ok && lowered.protocol).toBe('TLSv1');
      expect(await probeLegacy(target, 'TLSv1.1', 5000)).toBe('accepted');
    } finally {
      await api.close();
    }
  });
});
