import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { IpAddresses, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { Cluster } from 'aws-cdk-lib/aws-ecs';
import { Key } from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { ApiKeyRotation, CacheUserRotation, RedeployOnRotation } from '../../../lib/constructs/rotation';
import { LAMBDA_RUNTIME } from '../../../lib/constructs/platform/runtime';
import { LAMBDA_VPC_ENI_ACTIONS } from '../../../lib/constructs/platform/vpc-access';

/**
 * One synth of a minimal stack holding the three rotation constructs, with cdk-nag's stock packs
 * (AwsSolutions, HIPAA, NIST 800-53 R5, PCI DSS 3.2.1) on; shape assertions read the same assembly.
 * The built-in CloudFormation validator is off here: it judges these constructs in every stage of
 * the shared assembly (test/ops/audit.test.ts), and its engine start costs about 4 s of CPU.
 */

const outdir = mkdtempSync(join(tmpdir(), 'rotation-constructs-'));
const app = new App({ outdir, builtinCloudFormationValidation: false });
Validations.of(app).addPlugins(
  new AwsSolutionsChecks(app),
  new HIPAASecurityChecks(app),
  new NIST80053R5Checks(app),
  new PCIDSS321Checks(app),
);
const stack = new Stack(app, 'RotationTest', { env: { account: '123456789012', region: 'eu-west-1' } });
const vpc = new Vpc(stack, 'Vpc', {
  ipAddresses: IpAddresses.cidr('10.20.0.0/16'),
  maxAzs: 2,
  natGateways: 0,
  subnetConfiguration: [{ name: 'isolated', subnetType: SubnetType.PRIVATE_ISOLATED }],
});
const key = new Key(stack, 'Key', { enableKeyRotation: true });
const apiKeySecrets = ['Public', 'Admin'].map(
  (name) =>
    new Secret(stack, `${name}ApiKey`, {
      encryptionKey: key,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ previous: '', rotatedAt: '' }),
        generateStringKey: 'current',
        passwordLength: 64,
        excludeUppercase: true,
        excludePunctuation: true,
      },
    }),
);
const cacheSecret = new Secret(stack, 'CacheUser', {
  encryptionKey: key,
  generateSecretString: {
    secretStringTemplate: JSON.stringify({ username: 'app', userId: 'app-user' }),
    generateStringKey: 'password',
    passwordLength: 64,
    excludePunctuation: true,
  },
});
const cluster = Cluster.fromClusterAttributes(stack, 'Cluster', {
  clusterName: 'shipshape',
  vpc,
  securityGroups: [],
});
const vpcSubnets = { subnetType: SubnetType.PRIVATE_ISOLATED };

const apiKeys = new ApiKeyRotation(stack, 'ApiKeyRotation', {
  secrets: apiKeySecrets,
  key,
  vpc,
  vpcSubnets,
  interval: Duration.days(30),
  logRetention: RetentionDays.THREE_MONTHS,
});
const cacheUser = new CacheUserRotation(stack, 'CacheUserRotation', {
  secret: cacheSecret,
  key,
  vpc,
  vpcSubnets,
  cacheHost: 'master.shipshape.abc123.euw1.cache.amazonaws.com',
  cachePort: 6379,
  cacheUserArn: 'arn:aws:elasticache:eu-west-1:123456789012:user:app-user',
});
const redeploy = new RedeployOnRotation(stack, 'RedeployOnRotation', {
  cluster,
  service: 'api',
  secrets: apiKeySecrets,
  key,
  vpc,
  vpcSubnets,
});
// As the lead will: every alarm gets an action.
const topic = new Topic(stack, 'Alarms', { masterKey: key, enforceSSL: true });
for (const alarm of [...apiKeys.alarms, ...cacheUser.alarms, ...redeploy.alarms])
  alarm.addAlarmAction(new SnsAction(topic));

let synthError: unknown;
try {
  app.synth();
} catch (err) {
  synthError = err;
}
const template = Template.fromJSON(
  JSON.parse(readFileSync(join(outdir, `${stack.artifactId}.template.json`), 'utf8')) as Record<
    string,
    unknown
  >,
);

interface Violation {
  ruleName: string;
  pluginName: string;
  violatingResources: Array<{ resourceLogicalId: string; locations?: string[] }>;
  violatingConstructs?: Array<{ constructPath?: string }>;
}

function findings(): Array<{ rule: string; path: string }> {
  const file = join(outdir, 'validation-report.json');
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    pluginReports?: Array<{ pluginName?: string; violations?: Violation[]; conclusion?: string }>;
  };
  const out: Array<{ rule: string; path: string }> = [];
  for (const plugin of report.pluginReports ?? []) {
    for (const v of plugin.violations ?? []) {
      const paths = (v.violatingConstructs ?? []).map((c) => c.constructPath ?? '?');
      for (const path of paths.length > 0 ? paths : v.violatingResources.map((r) => r.resourceLogicalId)) {
        out.push({ rule: v.ruleName, path });
      }
    }
  }
  return out;
}

const ROTATION_PATHS = ['ApiKeyRotation', 'CacheUserRotation', 'RedeployOnRotation'];

function resourcesOfType(type: string): Record<string, { Properties: Record<string, unknown> }> {
  return template.findResources(type) as Record<string, { Properties: Record<string, unknown> }>;
}

function functionsNamed(fragment: string) {
  return Object.entries(resourcesOfType('AWS::Lambda::Function')).filter(([id]) => id.includes(fragment));
}

describe('rotation constructs', () => {
  test('cdk-nag stock packs report no unacknowledged finding on the rotation constructs', () => {
    const mine = findings().filter((f) =>
      ROTATION_PATHS.some((p) => f.path.includes(`/${p}/`) || f.path.includes(p)),
    );
    expect(mine).toEqual([]);
    if (synthError !== undefined) {
      // Anything else that stopped synth must come from the test scaffolding, not from us.
      expect(String(synthError)).not.toMatch(/ApiKeyRotation|CacheUserRotation|RedeployOnRotation/);
    }
  });

  test('each API-key secret and the cache secret get a schedule within the interval', () => {
    const schedules = resourcesOfType('AWS::SecretsManager::RotationSchedule');
    expect(Object.keys(schedules)).toHaveLength(3);
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: Match.stringLikeRegexp('PublicApiKey') },
      RotationLambdaARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('ApiKeyRotationRotator'), 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: Match.stringLikeRegexp('CacheUser') },
      RotationRules: { ScheduleExpression: 'rate(80 days)' },
    });
  });

  test('Secrets Manager may invoke the rotation functions (and nothing else may)', () => {
    const permissions = Object.values(resourcesOfType('AWS::Lambda::Permission')).map((p) => p.Properties);
    const sm = permissions.filter((p) => p.Principal === 'secretsmanager.amazonaws.com');
    expect(sm.length).toBeGreaterThanOrEqual(2);
    for (const p of permissions)
      expect(['secretsmanager.amazonaws.com', 'events.amazonaws.com']).toContain(p.Principal);
  });

  test('functions: ARM64, the shared Node.js runtime, explicit timeout and memory, in the VPC, reserved concurrency', () => {
    const all = Object.values(resourcesOfType('AWS::Lambda::Function')).map((f) => f.Properties);
    expect(all).toHaveLength(3);
    for (const fn of all) {
      expect(fn.Architectures).toEqual(['arm64']);
      expect(fn.Runtime).toBe(LAMBDA_RUNTIME.name);
      expect(fn.MemorySize).toBe(256);
      expect(fn.ReservedConcurrentExecutions).toBe(2);
      expect(fn.VpcConfig).toEqual({
        SubnetIds: expect.arrayContaining([
          expect.objectContaining({ Ref: expect.stringContaining('Vpcisolated') }),
        ]),
        SecurityGroupIds: [expect.objectContaining({ 'Fn::GetAtt': expect.any(Array) })],
      });
      expect((fn.Environment as { Variables: Record<string, string> }).Variables.NODE_OPTIONS).toBe(
        '--enable-source-maps',
      );
    }
    expect(functionsNamed('ApiKeyRotation')[0]![1].Properties.Timeout).toBe(120);
    expect(functionsNamed('CacheUserRotation')[0]![1].Properties.Timeout).toBe(240);
    expect(functionsNamed('RedeployOnRotation')[0]![1].Properties.Timeout).toBe(30);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          CACHE_HOST: 'master.shipshape.abc123.euw1.cache.amazonaws.com',
          CACHE_PORT: '6379',
          CACHE_TLS: 'true',
        }),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SERVICE_NAME: 'api', CLUSTER_ARN: Match.anyValue() }) },
    });
  });

  test('log groups: retention and the KMS key; the key admits CloudWatch Logs', () => {
    const groups = Object.values(resourcesOfType('AWS::Logs::LogGroup')).map((g) => g.Properties);
    expect(groups).toHaveLength(3);
    for (const g of groups)
      expect(g.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] });
    expect(groups.map((g) => g.RetentionInDays).sort()).toEqual([365, 365, 90]);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
            Condition: Match.objectLike({ ArnLike: Match.anyValue() }),
          }),
        ]),
      },
    });
  });

  test('the key policy gets one statement per service, however many functions share the key', () => {
    const keys = Object.values(resourcesOfType('AWS::KMS::Key'));
    expect(keys).toHaveLength(1);
    const statements = (
      keys[0]!.Properties.KeyPolicy as { Statement: Array<{ Principal?: { Service?: string } }> }
    ).Statement;
    expect(statements.filter((st) => st.Principal?.Service === 'logs.eu-west-1.amazonaws.com')).toHaveLength(
      1,
    );
    expect(statements.filter((st) => st.Principal?.Service === 'events.amazonaws.com')).toHaveLength(1);
  });

  test('IAM: Secrets Manager actions scoped to the rotated secrets, ElastiCache to the user, ECS to the service', () => {
    // Customer-managed policies only (HIPAA/NIST IAMNoInlinePolicy): no inline AWS::IAM::Policy at all.
    expect(Object.keys(resourcesOfType('AWS::IAM::Policy'))).toEqual([]);
    const policies = Object.entries(resourcesOfType('AWS::IAM::ManagedPolicy'));
    const statements = (fragment: string) =>
      policies
        .filter(([id]) => id.includes(fragment))
        .flatMap(
          ([, p]) => (p.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement,
        );
    const wildcard = (s: Record<string, unknown>) =>
      s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*'));
    const allowedWildcardActions = new Set<string>([
      'secretsmanager:GetRandomPassword',
      ...LAMBDA_VPC_ENI_ACTIONS,
    ]);
    for (const fragment of ROTATION_PATHS) {
      const all = statements(fragment);
      expect(all.length).toBeGreaterThan(0);
      for (const s of all.filter(wildcard)) {
        for (const action of [s.Action].flat() as string[]) expect(allowedWildcardActions).toContain(action);
      }
    }
    const apiSm = statements('ApiKeyRotation').filter((s) =>
      [s.Action].flat().includes('secretsmanager:PutSecretValue'),
    );
    const apiResources = apiSm.flatMap((s) => [s.Resource].flat());
    expect(apiResources).toEqual(
      expect.arrayContaining([
        { Ref: expect.stringContaining('PublicApiKey') },
        { Ref: expect.stringContaining('AdminApiKey') },
      ]),
    );
    expect(JSON.stringify(apiResources)).not.toContain('CacheUser');
    const cacheSm = statements('CacheUserRotation').filter((s) =>
      [s.Action].flat().includes('secretsmanager:PutSecretValue'),
    );
    expect(cacheSm.flatMap((s) => [s.Resource].flat())).toEqual(
      expect.arrayContaining([{ Ref: expect.stringContaining('CacheUser') }]),
    );
    expect(JSON.stringify(cacheSm)).not.toContain('ApiKey');
    expect(statements('CacheUserRotation')).toContainEqual(
      expect.objectContaining({
        Action: ['elasticache:ModifyUser', 'elasticache:DescribeUsers'],
        Resource: 'arn:aws:elasticache:eu-west-1:123456789012:user:app-user',
      }),
    );
    const redeployStatements = statements('RedeployOnRotation');
    expect(JSON.stringify(redeployStatements)).not.toContain('secretsmanager:');
    const update = redeployStatements.filter((st) => st.Action === 'ecs:UpdateService');
    expect(update).toHaveLength(1);
    expect(JSON.stringify(update[0]!.Resource)).toContain(
      ':ecs:eu-west-1:123456789012:service/shipshape/api',
    );
    expect(JSON.stringify(update[0]!.Condition)).toContain('cluster/shipshape');
    // No AWS managed policies on the rotation roles.
    for (const [, role] of Object.entries(resourcesOfType('AWS::IAM::Role')))
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('redeploy: rule on RotationSucceeded for the API-key secrets, retries, encrypted DLQ, alarms', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.secretsmanager'],
        'detail-type': ['AWS Service Event via CloudTrail'],
        detail: {
          eventSource: ['secretsmanager.amazonaws.com'],
          eventName: ['RotationSucceeded'],
          additionalEventData: {
            SecretId: [
              { Ref: Match.stringLikeRegexp('PublicApiKey') },
              { Ref: Match.stringLikeRegexp('AdminApiKey') },
            ],
          },
        },
      },
      Targets: [
        Match.objectLike({
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('RedeployOnRotationDeadLetterQueue'), 'Arn'] },
          },
          RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 7200 },
        }),
      ],
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Key'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      DeadLetterConfig: {
        TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('RedeployOnRotationDeadLetterQueue'), 'Arn'] },
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 7200,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  test('an Errors alarm per function, exposed for the lead to add actions', () => {
    expect(apiKeys.alarms).toHaveLength(1);
    expect(cacheUser.alarms).toHaveLength(1);
    expect(redeploy.alarms).toHaveLength(2);
    const errorAlarms = Object.values(resourcesOfType('AWS::CloudWatch::Alarm')).filter(
      (a) => a.Properties.MetricName === 'Errors',
    );
    expect(errorAlarms).toHaveLength(3);
    for (const a of errorAlarms) {
      expect(a.Properties).toMatchObject({
        Namespace: 'AWS/Lambda',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
  });

  test('props are validated once, naming every problem', () => {
    const s = new Stack(new App(), 'Invalid');
    expect(
      () =>
        new ApiKeyRotation(s, 'Bad', {
          secrets: [],
          key: new Key(s, 'K'),
          vpc: new Vpc(s, 'V'),
          vpcSubnets: {},
          interval: Duration.days(91),
          keyBytes: 8,
        }),
    ).toThrow(
      'Invalid ApiKeyRotation props:\n- secrets must name at least one secret\n- interval must be a whole number of days from 1 to 90 (got 91 days)\n- keyBytes must be an integer from 16 to 64 (got 8)',
    );
  });
});
