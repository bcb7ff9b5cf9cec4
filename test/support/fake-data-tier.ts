import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, RemovalPolicy, Stack, type StackProps, Stage, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { Construct } from 'constructs';
import { environments } from '../../config';
import { startEnginesEarly } from '../../lib/compliance/engine-prefetch';
import { addStockEngines } from '../../lib/compliance/engines';
import { ProductionReadinessChecks } from '../../lib/compliance/production-readiness-pack';
import { stagePolicy } from '../../lib/compliance/stage-policy';
import { type ShipshapeConfig, validateConfigs } from '../../lib/config';
import { applyAcknowledgements } from '../../lib/compliance/acknowledgements';
import { serviceAcknowledgements } from '../../lib/compliance/acknowledgements/relaxations';
import { API_KEY_NAMES, type ApiKeyName, type DataTier } from '../../lib/contracts/data-tier';
import { NetworkStack } from '../../lib/stacks/network-stack';
import { ServiceStack } from '../../lib/stacks/service-stack';
import { networkStackProps } from '../../lib/stages/props/network';
import { serviceStackProps } from '../../lib/stages/props/service';
import { stageId } from '../../lib/stages/stage-ids';

/** Props of {@link FakeDataStack}. */
export interface FakeDataStackProps extends StackProps {
  readonly config: ShipshapeConfig;
  readonly vpc: ec2.IVpc;
}

/**
 * A stand-in for the data stack: the same {@link DataTier} contract, built from the cheapest
 * resources that give real cross-stack references (keys, security groups, secrets, a backup plan),
 * so the service stack's wiring and the direction of the stack dependency are tested for real.
 * Test-only: no database, no cache.
 */
export class FakeDataStack extends Stack {
  public readonly data: DataTier;
  /** An alerts topic with a subscriber, for stages whose rollback alarms notify (not part of DataTier). */
  public readonly alertsTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: FakeDataStackProps) {
    super(scope, id, props);
    const { vpc, config } = props;
    const dataKey = new kms.Key(this, 'DataKey', {
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const secretsKey = new kms.Key(this, 'SecretsKey', {
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const secret = (name: string) =>
      new secretsmanager.Secret(this, name, { encryptionKey: secretsKey, description: `fake ${name}` });
    const sg = (name: string) =>
      new ec2.SecurityGroup(this, name, { vpc, allowAllOutbound: false, description: `fake ${name}` });
    const apiKeySecrets = {} as Record<ApiKeyName, secretsmanager.ISecret>;
    for (const name of API_KEY_NAMES) apiKeySecrets[name] = secret(name);
    const appSecrets = Object.fromEntries(config.service.secrets.map((s) => [s.name, secret(s.name)]));
    const vault = new backup.BackupVault(this, 'Vault', {
      encryptionKey: dataKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const backupPlan = new backup.BackupPlan(this, 'Plan', { backupVault: vault });
    backupPlan.addRule(backup.BackupPlanRule.daily());
    this.alertsTopic = new sns.Topic(this, 'Alerts', { masterKey: dataKey, enforceSSL: true });
    this.alertsTopic.addSubscription(new subscriptions.EmailSubscription('oncall@example.com'));
    this.data = {
      dataKey,
      secretsKey,
      databaseProxyEndpoint: 'proxy.proxy-abcdefghijkl.eu-west-1.rds.amazonaws.com',
      databasePort: 5432,
      databaseName: 'shipshape',
      databaseProxySecurityGroup: sg('ProxySg'),
      databaseAppUserSecret: secret('DbAppUser'),
      databaseMigratorSecret: secret('DbMigrator'),
      cacheHost: 'master.shipshape.abcdef.euw1.cache.amazonaws.com',
      cachePort: 6379,
      cacheSecurityGroup: sg('CacheSg'),
      cacheUserSecret: secret('CacheUser'),
      apiKeySecrets,
      appSecrets,
      backupPlan,
    };
  }
}

/**
 * Feature flags exactly as cdk.json sets them (read here rather than from ./synth, which loads the
 * whole stage and every stack's acknowledgements).
 */
const CDK_CONTEXT = (
  JSON.parse(readFileSync(join(__dirname, '../../cdk.json'), 'utf8')) as { context: Record<string, unknown> }
).context;

/** The stacks of one stage as the service stack sees them. */
export interface ServiceStage {
  readonly stage: Stage;
  readonly network: NetworkStack;
  readonly dataStack: FakeDataStack;
  readonly service: ServiceStack;
  readonly config: ShipshapeConfig;
}

/** An app of stages (network, fake data, service), synthesized once. */
export interface ServiceApp {
  readonly app: App;
  readonly stages: Record<string, ServiceStage>;
  readonly assembly: CloudAssembly;
  /** The service stack's template of an environment, read from the assembly. */
  template(environment: string): Template;
}

/**
 * Builds one Stage per config with the real network stack, the fake data stack and the service
 * stack, applies the service acknowledgements (as `applyAcknowledgements` does for the stage's
 * own), and synthesizes once. `engines: true` registers every stock engine (and the
 * ProductionReadiness pack per stage, as ShipshapeStage does) and keeps the built-in
 * CloudFormation validation on; synthesis then throws on any open finding, after writing the
 * report to `outdir`.
 */
export function synthesizeServiceApp(
  configs: Readonly<Record<string, ShipshapeConfig>>,
  options: {
    engines: boolean;
    outdir?: string;
    /**
     * Environments whose rollback alarms notify the fake alerts topic (as the real stage wires them).
     * @default every environment
     */
    alarmTopicFor?: readonly string[];
    /**
     * Context on top of cdk.json's (e.g. `aws:cdk:enable-path-metadata`, which the CLI sets and
     * tests that read construct paths from the templates need).
     * @default - cdk.json's context only
     */
    context?: Readonly<Record<string, unknown>>;
  },
): ServiceApp {
  const app = new App({
    outdir: options.outdir ?? mkdtempSync(join(tmpdir(), 'shipshape-service-')),
    context: { ...CDK_CONTEXT, ...options.context },
    builtinCloudFormationValidation: options.engines,
  });
  const templateEngines = options.engines ? addStockEngines(app) : undefined;
  const plugins: { stage: Stage; config: ShipshapeConfig }[] = [];
  const stages: Record<string, ServiceStage> = {};
  for (const [name, config] of Object.entries(configs)) {
    const stage = new Stage(app, stageId(name), { env: { account: config.account, region: config.region } });
    const network = new NetworkStack(stage, 'Network', networkStackProps(config));
    const dataStack = new FakeDataStack(stage, 'Data', { config, vpc: network.vpc });
    const notify = options.alarmTopicFor?.includes(name) ?? true;
    const service = new ServiceStack(stage, 'Service', {
      ...serviceStackProps(config),
      vpc: network.vpc,
      logsKey: network.logsKey,
      data: dataStack.data,
    });
    // As the stage routes them (AlertsStack.route): ALARM and OK transitions to the topic (MON-06).
    if (notify) {
      const action = new cloudwatchActions.SnsAction(dataStack.alertsTopic);
      for (const alarm of service.alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
    applyAcknowledgements(stage, serviceAcknowledgements(config));
    stages[name] = { stage, network, dataStack, service, config };
    plugins.push({ stage, config });
  }
  // The project's own pack, per stage with the stage's profile, as ShipshapeStage registers it, and
  // the template engines started early from the first stage, as addStages does.
  if (templateEngines) {
    for (const { stage, config } of plugins) {
      Validations.of(stage).addPlugins(
        new ProductionReadinessChecks(stage, stagePolicy(config), { within: stage }),
      );
    }
    startEnginesEarly(
      plugins.map((p) => p.stage),
      templateEngines,
    );
  }
  const assembly = app.synth();
  return {
    app,
    stages,
    assembly,
    template(environment) {
      const s = stages[environment];
      if (!s) throw new Error(`no stage for ${environment}`);
      return Template.fromJSON(
        assembly.getNestedAssembly(s.stage.artifactId).getStackArtifact(s.service.artifactId).template,
      );
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: raw config input is mutated freely before validation
type RawConfig = Record<string, any>;

/**
 * A committed environment's raw config changed by `change`, validated as bin/ would: the variant
 * is a config the schema accepts, with every default filled in.
 */
export function variantOf(
  environment: keyof typeof environments,
  name: string,
  change: (raw: RawConfig) => void,
): ShipshapeConfig {
  const raw = structuredClone(environments[environment]) as unknown as RawConfig;
  raw.stage.name = name;
  change(raw);
  const config = validateConfigs({ [name]: raw })[name];
  if (!config) throw new Error(`variant ${name} did not validate`);
  return config;
}

/** ACM certificate ARN the variant stage imports instead of validating one. */
export const VARIANT_CERTIFICATE_ARN =
  'arn:aws:acm:eu-west-1:444444444444:certificate/12345678-1234-1234-1234-123456789012';

/**
 * A dev-based stage with every optional feature switched on: OIDC on the admin paths, EFS, an
 * imported certificate, a registry image, ARM64, stickiness, a restricted CIDR, a custom health
 * command and a disabled retraining schedule.
 */
export function optionalFeaturesVariant(): ShipshapeConfig {
  return variantOf('dev', 'variant', (c) => {
    c.account = '444444444444';
    c.domain = { domainName: 'api.variant.example.com', certificateArn: VARIANT_CERTIFICATE_ARN };
    c.service.image = { source: 'uri', uri: 'public.ecr.aws/example/api:1.2.3' };
    c.service.efs = { enabled: true, mountPath: '/mnt/models' };
    c.service.cpuArchitecture = 'ARM64';
    c.service.containerHealthCommand = ['CMD', '/app/healthcheck'];
    c.service.retraining = {
      enabled: false,
      schedule: 'rate(7 days)',
      command: ['python', '-m', 'app.train'],
    };
    c.service.migrationCommand = ['/app/migrate', '--yes'];
    c.edge = {
      allowedCidrs: ['203.0.113.0/24'],
      stickinessSeconds: 3600,
      targetHealthPath: '/healthz',
      tlsPolicy: 'tls13',
      oidc: {
        enabled: true,
        issuer: 'https://login.example.com/tenant/v2.0',
        authorizationEndpoint: 'https://login.example.com/tenant/oauth2/v2.0/authorize',
        tokenEndpoint: 'https://login.example.com/tenant/oauth2/v2.0/token',
        userInfoEndpoint: 'https://graph.example.com/oidc/userinfo',
        clientId: 'client-123',
        paths: ['/admin*', '/api/admin*'],
      },
    };
  });
}

/** Directory (relative to the repository root) of the test image the asset variant builds. */
export const TEST_IMAGE_DIRECTORY = 'test/constructs/service/fixtures/image';

/** A dev-based stage whose image is a local Dockerfile directory (an asset; not built in tests). */
export function assetVariant(): ShipshapeConfig {
  return variantOf('dev', 'asset', (c) => {
    c.account = '555555555555';
    c.service.image = { source: 'asset', directory: TEST_IMAGE_DIRECTORY };
  });
}
