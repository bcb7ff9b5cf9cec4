// Template mode against app mode on the real cdk.out, every engine: audits every template of every
// stage with `--template` semantics (one synthesis) and compares each finding, by engine, rule and
// stack/logical id, with the app's own audit before acknowledgements. The jest test runs the
// construct engines only and proves the template files the same; this runs cfn-guard and the
// CloudFormation validator too.
// Run: npx cdk synth -q && npx tsx bench/template-parity.ts
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environments } from '../config';
import { auditApp } from '../lib/ops/audit/app-audit';
import { auditTemplates } from '../lib/ops/audit/template-audit';
import {
  counted,
  difference,
  findingKeys,
  PRINCIPLED_DIFFERENCES,
  STAGES,
} from '../test/support/template-parity';

const root = join(__dirname, '..');
const cdkOut = join(root, 'cdk.out');
const app = auditApp({ environments, root, outdir: cdkOut, reuse: true });
if (app.source.kind !== 'reused') console.error('note: cdk.out was stale and has been synthesized again');
const started = Date.now();
const template = auditTemplates({
  inputs: [cdkOut],
  profile: 'production',
  profileOf: (stage) => (stage === 'Prod' ? 'production' : 'non-production'),
  root,
  outdir: mkdtempSync(join(tmpdir(), 'shipshape-parity-')),
  cwd: root,
});
const seconds = (Date.now() - started) / 1000;
const { appKey, templateKey } = findingKeys(cdkOut);
let unexplained = 0;
console.log(`Template audit of cdk.out, every engine: ${seconds.toFixed(1)} s\n`);
console.log(
  '| stage | app findings (before acknowledgements) | template findings | only app | only template (explained) |',
);
console.log('| --- | --- | --- | --- | --- |');
for (const stage of STAGES) {
  const a = counted(
    [...app.findings, ...app.acknowledgedFindings].filter((f) => f.stage === stage).map(appKey),
  );
  const t = counted(
    [...template.findings, ...template.acknowledgedFindings]
      .filter((f) => f.stage === stage)
      .map(templateKey),
  );
  const explained = (k: string) => PRINCIPLED_DIFFERENCES.some((d) => d.matches.test(k));
  const onlyApp = difference(a, t);
  const onlyTemplate = difference(t, a);
  const bad = [...onlyApp, ...onlyTemplate].filter((k) => !explained(k));
  unexplained += bad.length;
  const total = (m: Map<string, number>) => [...m.values()].reduce((x, y) => x + y, 0);
  console.log(
    `| ${stage} | ${total(a)} | ${total(t)} | ${onlyApp.length} | ${onlyTemplate.length} (${onlyTemplate.filter(explained).length}) |`,
  );
  for (const k of bad) console.log(`unexplained: ${stage} ${k}`);
}
console.log(
  `\n${unexplained === 0 ? 'Parity: every difference is one of the documented ones.' : `${unexplained} unexplained difference(s).`}`,
);
process.exitCode = unexplained === 0 ? 0 : 1;
