import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  App,
  CfnElement,
  CloudFormationValidatePlugin,
  type IPolicyValidationContext,
  type PolicyValidationPluginReport,
  Stack,
  Stage,
  Validations,
} from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { CachedCloudFormationValidatePlugin } from '../../lib/compliance/cloudformation-validate/cached-plugin';
import { ParallelCfnGuardValidator } from '../../lib/compliance/cfn-guard/parallel-validator';
import { BlockingWorkers } from '../../lib/compliance/blocking-workers';
import {
  VALIDATE_WORKER_SOURCE,
  type ValidateBatchResult,
} from '../../lib/compliance/cloudformation-validate/validate-worker';
import { startEnginesEarly } from '../../lib/compliance/engine-prefetch';
import { findingsIn } from '../support/report';
import { CDK_CONTEXT } from '../support/synth';

// Two templates with findings of both template engines, in a stage as the app's are.
const env = { account: '111111111111', region: 'eu-west-1' };

/** The two-stack app; `engines` registers the built-in validator (kept in `cacheDir`) and its prefetch. */
function twoStacks(options: { engines?: { cacheDir: string } } = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'shipshape-cache-'));
  const app = new App({ outdir, context: CDK_CONTEXT, builtinCloudFormationValidation: false });
  const stage = new Stage(app, 'Stage', { env });
  const one = new Stack(stage, 'One');
  new s3.Bucket(one, 'Bucket', { enforceSSL: false });
  new sqs.CfnQueue(one, 'Queue', { delaySeconds: 5000 });
  const two = new Stack(stage, 'Two');
  new ec2.CfnSecurityGroup(two, 'Open', {
    groupDescription: 'SSH from anywhere',
    vpcId: 'vpc-0123456789abcdef0',
    securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '0.0.0.0/0' }],
  });
  if (options.engines) {
    // As the app wires it: the validator on the App, the prefetch on the first stage.
    const validator = new CachedCloudFormationValidatePlugin(options.engines.cacheDir);
    Validations.of(app).addPlugins(validator);
    startEnginesEarly([stage], { validator });
  }
  return { app, outdir, stacks: [one, two] };
}

const plain = twoStacks();
plain.app.synth();
// Each stack as aws-cdk-lib describes it to the plugins.
const stackTemplates = plain.stacks.map((stack) => ({
  stackConstructPath: stack.node.path,
  templatePath: join(Stage.of(stack)!.outdir, stack.templateFile),
  accountId: env.account,
  region: env.region,
}));
const context = {
  templatePaths: stackTemplates.map((s) => s.templatePath),
  stackTemplates,
  appConstruct: plain.app,
} as unknown as IPolicyValidationContext;

/** The construct path of a resource of the plain app, by template and logical id. */
function pathOf(templatePath: string, logicalId: string): string {
  const stack = plain.stacks.find((s) => templatePath.endsWith(s.templateFile))!;
  const element = stack.node
    .findAll()
    .find((c): c is CfnElement => CfnElement.isCfnElement(c) && stack.resolve(c.logicalId) === logicalId)!;
  return element.node.path;
}

/** Every finding as "rule template logicalId". */
const keys = (r: PolicyValidationPluginReport) =>
  r.violations
    .flatMap((v) =>
      v.violatingResources.map(
        (res) => `${v.ruleName} ${basename(res.templatePath ?? '')} ${res.resourceLogicalId}`,
      ),
    )
    .sort();

/** Runs `during` while recording each template batch the stock validator judges on this thread. */
function judgedHere(during: () => void): string[][] {
  const seen: string[][] = [];
  const original = CloudFormationValidatePlugin.prototype.validate;
  CloudFormationValidatePlugin.prototype.validate = function (this: CloudFormationValidatePlugin, c) {
    seen.push(c.templatePaths);
    return original.call(this, c);
  };
  try {
    during();
  } finally {
    CloudFormationValidatePlugin.prototype.validate = original;
  }
  return seen;
}

describe('the built-in validator with findings kept per template, started early on a worker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-cfn-cache-'));
  // One engine on this thread (about 4 s of CPU to start): the stock findings are the stock class's
  // own validate() run on this plugin (the subclass overrides nothing else); the changed-template
  // case below reuses its engine.
  const plugin = new CachedCloudFormationValidatePlugin(dir);
  const stock = CloudFormationValidatePlugin.prototype.validate.call(plugin, context);
  // The real synthesis, wired as the app is: the prefetch hands both templates to the worker.
  const early = twoStacks({ engines: { cacheDir: dir } });
  const judged = judgedHere(() => expect(() => early.app.synth()).toThrow(/validation/i));
  const reported = findingsIn(early.outdir).filter((f) => f.engine === 'CloudFormation Validate');

  test('cold: the stock validator’s findings, judged on the worker, one stored result per template', () => {
    expect(keys(stock).length).toBeGreaterThan(0);
    expect(judged).toEqual([]);
    const stockFindings = stock.violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.ruleName} ${pathOf(r.templatePath!, r.resourceLogicalId!)}`),
    );
    expect(reported.map((f) => `${f.rule} ${f.path}`).sort()).toEqual(stockFindings.sort());
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
    const changed = stackTemplates.map((s) => ({ ...s, templatePath: join(copy, basename(s.templatePath)) }));
    const body = JSON.parse(readFileSync(stackTemplates[0]!.templatePath, 'utf8')) as {
      Description?: string;
    };
    body.Description = 'changed';
    writeFileSync(changed[0]!.templatePath, JSON.stringify(body));
    copyFileSync(stackTemplates[1]!.templatePath, changed[1]!.templatePath);
    const seen = judgedHere(() =>
      plugin.validate({
        ...context,
        templatePaths: changed.map((s) => s.templatePath),
        stackTemplates: changed,
      }),
    );
    // Another directory, the same bytes: the second template's stored findings are reused.
    expect(seen).toEqual([[changed[0]!.templatePath]]);
  });

  test('a template handed to the worker and changed since is judged here, as it is now', () => {
    const copy = mkdtempSync(join(tmpdir(), 'shipshape-cfn-cache-moved-'));
    // Another stack path, so nothing is stored for it yet and the worker gets it.
    const moved = {
      ...stackTemplates[1]!,
      stackConstructPath: 'Stage/Moved',
      templatePath: join(copy, 'Moved.template.json'),
    };
    copyFileSync(stackTemplates[1]!.templatePath, moved.templatePath);
    plugin.prefetchStacks([moved]);
    // Changed after it was handed over: the worker's report is on other bytes and must not be used.
    writeFileSync(
      moved.templatePath,
      readFileSync(moved.templatePath, 'utf8').replace('0.0.0.0/0', '10.0.0.0/8'),
    );
    const ctx = { ...context, templatePaths: [moved.templatePath], stackTemplates: [moved] };
    let report: PolicyValidationPluginReport | undefined;
    expect(judgedHere(() => (report = plugin.validate(ctx)))).toEqual([[moved.templatePath]]);
    const now = CloudFormationValidatePlugin.prototype.validate.call(plugin, ctx);
    expect(keys(report!)).toEqual(keys(now));
  });

  test('a worker that cannot validate says why (validate() then throws, naming the template)', () => {
    const missing = join(tmpdir(), 'shipshape-no-such-dir', 'Missing.template.json');
    const workers = new BlockingWorkers<ValidateBatchResult>(VALIDATE_WORKER_SOURCE, (r) => r.batch);
    workers.start({
      cdkLib: require.resolve('aws-cdk-lib'),
      batch: 'b',
      stacks: [{ ...stackTemplates[0]!, templatePath: missing }],
    });
    const result = workers.await('b');
    expect(result.report).toBeUndefined();
    expect(result.error).toMatch(/ENOENT.*Missing\.template\.json/);
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
