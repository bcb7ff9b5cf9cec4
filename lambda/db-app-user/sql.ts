/**
 * Least-privilege PostgreSQL application user: the SQL side of the provisioner, one file per job
 * (identifiers, spec, SCRAM, plan, provision), gathered here for the handler's readers and tests.
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
export * from './identifiers';
export * from './plan';
export * from './provision';
export * from './scram';
export * from './spec';
