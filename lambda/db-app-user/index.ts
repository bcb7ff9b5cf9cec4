/**
 * CloudFormation custom resource (CDK Provider framework, onEvent) that creates and maintains the
 * least-privilege application user of an RDS PostgreSQL database. See ./sql.ts for the SQL.
 *
 * Create/Update: read the master secret and the app-user secret (and the migrator secret, if any),
 * connect to the database over verified TLS as the master user, provision, return the base username
 * as PhysicalResourceId. Delete: keep the roles unless DropOnDelete is "true" (see onDelete).
 *
 * Secret values never reach a log line, an error message or CloudFormation: every message that leaves
 * this module passes through redact(), and passwords reach PostgreSQL only as SCRAM verifiers.
 */
import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CdkCustomResourceEvent, CdkCustomResourceResponse, Context } from 'aws-lambda';
import { Client, type ClientConfig } from 'pg';
import {
  type AppUserSpec,
  assertValidSpec,
  baseUsername,
  type Credentials,
  defaultReadWriteRole,
  dropAppUser,
  provisionAppUser,
} from './sql';

const logger = new Logger({ serviceName: 'db-app-user' });
const secretsManager = new SecretsManagerClient({});

/** Default CA bundle: every Amazon CA, RDS included, shipped by the Node.js 20+ Lambda runtimes. */
export const LAMBDA_RUNTIME_CA_BUNDLE = '/var/runtime/ca-cert.pem';

/** Resource properties, as CloudFormation delivers them (all strings). */
export interface AppUserResourceProperties {
  readonly MasterSecretArn: string;
  readonly AppUserSecretArn: string;
  /** Secret of a dedicated migrator role that owns the schema; absent: the master user owns it. */
  readonly MigratorSecretArn?: string;
  readonly Host: string;
  readonly Port: string;
  readonly DatabaseName: string;
  readonly SchemaName: string;
  readonly ReadWriteRoleName?: string;
  readonly ConnectionLimit?: string;
  readonly MigratorConnectionLimit?: string;
  /** Hash of the generated SQL: its only job is to change when the SQL does, forcing an Update. */
  readonly SqlFingerprint?: string;
  /** "true" drops the app user, clone and group role on Delete. Anything else keeps them. */
  readonly DropOnDelete?: string;
}

type Event = CdkCustomResourceEvent<AppUserResourceProperties & { ServiceToken: string }>;
type DeleteEvent = Extract<Event, { RequestType: 'Delete' }>;

/** Parsed, validated properties. */
export interface ParsedProperties {
  readonly masterSecretArn: string;
  readonly appUserSecretArn: string;
  readonly migratorSecretArn?: string;
  readonly host: string;
  readonly port: number;
  readonly databaseName: string;
  readonly schemaName: string;
  readonly readWriteRoleName: string;
  readonly connectionLimit: number;
  readonly migratorConnectionLimit: number;
  readonly dropOnDelete: boolean;
}

/** Validates the properties, reporting every problem at once. */
export function parseProperties(props: Partial<AppUserResourceProperties>): ParsedProperties {
  const problems: string[] = [];
  const required = (key: keyof AppUserResourceProperties): string => {
    const value = props[key];
    if (typeof value !== 'string' || value.length === 0) {
      problems.push(`${key} is required`);
      return '';
    }
    return value;
  };
  const integer = (key: keyof AppUserResourceProperties, fallback: number): number => {
    const raw = props[key];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value)) problems.push(`${key} must be an integer, got "${String(raw)}"`);
    return value;
  };
  const masterSecretArn = required('MasterSecretArn');
  const appUserSecretArn = required('AppUserSecretArn');
  const host = required('Host');
  const databaseName = required('DatabaseName');
  const schemaName = props.SchemaName || 'app';
  const port = integer('Port', 5432);
  if (Number.isInteger(port) && (port < 1 || port > 65535))
    problems.push(`Port must be 1-65535, got ${port}`);
  const dropOnDelete = props.DropOnDelete ?? 'false';
  if (dropOnDelete !== 'true' && dropOnDelete !== 'false') {
    problems.push(`DropOnDelete must be "true" or "false", got "${dropOnDelete}"`);
  }
  const parsed: ParsedProperties = {
    masterSecretArn,
    appUserSecretArn,
    ...(props.MigratorSecretArn ? { migratorSecretArn: props.MigratorSecretArn } : {}),
    host,
    port,
    databaseName,
    schemaName,
    readWriteRoleName: props.ReadWriteRoleName || defaultReadWriteRole(schemaName),
    connectionLimit: integer('ConnectionLimit', 100),
    migratorConnectionLimit: integer('MigratorConnectionLimit', 5),
    dropOnDelete: dropOnDelete === 'true',
  };
  if (problems.length > 0) throw new Error(`Invalid resource properties:\n- ${problems.join('\n- ')}`);
  return parsed;
}

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

/** Replaces every occurrence of any secret in a message. */
export function redact(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join('***');
  }
  return out;
}

interface SecretJson {
  readonly username: string;
  readonly password: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

async function readSecret(arn: string, label: string, known: string[]): Promise<SecretJson> {
  const result = await secretsManager.send(new GetSecretValueCommand({ SecretId: arn }));
  if (typeof result.SecretString !== 'string') throw new Error(`${label} secret has no SecretString`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.SecretString);
  } catch {
    // JSON.parse's own message quotes the input: never let it out.
    throw new Error(`${label} secret is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`${label} secret is not a JSON object`);
  const fields = parsed as Record<string, unknown>;
  if (typeof fields['password'] === 'string') known.push(fields['password']);
  const missing = ['username', 'password'].filter((k) => typeof fields[k] !== 'string' || fields[k] === '');
  if (missing.length > 0) throw new Error(`${label} secret lacks string field(s): ${missing.join(', ')}`);
  return { username: fields['username'] as string, password: fields['password'] as string, fields };
}

/**
 * Warns (never fails: the rotation is wired separately and may come later) when the app-user secret
 * would not work with AWS's PostgreSQL multi-user rotation function, which requires engine, host,
 * username, password and masterarn, and reads dbname and port when present.
 */
export function rotationShapeWarnings(
  fields: Readonly<Record<string, unknown>>,
  props: ParsedProperties,
): string[] {
  const warnings: string[] = [];
  for (const key of ['engine', 'host', 'masterarn']) {
    if (typeof fields[key] !== 'string')
      warnings.push(`app user secret has no "${key}" (multi-user rotation needs it)`);
  }
  if (
    fields['engine'] !== undefined &&
    fields['engine'] !== 'postgres' &&
    fields['engine'] !== 'aurora-postgresql'
  ) {
    warnings.push('app user secret engine is neither "postgres" nor "aurora-postgresql"');
  }
  if (fields['dbname'] !== undefined && fields['dbname'] !== props.databaseName) {
    warnings.push(`app user secret dbname differs from DatabaseName "${props.databaseName}"`);
  }
  return warnings;
}

function specFor(
  props: ParsedProperties,
  appUser: Credentials,
  master: Credentials,
  migrator?: Credentials,
): AppUserSpec {
  return {
    databaseName: props.databaseName,
    schemaName: props.schemaName,
    username: baseUsername(appUser.username),
    readWriteRole: props.readWriteRoleName,
    schemaOwner: migrator ? migrator.username : master.username,
    connectionLimit: props.connectionLimit,
    migratorConnectionLimit: props.migratorConnectionLimit,
  };
}

async function withMasterConnection<T>(
  props: ParsedProperties,
  master: Credentials,
  work: (client: Client) => Promise<T>,
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
  client.on('error', (error) => logger.warn('database connection error', { message: error.message }));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function onCreateOrUpdate(event: Event, known: string[]): Promise<CdkCustomResourceResponse> {
  const props = parseProperties(event.ResourceProperties);
  const master = await readSecret(props.masterSecretArn, 'master', known);
  const appUser = await readSecret(props.appUserSecretArn, 'app user', known);
  const migrator = props.migratorSecretArn
    ? await readSecret(props.migratorSecretArn, 'migrator', known)
    : undefined;
  for (const warning of rotationShapeWarnings(appUser.fields, props)) logger.warn(warning);

  const spec = specFor(props, appUser, master, migrator);
  assertValidSpec(spec, master.username);
  logger.info('provisioning app user', {
    requestType: event.RequestType,
    host: props.host,
    port: props.port,
    databaseName: spec.databaseName,
    schemaName: spec.schemaName,
    username: spec.username,
    secretUsername: appUser.username,
    readWriteRole: spec.readWriteRole,
    schemaOwner: spec.schemaOwner,
    connectionLimit: spec.connectionLimit,
  });
  const result = await withMasterConnection(props, master, (client) =>
    provisionAppUser(client, {
      spec,
      appUser,
      ...(migrator ? { migrator } : {}),
      onStatement: (text) => logger.debug('sql', { statement: text }),
    }),
  );
  logger.info('app user provisioned', {
    username: spec.username,
    createdRoles: result.createdRoles,
    statements: result.statements.length,
  });
  return {
    PhysicalResourceId: spec.username,
    Data: {
      Username: spec.username,
      ReadWriteRole: spec.readWriteRole,
      SchemaName: spec.schemaName,
      SchemaOwner: spec.schemaOwner,
    },
  };
}

async function onDelete(event: DeleteEvent, known: string[]): Promise<CdkCustomResourceResponse> {
  const physicalResourceId = event.PhysicalResourceId;
  const dropOnDelete = event.ResourceProperties.DropOnDelete === 'true';
  if (!dropOnDelete) {
    // RETAIN: the running application (and its rotation clone) log in as this role, and the group
    // role holds every grant; dropping them on a stack delete or a resource replacement would cut
    // the app off, and DROP ROLE fails anyway while the role holds privileges. Removal is a
    // deliberate manual step (or DropOnDelete=true in throwaway environments).
    logger.info('keeping database roles on delete', { physicalResourceId });
    return { PhysicalResourceId: physicalResourceId };
  }
  const props = parseProperties(event.ResourceProperties);
  const master = await readSecret(props.masterSecretArn, 'master', known);
  const appUser = await readSecret(props.appUserSecretArn, 'app user', known);
  const migrator = props.migratorSecretArn
    ? await readSecret(props.migratorSecretArn, 'migrator', known)
    : undefined;
  const spec = specFor(props, appUser, master, migrator);
  if (spec.username !== physicalResourceId) {
    // A failed Create (the framework's placeholder id) or a replaced resource: not ours to drop.
    logger.info('physical id is not the current app user, nothing to drop', {
      physicalResourceId,
      username: spec.username,
    });
    return { PhysicalResourceId: physicalResourceId };
  }
  const dropped = await withMasterConnection(props, master, (client) =>
    dropAppUser(client, spec, (text) => logger.debug('sql', { statement: text })),
  );
  logger.info('app user dropped', { username: spec.username, statements: dropped.length });
  return { PhysicalResourceId: physicalResourceId };
}

export async function handler(event: Event, context?: Context): Promise<CdkCustomResourceResponse> {
  if (context) logger.addContext(context);
  logger.info('event', {
    requestType: event.RequestType,
    logicalResourceId: event.LogicalResourceId,
    physicalResourceId: event.RequestType === 'Create' ? undefined : event.PhysicalResourceId,
  });
  const known: string[] = [];
  try {
    return event.RequestType === 'Delete'
      ? await onDelete(event, known)
      : await onCreateOrUpdate(event, known);
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = redact(error instanceof Error ? error.message : String(error), known);
    const code =
      typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
    logger.error('app user provisioning failed', { errorName: name, errorMessage: message, code });
    // A fresh error: the original's stack, cause and driver fields could carry what we redacted.
    throw new Error(`${name}: ${message}`);
  }
}
