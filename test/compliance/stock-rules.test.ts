/**
 * Every stock rule the register relies on (STOCK_RULES_RELIED_ON) fires on a minimal resource that
 * breaks what the table says it enforces. The register derives a checklist id's "enforced" status
 * from a rule that realizes it and a test that makes that rule fire: for a stock rule, this file,
 * which names each rule id below.
 */
import { App, Stack } from 'aws-cdk-lib';
import { CfnCluster } from 'aws-cdk-lib/aws-ecs';
import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import { CfnListener } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnDBInstance } from 'aws-cdk-lib/aws-rds';
import { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { CfnTopic } from 'aws-cdk-lib/aws-sns';
import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  NIST80053R5Checks,
  type NagPack,
  PCIDSS321Checks,
} from 'cdk-nag';
import { STOCK_RULES_RELIED_ON } from '../../lib/compliance/pack/stock-rules';

type Fixture = (stack: Stack) => void;

/** A PostgreSQL instance with nothing turned on: unencrypted, public, unprotected, single-AZ. */
const bareDatabase: Fixture = (stack) => {
  new CfnDBInstance(stack, 'Db', {
    engine: 'postgres',
    dbInstanceClass: 'db.t4g.micro',
    allocatedStorage: '20',
    storageEncrypted: false,
    publiclyAccessible: true,
    deletionProtection: false,
    multiAz: false,
  });
};
/** A secret without rotation and without a customer-managed key. */
const bareSecret: Fixture = (stack) => {
  new CfnSecret(stack, 'Secret', { generateSecretString: {} });
};
/** A Redis replication group outside a VPC, unencrypted, single-AZ. */
const bareReplicationGroup: Fixture = (stack) => {
  new CfnReplicationGroup(stack, 'Cache', {
    replicationGroupDescription: 'bare',
    engine: 'redis',
    cacheNodeType: 'cache.t4g.micro',
    transitEncryptionEnabled: false,
    atRestEncryptionEnabled: false,
    multiAzEnabled: false,
  });
};
const unencryptedLogGroup: Fixture = (stack) => {
  new CfnLogGroup(stack, 'Logs', { retentionInDays: 7 });
};
const unencryptedTopic: Fixture = (stack) => {
  new CfnTopic(stack, 'Topic');
};
/** A listener that presents no certificate. */
const listenerWithoutCertificate: Fixture = (stack) => {
  new CfnListener(stack, 'Listener', {
    loadBalancerArn: 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/x/1',
    port: 443,
    protocol: 'HTTPS',
    defaultActions: [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '404' } }],
  });
};
const clusterWithoutInsights: Fixture = (stack) => {
  new CfnCluster(stack, 'Cluster');
};

/** The noncompliant fixture of each stock rule id the register relies on. */
const FIXTURES: Readonly<Record<string, Fixture>> = {
  'AwsSolutions-SMG4': bareSecret,
  'HIPAA.Security-SecretsManagerRotationEnabled': bareSecret,
  'NIST.800.53.R5-SecretsManagerRotationEnabled': bareSecret,
  'AwsSolutions-RDS2': bareDatabase,
  'HIPAA.Security-RDSStorageEncrypted': bareDatabase,
  'NIST.800.53.R5-RDSStorageEncrypted': bareDatabase,
  'PCI.DSS.321-RDSStorageEncrypted': bareDatabase,
  'HIPAA.Security-RDSInstancePublicAccess': bareDatabase,
  'NIST.800.53.R5-RDSInstancePublicAccess': bareDatabase,
  'PCI.DSS.321-RDSInstancePublicAccess': bareDatabase,
  'AwsSolutions-RDS10': bareDatabase,
  'HIPAA.Security-RDSInstanceDeletionProtectionEnabled': bareDatabase,
  'NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled': bareDatabase,
  'AwsSolutions-RDS3': bareDatabase,
  'HIPAA.Security-RDSMultiAZSupport': bareDatabase,
  'NIST.800.53.R5-RDSMultiAZSupport': bareDatabase,
  'AwsSolutions-AEC3': bareReplicationGroup,
  'AwsSolutions-AEC1': bareReplicationGroup,
  'AwsSolutions-AEC4': bareReplicationGroup,
  'HIPAA.Security-CloudWatchLogGroupEncrypted': unencryptedLogGroup,
  'NIST.800.53.R5-CloudWatchLogGroupEncrypted': unencryptedLogGroup,
  'PCI.DSS.321-CloudWatchLogGroupEncrypted': unencryptedLogGroup,
  'HIPAA.Security-SecretsManagerUsingKMSKey': bareSecret,
  'NIST.800.53.R5-SecretsManagerUsingKMSKey': bareSecret,
  'PCI.DSS.321-SecretsManagerUsingKMSKey': bareSecret,
  'HIPAA.Security-SNSEncryptedKMS': unencryptedTopic,
  'NIST.800.53.R5-SNSEncryptedKMS': unencryptedTopic,
  'PCI.DSS.321-SNSEncryptedKMS': unencryptedTopic,
  'HIPAA.Security-ELBv2ACMCertificateRequired': listenerWithoutCertificate,
  'NIST.800.53.R5-ELBv2ACMCertificateRequired': listenerWithoutCertificate,
  'PCI.DSS.321-ELBv2ACMCertificateRequired': listenerWithoutCertificate,
  'AwsSolutions-ECS4': clusterWithoutInsights,
};

const PACKS: Readonly<Record<string, () => NagPack>> = {
  AwsSolutions: () => new AwsSolutionsChecks(undefined, { verbose: true }),
  'HIPAA.Security': () => new HIPAASecurityChecks(undefined, { verbose: true }),
  'NIST.800.53.R5': () => new NIST80053R5Checks(undefined, { verbose: true }),
  'PCI.DSS.321': () => new PCIDSS321Checks(undefined, { verbose: true }),
};

/** The rule ids each distinct fixture makes its pack report (one synth per fixture, every pack). */
const reported = new Map<Fixture, Set<string>>();
beforeAll(() => {
  for (const fixture of new Set(Object.values(FIXTURES))) {
    const app = new App({ builtinCloudFormationValidation: false });
    fixture(new Stack(app, 'Bare', { env: { account: '111111111111', region: 'eu-west-1' } }));
    app.synth();
    const ids = new Set<string>();
    for (const pack of Object.values(PACKS)) {
      for (const v of pack().validateScope(app).violations) ids.add(v.ruleName);
    }
    reported.set(fixture, ids);
  }
});

describe('every stock rule the register relies on fires on its noncompliant fixture', () => {
  test('each rule id of STOCK_RULES_RELIED_ON has a fixture here, and no fixture is left over', () => {
    const relied = STOCK_RULES_RELIED_ON.flatMap((g) => g.ruleIds).sort();
    expect(Object.keys(FIXTURES).sort()).toEqual(relied);
  });

  test.each(Object.keys(FIXTURES))('%s fires', (ruleId) => {
    const pack = Object.keys(PACKS).find((p) => ruleId.startsWith(`${p}-`));
    expect(pack).toBeDefined();
    expect([...reported.get(FIXTURES[ruleId]!)!]).toContain(ruleId);
  });
});
