import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { environments } from '../../config';
import { SECRET_NAME_PATTERN, type ShipshapeConfig, validateConfigs } from '../../lib/config';
import { defaultHealthCommand } from '../../lib/constructs/service/hardened-task-definition';
import {
  assetVariant,
  optionalFeaturesVariant,
  synthesizeServiceApp,
  TEST_IMAGE_DIRECTORY,
} from '../support/fake-data-tier';
import { privateBucketProperties } from '../support/private-bucket';

// One synth for the file: production, dev, the optional-features variant and the asset variant.
// Shape only (no engines, no built-in validation): test/constructs/service/compliance.test.ts runs those.
const CONFIGS = validateConfigs(environments);
const configs: Record<string, ShipshapeConfig> = {
  prod: CONFIGS.prod!,
  dev: CONFIGS.dev!,
  variant: optionalFeaturesVariant(),
  asset: assetVariant(),
};
const app = synthesizeServiceApp(configs, { engines: false, alarmTopicFor: ['variant'] });
const prod = app.template('prod');
const dev = app.template('dev');
const variant = app.template('variant');
const asset = app.template('asset');

type Json = Record<string, unknown>;
interface Container {
  Name: string;
  Environment: { Name: string; Value: unknown }[];
  Secrets: { Name: string; ValueFrom: unknown }[];
  [key: string]: unknown;
}

/** Task definitions by the construct that owns them (Api, Migrate, Retrain). */
function taskDefinitions(template: Template): Record<string, { Properties: Json }> {
  const all = template.findResources('AWS::ECS::TaskDefinition') as Record<string, { Properties: Json }>;
  const pick = (prefix: string) => {
    const entry = Object.entries(all).find(([id]) => id.startsWith(prefix));
    if (!entry) throw new Error(`no task definition ${prefix}`);
    return entry[1];
  };
  return { api: pick('ApiTaskDefinition'), migrate: pick('TasksMigrate'), retrain: pick('TasksRetrain') };
}
const containerOf = (td: { Properties: Json }) => (td.Properties.ContainerDefinitions as Container[])[0]!;
const jsonOf = (value: unknown) => JSON.stringify(value);

describe('image source', () => {
  test('ecr: a repository that scans on push, refuses tag overwrites, is KMS-encrypted and keeps the last N images', () => {
    prod.hasResourceProperties('AWS::ECR::Repository', {
      ImageScanningConfiguration: { ScanOnPush: true },
      ImageTagMutability: 'IMMUTABLE',
      EncryptionConfiguration: {
        EncryptionType: 'KMS',
        KmsKey: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ArtifactsKey'), 'Arn'] },
      },
      LifecyclePolicy: {
        LifecyclePolicyText: Match.serializedJson(
          Match.objectLike({
            rules: [
              Match.objectLike({
                selection: Match.objectLike({
                  tagStatus: 'any',
                  countType: 'imageCountMoreThan',
                  countNumber: 30,
                }),
                action: { type: 'expire' },
              }),
            ],
          }),
        ),
      },
    });
    prod.hasResource('AWS::ECR::Repository', { DeletionPolicy: 'Retain' });
    dev.hasResource('AWS::ECR::Repository', { DeletionPolicy: 'Delete' });
  });

  test('ecr: every task runs the configured tag from that repository', () => {
    for (const td of Object.values(taskDefinitions(prod))) {
      const image = jsonOf(containerOf(td).Image);
      expect(image).toContain('ImageRepository');
      expect(image).toContain(
        `:${CONFIGS.prod!.service.image.source === 'ecr' && CONFIGS.prod!.service.image.tag}"`,
      );
    }
  });

  test('uri: the registry image as given, no repository', () => {
    variant.resourceCountIs('AWS::ECR::Repository', 0);
    expect(containerOf(taskDefinitions(variant).api!).Image).toBe('public.ecr.aws/example/api:1.2.3');
  });

  test('asset: the Dockerfile directory becomes a container asset, no repository of ours', () => {
    asset.resourceCountIs('AWS::ECR::Repository', 0);
    expect(jsonOf(containerOf(taskDefinitions(asset).api!).Image)).toContain(
      'cdk-hnb659fds-container-assets',
    );
    // The asset manifest stages the Dockerfile directory for `cdk deploy` to build (not built here).
    const nested = app.assembly.getNestedAssembly(app.stages.asset!.stage.artifactId);
    const manifestFile = readdirSync(nested.directory).find((f) => /^AssetService.*\.assets\.json$/.test(f))!;
    const manifest = JSON.parse(readFileSync(join(nested.directory, manifestFile), 'utf8')) as {
      dockerImages: Record<string, { source: { directory: string } }>;
    };
    const images = Object.values(manifest.dockerImages);
    expect(images).toHaveLength(1);
    const staged = join(nested.directory, images[0]!.source.directory);
    expect(readFileSync(join(staged, 'Dockerfile'), 'utf8')).toEqual(
      readFileSync(join(TEST_IMAGE_DIRECTORY, 'Dockerfile'), 'utf8'),
    );
    expect(TEST_IMAGE_DIRECTORY).not.toMatch(/^\//);
  });
});

describe('ECS cluster and Fargate service', () => {
  test('the cluster has Container Insights with enhanced observability', () => {
    prod.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }],
    });
  });

  test.each([
    ['prod', prod, CONFIGS.prod!],
    ['dev', dev, CONFIGS.dev!],
  ])(
    '%s: private subnets of every AZ, no public IP, LATEST platform, AZ rebalancing, configured count',
    (_e, t, config) => {
      t.hasResourceProperties('AWS::ECS::Service', {
        LaunchType: 'FARGATE',
        PlatformVersion: 'LATEST',
        DesiredCount: config.service.desiredCount,
        AvailabilityZoneRebalancing: 'ENABLED',
        EnableExecuteCommand: false,
        NetworkConfiguration: {
          AwsvpcConfiguration: {
            AssignPublicIp: 'DISABLED',
            SecurityGroups: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiSecurityGroup'), 'GroupId'] }],
            Subnets: Match.anyValue(),
          },
        },
      });
      const service = Object.values(t.findResources('AWS::ECS::Service'))[0]!;
      const subnets = service.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets as unknown[];
      expect(subnets).toHaveLength(config.network.maxAzs);
      for (const subnet of subnets) expect(jsonOf(subnet)).toMatch(/NetworkVpcPrivateSubnet\d/);
    },
  );

  test('deployments roll back: circuit breaker, deployment alarms, 100/200 percent', () => {
    prod.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: {
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        Alarms: {
          Enable: true,
          Rollback: true,
          AlarmNames: [
            { Ref: Match.stringLikeRegexp('^DeploymentTarget5xx') },
            { Ref: Match.stringLikeRegexp('^DeploymentUnhealthyHosts') },
          ],
        },
      },
    });
  });

  test('the rollback alarms watch the target group: 5xx responses and unhealthy hosts', () => {
    prod.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'HTTPCode_Target_5XX_Count',
      Namespace: 'AWS/ApplicationELB',
      Statistic: 'Sum',
      Period: 60,
      Threshold: 10,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      Dimensions: Match.arrayWith([Match.objectLike({ Name: 'TargetGroup' })]),
    });
    prod.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'UnHealthyHostCount',
      Statistic: 'Maximum',
      Threshold: 1,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
    });
  });

  test('every alarm of the stack (rollback, redeploy) notifies the alerts topic when the stage provides one, and has no action otherwise', () => {
    for (const alarm of Object.values(variant.findResources('AWS::CloudWatch::Alarm'))) {
      expect(JSON.stringify(alarm.Properties.AlarmActions)).toContain('Alerts');
      expect(JSON.stringify(alarm.Properties.OKActions)).toContain('Alerts');
    }
    for (const alarm of Object.values(prod.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toBeUndefined();
    }
    // Two rollback alarms (target 5xx, unhealthy hosts), two of the redeploy after rotation.
    variant.resourceCountIs('AWS::CloudWatch::Alarm', 4);
  });

  test.each([
    ['prod', prod, CONFIGS.prod!],
    ['dev', dev, CONFIGS.dev!],
  ])('%s: autoscaling between the configured bounds on CPU and on requests per target', (_e, t, config) => {
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: config.service.minCount,
      MaxCapacity: config.service.maxCount,
      ScalableDimension: 'ecs:service:DesiredCount',
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        TargetValue: config.service.scaling.cpuPercent,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      }),
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        TargetValue: config.service.scaling.requestsPerTarget,
        PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
      }),
    });
  });
});

describe('hardened task definitions (API, migration, retraining)', () => {
  test.each([
    ['prod', prod, CONFIGS.prod!],
    ['dev', dev, CONFIGS.dev!],
    ['variant', variant, configs.variant!],
  ])(
    '%s: size, architecture, non-root, read-only root, no privilege, no capabilities, init, hard memory limit',
    (_e, t, config) => {
      for (const td of Object.values(taskDefinitions(t))) {
        expect(td.Properties).toMatchObject({
          Cpu: String(config.service.cpu),
          Memory: String(config.service.memoryMiB),
          NetworkMode: 'awsvpc',
          RequiresCompatibilities: ['FARGATE'],
          RuntimePlatform: {
            CpuArchitecture: config.service.cpuArchitecture,
            OperatingSystemFamily: 'LINUX',
          },
        });
        expect(containerOf(td)).toMatchObject({
          User: `${config.service.user.uid}:${config.service.user.gid}`,
          ReadonlyRootFilesystem: true,
          Privileged: false,
          LinuxParameters: { Capabilities: { Drop: ['ALL'] }, InitProcessEnabled: true },
          Memory: config.service.memoryMiB,
          StopTimeout: config.service.stopTimeoutSeconds,
          Essential: true,
          LogConfiguration: {
            LogDriver: 'awslogs',
            Options: expect.objectContaining({ 'awslogs-group': { Ref: expect.stringMatching(/^ApiLogs/) } }),
          },
        });
        const volumes = td.Properties.Volumes as { Name: string }[];
        const mounts = containerOf(td).MountPoints as {
          ContainerPath: string;
          SourceVolume: string;
          ReadOnly: boolean;
        }[];
        config.service.scratchPaths.forEach((path, i) => {
          expect(volumes).toContainEqual({ Name: `scratch-${i}` });
          expect(mounts).toContainEqual({
            ContainerPath: path,
            SourceVolume: `scratch-${i}`,
            ReadOnly: false,
          });
        });
      }
    },
  );

  test('ARM64 from config', () => {
    expect(taskDefinitions(variant).api!.Properties.RuntimePlatform).toEqual({
      CpuArchitecture: 'ARM64',
      OperatingSystemFamily: 'LINUX',
    });
  });

  test('the API container serves the configured port with a health check (default and configured command)', () => {
    const api = containerOf(taskDefinitions(prod).api!);
    expect(api.PortMappings).toEqual([
      { ContainerPort: 8000, Name: 'http', AppProtocol: 'http', Protocol: 'tcp' },
    ]);
    expect(api.HealthCheck).toEqual({
      Command: defaultHealthCommand(CONFIGS.prod!.service),
      Interval: 30,
      Timeout: 5,
      Retries: 3,
      StartPeriod: 60,
    });
    expect(api.HealthCheck).toMatchObject({
      Command: ['CMD', 'python3', '-c', expect.stringContaining("'http://127.0.0.1:8000/api/health'")],
    });
    expect((containerOf(taskDefinitions(variant).api!).HealthCheck as Json).Command).toEqual([
      'CMD',
      '/app/healthcheck',
    ]);
  });

  test('one-off tasks run their configured commands and serve nothing', () => {
    const prodTasks = taskDefinitions(prod);
    expect(containerOf(prodTasks.migrate!).Command).toEqual(['python', '-m', 'app.migrate']);
    expect(containerOf(prodTasks.retrain!).Command).toEqual(['python', '-m', 'app.retrain']);
    expect(containerOf(prodTasks.api!).Command).toBeUndefined();
    for (const td of [prodTasks.migrate!, prodTasks.retrain!]) {
      expect(containerOf(td).PortMappings).toBeUndefined();
      expect(containerOf(td).HealthCheck).toBeUndefined();
    }
    const variantTasks = taskDefinitions(variant);
    expect(containerOf(variantTasks.migrate!).Command).toEqual(['/app/migrate', '--yes']);
    expect(containerOf(variantTasks.retrain!).Command).toEqual(['python', '-m', 'app.train']);
    // Each writes to its own stream prefix of the service log group (docs/tasks.md reads them).
    expect(jsonOf(containerOf(prodTasks.migrate!).LogConfiguration)).toContain(
      '"awslogs-stream-prefix":"migrate"',
    );
    expect(jsonOf(containerOf(prodTasks.retrain!).LogConfiguration)).toContain(
      '"awslogs-stream-prefix":"retrain"',
    );
  });

  test('the log group is encrypted with the stage logs key and keeps logs retention.logDays', () => {
    prod.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: CONFIGS.prod!.retention.logDays,
      KmsKeyId: Match.objectLike({ 'Fn::GetStackOutput': Match.objectLike({ StackName: 'Prod-Network' }) }),
    });
    dev.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: CONFIGS.dev!.retention.logDays });
  });
});

describe('environment and secrets', () => {
  const SHIPSHAPE_VARS = [
    'ENVIRONMENT',
    'DEBUG',
    'AUTH_ENABLED',
    'CORS_ORIGINS',
    'LOG_LEVEL',
    'DB_HOST',
    'DB_PORT',
    'DB_NAME',
    'DB_SSLMODE',
    'CACHE_HOST',
    'CACHE_PORT',
    'CACHE_TLS',
    'MODEL_BUCKET',
  ];
  const MIGRATION_VARS = ['ENVIRONMENT', 'DEBUG', 'LOG_LEVEL', 'DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_SSLMODE'];

  test.each([
    ['prod', prod, CONFIGS.prod!],
    ['dev', dev, CONFIGS.dev!],
  ])('%s: plain variables from config and the data tier, in every task definition', (_e, t, config) => {
    for (const [name, td] of Object.entries(taskDefinitions(t))) {
      const env = Object.fromEntries(containerOf(td).Environment.map((e) => [e.Name, e.Value]));
      if (name === 'migrate') {
        // The migration needs the database and the contract's basics, nothing of the API's.
        expect(Object.keys(env).sort()).toEqual(
          [...MIGRATION_VARS, ...Object.keys(config.service.environment)].sort(),
        );
        expect(env).toMatchObject({
          ENVIRONMENT: config.service.appEnvironment,
          DB_HOST: 'proxy.proxy-abcdefghijkl.eu-west-1.rds.amazonaws.com',
          DB_SSLMODE: 'require',
        });
        continue;
      }
      expect(Object.keys(env).sort()).toEqual(
        [...SHIPSHAPE_VARS, ...Object.keys(config.service.environment)].sort(),
      );
      expect(env).toMatchObject({
        ENVIRONMENT: config.service.appEnvironment,
        DEBUG: String(config.service.debug),
        AUTH_ENABLED: String(config.service.authEnabled),
        CORS_ORIGINS: config.service.corsOrigins.join(','),
        LOG_LEVEL: config.service.logLevel,
        DB_HOST: 'proxy.proxy-abcdefghijkl.eu-west-1.rds.amazonaws.com',
        DB_PORT: '5432',
        DB_NAME: 'shipshape',
        DB_SSLMODE: 'require',
        CACHE_HOST: 'master.shipshape.abcdef.euw1.cache.amazonaws.com',
        CACHE_PORT: '6379',
        CACHE_TLS: 'true',
        MODEL_BUCKET: { Ref: expect.stringMatching(/^ModelsBucket/) },
        ...config.service.environment,
      });
      // No plain variable looks like, or holds, a credential.
      for (const name of Object.keys(env)) expect(name).not.toMatch(SECRET_NAME_PATTERN);
    }
  });

  test('production runs ENVIRONMENT=production with DEBUG=false and AUTH_ENABLED=true', () => {
    const env = Object.fromEntries(
      containerOf(taskDefinitions(prod).api!).Environment.map((e) => [e.Name, e.Value]),
    );
    expect(env).toMatchObject({ ENVIRONMENT: 'production', DEBUG: 'false', AUTH_ENABLED: 'true' });
  });

  test('every credential comes from Secrets Manager: API keys (current and previous), DB and cache users, app secrets', () => {
    for (const [task, td] of Object.entries(taskDefinitions(prod))) {
      const secrets = Object.fromEntries(containerOf(td).Secrets.map((s) => [s.Name, jsonOf(s.ValueFrom)]));
      if (task === 'migrate') {
        // The migrator's login, and nothing else (lib/constructs/service/container-environment.ts).
        expect(Object.keys(secrets).sort()).toEqual(['DB_PASSWORD', 'DB_USERNAME']);
        expect(secrets.DB_USERNAME).toMatch(/DbMigrator.*:username::/);
        expect(secrets.DB_PASSWORD).toMatch(/DbMigrator.*:password::/);
        continue;
      }
      const expected: Record<string, RegExp> = {
        PUBLIC_API_KEY: /PUBLICAPIKEY.*:current::/,
        PUBLIC_API_KEY_PREVIOUS: /PUBLICAPIKEY.*:previous::/,
        ADMIN_API_KEY: /ADMINAPIKEY.*:current::/,
        ADMIN_API_KEY_PREVIOUS: /ADMINAPIKEY.*:previous::/,
        DB_USERNAME: /DbAppUser.*:username::/,
        DB_PASSWORD: /DbAppUser.*:password::/,
        CACHE_USERNAME: /CacheUser.*:username::/,
        CACHE_PASSWORD: /CacheUser.*:password::/,
      };
      for (const { name } of CONFIGS.prod!.service.secrets)
        expected[name] = new RegExp(name.replace(/_/g, ''));
      expect(Object.keys(secrets).sort()).toEqual(Object.keys(expected).sort());
      for (const [name, pattern] of Object.entries(expected)) {
        expect(secrets[name]).toMatch(pattern);
        // Every reference points into the data stack; no value is in the template.
        expect(secrets[name]).toContain('"StackName":"Prod-Data"');
      }
    }
  });
});

describe('network placement and security groups', () => {
  const sgIngress = (t: Template) =>
    Object.values(t.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties as Json);
  const sgEgress = (t: Template) =>
    Object.values(t.findResources('AWS::EC2::SecurityGroupEgress')).map((r) => r.Properties as Json);

  test('tasks admit only the container port, only from the load balancer', () => {
    const toTasks = sgIngress(prod).filter((r) => jsonOf(r.GroupId).includes('ApiSecurityGroup'));
    expect(toTasks).toEqual([
      expect.objectContaining({
        FromPort: 8000,
        ToPort: 8000,
        IpProtocol: 'tcp',
        SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^EdgeSecurityGroup/), 'GroupId'] },
      }),
    ]);
    const taskSg = Object.entries(prod.findResources('AWS::EC2::SecurityGroup')).find(([id]) =>
      id.startsWith('ApiSecurityGroup'),
    )![1];
    expect(taskSg.Properties.SecurityGroupIngress).toBeUndefined();
  });

  test('tasks may reach only the proxy on 5432, the cache on 6379 and the configured egress ports', () => {
    const fromTasks = sgEgress(prod).filter((r) => jsonOf(r.GroupId).includes('ApiSecurityGroup'));
    expect(fromTasks).toHaveLength(2);
    expect(fromTasks).toContainEqual(
      expect.objectContaining({
        FromPort: 5432,
        ToPort: 5432,
        DestinationSecurityGroupId: expect.objectContaining({
          'Fn::GetStackOutput': expect.objectContaining({ OutputName: expect.stringContaining('ProxySg') }),
        }),
      }),
    );
    expect(fromTasks).toContainEqual(
      expect.objectContaining({
        FromPort: 6379,
        ToPort: 6379,
        DestinationSecurityGroupId: expect.objectContaining({
          'Fn::GetStackOutput': expect.objectContaining({ OutputName: expect.stringContaining('CacheSg') }),
        }),
      }),
    );
    prod.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Shipshape API tasks'),
      // config/shared.ts: HTTPS, and SMTP submission for the app's email alerts.
      SecurityGroupEgress: CONFIGS.prod!.service.egressPorts.map((port) => ({
        CidrIp: '0.0.0.0/0',
        FromPort: port,
        ToPort: port,
        IpProtocol: 'tcp',
        Description: Match.anyValue(),
      })),
    });
  });

  test('the data tier admits the tasks through rules placed in the service stack', () => {
    const intoData = sgIngress(prod).filter((r) => jsonOf(r.GroupId).includes('Prod-Data'));
    expect(intoData.map((r) => r.FromPort).sort()).toEqual([5432, 6379]);
    for (const rule of intoData) {
      expect(rule.SourceSecurityGroupId).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^ApiSecurityGroup/), 'GroupId'],
      });
    }
  });

  test('the service stack depends on the network and data stacks, the data stack never on the service stack', () => {
    const { service, dataStack, network } = app.stages.prod!;
    expect(service.dependencies).toEqual(expect.arrayContaining([dataStack, network]));
    expect(dataStack.dependencies).not.toContain(service);
    const dataTemplate = app.assembly
      .getNestedAssembly(app.stages.prod!.stage.artifactId)
      .getStackArtifact(dataStack.artifactId).template;
    expect(jsonOf(dataTemplate)).not.toContain('Prod-Service');
  });
});

describe('least privilege', () => {
  const policyOf = (t: Template, prefix: string) => {
    const entry = Object.entries(t.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith(prefix));
    if (!entry) throw new Error(`no policy ${prefix}`);
    return entry[1].Properties.PolicyDocument.Statement as Json[];
  };

  test('the task role may list the model bucket, read and write its objects (no delete), and use its key through S3', () => {
    expect(policyOf(prod, 'ApiTaskRoleDefaultPolicy')).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ModelsBucket/), 'Arn'] },
      },
      {
        Effect: 'Allow',
        Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
        Resource: {
          'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^ModelsBucket/), 'Arn'] }, '/*']],
        },
      },
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ArtifactsKey/), 'Arn'] },
        Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
      },
    ]);
  });

  test('the execution role pulls the image, writes the log group, reads exactly the named secrets; "*" only for GetAuthorizationToken', () => {
    const statements = policyOf(prod, 'ApiExecutionRoleDefaultPolicy');
    const wildcard = statements.filter((s) => s.Resource === '*');
    expect(wildcard).toEqual([{ Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' }]);
    const secretRead = statements.find((s) => jsonOf(s.Action).includes('secretsmanager:GetSecretValue'))!;
    expect(secretRead.Action).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    expect(secretRead.Resource).toHaveLength(4 + CONFIGS.prod!.service.secrets.length);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'kms:Decrypt',
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
        Resource: expect.objectContaining({
          'Fn::GetStackOutput': expect.objectContaining({
            OutputName: expect.stringContaining('SecretsKey'),
          }),
        }),
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ImageRepository/), 'Arn'] },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] }),
    );
    expect(statements).toHaveLength(5);
  });

  test('with a registry image the execution role has no wildcard at all', () => {
    const statements = policyOf(variant, 'ApiExecutionRoleDefaultPolicy');
    expect(statements.filter((s) => s.Resource === '*')).toEqual([]);
  });
});

describe('one-off and scheduled tasks', () => {
  test('the retraining task runs on the configured schedule in the private subnets without a public IP', () => {
    prod.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 3 ? * SUN *)',
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiCluster'), 'Arn'] },
        RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TasksSchedulerRole'), 'Arn'] },
        EcsParameters: Match.objectLike({
          LaunchType: 'FARGATE',
          PlatformVersion: 'LATEST',
          TaskDefinitionArn: { Ref: Match.stringLikeRegexp('^TasksRetrain') },
          NetworkConfiguration: {
            AwsvpcConfiguration: Match.objectLike({
              AssignPublicIp: 'DISABLED',
              SecurityGroups: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiSecurityGroup'), 'GroupId'] }],
            }),
          },
        }),
      }),
    });
    variant.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(7 days)',
      State: 'DISABLED',
    });
  });

  test('the migration run-task command line is a stack output with cluster, task definition, subnets, SG and no public IP', () => {
    const output = jsonOf(prod.findOutputs('MigrationRunTaskCommand'));
    for (const part of [
      'aws ecs run-task',
      '--launch-type FARGATE',
      '--cluster ',
      'ApiCluster',
      '--task-definition ',
      'TasksMigrate',
      'subnets=[',
      'securityGroups=[',
      'ApiSecurityGroup',
      'assignPublicIp=DISABLED',
    ]) {
      expect(output).toContain(part);
    }
  });

  test("the outputs the runbooks read exist (docs/app-contract.md); secrets are the data stack's outputs", () => {
    const keys = Object.keys(prod.findOutputs('*'));
    for (const key of [
      'ApiUrl',
      'ClusterName',
      'ServiceName',
      'ServiceLogGroup',
      'TargetGroupArn',
      'LoadBalancerFullName',
      'RepositoryUri',
      'TaskSubnetIds',
      'TaskSecurityGroupId',
      'MigrationTaskDefinition',
      'RetrainTaskDefinition',
      'RetrainSchedule',
      'ModelBucketName',
      'WebAclArn',
      'WafLogGroup',
      'AccessLogBucket',
      'RedeployDlqUrl',
      'MigrationRunTaskCommand',
    ]) {
      expect(keys).toContain(key);
    }
    prod.hasOutput('ApiUrl', { Value: 'https://api.example.com' });
    // The data stack owns the secrets and exports them (one place to look them up).
    expect(keys.filter((k) => /Secret|PASSWORD|DSN|API_?KEY/i.test(k))).toEqual([]);
  });
});

describe('model artifacts', () => {
  test('the model bucket is versioned, KMS-encrypted, TLS-only, private, logged, and kept in production', () => {
    prod.hasResourceProperties(
      'AWS::S3::Bucket',
      privateBucketProperties({
        kmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ArtifactsKey'), 'Arn'] },
        logBucket: { Ref: Match.stringLikeRegexp('^AccessLogsBucket') },
        logPrefix: 's3/model-bucket/',
      }),
    );
    const models = Object.entries(prod.findResources('AWS::S3::Bucket')).find(([id]) =>
      id.startsWith('ModelsBucket'),
    )![1];
    expect(models.DeletionPolicy).toBe('Retain');
    const devModels = Object.entries(dev.findResources('AWS::S3::Bucket')).find(([id]) =>
      id.startsWith('ModelsBucket'),
    )![1];
    expect(devModels.DeletionPolicy).toBe('Delete');
    prod.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^ModelsBucket') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('no EFS unless config enables it', () => {
    prod.resourceCountIs('AWS::EFS::FileSystem', 0);
  });

  test('EFS: KMS-encrypted, non-root access point, mounted read-write with TLS and IAM, 2049 only from tasks', () => {
    variant.hasResourceProperties('AWS::EFS::FileSystem', {
      Encrypted: true,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ArtifactsKey'), 'Arn'] },
    });
    variant.hasResourceProperties('AWS::EFS::AccessPoint', {
      PosixUser: { Uid: '1000', Gid: '1000' },
      RootDirectory: {
        Path: '/shipshape',
        CreationInfo: { OwnerUid: '1000', OwnerGid: '1000', Permissions: '750' },
      },
    });
    const api = taskDefinitions(variant).api!;
    expect(api.Properties.Volumes).toContainEqual({
      Name: 'shared-data',
      EFSVolumeConfiguration: {
        FilesystemId: { Ref: expect.stringMatching(/^VolumeFileSystem/) },
        TransitEncryption: 'ENABLED',
        AuthorizationConfig: {
          AccessPointId: { Ref: expect.stringMatching(/^VolumeFileSystemAccessPoint/) },
          IAM: 'ENABLED',
        },
      },
    });
    expect(containerOf(api).MountPoints).toContainEqual({
      ContainerPath: '/mnt/models',
      SourceVolume: 'shared-data',
      ReadOnly: false,
    });
    const nfs = Object.values(variant.findResources('AWS::EC2::SecurityGroupIngress'))
      .map((r) => r.Properties as Json)
      .filter((r) => jsonOf(r.GroupId).includes('VolumeSecurityGroup'));
    expect(nfs).toEqual([
      expect.objectContaining({
        FromPort: 2049,
        ToPort: 2049,
        SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^ApiSecurityGroup/), 'GroupId'] },
      }),
    ]);
    variant.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
            Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  test("EFS joins the stage's backup plan through a selection in the service stack, not the data stack", () => {
    variant.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupPlanId: Match.objectLike({
        'Fn::GetStackOutput': Match.objectLike({ StackName: 'Variant-Data' }),
      }),
      BackupSelection: Match.objectLike({ Resources: Match.anyValue() }),
    });
    const dataTemplate = app.assembly
      .getNestedAssembly(app.stages.variant!.stage.artifactId)
      .getStackArtifact(app.stages.variant!.dataStack.artifactId).template as {
      Resources: Record<string, { Type: string }>;
    };
    expect(Object.values(dataTemplate.Resources).map((r) => r.Type)).not.toContain(
      'AWS::Backup::BackupSelection',
    );
  });
});
