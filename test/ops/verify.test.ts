import { randomBytes } from 'node:crypto';
import { parseVerifyArgs } from '../../lib/ops/cli/verify-args';
import { formatJsonReport, formatTextReport } from '../../lib/ops/verify/report';
import { runVerify } from '../../lib/ops/verify/runner';
import { LEGACY_CLIENT_CIPHERS, handshake, probeLegacy, tlsTarget } from '../../lib/ops/verify/tls';
import { VerifyReport } from '../../lib/ops/verify/types';
import { FixtureKeys, Misconfig, startApi } from './fixtures/api-server';
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

describe('verify against a correctly configured endpoint', () => {
  let report: VerifyReport;
  beforeAll(async () => {
    report = await verifyAgainst({});
  });

  test('every check passes, none skipped', () => {
    const notPassed = report.checks
      .filter((c) => c.status !== 'PASS')
      .map((c) => `${c.id}: ${c.evidence.join(' | ')}`);
    expect(notPassed).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.summary).toEqual({ pass: report.checks.length, fail: 0, skip: 0 });
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
    expect(byId.get('rate-limit.burst-429')!.evidence.join()).toMatch(/first 429 at request \d+/);
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
    ['TLS 1.0 accepted', 'tls.legacy-refused', { tls10: true }],
    ['no HTTP->HTTPS redirect', 'redirect.https', { noRedirect: true }],
    ['missing key accepted', 'api-keys.missing-key-refused', { missingKeyAccepted: true }],
    ['admin path open to the public key', 'api-keys.admin-refuses-public', { adminOpenToPublic: true }],
    ['stack trace in errors', 'errors.no-stack-trace', { stackTrace: true }],
    ['wildcard CORS with credentials', 'cors.disallowed-origin', { wildcardCors: true }],
    ['no 429 under a burst', 'rate-limit.burst-429', { noRateLimit: true }],
    ['certificate expiring in 10 days', 'tls.certificate', { shortCert: true }],
    ['/config prints the keys', 'api-keys.config-no-secrets', { configLeaksKeys: true }],
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
        /chain not trusted/,
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
      // Client-side error, so without SECLEVEL=0 a TLS 1.0 server would look like it refused.
      expect(strict.ok ? '' : strict.code).toBe('ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED');
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
