import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FixtureKeys, startApi } from './fixtures/api-server';
import { runShipshape } from '../support/shipshape-cli';
import { TestPki, makeTestPki } from '../support/test-pki';
import { startReferenceApp } from './fixtures/reference-app';
import { startSimple } from './fixtures/simple-servers';

/** The real CLI with the test's environment on top of this process's (see runShipshape). */
function shipshape(args: string[], env: Record<string, string> = {}, via: 'npx' | 'tsx' = 'npx') {
  return runShipshape(args, { env: { ...process.env, ...env }, via });
}

// Created on first use: concurrent tests may start before a beforeAll hook has run.
let pki: TestPki | undefined;
const testPki = (): TestPki => (pki ??= makeTestPki());
const keys: FixtureKeys = {
  publicKey: randomBytes(32).toString('hex'),
  adminKey: randomBytes(32).toString('hex'),
};
const keyEnv = { SHIPSHAPE_PUBLIC_API_KEY: keys.publicKey, SHIPSHAPE_ADMIN_API_KEY: keys.adminKey };

afterAll(() => pki?.cleanup());

describe('shipshape verify (spawned)', () => {
  test.concurrent('exit 0 against the correct endpoint; --json output parses; keys from env never printed', async () => {
    const api = await startApi(testPki(), keys, {});
    try {
      const run = await shipshape(
        ['verify', '--url', api.url, '--http-url', api.httpUrl, '--ca', testPki().caPath, '--json'],
        keyEnv,
      );
      expect(run.stderr).not.toMatch(/shipshape: /);
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report.ok).toBe(true);
      expect(report.summary.fail).toBe(0);
      expect(report.checks.find((c: { id: string }) => c.id === 'api-keys.admin-accepts-admin').status).toBe(
        'PASS',
      );
      expect(run.stderr).toMatch(/verify: PASS tls\.version/);
      for (const out of [run.stdout, run.stderr]) {
        expect(out).not.toContain(keys.publicKey);
        expect(out).not.toContain(keys.adminKey);
      }
    } finally {
      await api.close();
    }
  });

  test.concurrent('exit 1 on a FAIL, text output names the failed check; keys given by flag never printed', async () => {
    const api = await startApi(testPki(), keys, { noHsts: true, configLeaksKeys: true });
    try {
      const run = await shipshape([
        'verify',
        '--url',
        api.url,
        '--http-url',
        api.httpUrl,
        '--ca',
        testPki().caPath,
        '--public-key',
        keys.publicKey,
        '--admin-key',
        keys.adminKey,
      ]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^FAIL +headers\.hsts/m);
      expect(run.stdout).toMatch(/FAILED: headers\.hsts, api-keys\.config-no-secrets/);
      for (const out of [run.stdout, run.stderr]) {
        expect(out).not.toContain(keys.publicKey);
        expect(out).not.toContain(keys.adminKey);
      }
    } finally {
      await api.close();
    }
  });

  test.concurrent('exit 2 on a usage error, naming the flag', async () => {
    const run = await shipshape(['verify', '--url', 'http://plain.example'], {}, 'tsx');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--url must use https:/);
  });
});

describe('shipshape loadtest (spawned)', () => {
  test.concurrent('exit 0 against a fast server, exit 1 against a slow one with --p99 200', async () => {
    const fast = await startSimple('fast');
    const slow = await startSimple('slow');
    try {
      const [ok, bad] = await Promise.all([
        shipshape(
          // A generous target: the gate under test is the slow server's; a loaded CI machine must not fail this one.
          [
            'loadtest',
            '--url',
            fast.url,
            '--duration',
            '1s',
            '--connections',
            '2',
            '--p99',
            '2000',
            '--json',
          ],
          keyEnv,
        ),
        shipshape(['loadtest', '--url', slow.url, '--duration', '1s', '--connections', '2', '--p99', '200']),
      ]);
      expect(ok.code).toBe(0);
      const report = JSON.parse(ok.stdout);
      expect(report.ok).toBe(true);
      expect(report.requests.total).toBeGreaterThan(0);
      expect(ok.stderr).toMatch(/loadtest: 1\/1 s, \d+ responses/);
      expect(ok.stdout + ok.stderr).not.toContain(keys.publicKey);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toMatch(/FAIL p99: p99 [\d.]+ ms > target 200 ms/);
    } finally {
      await fast.close();
      await slow.close();
    }
  });

  test.concurrent('exit 2 when a bound is exceeded, naming the flag', async () => {
    const run = await shipshape(['loadtest', '--url', 'http://127.0.0.1:9', '--duration', '2h'], {}, 'tsx');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--duration must be between 1s and 600s/);
  });
});

describe('shipshape contract (spawned)', () => {
  test.concurrent('keys and previous keys from env, log patterns from the config: exit 0, keys never printed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-cli-contract-'));
    const logFile = path.join(dir, 'app.log');
    const appKeys = {
      PUBLIC_API_KEY: randomBytes(32).toString('hex'),
      PUBLIC_API_KEY_PREVIOUS: randomBytes(32).toString('hex'),
      ADMIN_API_KEY: randomBytes(32).toString('hex'),
      ADMIN_API_KEY_PREVIOUS: randomBytes(32).toString('hex'),
    };
    const app = await startReferenceApp({ ...appKeys, CORS_ORIGINS: 'https://app.example.com' }, logFile);
    try {
      const run = await shipshape(
        ['contract', '--url', app.url, '--log-file', logFile, '--latency-ms', '1000', '--json'],
        {
          SHIPSHAPE_PUBLIC_API_KEY: appKeys.PUBLIC_API_KEY,
          SHIPSHAPE_ADMIN_API_KEY: appKeys.ADMIN_API_KEY,
          SHIPSHAPE_PREVIOUS_PUBLIC_API_KEY: appKeys.PUBLIC_API_KEY_PREVIOUS,
          SHIPSHAPE_PREVIOUS_ADMIN_API_KEY: appKeys.ADMIN_API_KEY_PREVIOUS,
        },
        'tsx',
      );
      expect(run.stderr).not.toMatch(/shipshape: /);
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report.tool).toBe('shipshape contract');
      expect(report.summary).toEqual({ pass: 16, fail: 0, skip: 0, blocked: 0 });
      for (const key of Object.values(appKeys)) expect(run.stdout + run.stderr).not.toContain(key);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test.concurrent('shipshape with an unknown command exits 2 and lists the commands', async () => {
  const run = await shipshape(['deploy-everything'], {}, 'tsx');
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/unknown command "deploy-everything"/);
  expect(run.stderr).toMatch(/verify/);
  expect(run.stderr).toMatch(/loadtest/);
});
