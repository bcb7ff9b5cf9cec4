import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { createClient } from 'redis';
import { RotationError } from '../shared/errors';

export interface CacheEndpoint {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /** PEM CA bundle; only tests set it (ElastiCache certificates chain to a public CA). */
  readonly caFile?: string;
  readonly connectTimeoutMs: number;
}

/** Reads CACHE_HOST, CACHE_PORT, CACHE_TLS, CACHE_CA_FILE; names every problem at once. */
export function cacheEndpointFromEnv(env: NodeJS.ProcessEnv): CacheEndpoint {
  const problems: string[] = [];
  const host = env.CACHE_HOST ?? '';
  if (host === '') problems.push('CACHE_HOST must be set');
  const port = Number(env.CACHE_PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push('CACHE_PORT must be a port number');
  const tlsRaw = env.CACHE_TLS ?? 'true';
  if (tlsRaw !== 'true' && tlsRaw !== 'false') problems.push("CACHE_TLS must be 'true' or 'false'");
  if (problems.length > 0) throw new RotationError(`Invalid configuration: ${problems.join('; ')}`);
  return {
    host,
    port,
    tls: tlsRaw === 'true',
    ...(env.CACHE_CA_FILE ? { caFile: env.CACHE_CA_FILE } : {}),
    connectTimeoutMs: 5_000,
  };
}

/**
 * Logs in as `username` with `password` and runs PING. Throws a RotationError naming `label`
 * (never the password) when the server refuses. No reconnects: one clean attempt per call.
 */
export async function proveLogin(
  endpoint: CacheEndpoint,
  username: string,
  password: string,
  label: string,
): Promise<void> {
  const socket = endpoint.tls
    ? {
        host: endpoint.host,
        port: endpoint.port,
        tls: true as const,
        ...(isIP(endpoint.host) === 0 ? { servername: endpoint.host } : {}),
        ...(endpoint.caFile !== undefined ? { ca: readFileSync(endpoint.caFile) } : {}),
        connectTimeout: endpoint.connectTimeoutMs,
        reconnectStrategy: false as const,
      }
    : {
        host: endpoint.host,
        port: endpoint.port,
        connectTimeout: endpoint.connectTimeoutMs,
        reconnectStrategy: false as const,
      };
  const client = createClient({ socket, username, password });
  // node-redis emits connection errors as events too; the rejected connect() below reports them.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const pong = await client.ping();
    if (pong !== 'PONG') throw new RotationError(`${label}: unexpected PING reply`);
  } catch (err) {
    if (err instanceof RotationError) throw err;
    throw new RotationError(`${label} password was refused by the cache: ${(err as Error).name}`);
  } finally {
    if (client.isOpen) client.destroy();
  }
}
