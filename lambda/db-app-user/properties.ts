/** The custom resource's properties: what CloudFormation delivers (strings) and what they mean. */
import { defaultReadWriteRole } from '../../lib/contracts/app-user-sql';

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
