import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { DataBackup, type DataBackupOptions } from '../constructs/backup/data-backup';
import { Cache, type CacheOptions } from '../constructs/cache/cache';
import { Database, type DatabaseOptions, PROXY_PORT } from '../constructs/database/database';
import { ServiceKey, type ServiceKeyOptions } from '../constructs/keys/service-key';
import {
  ApiKeyRotation,
  type ApiKeyRotationProps,
  CacheUserRotation,
  type CacheUserRotationProps,
} from '../constructs/rotation';
import {
  ApplicationSecrets,
  type ApplicationSecretsOptions,
} from '../constructs/secrets/application-secrets';
import type { DataTier } from '../contracts/data-tier';
import type { MonitoredData } from './monitored';
import { type OutputTable, writeOutputs } from './outputs';

/** What the stage decides about the data stack: its constructs' options. */
export interface DataStackOptions extends StackProps {
  /** Key of the database, the cache and the backups. */
  readonly dataKey: ServiceKeyOptions;
  /** Key of every secret of the stage. */
  readonly secretsKey: ServiceKeyOptions;
  /**
   * Key of this stack's log groups: Control Tower's log-encryption rule accepts only a key in the
   * same template, not the network stack's.
   */
  readonly logsKey: ServiceKeyOptions;
  /** PostgreSQL, RDS Proxy and the credentials. */
  readonly database: DatabaseOptions;
  /** The Valkey/Redis replication group and its RBAC user. */
  readonly cache: CacheOptions;
  /** The API keys and the named application secrets. */
  readonly secrets: ApplicationSecretsOptions;
  /** The backup plan and the restore testing plan. */
  readonly backup: DataBackupOptions;
  /** Schedule and logs of the API-key rotation. */
  readonly apiKeyRotation: Pick<ApiKeyRotationProps, 'interval' | 'logRetention'>;
  /** Schedule and logs of the cache-user rotation. */
  readonly cacheUserRotation: Pick<CacheUserRotationProps, 'interval' | 'logRetention'>;
}

/** Props of {@link DataStack}: its options and the stage's VPC. */
export interface DataStackProps extends DataStackOptions {
  /** The stage's VPC (network stack). */
  readonly vpc: ec2.IVpc;
}

/**
 * The stateful tier: keys, database, cache, secrets and backups. Termination protection and
 * RETAIN/SNAPSHOT removal in production (from its options); the logical ids of its stateful
 * resources are asserted by tests, since a rename would replace them.
 */
export class DataStack extends Stack {
  /** What the service stack uses: endpoints, security groups, secrets, keys, the backup plan. */
  public readonly tier: DataTier;
  /** What the monitoring stack watches. */
  public readonly monitored: MonitoredData;
  /** Alarms of this stack (the stage routes them to the alerts topic). */
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { vpc } = props;
    const dataKey = new ServiceKey(this, 'DataKey', props.dataKey).key;
    const secretsKey = new ServiceKey(this, 'SecretsKey', props.secretsKey).key;
    const logsKey = new ServiceKey(this, 'LogsKey', props.logsKey).key;
    const keys = { dataKey, secretsKey, logsKey };

    const database = new Database(this, 'Database', { ...props.database, vpc, ...keys });
    const cache = new Cache(this, 'Cache', { ...props.cache, vpc, ...keys });
    const secrets = new ApplicationSecrets(this, 'Secrets', { ...props.secrets, secretsKey });
    const backup = new DataBackup(this, 'Backup', {
      ...props.backup,
      key: dataKey,
      database: database.instance,
      vpc,
      subnetGroupName: database.subnetGroupName,
    });

    const isolated = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    const apiKeyRotation = new ApiKeyRotation(this, 'ApiKeyRotation', {
      ...props.apiKeyRotation,
      secrets: Object.values(secrets.apiKeys),
      key: secretsKey,
      vpc,
      vpcSubnets: isolated,
    });
    const cacheUserRotation = new CacheUserRotation(this, 'CacheUserRotation', {
      ...props.cacheUserRotation,
      secret: cache.appUserSecret,
      key: secretsKey,
      vpc,
      vpcSubnets: isolated,
      cacheHost: cache.host,
      cachePort: cache.port,
      cacheUserArn: cache.appUser.attrArn,
    });
    cache.allowFrom(cacheUserRotation.securityGroup, 'cache rotation Lambda');
    // Creating a schedule rotates at once: the user and the group must exist by then.
    cacheUserRotation.schedule.node.addDependency(cache.replicationGroup);
    this.alarms = [...apiKeyRotation.alarms, ...cacheUserRotation.alarms];

    this.tier = {
      dataKey,
      secretsKey,
      databaseProxyEndpoint: database.proxy.endpoint,
      databasePort: PROXY_PORT,
      databaseName: props.database.databaseName,
      databaseProxySecurityGroup: database.proxySecurityGroup,
      databaseAppUserSecret: database.appUserSecret,
      databaseMigratorSecret: database.migratorSecret,
      cacheHost: cache.host,
      cachePort: cache.port,
      cacheSecurityGroup: cache.securityGroup,
      cacheUserSecret: cache.appUserSecret,
      apiKeySecrets: secrets.apiKeys,
      appSecrets: secrets.appSecrets,
      backupPlan: backup.plan,
    };
    this.monitored = {
      instance: database.instance,
      proxy: database.proxy,
      replicationGroup: cache.replicationGroup,
      dataKey,
      subnetGroupName: database.subnetGroupName,
      restoreTestingPlan: backup.restoreTestingPlan,
      restoreSecurityGroup: backup.restoreSecurityGroup,
      backupVaultName: backup.vault.backupVaultName,
    };
    writeOutputs(this, outputs({ database, cache, secrets, backup, apiKeyRotation, cacheUserRotation }));
  }
}

/** The constructs whose names and ARNs the data stack's outputs give. */
interface DataConstructs {
  readonly database: Database;
  readonly cache: Cache;
  readonly secrets: ApplicationSecrets;
  readonly backup: DataBackup;
  readonly apiKeyRotation: ApiKeyRotation;
  readonly cacheUserRotation: CacheUserRotation;
}

/** Stack outputs the runbooks read (docs/rotate-now.md, docs/backup-restore.md, ...). */
function outputs(c: DataConstructs): OutputTable {
  const { database, cache, secrets, backup, apiKeyRotation, cacheUserRotation } = c;
  return {
    DbProxyEndpoint: [database.proxy.endpoint, 'RDS Proxy endpoint (TLS required)'],
    DbProxyName: [database.proxy.dbProxyName, 'RDS Proxy name'],
    DbInstanceIdentifier: [database.instance.instanceIdentifier, 'RDS instance identifier'],
    DbMasterSecret: [database.masterSecret.secretArn, 'Master credentials (AWS rotation)'],
    DbAppSecret: [database.appUserSecret.secretArn, 'Application user credentials (AWS multi-user rotation)'],
    DbMigratorSecret: [
      database.migratorSecret.secretArn,
      'Migrator credentials: owns the schema, DDL, migration task only (AWS rotation)',
    ],
    CacheUserSecret: [cache.appUserSecret.secretArn, 'Cache application user (Shipshape rotation)'],
    ApiKeyRotationLogGroup: [
      apiKeyRotation.rotationFunction.logGroup.logGroupName,
      'Log group of the API-key rotation Lambda',
    ],
    CacheUserRotationLogGroup: [
      cacheUserRotation.rotationFunction.logGroup.logGroupName,
      'Log group of the cache-user rotation Lambda',
    ],
    CacheReplicationGroupId: [cache.replicationGroup.ref, 'ElastiCache replication group id'],
    DbSecurityGroupId: [database.securityGroup.securityGroupId, 'Security group of the instance'],
    DbProxySecurityGroupId: [database.proxySecurityGroup.securityGroupId, 'Security group of the proxy'],
    DbSubnetGroupName: [database.subnetGroupName, 'Isolated subnet group (restores land here)'],
    BackupPlanId: [backup.plan.backupPlanId, 'AWS Backup plan'],
    BackupRoleArn: [
      (backup.selection.grantPrincipal as iam.IRole).roleArn,
      'Role AWS Backup uses for the database',
    ],
    DbParameterGroupName: [
      database.parameterGroup.bindToInstance({}).parameterGroupName,
      'Parameter group (restores reuse it)',
    ],
    PublicApiKeySecret: [secrets.apiKeys.PUBLIC_API_KEY.secretArn, 'PUBLIC_API_KEY (Shipshape rotation)'],
    AdminApiKeySecret: [secrets.apiKeys.ADMIN_API_KEY.secretArn, 'ADMIN_API_KEY (Shipshape rotation)'],
    ...Object.fromEntries(
      Object.entries(secrets.appSecrets).map(([name, secret]) => [
        `${name.replace(/_/g, '')}Secret`,
        [secret.secretArn, `${name} (set by the operator)`],
      ]),
    ),
    BackupVaultName: [backup.vault.backupVaultName, 'AWS Backup vault'],
    RestoreTestingPlanName: [
      backup.restoreTestingPlan.restoreTestingPlanName,
      'AWS Backup restore testing plan',
    ],
    RestoreTestingPlanArn: [
      backup.restoreTestingPlan.attrRestoreTestingPlanArn,
      'AWS Backup restore testing plan ARN (list-restore-jobs --by-restore-testing-plan-arn)',
    ],
  };
}
