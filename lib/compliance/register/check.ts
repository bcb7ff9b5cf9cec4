/**
 * Every problem of the register against a repository: evidence that does not exist, realizations
 * that cannot hold, rules of the tables without a test that makes them fire, and items realized
 * weaker than suggested without a word. Empty when the register is honest.
 */
import { isChecklistId } from '../checklist';
import { PRODUCTION_READINESS_RULES } from '../pack/rule-specs';
import { STOCK_RULES_RELIED_ON } from '../pack/stock-rules';
import { type EvidenceView, scriptOf } from './repository';
import { CFN_GUARD_PREFIX, firingTest, isPackRule, RULE_CHECKLIST_IDS } from './rule-realizations';
import { KIND_ORDER, type Realization, type RegisterEntry } from './types';

/** Problems of one rule id cited by an entry's rule realization. */
function ruleProblems(rule: string, entry: RegisterEntry): string[] {
  const ids = RULE_CHECKLIST_IDS.get(rule);
  if (!ids) {
    return [
      isPackRule(rule)
        ? `${rule} is not a rule of PRODUCTION_READINESS_RULES`
        : `${rule} is not in STOCK_RULES_RELIED_ON`,
    ];
  }
  return ids.includes(entry.id) ? [] : [`${rule} does not list ${entry.id} among its checklist ids`];
}

/** Problems of one realization: the shape its kind needs, and every cited thing exists. */
function realizationProblems(r: Realization, entry: RegisterEntry, view: EvidenceView): string[] {
  const e = r.evidence;
  const out: string[] = [];
  const count =
    (e.rules?.length ?? 0) +
    (e.files?.length ?? 0) +
    (e.tests?.length ?? 0) +
    (e.commands?.length ?? 0) +
    (e.docs?.length ?? 0);
  if (count === 0) out.push(`${r.kind} realization has no evidence`);
  if (r.kind === 'rule' && (e.rules?.length ?? 0) === 0) out.push('a rule realization names no rule');
  if (r.kind !== 'rule' && (e.rules?.length ?? 0) > 0)
    out.push(`rules belong to the rule realization, not ${r.kind}`);
  if (r.kind === 'infra' && (e.tests?.length ?? 0) === 0)
    out.push('an infra realization needs a test that proves it');
  if (r.kind === 'runbook' && (e.docs?.length ?? 0) === 0) out.push('a runbook realization needs a document');
  for (const rule of e.rules ?? []) out.push(...ruleProblems(rule, entry));
  for (const file of e.files ?? []) if (!view.fileExists(file)) out.push(`file ${file} does not exist`);
  for (const test of e.tests ?? []) {
    if (!view.testExists({ file: test.file })) out.push(`test ${test.file} does not exist`);
    else if (!view.testExists(test)) out.push(`no test named like "${test.name}" in ${test.file}`);
  }
  for (const doc of e.docs ?? []) {
    const [path, anchor] = doc.split('#') as [string, string | undefined];
    if (!view.docExists(path)) out.push(`document ${path} does not exist`);
    else if (anchor !== undefined && !view.docExists(doc)) out.push(`no heading #${anchor} in ${path}`);
  }
  for (const command of e.commands ?? []) {
    if (scriptOf(command) === undefined)
      out.push(`command "${command}" is not "npm test" or "npm run <script>"`);
    else if (!view.commandExists(command)) {
      out.push(`command "${command}": no npm script "${scriptOf(command)}" and no such shipshape subcommand`);
    }
  }
  return out;
}

/** Problems of one entry, each prefixed with its id. */
export function entryProblems(entry: RegisterEntry, view: EvidenceView): string[] {
  const out: string[] = [];
  if (entry.realizations.length === 0 && entry.missing === undefined)
    out.push('no realization and not marked missing');
  for (const r of entry.realizations) out.push(...realizationProblems(r, entry, view));
  const kinds = new Set(entry.realizations.map((r) => r.kind));
  const strongestSuggested = KIND_ORDER.find((k) => entry.suggested.includes(k))!;
  const strongestRealized = KIND_ORDER.find((k) => kinds.has(k));
  const weaker =
    strongestRealized === undefined ||
    KIND_ORDER.indexOf(strongestRealized) > KIND_ORDER.indexOf(strongestSuggested);
  if (weaker && entry.missing === undefined && entry.weakerBecause === undefined) {
    out.push(
      `realized weaker than suggested (${entry.suggested.join(' + ')}) without missing or weakerBecause`,
    );
  }
  return out.map((p) => `${entry.id}: ${p}`);
}

/**
 * Problems of the two rule tables: a checklist id that is not one, a rule of ours without its rule
 * test, a stock rule the stock-rules test does not make fire, a cfn-guard rule the plugin lacks.
 */
export function ruleTableProblems(view: EvidenceView): string[] {
  const out: string[] = [];
  for (const rule of PRODUCTION_READINESS_RULES) {
    for (const id of rule.checklistIds)
      if (!isChecklistId(id)) out.push(`${rule.ruleId}: ${id} is not a checklist id`);
  }
  for (const group of STOCK_RULES_RELIED_ON) {
    for (const id of group.checklistIds) {
      if (!isChecklistId(id)) out.push(`${group.ruleIds.join(', ')}: ${id} is not a checklist id`);
    }
  }
  for (const rule of RULE_CHECKLIST_IDS.keys()) {
    if (rule.startsWith(CFN_GUARD_PREFIX)) {
      if (!view.guardRuleExists(rule.slice(CFN_GUARD_PREFIX.length)))
        out.push(`${rule} is not a bundled cfn-guard rule`);
    }
    const firing = firingTest(rule);
    if (!view.testExists(firing)) out.push(`${rule} has no test that makes it fire (${firing.file})`);
  }
  return out;
}

/** Every problem of the register and of the rule tables it derives from. */
export function registerProblems(register: readonly RegisterEntry[], view: EvidenceView): string[] {
  return [...ruleTableProblems(view), ...register.flatMap((entry) => entryProblems(entry, view))];
}
