import { Aspects, Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { DATABASE_MASTER_USERNAME } from '../../contracts/database-roles';
import { Construct, type IConstruct } from 'constructs';
import { acknowledgeDatabaseFindings } from './acknowledgements';
import { DatabaseAppUser } from './app-user';
import type { DatabaseOptions } from './database-options';

export type { DatabaseOptions, DatabaseProxyOptions } from './database-options';

/** PostgreSQL log streams exported to CloudWatch Logs. */
export const DATABASE_LOG_EXPORTS = ['postgresql', 'upgrade'] as const;
/** Login of the RDS master user (never used by the application). */
export const MASTER_USERNAME = DATABASE_MASTER_USERNAME;
/**
 * The instance listens on a non-default port (AwsSolutions-RDS11, CT.RDS.PR.23); clients never
 * see it: they connect to RDS Proxy, which listens on PostgreSQL's 5432.
 */
export const INSTANCE_PORT = 5433;
/** The port RDS Proxy listens on for PostgreSQL (fixed by AWS). */
export const PROXY_PORT = 5432;

/** Props of {@link Database}: its options and the VPC and keys it uses. */
export interface DatabaseProps extends DatabaseOptions {
  /** VPC; the database, proxy and rotation Lambdas use its isolated subnets. */
  readonly vpc: ec2.IVpc;
  /** CMK for storage, Performance Insights and the app-user Lambda. */
  readonly dataKey: kms.IKey;
  /** CMK for the credentials. */
  readonly secretsKey: kms.IKey;
  /** CMK for the exported log groups. */
  readonly logsKey: kms.IKey;
}

/**
 * RDS PostgreSQL in isolated subnets behind RDS Proxy. The master secret is rotated by AWS's
 * hosted single-user rotation; the application connects as a separate least-privilege user whose
 * secret AWS's hosted multi-user rotation alternates (no downtime). The security groups admit
 * 5432 only from the proxy, the app-user Lambda and the rotation Lambdas: never from a CIDR.
 */
export class Database extends Construct {
  /** The instance. */
  public readonly instance: rds.DatabaseInstance;
  /** The proxy the service connects to. */
  public readonly proxy: rds.DatabaseProxy;
  /** Master credentials (rotated by AWS). */
  public readonly masterSecret: secretsmanager.ISecret;
  /** Application user credentials (rotated by AWS, multi-user). */
  public readonly appUserSecret: secretsmanager.ISecret;
  /**
   * The migrator's credentials: the role that owns the application schema and runs DDL, used only
   * by the one-off migration task; rotated by AWS single-user rotation (a multi-user `_clone` would
   * own the tables it creates, outside the app user's default privileges).
   */
  public readonly migratorSecret: secretsmanager.ISecret;
  /** Security group of the instance. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** Security group of the proxy; consumers are allowed in through its connections. */
  public readonly proxySecurityGroup: ec2.SecurityGroup;
  /** Security group of the AWS rotation Lambdas. */
  public readonly rotationSecurityGroup: ec2.SecurityGroup;
  /** The app user custom resource. */
  public readonly appUser: DatabaseAppUser;
  /** The parameter group (TLS forced, slow queries logged); restores reuse it. */
  public readonly parameterGroup: rds.ParameterGroup;
  /** Name of the isolated subnet group (restore tests land in it too). */
  public readonly subnetGroupName: string;
  /** Exported log groups, by log type. */
  public readonly logGroups: Record<(typeof DATABASE_LOG_EXPORTS)[number], logs.LogGroup>;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const { vpc } = props;
    const isolated = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    const removal = props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `PostgreSQL: ${INSTANCE_PORT} from the proxy, the app-user Lambda and the rotation Lambdas only`,
      allowAllOutbound: false,
    });
    this.proxySecurityGroup = new ec2.SecurityGroup(this, 'ProxySecurityGroup', {
      vpc,
      description: `RDS Proxy: ${PROXY_PORT} from the service only`,
      allowAllOutbound: false,
    });
    this.rotationSecurityGroup = new ec2.SecurityGroup(this, 'RotationSecurityGroup', {
      vpc,
      description: 'AWS rotation Lambdas: to PostgreSQL and to the Secrets Manager endpoint',
      allowAllOutbound: false,
    });
    this.rotationSecurityGroup.addEgressRule(
      ec2.Peer.ipv4(vpc.vpcCidrBlock),
      ec2.Port.tcp(443),
      'Secrets Manager endpoint',
    );

    const engine = rds.DatabaseInstanceEngine.postgres({
      version: rds.PostgresEngineVersion.of(props.engineVersion, props.engineVersion.split('.')[0]!),
    });
    this.parameterGroup = new rds.ParameterGroup(this, 'Parameters', {
      engine,
      description: 'Shipshape PostgreSQL: TLS forced, slow queries and connections logged',
      parameters: {
        'rds.force_ssl': '1',
        ssl_min_protocol_version: 'TLSv1.2',
        password_encryption: 'scram-sha-256',
        log_min_duration_statement: String(props.slowQueryMs),
        log_connections: '1',
        log_disconnections: '1',
        log_lock_waits: '1',
      },
    });
    const parameterGroup = this.parameterGroup;
    const subnetGroup = new rds.SubnetGroup(this, 'SubnetGroup', {
      vpc,
      vpcSubnets: isolated,
      description: 'Isolated subnets: no route to the internet',
      removalPolicy: removal,
    });

    this.subnetGroupName = subnetGroup.subnetGroupName;

    // RDS writes its exports to /aws/rds/instance/<identifier>/<type> and creates the group itself
    // if it does not exist. To own those groups (KMS, retention) they must exist before the
    // instance, so the identifier is fixed here: a deliberate exception to generated names. It
    // embeds the stage, and a change to it would be refused by CloudFormation (name in use)
    // instead of silently replacing the database.
    const identifier = `shipshape-${props.stageName}-postgres`;
    this.logGroups = Object.fromEntries(
      DATABASE_LOG_EXPORTS.map((type) => [
        type,
        new logs.LogGroup(this, `${type.charAt(0).toUpperCase()}${type.slice(1)}Logs`, {
          logGroupName: `/aws/rds/instance/${identifier}/${type}`,
          retention: props.logRetention,
          encryptionKey: props.logsKey,
          removalPolicy: removal,
        }),
      ]),
    ) as Database['logGroups'];

    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      engine,
      instanceIdentifier: identifier,
      instanceType: new ec2.InstanceType(props.instanceClass.replace(/^db\./, '')),
      vpc,
      subnetGroup,
      securityGroups: [this.securityGroup],
      publiclyAccessible: false,
      port: INSTANCE_PORT,
      databaseName: props.databaseName,
      credentials: rds.Credentials.fromGeneratedSecret(MASTER_USERNAME, {
        encryptionKey: props.secretsKey,
        excludeCharacters: ' %+~`#$&*()|[]{}:;<>?!\'/@"\\',
      }),
      parameterGroup,
      storageType: rds.StorageType.GP3,
      allocatedStorage: props.allocatedStorageGiB,
      maxAllocatedStorage: props.maxAllocatedStorageGiB,
      storageEncrypted: true,
      storageEncryptionKey: props.dataKey,
      multiAz: props.multiAz,
      backupRetention: Duration.days(props.backupRetentionDays),
      preferredBackupWindow: '02:00-03:00',
      preferredMaintenanceWindow: 'sun:04:00-sun:05:00',
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: false,
      deletionProtection: props.deletionProtection,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      iamAuthentication: true,
      cloudwatchLogsExports: [...DATABASE_LOG_EXPORTS],
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: props.dataKey,
      performanceInsightRetention: props.performanceInsightsRetentionDays as rds.PerformanceInsightRetention,
      monitoringInterval: Duration.seconds(props.monitoringIntervalSeconds),
      autoMinorVersionUpgrade: true,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
    });
    for (const group of Object.values(this.logGroups)) this.instance.node.addDependency(group);
    this.masterSecret = this.instance.secret!;
    // instance.secret is the SecretTargetAttachment; the generated secret is the instance's child
    // "Secret". Retain that one in production (the attachment's policy would protect nothing).
    (this.instance.node.findChild('Secret') as secretsmanager.Secret).applyRemovalPolicy(removal);

    const rotationDays = Duration.days(props.credentialRotationDays);
    const hostedRotationOptions = { vpc, vpcSubnets: isolated, securityGroups: [this.rotationSecurityGroup] };
    this.masterSecret.addRotationSchedule('Rotation', {
      hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser({
        ...hostedRotationOptions,
        functionName: `shipshape-${props.stageName}-db-master-rotation`,
      }),
      automaticallyAfter: rotationDays,
    });

    const appUserSecret = new rds.DatabaseSecret(this, 'AppUserSecret', {
      username: props.appUsername,
      dbname: props.databaseName,
      masterSecret: this.masterSecret,
      encryptionKey: props.secretsKey,
      excludeCharacters: ' %+~`#$&*()|[]{}:;<>?!\'/@"\\',
    });
    appUserSecret.applyRemovalPolicy(removal);
    this.appUserSecret = appUserSecret.attach(this.instance);
    this.appUserSecret.addRotationSchedule('Rotation', {
      hostedRotation: secretsmanager.HostedRotation.postgreSqlMultiUser({
        ...hostedRotationOptions,
        masterSecret: this.masterSecret,
        functionName: `shipshape-${props.stageName}-db-app-rotation`,
      }),
      automaticallyAfter: rotationDays,
    });

    const migratorSecret = new rds.DatabaseSecret(this, 'MigratorSecret', {
      username: props.migratorUsername,
      dbname: props.databaseName,
      encryptionKey: props.secretsKey,
      excludeCharacters: ' %+~`#$&*()|[]{}:;<>?!\'/@"\\',
    });
    migratorSecret.applyRemovalPolicy(removal);
    this.migratorSecret = migratorSecret.attach(this.instance);
    this.migratorSecret.addRotationSchedule('Rotation', {
      hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser({
        ...hostedRotationOptions,
        functionName: `shipshape-${props.stageName}-db-migrator-rotation`,
      }),
      automaticallyAfter: rotationDays,
    });

    this.appUser = new DatabaseAppUser(this, 'AppUser', {
      database: this.instance,
      masterSecret: this.masterSecret,
      appUserSecret: this.appUserSecret,
      migratorSecret: this.migratorSecret,
      databaseName: props.databaseName,
      schemaName: props.schemaName,
      vpc,
      vpcSubnets: isolated,
      encryptionKey: props.dataKey,
      logRetention: props.logRetention,
    });

    this.proxy = new rds.DatabaseProxy(this, 'Proxy', {
      proxyTarget: rds.ProxyTarget.fromInstance(this.instance),
      // The API connects as the app user, the migration task as the migrator.
      secrets: [this.appUserSecret, this.migratorSecret],
      vpc,
      vpcSubnets: isolated,
      securityGroups: [this.proxySecurityGroup],
      requireTLS: true,
      idleClientTimeout: Duration.seconds(props.proxy.idleClientTimeoutSeconds),
      borrowTimeout: Duration.seconds(props.proxy.connectionBorrowTimeoutSeconds),
      maxConnectionsPercent: props.proxy.maxConnectionsPercent,
      debugLogging: false,
    });
    // The proxy (its rules are added by DatabaseProxy), the app-user Lambda (by DatabaseAppUser)
    // and the rotation Lambdas are the only network paths to the instance.
    this.securityGroup.addIngressRule(
      this.rotationSecurityGroup,
      ec2.Port.tcp(INSTANCE_PORT),
      'AWS rotation Lambdas',
    );
    this.rotationSecurityGroup.addEgressRule(
      this.securityGroup,
      ec2.Port.tcp(INSTANCE_PORT),
      'to PostgreSQL',
    );
    pinPorts(this.securityGroup);
    pinPorts(this.proxySecurityGroup);
    acknowledgeDatabaseFindings(this);
  }
}

/**
 * CDK adds the proxy's and the app-user Lambda's rules with the instance's endpoint port as a
 * CloudFormation attribute (allowDefaultPortFrom); rules cannot read an attribute, and the port is
 * fixed here anyway. Pin every such rule of the group to the literal port so every engine can
 * check it.
 */
function pinPorts(group: ec2.SecurityGroup): void {
  Aspects.of(group).add({
    visit(node: IConstruct) {
      const rule = node instanceof ec2.CfnSecurityGroupIngress || node instanceof ec2.CfnSecurityGroupEgress;
      if (rule && Token.isUnresolved(node.fromPort)) {
        node.fromPort = INSTANCE_PORT;
        node.toPort = INSTANCE_PORT;
      }
    },
  });
}
