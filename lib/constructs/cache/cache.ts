import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../platform/acknowledge';

/** The cache port. */
export const CACHE_PORT = 6379;
/**
 * What the application user may do: every key and channel, every command except the dangerous
 * ones (FLUSHALL, KEYS, CONFIG, DEBUG, ...).
 */
export const APP_USER_ACCESS = 'on ~* &* +@all -@dangerous';

/** What config decides about the cache (plain data). */
export interface CacheOptions {
  /** Stage name: part of the ElastiCache user and group ids, which AWS requires. */
  readonly stageName: string;
  /** Engine. */
  readonly engine: 'valkey' | 'redis';
  /** Engine version, e.g. "8.0". */
  readonly engineVersion: string;
  /** Node type, e.g. cache.t4g.small. */
  readonly nodeType: string;
  /** Nodes in the group (primary + replicas). */
  readonly nodes: number;
  /** Multi-AZ with automatic failover. */
  readonly multiAz: boolean;
  /** Daily snapshot retention in days (0: no snapshots, and none on removal). */
  readonly snapshotRetentionDays: number;
  /** Application user name (RBAC). */
  readonly appUsername: string;
  /** Keep the app user's secret and the log groups when the stack is deleted (production). */
  readonly retain: boolean;
  /** Retention of the slow and engine log groups. */
  readonly logRetention: logs.RetentionDays;
}

/** Props of {@link Cache}: its options and the VPC and keys it uses. */
export interface CacheProps extends CacheOptions {
  /** VPC; the cache uses its isolated subnets. */
  readonly vpc: ec2.IVpc;
  /** CMK for data at rest and snapshots. */
  readonly dataKey: kms.IKey;
  /** CMK for the app user's secret. */
  readonly secretsKey: kms.IKey;
  /** CMK for the slow and engine log groups. */
  readonly logsKey: kms.IKey;
}

/**
 * ElastiCache (Valkey or Redis OSS) replication group in isolated subnets: TLS required in transit,
 * encrypted at rest with the CMK, RBAC with the default user disabled and one application user whose
 * password lives in Secrets Manager. The template reads that password through a dynamic reference
 * only when the user is created or changed, so rotation (which gives the user both the current and
 * the pending password) is never undone by a routine deploy that leaves the user alone.
 */
export class Cache extends Construct {
  /** The replication group. */
  public readonly replicationGroup: elasticache.CfnReplicationGroup;
  /** Security group of the cache; consumers are allowed in through its connections. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The application user's secret: `{"username","userId","password"}`. */
  public readonly appUserSecret: secretsmanager.Secret;
  /** The application user. */
  public readonly appUser: elasticache.CfnUser;
  /** Primary endpoint host. */
  public readonly host: string;
  /** Port. */
  public readonly port = CACHE_PORT;

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const { stageName } = props;
    const removal = props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Cache: 6379 from the service and the cache rotation Lambda only',
      allowAllOutbound: false,
    });
    const subnetGroup = new elasticache.CfnSubnetGroup(this, 'SubnetGroup', {
      description: 'Isolated subnets: no route to the internet',
      subnetIds: props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).subnetIds,
    });

    const appUserId = `shipshape-${stageName}-app`;
    this.appUserSecret = new secretsmanager.Secret(this, 'AppUserSecret', {
      description: `Shipshape ${stageName}: cache application user (rotated by the cache rotation Lambda)`,
      encryptionKey: props.secretsKey,
      removalPolicy: removal,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: props.appUsername, userId: appUserId }),
        generateStringKey: 'password',
        passwordLength: 64,
        excludePunctuation: true,
      },
    });

    // RBAC needs a user named "default" in the group; this one is switched off.
    const defaultUser = new elasticache.CfnUser(this, 'DefaultUser', {
      userId: `shipshape-${stageName}-default`,
      userName: 'default',
      engine: props.engine,
      accessString: 'off -@all',
      noPasswordRequired: true,
    });
    this.appUser = new elasticache.CfnUser(this, 'AppUser', {
      userId: appUserId,
      userName: props.appUsername,
      engine: props.engine,
      accessString: APP_USER_ACCESS,
      passwords: [this.appUserSecret.secretValueFromJson('password').unsafeUnwrap()],
    });
    const userGroup = new elasticache.CfnUserGroup(this, 'UserGroup', {
      userGroupId: `shipshape-${stageName}-users`,
      engine: props.engine,
      userIds: [defaultUser.ref, this.appUser.ref],
    });

    const logGroups = (['slow-log', 'engine-log'] as const).map((type) => ({
      type,
      group: new logs.LogGroup(this, type === 'slow-log' ? 'SlowLog' : 'EngineLog', {
        retention: props.logRetention,
        encryptionKey: props.logsKey,
        removalPolicy: removal,
      }),
    }));

    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupDescription: `Shipshape ${stageName} cache`,
      engine: props.engine,
      engineVersion: props.engineVersion,
      cacheNodeType: props.nodeType,
      numCacheClusters: props.nodes,
      automaticFailoverEnabled: props.multiAz,
      multiAzEnabled: props.multiAz,
      cacheSubnetGroupName: subnetGroup.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      port: CACHE_PORT,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      atRestEncryptionEnabled: true,
      kmsKeyId: props.dataKey.keyArn,
      userGroupIds: [userGroup.ref],
      snapshotRetentionLimit: props.snapshotRetentionDays,
      snapshotWindow: '03:00-04:00',
      preferredMaintenanceWindow: 'sun:05:00-sun:06:00',
      autoMinorVersionUpgrade: true,
      logDeliveryConfigurations: logGroups.map(({ type, group }) => ({
        logType: type,
        logFormat: 'json',
        destinationType: 'cloudwatch-logs',
        destinationDetails: { cloudWatchLogsDetails: { logGroup: group.logGroupName } },
      })),
    });
    this.replicationGroup.applyRemovalPolicy(
      props.snapshotRetentionDays > 0 ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
    );
    this.host = this.replicationGroup.attrPrimaryEndPointAddress;
    acknowledge(
      this.replicationGroup,
      'AwsSolutions-AEC6',
      'The cache authenticates with RBAC users (default user disabled, application user with a rotated password), which replaces the single Redis AUTH token this rule looks for. ProductionReadiness-ElastiCacheRBAC enforces the RBAC group.',
    );
  }

  /** Admits a security group on the cache port (the only way in: never a CIDR). */
  allowFrom(peer: ec2.ISecurityGroup, description: string): void {
    this.securityGroup.addIngressRule(peer, ec2.Port.tcp(CACHE_PORT), description);
  }
}
