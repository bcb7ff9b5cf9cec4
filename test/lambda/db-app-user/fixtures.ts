/**
 * Shared helpers for the db-app-user tests: connections to the throwaway server, an RDS-like master
 * user, a snapshot of everything the provisioning controls, and the list of things the app user must
 * be refused.
 */
import { Client, escapeIdentifier, escapeLiteral } from 'pg';
import type { PostgresServer } from '../../support/postgres-server';

export async function connectAs(
  server: PostgresServer,
  user: string,
  password: string,
  database: string,
): Promise<Client> {
  const client = new Client({
    host: server.host,
    port: server.port,
    user,
    password,
    database,
    ssl: server.caPem ? { ca: server.caPem, rejectUnauthorized: true } : false,
    connectionTimeoutMillis: 10_000,
  });
  await client.connect();
  return client;
}

/** Runs `fn` on a fresh connection and closes it. */
export async function withClient<T>(
  server: PostgresServer,
  user: string,
  password: string,
  database: string,
  fn: (client: Client) => Promise<T>,
): Promise<T> {
  const client = await connectAs(server, user, password, database);
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Resolves to the login error message, or undefined when the login succeeds. */
export async function loginError(
  server: PostgresServer,
  user: string,
  password: string,
  database: string,
): Promise<string | undefined> {
  try {
    await withClient(server, user, password, database, async (c) => c.query('SELECT 1'));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * An RDS-like master: LOGIN CREATEROLE CREATEDB but not a superuser, owner of the database. The
 * provisioning SQL must work with no more than that.
 */
export async function createMasterAndDatabase(
  server: PostgresServer,
  master: { username: string; password: string },
  databases: string[],
): Promise<void> {
  await withClient(server, server.superuser, server.superuserPassword, 'postgres', async (su) => {
    const { rows } = await su.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [master.username]);
    if (rows.length === 0) {
      await su.query(
        `CREATE ROLE ${escapeIdentifier(master.username)} WITH LOGIN CREATEROLE CREATEDB NOSUPERUSER PASSWORD ${escapeLiteral(master.password)}`,
      );
    }
    for (const db of databases) {
      await su.query(`CREATE DATABASE ${escapeIdentifier(db)} OWNER ${escapeIdentifier(master.username)}`);
    }
  });
}

export interface StateSnapshot {
  roles: unknown[];
  memberships: unknown[];
  databaseAcl: unknown;
  schemas: unknown[];
  defaultAcls: unknown[];
  tableAcls: unknown[];
}

/** Everything the provisioning controls except password hashes (a fresh salt every run). */
/** ACL entries sorted: REVOKE + GRANT may reorder an ACL without changing what it grants. */
const sortedAcl = (column: string) => `(SELECT array_agg(a::text ORDER BY a::text) FROM unnest(${column}) a)`;

export async function snapshot(
  client: Client,
  roleNames: string[],
  database: string,
): Promise<StateSnapshot> {
  const roles = await client.query(
    `SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication,
            rolconnlimit, rolbypassrls, rolvaliduntil
       FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname`,
    [roleNames],
  );
  const memberships = await client.query(
    `SELECT r.rolname AS member, g.rolname AS granted, m.admin_option
       FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid
      WHERE r.rolname = ANY($1) OR g.rolname = ANY($1) ORDER BY 1, 2`,
    [roleNames],
  );
  const databaseAcl = await client.query(
    `SELECT ${sortedAcl('datacl')} AS datacl FROM pg_database WHERE datname = $1`,
    [database],
  );
  const schemas = await client.query(
    `SELECT nspname, pg_get_userbyid(nspowner) AS owner, ${sortedAcl('nspacl')} AS nspacl
       FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY 1`,
  );
  const defaultAcls = await client.query(
    `SELECT pg_get_userbyid(defaclrole) AS role, defaclnamespace::regnamespace::text AS schema,
            defaclobjtype, ${sortedAcl('defaclacl')} AS defaclacl
       FROM pg_default_acl ORDER BY 1, 2, 3`,
  );
  const tableAcls = await client.query(
    `SELECT n.nspname, c.relname, pg_get_userbyid(c.relowner) AS owner, ${sortedAcl('c.relacl')} AS relacl
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' ORDER BY 1, 2`,
  );
  return {
    roles: roles.rows,
    memberships: memberships.rows,
    databaseAcl: databaseAcl.rows[0],
    schemas: schemas.rows,
    defaultAcls: defaultAcls.rows,
    tableAcls: tableAcls.rows,
  };
}

/**
 * Statements the application login (base user or rotation clone) must be refused, with the error
 * each one must fail with. `%db` is replaced by the database name.
 */
export const FORBIDDEN: ReadonlyArray<{ what: string; sql: string; error: RegExp }> = [
  { what: 'CREATE ROLE', sql: 'CREATE ROLE intruder', error: /permission denied to create role/ },
  {
    what: 'CREATE DATABASE',
    sql: 'CREATE DATABASE intruder_db',
    error: /permission denied to create database/,
  },
  { what: 'DROP DATABASE', sql: 'DROP DATABASE "%db"', error: /must be owner of database/ },
  {
    what: 'CREATE in public',
    sql: 'CREATE TABLE public.intruder (id int)',
    error: /permission denied for schema public/,
  },
  {
    what: 'CREATE in the app schema',
    sql: 'CREATE TABLE app.intruder (id int)',
    error: /permission denied for schema app/,
  },
  { what: 'CREATE SCHEMA', sql: 'CREATE SCHEMA intruder', error: /permission denied for database/ },
  {
    what: 'TEMP tables',
    sql: 'CREATE TEMP TABLE intruder (id int)',
    error: /permission denied to create temporary tables/,
  },
  {
    what: "another schema's table",
    sql: 'SELECT * FROM other.payroll',
    error: /permission denied for schema other/,
  },
  {
    what: "public's tables",
    sql: 'SELECT * FROM public.legacy',
    error: /permission denied for table legacy/,
  },
  {
    what: 'DROP TABLE in the app schema',
    sql: 'DROP TABLE app.orders',
    error: /must be owner of table orders/,
  },
  {
    what: 'ALTER TABLE in the app schema',
    sql: 'ALTER TABLE app.orders ADD COLUMN x int',
    error: /must be owner of table orders/,
  },
  { what: 'TRUNCATE', sql: 'TRUNCATE app.orders', error: /permission denied for table orders/ },
  {
    what: 'reading pg_authid',
    sql: 'SELECT rolpassword FROM pg_authid',
    error: /permission denied for table pg_authid/,
  },
  {
    what: 'server files',
    sql: "SELECT pg_read_file('postgresql.conf')",
    error: /permission denied for function pg_read_file/,
  },
  {
    what: 'COPY TO PROGRAM',
    sql: "COPY (SELECT 1) TO PROGRAM 'true'",
    error: /permission denied to COPY to or from an external program|must be superuser/,
  },
  {
    what: 'ALTER SYSTEM',
    sql: "ALTER SYSTEM SET work_mem = '1MB'",
    error: /permission denied|must be superuser/,
  },
  {
    what: 'session_replication_role',
    sql: 'SET session_replication_role = replica',
    error: /permission denied to set parameter/,
  },
  { what: 'CREATE EXTENSION', sql: 'CREATE EXTENSION IF NOT EXISTS dblink', error: /permission denied/ },
  {
    what: 'granting itself more',
    sql: 'GRANT app_migrator TO CURRENT_USER',
    error: /must have admin option on role|permission denied/,
  },
];
