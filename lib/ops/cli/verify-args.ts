import { readFileSync } from 'node:fs';
import { ALL_FAMILIES, CheckFamily, VerifyOptions, WebSocketOptions } from '../verify/types';
import { UsageError, durationFlag, parseFlags, intFlag, pathFlag, secretFlag, urlFlag } from './common';

/** Values bin/ took from the environment (only bin/ reads process.env). */
export interface VerifyEnv {
  /** SHIPSHAPE_PUBLIC_API_KEY */
  readonly publicKey?: string;
  /** SHIPSHAPE_ADMIN_API_KEY */
  readonly adminKey?: string;
}

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
  --ca FILE                  PEM CA bundle to trust instead of the system roots (private/staging)
  --public-key KEY           public API key (prefer env SHIPSHAPE_PUBLIC_API_KEY: flags show in ps)
  --admin-key KEY            admin API key (prefer env SHIPSHAPE_ADMIN_API_KEY)
  --api-key-header NAME      header carrying the key (default X-API-KEY)
  --protected-path PATH      path that needs the public key (default /analyze)
  --protected-method METHOD  (default POST)
  --protected-body JSON      (default {"message_content":"test"})
  --admin-path PATH          admin path, repeatable (default /config and /stats)
  --config-path PATH         path whose output must hold no key (default /config)
  --health-path PATH         health path, repeatable (default /api/health and /api/health/db; / always)
  --latency-ms N             latency target for / and health paths (default 200)
  --min-cert-days N          certificate must be valid longer than N days (default 30)
  --origin ORIGIN            an origin the API must not trust (default https://evil.example)
  --websocket-path PATH      open wss://<host>PATH, expect an answer to a message, hold it idle,
                             expect an answer again (off by default; DOCK-06)
  --websocket-message TEXT   the message sent (default shipshape-verify)
  --websocket-hold DURATION  idle time to survive, e.g. 65s or 2m (default 65s: past the ALB's
                             default 60 s idle timeout; use more than edge.idleTimeoutSeconds)
  --check-rate-limit         send a bounded burst and expect 429 with Retry-After (off by default)
  --rate-limit-requests N    at most N requests in the burst (default 300, max 5000)
  --rate-limit-seconds N     at most N seconds of burst (default 30, max 300)
  --rate-limit-path PATH     (default /)
  --timeout-ms N             per-request timeout (default 10000)
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
  const v = parseFlags({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      url: { type: 'string' },
      'http-url': { type: 'string' },
      ca: { type: 'string' },
      'public-key': { type: 'string' },
      'admin-key': { type: 'string' },
      'api-key-header': { type: 'string' },
      'protected-path': { type: 'string' },
      'protected-method': { type: 'string' },
      'protected-body': { type: 'string' },
      'admin-path': { type: 'string', multiple: true },
      'config-path': { type: 'string' },
      'health-path': { type: 'string', multiple: true },
      'latency-ms': { type: 'string' },
      'min-cert-days': { type: 'string' },
      origin: { type: 'string' },
      'check-rate-limit': { type: 'boolean' },
      'rate-limit-requests': { type: 'string' },
      'rate-limit-seconds': { type: 'string' },
      'rate-limit-path': { type: 'string' },
      'websocket-path': { type: 'string' },
      'websocket-message': { type: 'string' },
      'websocket-hold': { type: 'string' },
      'timeout-ms': { type: 'string' },
      only: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) return 'help';
  const url = urlFlag('url', v.url, ['https:']);
  if (!url) throw new UsageError('--url is required (the HTTPS base URL of the deployed API)');
  const httpUrl = urlFlag('http-url', v['http-url'], ['http:']) ?? defaultHttpUrl(url);

  let ca: string | undefined;
  if (v.ca !== undefined) {
    try {
      ca = readFile(v.ca);
    } catch (error) {
      throw new UsageError(`--ca ${v.ca}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----'))
      throw new UsageError(`--ca ${v.ca} holds no PEM certificate`);
  }

  const only = v.only?.map((f) => {
    if (!(ALL_FAMILIES as readonly string[]).includes(f)) {
      throw new UsageError(`--only must be one of ${ALL_FAMILIES.join(', ')}, got "${f}"`);
    }
    return f as CheckFamily;
  });

  const publicKey = secretFlag('public-key', v['public-key'] ?? env.publicKey);
  const adminKey = secretFlag('admin-key', v['admin-key'] ?? env.adminKey);
  if (publicKey !== undefined && publicKey === adminKey) {
    throw new UsageError(
      '--public-key and --admin-key are the same value; the admin checks would prove nothing',
    );
  }
  const protectedBody = v['protected-body'] ?? '{"message_content":"test"}';
  const headerName = v['api-key-header'] ?? 'X-API-KEY';
  if (!/^[A-Za-z0-9-]+$/.test(headerName))
    throw new UsageError(`--api-key-header is not a header name: "${headerName}"`);

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
    url,
    httpUrl,
    ...(ca === undefined ? {} : { ca }),
    latencyMs: intFlag('latency-ms', v['latency-ms'], 200, { min: 1, max: 60_000 }),
    healthPaths: (v['health-path'] ?? ['/api/health', '/api/health/db']).map((p) =>
      pathFlag('health-path', p),
    ),
    minCertDays: intFlag('min-cert-days', v['min-cert-days'], 30, { min: 0, max: 825 }),
    disallowedOrigin: urlFlag('origin', v.origin, ['https:', 'http:'])?.origin ?? 'https://evil.example',
    apiKeys: {
      headerName,
      ...(publicKey === undefined ? {} : { publicKey }),
      ...(adminKey === undefined ? {} : { adminKey }),
      protectedMethod: (v['protected-method'] ?? 'POST').toUpperCase(),
      protectedPath: pathFlag('protected-path', v['protected-path'] ?? '/analyze'),
      protectedBody,
      adminPaths: (v['admin-path'] ?? ['/config', '/stats']).map((p) => pathFlag('admin-path', p)),
      configPath: pathFlag('config-path', v['config-path'] ?? '/config'),
    },
    rateLimit: {
      enabled: v['check-rate-limit'] ?? false,
      maxRequests: intFlag('rate-limit-requests', v['rate-limit-requests'], 300, { min: 1, max: 5000 }),
      maxSeconds: intFlag('rate-limit-seconds', v['rate-limit-seconds'], 30, { min: 1, max: 300 }),
      path: pathFlag('rate-limit-path', v['rate-limit-path'] ?? '/'),
      concurrency: 10,
    },
    ...(websocket === undefined ? {} : { websocket }),
    timeoutMs: intFlag('timeout-ms', v['timeout-ms'], 10_000, { min: 100, max: 120_000 }),
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
