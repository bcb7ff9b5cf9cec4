/**
 * The statements that bring a cluster to the declared state, built by pure functions: same input,
 * same output, so tests (and the construct's re-run fingerprint) look at them without a database.
 */
import { createHash } from 'node:crypto';
import { CLONE_SUFFIX, quoteIdent, quoteLiteral } from './identifiers';
import type { AppUserSpec } from './spec';

/** What exists in the cluster before provisioning; read by `inspect` (provision.ts). */
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

/**
 * Stated at CREATE ROLE. ALTER ROLE repeats only what a non-superuser may change: PostgreSQL rejects
 * any mention of SUPERUSER, REPLICATION or BYPASSRLS (even NO…) in ALTER ROLE from a non-superuser,
 * and an RDS master user is not one. Those three are checked instead (see planStatements).
 */
const CREATE_ATTRIBUTES = 'NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS';
const ALTER_ATTRIBUTES = 'NOCREATEDB NOCREATEROLE';

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
