import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  App,
  CloudFormationValidatePlugin,
  type IPolicyValidationContext,
  type PolicyValidationPluginReport,
  Stack,
} from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { CachedCloudFormationValidatePlugin } from '../../lib/compliance/cached-cloudformation-validate';
import { ParallelCfnGuardValidator } from '../../lib/compliance/cfn-guard/parallel-validator';
import { CDK_CONTEXT } from '../support/synth';

// Two templates with findings of both template engines.
const outdir = mkdtempSync(join(tmpdir(), 'shipshape-cache-'));
const app = new App({ outdir, context: CDK_CONTEXT, builtinCloudFormationValidation: false });
const env = { account: '111111111111', region: 'eu-west-1' };
const one = new Stack(app, 'One', { env });
new s3.Bucket(one, 'Bucket', { enforceSSL: false });
new sqs.CfnQueue(one, 'Queue', { delaySeconds: 5000 });
const two = new Stack(app, 'Two', { env });
new ec2.CfnSecurityGroup(two, 'Open', {
  groupDescription: 'SSH from anywhere',
  vpcId: 'vpc-0123456789abcdef0',
  securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '0.0.0.0/0' }],
});
app.synth();
const templates = readdirSync(outdir).filter((f) => f.endsWith('.template.json'));
const stackTemplates = templates.map((f) => ({
  stackConstructPath: f.replace('.template.json', ''),
  templatePath: join(outdir, f),
  ...env,
  accountId: env.account,
}));
const context = {
  templatePaths: stackTemplates.map((s) => s.templatePath),
  stackTemplates,
  appConstruct: app,
} as unknown as IPolicyValidationContext;

/** Every finding as "rule template logicalId". */
const keys = (r: PolicyValidationPluginReport) =>
  r.violations
    .flatMap((v) =>
      v.violatingResources.map((res) => `${v.ruleName} ${res.templatePath} ${res.resourceLogicalId}`),
    )
    .sort();

describe('the built-in validator with findings kept per template', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-cfn-cache-'));
  // One plugin, one validator engine (about 4 s of CPU to start): the stock findings are the stock
  // class's own validate() run on it (the subclass overrides nothing else), and the changed-template
  // case below reuses it too (what it stored is on disk, where any other instance finds it).
  const coldPlugin = new CachedCloudFormationValidatePlugin(dir);
  const stock = CloudFormationValidatePlugin.prototype.validate.call(coldPlugin, context);
  const cold = coldPlugin.validate(context);

  test('cold: the stock validator’s findings, and one stored result per template', () => {
    expect(keys(stock).length).toBeGreaterThan(0);
    expect(keys(cold)).toEqual(keys(stock));
    expect(cold.success).toBe(stock.success);
    expect(readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.json'))).toHaveLength(2);
  });

  test('warm: the same findings without running the validator again', () => {
    const original = CloudFormationValidatePlugin.prototype.validate;
    CloudFormationValidatePlugin.prototype.validate = () => {
      throw new Error('validated again');
    };
    try {
      expect(keys(new CachedCloudFormationValidatePlugin(dir).validate(context))).toEqual(keys(stock));
    } finally {
      CloudFormationValidatePlugin.prototype.validate = original;
    }
  });

  test('a changed template is validated again; the other is not', () => {
    const copy = mkdtempSync(join(tmpdir(), 'shipshape-cfn-cache-copy-'));
    const changed = stackTemplates.map((s) => ({
      ...s,
      templatePath: join(copy, `${s.stackConstructPath}.json`),
    }));
    const body = JSON.parse(readFileSync(stackTemplates[0]!.templatePath, 'utf8')) as {
      Description?: string;
    };
    body.Description = 'changed';
    writeFileSync(changed[0]!.templatePath, JSON.stringify(body));
    copyFileSync(stackTemplates[1]!.templatePath, changed[1]!.templatePath);
    const seen: string[][] = [];
    const original = CloudFormationValidatePlugin.prototype.validate;
    CloudFormationValidatePlugin.prototype.validate = function (this: CloudFormationValidatePlugin, c) {
      seen.push(c.templatePaths);
      return original.call(this, c);
    };
    try {
      coldPlugin.validate({
        ...context,
        templatePaths: changed.map((s) => s.templatePath),
        stackTemplates: changed,
      });
    } finally {
      CloudFormationValidatePlugin.prototype.validate = original;
    }
    // Another directory, the same bytes: the second template's stored findings are reused.
    expect(seen.flat()).toEqual([changed[0]!.templatePath]);
  });
});

describe('cfn-guard with findings kept per template', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-guard-cache-'));
  const cold = new ParallelCfnGuardValidator({ cacheDir: dir }).validate(context);

  test('warm: the same findings, and guard does not run (it would fail with a 1-byte output buffer)', () => {
    expect(keys(cold).length).toBeGreaterThan(0);
    const warm = new ParallelCfnGuardValidator({ cacheDir: dir, maxBuffer: 1 }).validate(context);
    expect(keys(warm)).toEqual(keys(cold));
    expect(warm.success).toBe(false);
  });

  test('control: without the stored results the 1-byte buffer does fail', () => {
    const empty = mkdtempSync(join(tmpdir(), 'shipshape-guard-cache-empty-'));
    expect(() => new ParallelCfnGuardValidator({ cacheDir: empty, maxBuffer: 1 }).validate(context)).toThrow(
      /cfn-guard failed/,
    );
  });
});
