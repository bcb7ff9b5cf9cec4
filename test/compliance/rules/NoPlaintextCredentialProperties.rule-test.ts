import { CfnParameter, Stack } from 'aws-cdk-lib';
import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import { CfnDBCluster, CfnDBInstance } from 'aws-cdk-lib/aws-rds';
import { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-NoPlaintextCredentialProperties';
// Not credential-shaped (the repository's secret scan looks for shapes, this rule for properties).
const LITERAL = ['correct', 'horse', 'battery'].join('-');

function database(stack: Stack, password: string): CfnDBInstance {
  return new CfnDBInstance(stack, 'Db', {
    engine: 'postgres',
    dbInstanceClass: 'db.t4g.micro',
    allocatedStorage: '20',
    masterUsername: 'app',
    masterUserPassword: password,
  });
}

describe('NoPlaintextCredentialProperties: credential properties hold references, never literals', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    database(new Stack(app, 'Noncompliance1'), LITERAL);
    new CfnPermission(new Stack(app, 'Noncompliance2'), 'Permission', {
      action: 'lambda:InvokeFunction',
      functionName: 'fn',
      principal: 'alexa-appkit.amazon.com',
      eventSourceToken: 'amzn1.ask.skill.plain-token',
    });
    new CfnReplicationGroup(new Stack(app, 'Noncompliance3'), 'Cache', {
      replicationGroupDescription: 'cache',
      authToken: LITERAL,
    });
    new CfnSecret(new Stack(app, 'Noncompliance4'), 'Secret', { secretString: '{"password":"x"}' });
    const overridden = new CfnDBCluster(new Stack(app, 'Noncompliance5'), 'Cluster', {
      engine: 'aurora-postgresql',
    });
    overridden.addPropertyOverride('MasterUserPassword', { 'Fn::Join': ['', ['correct-', 'horse']] });

    database(new Stack(app, 'Compliance'), '{{resolve:secretsmanager:db:SecretString:password}}');
    const stack = new Stack(app, 'ComplianceParameter');
    const password = new CfnParameter(stack, 'Password', { type: 'String', noEcho: true });
    database(stack, password.valueAsString);
    new CfnSecret(new Stack(app, 'ComplianceGenerated'), 'Secret', {
      generateSecretString: { passwordLength: 32 },
    });
    // The shape an operator fills in after deployment (the webhook URL secrets do this).
    new CfnSecret(new Stack(app, 'CompliancePlaceholder'), 'Secret', { secretString: '{"url":""}' });
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: RDS MasterUserPassword literal', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: Lambda permission EventSourceToken literal', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: ElastiCache AuthToken literal', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Noncompliance 4: a secret with a literal SecretString', () => {
    expect(flagged(findings, RULE, 'Noncompliance4')).toHaveLength(1);
  });
  test('Noncompliance 5: a literal joined together through a raw override', () => {
    expect(flagged(findings, RULE, 'Noncompliance5')).toHaveLength(1);
  });
  test('Compliance: dynamic reference, NoEcho parameter, generated secret, empty placeholder', () => {
    expect(reported(findings, RULE, 'CompliancePlaceholder')).toEqual([]);
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceParameter')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceGenerated')).toEqual([]);
  });
});
