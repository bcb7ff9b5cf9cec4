import type * as logs from 'aws-cdk-lib/aws-logs';

/** What config decides about RDS Proxy (plain data). */
export interface DatabaseProxyOptions {
  /** Seconds a client connection may idle before the proxy closes it. */
  readonly idleClientTimeoutSeconds: number;
  /** Seconds a client waits to borrow a pooled connection. */
  readonly connectionBorrowTimeoutSeconds: number;
  /** Share of the instance's max_connections the proxy may open, percent. */
  readonly maxConnectionsPercent: number;
}

/** What config decides about the database, its proxy and its credentials (plain data). */
export interface DatabaseOptions {
  /** Stage name: part of the instance identifier and of the rotation functions' names. */
  readonly stageName: string;
  /** Pinned PostgreSQL version, e.g. "16.8". */
  readonly engineVersion: string;
  /** Instance class, e.g. db.t4g.medium. */
  readonly instanceClass: string;
  /** Initial gp3 storage in GiB. */
  readonly allocatedStorageGiB: number;
  /** Storage autoscaling ceiling in GiB. */
  readonly maxAllocatedStorageGiB: number;
  /** Multi-AZ standby. */
  readonly multiAz: boolean;
  /** Deletion protection of the instance. */
  readonly deletionProtection: boolean;
  /** Automated backup retention in days. */
  readonly backupRetentionDays: number;
  /** Database created on the instance. */
  readonly databaseName: string;
  /** Schema the application user works in (the migrator owns it). */
  readonly schemaName: string;
  /** Application login role (DML only). */
  readonly appUsername: string;
  /** Migration login role (owns the schema, runs DDL). */
  readonly migratorUsername: string;
  /** Rotation interval of the master, app-user and migrator credentials, in days. */
  readonly credentialRotationDays: number;
  /** Performance Insights retention in days (7 or a multiple of 31 up to 731). */
  readonly performanceInsightsRetentionDays: number;
  /** Enhanced monitoring interval in seconds. */
  readonly monitoringIntervalSeconds: number;
  /** Statements slower than this are logged (log_min_duration_statement), ms. */
  readonly slowQueryMs: number;
  /** RDS Proxy settings. */
  readonly proxy: DatabaseProxyOptions;
  /**
   * Keep the subnet group, the exported log groups and the secrets when the stack is deleted
   * (production). The instance itself always leaves a snapshot.
   */
  readonly retain: boolean;
  /** Retention of the exported logs and of the app-user Lambda's log group. */
  readonly logRetention: logs.RetentionDays;
}
