// Finding parity: the whole app synthesized with the stock engines exactly as their packages ship
// them (CfnGuardValidator with every Control Tower rule on every template, in one process; the
// CDK's own CloudFormation validator instance) against the project's engines (cfn-guard per
// template on worker threads, findings kept per template), cold and then warm. Every finding,
// acknowledged or not, must be the same in all three. Exit 1 on any difference.
// Run: npx tsx bench/findings-parity.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Validations } from 'aws-cdk-lib';
import { CDK_APP_MODE_CONTEXT } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { environments } from '../config';
import { ProductionReadinessChecks } from '../lib/compliance/production-readiness-pack';
import { stagePolicy } from '../lib/compliance/stage-policy';
import { VALIDATION_CACHE_DIR } from '../lib/compliance/validation-cache';
import { validateConfigs } from '../lib/config';
import { cdkJsonContext } from '../lib/ops/audit/synth';
import { readValidationReport } from '../lib/ops/audit/validation-report';
import { addStages } from '../lib/stages/shipshape-app';
import { GATE_CONTEXT } from '../lib/stages/gate-context';

const root = join(__dirname, '..');
const configs = validateConfigs(environments);

function synth(build: (app: App) => void): { findings: Set<string>; seconds: number } {
  const outdir = mkdtempSync(join(tmpdir(), 'shipshape-parity-'));
  const app = new App({
    outdir,
    context: { ...cdkJsonContext(root), [CDK_APP_MODE_CONTEXT]: 'inmemory' },
    postCliContext: { ...GATE_CONTEXT },
  });
  build(app);
  const started = Date.now();
  try {
    app.synth();
  } catch (error) {
    if (!String(error).includes('A copy of this report can be found in')) throw error;
  }
  const findings = new Set<string>();
  for (const plugin of readValidationReport(outdir).pluginReports) {
    const add = (v: (typeof plugin.violations)[number], state: string) => {
      for (const c of v.violatingConstructs ?? [{}]) {
        const where =
          c.constructPath ??
          `${c.cloudFormationResource?.templatePath}#${c.cloudFormationResource?.logicalId}`;
        findings.add(`${plugin.pluginName} | ${v.ruleName} | ${where} | ${state}`);
      }
    };
    for (const v of plugin.violations) add(v, 'open');
    for (const v of plugin.suppressedViolations ?? []) add(v, `acknowledged at ${v.acknowledgedAt}`);
  }
  rmSync(outdir, { recursive: true, force: true });
  return { findings, seconds: (Date.now() - started) / 1000 };
}

function diff(a: Set<string>, b: Set<string>): string[] {
  return [
    ...[...a].filter((x) => !b.has(x)).map((x) => `- ${x}`),
    ...[...b].filter((x) => !a.has(x)).map((x) => `+ ${x}`),
  ];
}

process.stderr.write('parity: stock engines…\n');
const stock = synth((app) => {
  const stages = addStages(app, configs, { engines: false });
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true }),
    new HIPAASecurityChecks(app, { verbose: true }),
    new NIST80053R5Checks(app, { verbose: true }),
    new PCIDSS321Checks(app, { verbose: true }),
    new CfnGuardValidator({ maxBuffer: 256 * 1024 * 1024 }),
  );
  const names = Object.keys(configs);
  stages.forEach((stage, i) => {
    Validations.of(stage).addPlugins(
      new ProductionReadinessChecks(stage, stagePolicy(configs[names[i]!]!), { within: stage }),
    );
  });
});
process.stderr.write('parity: project engines, cold…\n');
rmSync(VALIDATION_CACHE_DIR, { recursive: true, force: true });
const cold = synth((app) => void addStages(app, configs));
process.stderr.write('parity: project engines, warm…\n');
const warm = synth((app) => void addStages(app, configs));

console.log('| engines | findings (open + acknowledged) | validation + synth |');
console.log('| --- | --- | --- |');
for (const [name, r] of [
  ['stock (one guard process, every rule on every template)', stock],
  ['project, cold', cold],
  ['project, warm', warm],
] as const) {
  console.log(`| ${name} | ${r.findings.size} | ${r.seconds.toFixed(1)} s |`);
}
const differences = [...diff(stock.findings, cold.findings), ...diff(cold.findings, warm.findings)];
if (differences.length > 0) {
  console.log(`\n${differences.length} difference(s):\n${differences.slice(0, 50).join('\n')}`);
  process.exit(1);
}
console.log('\nIdentical: every finding of every engine, open or acknowledged, in all three.');
