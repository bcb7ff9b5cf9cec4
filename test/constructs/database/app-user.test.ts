import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { APP_USER_SQL_FINGERPRINT } from '../../../lib/contracts/app-user-sql';
import { LAMBDA_RUNTIME } from '../../../lib/constructs/platform/runtime';
import {
  DatabaseAppUser,
  type DatabaseAppUserProps,
  databaseAppUserPropsProblems,
} from '../../../lib/constructs/database/app-user';

interface Fixture {
  stack: Stack;
  vpc: ec2.Vpc;
  key: kms.Key;
  instance: rds.DatabaseInstance;
  appUserSecret: rds.DatabaseSecret;
}

function fixture(): Fixture {
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Data', { env: { account: '111111111111', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const instance = new rds.DatabaseInstance(stack, 'Db', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    credentials: rds.Credentials.fromGeneratedSecret('postgres', { encryptionKey: key }),
    databaseName: 'appdb',
    storageEncryptionKey: key,
  });
  const appUserSecret = new rds.DatabaseSecret(stack, 'AppUserSecret', {
    username: 'app',
    dbname: 'appdb',
    masterSecret: instance.secret,
    encryptionKey: key,
  });
  return { stack, vpc, key, instance, appUserSecret };
}

function props(f: Fixture, overrides: Partial<DatabaseAppUserProps> = {}): DatabaseAppUserProps {
  return {
    database: f.instance,
    masterSecret: f.instance.secret!,
    appUserSecret: f.appUserSecret,
    databaseName: 'appdb',
    vpc: f.vpc,
    encryptionKey: f.key,
    logRetention: logs.RetentionDays.THREE_MONTHS,
    ...overrides,
  };
}

describe('DatabaseAppUser', () => {
  let template: Template;
  let f: Fixture;
  let construct: DatabaseAppUser;

  beforeAll(() => {
    f = fixture();
    construct = new DatabaseAppUser(f.stack, 'AppUser', props(f));
    template = Template.fromStack(f.stack);
  });

  const ref = (c: { node: { defaultChild?: unknown } }) => ({
    Ref: f.stack.getLogicalId(c.node.defaultChild as never),
  });
  const logicalId = (c: { node: { defaultChild?: unknown } }) =>
    f.stack.getLogicalId(c.node.defaultChild as never);

  test('the provisioning function: the shared Node.js runtime on ARM64, explicit timeout and memory, isolated subnets, own log group, encrypted env', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: LAMBDA_RUNTIME.name,
      Architectures: ['arm64'],
      Timeout: 120,
      MemorySize: 256,
      KmsKeyArn: { 'Fn::GetAtt': [logicalId(f.key), 'Arn'] },
      VpcConfig: {
        SubnetIds: f.vpc.isolatedSubnets.map((s) => ({
          Ref: f.stack.getLogicalId(s.node.defaultChild as never),
        })),
        SecurityGroupIds: [
          { 'Fn::GetAtt': [logicalId(construct.securityGroup as ec2.SecurityGroup), 'GroupId'] },
        ],
      },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^AppUserLogGroup') } },
      Environment: {
        Variables: Match.objectLike({
          DB_TLS_VERIFY: 'verify-full',
          DB_CA_BUNDLE_PATH: '/var/runtime/ca-cert.pem',
        }),
      },
    });
  });

  test('both log groups (function and provider framework) have the retention and the key', () => {
    const groups = template.findResources('AWS::Logs::LogGroup');
    const ours = Object.entries(groups).filter(([id]) => id.startsWith('AppUser'));
    expect(ours).toHaveLength(2);
    for (const [, group] of ours) {
      expect(group.Properties).toEqual(
        expect.objectContaining({
          RetentionInDays: 90,
          KmsKeyId: { 'Fn::GetAtt': [logicalId(f.key), 'Arn'] },
        }),
      );
    }
    // The framework function logs to its own group, not an implicit one without retention.
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'framework.onEvent',
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^AppUserProviderLogGroup') } },
    });
  });

  test('IAM: secret reads scoped to exactly the master and app-user secrets, decrypt only with the key', () => {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: logicalId(construct.function.role as never) }] },
    });
    const statements = Object.values(policies).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: Array<Record<string, unknown>> } } }).Properties
          .PolicyDocument.Statement,
    );
    const secretStatements = statements.filter((s) =>
      ([] as string[]).concat(s['Action'] as string | string[]).some((a) => a.startsWith('secretsmanager:')),
    );
    const secretResources = secretStatements.flatMap((s) => ([] as unknown[]).concat(s['Resource']));
    expect(secretResources).toEqual(
      expect.arrayContaining([ref(f.instance.secret as never), ref(f.appUserSecret)]),
    );
    expect(secretResources).toHaveLength(2);
    for (const s of secretStatements) {
      expect(([] as string[]).concat(s['Action'] as string | string[]).sort()).toEqual([
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
      ]);
    }
    const kmsStatements = statements.filter((s) =>
      ([] as string[]).concat(s['Action'] as string | string[]).some((a) => a.startsWith('kms:')),
    );
    expect(kmsStatements.length).toBeGreaterThan(0);
    for (const s of kmsStatements) {
      expect(s['Resource']).toEqual({ 'Fn::GetAtt': [logicalId(f.key), 'Arn'] });
      expect(s['Action']).toEqual('kms:Decrypt');
    }
    // Nothing else: no wildcard resources beyond the VPC networking the Lambda service manages.
    expect(statements.filter((s) => s['Resource'] === '*')).toEqual([]);
  });

  test('the custom resource carries the secret ARNs, endpoint, names and the SQL fingerprint, and waits for the instance', () => {
    const resources = template.findResources('Custom::DatabaseAppUser');
    expect(Object.keys(resources)).toHaveLength(1);
    const [resource] = Object.values(resources) as Array<{
      Properties: Record<string, unknown>;
      DependsOn: string[];
    }>;
    expect(resource!.Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(/^AppUserProviderframeworkonEvent/), 'Arn'] },
      MasterSecretArn: ref(f.instance.secret as never),
      AppUserSecretArn: ref(f.appUserSecret),
      Host: { 'Fn::GetAtt': [logicalId(f.instance), 'Endpoint.Address'] },
      Port: { 'Fn::GetAtt': [logicalId(f.instance), 'Endpoint.Port'] },
      DatabaseName: 'appdb',
      SchemaName: 'app',
      ReadWriteRoleName: 'app_rw',
      ConnectionLimit: '100',
      MigratorConnectionLimit: '5',
      SqlFingerprint: APP_USER_SQL_FINGERPRINT,
      DropOnDelete: 'false',
    });
    expect(resource!.DependsOn).toEqual(expect.arrayContaining([logicalId(f.instance)]));
  });

  test('the database admits the function on its port; the function reaches only the DB and HTTPS inside the VPC', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: { 'Fn::GetAtt': [logicalId(f.instance), 'Endpoint.Port'] },
      SourceSecurityGroupId: {
        'Fn::GetAtt': [logicalId(construct.securityGroup as ec2.SecurityGroup), 'GroupId'],
      },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Database app-user provisioning function',
      SecurityGroupEgress: [
        {
          CidrIp: { 'Fn::GetAtt': [logicalId(f.vpc), 'CidrBlock'] },
          FromPort: 443,
          ToPort: 443,
          IpProtocol: 'tcp',
        },
      ],
    });
  });

  test('the key lets CloudWatch Logs use it for this account and region only', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': {
                  'Fn::Join': [
                    '',
                    ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:111111111111:log-group:*'],
                  ],
                },
              },
            },
          }),
        ]),
      },
    });
  });
});

describe('DatabaseAppUser props validation', () => {
  test('reports every invalid prop at once, naming each', () => {
    const f = fixture();
    const bad = props(f, {
      schemaName: 'Public-Schema',
      readWriteRoleName: 'rds_rw',
      databaseName: '1db',
      connectionLimit: 0,
      migratorConnectionLimit: 1.5,
    });
    expect(databaseAppUserPropsProblems(bad)).toEqual([
      expect.stringContaining('schemaName "Public-Schema"'),
      expect.stringContaining('readWriteRoleName "rds_rw"'),
      expect.stringContaining('databaseName "1db"'),
      expect.stringContaining('connectionLimit 0'),
      expect.stringContaining('migratorConnectionLimit 1.5'),
    ]);
    expect(() => new DatabaseAppUser(f.stack, 'Bad', bad)).toThrow(
      /invalid props:\n- schemaName[\s\S]*migratorConnectionLimit/,
    );
  });

  test('accepts the defaults and a public schema name is refused', () => {
    const f = fixture();
    expect(databaseAppUserPropsProblems(props(f))).toEqual([]);
    expect(databaseAppUserPropsProblems(props(f, { schemaName: 'public' }))).toHaveLength(1);
  });
});
