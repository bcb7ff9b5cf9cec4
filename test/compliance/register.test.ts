import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADDED_IDS, CHECKLIST_IDS } from '../../lib/compliance/checklist';
import { PRODUCTION_READINESS_RULES } from '../../lib/compliance/pack/rule-specs';
import { STOCK_RULES_RELIED_ON } from '../../lib/compliance/pack/stock-rules';
import {
  checklistIdsOfRule,
  DECLARED,
  type EvidenceView,
  REGISTER,
  type RegisterEntry,
  registerEntry,
  registerStatus,
  repositoryView,
  rulesRealizing,
  statusOf,
} from '../../lib/compliance/register';
import { registerProblems, ruleTableProblems } from '../../lib/compliance/register/check';
import { markdownAnchors } from '../../lib/compliance/register/markdown-anchors';

const ROOT = join(__dirname, '../..');
const SHARED_CHECKLIST = join(ROOT, '../shared/checklist.md');
/** The repository, except that the listed files do not exist. */
const without = (...gone: string[]): EvidenceView => {
  const real = repositoryView(ROOT);
  return {
    ...real,
    fileExists: (path) => !gone.includes(path) && real.fileExists(path),
    testExists: (test) => !gone.includes(test.file) && real.testExists(test),
    docExists: (doc) => !gone.includes(doc.split('#')[0]!) && real.docExists(doc),
  };
};

/** A test name no file holds (built so that this file does not hold it either). */
const NOBODY = ['a test', 'nobody wrote'].join(' that ');

describe('the register covers the checklist', () => {
  test('exactly the checklist ids, once each, in checklist order', () => {
    expect(REGISTER.map((e) => e.id)).toEqual(CHECKLIST_IDS);
    expect(DECLARED.map((e) => e.id).sort()).toEqual([...CHECKLIST_IDS].sort());
    expect(new Set(CHECKLIST_IDS).size).toBe(CHECKLIST_IDS.length);
    expect(CHECKLIST_IDS).toHaveLength(22 + 6 + 8 + 2 + 10 + 5 + 6 + 9 + 5 + 3 + 3);
    expect(ADDED_IDS.every((id) => CHECKLIST_IDS.includes(id))).toBe(true);
  });

  // The repository stands alone with its copy of the ids; when the shared checklist sits next to it
  // (the team's workspace, CI with shared/), both must agree, requirement by requirement.
  const shared = existsSync(SHARED_CHECKLIST) ? readFileSync(SHARED_CHECKLIST, 'utf8') : undefined;
  (shared ? test : test.skip)('agrees with ../shared/checklist.md (ids and suggested realizations)', () => {
    const rows = [...shared!.matchAll(/^\| ([A-Z]+-\d\d) \| (.+?) \| (.+?) \|$/gm)].map((m) => ({
      id: m[1]!,
      suggested: m[3]!.split('+').map((s) => s.trim()),
    }));
    // The seed items the shared checklist has no id for are ours alone (ADDED_IDS).
    expect(rows.map((r) => r.id)).toEqual(CHECKLIST_IDS.filter((id) => !ADDED_IDS.includes(id)));
    for (const row of rows)
      expect([row.id, [...registerEntry(row.id).suggested]]).toEqual([row.id, row.suggested]);
  });

  test('every entry states its requirement', () => {
    for (const entry of REGISTER) expect([entry.id, entry.requirement.length > 10]).toEqual([entry.id, true]);
  });
});

describe('the evidence is real', () => {
  const view = repositoryView(ROOT);
  const problems = registerProblems(REGISTER, view);

  test('every file, test (and test name), document (and anchor), command and rule exists', () => {
    expect(problems).toEqual([]);
  });

  test('the rules of an id are those whose spec or stock group names it, and only those', () => {
    for (const entry of REGISTER) {
      const cited = entry.realizations.flatMap((r) => r.evidence.rules ?? []);
      const claimed = [
        ...PRODUCTION_READINESS_RULES.filter((r) => r.checklistIds.includes(entry.id)).map((r) => r.ruleId),
        ...STOCK_RULES_RELIED_ON.filter((g) => g.checklistIds.includes(entry.id)).flatMap((g) => g.ruleIds),
      ];
      expect([entry.id, [...new Set(cited)].sort()]).toEqual([entry.id, [...new Set(claimed)].sort()]);
      expect(entry.realizations.filter((r) => r.kind === 'rule').length).toBeLessThanOrEqual(1);
    }
  });

  test('the checker catches invented evidence (negative control)', () => {
    const invented: RegisterEntry = {
      id: 'SEC-01',
      requirement: 'an invented entry',
      suggested: ['rule'],
      realizations: [
        { kind: 'rule', evidence: { rules: ['ProductionReadiness-NoSuchRule', 'AwsSolutions-XYZ9'] } },
        {
          kind: 'infra',
          evidence: {
            files: ['lib/nowhere.ts'],
            tests: [{ file: 'test/compliance/register.test.ts', name: NOBODY }],
          },
        },
        { kind: 'runbook', evidence: { docs: ['docs/deploy.md#no-such-heading', 'docs/nowhere.md'] } },
        { kind: 'tool', evidence: { commands: ['npm run no-such-script'] } },
      ],
    };
    const caught = registerProblems([invented], view).filter((p) => p.startsWith('SEC-01:'));
    expect(caught).toEqual(
      expect.arrayContaining([
        'SEC-01: ProductionReadiness-NoSuchRule is not a rule of PRODUCTION_READINESS_RULES',
        'SEC-01: AwsSolutions-XYZ9 is not in STOCK_RULES_RELIED_ON',
        'SEC-01: file lib/nowhere.ts does not exist',
        `SEC-01: no test named like "${NOBODY}" in test/compliance/register.test.ts`,
        'SEC-01: no heading #no-such-heading in docs/deploy.md',
        'SEC-01: document docs/nowhere.md does not exist',
        'SEC-01: command "npm run no-such-script": no npm script "no-such-script" and no such shipshape subcommand',
      ]),
    );
  });

  test('a rule of either table without a test that makes it fire is caught (negative control)', () => {
    expect(ruleTableProblems(view)).toEqual([]);
    expect(ruleTableProblems(without('test/compliance/stock-rules.test.ts'))).toContain(
      'AwsSolutions-RDS2 has no test that makes it fire (test/compliance/stock-rules.test.ts)',
    );
    expect(ruleTableProblems(without('test/compliance/rules/NoRawOverrides.rule-test.ts'))).toEqual([
      'ProductionReadiness-NoRawOverrides has no test that makes it fire (test/compliance/rules/NoRawOverrides.rule-test.ts)',
    ]);
  });

  test('an id marked rule without a rule, or realized weaker than suggested without a word, is caught', () => {
    const weak: RegisterEntry = {
      id: 'SEC-02',
      requirement: 'rule suggested, runbook given',
      suggested: ['rule', 'infra'],
      realizations: [
        { kind: 'rule', evidence: { files: ['package.json'] } },
        { kind: 'runbook', evidence: { docs: ['docs/deploy.md'] } },
      ],
    };
    expect(registerProblems([weak], view)).toEqual(
      expect.arrayContaining(['SEC-02: a rule realization names no rule']),
    );
    const weaker: RegisterEntry = { ...weak, realizations: [weak.realizations[1]!] };
    expect(registerProblems([weaker], view)).toEqual(
      expect.arrayContaining([
        'SEC-02: realized weaker than suggested (rule + infra) without missing or weakerBecause',
      ]),
    );
  });
});

describe('statuses are computed from the evidence', () => {
  test('the strongest realization whose evidence holds decides', () => {
    expect(registerStatus(registerEntry('SEC-01'))).toBe('enforced');
    expect(registerStatus(registerEntry('DB-03'))).toBe('built');
    expect(registerStatus(registerEntry('TEST-07'))).toBe('tool');
    expect(registerStatus(registerEntry('DOC-02'))).toBe('runbook');
  });

  test('a rule realizes an id only while a test makes it fire', () => {
    const entry = registerEntry('SEC-08');
    expect(rulesRealizing('SEC-08')).toEqual(['ProductionReadiness-HttpListenerRedirectOnly']);
    expect(statusOf(entry, repositoryView(ROOT))).toBe('enforced');
    const gone = 'test/compliance/rules/HttpListenerRedirectOnly.rule-test.ts';
    expect(statusOf(entry, without(gone))).toBe('built');
  });

  test('a realization whose evidence is gone no longer counts; with none left, the id is missing', () => {
    const entry = registerEntry('DOC-02');
    expect(statusOf(entry, without('test/ops/docs.test.ts'))).toBe('missing');
    expect(statusOf(entry, without('docs/deploy.md'))).toBe('missing');
  });

  test('a gap named by the area file wins over the evidence', () => {
    const built = registerEntry('DB-03');
    expect(registerStatus({ ...built, missing: 'a part not built yet' })).toBe('missing');
    expect(registerStatus({ ...built, realizations: [] })).toBe('missing');
  });

  test('every id marked missing says what is missing, and only those are missing', () => {
    for (const entry of REGISTER) {
      const missing = registerStatus(entry) === 'missing';
      expect([entry.id, missing]).toEqual([entry.id, entry.missing !== undefined]);
      if (missing) expect(entry.missing!.length).toBeGreaterThan(20);
    }
  });

  test('findings join back to checklist ids through the rule tables', () => {
    expect(checklistIdsOfRule('ProductionReadiness-ContainerNonRootUser')).toEqual(['SEC-18']);
    expect(checklistIdsOfRule('AwsSolutions-RDS2')).toEqual(['SEC-20', 'DB-01']);
    expect(checklistIdsOfRule('AwsSolutions-IAM4[Policy::x]')).toEqual([]);
  });
});

describe('markdownAnchors', () => {
  test("GitHub's slugs: punctuation dropped, code fences ignored, duplicates numbered", () => {
    const anchors = markdownAnchors(
      "# Rotate now (and the incident procedure)\n## The app won't start\n```bash\n# not a heading\n```\n## Weekly\n## Weekly\n",
    );
    expect([...anchors]).toEqual([
      'rotate-now-and-the-incident-procedure',
      'the-app-wont-start',
      'weekly',
      'weekly-1',
    ]);
  });
});
