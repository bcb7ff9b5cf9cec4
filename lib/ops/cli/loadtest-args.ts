import { readFileSync } from 'node:fs';
import { LOADTEST_LIMITS, LoadTestOptions, SoakOptions } from '../loadtest/options';
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

Bounded load test. Each connection is one keep-alive connection with one request in flight (a
closed loop, as wrk runs); each request is timed from its own write to the end of its own response,
and a reconnect after the server closed a connection is timed apart (connect time), never charged to
a request. Prints requests/s, p50/p90/p99 latency, reconnects, errors by code, error and non-2xx
rates, and how busy the load generator itself was (a WARNING when its CPU or event-loop delay says
the figures are overstated). Progress goes to stderr.

Soak (--soak --rate N/s --duration 30m): an open loop at a steady rate for a long run; reports p50
and p99, errors and reconnects per tenth of the run and the latency drift from the first tenth to
the last (a leak shows as drift); --max-drift P fails the run when p50 or p99 rose more than P%.

TLS certificates are always verified, against --ca when given.
Exit codes: 0 every gate passed, 1 a gate failed (p99, error rate, drift), 2 usage error.

  --url URL               base URL, http: or https: (required)
  --path PATH             path and query to hit (default /)
  --method METHOD         (default GET)
  --body JSON             request body, sent as application/json
  --duration D            30s, 2m, 1500ms (default 30s, max ${LOADTEST_LIMITS.maxDurationSeconds}s; soak max ${LOADTEST_LIMITS.maxSoakSeconds / 3600}h)
  --connections N         concurrent connections (default 10, max ${LOADTEST_LIMITS.maxConnections})
  --key KEY               API key (prefer env SHIPSHAPE_PUBLIC_API_KEY: flags show in ps)
  --key-header NAME       (default X-API-KEY)
  --ca FILE               PEM CA bundle to trust instead of the system roots
  --soak                  steady-rate soak (needs --rate; default duration 30m)
  --rate N                soak: requests per second, e.g. 50 or 50/s (max ${LOADTEST_LIMITS.maxRatePerSecond})
  --max-drift P           soak: fail when p50 or p99 of the last tenth is more than P% above the first
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
  const v = parseFlags(argv, {
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
    soak: { type: 'boolean' },
    rate: { type: 'string' },
    'max-drift': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
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
  const soak = soakFlags(v.soak === true, v.rate, v['max-drift']);
  const key = secretFlag('key', v.key ?? env.key);
  const keyHeader = v['key-header'] ?? 'X-API-KEY';
  if (!/^[A-Za-z0-9-]+$/.test(keyHeader))
    throw new UsageError(`--key-header is not a header name: "${keyHeader}"`);
  const loadtest: LoadTestOptions = {
    url,
    path: pathFlag('path', v.path ?? '/'),
    method: (v.method ?? 'GET').toUpperCase(),
    ...(v.body === undefined ? {} : { body: v.body }),
    durationSeconds: durationFlag('duration', v.duration, soak ? 1800 : 30, {
      min: 1,
      max: soak ? LOADTEST_LIMITS.maxSoakSeconds : LOADTEST_LIMITS.maxDurationSeconds,
    }),
    connections: intFlag('connections', v.connections, 10, { min: 1, max: LOADTEST_LIMITS.maxConnections }),
    ...(key === undefined ? {} : { key }),
    keyHeader,
    ...(ca === undefined ? {} : { ca }),
    p99TargetMs: numberFlag('p99', v.p99, 200, { min: 1, max: 60_000 }),
    maxErrorRate: numberFlag('max-error-rate', v['max-error-rate'], 0.001, { min: 0, max: 1 }),
    timeoutSeconds: intFlag('timeout', v.timeout, 10, { min: 1, max: 120 }),
    ...(soak === undefined ? {} : { soak }),
  };
  return { loadtest, json: v.json ?? false };
}

/** `--soak --rate N[/s] [--max-drift P]`; --rate and --max-drift mean nothing without --soak. */
function soakFlags(
  soak: boolean,
  rate: string | undefined,
  maxDrift: string | undefined,
): SoakOptions | undefined {
  if (!soak) {
    if (rate !== undefined || maxDrift !== undefined)
      throw new UsageError('--rate and --max-drift apply to --soak only');
    return undefined;
  }
  if (rate === undefined) throw new UsageError('--soak needs --rate N (requests per second)');
  const ratePerSecond = numberFlag('rate', rate.replace(/\s*\/\s*s$/, ''), 0, {
    min: 0.1,
    max: LOADTEST_LIMITS.maxRatePerSecond,
  });
  return {
    ratePerSecond,
    ...(maxDrift === undefined
      ? {}
      : { maxDriftPercent: numberFlag('max-drift', maxDrift.replace(/%$/, ''), 0, { min: 0, max: 10_000 }) }),
  };
}
