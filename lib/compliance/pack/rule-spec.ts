import type { CfnResource } from 'aws-cdk-lib';
import { type IApplyRule, NagMessageLevel } from 'cdk-nag';
import type { ChecklistId } from '../checklist';
import type { CompliancePolicy } from '../profile';
import * as rules from '../rules';
import type { ProductionReadinessRule } from '../rules/utils/rule';

/** The pack's name: the prefix of every rule id and the plugin name in the validation report. */
export const PACK_NAME = 'ProductionReadiness';

/** One rule of the pack: its messages, its checklist ids and the function that judges a resource. */
export interface ProductionReadinessRuleSpec {
  /** Rule function name and id suffix (file name under `lib/compliance/rules/<area>/`). */
  readonly ruleName: string;
  /** Id in findings and in `Validations.of(x).acknowledge({ id })`: `ProductionReadiness-<ruleName>`. */
  readonly ruleId: string;
  /**
   * Checklist items the rule enforces. This is the only place that maps a rule of ours to checklist
   * ids: the register derives each id's synth-time realization from it, and findings carry them.
   */
  readonly checklistIds: readonly ChecklistId[];
  /**
   * `true`: error under the `production` profile, warning under `non-production` (a relaxation the
   * environment's config allows, to be acknowledged with a reason derived from that config).
   * `false`: error under every profile.
   */
  readonly productionOnly: boolean;
  /** Why the rule fired (one line, shown in the validation report). */
  readonly info: string;
  /** Why the rule exists and how to comply (shown with `verbose`). */
  readonly explanation: string;
  /** The rule function (`lib/compliance/rules/<area>/<ruleName>.ts`). */
  readonly rule: ProductionReadinessRule;
}

/** Names exported by `../rules` (one per rule file). */
export type ProductionReadinessRuleName = keyof typeof rules;

/**
 * A spec from a rule's export name. The id comes from the export name, not from `Function.name`
 * (which cdk-nag derives from `__filename` and a bundler would change); a test checks both agree.
 */
export function spec(
  ruleName: ProductionReadinessRuleName,
  input: Omit<ProductionReadinessRuleSpec, 'ruleId' | 'ruleName' | 'rule'>,
): ProductionReadinessRuleSpec {
  // biome-ignore lint/performance/noDynamicNamespaceImportAccess: the CDK app is not bundled; lookup by name keeps ids and functions paired
  const rule: ProductionReadinessRule = rules[ruleName];
  return { ruleName, ruleId: `${PACK_NAME}-${ruleName}`, rule, ...input };
}

/** A productionOnly rule warns outside production; every other finding is an error. */
export function levelFor(rule: ProductionReadinessRuleSpec, policy: CompliancePolicy): NagMessageLevel {
  return rule.productionOnly && policy.profile !== 'production'
    ? NagMessageLevel.WARN
    : NagMessageLevel.ERROR;
}

/**
 * What `NagPack.applyRule` needs to judge `node` with one rule under `policy`: the pack and the
 * one-rule test pack build it the same way, so a rule test sees exactly the finding the pack reports.
 */
export function ruleApplication(
  rule: ProductionReadinessRuleSpec,
  policy: CompliancePolicy,
  node: CfnResource,
): IApplyRule {
  return {
    ruleSuffixOverride: rule.ruleName,
    info: `${rule.info} (${rule.checklistIds.join(', ')})`,
    explanation: rule.explanation,
    level: levelFor(rule, policy),
    node,
    rule: (n: CfnResource) => rule.rule(n, policy),
  };
}
