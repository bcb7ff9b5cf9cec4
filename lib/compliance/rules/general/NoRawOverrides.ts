import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';

/**
 * No resource carries raw overrides (`addOverride`, `addPropertyOverride`,
 * `addPropertyDeletionOverride`). Rules judge a resource by its typed properties; an override is
 * written into the template after them, so it could undo a production invariant (Multi-AZ, TLS,
 * retention, ...) behind every construct-level rule. cfn-guard and the CloudFormation validator
 * still read the template; this rule makes the bypass itself a finding that needs an
 * acknowledgement naming the property and the reason. CFG-01.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnResource)) return NagRuleCompliance.NOT_APPLICABLE;
    const overrides = rawOverridesOf(node);
    return Object.keys(overrides).length === 0
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);

/**
 * The raw overrides aws-cdk-lib keeps on a resource (a private field of CfnResource;
 * test/compliance/rules/NoRawOverrides.rule-test.ts fails if an upgrade renames it).
 */
export function rawOverridesOf(node: CfnResource): Record<string, unknown> {
  const overrides = (node as unknown as { rawOverrides?: unknown }).rawOverrides;
  return overrides !== null && typeof overrides === 'object' ? (overrides as Record<string, unknown>) : {};
}
