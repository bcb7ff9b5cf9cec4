import { ApiKeyOptions } from '../verify/types';
import { UsageError, intFlag, pathFlag, secretFlag, urlFlag } from './common';

/**
 * The flags `verify` and `contract` share: the API's keys, paths, health paths, latency target,
 * disallowed origin, timeout and CA. One definition, so both commands read them the same way.
 */
export const APP_FLAG_OPTIONS = {
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
  origin: { type: 'string' },
  'timeout-ms': { type: 'string' },
} as const;

/** The usage lines of {@link APP_FLAG_OPTIONS}. */
export const APP_FLAG_USAGE = `  --ca FILE                  PEM CA bundle to trust instead of the system roots (private/staging)
  --public-key KEY           public API key (prefer env SHIPSHAPE_PUBLIC_API_KEY: flags show in ps)
  --admin-key KEY            admin API key (prefer env SHIPSHAPE_ADMIN_API_KEY)
  --api-key-header NAME      header carrying the key (default X-API-KEY)
  --protected-path PATH      path that needs the public key (default /analyze)
  --protected-method METHOD  (default POST)
  --protected-body JSON      (default {"message_content":"test"})
  --admin-path PATH          admin path, repeatable (default /config and /stats)
  --config-path PATH         path whose output must hold no secret (default /config)
  --health-path PATH         health path, repeatable (default /api/health and /api/health/db; / always)
  --latency-ms N             latency target for / and health paths (default 200)
  --origin ORIGIN            an origin the API must not trust (default https://evil.example)
  --timeout-ms N             per-request timeout (default 10000)`;

/** The values of {@link APP_FLAG_OPTIONS} as `util.parseArgs` returns them. */
export interface AppFlagValues {
  readonly ca?: string;
  readonly 'public-key'?: string;
  readonly 'admin-key'?: string;
  readonly 'api-key-header'?: string;
  readonly 'protected-path'?: string;
  readonly 'protected-method'?: string;
  readonly 'protected-body'?: string;
  readonly 'admin-path'?: string[];
  readonly 'config-path'?: string;
  readonly 'health-path'?: string[];
  readonly 'latency-ms'?: string;
  readonly origin?: string;
  readonly 'timeout-ms'?: string;
}

/** Keys bin/ took from the environment (only bin/ reads process.env). */
export interface KeyEnv {
  /** SHIPSHAPE_PUBLIC_API_KEY */
  readonly publicKey?: string;
  /** SHIPSHAPE_ADMIN_API_KEY */
  readonly adminKey?: string;
}

/** What {@link appFlags} makes of the shared flags. */
export interface AppFlags {
  readonly ca?: string;
  readonly apiKeys: ApiKeyOptions;
  readonly healthPaths: readonly string[];
  readonly latencyMs: number;
  readonly disallowedOrigin: string;
  readonly timeoutMs: number;
}

export function appFlags(
  v: AppFlagValues,
  env: KeyEnv,
  readFile: (path: string) => string,
  previous: { readonly publicKey?: string; readonly adminKey?: string } = {},
): AppFlags {
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
  const publicKey = secretFlag('public-key', v['public-key'] ?? env.publicKey);
  const adminKey = secretFlag('admin-key', v['admin-key'] ?? env.adminKey);
  if (publicKey !== undefined && publicKey === adminKey) {
    throw new UsageError(
      '--public-key and --admin-key are the same value; the admin checks would prove nothing',
    );
  }
  const headerName = v['api-key-header'] ?? 'X-API-KEY';
  if (!/^[A-Za-z0-9-]+$/.test(headerName))
    throw new UsageError(`--api-key-header is not a header name: "${headerName}"`);
  return {
    ...(ca === undefined ? {} : { ca }),
    apiKeys: {
      headerName,
      ...(publicKey === undefined ? {} : { publicKey }),
      ...(adminKey === undefined ? {} : { adminKey }),
      ...(previous.publicKey === undefined ? {} : { previousPublicKey: previous.publicKey }),
      ...(previous.adminKey === undefined ? {} : { previousAdminKey: previous.adminKey }),
      protectedMethod: (v['protected-method'] ?? 'POST').toUpperCase(),
      protectedPath: pathFlag('protected-path', v['protected-path'] ?? '/analyze'),
      protectedBody: v['protected-body'] ?? '{"message_content":"test"}',
      adminPaths: (v['admin-path'] ?? ['/config', '/stats']).map((p) => pathFlag('admin-path', p)),
      configPath: pathFlag('config-path', v['config-path'] ?? '/config'),
    },
    healthPaths: (v['health-path'] ?? ['/api/health', '/api/health/db']).map((p) =>
      pathFlag('health-path', p),
    ),
    latencyMs: intFlag('latency-ms', v['latency-ms'], 200, { min: 1, max: 60_000 }),
    disallowedOrigin: urlFlag('origin', v.origin, ['https:', 'http:'])?.origin ?? 'https://evil.example',
    timeoutMs: intFlag('timeout-ms', v['timeout-ms'], 10_000, { min: 100, max: 120_000 }),
  };
}
