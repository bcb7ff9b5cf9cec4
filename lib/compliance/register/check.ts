import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRODUCTION_READINESS_RULES } from '../pack/rule-specs';
import { STOCK_RULES_RELIED_ON } from '../pack/stock-rules';
import { KIND_ORDER, type RegisterEntry } from './types';

/** Prefix of cfn-guard rule ids in the register (as in acknowledgements). */
export const CFN_GUARD_PREFIX = 'cdk-validator-cfnguard::';

/** GitHub's heading anchors of a Markdown text (code fences skipped, duplicates numbered). */
export function markdownAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '');
  for (const match of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = match[1]!
      .replace(/`/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Rule names shipped with cdk-validator-cfnguard (the Control Tower rules it bundles). */
export function cfnGuardRuleNames(root: string): Set<string> {
  const names = new Set<string>();
  const dir = join(root, 'node_modules/@cdklabs/cdk-validator-cfnguard/rules');
  if (!existsSync(dir)) return names;
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.guard')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/^rule\s+(\w+)\s+when/gm)) names.add(m[1]!);
      }
    }
  };
  walk(dir);
  return names;
}

/** Stock (cdk-nag) rule ids the project relies on, with the checklist ids each enforces. */
export function stockRuleChecklistIds(): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const group of STOCK_RULES_RELIED_ON) {
    for (const ruleId of group.ruleIds) {
      const ids = map.get(ruleId) ?? new Set<string>();
      for (const id of group.checklistIds) ids.add(id);
      map.set(ruleId, ids);
    }
  }
  return map;
}

/** Checklist ids a ProductionReadiness rule enforces, by rule id. */
export function packRuleChecklistIds(): Map<string, Set<string>> {
  return new Map(PRODUCTION_READINESS_RULES.map((r) => [r.ruleId, new Set<string>(r.checklistIds)]));
}

/** The script a `npm run <name>` / `npm test` command needs. */
function scriptOf(command: string): string | undefined {
  if (command === 'npm test') return 'test';
  return /^npm run ([\w:-]+)$/.exec(command)?.[1];
}

/**
 * Every problem of the register's evidence against the repository at `root`: missing files, docs,
 * anchors, tests or test names, unknown commands, unknown rules, rule realizations without rules,
 * and disagreement with the rule lists of the pack. Empty when the register is honest.
 */
export function registerProblems(register: readonly RegisterEntry[], root: string): string[] {
  const problems: string[] = [];
  const scripts = (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }
  ).scripts;
  const cli = existsSync(join(root, 'bin/shipshape.ts'))
    ? readFileSync(join(root, 'bin/shipshape.ts'), 'utf8')
    : '';
  const pack = packRuleChecklistIds();
  const stock = stockRuleChecklistIds();
  const guard = cfnGuardRuleNames(root);
  const texts = new Map<string, string>();
  const read = (path: string): string | undefined => {
    if (!texts.has(path))
      texts.set(path, existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : '');
    return existsSync(join(root, path)) ? texts.get(path) : undefined;
  };

  for (const entry of register) {
    const at = (what: string) => problems.push(`${entry.id}: ${what}`);
    if (entry.realizations.length === 0 && entry.missing === undefined)
      at('no realization and not marked missing');
    for (const r of entry.realizations) {
      const e = r.evidence;
      const count =
        (e.rules?.length ?? 0) +
        (e.files?.length ?? 0) +
        (e.tests?.length ?? 0) +
        (e.commands?.length ?? 0) +
        (e.docs?.length ?? 0);
      if (count === 0) at(`${r.kind} realization has no evidence`);
      if (r.kind === 'rule' && (e.rules?.length ?? 0) === 0) at('a rule realization names no rule');
      if (r.kind !== 'rule' && (e.rules?.length ?? 0) > 0)
        at(`rules belong to the rule realization, not ${r.kind}`);
      if (r.kind === 'infra' && (e.tests?.length ?? 0) === 0)
        at('an infra realization needs a test that proves it');
      if (r.kind === 'runbook' && (e.docs?.length ?? 0) === 0) at('a runbook realization needs a document');
      for (const rule of e.rules ?? []) {
        if (rule.startsWith('ProductionReadiness-')) {
          const ids = pack.get(rule);
          if (!ids) at(`${rule} is not a rule of PRODUCTION_READINESS_RULES`);
          else if (!ids.has(entry.id)) at(`${rule} does not list ${entry.id} in its checklistIds`);
          const name = rule.slice('ProductionReadiness-'.length);
          if (!existsSync(join(root, `test/compliance/rules/${name}.rule-test.ts`))) {
            at(`${rule} has no rule test test/compliance/rules/${name}.rule-test.ts`);
          }
        } else if (rule.startsWith(CFN_GUARD_PREFIX)) {
          if (!guard.has(rule.slice(CFN_GUARD_PREFIX.length))) at(`${rule} is not a bundled cfn-guard rule`);
        } else {
          const ids = stock.get(rule);
          if (!ids) at(`${rule} is not in STOCK_RULES_RELIED_ON`);
          else if (!ids.has(entry.id)) at(`STOCK_RULES_RELIED_ON does not list ${entry.id} for ${rule}`);
        }
      }
      for (const file of e.files ?? []) if (!existsSync(join(root, file))) at(`file ${file} does not exist`);
      for (const test of e.tests ?? []) {
        const text = read(test.file);
        if (text === undefined) at(`test ${test.file} does not exist`);
        else if (test.name !== undefined && !text.includes(test.name)) {
          at(`no test named like "${test.name}" in ${test.file}`);
        }
      }
      for (const doc of e.docs ?? []) {
        const [path, anchor] = doc.split('#') as [string, string | undefined];
        const text = read(path);
        if (text === undefined) at(`document ${path} does not exist`);
        else if (anchor !== undefined && !markdownAnchors(text).has(anchor))
          at(`no heading #${anchor} in ${path}`);
      }
      for (const command of e.commands ?? []) {
        const script = scriptOf(command);
        if (script === undefined) at(`command "${command}" is not "npm test" or "npm run <script>"`);
        else if (!scripts?.[script] && !new RegExp(`^\\s*'?${script}'?: \\{`, 'm').test(cli)) {
          at(`command "${command}": no npm script "${script}" and no such shipshape subcommand`);
        }
      }
    }
    const kinds = new Set(entry.realizations.map((r) => r.kind));
    const strongestSuggested = KIND_ORDER.find((k) => entry.suggested.includes(k))!;
    const strongestRealized = KIND_ORDER.find((k) => kinds.has(k));
    const weaker =
      strongestRealized === undefined ||
      KIND_ORDER.indexOf(strongestRealized) > KIND_ORDER.indexOf(strongestSuggested);
    if (weaker && entry.missing === undefined && entry.weakerBecause === undefined) {
      at(`realized weaker than suggested (${entry.suggested.join(' + ')}) without missing or weakerBecause`);
    }
  }

  // Every pack rule and every stock rule group must be cited for each checklist id it claims.
  const cited = (id: string, rule: string) =>
    register.find((e) => e.id === id)?.realizations.some((r) => r.evidence.rules?.includes(rule)) ?? false;
  for (const rule of PRODUCTION_READINESS_RULES) {
    for (const id of rule.checklistIds) {
      if (!cited(id, rule.ruleId))
        problems.push(`${id}: ${rule.ruleId} enforces it but the register does not cite it`);
    }
  }
  for (const group of STOCK_RULES_RELIED_ON) {
    for (const id of group.checklistIds) {
      if (!group.ruleIds.some((rule) => cited(id, rule))) {
        problems.push(`${id}: none of ${group.ruleIds.join(', ')} (${group.enforces}) is cited`);
      }
    }
  }
  return problems;
}
