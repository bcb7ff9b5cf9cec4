import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { ShipshapeConfig } from '../../lib/config';
import { APP_USER_ACCESS, CACHE_PORT } from '../../lib/constructs/cache/cache';
import { DATABASE_LOG_EXPORTS, INSTANCE_PORT, MASTER_USERNAME } from '../../lib/constructs/database/database';
import { PURPOSE_TAG_KEY as PURPOSE_TAG } from '../../lib/contracts/tags';
import { API_KEY_NAMES } from '../../lib/contracts/data-tier';
import { shared as app, stageArtifacts } from '../support/assembly';
import { CONFIGS } from '../support/synth';

const prod = app.template('prod', 'Data');
const dev = app.template('dev', 'Data');
const PROD = CONFIGS.prod!;
const DEV = CONFIGS.dev!;
const BOTH: [string, Template, ShipshapeConfig][] = [
  ['prod', prod, PROD],
  ['dev', dev, DEV],
];

type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string[];
  DeletionPolicy?: string;
};

/** The logical id of the one resource of `type` whose definition matches `props`. */
function idOf(template: Template, type: string, props?: Record<string, unknown>): string {
  const ids = Object.keys(template.findResources(type, props ? { Properties: props } : undefined));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

function resource(template: Template, id: string): Resource {
  return (template.toJSON().Resources as Record<string, Resource>)[id]!;
}

const getAtt = (id: string, attr: string) => ({ 'Fn::GetAtt': [id, attr] });
const keyId = (template: Template, env: string, purpose: string) =>
  idOf(template, 'AWS::KMS::Key', { Description: `Shipshape ${env}: ${purpose}` });
const keyArn = (template: Template, env: string, purpose: string) =>
  getAtt(keyId(template, env, purpose), 'Arn');
const sgId = (template: Template, description: string | RegExp) =>
  idOf(template, 'AWS::EC2::SecurityGroup', {
    GroupDescription:
      typeof description === 'string' ? description : Match.stringLikeRegexp(description.source),
  });

/** Subnet ids imported from the network stack: exactly the isolated subnet of each AZ. */
function expectIsolatedSubnets(subnetIds: unknown, config: ShipshapeConfig): void {
  expect(subnetIds).toHaveLength(config.network.maxAzs);
  for (const id of subnetIds as unknown[]) {
    expect(id).toEqual({
      'Fn::GetStackOutput': expect.objectContaining({
        OutputName: expect.stringMatching(/^PublishOutputRefNetworkVpcIsolatedSubnet\d+Subnet/),
      }),
    });
  }
}

/** `rate(N days)` → N. */
function rateDays(expression: unknown): number {
  const match = /^rate\((\d+) days?\)$/.exec(String(expression));
  expect(match).not.toBeNull();
  return Number(match![1]);
}

describe('data stack: KMS keys (SEC-20)', () => {
  test.each(BOTH)(
    '%s: data, secrets and logs keys rotate and refuse grants to non-AWS principals',
    (env, template) => {
      for (const purpose of ['data', 'secrets', 'data-logs']) {
        template.hasResourceProperties('AWS::KMS::Key', {
          Description: `Shipshape ${env}: ${purpose}`,
          EnableKeyRotation: true,
          KeyPolicy: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Sid: 'DenyGrantsExceptToAwsServices',
                Effect: 'Deny',
                Principal: { AWS: '*' },
                Action: 'kms:CreateGrant',
                Condition: {
                  BoolIfExists: {
                    'kms:GrantIsForAWSResource': 'false',
                    'aws:PrincipalIsAWSService': 'false',
                  },
                },
              }),
            ]),
          },
        });
        template.hasResourceProperties('AWS::KMS::Alias', {
          AliasName: `alias/shipshape/${env}/${purpose}`,
          TargetKeyId: keyArn(template, env, purpose),
        });
      }
    },
  );

  test.each(BOTH)(
    '%s: the logs key admits CloudWatch Logs of this region, for log groups of this account only',
    (env, template, config) => {
      const statements = (
        resource(template, keyId(template, env, 'data-logs')).Properties.KeyPolicy as {
          Statement: { Principal?: { Service?: string }; Condition?: unknown }[];
        }
      ).Statement;
      const services = statements.filter((s) => s.Principal?.Service !== undefined);
      expect(services).toEqual([
        expect.objectContaining({
          Sid: 'AllowlogsService',
          Effect: 'Allow',
          Principal: { Service: `logs.${config.region}.amazonaws.com` },
          Condition: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${config.region}:${config.account}:log-group:*`,
            },
          },
        }),
      ]);
    },
  );

  test('data and secrets keys are always retained; the logs key only in production', () => {
    for (const [env, template] of [
      ['prod', prod],
      ['dev', dev],
    ] as const) {
      for (const purpose of ['data', 'secrets']) {
        expect(resource(template, keyId(template, env, purpose))).toMatchObject({
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
        });
      }
    }
    expect(resource(prod, keyId(prod, 'prod', 'data-logs')).DeletionPolicy).toBe('Retain');
    expect(resource(dev, keyId(dev, 'dev', 'data-logs')).DeletionPolicy).toBe('Delete');
  });
});

describe('data stack: RDS PostgreSQL (DB-01, DB-02, DB-07, DB-08)', () => {
  test.each(BOTH)('%s: engine, class, storage and encryption come from config', (env, template, config) => {
    const db = config.database;
    template.resourceCountIs('AWS::RDS::DBInstance', 1);
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      EngineVersion: db.engineVersion,
      DBInstanceClass: db.instanceClass,
      DBInstanceIdentifier: `shipshape-${env}-postgres`,
      DBName: db.databaseName,
      MasterUsername: MASTER_USERNAME,
      StorageType: 'gp3',
      AllocatedStorage: String(db.allocatedStorageGiB),
      MaxAllocatedStorage: db.maxAllocatedStorageGiB,
      StorageEncrypted: true,
      KmsKeyId: keyArn(template, env, 'data'),
      PubliclyAccessible: false,
      AutoMinorVersionUpgrade: true,
      CACertificateIdentifier: 'rds-ca-rsa2048-g1',
    });
  });

  test('prod and dev get the sizes their configs ask for (the configs differ)', () => {
    expect(PROD.database.instanceClass).not.toBe(DEV.database.instanceClass);
    prod.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.r7g.large',
      AllocatedStorage: '100',
    });
    dev.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.t4g.medium',
      AllocatedStorage: '20',
    });
  });

  test.each(BOTH)(
    '%s: availability, backups and deletion protection follow config',
    (_env, template, config) => {
      template.hasResourceProperties('AWS::RDS::DBInstance', {
        MultiAZ: config.database.multiAz,
        BackupRetentionPeriod: config.database.backupRetentionDays,
        DeletionProtection: config.database.deletionProtection,
        DeleteAutomatedBackups: false,
        CopyTagsToSnapshot: true,
      });
      // Removal always leaves a final snapshot, in every stage.
      template.hasResource('AWS::RDS::DBInstance', {
        DeletionPolicy: 'Snapshot',
        UpdateReplacePolicy: 'Snapshot',
      });
    },
  );

  test('production is Multi-AZ with deletion protection and >= 7 days of backups; dev is single-AZ and removable', () => {
    prod.hasResourceProperties('AWS::RDS::DBInstance', {
      MultiAZ: true,
      DeletionProtection: true,
      BackupRetentionPeriod: 14,
    });
    expect(PROD.database.backupRetentionDays).toBeGreaterThanOrEqual(7);
    dev.hasResourceProperties('AWS::RDS::DBInstance', {
      MultiAZ: false,
      DeletionProtection: false,
      BackupRetentionPeriod: 3,
    });
  });

  test.each(BOTH)('%s: the subnet group holds exactly the isolated subnets', (_env, template, config) => {
    const subnetGroup = idOf(template, 'AWS::RDS::DBSubnetGroup');
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBSubnetGroupName: { Ref: subnetGroup } });
    expectIsolatedSubnets(resource(template, subnetGroup).Properties.SubnetIds, config);
  });

  test.each(BOTH)('%s: the parameter group forces TLS and logs slow statements', (_env, template, config) => {
    const group = idOf(template, 'AWS::RDS::DBParameterGroup');
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: `postgres${config.database.engineVersion.split('.')[0]}`,
      Parameters: {
        'rds.force_ssl': '1',
        ssl_min_protocol_version: 'TLSv1.2',
        log_min_duration_statement: String(config.database.slowQueryMs),
      },
    });
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBParameterGroupName: { Ref: group } });
  });

  test.each(BOTH)(
    '%s: IAM auth, non-default port, Performance Insights with the data key, enhanced monitoring',
    (env, template, config) => {
      expect(INSTANCE_PORT).not.toBe(5432);
      template.hasResourceProperties('AWS::RDS::DBInstance', {
        EnableIAMDatabaseAuthentication: true,
        Port: String(INSTANCE_PORT),
        EnablePerformanceInsights: true,
        PerformanceInsightsKMSKeyId: keyArn(template, env, 'data'),
        PerformanceInsightsRetentionPeriod: config.database.performanceInsightsRetentionDays,
        MonitoringInterval: config.database.monitoringIntervalSeconds,
        MonitoringRoleArn: Match.anyValue(),
      });
    },
  );

  test.each(BOTH)(
    '%s: postgresql and upgrade logs go to owned, encrypted log groups created before the instance',
    (env, template, config) => {
      template.hasResourceProperties('AWS::RDS::DBInstance', {
        EnableCloudwatchLogsExports: [...DATABASE_LOG_EXPORTS],
      });
      expect([...DATABASE_LOG_EXPORTS]).toEqual(['postgresql', 'upgrade']);
      const groups = DATABASE_LOG_EXPORTS.map((type) =>
        idOf(template, 'AWS::Logs::LogGroup', {
          LogGroupName: `/aws/rds/instance/shipshape-${env}-postgres/${type}`,
          RetentionInDays: config.retention.logDays,
          KmsKeyId: keyArn(template, env, 'data-logs'),
        }),
      );
      const instance = idOf(template, 'AWS::RDS::DBInstance');
      expect(resource(template, instance).DependsOn).toEqual(expect.arrayContaining(groups));
    },
  );
});

describe('data stack: network paths (SEC-10, SEC-11)', () => {
  test.each(BOTH)('%s: PostgreSQL admits only security groups, on the instance port', (_env, template) => {
    const dbSg = sgId(template, /^PostgreSQL: /);
    const allowed = [
      sgId(template, /^RDS Proxy: /),
      sgId(template, 'Database app-user provisioning function'),
      sgId(template, /^AWS rotation Lambdas/),
    ];
    expect(resource(template, dbSg).Properties.SecurityGroupIngress).toBeUndefined();
    const rules = Object.values(
      template.findResources('AWS::EC2::SecurityGroupIngress', {
        Properties: { GroupId: getAtt(dbSg, 'GroupId') },
      }),
    ) as Resource[];
    expect(rules.length).toBeGreaterThanOrEqual(3);
    for (const { Properties: rule } of rules) {
      expect(rule).toMatchObject({ IpProtocol: 'tcp', FromPort: INSTANCE_PORT, ToPort: INSTANCE_PORT });
      expect(rule.CidrIp).toBeUndefined();
      expect(rule.CidrIpv6).toBeUndefined();
      expect(rule.SourcePrefixListId).toBeUndefined();
      expect(allowed).toContain(
        (rule.SourceSecurityGroupId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0],
      );
    }
    // Each of the three callers has its way in.
    const sources = new Set(
      rules.map((r) => (r.Properties.SourceSecurityGroupId as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]),
    );
    expect([...sources].sort()).toEqual([...allowed].sort());
  });

  test.each(BOTH)(
    '%s: the proxy group has no ingress yet (the service adds itself) and talks only to PostgreSQL',
    (_env, template) => {
      const proxySg = sgId(template, /^RDS Proxy: /);
      const dbSg = sgId(template, /^PostgreSQL: /);
      expect(resource(template, proxySg).Properties.SecurityGroupIngress).toBeUndefined();
      expect(
        Object.keys(
          template.findResources('AWS::EC2::SecurityGroupIngress', {
            Properties: { GroupId: getAtt(proxySg, 'GroupId') },
          }),
        ),
      ).toEqual([]);
      const egress = Object.values(
        template.findResources('AWS::EC2::SecurityGroupEgress', {
          Properties: { GroupId: getAtt(proxySg, 'GroupId') },
        }),
      ) as Resource[];
      expect(egress.length).toBeGreaterThan(0);
      for (const { Properties: rule } of egress) {
        expect(rule.DestinationSecurityGroupId).toEqual(getAtt(dbSg, 'GroupId'));
        expect(rule.CidrIp).toBeUndefined();
      }
    },
  );

  test.each(BOTH)(
    '%s: the cache admits 6379 only from security groups: here, the rotation Lambda',
    (_env, template) => {
      const cacheSg = sgId(template, /^Cache: /);
      expect(resource(template, cacheSg).Properties.SecurityGroupIngress).toBeUndefined();
      const rules = Object.values(
        template.findResources('AWS::EC2::SecurityGroupIngress', {
          Properties: { GroupId: getAtt(cacheSg, 'GroupId') },
        }),
      ) as Resource[];
      expect(rules.map((r) => r.Properties)).toEqual([
        expect.objectContaining({
          IpProtocol: 'tcp',
          FromPort: CACHE_PORT,
          ToPort: CACHE_PORT,
          SourceSecurityGroupId: getAtt(
            sgId(template, /^Rotates the ElastiCache RBAC user password/),
            'GroupId',
          ),
        }),
      ]);
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        Port: CACHE_PORT,
        SecurityGroupIds: [getAtt(cacheSg, 'GroupId')],
      });
    },
  );

  test.each(BOTH)('%s: no rule of the stack admits a CIDR', (_env, template) => {
    for (const rule of Object.values(
      template.findResources('AWS::EC2::SecurityGroupIngress'),
    ) as Resource[]) {
      expect(rule.Properties.CidrIp ?? rule.Properties.CidrIpv6).toBeUndefined();
    }
    for (const sg of Object.values(template.findResources('AWS::EC2::SecurityGroup')) as Resource[]) {
      expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    }
  });

  test.each(BOTH)(
    '%s: every function and the proxy run in the isolated subnets',
    (_env, template, config) => {
      const functions = Object.values(template.findResources('AWS::Lambda::Function')) as Resource[];
      const inVpc = functions.filter((f) => f.Properties.VpcConfig !== undefined);
      // The app-user provisioner and the two Shipshape rotation functions (the framework one is outside).
      expect(inVpc).toHaveLength(3);
      for (const f of inVpc) {
        expectIsolatedSubnets((f.Properties.VpcConfig as { SubnetIds: unknown }).SubnetIds, config);
      }
      const proxy = resource(template, idOf(template, 'AWS::RDS::DBProxy'));
      expectIsolatedSubnets(proxy.Properties.VpcSubnetIds, config);
      const cacheSubnets = resource(template, idOf(template, 'AWS::ElastiCache::SubnetGroup'));
      expectIsolatedSubnets(cacheSubnets.Properties.SubnetIds, config);
      // AWS's hosted rotation functions get the subnets as one comma-separated list.
      for (const schedule of Object.values(
        template.findResources('AWS::SecretsManager::RotationSchedule'),
      ) as Resource[]) {
        const hosted = schedule.Properties.HostedRotationLambda as { VpcSubnetIds: unknown } | undefined;
        if (!hosted) continue;
        const text = JSON.stringify(hosted.VpcSubnetIds);
        expect(text.match(/IsolatedSubnet\d+Subnet/g)).toHaveLength(config.network.maxAzs);
        expect(text).not.toMatch(/PrivateSubnet|PublicSubnet/);
      }
    },
  );
});

describe('data stack: database credentials (DB-05, DB-06)', () => {
  test.each(BOTH)(
    '%s: the master secret is generated, encrypted with the secrets key and rotated by AWS',
    (env, template, config) => {
      const master = idOf(template, 'AWS::SecretsManager::Secret', {
        GenerateSecretString: Match.objectLike({
          SecretStringTemplate: JSON.stringify({ username: MASTER_USERNAME }),
        }),
      });
      expect(resource(template, master).Properties.KmsKeyId).toEqual(keyArn(template, env, 'secrets'));
      const attachment = idOf(template, 'AWS::SecretsManager::SecretTargetAttachment', {
        SecretId: { Ref: master },
      });
      template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
        SecretId: { Ref: attachment },
        HostedRotationLambda: Match.objectLike({
          RotationType: 'PostgreSQLSingleUser',
          RotationLambdaName: `shipshape-${env}-db-master-rotation`,
          KmsKeyArn: keyArn(template, env, 'secrets'),
        }),
        RotationRules: { ScheduleExpression: `rate(${config.database.credentialRotationDays} days)` },
      });
    },
  );

  test('the master secret is retained in production and removed with dev', () => {
    const master = (template: Template) =>
      resource(
        template,
        idOf(template, 'AWS::SecretsManager::Secret', {
          GenerateSecretString: Match.objectLike({
            SecretStringTemplate: JSON.stringify({ username: MASTER_USERNAME }),
          }),
        }),
      );
    expect(master(prod).DeletionPolicy).toBe('Retain');
    expect(master(dev).DeletionPolicy).toBe('Delete');
  });

  test.each(BOTH)(
    '%s: the app user has its own secret, attached to the instance, with multi-user rotation',
    (env, template, config) => {
      const db = config.database;
      const masterAttachment = idOf(template, 'AWS::SecretsManager::SecretTargetAttachment', {
        SecretId: { Ref: Match.stringLikeRegexp('DatabaseInstanceSecret') },
      });
      const appSecret = idOf(template, 'AWS::SecretsManager::Secret', {
        GenerateSecretString: Match.objectLike({
          SecretStringTemplate: {
            'Fn::Join': [
              '',
              [
                `{"username":"${db.appUsername}","dbname":"${db.databaseName}","masterarn":"`,
                { Ref: masterAttachment },
                '"}',
              ],
            ],
          },
        }),
        KmsKeyId: keyArn(template, env, 'secrets'),
      });
      expect(db.appUsername).not.toBe(MASTER_USERNAME);
      const instance = idOf(template, 'AWS::RDS::DBInstance');
      const appAttachment = idOf(template, 'AWS::SecretsManager::SecretTargetAttachment', {
        SecretId: { Ref: appSecret },
        TargetId: { Ref: instance },
        TargetType: 'AWS::RDS::DBInstance',
      });
      template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
        SecretId: { Ref: appAttachment },
        HostedRotationLambda: Match.objectLike({
          RotationType: 'PostgreSQLMultiUser',
          MasterSecretArn: { Ref: masterAttachment },
          MasterSecretKmsKeyArn: keyArn(template, env, 'secrets'),
          RotationLambdaName: `shipshape-${env}-db-app-rotation`,
        }),
        RotationRules: { ScheduleExpression: `rate(${db.credentialRotationDays} days)` },
      });
      // The migrator owns the schema and runs DDL; AWS single-user rotation, its own function.
      const migratorSecret = idOf(template, 'AWS::SecretsManager::Secret', {
        GenerateSecretString: Match.objectLike({
          SecretStringTemplate: JSON.stringify({ username: db.migratorUsername, dbname: db.databaseName }),
        }),
        KmsKeyId: keyArn(template, env, 'secrets'),
      });
      const migratorAttachment = idOf(template, 'AWS::SecretsManager::SecretTargetAttachment', {
        SecretId: { Ref: migratorSecret },
        TargetId: { Ref: instance },
      });
      template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
        SecretId: { Ref: migratorAttachment },
        HostedRotationLambda: Match.objectLike({
          RotationType: 'PostgreSQLSingleUser',
          RotationLambdaName: `shipshape-${env}-db-migrator-rotation`,
        }),
        RotationRules: { ScheduleExpression: `rate(${db.credentialRotationDays} days)` },
      });
      template.resourceCountIs('Custom::DatabaseAppUser', 1);
      template.hasResourceProperties('Custom::DatabaseAppUser', {
        MasterSecretArn: { Ref: masterAttachment },
        AppUserSecretArn: { Ref: appAttachment },
        MigratorSecretArn: { Ref: migratorAttachment },
        Host: getAtt(instance, 'Endpoint.Address'),
        DatabaseName: db.databaseName,
        SchemaName: db.schemaName,
        ReadWriteRoleName: `${db.schemaName}_rw`,
        DropOnDelete: 'false',
      });
      // The user is provisioned only once the instance is available.
      expect(resource(template, idOf(template, 'Custom::DatabaseAppUser')).DependsOn).toContain(instance);
    },
  );
});

describe('data stack: RDS Proxy (DB-03)', () => {
  test.each(BOTH)(
    '%s: TLS required, app-user and migrator secrets, timeouts and pool sizes from config',
    (_env, template, config) => {
      const appAttachment = idOf(template, 'AWS::SecretsManager::SecretTargetAttachment', {
        SecretId: { Ref: Match.stringLikeRegexp('^DatabaseAppUserSecret') },
      });
      const migratorAttachment = idOf(template, 'AWS::SecretsManager::SecretTargetAttachment', {
        SecretId: { Ref: Match.stringLikeRegexp('^DatabaseMigratorSecret') },
      });
      template.resourceCountIs('AWS::RDS::DBProxy', 1);
      template.hasResourceProperties('AWS::RDS::DBProxy', {
        EngineFamily: 'POSTGRESQL',
        RequireTLS: true,
        DebugLogging: false,
        IdleClientTimeout: config.database.proxy.idleClientTimeoutSeconds,
        Auth: [
          Match.objectLike({ AuthScheme: 'SECRETS', SecretArn: { Ref: appAttachment } }),
          Match.objectLike({ AuthScheme: 'SECRETS', SecretArn: { Ref: migratorAttachment } }),
        ],
        VpcSecurityGroupIds: [getAtt(sgId(template, /^RDS Proxy: /), 'GroupId')],
      });
      template.hasResourceProperties('AWS::RDS::DBProxyTargetGroup', {
        DBProxyName: { Ref: idOf(template, 'AWS::RDS::DBProxy') },
        DBInstanceIdentifiers: [{ Ref: idOf(template, 'AWS::RDS::DBInstance') }],
        ConnectionPoolConfigurationInfo: {
          MaxConnectionsPercent: config.database.proxy.maxConnectionsPercent,
          ConnectionBorrowTimeout: config.database.proxy.connectionBorrowTimeoutSeconds,
        },
      });
    },
  );
});

describe('data stack: cache (CACHE-01, CACHE-02)', () => {
  test.each(BOTH)(
    '%s: engine, size, failover and snapshots from config; TLS and KMS always',
    (env, template, config) => {
      const cache = config.cache;
      template.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 1);
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        Engine: cache.engine,
        EngineVersion: cache.engineVersion,
        CacheNodeType: cache.nodeType,
        NumCacheClusters: cache.nodes,
        AutomaticFailoverEnabled: cache.multiAz,
        MultiAZEnabled: cache.multiAz,
        TransitEncryptionEnabled: true,
        TransitEncryptionMode: 'required',
        AtRestEncryptionEnabled: true,
        KmsKeyId: keyArn(template, env, 'data'),
        UserGroupIds: [{ Ref: idOf(template, 'AWS::ElastiCache::UserGroup') }],
        SnapshotRetentionLimit: cache.snapshotRetentionDays,
        CacheSubnetGroupName: { Ref: idOf(template, 'AWS::ElastiCache::SubnetGroup') },
      });
    },
  );

  test('production has a replica with automatic failover; dev has one node', () => {
    prod.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      NumCacheClusters: 2,
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
      SnapshotRetentionLimit: 15,
    });
    dev.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      NumCacheClusters: 1,
      AutomaticFailoverEnabled: false,
      MultiAZEnabled: false,
      SnapshotRetentionLimit: 1,
    });
  });

  test.each(BOTH)(
    '%s: slow and engine logs go to encrypted log groups with the configured retention',
    (env, template, config) => {
      const logGroups = (resource(template, idOf(template, 'AWS::ElastiCache::ReplicationGroup')).Properties
        .LogDeliveryConfigurations ?? []) as {
        LogType: string;
        DestinationType: string;
        DestinationDetails: { CloudWatchLogsDetails: { LogGroup: { Ref: string } } };
      }[];
      expect(logGroups.map((l) => [l.LogType, l.DestinationType])).toEqual([
        ['slow-log', 'cloudwatch-logs'],
        ['engine-log', 'cloudwatch-logs'],
      ]);
      for (const l of logGroups) {
        expect(resource(template, l.DestinationDetails.CloudWatchLogsDetails.LogGroup.Ref)).toMatchObject({
          Type: 'AWS::Logs::LogGroup',
          Properties: {
            RetentionInDays: config.retention.logDays,
            KmsKeyId: keyArn(template, env, 'data-logs'),
          },
        });
      }
    },
  );

  test.each(BOTH)(
    '%s: RBAC: the default user is off, the app user reads its password from Secrets Manager',
    (env, template, config) => {
      const defaultUser = idOf(template, 'AWS::ElastiCache::User', { UserName: 'default' });
      expect(resource(template, defaultUser).Properties).toMatchObject({
        AccessString: expect.stringMatching(/^off /),
        Engine: config.cache.engine,
      });
      const secret = idOf(template, 'AWS::SecretsManager::Secret', {
        GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password', PasswordLength: 64 }),
        KmsKeyId: keyArn(template, env, 'secrets'),
      });
      const appUser = idOf(template, 'AWS::ElastiCache::User', {
        UserName: config.cache.appUsername,
        AccessString: APP_USER_ACCESS,
      });
      // A dynamic reference, never the password itself.
      expect(resource(template, appUser).Properties.Passwords).toEqual([
        { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secret }, ':SecretString:password::}}']] },
      ]);
      expect(resource(template, appUser).Properties.NoPasswordRequired).toBeUndefined();
      template.hasResourceProperties('AWS::ElastiCache::UserGroup', {
        Engine: config.cache.engine,
        UserIds: [{ Ref: defaultUser }, { Ref: appUser }],
      });
    },
  );

  test.each(BOTH)(
    '%s: the cache user rotates within config and only once the group exists',
    (_env, template, config) => {
      const secret = idOf(template, 'AWS::SecretsManager::Secret', {
        GenerateSecretString: Match.objectLike({
          SecretStringTemplate: Match.stringLikeRegexp(`"userId":"shipshape-${config.stage.name}-app"`),
        }),
      });
      const schedule = idOf(template, 'AWS::SecretsManager::RotationSchedule', { SecretId: { Ref: secret } });
      const props = resource(template, schedule).Properties;
      expect(props.RotationLambdaARN).toEqual(
        getAtt(
          idOf(template, 'AWS::Lambda::Function', {
            Description: Match.stringLikeRegexp('ElastiCache RBAC'),
          }),
          'Arn',
        ),
      );
      const days = rateDays((props.RotationRules as { ScheduleExpression: string }).ScheduleExpression);
      expect(days).toBeGreaterThan(0);
      expect(days).toBeLessThanOrEqual(config.rotation.cacheUserDays);
      expect(resource(template, schedule).DependsOn).toContain(
        idOf(template, 'AWS::ElastiCache::ReplicationGroup'),
      );
    },
  );
});

describe('data stack: API keys and application secrets (SEC-01, SEC-02, SEC-03, SEC-04, SEC-12)', () => {
  test.each(BOTH)(
    '%s: PUBLIC_API_KEY and ADMIN_API_KEY are generated, long, KMS-encrypted, tagged and retained',
    (env, template) => {
      for (const name of API_KEY_NAMES) {
        const id = idOf(template, 'AWS::SecretsManager::Secret', {
          Description: Match.stringLikeRegexp(`^Shipshape ${env}: ${name} `),
        });
        const secret = resource(template, id);
        expect(secret.DeletionPolicy).toBe('Retain');
        expect(secret.Properties.SecretString).toBeUndefined();
        expect(secret.Properties.KmsKeyId).toEqual(keyArn(template, env, 'secrets'));
        expect(secret.Properties.Tags).toContainEqual({ Key: PURPOSE_TAG, Value: 'api-key' });
        const generate = secret.Properties.GenerateSecretString as {
          GenerateStringKey: string;
          SecretStringTemplate: string;
          PasswordLength: number;
        };
        expect(generate.GenerateStringKey).toBe('current');
        expect(JSON.parse(generate.SecretStringTemplate)).toEqual({ previous: '', rotatedAt: '' });
        expect(generate.PasswordLength).toBeGreaterThanOrEqual(32);
      }
    },
  );

  test.each(BOTH)(
    '%s: each API key has a rotation schedule within config.rotation.apiKeyDays',
    (env, template, config) => {
      const rotator = idOf(template, 'AWS::Lambda::Function', {
        Description: Match.stringLikeRegexp('API-key secrets'),
      });
      for (const name of API_KEY_NAMES) {
        const secret = idOf(template, 'AWS::SecretsManager::Secret', {
          Description: Match.stringLikeRegexp(`^Shipshape ${env}: ${name} `),
        });
        const schedule = resource(
          template,
          idOf(template, 'AWS::SecretsManager::RotationSchedule', { SecretId: { Ref: secret } }),
        ).Properties;
        expect(schedule.RotationLambdaARN).toEqual(getAtt(rotator, 'Arn'));
        const days = rateDays((schedule.RotationRules as { ScheduleExpression: string }).ScheduleExpression);
        expect(days).toBeLessThanOrEqual(config.rotation.apiKeyDays);
        expect(days).toBeLessThanOrEqual(90);
      }
    },
  );

  test.each(BOTH)(
    '%s: one retained, KMS-encrypted secret per configured app secret',
    (env, template, config) => {
      const tagged = Object.values(
        template.findResources('AWS::SecretsManager::Secret', {
          Properties: { Tags: Match.arrayWith([{ Key: PURPOSE_TAG, Value: 'app-secret' }]) },
        }),
      ) as Resource[];
      expect(tagged).toHaveLength(config.service.secrets.length);
      expect(config.service.secrets.length).toBeGreaterThan(0);
      for (const { name } of config.service.secrets) {
        const id = idOf(template, 'AWS::SecretsManager::Secret', {
          Description: Match.stringLikeRegexp(`^Shipshape ${env}: ${name}: `),
          Tags: Match.arrayWith([{ Key: PURPOSE_TAG, Value: 'app-secret' }]),
          KmsKeyId: keyArn(template, env, 'secrets'),
        });
        expect(resource(template, id).DeletionPolicy).toBe('Retain');
      }
    },
  );

  test('no secret of any stack of any stage carries a literal credential (each stage generates its own)', () => {
    let secrets = 0;
    for (const env of Object.keys(CONFIGS)) {
      for (const stack of stageArtifacts(env)) {
        const resources = (stack.template as { Resources: Record<string, Resource> }).Resources;
        for (const r of Object.values(resources)) {
          if (r.Type !== 'AWS::SecretsManager::Secret') continue;
          secrets++;
          if (r.Properties.SecretString === undefined) {
            expect(r.Properties.GenerateSecretString).toBeDefined();
          } else {
            // Only an empty placeholder the operator fills in (a webhook URL issued by Slack/Teams).
            const placeholder = JSON.parse(r.Properties.SecretString as string) as Record<string, unknown>;
            expect(Object.values(placeholder).every((v) => v === '')).toBe(true);
          }
        }
      }
    }
    // 2 API keys, the app secrets, master, app user and cache user, in each of the three stages.
    expect(secrets).toBeGreaterThanOrEqual(3 * (2 + PROD.service.secrets.length + 3));
  });
});

describe('data stack: AWS Backup and restore testing (DB-02, TEST-06, LEG-01)', () => {
  test('the vault uses the data key; production retains and locks it, dev does not', () => {
    prod.hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        EncryptionKeyArn: keyArn(prod, 'prod', 'data'),
        LockConfiguration: { MinRetentionDays: 7 },
      }),
    });
    dev.hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        EncryptionKeyArn: keyArn(dev, 'dev', 'data'),
        LockConfiguration: Match.absent(),
      }),
    });
  });

  test.each(BOTH)(
    '%s: daily and (when configured) monthly rules keep recovery points as long as config says',
    (_env, template, config) => {
      const vault = idOf(template, 'AWS::Backup::BackupVault');
      const rules = (
        resource(template, idOf(template, 'AWS::Backup::BackupPlan')).Properties.BackupPlan as {
          BackupPlanRule: {
            RuleName: string;
            Lifecycle: { DeleteAfterDays: number };
            TargetBackupVault: unknown;
          }[];
        }
      ).BackupPlanRule;
      const expected = [['Daily', config.retention.dailyBackupDays]];
      if (config.retention.monthlyBackupDays > 0)
        expected.push(['Monthly', config.retention.monthlyBackupDays]);
      expect(rules.map((r) => [r.RuleName, r.Lifecycle.DeleteAfterDays])).toEqual(expected);
      for (const r of rules) expect(r.TargetBackupVault).toEqual(getAtt(vault, 'BackupVaultName'));
    },
  );

  test('dev has no monthly rule (monthlyBackupDays = 0); production keeps monthly points a year', () => {
    expect(DEV.retention.monthlyBackupDays).toBe(0);
    dev.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [Match.objectLike({ RuleName: 'Daily', Lifecycle: { DeleteAfterDays: 7 } })],
      },
    });
    prod.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({ RuleName: 'Daily', Lifecycle: { DeleteAfterDays: 35 } }),
          Match.objectLike({ RuleName: 'Monthly', Lifecycle: { DeleteAfterDays: 365 } }),
        ],
      },
    });
  });

  test.each(BOTH)(
    '%s: the selection covers the database and restore tests land in its isolated subnet group',
    (_env, template, config) => {
      const instanceArn = {
        'Fn::Join': [
          '',
          [
            `arn:aws:rds:${config.region}:${config.account}:db:`,
            { Ref: idOf(template, 'AWS::RDS::DBInstance') },
          ],
        ],
      };
      template.hasResourceProperties('AWS::Backup::BackupSelection', {
        BackupPlanId: getAtt(idOf(template, 'AWS::Backup::BackupPlan'), 'BackupPlanId'),
        BackupSelection: Match.objectLike({ Resources: [instanceArn] }),
      });
      const planName = `shipshape_${config.stage.name}_restore_test`;
      template.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
        RestoreTestingPlanName: planName,
        RecoveryPointSelection: Match.objectLike({
          IncludeVaults: [getAtt(idOf(template, 'AWS::Backup::BackupVault'), 'BackupVaultArn')],
        }),
      });
      template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
        RestoreTestingPlanName: planName,
        ProtectedResourceType: 'RDS',
        ProtectedResourceArns: [instanceArn],
        RestoreMetadataOverrides: Match.objectLike({
          dbSubnetGroupName: { Ref: idOf(template, 'AWS::RDS::DBSubnetGroup') },
          publiclyAccessible: 'false',
        }),
      });
      expect(resource(template, idOf(template, 'AWS::Backup::RestoreTestingSelection')).DependsOn).toContain(
        idOf(template, 'AWS::Backup::RestoreTestingPlan'),
      );
    },
  );
});

describe('data stack: stateful logical ids', () => {
  /**
   * A changed logical id makes CloudFormation create a new resource and delete the old one: a new,
   * empty database, a new cache, new keys (data encrypted with the old ones unreadable) and new
   * secrets (every client's API key invalid). If this test fails, do not update the list: rename
   * back, or write a migration plan (snapshot, restore, cut-over) and have it reviewed first.
   */
  const STATEFUL_IDS: Record<string, string[]> = {
    'AWS::KMS::Key': ['DataKey2A0DE9E6', 'LogsKeyFE4C4A83', 'SecretsKey0D2EC683'],
    'AWS::RDS::DBInstance': ['DatabaseInstanceAA8A5FDE'],
    'AWS::RDS::DBSubnetGroup': ['DatabaseSubnetGroup7D60F180'],
    'AWS::ElastiCache::ReplicationGroup': ['CacheReplicationGroupBFE59FF3'],
    'AWS::ElastiCache::SubnetGroup': ['CacheSubnetGroup355C216D'],
    'AWS::Backup::BackupVault': ['BackupVaultADF21B19'],
    'AWS::SecretsManager::Secret': [
      'CacheAppUserSecret0788FC98',
      'DatabaseAppUserSecret9C33AA81',
      'DatabaseMigratorSecret60A2A0BF',
      'ProdDataDatabaseInstanceSecret2960196F3fdaad7efa858a3daf9490cf0a702aeb',
      'SecretsAdminApiKey2B91EEA1',
      'SecretsOauthClientSecret24887533',
      'SecretsOpenaiApiKey8C522D7B',
      'SecretsPublicApiKey304A040F',
      'SecretsSentryDsn8D83D2B6',
      'SecretsSmtpPasswordD338BC09',
    ],
  };

  test.each(Object.keys(STATEFUL_IDS))('production %s logical ids are unchanged', (type) => {
    expect(Object.keys(prod.findResources(type)).sort()).toEqual(STATEFUL_IDS[type]);
  });
});

describe('data stack: outputs the runbooks read', () => {
  test.each(BOTH)(
    '%s: proxy, secrets, cache, backup vault and restore plan are exported',
    (_env, template, config) => {
      const ref = (id: string) => ({ Ref: id });
      const apiKey = (name: string) =>
        idOf(template, 'AWS::SecretsManager::Secret', { Description: Match.stringLikeRegexp(`: ${name} `) });
      template.hasOutput('DbProxyEndpoint', {
        Value: getAtt(idOf(template, 'AWS::RDS::DBProxy'), 'Endpoint'),
      });
      template.hasOutput('DbProxyName', { Value: ref(idOf(template, 'AWS::RDS::DBProxy')) });
      template.hasOutput('DbInstanceIdentifier', { Value: ref(idOf(template, 'AWS::RDS::DBInstance')) });
      template.hasOutput('DbMasterSecret', {
        Value: ref(
          idOf(template, 'AWS::SecretsManager::SecretTargetAttachment', {
            SecretId: { Ref: Match.stringLikeRegexp('DatabaseInstanceSecret') },
          }),
        ),
      });
      template.hasOutput('DbAppSecret', {
        Value: ref(
          idOf(template, 'AWS::SecretsManager::SecretTargetAttachment', {
            SecretId: { Ref: Match.stringLikeRegexp('^DatabaseAppUserSecret') },
          }),
        ),
      });
      template.hasOutput('CacheReplicationGroupId', {
        Value: ref(idOf(template, 'AWS::ElastiCache::ReplicationGroup')),
      });
      template.hasOutput('CacheUserSecret', {
        Value: ref(
          idOf(template, 'AWS::SecretsManager::Secret', {
            GenerateSecretString: Match.objectLike({
              SecretStringTemplate: Match.stringLikeRegexp(`"userId":"shipshape-${config.stage.name}-app"`),
            }),
          }),
        ),
      });
      template.hasOutput('PublicApiKeySecret', { Value: ref(apiKey('PUBLIC_API_KEY')) });
      template.hasOutput('AdminApiKeySecret', { Value: ref(apiKey('ADMIN_API_KEY')) });
      for (const { name } of config.service.secrets) {
        template.hasOutput(`${name.replace(/_/g, '')}Secret`, {
          Value: ref(
            idOf(template, 'AWS::SecretsManager::Secret', {
              Description: Match.stringLikeRegexp(`: ${name}: `),
            }),
          ),
        });
      }
      template.hasOutput('DbSecurityGroupId', { Value: getAtt(sgId(template, /^PostgreSQL: /), 'GroupId') });
      template.hasOutput('DbProxySecurityGroupId', {
        Value: getAtt(sgId(template, /^RDS Proxy: /), 'GroupId'),
      });
      template.hasOutput('DbSubnetGroupName', { Value: ref(idOf(template, 'AWS::RDS::DBSubnetGroup')) });
      template.hasOutput('DbParameterGroupName', {
        Value: ref(idOf(template, 'AWS::RDS::DBParameterGroup')),
      });
      template.hasOutput('BackupPlanId', {
        Value: getAtt(idOf(template, 'AWS::Backup::BackupPlan'), 'BackupPlanId'),
      });
      template.hasOutput('BackupRoleArn', {
        Value: getAtt(
          idOf(template, 'AWS::IAM::Role', {
            AssumeRolePolicyDocument: Match.objectLike({
              Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })],
            }),
            ManagedPolicyArns: Match.arrayWith([
              Match.objectLike({
                'Fn::Join': [
                  '',
                  Match.arrayWith([Match.stringLikeRegexp('AWSBackupServiceRolePolicyForBackup')]),
                ],
              }),
            ]),
          }),
          'Arn',
        ),
      });
      template.hasOutput('BackupVaultName', {
        Value: getAtt(idOf(template, 'AWS::Backup::BackupVault'), 'BackupVaultName'),
      });
      template.hasOutput('RestoreTestingPlanName', { Value: `shipshape_${config.stage.name}_restore_test` });
    },
  );
});

describe('stage wiring of the data stack', () => {
  test('the data stack is termination protected in production only', () => {
    expect(app.artifact('prod', 'Data').terminationProtection).toBe(true);
    expect(app.artifact('dev', 'Data').terminationProtection).toBe(false);
  });

  test.each(['prod', 'dev'])('%s: data depends on network and alerts; alerts depends on nothing', (env) => {
    // The assembly's manifest carries the order the CLI deploys in.
    expect(app.dependencies(env, 'Data').sort()).toEqual(['Alerts', 'Network']);
    expect(app.dependencies(env, 'Alerts')).toEqual([]);
    expect(app.dependencies(env, 'Network')).toEqual([]);
  });
});
