/**
 * Least-privilege PostgreSQL application user: the SQL, built by pure functions and run in one
 * transaction by {@link provisionAppUser}.
 *
 * Roles (names are examples for schema `app`, user `app`):
 * - `app_rw`  NOLOGIN group role holding every data privilege: USAGE on the schema, SELECT/INSERT/
 *   UPDATE/DELETE on its tables, USAGE/SELECT on its sequences, CONNECT on the database.
 * - `app`     LOGIN, member of `app_rw`, owns nothing, no role attributes beyond LOGIN/INHERIT.
 * - `app_clone` created by AWS's multi-user rotation on its first run (`CREATE ROLE app_clone WITH
 *   LOGIN PASSWORD …; GRANT app TO app_clone`): it inherits `app`, hence `app_rw`, so it is exactly
 *   as privileged as `app`. When it exists we reset its attributes too.
 * - schema owner: the migrator role when one is configured (a LOGIN role used only by the one-off
 *   migration task, which runs the DDL and therefore owns the tables), otherwise the master user.
 *   Default privileges are declared FOR ROLE <owner>, so tables the migrations create later are
 *   readable/writable by `app_rw` without re-running this.
 *
 * Passwords never travel as clear text: they are hashed here into a SCRAM-SHA-256 verifier (what
 * psql's \password does), so even `log_statement = all` on the server records only the verifier.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/** The part of pg's Client this module needs; lets tests pass any client. */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/** What the database should look like. */
export interface AppUserSpec {
  /** Database the app connects to. */
  readonly databaseName: string;
  /** Application schema. */
  readonly schemaName: string;
  /** Base application login role (never the `_clone`). */
  readonly username: string;
  /** NOLOGIN group role that carries the data privileges. */
  readonly readWriteRole: string;
  /** Role that owns the schema and runs DDL: the migrator, or the master user when there is none. */
  readonly schemaOwner: string;
  /** CONNECTION LIMIT of the app user and its clone (-1 = unlimited). */
  readonly connectionLimit: number;
  /** CONNECTION LIMIT of the migrator role. */
  readonly migratorConnectionLimit: number;
}

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** What exists in the cluster before provisioning; read by {@link inspect}. */
export interface ClusterState {
  readonly currentUser: string;
  readonly existingRoles: ReadonlySet<string>;
  /** Existing roles among ours with SUPERUSER, REPLICATION or BYPASSRLS. */
  readonly elevatedRoles: ReadonlySet<string>;
  readonly schemaExists: boolean;
  readonly publicSchemaExists: boolean;
}

/** One statement; `logText` is safe to log (passwords replaced). */
export interface PlannedStatement {
  readonly text: string;
  readonly logText: string;
}

/** The suffix AWS's multi-user rotation appends to create the alternate user. */
export const CLONE_SUFFIX = '_clone';
/** PostgreSQL's NAMEDATALEN - 1. */
export const MAX_IDENTIFIER_BYTES = 63;
const ADVISORY_LOCK_KEY = 7_305_214_091; // arbitrary, fixed: serialises concurrent runs

/**
 * Stated at CREATE ROLE. ALTER ROLE repeats only what a non-superuser may change: PostgreSQL rejects
 * any mention of SUPERUSER, REPLICATION or BYPASSRLS (even NO…) in ALTER ROLE from a non-superuser,
 * and an RDS master user is not one. Those three are checked instead (see planStatements).
 */
const CREATE_ATTRIBUTES = 'NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS';
const ALTER_ATTRIBUTES = 'NOCREATEDB NOCREATEROLE';

/** Quotes an identifier (same rule as pg's escapeIdentifier / PostgreSQL's quote_ident). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a literal (same rule as pg's escapeLiteral / PostgreSQL's quote_literal). */
export function quoteLiteral(value: string): string {
  const body = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
}

/**
 * The alternate username of AWS's multi-user rotation (`get_alt_username`): `<user>_clone` for the
 * base user, the base for the clone.
 */
export function alternateUsername(username: string): string {
  return username.endsWith(CLONE_SUFFIX)
    ? username.slice(0, -CLONE_SUFFIX.length)
    : `${username}${CLONE_SUFFIX}`;
}

/** The base user behind a secret's username, which is the clone after every other rotation. */
export function baseUsername(username: string): string {
  return username.endsWith(CLONE_SUFFIX) ? username.slice(0, -CLONE_SUFFIX.length) : username;
}

/** Default name of the group role for a schema. */
export function defaultReadWriteRole(schemaName: string): string {
  return `${schemaName}_rw`;
}

function byteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/** Collects every problem with a spec (empty when valid). Messages name the field, never a secret. */
export function specProblems(spec: AppUserSpec, masterUsername: string): string[] {
  const problems: string[] = [];
  const checkName = (field: string, value: string, maxBytes = MAX_IDENTIFIER_BYTES) => {
    if (typeof value !== 'string' || value.length === 0) {
      problems.push(`${field} must be a non-empty string`);
      return;
    }
    if (value.includes('\0')) problems.push(`${field} must not contain NUL`);
    if (byteLength(value) > maxBytes) problems.push(`${field} "${value}" is longer than ${maxBytes} bytes`);
    if (/^pg_/i.test(value)) problems.push(`${field} "${value}" uses the reserved prefix pg_`);
  };
  checkName('databaseName', spec.databaseName);
  checkName('schemaName', spec.schemaName);
  // AWS's rotation refuses to clone a user whose name + "_clone" exceeds 63 characters.
  checkName('username', spec.username, MAX_IDENTIFIER_BYTES - CLONE_SUFFIX.length);
  checkName('readWriteRole', spec.readWriteRole);
  checkName('schemaOwner', spec.schemaOwner);
  if (typeof spec.username === 'string' && spec.username.endsWith(CLONE_SUFFIX)) {
    problems.push(
      `username "${spec.username}" must not end with ${CLONE_SUFFIX} (reserved for the rotation clone)`,
    );
  }
  for (const [field, value] of [
    ['schemaName', spec.schemaName],
    ['username', spec.username],
    ['readWriteRole', spec.readWriteRole],
  ] as const) {
    if (/^rds/i.test(value ?? ''))
      problems.push(`${field} "${value}" uses the prefix rds, reserved by Amazon RDS`);
  }
  if (['public', 'information_schema'].includes(spec.schemaName)) {
    problems.push(`schemaName "${spec.schemaName}" is a built-in schema; the app needs its own`);
  }
  const roles: Array<[string, string]> = [
    ['username', spec.username],
    [`username${CLONE_SUFFIX}`, `${spec.username}${CLONE_SUFFIX}`],
    ['readWriteRole', spec.readWriteRole],
  ];
  if (spec.schemaOwner !== masterUsername) roles.push(['schemaOwner', spec.schemaOwner]);
  roles.push(['master user', masterUsername]);
  for (let i = 0; i < roles.length; i++) {
    for (let j = i + 1; j < roles.length; j++) {
      if (roles[i]![1] === roles[j]![1]) {
        problems.push(`${roles[i]![0]} and ${roles[j]![0]} must be different roles (both "${roles[i]![1]}")`);
      }
    }
  }
  for (const [field, value] of [
    ['connectionLimit', spec.connectionLimit],
    ['migratorConnectionLimit', spec.migratorConnectionLimit],
  ] as const) {
    if (!Number.isInteger(value) || (value < 1 && value !== -1)) {
      problems.push(`${field} must be a positive integer or -1 (unlimited), got ${String(value)}`);
    }
  }
  return problems;
}

/** Throws once, listing every problem. */
export function assertValidSpec(spec: AppUserSpec, masterUsername: string): void {
  const problems = specProblems(spec, masterUsername);
  if (problems.length > 0) throw new Error(`Invalid app user specification:\n- ${problems.join('\n- ')}`);
}

/**
 * SCRAM-SHA-256 verifier for a password, in the form PostgreSQL stores and accepts in
 * `ALTER ROLE … PASSWORD '<verifier>'` (RFC 5802/7677; PostgreSQL's scram_build_secret).
 * PostgreSQL SASLprep-normalises non-ASCII passwords before hashing; rather than re-implement
 * SASLprep, only ASCII is accepted (GetRandomPassword, used by Secrets Manager and its rotation
 * functions, only produces printable ASCII).
 */
export function scramSha256Verifier(
  password: string,
  salt: Buffer = randomBytes(16),
  iterations = 4096,
): string {
  if (typeof password !== 'string' || password.length === 0)
    throw new Error('password must be a non-empty string');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  if (!/^[\x01-\x7f]+$/.test(password)) {
    throw new Error('password must be ASCII (as generated by Secrets Manager); non-ASCII needs SASLprep');
  }
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

function stmt(text: string, logText = text): PlannedStatement {
  return { text, logText };
}

function loginRoleStatements(
  role: string,
  exists: boolean,
  connectionLimit: number,
  verifier: string | undefined,
): PlannedStatement[] {
  const out: PlannedStatement[] = [];
  const r = quoteIdent(role);
  // Created bare, then ALTERed, so a re-run resets attributes someone may have changed by hand.
  if (!exists) out.push(stmt(`CREATE ROLE ${r} WITH NOLOGIN ${CREATE_ATTRIBUTES}`));
  out.push(
    stmt(`ALTER ROLE ${r} WITH LOGIN INHERIT ${ALTER_ATTRIBUTES} CONNECTION LIMIT ${connectionLimit}`),
  );
  if (verifier !== undefined) {
    out.push(
      stmt(`ALTER ROLE ${r} WITH PASSWORD ${quoteLiteral(verifier)}`, `ALTER ROLE ${r} WITH PASSWORD '***'`),
    );
  }
  return out;
}

export interface PlanInput {
  readonly spec: AppUserSpec;
  readonly state: ClusterState;
  /** Which login role the app-user secret currently names (base or clone) and its password verifier. */
  readonly appUser: { readonly username: string; readonly verifier: string };
  /** Migrator login and verifier, when the schema owner is a dedicated migrator role. */
  readonly migrator?: { readonly username: string; readonly verifier: string };
}

/**
 * The statements that bring the cluster to the declared state. Pure: same input, same output, so the
 * tests (and the construct's re-run hash) can look at it without a database.
 */
export function planStatements(input: PlanInput): PlannedStatement[] {
  const { spec, state, appUser, migrator } = input;
  const clone = `${spec.username}${CLONE_SUFFIX}`;
  if (appUser.username !== spec.username && appUser.username !== clone) {
    throw new Error(`app user secret names "${appUser.username}", expected "${spec.username}" or "${clone}"`);
  }
  if (migrator !== undefined && migrator.username !== spec.schemaOwner) {
    throw new Error(
      `migrator secret names "${migrator.username}", expected schema owner "${spec.schemaOwner}"`,
    );
  }
  const has = (role: string) => state.existingRoles.has(role);
  const elevated = [...state.elevatedRoles].filter((r) => r !== state.currentUser).sort();
  if (elevated.length > 0) {
    throw new Error(
      `role(s) ${elevated.join(', ')} have SUPERUSER, REPLICATION or BYPASSRLS; ` +
        'only a superuser can remove those attributes: fix by hand before re-running',
    );
  }
  const db = quoteIdent(spec.databaseName);
  const schema = quoteIdent(spec.schemaName);
  const rw = quoteIdent(spec.readWriteRole);
  const owner = quoteIdent(spec.schemaOwner);
  const user = quoteIdent(spec.username);
  const out: PlannedStatement[] = [];

  // Group role: the only holder of data privileges.
  if (!has(spec.readWriteRole)) out.push(stmt(`CREATE ROLE ${rw} WITH NOLOGIN ${CREATE_ATTRIBUTES}`));
  out.push(stmt(`ALTER ROLE ${rw} WITH NOLOGIN ${ALTER_ATTRIBUTES}`));

  if (migrator !== undefined) {
    out.push(
      ...loginRoleStatements(
        spec.schemaOwner,
        has(spec.schemaOwner),
        spec.migratorConnectionLimit,
        migrator.verifier,
      ),
    );
  }
  if (spec.schemaOwner !== state.currentUser) {
    // ALTER SCHEMA … OWNER TO and ALTER DEFAULT PRIVILEGES FOR ROLE need membership in the owner;
    // an RDS master user is not a superuser.
    out.push(stmt(`GRANT ${owner} TO CURRENT_USER`));
  }

  // App user, and its rotation clone when the rotation has created it (or the secret names it).
  out.push(
    ...loginRoleStatements(
      spec.username,
      has(spec.username),
      spec.connectionLimit,
      appUser.username === spec.username ? appUser.verifier : undefined,
    ),
  );
  out.push(stmt(`GRANT ${rw} TO ${user}`));
  if (has(clone) || appUser.username === clone) {
    out.push(
      ...loginRoleStatements(
        clone,
        has(clone),
        spec.connectionLimit,
        appUser.username === clone ? appUser.verifier : undefined,
      ),
    );
    // Exactly what the rotation does, so the clone inherits everything the base user has.
    out.push(stmt(`GRANT ${user} TO ${quoteIdent(clone)}`));
  }

  // Database: nobody but the owner and the group role may connect.
  out.push(stmt(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`));
  out.push(stmt(`REVOKE ALL ON DATABASE ${db} FROM ${rw}, ${user}`));
  out.push(stmt(`GRANT CONNECT ON DATABASE ${db} TO ${rw}`));
  if (migrator !== undefined) out.push(stmt(`GRANT CONNECT ON DATABASE ${db} TO ${owner}`));

  if (state.publicSchemaExists) out.push(stmt('REVOKE CREATE ON SCHEMA public FROM PUBLIC'));

  // Application schema, owned by the owner role, never by the app user.
  out.push(
    stmt(
      state.schemaExists
        ? `ALTER SCHEMA ${schema} OWNER TO ${owner}`
        : `CREATE SCHEMA ${schema} AUTHORIZATION ${owner}`,
    ),
  );
  out.push(stmt(`REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`));
  out.push(stmt(`REVOKE ALL ON SCHEMA ${schema} FROM ${rw}, ${user}`));
  out.push(stmt(`GRANT USAGE ON SCHEMA ${schema} TO ${rw}`));
  out.push(stmt(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${rw}`));
  out.push(stmt(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${rw}`));
  out.push(
    stmt(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${rw}`,
    ),
  );
  out.push(
    stmt(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${rw}`,
    ),
  );
  return out;
}

/**
 * Statements that drop the app user, its clone and the group role (schema, data and migrator stay).
 * Only used when the stack explicitly asks for it: see the handler's Delete.
 */
export function planDrop(spec: AppUserSpec, state: ClusterState): PlannedStatement[] {
  const roles = [`${spec.username}${CLONE_SUFFIX}`, spec.username, spec.readWriteRole].filter((r) =>
    state.existingRoles.has(r),
  );
  if (roles.length === 0) return [];
  const list = roles.map(quoteIdent).join(', ');
  return [
    // DROP OWNED needs the privileges of the roles; a CREATEROLE master may grant itself membership.
    ...roles.map((r) => stmt(`GRANT ${quoteIdent(r)} TO CURRENT_USER`)),
    // Revokes their grants (database, schema, tables, default privileges) in this database.
    stmt(`DROP OWNED BY ${list}`),
    stmt(`DROP ROLE ${list}`),
  ];
}

/** Reads what {@link planStatements} needs to know about the cluster. */
export async function inspect(client: Queryable, spec: AppUserSpec): Promise<ClusterState> {
  const roles = [spec.username, `${spec.username}${CLONE_SUFFIX}`, spec.readWriteRole, spec.schemaOwner];
  const [{ rows: who }, { rows: found }, { rows: schemas }] = [
    await client.query<{ current_user: string }>('SELECT current_user'),
    await client.query<{ rolname: string; elevated: boolean }>(
      'SELECT rolname, (rolsuper OR rolreplication OR rolbypassrls) AS elevated FROM pg_catalog.pg_roles WHERE rolname = ANY($1)',
      [roles],
    ),
    await client.query<{ nspname: string }>(
      'SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY($1)',
      [[spec.schemaName, 'public']],
    ),
  ];
  return {
    currentUser: who[0]!.current_user,
    existingRoles: new Set(found.map((r) => r.rolname)),
    elevatedRoles: new Set(found.filter((r) => r.elevated).map((r) => r.rolname)),
    schemaExists: schemas.some((s) => s.nspname === spec.schemaName),
    publicSchemaExists: schemas.some((s) => s.nspname === 'public'),
  };
}

async function inTransaction<T>(client: Queryable, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    // Two deployments (or a retry racing the first attempt) must not interleave CREATE ROLE.
    await client.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCK_KEY]);
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export interface ProvisionInput {
  readonly spec: AppUserSpec;
  /** Credentials from the app-user secret (username is the base user or its clone). */
  readonly appUser: Credentials;
  /** Credentials from the migrator secret, when the schema owner is a migrator role. */
  readonly migrator?: Credentials;
  /** Called with each statement's log-safe text before it runs. */
  readonly onStatement?: (logText: string) => void;
}

export interface ProvisionResult {
  readonly statements: string[];
  readonly createdRoles: string[];
}

/**
 * Brings the cluster to the declared state in one transaction. Connect as the master user to the
 * target database. Safe to run any number of times.
 */
export async function provisionAppUser(client: Queryable, input: ProvisionInput): Promise<ProvisionResult> {
  return inTransaction(client, async () => {
    const state = await inspect(client, input.spec);
    assertValidSpec(input.spec, state.currentUser);
    const plan = planStatements({
      spec: input.spec,
      state,
      appUser: { username: input.appUser.username, verifier: scramSha256Verifier(input.appUser.password) },
      ...(input.migrator
        ? {
            migrator: {
              username: input.migrator.username,
              verifier: scramSha256Verifier(input.migrator.password),
            },
          }
        : {}),
    });
    for (const s of plan) {
      input.onStatement?.(s.logText);
      await client.query(s.text);
    }
    const created = [
      input.spec.readWriteRole,
      input.spec.username,
      `${input.spec.username}${CLONE_SUFFIX}`,
      input.spec.schemaOwner,
    ].filter(
      (r) =>
        !state.existingRoles.has(r) && plan.some((s) => s.text.startsWith(`CREATE ROLE ${quoteIdent(r)} `)),
    );
    return { statements: plan.map((s) => s.logText), createdRoles: created };
  });
}

/** Drops the app user, its clone and the group role, in one transaction. */
export async function dropAppUser(
  client: Queryable,
  spec: AppUserSpec,
  onStatement?: (logText: string) => void,
): Promise<string[]> {
  return inTransaction(client, async () => {
    const state = await inspect(client, spec);
    const plan = planDrop(spec, state);
    for (const s of plan) {
      onStatement?.(s.logText);
      await client.query(s.text);
    }
    return plan.map((s) => s.logText);
  });
}

/**
 * Fingerprint of the SQL this module generates, over every branch (fresh cluster, re-run, clone
 * present, with and without migrator, drop). The construct puts it in the custom resource's
 * properties, so a change to the SQL makes CloudFormation send an Update and the SQL runs again;
 * edits to comments or logging do not.
 */
export function sqlFingerprint(): string {
  const spec: AppUserSpec = {
    databaseName: 'db',
    schemaName: 'app',
    username: 'app',
    readWriteRole: 'app_rw',
    schemaOwner: 'app_migrator',
    connectionLimit: 10,
    migratorConnectionLimit: 2,
  };
  const fresh: ClusterState = {
    currentUser: 'master',
    existingRoles: new Set(),
    elevatedRoles: new Set(),
    schemaExists: false,
    publicSchemaExists: true,
  };
  const all: ClusterState = {
    ...fresh,
    existingRoles: new Set(['app', 'app_clone', 'app_rw', 'app_migrator']),
    schemaExists: true,
  };
  const appUser = { username: 'app', verifier: 'V' };
  const plans = [
    planStatements({ spec, state: fresh, appUser, migrator: { username: 'app_migrator', verifier: 'M' } }),
    planStatements({
      spec: { ...spec, schemaOwner: 'master' },
      state: all,
      appUser: { username: 'app_clone', verifier: 'V' },
    }),
    planDrop(spec, all),
  ];
  const text = plans.map((p) => p.map((s) => s.text).join(';\n')).join('\n--\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
