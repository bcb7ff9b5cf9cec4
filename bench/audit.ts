// Audit benchmark: wall time of `npm run audit` against the plain synth with every check, and the
// cost of each engine, measured two ways in the same run: switched off (synth without it, in its own
// process) and timed in place (its validate() inside the synth with every check).
// Run: npx tsx bench/audit.ts [-- --quick]   (--quick skips the per-engine off runs)
// Targets: audit <= 1.2x plain synth with every check; ProductionReadiness adds <= 30 % to the synth.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, CloudFormationValidatePlugin, type IPolicyValidationPlugin, Validations } from 'aws-cdk-lib';
import { CDK_APP_MODE_CONTEXT } from 'aws-cdk-lib/cx-api';
import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  NagPack,
  NIST80053R5Checks,
  PCIDSS321Checks,
} from 'cdk-nag';
import { environments } from '../config';
import { ProductionReadinessChecks } from '../lib/compliance/production-readiness-pack';
import { stagePolicy } from '../lib/compliance/stage-policy';
import { validateConfigs } from '../lib/config';
import { auditApp } from '../lib/ops/audit/app-audit';
import { cdkJsonContext } from '../lib/ops/audit/synth';
import { addStages } from '../lib/stages/shipshape-app';
import { GATE_CONTEXT } from '../lib/stages/gate-context';

const root = join(__dirname, '..');
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

const { values } = parseArgs({
  options: {
    worker: { type: 'string' },
    without: { type: 'string', default: '' },
    quick: { type: 'boolean', default: false },
  },
});

/** Per-engine validate() time inside this process, by plugin name. */
function timePlugins(): Map<string, number> {
  const spent = new Map<string, number>();
  const wrap = (proto: { validate: IPolicyValidationPlugin['validate'] }) => {
    const original = proto.validate;
    proto.validate = function (this: IPolicyValidationPlugin, context) {
      const t = process.hrtime.bigint();
      try {
        return original.call(this, context);
      } finally {
        spent.set(this.name, (spent.get(this.name) ?? 0) + Number(process.hrtime.bigint() - t) / 1e6);
      }
    };
  };
  wrap(NagPack.prototype as unknown as { validate: IPolicyValidationPlugin['validate'] });
  wrap(ProductionReadinessChecks.prototype);
  wrap(CfnGuardValidator.prototype);
  wrap(CloudFormationValidatePlugin.prototype);
  return spent;
}

/** Synth of the real app with every engine but `without`, as synthesize() builds it. */
function synthWithout(without: ReadonlySet<string>): void {
  const configs = validateConfigs(environments);
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'shipshape-bench-audit-')),
    context: { ...cdkJsonContext(root), [CDK_APP_MODE_CONTEXT]: 'inmemory' },
    postCliContext: { ...GATE_CONTEXT },
    builtinCloudFormationValidation: !without.has('CloudFormation Validate'),
  });
  const stages = addStages(app, configs, { engines: false });
  const stock: [Engine, () => IPolicyValidationPlugin][] = [
    ['AwsSolutions', () => new AwsSolutionsChecks(app, { verbose: true })],
    ['HIPAA.Security', () => new HIPAASecurityChecks(app, { verbose: true })],
    ['NIST.800.53.R5', () => new NIST80053R5Checks(app, { verbose: true })],
    ['PCI.DSS.321', () => new PCIDSS321Checks(app, { verbose: true })],
    ['cdk-validator-cfnguard', () => new CfnGuardValidator({ maxBuffer: 64 * 1024 * 1024 })],
  ];
  const plugins = stock.filter(([name]) => !without.has(name)).map(([, make]) => make());
  if (plugins.length > 0) Validations.of(app).addPlugins(...plugins);
  if (!without.has('ProductionReadiness')) {
    const names = Object.keys(configs);
    stages.forEach((stage, i) => {
      Validations.of(stage).addPlugins(
        new ProductionReadinessChecks(stage, stagePolicy(configs[names[i]!]!), { within: stage }),
      );
    });
  }
  try {
    app.synth();
  } catch {
    // The gate refusing findings still did all the work being measured.
  }
}

if (values.worker) {
  const spent = timePlugins();
  const t = Date.now();
  if (values.worker === 'audit')
    auditApp({ environments, root, outdir: mkdtempSync(join(tmpdir(), 'shipshape-bench-audit-')) });
  else synthWithout(new Set(values.without ? values.without.split(',') : []));
  process.stdout.write(`${JSON.stringify({ wallMs: Date.now() - t, plugins: Object.fromEntries(spent) })}\n`);
  process.exit(0);
}

interface Sample {
  readonly wallMs: number;
  readonly plugins: Record<string, number>;
}

function run(label: string, args: string[]): Sample {
  process.stderr.write(`bench: ${label}…\n`);
  const result = spawnSync(join(root, 'node_modules/.bin/tsx'), [__filename, ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const line = result.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .at(-1);
  if (result.status !== 0 || !line) throw new Error(`${label} failed:\n${result.stderr.slice(-2000)}`);
  return JSON.parse(line) as Sample;
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)} %`;
const all = run('synth, every check', ['--worker', 'synth']);
const audit = run('audit', ['--worker', 'audit']);
const none = run('synth, no engine', ['--worker', 'synth', '--without', ENGINES.join(',')]);
const off = new Map<Engine, Sample>();
if (!values.quick)
  for (const e of ENGINES) off.set(e, run(`synth without ${e}`, ['--worker', 'synth', '--without', e]));

console.log(
  `Shipshape audit benchmark, ${cpus().length} cores (1 run each, in-process synth of every stage)\n`,
);
console.log('| what | wall | ratio | target |');
console.log('| --- | --- | --- | --- |');
console.log(`| synth, no engine | ${s(none.wallMs)} | ${(none.wallMs / all.wallMs).toFixed(2)}x | |`);
console.log(`| synth, every check (what \`cdk synth\` runs) | ${s(all.wallMs)} | 1.00x | |`);
console.log(
  `| audit (synth every check + join + 4 reports) | ${s(audit.wallMs)} | ${(audit.wallMs / all.wallMs).toFixed(2)}x | <= 1.2x |`,
);
console.log(
  '\n| engine | validate() in the every-check synth | share of no-engine synth | synth without it | saved by switching it off | target |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
for (const e of ENGINES) {
  const inPlace = all.plugins[e] ?? 0;
  const without = off.get(e);
  const target = e === 'ProductionReadiness' ? '<= 30 % of the synth' : '';
  console.log(
    `| ${e} | ${s(inPlace)} | ${pct(inPlace, none.wallMs)} | ${without ? s(without.wallMs) : '—'} | ${without ? s(all.wallMs - without.wallMs) : '—'} | ${target} |`,
  );
}
const pr = all.plugins['ProductionReadiness'] ?? 0;
console.log(
  `\nProductionReadiness adds ${pct(pr, none.wallMs)} to the synth without engines (${s(pr)} of ${s(none.wallMs)}); every engine together adds ${pct(all.wallMs - none.wallMs, none.wallMs)}.`,
);
console.log(
  `Audit / plain synth with every check: ${(audit.wallMs / all.wallMs).toFixed(2)}x (target <= 1.2x).`,
);
