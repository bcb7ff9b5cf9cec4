import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environments } from '../../config';
import { acknowledgementsFor } from '../../lib/compliance/acknowledgements';
import { PRODUCTION_READINESS_RULES } from '../../lib/compliance/pack/rule-specs';
import { CHECKLIST_IDS } from '../../lib/compliance/checklist';
import { REGISTER, registerStatus } from '../../lib/compliance/register';
import { validateConfigs } from '../../lib/config';
import { madeByAwsCdkLib } from '../../lib/ops/audit/acknowledgements';
import { auditApp } from '../../lib/ops/audit/app-audit';
import { toSummary } from '../../lib/ops/audit/markdown';
import { ENGINE_NAMES } from '../../lib/ops/audit/model';
import { writeReports } from '../../lib/ops/audit/reports';
import { stageId } from '../../lib/stages/stage-ids';
import { readyAssembly } from '../support/assembly';
import { loadSarifSchema, sarifErrors } from './fixtures/audit/sarif-schema';

/** The run's shared cloud assembly (waits for the background synthesis). */
const ASSEMBLY_DIR = readyAssembly();

const ROOT = join(__dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'shipshape-audit-app-'));
// The real app, every stage, every engine: once for this file.
const result = auditApp({ environments, root: ROOT, outdir: ASSEMBLY_DIR, reuse: true });
const written = writeReports(result, join(work, 'reports'), { root: ROOT, version: '0.1.0-test' });
const CONFIGS = validateConfigs(environments);
const STAGES = Object.keys(CONFIGS).map(stageId);

describe('npm run audit on the app', () => {
  test("reads the run's shared cloud assembly instead of synthesizing the app again", () => {
    expect(result.source).toEqual({ kind: 'reused', outdir: ASSEMBLY_DIR });
  });

  test('synthesizes every stage under every engine, as the app does', () => {
    expect(result.synthError).toBeUndefined();
    expect(result.mode).toBe('app');
    expect(result.stages).toEqual(STAGES);
    expect(result.counts).toHaveLength(ENGINE_NAMES.length * STAGES.length);
  });

  // The whole-app compliance test: one synth of every stage under every engine serves both.
  test('no stage has an unacknowledged finding from any engine', () => {
    expect(result.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  test('every checklist id is realized: none is missing, and the audit passes', () => {
    expect(result.checklist.filter((c) => c.status === 'missing').map((c) => c.id)).toEqual([]);
    expect(result.verdict.pass).toBe(true);
  });

  test('the verdict follows the findings, the missing ids and the acknowledgements', () => {
    const missing = result.checklist.filter((c) => c.status === 'missing');
    const failing = result.findings.filter((f) => f.severity !== 'info');
    expect(result.verdict.pass).toBe(
      missing.length === 0 && failing.length === 0 && result.wide.length === 0 && result.expired.length === 0,
    );
    if (missing.length > 0) {
      expect(result.verdict.reasons).toContain(
        `${missing.length} checklist id(s) missing: ${missing.map((m) => m.id).join(', ')}`,
      );
    }
  });

  test('every checklist id is reported; declared-missing ids stay missing, with what is missing', () => {
    expect(result.checklist.map((c) => c.id)).toEqual(CHECKLIST_IDS);
    for (const entry of REGISTER) {
      const row = result.checklist.find((c) => c.id === entry.id)!;
      expect(row.declaredStatus).toBe(registerStatus(entry));
      if (entry.missing)
        expect(row).toMatchObject({ status: 'missing', missing: expect.stringContaining(entry.missing) });
      if (row.status === 'missing') expect(row.missing!.length).toBeGreaterThan(10);
    }
  });

  test('an item whose stack is not part of every stage is missing, naming the stack', () => {
    const needsService = REGISTER.filter((e) =>
      e.realizations.some((r) => r.evidence.stacks?.includes('Service')),
    );
    expect(needsService.length).toBeGreaterThan(5);
    const serviceEverywhere = STAGES.every((s) =>
      result.findings
        .concat(result.acknowledgedFindings)
        .some((f) => f.constructPath.startsWith(`${s}/Service/`)),
    );
    for (const entry of needsService) {
      const row = result.checklist.find((c) => c.id === entry.id)!;
      if (serviceEverywhere) expect(row.missing ?? '').not.toContain('Service stack');
      else
        expect(row).toMatchObject({
          status: 'missing',
          missing: expect.stringContaining('the Service stack is built and tested but not part of stage'),
        });
    }
  });

  test('cdk-nag acknowledgements are counted (the packs drop them from the report)', () => {
    const nag = result.acknowledgedFindings.filter((f) => f.engine === 'AwsSolutions');
    expect(nag.length).toBeGreaterThan(0);
    for (const f of nag) expect(f.acknowledgement!.reason.length).toBeGreaterThan(20);
    const guard = result.acknowledgedFindings.filter((f) => f.engine === 'cdk-validator-cfnguard');
    expect(guard.length).toBeGreaterThan(0);
  });

  test('every configured acknowledgement is in the tree and the report, with its reason, as source config', () => {
    for (const [env, config] of Object.entries(CONFIGS)) {
      const stage = stageId(env);
      for (const ack of acknowledgementsFor(config)) {
        const found = result.acknowledgements.find(
          (a) => a.id === ack.id && a.path === `${stage}/${ack.scope}`,
        );
        expect([ack.id, ack.scope, found?.source, found?.reason]).toEqual([
          ack.id,
          ack.scope,
          'config',
          ack.reason,
        ]);
      }
    }
    expect(result.acknowledgements.some((a) => a.source === 'construct')).toBe(true);
  });

  test('every acknowledgement the project makes silences a finding: none is stale', () => {
    // Only aws-cdk-lib's own acknowledgements may match nothing (see madeByAwsCdkLib).
    const unmatched = result.acknowledgements.filter((a) => a.matched === 0);
    expect(unmatched.filter((a) => !madeByAwsCdkLib(a))).toEqual([]);
  });

  test('no acknowledgement is stage-, stack- or app-wide beyond the listed exceptions', () => {
    expect(result.wide).toEqual([]);
  });

  test('findings carry the checklist ids and, from the stack traces, a project file:line', () => {
    const all = [
      ...result.findings,
      ...result.acknowledgedFindings.filter((f) => f.engine === 'cdk-validator-cfnguard'),
    ];
    for (const f of all.filter((x) => x.engine === 'ProductionReadiness')) {
      const spec = PRODUCTION_READINESS_RULES.find((r) => r.ruleId === f.ruleId)!;
      expect(f.checklistIds).toEqual(expect.arrayContaining([...spec.checklistIds]));
    }
    const located = all.filter((f) => f.location);
    expect(located.length).toBeGreaterThan(0);
    for (const f of located) {
      expect(f.location!.file).toMatch(/^(lib|bin|config)\//);
      expect(existsSync(join(ROOT, f.location!.file))).toBe(true);
    }
  });
});

describe('the reports', () => {
  test('four files are written', () => {
    expect(written.map((w) => w.split('/').at(-1))).toEqual([
      'compliance.md',
      'compliance.json',
      'compliance.sarif',
      'compliance.junit.xml',
    ]);
  });

  test('compliance.md: every id with its status, per engine and stage counts, every acknowledgement with its reason', () => {
    const md = readFileSync(join(work, 'reports/compliance.md'), 'utf8');
    for (const c of result.checklist)
      expect(md).toMatch(new RegExp(`\\| ${c.id} \\| (\\*\\*)?${c.status}(\\*\\*)? \\|`));
    for (const engine of ENGINE_NAMES)
      expect(md).toMatch(new RegExp(`\\| ${engine.replace(/\./g, '\\.')} \\| \\d+ / \\d+ / \\d+ \\|`));
    expect(md).toContain(`## Acknowledgements (${result.acknowledgements.length})`);
    const sample = result.acknowledgements.find((a) => a.source === 'config')!;
    expect(md).toContain(sample.reason.replace(/\|/g, '\\|'));
  });

  test('compliance.json: versioned schema, round-trips the result', () => {
    const json = JSON.parse(readFileSync(join(work, 'reports/compliance.json'), 'utf8'));
    expect(json.schemaVersion).toBe(1);
    expect(Object.keys(json)).toEqual(Object.keys(result));
    expect(json.checklist).toHaveLength(CHECKLIST_IDS.length);
  });

  test('compliance.sarif: valid SARIF 2.1.0, one result per unacknowledged finding', () => {
    const sarif = JSON.parse(readFileSync(join(work, 'reports/compliance.sarif'), 'utf8')) as {
      runs: { results: unknown[] }[];
    };
    expect(sarifErrors(sarif, loadSarifSchema())).toEqual([]);
    expect(sarif.runs[0]!.results).toHaveLength(result.findings.length);
  });

  test('compliance.junit.xml: a suite per stage, every ProductionReadiness rule a testcase in each', () => {
    const xml = readFileSync(join(work, 'reports/compliance.junit.xml'), 'utf8');
    for (const stage of STAGES) {
      const suite = new RegExp(`<testsuite name="${stage}"[\\s\\S]*?</testsuite>`).exec(xml)![0];
      for (const rule of PRODUCTION_READINESS_RULES) expect(suite).toContain(`name="${rule.ruleId}"`);
      const failures = Number(/failures="(\d+)"/.exec(suite)![1]);
      const failingRules = new Set(
        result.findings.filter((f) => f.stage === stage && f.severity !== 'info').map((f) => f.ruleId),
      );
      expect(failures).toBe(failingRules.size);
    }
  });

  test('the summary fits a screen and ends with the verdict', () => {
    const summary = toSummary(result, written);
    expect(summary.split('\n').length).toBeLessThan(40);
    expect(summary).toMatch(result.verdict.pass ? /\nPASS\n/ : /\nFAIL\n/);
    expect(summary).toContain('checklist: ');
  });
});
