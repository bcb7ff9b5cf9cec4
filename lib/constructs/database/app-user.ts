import { CustomResource, Duration, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct, IDependable } from 'constructs';
import { APP_USER_SQL_FINGERPRINT, defaultReadWriteRole } from '../../contracts/app-user-sql';
import { ShipshapeFunction } from '../platform/shipshape-function';
import { acknowledgeAppUserFindings } from './acknowledgements';

/** A PostgreSQL endpoint that is not an `rds.DatabaseInstance` (a cluster writer, a restored instance…). */
export interface DatabaseEndpoint {
  /** Host name the function connects to (must match the server certificate). */
  readonly hostname: string;
  /** TCP port. */
  readonly port: number;
  /** Connections of the database, to open `port` from the function's security group. */
  readonly connections: ec2.Connections;
  /**
   * What must be complete before the user can be provisioned (the DB instance or cluster).
   * @default - nothing beyond the references in the properties
   */
  readonly dependable?: IDependable;
}

/** Properties of {@link DatabaseAppUser}. */
export interface DatabaseAppUserProps {
  /** The database: an RDS instance, or an endpoint with its connections. */
  readonly database: rds.IDatabaseInstance | DatabaseEndpoint;
  /**
   * Master user secret (JSON with `username` and `password`), used only to provision.
   * An RDS-managed master secret works as is.
   */
  readonly masterSecret: secretsmanager.ISecret;
  /**
   * The application user's secret, in the shape AWS's PostgreSQL multi-user rotation expects:
   * `{"engine":"postgres","host","port","dbname","username","password","masterarn"}`. An
   * `rds.DatabaseSecret({ username, dbname, masterSecret })` attached to the instance has it. Its
   * `username` is the base login role (the rotation alternates it with `<username>_clone`).
   */
  readonly appUserSecret: secretsmanager.ISecret;
  /**
   * Secret of a dedicated migration role (`username`, `password`) that owns the schema and is used
   * only by the one-off migration task to run DDL. Rotate it with single-user rotation: a clone
   * would create tables it owns itself, outside the default privileges.
   * @default - no migrator: the master user owns the schema and migrations run as the master user
   */
  readonly migratorSecret?: secretsmanager.ISecret;
  /** Database the application uses (must exist, owned by the master user). */
  readonly databaseName: string;
  /**
   * Application schema. Lower-case letters, digits and underscores.
   * @default 'app'
   */
  readonly schemaName?: string;
  /**
   * NOLOGIN group role that holds the data privileges.
   * @default `${schemaName}_rw`
   */
  readonly readWriteRoleName?: string;
  /**
   * CONNECTION LIMIT of the app user (and of its rotation clone).
   * @default 100
   */
  readonly connectionLimit?: number;
  /**
   * CONNECTION LIMIT of the migrator role.
   * @default 5
   */
  readonly migratorConnectionLimit?: number;
  /** VPC of the database. */
  readonly vpc: ec2.IVpc;
  /**
   * Subnets of the provisioning function. They need a route to Secrets Manager (an interface endpoint).
   * @default { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Security group of the provisioning function.
   * @default - a new group whose only egress is the database port and HTTPS inside the VPC
   */
  readonly securityGroup?: ec2.ISecurityGroup;
  /** Key for the log groups and the function's environment; also used to decrypt the secrets. */
  readonly encryptionKey: kms.IKey;
  /**
   * Retention of both function log groups.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * CA bundle path inside the Lambda environment used to verify the database certificate.
   * @default '/var/runtime/ca-cert.pem' (Amazon CAs, RDS included, shipped by the Node.js runtime)
   */
  readonly caBundlePath?: string;
  /**
   * Drop the app user, its clone and the group role when the resource is deleted. Keep false
   * wherever the app runs: the roles are what the application logs in as.
   * @default false
   */
  readonly dropOnDelete?: boolean;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Every problem with the props, each naming the field and what is allowed. */
export function databaseAppUserPropsProblems(props: DatabaseAppUserProps): string[] {
  const problems: string[] = [];
  const schemaName = props.schemaName ?? 'app';
  if (
    !IDENTIFIER.test(schemaName) ||
    /^pg_/.test(schemaName) ||
    ['public', 'information_schema'].includes(schemaName)
  ) {
    problems.push(
      `schemaName "${schemaName}": use 1-63 lower-case letters, digits or underscores, not starting with a digit or pg_, ` +
        'and not public or information_schema',
    );
  }
  const rw = props.readWriteRoleName;
  if (rw !== undefined && (!IDENTIFIER.test(rw) || /^(pg_|rds)/.test(rw))) {
    problems.push(
      `readWriteRoleName "${rw}": use 1-63 lower-case letters, digits or underscores, not starting with pg_ or rds`,
    );
  }
  if (!Token.isUnresolved(props.databaseName) && !/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(props.databaseName)) {
    problems.push(
      `databaseName "${props.databaseName}": use 1-63 letters, digits or underscores, starting with a letter`,
    );
  }
  for (const [field, value] of [
    ['connectionLimit', props.connectionLimit],
    ['migratorConnectionLimit', props.migratorConnectionLimit],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || (value < 1 && value !== -1))) {
      problems.push(`${field} ${value}: use a positive integer, or -1 for unlimited`);
    }
  }
  return problems;
}

function isInstance(database: DatabaseAppUserProps['database']): database is rds.IDatabaseInstance {
  return 'instanceEndpoint' in database;
}

/**
 * Creates and maintains the application's least-privilege PostgreSQL user (DB-05) through a custom
 * resource that runs as the master user over verified TLS. The user's password lives only in
 * `appUserSecret`; its rotation (DB-06) is AWS's multi-user rotation, which the grants here are
 * shaped for (see lambda/db-app-user/sql.ts; what both sides share is in lib/contracts/app-user-sql.ts).
 *
 * A {@link ShipshapeFunction} itself (the provisioning function, its log group and security group
 * are this construct's children, as they always were), plus the provider and the custom resource.
 */
export class DatabaseAppUser extends ShipshapeFunction {
  /** Custom resource provider (framework function outside the VPC: it only invokes and answers CloudFormation). */
  public readonly provider: cr.Provider;
  /** The custom resource; runs again whenever its properties (including the SQL fingerprint) change. */
  public readonly resource: CustomResource;
  /** Base login role of the application (a deploy-time value). */
  public readonly username: string;
  /** Group role that carries the data privileges. */
  public readonly readWriteRoleName: string;
  /** Application schema. */
  public readonly schemaName: string;

  constructor(scope: Construct, id: string, props: DatabaseAppUserProps) {
    const problems = databaseAppUserPropsProblems(props);
    if (problems.length > 0) {
      const path = [scope.node.path, id].filter((p) => p !== '').join('/');
      throw new Error(`DatabaseAppUser ${path}: invalid props:\n- ${problems.join('\n- ')}`);
    }
    const key = props.encryptionKey;
    super(scope, id, {
      lambda: 'db-app-user',
      description: 'Creates and maintains the least-privilege PostgreSQL application user',
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      key,
      ...(props.securityGroup !== undefined ? { securityGroup: props.securityGroup } : {}),
      securityGroupOptions: {
        description: 'Database app-user provisioning function',
        ruleDescription: 'Secrets Manager through its interface endpoint',
      },
      ...(props.logRetention !== undefined ? { logRetention: props.logRetention } : {}),
      // Secrets Manager + TLS handshake + a lock wait (20 s) + statements (30 s each at most).
      timeout: Duration.minutes(2),
      executionRole: 'lambda-default',
      encryptEnvironment: true,
      environment: {
        DB_TLS_VERIFY: 'verify-full',
        DB_CA_BUNDLE_PATH: props.caBundlePath ?? '/var/runtime/ca-cert.pem',
      },
    });
    this.schemaName = props.schemaName ?? 'app';
    this.readWriteRoleName = props.readWriteRoleName ?? defaultReadWriteRole(this.schemaName);
    const retention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;

    // Only these secrets, and the key they and the environment are encrypted with.
    props.masterSecret.grantRead(this.function);
    props.appUserSecret.grantRead(this.function);
    props.migratorSecret?.grantRead(this.function);
    key.grantDecrypt(this.function);

    const database = props.database;
    let host: string;
    let port: string;
    if (isInstance(database)) {
      host = database.instanceEndpoint.hostname;
      port = Token.asString(database.instanceEndpoint.port);
      database.connections.allowDefaultPortFrom(this.function, 'app-user provisioning');
    } else {
      host = database.hostname;
      port = Token.isUnresolved(database.port) ? Token.asString(database.port) : String(database.port);
      database.connections.allowFrom(this.function, ec2.Port.tcp(database.port), 'app-user provisioning');
    }

    const providerLogGroup = new logs.LogGroup(this, 'ProviderLogGroup', { retention, encryptionKey: key });
    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.function,
      logGroup: providerLogGroup,
      providerFunctionEnvEncryption: key,
    });

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.provider.serviceToken,
      resourceType: 'Custom::DatabaseAppUser',
      properties: {
        MasterSecretArn: props.masterSecret.secretArn,
        AppUserSecretArn: props.appUserSecret.secretArn,
        ...(props.migratorSecret ? { MigratorSecretArn: props.migratorSecret.secretArn } : {}),
        Host: host,
        Port: port,
        DatabaseName: props.databaseName,
        SchemaName: this.schemaName,
        ReadWriteRoleName: this.readWriteRoleName,
        ConnectionLimit: String(props.connectionLimit ?? 100),
        MigratorConnectionLimit: String(props.migratorConnectionLimit ?? 5),
        SqlFingerprint: APP_USER_SQL_FINGERPRINT,
        DropOnDelete: String(props.dropOnDelete ?? false),
      },
    });
    // The instance must be available (CREATE_COMPLETE), not merely have an endpoint attribute.
    if (isInstance(database)) {
      this.resource.node.addDependency(database);
    } else if (database.dependable) {
      this.resource.node.addDependency(database.dependable);
    }
    this.username = this.resource.getAttString('Username');
    acknowledgeAppUserFindings(this);
  }
}
