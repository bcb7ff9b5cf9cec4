import { performance } from 'node:perf_hooks';
import { apiKeyChecks } from './api-keys';
import { corsChecks } from './cors';
import { errorChecks } from './errors';
import { headerChecks } from './headers';
import { healthChecks } from './health';
import { HttpProbe } from './http';
import { rateLimitChecks } from './rate-limit';
import { redirectChecks } from './redirect';
import { Redactor } from './redact';
import { tlsChecks } from './tls';
import { ALL_FAMILIES, CheckFamily, CheckResult, NamedSecret, VerifyOptions, VerifyReport } from './types';

export interface VerifyHooks {
  /** Called after each check, already redacted: the CLI prints progress with it. */
  readonly onCheck?: (result: CheckResult) => void;
}

/** The secrets of a run, for the redactor. */
export function secretsOf(options: VerifyOptions): NamedSecret[] {
  const { publicKey, adminKey } = options.apiKeys;
  return [
    ...(publicKey === undefined ? [] : [{ label: 'public-key', value: publicKey }]),
    ...(adminKey === undefined ? [] : [{ label: 'admin-key', value: adminKey }]),
  ];
}

/**
 * Runs the families in a fixed order, rate limiting last (its burst must not throttle the other
 * checks), and returns a redacted report. `ok` is false when any check failed.
 */
export async function runVerify(options: VerifyOptions, hooks: VerifyHooks = {}): Promise<VerifyReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const redactor = new Redactor(secretsOf(options));
  const wanted = new Set<CheckFamily>(options.only ?? ALL_FAMILIES);
  const client = new HttpProbe({
    base: options.url,
    timeoutMs: options.timeoutMs,
    ...(options.ca ? { ca: options.ca } : {}),
  });
  const families: Record<CheckFamily, () => Promise<CheckResult[]>> = {
    tls: () => tlsChecks(options),
    redirect: () => redirectChecks(options),
    headers: () => headerChecks(client),
    health: () => healthChecks(options, client),
    'api-keys': () => apiKeyChecks(options.apiKeys, client),
    errors: () => errorChecks(options.apiKeys, client),
    cors: () => corsChecks(options.disallowedOrigin, options.apiKeys, client),
    'rate-limit': () => rateLimitChecks(options.rateLimit, client),
  };
  const checks: CheckResult[] = [];
  try {
    for (const family of ALL_FAMILIES) {
      if (!wanted.has(family)) continue;
      for (const result of await families[family]()) {
        const clean = redactor.check(result);
        checks.push(clean);
        hooks.onCheck?.(clean);
      }
    }
  } finally {
    client.close();
  }
  const summary = {
    pass: checks.filter((c) => c.status === 'PASS').length,
    fail: checks.filter((c) => c.status === 'FAIL').length,
    skip: checks.filter((c) => c.status === 'SKIP').length,
  };
  return redactor.report({
    tool: 'shipshape verify',
    url: options.url.href,
    startedAt,
    durationMs: Math.round(performance.now() - started),
    ok: summary.fail === 0,
    summary,
    checks,
  });
}
