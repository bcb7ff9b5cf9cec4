/**
 * The escape-hatch rule: every production invariant config validation enforces is also enforced on
 * the synthesized template by the synth gate, so user code that changes an L1 property cannot undo
 * it. The real production stage is built, each invariant is broken on its L1 resource the way an
 * escape hatch would (`(x.node.defaultChild as CfnX).prop = value`), and the gate must refuse each
 * one with a finding on that resource. One synthesis for all of them: each weakening touches other
 * properties, and each rule reads only its own.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { CfnBackupPlan } from 'aws-cdk-lib/aws-backup';
import { CfnNatGateway, CfnRoute } from 'aws-cdk-lib/aws-ec2';
import { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnDBInstance } from 'aws-cdk-lib/aws-rds';
import { CfnRotationSchedule } from 'aws-cdk-lib/aws-secretsmanager';
import { CDK_APP_MODE_CONTEXT } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { addStockEngines } from '../../lib/compliance/engines';
import { ProductionReadinessChecks } from '../../lib/compliance/production-readiness-pack';
import { stagePolicy } from '../../lib/compliance/stage-policy';
import { addStages } from '../../lib/stages/shipshape-app';
import { GATE_CONTEXT } from '../../lib/stages/gate-context';
import { type Finding, findingsIn } from '../support/report';
import { CDK_CONTEXT, CONFIGS } from '../support/synth';

const outdir = mkdtempSync(join(tmpdir(), 'shipshape-escape-'));
const app = new App({
  outdir,
  context: { ...CDK_CONTEXT, [CDK_APP_MODE_CONTEXT]: 'inmemory' },
  postCliContext: { ...GATE_CONTEXT },
  builtinCloudFormationValidation: false,
});
// The construct-level engines judge typed L1 properties: cdk-nag's packs and ProductionReadiness,
// registered as the app registers them. cfn-guard and the schema validator read only the template
// files and are not the subject here (a raw override, the template-level bypass, has its own case).
const [stage] = addStages(app, { prod: CONFIGS.prod! }, { engines: false });
addStockEngines(app, { guard: false });
Validations.of(stage!).addPlugins(
  new ProductionReadinessChecks(stage!, stagePolicy(CONFIGS.prod!), { within: stage! }),
);

/** The L1 resources of a type below a path of the stage ("Data/", "Service/Api/"). */
function l1<T extends CfnResource>(
  type: abstract new (...args: never[]) => T,
  under: string,
  match = '',
): T[] {
  return stage!.node
    .findAll()
    .filter((c: IConstruct): c is T => c instanceof type)
    .filter((c) => c.node.path.startsWith(`Prod/${under}`) && c.node.path.includes(match));
}
const one = <T>(list: T[], what: string): T => {
  if (list.length === 0) throw new Error(`no ${what} in the production stage`);
  return list[0]!;
};
const resolved = (node: CfnResource, value: unknown) => Stack.of(node).resolve(value) as unknown;

/** What each invariant's weakening is expected to raise: rule id and the construct path it lands on. */
const EXPECTED: Record<string, { rule: string; path: string }> = {};
function weaken(invariant: string, rule: string, node: CfnResource, change: () => void): void {
  change();
  EXPECTED[invariant] = { rule, path: node.node.path };
}

// network.natGateways >= 2: every private route through the first NAT gateway, the others removed.
const nats = l1(CfnNatGateway, 'Network/');
for (const route of l1(CfnRoute, 'Network/')) {
  if (route.natGatewayId !== undefined) route.natGatewayId = nats[0]!.ref;
}
for (const nat of nats.slice(1)) nat.node.scope!.node.tryRemoveChild(nat.node.id);
const vpcNode = one(
  stage!.node.findAll().filter((c) => c.node.path === 'Prod/Network/Network/Vpc/Resource') as CfnResource[],
  'VPC',
);
EXPECTED['network.natGateways'] = {
  rule: 'ProductionReadiness-VpcNatGatewayRedundancy',
  path: vpcNode.node.path,
};

const flowLogs = one(l1(CfnLogGroup, 'Network/', 'FlowLogs'), 'flow log group');
weaken('network.flowLogRetentionDays', 'ProductionReadiness-LogGroupRetentionPolicy', flowLogs, () => {
  flowLogs.retentionInDays = 30;
});
const db = one(l1(CfnDBInstance, 'Data/'), 'database instance');
weaken('database.multiAz', 'NIST.800.53.R5-RDSMultiAZSupport', db, () => {
  db.multiAz = false;
});
EXPECTED['database.deletionProtection'] = {
  rule: 'NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled',
  path: db.node.path,
};
db.deletionProtection = false;
EXPECTED['database.backupRetentionDays'] = {
  rule: 'ProductionReadiness-RDSBackupRetentionPolicy',
  path: db.node.path,
};
db.backupRetentionPeriod = 1;

const schedules = l1(CfnRotationSchedule, 'Data/');
const masterRotation = one(
  schedules.filter((s) => s.node.path.includes('/Database/Instance/')),
  'master secret rotation',
);
weaken(
  'database.credentialRotationDays',
  'ProductionReadiness-SecretRotationInterval',
  masterRotation,
  () => {
    masterRotation.rotationRules = { scheduleExpression: 'rate(365 days)' };
  },
);
const apiKeyRotation = one(
  schedules.filter((s) => s.node.path.includes('ApiKey')),
  'API-key rotation',
);
weaken('rotation.apiKeyDays', 'ProductionReadiness-SecretRotationInterval', apiKeyRotation, () => {
  apiKeyRotation.rotationRules = { automaticallyAfterDays: 120 };
});
const cacheRotation = one(
  schedules.filter((s) => s.node.path.includes('CacheUserRotation')),
  'cache-user rotation',
);
weaken('rotation.cacheUserDays', 'ProductionReadiness-SecretRotationInterval', cacheRotation, () => {
  cacheRotation.rotationRules = { scheduleExpression: 'rate(120 days)' };
});

const cache = one(l1(CfnReplicationGroup, 'Data/'), 'replication group');
weaken('cache.multiAz', 'ProductionReadiness-ElastiCacheAutomaticFailover', cache, () => {
  cache.multiAzEnabled = false;
  cache.automaticFailoverEnabled = false;
});
EXPECTED['cache.snapshotRetentionDays'] = {
  rule: 'ProductionReadiness-ElastiCacheSnapshotRetention',
  path: cache.node.path,
};
cache.snapshotRetentionLimit = 0;

const plan = one(l1(CfnBackupPlan, 'Data/'), 'backup plan');
weaken('retention.dailyBackupDays', 'ProductionReadiness-BackupPlanRetention', plan, () => {
  const value = resolved(plan, plan.backupPlan) as {
    backupPlanRule: { lifecycle?: { deleteAfterDays?: number } }[];
  };
  for (const rule of value.backupPlanRule) {
    if (rule.lifecycle?.deleteAfterDays !== undefined) rule.lifecycle.deleteAfterDays = 7;
  }
  plan.backupPlan = value as CfnBackupPlan.BackupPlanResourceTypeProperty;
});

const serviceLogs = one(l1(CfnLogGroup, 'Service/Api/Logs'), 'service log group');
weaken('retention.logDays', 'ProductionReadiness-LogGroupRetentionPolicy', serviceLogs, () => {
  serviceLogs.retentionInDays = 90;
});

// The API task definition: one container, several variables, each its own rule.
const api = one(l1(CfnTaskDefinition, 'Service/Api/'), 'API task definition');
const containers = resolved(api, api.containerDefinitions) as {
  image: string;
  environment: { name: string; value: string }[];
}[];
const setEnv = (name: string, value: string) => {
  const entry = containers[0]!.environment.find((e) => e.name === name);
  if (!entry) throw new Error(`the API container has no ${name}`);
  entry.value = value;
};
setEnv('ENVIRONMENT', 'staging');
setEnv('DEBUG', 'true');
setEnv('AUTH_ENABLED', 'false');
setEnv('CORS_ORIGINS', 'http://app.example.com');
containers[0]!.image = 'public.ecr.aws/docker/library/nginx:latest';
api.containerDefinitions = containers as CfnTaskDefinition.ContainerDefinitionProperty[];
for (const [invariant, rule] of [
  ['service.appEnvironment', 'ProductionReadiness-ContainerEnvironmentProduction'],
  ['service.debug', 'ProductionReadiness-ContainerDebugDisabled'],
  ['service.authEnabled', 'ProductionReadiness-ContainerAuthEnabled'],
  ['service.corsOrigins (https)', 'ProductionReadiness-ContainerCorsOriginsHttpsOnly'],
  ['service.image (no latest)', 'ProductionReadiness-ContainerImagePinned'],
] as const) {
  EXPECTED[invariant] = { rule, path: api.node.path };
}

// A raw override is a bypass of its own: the typed property stays compliant, the template does not.
const retrain = one(l1(CfnTaskDefinition, 'Service/Tasks/Retrain'), 'retraining task definition');
weaken('(any) raw override', 'ProductionReadiness-NoRawOverrides', retrain, () => {
  retrain.addPropertyOverride('ContainerDefinitions.0.Privileged', true);
});

let refused = false;
try {
  app.synth();
} catch (error) {
  if (!String(error).includes('A copy of this report can be found in')) throw error;
  refused = true;
}
const findings: Finding[] = findingsIn(outdir);

describe('every production invariant is refused by the synth gate when an escape hatch undoes it', () => {
  test('the weakened production stage does not synthesize', () => {
    expect(refused).toBe(true);
  });

  test('every invariant config validation enforces in production is covered here', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(
      [
        'network.natGateways',
        'network.flowLogRetentionDays',
        'database.multiAz',
        'database.deletionProtection',
        'database.backupRetentionDays',
        'database.credentialRotationDays',
        'cache.multiAz',
        'cache.snapshotRetentionDays',
        'service.appEnvironment',
        'service.debug',
        'service.authEnabled',
        'service.image (no latest)',
        'service.corsOrigins (https)',
        'rotation.apiKeyDays',
        'rotation.cacheUserDays',
        'retention.logDays',
        'retention.dailyBackupDays',
        '(any) raw override',
      ].sort(),
    );
  });

  test.each(Object.keys(EXPECTED).sort())('%s', (invariant) => {
    const { rule, path } = EXPECTED[invariant]!;
    expect(findings).toContainEqual(expect.objectContaining({ rule, path }));
  });
});
