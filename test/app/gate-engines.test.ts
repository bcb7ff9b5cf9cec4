import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { CDK_APP_MODE_CONTEXT } from 'aws-cdk-lib/cx-api';
import { addStockEngines } from '../../lib/compliance/engines';
import { ProductionReadinessChecks } from '../../lib/compliance/production-readiness-pack';
import { GATE_CONTEXT } from '../../lib/stages/gate-context';
import { type Finding, findingsIn } from '../support/report';
import { CDK_CONTEXT } from '../support/synth';

const ENGINES = [
  'AwsSolutions',
  'HIPAA.Security',
  'NIST.800.53.R5',
  'PCI.DSS.321',
  'cdk-validator-cfnguard',
  'ProductionReadiness',
  'CloudFormation Validate',
] as const;
type Engine = (typeof ENGINES)[number];

/** The id an acknowledgement uses for a finding of `engine`. */
function ackId(f: Finding): string {
  if (f.engine === 'cdk-validator-cfnguard') return `cdk-validator-cfnguard::${f.rule}`;
  if (f.engine === 'CloudFormation Validate') return `CloudFormation-Validate::${f.rule}`;
  return f.rule;
}

/**
 * A production stage with a few weakened resources, built as the app builds one (stock engines on
 * the app, ProductionReadiness on the stage, the gate's context), acknowledging `acknowledge`.
 * Returns whether synthesis was refused and the findings it left open.
 */
function synth(options: { acknowledge: readonly Finding[]; builtinValidation: boolean }) {
  const outdir = mkdtempSync(join(tmpdir(), 'shipshape-gate-engine-'));
  const app = new App({
    outdir,
    context: { ...CDK_CONTEXT, [CDK_APP_MODE_CONTEXT]: 'inmemory' },
    postCliContext: { ...GATE_CONTEXT },
    builtinCloudFormationValidation: options.builtinValidation,
  });
  addStockEngines(app);
  const stage = new Stage(app, 'Weak', { env: { account: '111111111111', region: 'eu-west-1' } });
  Validations.of(stage).addPlugins(
    new ProductionReadinessChecks(stage, { profile: 'production' }, { within: stage }),
  );
  const stack = new Stack(stage, 'Stack');
  // Logs kept forever: ProductionReadiness (data minimisation) and the encryption rules of the packs.
  new logs.CfnLogGroup(stack, 'Logs', {});
  // An RDS Proxy whose TLS requirement an escape hatch switched off: a Control Tower rule.
  new rds.CfnDBProxy(stack, 'Proxy', {
    dbProxyName: 'weak',
    engineFamily: 'POSTGRESQL',
    roleArn: 'arn:aws:iam::111111111111:role/proxy',
    vpcSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
    auth: [
      { authScheme: 'SECRETS', secretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:x-AbCdEf' },
    ],
    requireTls: false,
  });
  // A queue whose delay the CloudFormation schema refuses (at most 900 seconds).
  new sqs.CfnQueue(stack, 'Queue', { delaySeconds: 5000, sqsManagedSseEnabled: true });
  new sns.CfnTopic(stack, 'Topic', {});
  const byPath = new Map<string, Finding[]>();
  for (const f of options.acknowledge) byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
  for (const [path, findings] of byPath) {
    const target = app.node.findAll().find((c) => c.node.path === path) ?? stack;
    for (const f of findings) {
      Validations.of(target).acknowledge({ id: ackId(f), reason: 'acknowledged for the gate test' });
    }
  }
  let refused = false;
  try {
    app.synth();
  } catch (error) {
    if (!String(error).includes('A copy of this report can be found in')) throw error;
    refused = true;
  }
  return { refused, findings: findingsIn(outdir) };
}

// Every engine must be able to fail the build alone: for each, everything the other engines find
// is acknowledged, so the one engine's open findings are all that stands between the stage and a
// passing synth.
describe('the gate fails on an unacknowledged finding of every engine, each on its own', () => {
  const all = synth({ acknowledge: [], builtinValidation: true });

  test('the weakened stage is reported by every engine', () => {
    expect(all.refused).toBe(true);
    expect([...new Set(all.findings.map((f) => f.engine))].sort()).toEqual([...ENGINES].sort());
  });

  test('the RDS Proxy with RequireTLS off is a cfn-guard finding', () => {
    expect(all.findings).toContainEqual(
      expect.objectContaining({ engine: 'cdk-validator-cfnguard', path: 'Weak/Stack/Proxy' }),
    );
  });

  test.each(ENGINES)('%s alone refuses the synthesis', (engine: Engine) => {
    const others = all.findings.filter((f) => f.engine !== engine);
    // The built-in validator only runs where it is the subject (it is the slow one).
    const run = synth({ acknowledge: others, builtinValidation: engine === 'CloudFormation Validate' });
    const open = run.findings.filter((f) => !others.some((o) => o.engine === f.engine && o.rule === f.rule));
    expect(open.length).toBeGreaterThan(0);
    expect([...new Set(open.map((f) => f.engine))]).toEqual([engine]);
    expect(run.refused).toBe(true);
  });
});
