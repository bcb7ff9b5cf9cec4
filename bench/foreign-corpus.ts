// Foreign-template benchmark: detection over the corpus in test/fixtures/foreign (expected findings
// found / expected, false positives), the whole corpus in one synthesis with every engine, and the
// seconds per template when each template is audited on its own by the command (one process each,
// as a CI matrix job would run it).
// Run: npx tsx bench/foreign-corpus.ts [--quick] [--every N]
//   --quick skips the one-process-per-template runs; --every N times only every Nth template there
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { auditTemplates } from '../lib/ops/audit/template-audit';
import {
  type CorpusExpectation,
  corpusVerdict,
  observedFindings,
  relevantRule,
} from '../test/support/corpus';

const root = join(__dirname, '..');
const corpus = join(root, 'test/fixtures/foreign');
const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, every: { type: 'string', default: '1' } },
});

const cases = readdirSync(corpus)
  .filter((f) => /\.(ya?ml|json|template)$/.test(f) && !f.endsWith('.expected.json'))
  .sort()
  .map((file) => ({
    file,
    expected: JSON.parse(
      readFileSync(join(corpus, `${file.replace(/\.[^.]+$/, '')}.expected.json`), 'utf8'),
    ) as CorpusExpectation,
  }));

const started = Date.now();
const result = auditTemplates({
  inputs: [corpus],
  profile: 'production',
  root,
  outdir: mkdtempSync(join(tmpdir(), 'shipshape-bench-corpus-')),
  cwd: corpus,
});
const wholeSeconds = (Date.now() - started) / 1000;

let expectedCount = 0;
let found = 0;
const falsePositives: string[] = [];
const missed: string[] = [];
let verdictsRight = 0;
for (const { file, expected } of cases) {
  const key = (rule: string, logicalId: string, at?: string) =>
    `${file}: ${rule} @ ${at && at !== file ? `${at}:` : ''}${logicalId}`;
  const observed = new Set(
    observedFindings(result, corpus, file)
      .filter((f) => relevantRule(f.rule, expected))
      .map((f) => key(f.rule, f.logicalId, f.file)),
  );
  const wanted = new Set(expected.findings.map((f) => key(f.rule, f.logicalId, f.file)));
  expectedCount += wanted.size;
  for (const w of wanted) (observed.has(w) ? () => found++ : () => missed.push(w))();
  for (const o of observed) if (!wanted.has(o)) falsePositives.push(o);
  if (corpusVerdict(result, file) === expected.verdict) verdictsRight++;
}

console.log(`Foreign-template corpus: ${cases.length} templates, ${cpus().length} cores\n`);
console.log('| measure | value |');
console.log('| --- | --- |');
console.log(
  `| expected findings found | ${found} / ${expectedCount} (${((100 * found) / expectedCount).toFixed(1)} %) |`,
);
console.log(`| false positives (asserted rules) | ${falsePositives.length} |`);
console.log(`| verdicts as expected | ${verdictsRight} / ${cases.length} |`);
console.log(
  `| whole corpus, one synthesis, every engine | ${wholeSeconds.toFixed(1)} s (${(wholeSeconds / cases.length).toFixed(2)} s per template) |`,
);
for (const m of missed) console.log(`missed: ${m}`);
for (const f of falsePositives) console.log(`false positive: ${f}`);

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (!values.quick) {
  const seconds: number[] = [];
  const every = Math.max(1, Number(values.every));
  for (const { file } of cases.filter((_, i) => i % every === 0)) {
    const t = Date.now();
    spawnSync(
      join(root, 'node_modules/.bin/tsx'),
      [
        join(root, 'bin/shipshape.ts'),
        'audit',
        '--template',
        join(corpus, file),
        '--out',
        mkdtempSync(join(tmpdir(), 'shipshape-bench-one-')),
      ],
      { cwd: root, encoding: 'utf8' },
    );
    seconds.push((Date.now() - t) / 1000);
    process.stderr.write(`bench: ${file} ${seconds.at(-1)!.toFixed(1)} s\n`);
  }
  const sorted = [...seconds].sort((a, b) => a - b);
  console.log(
    `One \`npm run audit -- --template FILE\` process per template (${seconds.length} timed): median ${median(seconds).toFixed(1)} s, min ${sorted[0]!.toFixed(1)} s, max ${sorted.at(-1)!.toFixed(1)} s (process start, engine start and synthesis included).`,
  );
}
