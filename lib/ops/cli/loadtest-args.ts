import { readFileSync } from 'node:fs';
import { LOADTEST_LIMITS, LoadTestOptions } from '../loadtest/options';
import {
  UsageError,
  parseFlags,
  durationFlag,
  intFlag,
  numberFlag,
  pathFlag,
  secretFlag,
  urlFlag,
} from './common';

/** Values bin/ took from the environment. */
export interface LoadTestEnv {
  /** SHIPSHAPE_PUBLIC_API_KEY */
  readonly key?: string;
}

export interface LoadTestCommandOptions {
  readonly loadtest: LoadTestOptions;
  readonly json: boolean;
}

export const LOADTEST_USAGE = `Usage: shipshape loadtest --url https://api.example.com [options]

Bounded load test (autocannon). Prints requests/s, p50/p90/p99 latency, error and non-2xx rates;
exits 1 when p99 or the error rate breaks its target. Progress goes to stderr.

  --url URL               base URL, http: or https: (required)
  --path PATH             path and query to hit (default /)
  --method METHOD         (default GET)
  --body JSON             request body, sent as application/json
  --duration D            30s, 2m, 1500ms (default 30s, max ${LOADTEST_LIMITS.maxDurationSeconds}s)
  --connections N         concurrent connections (default 10, max ${LOADTEST_LIMITS.maxConnections})
  --key KEY               API key (prefer env SHIPSHAPE_PUBLIC_API_KEY: flags show in ps)
  --key-header NAME       (default X-API-KEY)
  --ca FILE               PEM CA bundle to trust
  --p99 MS                p99 latency target (default 200)
  --max-error-rate R      highest share of failed requests, 0..1 (default 0.001)
  --timeout S             per-request timeout in seconds (default 10)
  --json                  print a JSON report on stdout
  -h, --help              this text

Against an environment behind the WAF rate-based rule, keep the load under the limit (or test
from an allow-listed address): throttled requests count as non-2xx and fail the error-rate gate.
`;

export function parseLoadTestArgs(
  argv: readonly string[],
  env: LoadTestEnv,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): LoadTestCommandOptions | 'help' {
  const v = parseFlags({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      url: { type: 'string' },
      path: { type: 'string' },
      method: { type: 'string' },
      body: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      key: { type: 'string' },
      'key-header': { type: 'string' },
      ca: { type: 'string' },
      p99: { type: 'string' },
      'max-error-rate': { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) return 'help';
  const url = urlFlag('url', v.url, ['https:', 'http:']);
  if (!url) throw new UsageError('--url is required');
  let ca: string | undefined;
  if (v.ca !== undefined) {
    try {
      ca = readFile(v.ca);
    } catch (error) {
      throw new UsageError(`--ca ${v.ca}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (v.body !== undefined) {
    try {
      JSON.parse(v.body);
    } catch {
      throw new UsageError('--body is not valid JSON');
    }
  }
  const key = secretFlag('key', v.key ?? env.key);
  const keyHeader = v['key-header'] ?? 'X-API-KEY';
  if (!/^[A-Za-z0-9-]+$/.test(keyHeader))
    throw new UsageError(`--key-header is not a header name: "${keyHeader}"`);
  const loadtest: LoadTestOptions = {
    url,
    path: pathFlag('path', v.path ?? '/'),
    method: (v.method ?? 'GET').toUpperCase(),
    ...(v.body === undefined ? {} : { body: v.body }),
    durationSeconds: durationFlag('duration', v.duration, 30, {
      min: 1,
      max: LOADTEST_LIMITS.maxDurationSeconds,
    }),
    connections: intFlag('connections', v.connections, 10, { min: 1, max: LOADTEST_LIMITS.maxConnections }),
    ...(key === undefined ? {} : { key }),
    keyHeader,
    ...(ca === undefined ? {} : { ca }),
    p99TargetMs: numberFlag('p99', v.p99, 200, { min: 1, max: 60_000 }),
    maxErrorRate: numberFlag('max-error-rate', v['max-error-rate'], 0.001, { min: 0, max: 1 }),
    timeoutSeconds: intFlag('timeout', v.timeout, 10, { min: 1, max: 120 }),
  };
  return { loadtest, json: v.json ?? false };
}
