import { CLONE_SUFFIX, MAX_IDENTIFIER_BYTES, baseUsername } from './identifiers';
import type { ParsedProperties } from './properties';

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

/** The declared state for the given properties and credentials: the schema owner is the migrator, or the master user. */
export function specFor(
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
