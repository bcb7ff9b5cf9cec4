import { performance } from 'node:perf_hooks';
import { apiKeyChecks } from './api-keys';
import { corsChecks } from './cors';
import { errorChecks } from './errors';
import { headerChecks } from './headers';
import { healthChecks } from './health';
import { HttpProbe } from './http';
import { rateLimitChecks } from './rate-limit';
import { redirectChecks } from './redirect';
import { Redactor, secretsOf } from './redact';
import { certificateBlocker, tlsChecks } from './tls';
import {
  ALL_FAMILIES,
  CheckFamily,
  CheckResult,
  NamedSecret,
  VerifyOptions,
  VerifyReport,
  VerifySummary,
} from './types';
import { websocketChecks } from './websocket';

export interface VerifyHooks {
  /** Called after each check, already redacted: the CLI prints progress with it. */
  readonly onCheck?: (result: CheckResult) => void;
}

/** One family's checks, run in order. */
export type FamilyRun = readonly [CheckFamily, () => Promise<CheckResult[]>];

/** What {@link runFamilies} reports besides the checks. */
export interface RunHeader {
  readonly tool: VerifyReport['tool'];
  readonly url: string;
  readonly secrets: readonly NamedSecret[];
}

export function summarizeChecks(checks: readonly CheckResult[]): VerifySummary {
  const count = (status: CheckResult['status']): number => checks.filter((c) => c.status === status).length;
  return { pass: count('PASS'), fail: count('FAIL'), skip: count('SKIP'), blocked: count('BLOCKED') };
}

/**
 * Runs the families in the order given, redacts every result before anyone sees it, and returns
 * the report. `ok` is false when any check failed or was blocked. Shared by `verify` and
 * `contract`, which differ only in the families they run.
 */
export async function runFamilies(
  header: RunHeader,
  families: readonly FamilyRun[],
  hooks: VerifyHooks = {},
): Promise<VerifyReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const redactor = new Redactor(header.secrets);
  const checks: CheckResult[] = [];
  for (const [, run] of families) {
    for (const result of await run()) {
      const clean = redactor.check(result);
      checks.push(clean);
      hooks.onCheck?.(clean);
    }
  }
  const summary = summarizeChecks(checks);
  return redactor.report({
    tool: header.tool,
    url: header.url,
    startedAt,
    durationMs: Math.round(performance.now() - started),
    ok: summary.fail === 0 && summary.blocked === 0,
    summary,
    checks,
  });
}

/**
 * Runs the wanted families in a fixed order, rate limiting last (its burst must not throttle the
 * other checks). One strict TLS handshake first: when the certificate is refused (expired, wrong
 * name, untrusted chain), every HTTPS check is BLOCKED by that one cause, which tls.certificate
 * reports, instead of failing one by one on the same error.
 */
export async function runVerify(options: VerifyOptions, hooks: VerifyHooks = {}): Promise<VerifyReport> {
  const wanted = new Set<CheckFamily>(options.only ?? ALL_FAMILIES);
  const needsHttps = [...wanted].some((f) => f !== 'tls' && f !== 'redirect');
  const blocked = needsHttps ? await certificateBlocker(options) : undefined;
  const client = new HttpProbe({
    base: options.url,
    timeoutMs: options.timeoutMs,
    ...(options.ca ? { ca: options.ca } : {}),
    ...(blocked ? { blocked } : {}),
  });
  const families: Record<CheckFamily, () => Promise<CheckResult[]>> = {
    tls: () => tlsChecks(options),
    redirect: () => redirectChecks(options),
    headers: () => headerChecks(client),
    health: () => healthChecks(options, client),
    'api-keys': () => apiKeyChecks(options.apiKeys, client),
    errors: () => errorChecks(options.apiKeys, client),
    cors: () => corsChecks(options.disallowedOrigin, options.apiKeys, client),
    websocket: () => websocketChecks(options, client),
    'rate-limit': () => rateLimitChecks(options.rateLimit, client),
    logs: async () => [],
  };
  try {
    return await runFamilies(
      { tool: 'shipshape verify', url: options.url.href, secrets: secretsOf(options.apiKeys) },
      ALL_FAMILIES.filter((f) => wanted.has(f)).map((f) => [f, families[f]] as const),
      hooks,
    );
  } finally {
    client.close();
  }
}
