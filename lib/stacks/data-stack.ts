import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as backup from 'aws-cdk-lib/aws-backup';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { ShipshapeConfig } from '../config';
import { DataBackup } from '../constructs/backup/data-backup';
import { Cache } from '../constructs/cache/cache';
import { Database } from '../constructs/database/database';
import { ServiceKey } from '../constructs/keys/service-key';
import { ApiKeyRotation, CacheUserRotation } from '../constructs/rotation';
import { ApplicationSecrets } from '../constructs/secrets/application-secrets';
import type { ApiKeyName, DataTier } from '../contracts/data-tier';
import { writeOutputs } from './outputs';

/** Props of {@link DataStack}. */
export interface DataStackProps extends StackProps {
  /** The stage's validated config. */
  readonly config: ShipshapeConfig;
  /** The stage's VPC. */
  readonly vpc: ec2.IVpc;
}

/**
 * The stateful tier: keys, database, cache, secrets and backups. Termination protection and
 * RETAIN/SNAPSHOT removal in production (set by the stage); the logical ids of its stateful
 * resources are asserted by tests, since a rename would replace them.
 */
export class DataStack extends Stack implements DataTier {
  public readonly dataKey: kms.Key;
  public readonly secretsKey: kms.Key;
  public readonly database: Database;
  public readonly cache: Cache;
  public readonly secrets: ApplicationSecrets;
  public readonly backup: DataBackup;
  public readonly databaseProxyEndpoint: string;
  public readonly databasePort: number;
  public readonly databaseName: string;
  public readonly databaseProxySecurityGroup: ec2.ISecurityGroup;
  public readonly databaseAppUserSecret: secretsmanager.ISecret;
  public readonly databaseMigratorSecret: secretsmanager.ISecret;
  public readonly cacheHost: string;
  public readonly cachePort: number;
  public readonly cacheSecurityGroup: ec2.ISecurityGroup;
  public readonly cacheUserSecret: secretsmanager.ISecret;
  public readonly apiKeySecrets: Readonly<Record<ApiKeyName, secretsmanager.ISecret>>;
  public readonly appSecrets: Readonly<Record<string, secretsmanager.ISecret>>;
  public readonly backupPlan: backup.BackupPlan;
  /** Scheduled rotation of the API keys (Shipshape's own four-step Lambda). */
  public readonly apiKeyRotation: ApiKeyRotation;
  /** Scheduled rotation of the cache user's password. */
  public readonly cacheUserRotation: CacheUserRotation;
  /** Alarms of this stack (the stage routes them to the alerts topic). */
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config, vpc } = props;
    const stageName = config.stage.name;
    const production = config.stage.production;
    const logRetention = config.retention.logDays as logs.RetentionDays;

    this.dataKey = new ServiceKey(this, 'DataKey', { purpose: 'data', stageName, retain: true }).key;
    this.secretsKey = new ServiceKey(this, 'SecretsKey', { purpose: 'secrets', stageName, retain: true }).key;
    // A logs key of this stack's own: Control Tower's log-encryption rule accepts only a key in
    // the same template, not one imported from the network stack.
    const logsKey = new ServiceKey(this, 'LogsKey', {
      purpose: 'data-logs',
      stageName,
      servicePrincipals: ['logs'],
      retain: production,
    }).key;

    this.database = new Database(this, 'Database', {
      config: config.database,
      stageName,
      production,
      vpc,
      dataKey: this.dataKey,
      secretsKey: this.secretsKey,
      logsKey,
      logRetention,
    });
    this.cache = new Cache(this, 'Cache', {
      config: config.cache,
      stageName,
      production,
      vpc,
      dataKey: this.dataKey,
      secretsKey: this.secretsKey,
      logsKey,
      logRetention,
    });
    this.secrets = new ApplicationSecrets(this, 'Secrets', {
      stageName,
      secretsKey: this.secretsKey,
      appSecrets: config.service.secrets,
    });
    this.backup = new DataBackup(this, 'Backup', {
      stageName,
      production,
      retention: config.retention,
      key: this.dataKey,
      database: this.database.instance,
      vpc,
      subnetGroupName: this.database.subnetGroupName,
    });

    const isolated = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    this.apiKeyRotation = new ApiKeyRotation(this, 'ApiKeyRotation', {
      secrets: Object.values(this.secrets.apiKeys),
      key: this.secretsKey,
      vpc,
      vpcSubnets: isolated,
      interval: Duration.days(config.rotation.apiKeyDays),
      logRetention,
    });
    this.cacheUserRotation = new CacheUserRotation(this, 'CacheUserRotation', {
      secret: this.cache.appUserSecret,
      key: this.secretsKey,
      vpc,
      vpcSubnets: isolated,
      cacheHost: this.cache.host,
      cachePort: this.cache.port,
      cacheUserArn: this.cache.appUser.attrArn,
      interval: Duration.days(config.rotation.cacheUserDays),
      logRetention,
    });
    this.cache.allowFrom(this.cacheUserRotation.securityGroup, 'cache rotation Lambda');
    // Creating a schedule rotates at once: the user and the group must exist by then.
    this.cacheUserRotation.schedule.node.addDependency(this.cache.replicationGroup);

    this.alarms = [...this.apiKeyRotation.alarms, ...this.cacheUserRotation.alarms];

    this.databaseProxyEndpoint = this.database.proxy.endpoint;
    this.databasePort = 5432;
    this.databaseName = config.database.databaseName;
    this.databaseProxySecurityGroup = this.database.proxySecurityGroup;
    this.databaseAppUserSecret = this.database.appUserSecret;
    this.databaseMigratorSecret = this.database.migratorSecret;
    this.cacheHost = this.cache.host;
    this.cachePort = this.cache.port;
    this.cacheSecurityGroup = this.cache.securityGroup;
    this.cacheUserSecret = this.cache.appUserSecret;
    this.apiKeySecrets = this.secrets.apiKeys;
    this.appSecrets = this.secrets.appSecrets;
    this.backupPlan = this.backup.plan;

    this.outputs(config.service.secrets.map((s) => s.name));
  }

  /** Stack outputs the runbooks read (docs/rotate-now.md, docs/backup-restore.md, ...). */
  private outputs(appSecretNames: readonly string[]): void {
    const { database, cache, secrets, backup } = this;
    writeOutputs(this, {
      DbProxyEndpoint: { value: database.proxy.endpoint, description: 'RDS Proxy endpoint (TLS required)' },
      DbProxyName: { value: database.proxy.dbProxyName, description: 'RDS Proxy name' },
      DbInstanceIdentifier: {
        value: database.instance.instanceIdentifier,
        description: 'RDS instance identifier',
      },
      DbMasterSecret: {
        value: database.masterSecret.secretArn,
        description: 'Master credentials (AWS rotation)',
      },
      DbAppSecret: {
        value: database.appUserSecret.secretArn,
        description: 'Application user credentials (AWS multi-user rotation)',
      },
      DbMigratorSecret: {
        value: database.migratorSecret.secretArn,
        description: 'Migrator credentials: owns the schema, DDL, migration task only (AWS rotation)',
      },
      CacheUserSecret: {
        value: cache.appUserSecret.secretArn,
        description: 'Cache application user (Shipshape rotation)',
      },
      ApiKeyRotationLogGroup: {
        value: this.apiKeyRotation.rotationFunction.logGroup.logGroupName,
        description: 'Log group of the API-key rotation Lambda',
      },
      CacheUserRotationLogGroup: {
        value: this.cacheUserRotation.rotationFunction.logGroup.logGroupName,
        description: 'Log group of the cache-user rotation Lambda',
      },
      CacheReplicationGroupId: {
        value: cache.replicationGroup.ref,
        description: 'ElastiCache replication group id',
      },
      DbSecurityGroupId: {
        value: database.securityGroup.securityGroupId,
        description: 'Security group of the instance',
      },
      DbProxySecurityGroupId: {
        value: database.proxySecurityGroup.securityGroupId,
        description: 'Security group of the proxy',
      },
      DbSubnetGroupName: {
        value: database.subnetGroupName,
        description: 'Isolated subnet group (restores land here)',
      },
      BackupPlanId: { value: backup.plan.backupPlanId, description: 'AWS Backup plan' },
      BackupRoleArn: {
        value: (backup.selection.grantPrincipal as iam.IRole).roleArn,
        description: 'Role AWS Backup uses for the database',
      },
      DbParameterGroupName: {
        value: database.parameterGroup.bindToInstance({}).parameterGroupName,
        description: 'Parameter group (restores reuse it)',
      },
      PublicApiKeySecret: {
        value: secrets.apiKeys.PUBLIC_API_KEY.secretArn,
        description: 'PUBLIC_API_KEY (Shipshape rotation)',
      },
      AdminApiKeySecret: {
        value: secrets.apiKeys.ADMIN_API_KEY.secretArn,
        description: 'ADMIN_API_KEY (Shipshape rotation)',
      },
      ...Object.fromEntries(
        appSecretNames.map((name) => [
          `${name.replace(/_/g, '')}Secret`,
          { value: secrets.appSecrets[name]!.secretArn, description: `${name} (set by the operator)` },
        ]),
      ),
      BackupVaultName: { value: backup.vault.backupVaultName, description: 'AWS Backup vault' },
      RestoreTestingPlanName: {
        value: backup.restoreTestingPlan.restoreTestingPlanName,
        description: 'AWS Backup restore testing plan',
      },
      RestoreTestingPlanArn: {
        value: backup.restoreTestingPlan.attrRestoreTestingPlanArn,
        description: 'AWS Backup restore testing plan ARN (list-restore-jobs --by-restore-testing-plan-arn)',
      },
    });
  }
}
