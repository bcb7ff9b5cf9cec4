import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, type IPolicyValidationContext, type PolicyValidationPluginReport, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ParallelCfnGuardValidator } from '../../lib/compliance/cfn-guard/parallel-validator';
import { readGuardRules, rulesFor } from '../../lib/compliance/cfn-guard/rules';
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

describe('ParallelCfnGuardValidator: the Control Tower rules, per template those that can match, on every core', () => {
  const full = new CfnGuardValidator({ maxBuffer: 64 * 1024 * 1024 }).validate(
    context,
  ) as PolicyValidationPluginReport;
  const parallel = new ParallelCfnGuardValidator({ workers: 2 }).validate(context);

  test('reports exactly what the stock validator reports with every rule on every template', () => {
    expect(key(full).length).toBeGreaterThan(5);
    expect(key(parallel)).toEqual(key(full));
  });

  test('fails on any finding: every violation is an error (the stock validator sets no severity)', () => {
    expect(parallel.success).toBe(false);
    expect(full.violations.every((v) => v.severity === undefined)).toBe(true);
    expect(parallel.violations.every((v) => v.severity === 'error')).toBe(true);
  });

  test('a run started early (prefetch) gives the same report, and asking again re-reads it', () => {
    const guard = new ParallelCfnGuardValidator();
    guard.prefetch(app);
    expect(key(guard.validate(context))).toEqual(key(full));
    expect(key(guard.validate(context))).toEqual(key(full));
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
    expect(new ParallelCfnGuardValidator().name).toBe(new CfnGuardValidator().name);
  });
});
