import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { AuditResult } from '../../lib/ops/audit/model';
import { auditTemplates } from '../../lib/ops/audit/template-audit';
import { AUDIT_USAGE, auditCommand, EXIT_INCOMPLETE } from '../../lib/ops/cli/audit';
import { EXIT_USAGE } from '../../lib/ops/cli/common';
import { type CorpusExpectation, corpusVerdict, observedFindings, relevantRule } from '../support/corpus';

const ROOT = join(__dirname, '../..');
const CORPUS = join(ROOT, 'test/fixtures/foreign');

/** Every template of the corpus with its sidecar `<name>.expected.json`. */
const CASES = readdirSync(CORPUS)
  .filter((f) => /\.(ya?ml|json|template)$/.test(f) && !f.endsWith('.expected.json'))
  .sort()
  .map((file) => ({
    file,
    expected: JSON.parse(
      readFileSync(join(CORPUS, `${file.replace(/\.[^.]+$/, '')}.expected.json`), 'utf8'),
    ) as CorpusExpectation,
  }));

let result: AuditResult;
let seconds = 0;

beforeAll(() => {
  // The whole corpus in one synthesis: one Stage per template. The engines that read only the
  // template files (cfn-guard, the CloudFormation validator) add ~10 s and no expectation names
  // their rules; the command runs them (see the CLI test below and bench/foreign-corpus.ts).
  const started = Date.now();
  result = auditTemplates({
    inputs: [CORPUS],
    profile: 'production',
    root: ROOT,
    outdir: mkdtempSync(join(tmpdir(), 'shipshape-corpus-')),
    cwd: CORPUS,
    templateEngines: false,
  });
  seconds = (Date.now() - started) / 1000;
  process.stderr.write(
    `foreign corpus: ${CASES.length} templates in one synthesis, ${seconds.toFixed(1)} s\n`,
  );
});

describe('foreign template corpus: every template meets its expected findings exactly', () => {
  test('the corpus is at least 30 templates, each with its expectation', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(result.synthError).toBeUndefined();
  });

  test.each(CASES)('$file', ({ file, expected }) => {
    const observed = observedFindings(result, CORPUS, file)
      .filter((f) => relevantRule(f.rule, expected))
      .map((f) => `${f.rule} @ ${f.file === file ? '' : `${f.file}:`}${f.logicalId}`)
      .sort();
    const wanted = expected.findings
      .map((f) => `${f.rule} @ ${f.file ? `${f.file}:` : ''}${f.logicalId}`)
      .sort();
    expect(observed).toEqual(wanted);
    expect(corpusVerdict(result, file)).toBe(expected.verdict);

    const input = result.inputs?.find((i) => i.file === file);
    if (expected.unaudited) {
      expect(input!.unaudited.flatMap((u) => u.logicalIds).sort()).toEqual([...expected.unaudited].sort());
    }
    if (expected.substituted) expect(input!.substituted).toEqual(expected.substituted);
    if (expected.unresolved) expect(Object.keys(input!.unresolved).sort()).toEqual(expected.unresolved);
    if (expected.unusable) {
      expect(result.unusable!.find((u) => u.file === file)).toMatchObject(expected.unusable);
    }
  });

  test('findings name their file and line; nested findings name the nested file', () => {
    const child = result.findings.find(
      (f) => f.ruleId === 'ProductionReadiness-SecurityGroupPublicIngress' && f.stage === 'nested-parent',
    )!;
    expect(child.location).toMatchObject({ file: 'nested/child-open-sg.yaml', line: 7 });
    expect(child.constructPath).toBe('nested-parent/Template/Template/Network/Network/AdminSecurityGroup');
    const broken = result.findings.find(
      (f) => f.ruleId === 'TemplateImport-NotImported' && f.stage === 'malformed-ingress-object',
    )!;
    expect(broken.location).toMatchObject({ file: 'malformed-ingress-object.yaml', line: 3 });
    expect(broken.description).toMatch(/^BrokenSecurityGroup: not imported: .*CfnSecurityGroupProps/);
  });

  test('a cloud assembly in the directory: its CDK nested stack (an asset) is followed', () => {
    const nested = result.inputs!.find((i) => i.file === 'cdk-nested/ParentQueues.nested.template.json')!;
    expect(nested).toMatchObject({
      stage: 'cdk-nested',
      stack: 'Parent',
      nestedIn: 'QueuesNestedStackResource',
    });
    const hits = result.findings.filter(
      (f) => f.stage === 'cdk-nested' && f.ruleId === 'ProductionReadiness-ResourcePolicyNoPublicPrincipal',
    );
    expect(hits.map((f) => [f.logicalId, f.location?.file])).toEqual([
      ['JobsPolicy', 'cdk-nested/ParentQueues.nested.template.json'],
    ]);
    expect(hits[0]!.constructPath).toBe(
      'cdk-nested/Parent/Template/QueuesNestedStackResource/QueuesNestedStackResource/JobsPolicy',
    );
    expect(result.inputs!.filter((i) => i.stage === 'cdk-nested').flatMap((i) => i.unaudited)).toEqual([]);
  });

  test('the nested child is audited through its parent, not on its own', () => {
    expect(result.skipped).toEqual([
      { file: 'nested/child-open-sg.yaml', why: 'a nested-stack template, audited through its parent' },
    ]);
    expect(result.inputs!.find((i) => i.file === 'nested/child-open-sg.yaml')).toMatchObject({
      nestedIn: 'Network',
      substituted: { AdminPort: '22' },
    });
  });
});

describe('audit --template: verdicts and exit codes', () => {
  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await auditCommand(
      [...argv, '--out', mkdtempSync(join(tmpdir(), 'shipshape-corpus-cli-'))],
      { stdout: (t) => out.push(t), stderr: (t) => err.push(t), stderrIsTty: false },
      { root: ROOT, environments: {}, version: '0.1.0-test' },
    );
    return { code, stdout: out.join(''), stderr: err.join('') };
  };

  test('a syntax error is unusable input: exit 2, file, line and column, no stack trace', async () => {
    const { code, stdout } = await run(['--template', join(CORPUS, 'broken-yaml.yaml')]);
    expect(code).toBe(EXIT_USAGE);
    expect(stdout).toMatch(/UNUSABLE\n[\s\S]* {2}- unusable input: .*broken-yaml\.yaml:6:3: invalid YAML: /);
    expect(stdout).not.toMatch(/\bat \S+ \(/);
  });

  test('something not examined and nothing failing is INCOMPLETE: exit 3, saying what and why', async () => {
    const { code, stdout } = await run(['--template', join(CORPUS, 'macro-unknown.yaml')]);
    expect(code).toBe(EXIT_INCOMPLETE);
    expect(stdout).toMatch(
      /INCOMPLETE\n {2}- 1 resource\(s\) not audited in .*macro-unknown\.yaml: the template runs the macro Acme::Hardening/,
    );
  });

  test('--help documents the exit codes', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(AUDIT_USAGE).toMatch(/Exit codes: 0 PASS; 1 FAIL .*; 2 unusable input .*3 INCOMPLETE/s);
    expect(stdout).toBe(AUDIT_USAGE);
  });

  test('the corpus directory in one run: one report, every file named', () => {
    expect(result.verdict.status).toBe('unusable');
    const files = new Set(result.inputs!.map((i) => i.file));
    for (const { file, expected } of CASES) {
      if (expected.verdict !== 'unusable') expect([file, files.has(file)]).toEqual([file, true]);
    }
    expect(relative(CORPUS, join(CORPUS, 'nested'))).toBe('nested');
  });
});
