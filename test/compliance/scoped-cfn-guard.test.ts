import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, type IPolicyValidationContext, type PolicyValidationPluginReport, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { readGuardRules, rulesFor, ScopedCfnGuardValidator } from '../../lib/compliance/scoped-cfn-guard';
import { CDK_CONTEXT } from '../support/synth';

// Templates that break many Control Tower rules across several services.
const outdir = mkdtempSync(join(tmpdir(), 'shipshape-guard-'));
const app = new App({ outdir, context: CDK_CONTEXT, builtinCloudFormationValidation: false });
const stack = new Stack(app, 'Bad', { env: { account: '111111111111', region: 'eu-west-1' } });
const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, restrictDefaultSecurityGroup: false });
new ec2.SecurityGroup(stack, 'Open', { vpc }).addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
new s3.Bucket(stack, 'Bucket', { encryption: s3.BucketEncryption.UNENCRYPTED });
new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.ONE_DAY });
new rds.DatabaseInstance(stack, 'Db', {
  engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_8 }),
  vpc,
  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  storageEncrypted: false,
});
app.synth();
const templatePaths = readdirSync(outdir)
  .filter((f) => f.endsWith('.template.json'))
  .map((f) => join(outdir, f));

const context = {
  templatePaths,
  stackTemplates: [],
  appConstruct: app,
} as unknown as IPolicyValidationContext;

const key = (r: PolicyValidationPluginReport) =>
  r.violations
    .flatMap((v) => v.violatingResources.map((res) => `${v.ruleName} ${res.resourceLogicalId}`))
    .sort();

describe('ScopedCfnGuardValidator: the Control Tower rules, only those that can match', () => {
  const full = new CfnGuardValidator({ maxBuffer: 64 * 1024 * 1024 }).validate(
    context,
  ) as PolicyValidationPluginReport;
  const scoped = new ScopedCfnGuardValidator().validate(context);

  test('reports exactly what the full rule set reports on the same templates', () => {
    expect(key(full).length).toBeGreaterThan(5);
    expect(key(scoped)).toEqual(key(full));
    expect(scoped.success).toBe(full.success);
  });

  test('keeps the rules of present types and rules naming no type, drops the rest', () => {
    const rules = readGuardRules();
    expect(rules.length).toBeGreaterThan(200);
    const kept = rulesFor(rules, new Set(['AWS::S3::Bucket']));
    expect(kept.every((r) => r.types.size === 0 || r.types.has('AWS::S3::Bucket'))).toBe(true);
    expect(kept.some((r) => r.types.has('AWS::S3::Bucket'))).toBe(true);
    const redshiftOnly = rules.filter(
      (r) => r.types.size > 0 && [...r.types].every((t) => t.startsWith('AWS::Redshift::')),
    );
    expect(redshiftOnly.length).toBeGreaterThan(0);
    expect(kept.filter((r) => redshiftOnly.includes(r))).toEqual([]);
    expect(kept.length).toBeLessThan(rules.length / 2);
  });

  test('reports under the validator’s own name, so acknowledgement ids stay the same', () => {
    expect(new ScopedCfnGuardValidator().name).toBe(new CfnGuardValidator().name);
  });
});
