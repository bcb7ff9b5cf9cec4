import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findingsIn } from '../support/report';
import { CDK_CONTEXT } from '../support/synth';

const root = join(__dirname, '../..');
const lib = (path: string) => JSON.stringify(join(root, path));

/**
 * A fresh process that builds an App the way lib/stages/synthesize.ts does (GATE_CONTEXT applied
 * after the CLI's context, when GATE=1), registers the stock engines (cfn-guard aside) and adds a
 * Stage holding one noncompliant resource. aws-cdk-lib is imported from the project so the engines
 * see the same copy.
 */
const script = join(mkdtempSync(join(tmpdir(), 'shipshape-gate-')), 'app.ts');
writeFileSync(
  script,
  `import { App, Stack, Stage } from ${lib('node_modules/aws-cdk-lib')};
import * as ec2 from ${lib('node_modules/aws-cdk-lib/aws-ec2')};
import * as s3 from ${lib('node_modules/aws-cdk-lib/aws-s3')};
import { addStockEngines } from ${lib('lib/compliance/engines')};
import { GATE_CONTEXT, PROCESS_MODE_CONTEXT } from ${lib('lib/stages/gate-context')};

// As synthesize() builds the app: the gate's context and aws-cdk-lib's process mode.
const app = new App(
  process.env.GATE === '1' ? { postCliContext: { ...GATE_CONTEXT, ...PROCESS_MODE_CONTEXT } } : {},
);
// The gate is under test, with cdk-nag's findings: cfn-guard (its worker threads are the slowest
// start-up here) adds nothing to it, and test/app/gate-engines.test.ts proves guard fails synth.
addStockEngines(app, { guard: false });
const stage = new Stage(app, 'Bad', { env: { account: '111111111111', region: 'eu-west-1' } });
const stack = new Stack(stage, 'Stack');
if (process.env.FINDING === 'error') {
  new s3.Bucket(stack, 'Bucket', { encryption: s3.BucketEncryption.UNENCRYPTED, enforceSSL: false });
} else {
  // A bare network ACL: only AwsSolutions-VPC3 fires, and it is a WARNING-level rule.
  new ec2.CfnNetworkAcl(stack, 'Acl', { vpcId: 'vpc-0123456789abcdef0' });
}
app.synth();
`,
);

/** Runs the app as \`cdk synth\` would: the CLI's context (cdk.json + its own override) in CDK_CONTEXT_JSON. */
function cdkSynth(options: {
  gate: boolean;
  finding: 'error' | 'warning';
}): Promise<{ status: number | null; output: string; findings: ReturnType<typeof findingsIn> | undefined }> {
  const outdir = mkdtempSync(join(tmpdir(), 'shipshape-gate-out-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GATE: options.gate ? '1' : '0',
    FINDING: options.finding,
    CDK_OUTDIR: outdir,
    // What the CLI sends: it asks the app not to fail, and reads the report itself.
    CDK_CONTEXT_JSON: JSON.stringify({ ...CDK_CONTEXT, '@aws-cdk/core:failSynthOnValidationErrors': false }),
  };
  // Jest sets NODE_ENV=test, which makes CDK throw in-process like a unit test; the CLI does not.
  delete env.NODE_ENV;
  delete env.CDK_APP_MODE;
  // The gate is what is under test, with cdk-nag's findings; the schema validator is not needed.
  env.CDK_VALIDATION = 'false';
  return new Promise((resolve) => {
    const child = spawn(join(root, 'node_modules/.bin/tsx'), [script], { env });
    let output = '';
    child.stdout.on('data', (d) => {
      output += String(d);
    });
    child.stderr.on('data', (d) => {
      output += String(d);
    });
    child.on('close', (status) => {
      const report = join(outdir, 'validation-report.json');
      resolve({ status, output, findings: existsSync(report) ? findingsIn(outdir) : undefined });
    });
  });
}

// The four apps run at once (they are separate processes); each test awaits its own.
const runs = {
  gateError: cdkSynth({ gate: true, finding: 'error' }),
  noGateError: cdkSynth({ gate: false, finding: 'error' }),
  gateWarning: cdkSynth({ gate: true, finding: 'warning' }),
  noGateWarning: cdkSynth({ gate: false, finding: 'warning' }),
};

describe('the compliance gate cannot be switched off by the CDK CLI', () => {
  test('with GATE_CONTEXT, an error-level finding fails synthesis and is printed, without a stack trace', async () => {
    const run = await runs.gateError;
    expect(run.status).toBe(1);
    expect(run.output).not.toMatch(/triggerUncaughtException|ValidationError: /);
    expect(run.status).not.toBeNull(); // exited, not killed by the timeout
    expect(run.output).toContain('Bad/Stack/Bucket/Resource');
    expect(run.output).toMatch(/ERROR The S3 Bucket .*does not require requests to use SSL/);
    expect(run.output).toContain('AwsSolutions-S10');
    expect(run.output).toContain('A copy of this report can be found in');
    expect(run.findings).toContainEqual(
      expect.objectContaining({
        rule: 'AwsSolutions-S10',
        severity: 'error',
        path: 'Bad/Stack/Bucket/Resource',
      }),
    );
  });

  test('control: without GATE_CONTEXT the same app exits 0 although the report holds the errors', async () => {
    // This is the hole the gate closes: the CLI filters the report to the stacks it selected, and
    // an app made only of Stages selects none, so nothing would ever fail.
    const run = await runs.noGateError;
    expect(run.status).toBe(0);
    expect(run.output).not.toContain('A copy of this report can be found in');
    expect(run.findings).toContainEqual(
      expect.objectContaining({
        rule: 'AwsSolutions-S10',
        severity: 'error',
        path: 'Bad/Stack/Bucket/Resource',
      }),
    );
  });

  test('with GATE_CONTEXT, a warning-only finding fails synthesis too (strict mode)', async () => {
    const run = await runs.gateWarning;
    expect(run.status).not.toBe(0);
    expect(run.status).not.toBeNull();
    expect(run.output).toContain('WARNING A Network ACL or Network ACL entry has been implemented');
    expect(run.output).toContain('AwsSolutions-VPC3');
    expect(run.output).toContain('A copy of this report can be found in');
    // Nothing but warnings: the failure is the warning's.
    expect(run.findings!.length).toBeGreaterThan(0);
    expect(run.findings!.every((f) => f.severity === 'warning')).toBe(true);
    expect(run.findings).toContainEqual(
      expect.objectContaining({ rule: 'AwsSolutions-VPC3', path: 'Bad/Stack/Acl' }),
    );
  });

  test('control: without GATE_CONTEXT the warning-only app exits 0', async () => {
    const run = await runs.noGateWarning;
    expect(run.status).toBe(0);
    expect(run.findings).toContainEqual(
      expect.objectContaining({ rule: 'AwsSolutions-VPC3', severity: 'warning' }),
    );
  });
});
