/** How the provisioner reaches PostgreSQL: TLS verified against a CA bundle, as the master user. */
import { readFileSync } from 'node:fs';
import { Client, type ClientConfig } from 'pg';
import type { ParsedProperties } from './properties';
import type { Credentials } from './spec';

/** Default CA bundle: every Amazon CA, RDS included, shipped by the Node.js 20+ Lambda runtimes. */
export const LAMBDA_RUNTIME_CA_BUNDLE = '/var/runtime/ca-cert.pem';

/** TLS options from the environment: verified against a CA bundle, unless explicitly disabled. */
export function tlsFromEnvironment(env: NodeJS.ProcessEnv = process.env): ClientConfig['ssl'] {
  const mode = env['DB_TLS_VERIFY'] ?? 'verify-full';
  if (mode === 'verify-full') {
    const caFile = env['DB_CA_BUNDLE_PATH'] || LAMBDA_RUNTIME_CA_BUNDLE;
    // Checks the chain and the host name (Node's checkServerIdentity), like libpq's verify-full.
    return { rejectUnauthorized: true, ca: readFileSync(caFile, 'utf8') };
  }
  if (mode === 'no-verify') {
    // Still encrypted; only for local experiments. Never the construct's setting.
    return { rejectUnauthorized: false };
  }
  throw new Error(`DB_TLS_VERIFY must be "verify-full" or "no-verify", got "${mode}"`);
}

/**
 * Runs `work` on a connection to the target database as the master user, closed afterwards.
 * `onError` hears connection errors that arrive when no query is waiting (they must not crash
 * the process).
 */
export async function withMasterConnection<T>(
  props: ParsedProperties,
  master: Credentials,
  work: (client: Client) => Promise<T>,
  onError: (error: Error) => void,
): Promise<T> {
  const client = new Client({
    host: props.host,
    port: props.port,
    database: props.databaseName,
    user: master.username,
    password: master.password,
    ssl: tlsFromEnvironment(),
    application_name: 'shipshape-db-app-user',
    connectionTimeoutMillis: 15_000,
    statement_timeout: 30_000,
    lock_timeout: 20_000,
  });
  // An idle-connection error after the work is done must not crash the process.
  client.on('error', onError);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
