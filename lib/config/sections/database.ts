import { z } from 'zod';
import {
  MONITORING_INTERVALS,
  PERFORMANCE_INSIGHTS_RETENTION_DAYS,
  POSTGRES_VERSIONS,
} from '../allowed-values';
import { bool, intIn, matching, oneOf, section } from '../fields';
import { DATABASE_MASTER_USERNAME, rotationCloneOf } from '../../contracts/database-roles';
import { MAX_ROTATION_DAYS, MIN_PRODUCTION_BACKUP_DAYS } from '../../contracts/production-floors';
import { DB_INSTANCE_FAMILIES } from '../allowed-values';
import { type Ctx, problem, type StageFacts, WHY } from '../section-rules';

/** RDS PostgreSQL, its proxy and its credentials. */
export const databaseSchema = section({
  /** Pinned PostgreSQL version, e.g. "16.8". */
  engineVersion: oneOf(POSTGRES_VERSIONS, 'a PostgreSQL version this CDK release knows:').default('16.8'),
  /** Instance class, e.g. db.t4g.medium (checked against the families RDS offers). */
  instanceClass: matching(
    /^db\.[a-z0-9]+\.[a-z0-9]+$/,
    'an RDS instance class such as db.t4g.medium',
  ).default('db.t4g.medium'),
  /** Initial gp3 storage in GiB. */
  allocatedStorageGiB: intIn(20, 65536, 'GiB').default(20),
  /** Storage autoscaling ceiling in GiB (>= allocatedStorageGiB). */
  maxAllocatedStorageGiB: intIn(20, 65536, 'GiB').default(100),
  /** Multi-AZ standby (required in production). */
  multiAz: bool().default(false),
  /** Deletion protection (required in production). */
  deletionProtection: bool().default(false),
  /** Automated backup retention in days (RDS allows 1..35; production >= 7). */
  backupRetentionDays: intIn(1, 35, 'days').default(7),
  /** Database created on the instance. */
  databaseName: matching(/^[a-z][a-z0-9_]{0,62}$/, 'a lower-case identifier such as "app"').default('app'),
  /** Schema the application user works in. */
  schemaName: matching(/^[a-z][a-z0-9_]{0,62}$/, 'a lower-case identifier such as "app"').default('app'),
  /** Application login role (never the master user). */
  appUsername: matching(/^[a-z][a-z0-9_]{2,30}$/, 'a lower-case role name of 3-31 characters').default(
    'app_user',
  ),
  /**
   * Migration login role: owns the application schema and runs DDL, used only by the one-off
   * migration task (never the app user, never the master user).
   */
  migratorUsername: matching(/^[a-z][a-z0-9_]{2,30}$/, 'a lower-case role name of 3-31 characters').default(
    'app_migrator',
  ),
  /** Rotation of the master and app-user credentials, in days (AWS rotation; <= 30 by default). */
  credentialRotationDays: intIn(1, 365, 'days').default(30),
  /** Performance Insights retention (7 or a multiple of 31 up to 731). */
  performanceInsightsRetentionDays: oneOf(PERFORMANCE_INSIGHTS_RETENTION_DAYS, 'one of').default(7),
  /** Enhanced monitoring interval in seconds. */
  monitoringIntervalSeconds: oneOf(MONITORING_INTERVALS, 'one of').default(60),
  /** Statements slower than this are logged (log_min_duration_statement). */
  slowQueryMs: intIn(10, 60_000, 'ms').default(500),
  /** RDS Proxy settings. */
  proxy: section({
    /** Seconds a client connection may idle before the proxy closes it. */
    idleClientTimeoutSeconds: intIn(60, 28_800, 'seconds').default(1800),
    /** Seconds a client waits to borrow a pooled connection. */
    connectionBorrowTimeoutSeconds: intIn(1, 3600, 'seconds').default(120),
    /** Share of max_connections the proxy may open. */
    maxConnectionsPercent: intIn(1, 100, 'percent').default(90),
  }).default({
    idleClientTimeoutSeconds: 1800,
    connectionBorrowTimeoutSeconds: 120,
    maxConnectionsPercent: 90,
  }),
});

export type DatabaseConfig = z.output<typeof databaseSchema>;

/** Storage, instance class and the production data-tier invariants. */
export function checkDatabase(database: DatabaseConfig, ctx: Ctx, stage: StageFacts): void {
  if (stage.production) productionDatabase(database, ctx);
  if (database.maxAllocatedStorageGiB < database.allocatedStorageGiB) {
    problem(
      ctx,
      ['maxAllocatedStorageGiB'],
      `must be at least database.allocatedStorageGiB (${database.allocatedStorageGiB}), got ${database.maxAllocatedStorageGiB}`,
    );
  }
  const logins = { appUsername: database.appUsername, migratorUsername: database.migratorUsername };
  if (logins.migratorUsername === logins.appUsername) {
    problem(
      ctx,
      ['migratorUsername'],
      `must differ from database.appUsername ("${logins.appUsername}"): the app user must not own the schema`,
    );
  }
  for (const [field, name] of Object.entries(logins)) {
    if (name === DATABASE_MASTER_USERNAME || name === rotationCloneOf(database.appUsername)) {
      problem(
        ctx,
        [field],
        `"${name}" is reserved (the master user and the rotation's clone of the app user)`,
      );
    }
  }
  const [, family = '', sizeName = ''] = database.instanceClass.split('.');
  const sizes = DB_INSTANCE_FAMILIES[family];
  if (!sizes) {
    problem(
      ctx,
      ['instanceClass'],
      `unknown instance family "${family}"; allowed families: ${Object.keys(DB_INSTANCE_FAMILIES).join(', ')}`,
    );
  } else if (!sizes.includes(sizeName)) {
    problem(ctx, ['instanceClass'], `db.${family} has no size "${sizeName}"; allowed: ${sizes.join(', ')}`);
  }
}

function productionDatabase(database: DatabaseConfig, ctx: Ctx): void {
  if (!database.multiAz) problem(ctx, ['multiAz'], `must be true ${WHY}`);
  if (!database.deletionProtection) problem(ctx, ['deletionProtection'], `must be true ${WHY}`);
  if (database.backupRetentionDays < MIN_PRODUCTION_BACKUP_DAYS) {
    problem(
      ctx,
      ['backupRetentionDays'],
      `must be at least ${MIN_PRODUCTION_BACKUP_DAYS} days ${WHY}, got ${database.backupRetentionDays}`,
    );
  }
  if (database.credentialRotationDays > MAX_ROTATION_DAYS) {
    problem(
      ctx,
      ['credentialRotationDays'],
      `must be at most ${MAX_ROTATION_DAYS} days ${WHY} (DB-06), got ${database.credentialRotationDays}`,
    );
  }
}
