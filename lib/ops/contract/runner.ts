import { apiKeyChecks } from '../verify/api-keys';
import { corsChecks } from '../verify/cors';
import { errorChecks } from '../verify/errors';
import { healthChecks } from '../verify/health';
import { HttpProbe } from '../verify/http';
import { secretsOf } from '../verify/redact';
import { FamilyRun, VerifyHooks, runFamilies } from '../verify/runner';
import { ApiKeyOptions, VerifyReport } from '../verify/types';
import { LogOptions, logChecks, logOffset } from './logs';
import { previousKeyChecks } from './previous-keys';

/** What `shipshape contract` checks: the app-contract items a local container must honour. */
export interface ContractOptions {
  /** The container's base URL, e.g. http://127.0.0.1:8000 (https: with --ca works too). */
  readonly url: URL;
  readonly ca?: string;
  readonly apiKeys: ApiKeyOptions;
  /** @default ['/api/health', '/api/health/db'] (plus `/`, always) */
  readonly healthPaths: readonly string[];
  /** @default 200 */
  readonly latencyMs: number;
  /** @default 'https://evil.example' */
  readonly disallowedOrigin: string;
  /** @default 10000 */
  readonly timeoutMs: number;
  /** The container's log file and the alarm patterns. @default - the logs family is skipped */
  readonly log?: LogOptions;
}

/**
 * Runs the verify families that are the app's job (health, api-keys with the previous keys,
 * errors, cors) against a container on this machine, then reads its log. TLS, the redirect and
 * the security headers are the ALB's job and left out. Same check ids, same evidence, same
 * redaction as `verify`.
 */
export async function runContract(options: ContractOptions, hooks: VerifyHooks = {}): Promise<VerifyReport> {
  const offset = options.log ? logOffset(options.log.file) : 0;
  const client = new HttpProbe({
    base: options.url,
    timeoutMs: options.timeoutMs,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
  });
  const secrets = secretsOf(options.apiKeys);
  const families: FamilyRun[] = [
    ['health', () => healthChecks(options, client)],
    [
      'api-keys',
      async () => [
        ...(await apiKeyChecks(options.apiKeys, client)),
        ...(await previousKeyChecks(options.apiKeys, client)),
      ],
    ],
    ['errors', () => errorChecks(options.apiKeys, client)],
    ['cors', () => corsChecks(options.disallowedOrigin, options.apiKeys, client)],
    ['logs', () => logChecks(options.log, offset, secrets)],
  ];
  try {
    return await runFamilies({ tool: 'shipshape contract', url: options.url.href, secrets }, families, hooks);
  } finally {
    client.close();
  }
}
