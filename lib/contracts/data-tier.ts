import type * as backup from 'aws-cdk-lib/aws-backup';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/** Names of the API-key secrets (and of the variables the container receives them under). */
export const API_KEY_NAMES = ['PUBLIC_API_KEY', 'ADMIN_API_KEY'] as const;
/** One of {@link API_KEY_NAMES}. */
export type ApiKeyName = (typeof API_KEY_NAMES)[number];

/**
 * What the stateful data stack hands to the stacks that use it. Secret JSON shapes:
 * - API keys: `{"current": "<key>", "previous": "<key or "">", "rotatedAt": "<ISO or "">"}`
 * - database app user: `{"engine","host","port","dbname","username","password","masterarn"}`
 * - database migrator: `{"engine","host","port","dbname","username","password"}`
 * - cache app user: `{"username","userId","password"}`
 * - app secrets (SMTP password, DSN, AI keys, OAuth secret): a plain string value
 */
export interface DataTier {
  /** CMK of the data tier (RDS, ElastiCache, backups). */
  readonly dataKey: kms.IKey;
  /** CMK of every Secrets Manager secret of the stage. */
  readonly secretsKey: kms.IKey;
  /** RDS Proxy endpoint the service connects to (TLS required). */
  readonly databaseProxyEndpoint: string;
  /** PostgreSQL port. */
  readonly databasePort: number;
  /** Database name. */
  readonly databaseName: string;
  /** Security group of the proxy: allow the service to reach it on {@link databasePort}. */
  readonly databaseProxySecurityGroup: ec2.ISecurityGroup;
  /** The least-privilege application user's credentials (rotated by AWS multi-user rotation). */
  readonly databaseAppUserSecret: secretsmanager.ISecret;
  /** The migrator's credentials: owns the schema, DDL; for the one-off migration task only. */
  readonly databaseMigratorSecret: secretsmanager.ISecret;
  /** Primary endpoint of the cache (TLS required). */
  readonly cacheHost: string;
  /** Cache port. */
  readonly cachePort: number;
  /** Security group of the cache: allow the service to reach it on {@link cachePort}. */
  readonly cacheSecurityGroup: ec2.ISecurityGroup;
  /** The cache RBAC application user's credentials. */
  readonly cacheUserSecret: secretsmanager.ISecret;
  /** PUBLIC_API_KEY and ADMIN_API_KEY secrets. */
  readonly apiKeySecrets: Readonly<Record<ApiKeyName, secretsmanager.ISecret>>;
  /** Named application secrets from config (service.secrets), by variable name. */
  readonly appSecrets: Readonly<Record<string, secretsmanager.ISecret>>;
  /** The stage's backup plan; add file systems the service creates to it. */
  readonly backupPlan: backup.BackupPlan;
}
