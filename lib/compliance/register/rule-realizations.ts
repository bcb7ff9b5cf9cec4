/**
 * The synth-time realizations of checklist ids, derived from the two rule tables: the pack specs
 * (our rules) and the stock-rule table (cdk-nag packs, cfn-guard). The register never lists rules.
 */
import { CHECKLIST_IDS, type ChecklistId } from '../checklist';
import { PACK_NAME } from '../pack/rule-spec';
import { PRODUCTION_READINESS_RULES } from '../pack/rule-specs';
import { STOCK_RULES_RELIED_ON } from '../pack/stock-rules';
import type { Realization, TestRef } from './types';

/** Prefix of cfn-guard rule ids (as in findings and acknowledgements). */
export const CFN_GUARD_PREFIX = 'cdk-validator-cfnguard::';

/** The test that makes every stock rule of the table fire, one fixture per rule id. */
export const STOCK_RULES_TEST = 'test/compliance/stock-rules.test.ts';

/** The rule test of one of our rules (`<Name>.rule-test.ts`, with `Noncompliance N` cases). */
export function ruleTestFile(ruleName: string): string {
  return `test/compliance/rules/${ruleName}.rule-test.ts`;
}

/** Whether a rule id names one of our rules. */
export function isPackRule(ruleId: string): boolean {
  return ruleId.startsWith(`${PACK_NAME}-`);
}

/**
 * The test that makes a rule fire: for our rules, the `Noncompliance` cases of the rule's own test;
 * for a stock rule, the stock-rules test that names its id.
 */
export function firingTest(ruleId: string): TestRef {
  return isPackRule(ruleId)
    ? { file: ruleTestFile(ruleId.slice(PACK_NAME.length + 1)), name: 'Noncompliance' }
    : { file: STOCK_RULES_TEST, name: ruleId };
}

/** Every rule id with the checklist ids it realizes: ours in report order, then the stock table's. */
export const RULE_CHECKLIST_IDS: ReadonlyMap<string, readonly ChecklistId[]> = (() => {
  const map = new Map<string, ChecklistId[]>();
  const add = (ruleId: string, ids: readonly ChecklistId[]) => {
    const known = map.get(ruleId) ?? [];
    map.set(ruleId, [...known, ...ids.filter((id) => !known.includes(id))]);
  };
  for (const rule of PRODUCTION_READINESS_RULES) add(rule.ruleId, rule.checklistIds);
  for (const group of STOCK_RULES_RELIED_ON)
    for (const ruleId of group.ruleIds) add(ruleId, group.checklistIds);
  return map;
})();

/** Rule ids that realize a checklist id (ours first, in report order, then stock, in table order). */
export function rulesRealizing(id: ChecklistId): string[] {
  return [...RULE_CHECKLIST_IDS].filter(([, ids]) => ids.includes(id)).map(([ruleId]) => ruleId);
}

/**
 * Checklist ids a finding concerns, in checklist order. A finding id may carry cdk-nag's
 * `[<resource>]` suffix (`AwsSolutions-IAM5[Resource::*]`); its rule is the id without it.
 */
export function checklistIdsOfRule(ruleId: string): ChecklistId[] {
  const ids = RULE_CHECKLIST_IDS.get(ruleId) ?? RULE_CHECKLIST_IDS.get(ruleId.replace(/\[.*\]$/, '')) ?? [];
  return CHECKLIST_IDS.filter((id) => ids.includes(id));
}

/**
 * The `rule` realization of a checklist id: every rule that realizes it, with the tests that make
 * them fire (each rule's own test, and the stock-rules test once). Undefined when no rule does.
 */
export function ruleRealization(id: ChecklistId): Realization | undefined {
  const rules = rulesRealizing(id);
  if (rules.length === 0) return undefined;
  const files = [...new Set(rules.map((r) => firingTest(r).file))];
  return { kind: 'rule', evidence: { rules, tests: files.map((file) => ({ file })) } };
}
