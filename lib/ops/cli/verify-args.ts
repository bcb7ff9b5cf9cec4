import { readFileSync } from 'node:fs';
import { ALL_FAMILIES, CheckFamily, VerifyOptions, WebSocketOptions } from '../verify/types';
import { APP_FLAG_OPTIONS, APP_FLAG_USAGE, KeyEnv, appFlags } from './app-flags';
import { UsageError, durationFlag, intFlag, parseFlags, pathFlag, urlFlag } from './common';

/** Values bin/ took from the environment (only bin/ reads process.env). */
export type VerifyEnv = KeyEnv;

export interface VerifyCommandOptions {
  readonly verify: VerifyOptions;
  readonly json: boolean;
}

export const VERIFY_USAGE = `Usage: shipshape verify --url https://api.example.com [options]

Probes a deployed endpoint: TLS, HTTP->HTTPS redirect, security headers, health paths and latency,
API keys, /config secrets, error leaks, CORS, and (opt-in) WebSocket and rate limiting.

Statuses: PASS, FAIL, SKIP (not applicable or opt-in, with the reason), BLOCKED (not run because
of one earlier failure it names: a certificate every HTTPS request would fail on, reported by
tls.certificate as expired, name mismatch or untrusted chain).
Exit codes: 0 nothing FAILED or BLOCKED, 1 otherwise, 2 usage error.

  --url URL                  HTTPS base URL (required)
  --http-url URL             plain-HTTP URL expected to redirect (default: --url with http:, port 80)
${APP_FLAG_USAGE}
  --min-cert-days N          certificate must be valid longer than N days (default 30)
  --websocket-path PATH      open wss://<host>PATH, expect an answer to a message, hold it idle,
                             expect an answer again (off by default; DOCK-06)
  --websocket-message TEXT   the message sent (default shipshape-verify)
  --websocket-hold DURATION  idle time to survive, e.g. 65s or 2m (default 65s: past the ALB's
                             default 60 s idle timeout; use more than edge.idleTimeoutSeconds)
  --check-rate-limit         send a bounded burst and expect 429 with Retry-After (off by default)
  --rate-limit-requests N    at most N requests in the burst (default 300, max 5000)
  --rate-limit-seconds N     at most N seconds of burst (default 30, max 300)
  --rate-limit-path PATH     (default /)
  --only FAMILY              run only these families, repeatable: ${ALL_FAMILIES.join(', ')}
  --json                     print a JSON report on stdout (progress stays off)
  -h, --help                 this text

Keys are never printed: every evidence line is redacted before it is shown.
`;

/** Parses `shipshape verify` arguments into typed options; throws {@link UsageError}. */
export function parseVerifyArgs(
  argv: readonly string[],
  env: VerifyEnv,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): VerifyCommandOptions | 'help' {
  const v = parseFlags(argv, {
    ...APP_FLAG_OPTIONS,
    url: { type: 'string' },
    'http-url': { type: 'string' },
    'min-cert-days': { type: 'string' },
    'check-rate-limit': { type: 'boolean' },
    'rate-limit-requests': { type: 'string' },
    'rate-limit-seconds': { type: 'string' },
    'rate-limit-path': { type: 'string' },
    'websocket-path': { type: 'string' },
    'websocket-message': { type: 'string' },
    'websocket-hold': { type: 'string' },
    only: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (v.help) return 'help';
  const url = urlFlag('url', v.url, ['https:']);
  if (!url) throw new UsageError('--url is required (the HTTPS base URL of the deployed API)');
  const httpUrl = urlFlag('http-url', v['http-url'], ['http:']) ?? defaultHttpUrl(url);
  const shared = appFlags(v, env, readFile);

  const only = v.only?.map((f) => {
    if (!(ALL_FAMILIES as readonly string[]).includes(f)) {
      throw new UsageError(`--only must be one of ${ALL_FAMILIES.join(', ')}, got "${f}"`);
    }
    return f as CheckFamily;
  });

  if (v['websocket-path'] === undefined && (v['websocket-message'] ?? v['websocket-hold']) !== undefined)
    throw new UsageError('--websocket-message and --websocket-hold need --websocket-path');
  const websocket: WebSocketOptions | undefined =
    v['websocket-path'] === undefined
      ? undefined
      : {
          path: pathFlag('websocket-path', v['websocket-path']),
          message: v['websocket-message'] || 'shipshape-verify',
          holdSeconds: durationFlag('websocket-hold', v['websocket-hold'], 65, { min: 1, max: 3600 }),
        };

  const verify: VerifyOptions = {
    ...shared,
    url,
    httpUrl,
    minCertDays: intFlag('min-cert-days', v['min-cert-days'], 30, { min: 0, max: 825 }),
    rateLimit: {
      enabled: v['check-rate-limit'] ?? false,
      maxRequests: intFlag('rate-limit-requests', v['rate-limit-requests'], 300, { min: 1, max: 5000 }),
      maxSeconds: intFlag('rate-limit-seconds', v['rate-limit-seconds'], 30, { min: 1, max: 300 }),
      path: pathFlag('rate-limit-path', v['rate-limit-path'] ?? '/'),
      concurrency: 10,
    },
    ...(websocket === undefined ? {} : { websocket }),
    ...(only === undefined ? {} : { only }),
  };
  return { verify, json: v.json ?? false };
}

/** The same host over plain HTTP on port 80, where the ALB's redirect listener answers. */
export function defaultHttpUrl(url: URL): URL {
  const http = new URL(url.href);
  http.protocol = 'http:';
  http.port = '';
  return http;
}
