import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environments } from '../../config';
import { validateConfigs } from '../../lib/config';
import { contractCommand } from '../../lib/ops/cli/contract-command';
import { ContractEnv, parseContractArgs } from '../../lib/ops/cli/contract-args';
import {
  compilePattern,
  fieldsOf,
  matchesLine,
  UnsupportedPattern,
} from '../../lib/ops/contract/filter-pattern';
import { runContract } from '../../lib/ops/contract/runner';
import { formatJsonReport } from '../../lib/ops/verify/report';
import { VerifyReport } from '../../lib/ops/verify/types';
import { AppEnvironment, AppFault, startReferenceApp } from './fixtures/reference-app';

const hex = (): string => randomBytes(32).toString('hex');
const app: AppEnvironment = {
  PUBLIC_API_KEY: hex(),
  PUBLIC_API_KEY_PREVIOUS: hex(),
  ADMIN_API_KEY: hex(),
  ADMIN_API_KEY_PREVIOUS: hex(),
  CORS_ORIGINS: 'https://app.example.com',
};
const ALL_KEYS = [
  app.PUBLIC_API_KEY,
  app.PUBLIC_API_KEY_PREVIOUS,
  app.ADMIN_API_KEY,
  app.ADMIN_API_KEY_PREVIOUS,
];
const configs = validateConfigs(environments);
const env: ContractEnv = {
  publicKey: app.PUBLIC_API_KEY,
  adminKey: app.ADMIN_API_KEY,
  previousPublicKey: app.PUBLIC_API_KEY_PREVIOUS,
  previousAdminKey: app.ADMIN_API_KEY_PREVIOUS,
  logPatterns: (name) => configs[name]?.monitoring.logPatterns,
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-contract-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the reference app with one fault, runs the contract against it with its log, stops it. */
async function contractAgainst(fault: AppFault, extra: string[] = []): Promise<VerifyReport> {
  const logFile = join(dir, `${randomBytes(4).toString('hex')}.log`);
  // Lines from before the run (a startup banner) are not the run's: they must not be judged.
  writeFileSync(logFile, 'Starting app on 0.0.0.0:8000 (plain text, before the run)\n');
  const server = await startReferenceApp(app, logFile, fault);
  try {
    const parsed = parseContractArgs(
      // Generous latency target: the suite shares two cores; latency has its own test in verify.
      ['--url', server.url, '--log-file', logFile, '--latency-ms', '1000', '--log-wait', '300', ...extra],
      env,
    );
    if (parsed === 'help') throw new Error('unexpected help');
    return await runContract(parsed.contract);
  } finally {
    await server.close();
  }
}

const failed = (report: VerifyReport): string[] =>
  report.checks.filter((c) => c.status === 'FAIL').map((c) => c.id);

describe('contract against the reference app', () => {
  let report: VerifyReport;
  beforeAll(async () => {
    report = await contractAgainst({});
  });

  test('every check passes, none skipped; the ALB-side checks are left out', () => {
    const notPassed = report.checks
      .filter((c) => c.status !== 'PASS')
      .map((c) => `${c.id}: ${c.evidence.join(' | ')}`);
    expect(notPassed).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.tool).toBe('shipshape contract');
    expect(report.checks.map((c) => c.id)).toEqual([
      'health:/',
      'health:/api/health',
      'health:/api/health/db',
      'api-keys.missing-key-refused',
      'api-keys.wrong-key-refused',
      'api-keys.public-key-accepted',
      'api-keys.admin-refuses-public',
      'api-keys.admin-accepts-admin',
      'api-keys.config-no-secrets',
      'api-keys.previous-keys-accepted',
      'errors.no-stack-trace',
      'errors.no-framework-banner',
      'cors.disallowed-origin',
      'logs.json-lines',
      'logs.auth-failure-event',
      'logs.no-secrets',
    ]);
    expect(report.checks.some((c) => ['tls', 'redirect', 'headers', 'rate-limit'].includes(c.family))).toBe(
      false,
    );
  });

  test('the log checks read the alarm patterns of the config and say what they saw', () => {
    const byId = new Map(report.checks.map((c) => [c.id, c.evidence.join(' | ')]));
    expect(byId.get('logs.json-lines')).toMatch(/every line is JSON with level/);
    expect(byId.get('logs.auth-failure-event')).toMatch(/\d+ lines match \{ \$\.event = "auth_failure" \}/);
  });

  test('the report never contains a key', () => {
    const json = formatJsonReport(report);
    for (const key of ALL_KEYS) expect(json).not.toContain(key);
  });
});

describe('each broken point fails exactly the check that names it', () => {
  const cases: Array<[string, string, AppFault]> = [
    ['database health check down', 'health:/api/health/db', { healthBroken: true }],
    ['no key accepted', 'api-keys.missing-key-refused', { missingKeyAccepted: true }],
    ['any key accepted', 'api-keys.wrong-key-refused', { wrongKeyAccepted: true }],
    ['public key refused', 'api-keys.public-key-accepted', { publicKeyRefused: true }],
    ['admin paths open to the public key', 'api-keys.admin-refuses-public', { adminAcceptsPublic: true }],
    ['admin key refused', 'api-keys.admin-accepts-admin', { adminKeyRefused: true }],
    ['previous keys ignored', 'api-keys.previous-keys-accepted', { previousKeyRefused: true }],
    ['/config shows a password', 'api-keys.config-no-secrets', { configLeaksPassword: true }],
    ['traceback in a response', 'errors.no-stack-trace', { stackTrace: true }],
    ['X-Powered-By on errors', 'errors.no-framework-banner', { poweredBy: true }],
    ['wildcard CORS with credentials', 'cors.disallowed-origin', { wildcardCors: true }],
    ['log lines without level', 'logs.json-lines', { severityNotLevel: true }],
    ['plain-text access log', 'logs.json-lines', { textAccessLog: true }],
    ['refused keys not logged as auth_failure', 'logs.auth-failure-event', { noAuthEvent: true }],
    ['the key in the log', 'logs.no-secrets', { logsKey: true }],
  ];
  test.each(cases)('%s: only %s fails', async (_name, expected, fault) => {
    const report = await contractAgainst(fault);
    expect(failed(report)).toEqual([expected]);
    // A check that needs what broke is BLOCKED by the failed one, never a second FAIL.
    for (const c of report.checks.filter((c) => c.status === 'BLOCKED'))
      expect(c.evidence[0]).toMatch(new RegExp(`^blocked by ${expected.replace(/[.:/]/g, '\\$&')}: `));
    expect(report.ok).toBe(false);
    const json = formatJsonReport(report);
    for (const key of ALL_KEYS) expect(json).not.toContain(key);
  });
});

test('a refused admin key blocks the /config scan instead of failing it a second time', async () => {
  const report = await contractAgainst({ adminKeyRefused: true });
  const config = report.checks.find((c) => c.id === 'api-keys.config-no-secrets')!;
  expect(config.status).toBe('BLOCKED');
  expect(config.evidence[0]).toMatch(/^blocked by api-keys\.admin-accepts-admin: GET \/config -> 401/);
  expect(report.summary).toMatchObject({ fail: 1, blocked: 1 });
});

describe('contract without a log file or previous keys', () => {
  test('those checks SKIP with the reason; the rest run', async () => {
    const logFile = join(dir, 'unused.log');
    const server = await startReferenceApp(app, logFile, {});
    try {
      const parsed = parseContractArgs(['--url', server.url, '--latency-ms', '1000'], {
        ...env,
        previousPublicKey: undefined,
        previousAdminKey: undefined,
      });
      if (parsed === 'help') throw new Error('unexpected help');
      const report = await runContract(parsed.contract);
      expect(report.checks.filter((c) => c.status === 'SKIP').map((c) => [c.id, c.evidence[0]])).toEqual([
        ['api-keys.previous-keys-accepted', expect.stringMatching(/no previous key given/)],
        ['logs.json-lines', expect.stringMatching(/no --log-file given/)],
        ['logs.auth-failure-event', expect.stringMatching(/no --log-file given/)],
        ['logs.no-secrets', expect.stringMatching(/no --log-file given/)],
      ]);
      expect(failed(report)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('shipshape contract (command)', () => {
  const collect = () => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), stderrIsTty: false },
      out,
      err,
    };
  };

  test('exit 0 against the reference app, 1 against a broken one, 2 on a usage error', async () => {
    const logFile = join(dir, 'command.log');
    const good = await startReferenceApp(app, logFile, {});
    const bad = await startReferenceApp(app, logFile, { stackTrace: true });
    try {
      const ok = collect();
      expect(await contractCommand(['--url', good.url, '--latency-ms', '1000'], env, ok.io)).toBe(0);
      expect(ok.out.join('')).toMatch(
        /shipshape contract http:\/\/127\.0\.0\.1:\d+\/: 13 passed, 0 failed, 0 blocked, 3 skipped/,
      );
      const broken = collect();
      expect(await contractCommand(['--url', bad.url, '--latency-ms', '1000'], env, broken.io)).toBe(1);
      expect(broken.out.join('')).toMatch(/FAILED: errors\.no-stack-trace/);
      for (const key of ALL_KEYS) expect(broken.out.join('') + broken.err.join('')).not.toContain(key);
      const usage = collect();
      expect(await contractCommand(['--url', good.url, '--env', 'nowhere'], env, usage.io)).toBe(2);
      expect(usage.err.join('')).toMatch(/--env: no environment named "nowhere"/);
    } finally {
      await good.close();
      await bad.close();
    }
  });

  test('--help lists the checks left to the ALB and the exit codes', async () => {
    const help = collect();
    expect(await contractCommand(['--help'], env, help.io)).toBe(0);
    expect(help.out.join('')).toMatch(/TLS, the HTTP redirect and the security headers are the ALB's/);
    expect(help.out.join('')).toMatch(/Exit codes: 0 nothing FAILED, 1 a check\nFAILED, 2 usage error/);
  });
});

describe('CloudWatch filter patterns, read locally', () => {
  test("the config's patterns: errors by level, auth failures by event", () => {
    const { errors, authFailures } = configs['prod']!.monitoring.logPatterns;
    const e = compilePattern(errors);
    const a = compilePattern(authFailures);
    expect(fieldsOf(e)).toEqual(['level']);
    expect(fieldsOf(a)).toEqual(['event']);
    expect(matchesLine(e, '{"level":"error","msg":"x"}')).toBe(true);
    expect(matchesLine(e, '{"level":"ERROR"}')).toBe(true);
    expect(matchesLine(e, '{"level":"info"}')).toBe(false);
    expect(matchesLine(e, 'ERROR plain text')).toBe(false);
    expect(matchesLine(a, '{"event":"auth_failure","path":"/x"}')).toBe(true);
    expect(matchesLine(a, '{"event":"request"}')).toBe(false);
  });
  test('&&, !=, numbers, nested fields, * and text patterns', () => {
    const p = compilePattern('{ $.http.status = 401 && $.user != "ops" && $.trace = * }');
    expect(matchesLine(p, '{"http":{"status":401},"user":"x","trace":"t"}')).toBe(true);
    expect(matchesLine(p, '{"http":{"status":401},"user":"ops","trace":"t"}')).toBe(false);
    expect(matchesLine(p, '{"http":{"status":401},"user":"x"}')).toBe(false);
    const text = compilePattern('ERROR "auth failure"');
    expect(matchesLine(text, '2026 ERROR auth failure for x')).toBe(true);
    expect(matchesLine(text, '2026 ERROR auth ok')).toBe(false);
  });
  test('forms it does not understand are refused, not guessed', () => {
    expect(() => compilePattern('{ ($.a = 1 || $.b = 2) && $.c = 3 }')).toThrow(UnsupportedPattern);
    expect(() => compilePattern('?ERROR ?WARN')).toThrow(UnsupportedPattern);
    expect(() => compilePattern('{ $.a > 1 }')).toThrow(/term "\$\.a > 1"/);
  });
});
