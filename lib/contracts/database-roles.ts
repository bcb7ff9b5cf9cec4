/**
 * The PostgreSQL roles every stage has, shared by config validation (names are reserved), the
 * database construct and the app-user provisioning:
 * - the master user, created by RDS, owns the database;
 * - the migrator (`database.migratorUsername`) owns the application schema and runs DDL;
 * - the app user (`database.appUsername`) and its rotation clone `<app user>_clone` have DML only.
 */
export const DATABASE_MASTER_USERNAME = 'shipshape_admin';

/** The login AWS's multi-user rotation creates beside the app user. */
export function rotationCloneOf(appUsername: string): string {
  return `${appUsername}_clone`;
}
